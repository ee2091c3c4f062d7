"""A Party's section of the HTML report, verdict first: the verdict (the run's gate, with its
command-line options), status tiles (gaps by duty, not declared, not applicable, met) and the table of
gaps (rule, duty, goal, article, question); then a chart readable on a phone and in Arabic (bars drawn
in HTML, each labelled in words, no text in SVG), the counts by duty, contents by goal, and every
finding: the gaps in full, the other statuses in tables, never folded, so paper shows all of them.
In print each Party starts a page (the first on page 1) with a running header naming it and the date
of the run. Every string that comes from a profile or the catalog goes through `escaping.html_text`."""

from __future__ import annotations

from typing import Any

from ..i18n import N_, tr, trn
from ..l10n import labelled, with_count
from ..l10n import number as figure
from ..rulebook.model import DUTIES
from .escaping import css_string, html_text as esc
from .html_parts import (
    _GAP_OF_DUTY,
    COLOURS,
    _brief_table,
    _gap,
    _labels,
    _status_counts,
    _waived_table,
    anchor,
    duty_names,
    english,
    plan_lang,
    say,
    section_titles,
)
from .layout import (
    SECTIONS,
    by_goal,
    expand,
    finding_duty_label,
    gate_line,
    goal_words,
    party_heading,
    report_lang,
    sections,
    status_count,
    summary_line,
    upper_first,
)


def _parts(summary: dict[str, Any], shown: tuple[tuple[str, str, str], ...], lang: str) -> list[tuple[str, str, int, str]]:
    """(status or duty, label, count, colour) of the tiles and the chart: gaps by duty, then the other statuses."""
    parts = [(duty, upper_first(tr(lang, _GAP_OF_DUTY[duty])), summary["gaps"][duty], COLOURS[duty]) for duty in DUTIES]
    parts += [(status, title, summary[status], COLOURS[status]) for status, title, _ in shown if status != "gap"]
    return parts


def verdict(profile: dict[str, Any], header: dict[str, Any], lang: str) -> str:
    """Whether the Party's findings fail this run's gate, and the gate as the command line set it."""
    summary = profile["summary"]
    failing = summary["failing_gaps"] + summary["failing_not_declared"]
    gate = esc(gate_line(header, summary, lang))
    if failing:
        words = trn(lang, "Verdict: does not pass. {n} finding fails this run's gate ({gate}).",
                    "Verdict: does not pass. {n} findings fail this run's gate ({gate}).", failing, gate="{gate}")
        return f'<p class="verdict fails"><strong>{say(words, gate=gate)}</strong></p>'
    words = tr(lang, "Verdict: passes. No finding fails this run's gate ({gate}).")
    return f'<p class="verdict passes"><strong>{say(words, gate=gate)}</strong></p>'


def tiles(summary: dict[str, Any], shown: tuple[tuple[str, str, str], ...], party_id: str, lang: str) -> str:
    """The counts at a glance: one tile per kind of gap and per other status, each linked to its section."""
    items = []
    for key, label, count, colour in _parts(summary, shown, lang):
        target = f"{party_id}-gap" if key in DUTIES else f"{party_id}-{key}"
        items.append(
            f'<li class="tile" style="border-color:{colour}"><a href="#{target}"><span class="count">{figure(count, lang)}</span> '
            f'<span class="what">{esc(label)}</span></a></li>'
        )
    return f'<ul class="tiles">{"".join(items)}</ul>'


GAP_COLUMNS = (N_("Rule"), N_("Duty"), N_("Goal"), N_("Article"), N_("Question"))
"""The columns of the table of gaps."""


def gap_table(findings: list[dict[str, Any]], party_id: str, lang: str) -> str:
    """Every gap in one table: its rule (linked to the gap in full), duty, goal, articles, NR5 questions."""
    gaps = [finding for finding in findings if finding["status"] == "gap"]
    if not gaps:
        nothing = tr(lang, "No gap.")
        return f"<p>{esc(nothing)}</p>"
    rows = []
    for finding in gaps:
        articles = "<br>".join(f"<code>{esc(article['id'])}</code>" for article in finding["articles"])
        questions = "<br>".join(esc(question["label"]) for question in finding["nr5"])
        rows.append(
            f'<tr><th scope="row"><a href="#{anchor(party_id, finding["rule"])}">{esc(finding["title"])}</a> '
            f'<code class="rule">{esc(finding["rule"])}</code></th><td>{esc(upper_first(finding_duty_label(finding, lang)))}</td>'
            f'<td class="id"><code>{esc(finding["goal"]["id"])}</code></td><td class="id">{articles}</td><td>{questions}</td></tr>'
        )
    head = "".join(f'<th scope="col">{esc(tr(lang, label))}</th>' for label in GAP_COLUMNS)
    caption = esc(tr(lang, "Gaps: each links to the gap in full below"))
    return f'<table class="gaps"><caption class="note">{caption}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def chart(summary: dict[str, Any], shown: tuple[tuple[str, str, str], ...], lang: str) -> str:
    """A bar per kind of gap and per other status, as long as its share of the largest count (a small
    count stays visible), its label and number in words beside it: HTML, so it wraps on a phone and
    mirrors in Arabic; the bars are drawn, the figures are text."""
    said = _labels(lang)
    parts = _parts(summary, shown, lang)
    largest = max((count for _, _, count, _ in parts), default=0) or 1
    rows = []
    for _, label, count, colour in parts:
        share = 0 if not count else max(2.0, 100 * count / largest)
        rows.append(
            f'<div class="bar-row"><span class="bar-label">{esc(label)}</span>'
            f'<span class="bar-track" aria-hidden="true"><span class="bar" style="inline-size:{share:.1f}%;background:{colour}"></span></span>'
            f'<span class="n">{figure(count, lang)}</span></div>'
        )
    return f'<figure class="chart"><figcaption class="note">{said.chart_title}</figcaption>{"".join(rows)}</figure>'


def running_header(profile: dict[str, Any], party_id: str, ran: str, lang: str, first: bool = False) -> str:
    """The printed pages of this Party: a page of their own name (CSS named pages), whose running
    header names the Party and the date of the run (a CSS string: profile text made inert). The
    report's title shares the first Party's pages, so its verdict is on page 1."""
    party = profile["party"]
    # TRANSLATORS: the running header of each printed page of a Party's section: its name and code, and when the check ran
    words = tr(lang, "{name} ({code}): compliance check of {date}").format(name=party["name"], code=party["code"], date=ran)
    return (
        f"<style>{'body > header, ' if first else ''}#{party_id} {{ page: {party_id}; }} "
        f"@page {party_id} {{ @top-center {{ content: {css_string(words, lang)}; }} }}</style>"
    )


def _summary_table(findings: list[dict[str, Any]], shown: tuple[tuple[str, str, str], ...] = SECTIONS, lang: str = "en") -> str:
    said = _labels(lang)
    counts = _status_counts(findings)
    titles, duties = section_titles(lang), duty_names(lang)
    head = "".join(f'<th scope="col">{esc(titles[status])}</th>' for status, *_ in shown)
    rows = "".join(
        f'<tr><th scope="row">{esc(duties[duty])}</th>' + "".join(f'<td class="n">{figure(counts[duty][status], lang)}</td>' for status, *_ in shown) + "</tr>"
        for duty in DUTIES
    )
    totals = "".join(f'<td class="n">{figure(sum(counts[duty][status] for duty in DUTIES), lang)}</td>' for status, *_ in shown)
    return (
        f'<table class="summary"><caption class="note">{said.summary_caption}</caption>'
        f'<thead><tr><th scope="col">{said.duty}</th>{head}</tr></thead>'
        f'<tbody>{rows}<tr><th scope="row">{said.all}</th>{totals}</tr></tbody></table>'
    )


def render_profile(profile: dict[str, Any], header: dict[str, Any], number: int, ran: str = "") -> str:
    party = profile["party"]
    party_id = anchor("party", str(number), party["code"])
    findings = [expand(finding, header) for finding in profile["findings"]]
    shown = sections(header)
    en = plan_lang(header)
    lang = report_lang(header)
    said = _labels(lang)
    glance = tr(lang, "Gaps at a glance")
    out = [
        f'<section class="party" id="{party_id}" aria-labelledby="{party_id}-h">',
        running_header(profile, party_id, ran, lang, first=number == 1),
        f'<h2 id="{party_id}-h">{esc(party_heading(profile, lang))}</h2>',
        verdict(profile, header, lang),
        tiles(profile["summary"], shown, party_id, lang),
        f'<section id="{party_id}-gaps" aria-labelledby="{party_id}-gaps-h"><h3 id="{party_id}-gaps-h">{esc(glance)}</h3>',
        gap_table(findings, party_id, lang),
        "</section>",
        f'<section id="{party_id}-summary"><h3>{said.summary}</h3><p>{esc(summary_line(profile["summary"], lang=lang))}.</p>',
        chart(profile["summary"], shown, lang),
        _summary_table(findings, shown, lang),
    ]
    if profile["inconsistencies"]:
        out.append(f"<h4>{said.inconsistencies_to_review}</h4><ul>")
        out += [f"<li>{labelled('<code>' + esc(p['pointer']) + '</code>', esc(p['message'].removeprefix('inconsistent: ')), lang)}</li>" for p in profile["inconsistencies"]]
        out.append("</ul>")
    out.append("</section>")
    out.append(_toc(findings, party_id, en, lang))
    for status, title, explanation in shown:
        selected = [finding for finding in findings if finding["status"] == status]
        section_id = f"{party_id}-{status}"
        heading = f'<h3 id="{section_id}-h">{with_count(esc(title), figure(len(selected), lang), lang)}</h3><p class="note">{say(explanation)}</p>'
        out.append(f'<section id="{section_id}" aria-labelledby="{section_id}-h">{heading}')
        if status == "waived":
            out.append(_waived_table(selected, lang))
        elif status == "gap":
            for goal, grouped in by_goal(findings, status):
                goal_heading = say(tr(lang, "Goal {id}: {text}"), id=esc(goal["id"]), text=english(esc(goal_words(goal, lang)), en))
                out.append(f'<h4 id="{anchor(party_id, "gap", goal["id"])}">{goal_heading}</h4>')
                out += [_gap(finding, party_id, en, lang) for finding in grouped]
        else:
            out.append(_brief_table(findings, status, lang) if selected else f"<p>{said.none}</p>")
        out.append("</section>")
    out.append(
        f'<table class="meta"><tbody><tr><th scope="row">{said.profile_file}</th><td><code>{esc(profile["file"])}</code></td></tr>'
        f'<tr><th scope="row">sha256</th><td><code>{esc(profile["sha256"])}</code></td></tr></tbody></table>'
    )
    out.append("</section>")
    return "\n".join(out) + "\n"


def _toc(findings: list[dict[str, Any]], party_id: str, en: str = "", lang: str = "en") -> str:
    """Contents by goal: each goal with its gaps linked, and its counts of the other statuses."""
    said = _labels(lang)
    goals: dict[str, dict[str, Any]] = {}
    for finding in findings:
        entry = goals.setdefault(finding["goal"]["id"], {"goal": finding["goal"], **{status: [] for status, *_ in SECTIONS}})
        entry[finding["status"]].append(finding)
    items = []
    for goal_id, entry in goals.items():
        counts = say(tr(lang, ", ").join(status_count(status, len(entry[status]), lang) for status, *_ in SECTIONS if entry[status]))
        label = say(tr(lang, "Goal {id}"), id=esc(goal_id))
        if entry["gap"]:
            label = f'<a href="#{anchor(party_id, "gap", goal_id)}">{label}</a>'
        gaps = "".join(f'<li><a href="#{anchor(party_id, finding["rule"])}"><code>{esc(finding["rule"])}</code></a></li>' for finding in entry["gap"])
        line = say(tr(lang, "{goal}: {text}"), goal=label, text=english(esc(goal_words(entry["goal"], lang)), en))
        items.append(f'<li>{line} <span class="note">({counts})</span>' + (f"<ul>{gaps}</ul>" if gaps else "") + "</li>")
    links = {status: f'<a href="#{party_id}-{status}">{say(word)}</a>' for status, word in _section_links(lang).items()}
    return (
        f'<nav id="{party_id}-toc" aria-labelledby="{party_id}-toc-h"><h3 id="{party_id}-toc-h">{said.toc}</h3>'
        f'<ol>{"".join(items)}</ol>'
        f'<p class="note">{said.sections.format(**links)}</p></nav>'
    )


def _section_links(lang: str) -> dict[str, str]:
    """The words of the links to a Party's sections, lower case inside a sentence."""
    return {"gap": tr(lang, "gaps"), "not_declared": tr(lang, "not declared"), "not_applicable": tr(lang, "not applicable"), "met": tr(lang, "met")}

