"""HTML: the Compliance Committee's file. One self-contained page per run (inline CSS, no script,
nothing loaded from anywhere), readable in any browser and printable on A4: provenance and the
limits of the source first, then per Party a summary with a chart, a table of contents by goal,
the gaps in full, what is not declared, and what is met or not applicable folded away.

Every string that comes from a profile or the catalog goes through `escaping.html_text`."""

from __future__ import annotations

import functools
import html
import re
from datetime import datetime, timezone
from types import SimpleNamespace
from typing import Any, Callable

from ..catalog.loader import load_catalog
from ..clock import run_time
from ..catalog.nr5_i18n import LANGUAGE_NAMES, RTL_LANGUAGES
from ..i18n import N_, tr, trn
from ..catalog.present import INSTRUMENTS
from ..l10n import date, isolate_html, joined, labelled, mark, moment, with_count
from ..l10n import number as figure
from ..wording import counted
from ..rulebook.model import DUTIES
from .escaping import html_text as esc
from .layout import (
    SECTIONS,
    sections,
    HumanReporter,
    by_goal,
    expand,
    finding_basis,
    finding_duty_label,
    goal_words,
    english_mark,
    report_lang,
    shared_answer_words,
    status_count,
    upper_first,
    invalid_lines,
    party_heading,
    question_hint,
    summary_line,
    text_or_missing,
    totals_line,
    unmatched_words,
    value,
)

Clock = Callable[[], datetime]


def say(words: str, **fields: str) -> str:
    """The tool's `words` (in the report's language, from `tr`) as HTML, with `fields` (already HTML)
    put in: a translation is escaped like any text (element content: quotes may stay)."""
    escaped = html.escape(words, quote=False)
    return escaped.format(**fields) if fields else escaped

@functools.cache
def _labels(lang: str) -> SimpleNamespace:
    """The report's fixed words in `lang`, escaped for HTML (`{placeholders}` kept for str.format):
    made once per language and run."""
    words = dict(
        title=tr(lang, "Cartagena Protocol compliance check"),
        provenance=tr(lang, "Provenance"),
        limits=tr(lang, "Limits of the source"),
        summary=tr(lang, "Summary"),
        toc=tr(lang, "Contents by goal"),
        profiles_of_run=tr(lang, "Profiles of this run"),
        duty=tr(lang, "Duty"),
        all=tr(lang, "All"),
        summary_caption=tr(lang, "Findings by duty and status"),
        chart_title=tr(lang, "Findings by status and duty"),
        expired_on=tr(lang, "Waiver expired on {expires}"),
        legal_basis=tr(lang, "Legal basis: {basis} ({article})"),
        summary_note=tr(lang, "(project reference summary; {instrument})"),
        shared_answer=tr(lang, "Shared answer"),
        what_to_do=tr(lang, "What to do:"),
        recommended=tr(lang, "Recommended"),
        id=tr(lang, "Id"),
        text=tr(lang, "Text"),
        cited=tr(lang, "Cited"),
        evidence=tr(lang, "Evidence (profile field)"),
        line=tr(lang, "Line"),
        declared_value=tr(lang, "Declared value"),
        file_line=tr(lang, "{file}, line {line}"),
        none=tr(lang, "None."),
        profile_file=tr(lang, "Profile file"),
        inconsistencies_to_review=tr(lang, "Inconsistencies to review"),
        sections=tr(lang, "Sections: {gap}, {not_declared}, {not_applicable}, {met}."),
        taken_from=tr(lang, "The plan text is taken from: {source}."),
        lacks_caption=tr(lang, "What the rules of this run would cite but the source text lacks"),
        waivers=tr(lang, "Waivers"),
        language=tr(lang, "Language"),
        plan_text=tr(lang, "Plan text"),
        rules_hash=tr(lang, "{rules}, sha256 {sha256}"),
        list_at_end=tr(lang, "the list at the end"),
        run_at=tr(lang, "Run at"),
        tool=tr(lang, "Tool"),
        engine=tr(lang, "Engine"),
        rules=tr(lang, "Rules"),
        fails_on=tr(lang, "Fails on"),
        profiles_row=tr(lang, "Profiles"),
        invalid=tr(lang, "Invalid profiles (not checked)"),
        unmatched=tr(lang, "Waivers that matched no gap"),
    )
    return SimpleNamespace(**{key: say(text) for key, text in words.items()})


# Colours for the chart and badges: each with a contrast ratio of at least 4.5:1 against white
# text, and every bar also labelled in words, so nothing rests on colour alone.
COLOURS = {
    "obligation": "#a4161a",
    "commitment": "#9a4a00",
    "option": "#6d4c00",
    "waived": "#00607a",
    "not_declared": "#4a4a8a",
    "not_applicable": "#5b5b5b",
    "met": "#1e6b34",
}

STYLE = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
:root { color-scheme: light; }
/* Arabic and Chinese drawn by Debian's Noto fonts (fonts-noto-core, fonts-noto-cjk) where installed */
body { font: 10.5pt/1.45 "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 190mm; padding: 8mm 6mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; border-bottom: 2px solid #1a1a1a; padding-bottom: 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #bbb; }
h4 { font-size: 10.5pt; margin: 4mm 0 1mm; }
h5 { font-size: 10.5pt; margin: 3mm 0 1mm; }
/* ids, codes and pointers read left to right in every language, isolated from the text around them */
code { font: 9pt "Noto Sans Mono", "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; direction: ltr; unicode-bidi: isolate; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; }
th, td { border: 1px solid #999; padding: 1mm 2mm; text-align: start; vertical-align: top; }
thead th { background: #e8e8e8; }
tbody th { font-weight: 600; background: #f6f6f6; }
td.n { text-align: end; font-variant-numeric: tabular-nums; }
th.id, td.id { white-space: nowrap; width: 1%; }
table.missing th { width: 32%; }
.meta th { width: 28%; }
.party { border-top: 3px solid #1a1a1a; margin-top: 10mm; }
.gap { border-inline-start: 4px solid #a4161a; padding-block: 1mm; padding-inline: 4mm 0; margin: 3mm 0 5mm; }
.gap.commitment { border-inline-start-color: #9a4a00; }
.gap.option { border-inline-start-color: #6d4c00; }
.badge { display: inline-block; color: #fff; border-radius: 2px; padding: 0 1.5mm; font-size: 8.5pt; font-weight: 600; }
.note { color: #444; font-size: 9.5pt; }
.limits li { margin-bottom: 1mm; }
dl.links { display: grid; grid-template-columns: 36mm 1fr; gap: 1mm 4mm; margin: 1mm 0 2mm; }
dl.links dt { font-weight: 600; }
dl.links dd { margin: 0; }
.nr5 { display: block; }
/* right to left: each paragraph takes the direction of its first letter, so the tool's English
   sentences keep their punctuation where English puts it, inside a mirrored page */
[dir="rtl"] p, [dir="rtl"] td, [dir="rtl"] dd, [dir="rtl"] li, [dir="rtl"] .nr5 { unicode-bidi: plaintext; }
nav ol { margin: 1mm 0; padding-inline-start: 8mm; }
nav li { margin: 0.5mm 0; }
details { margin: 2mm 0; }
summary { cursor: pointer; font-weight: 600; }
svg { display: block; margin: 2mm 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  .party { break-before: page; border-top: none; margin-top: 0; }
  h2, h3, h4, h5 { break-after: avoid; }
  tr, .gap, dl.links, svg, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""


def anchor(*parts: str) -> str:
    """An id made of the parts, kept to letters, digits, '-' and '.' (valid in a URL fragment)."""
    return "-".join(re.sub(r"[^A-Za-z0-9.]+", "_", part) for part in parts)


def _status_counts(findings: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Findings counted by duty (rows) and status (columns)."""
    counts = {duty: {status: 0 for status, *_ in SECTIONS} for duty in DUTIES}
    for finding in findings:
        counts[finding["duty"]][finding["status"]] += 1
    return counts


_GAP_OF_DUTY = {"obligation": N_("gap: obligation"), "commitment": N_("gap: commitment"), "option": N_("gap: option")}
"""The chart's labels of the gaps of each duty."""


def _chart(summary: dict[str, Any], shown: tuple[tuple[str, str, str], ...] = SECTIONS, lang: str = "en") -> str:
    """A stacked bar of the Party's findings: gaps by duty, then (waived,) not declared, not applicable, met."""
    said = _labels(lang)
    parts = [(tr(lang, _GAP_OF_DUTY[duty]), summary["gaps"][duty], COLOURS[duty]) for duty in DUTIES]
    parts += [(title.lower(), summary[status], COLOURS[status]) for status, title, _ in shown if status != "gap"]
    total = sum(count for _, count, _ in parts) or 1
    width, x = 600.0, 0.0
    bars, legend = [], []
    for index, (label, count, colour) in enumerate(parts):
        share = width * count / total
        if count:
            bars.append(f'<rect x="{x:.2f}" y="0" width="{share:.2f}" height="22" fill="{colour}"><title>{labelled(esc(label), figure(count, lang), lang)}</title></rect>')
        x += share
        column, row = index % 3, index // 3
        legend.append(
            f'<rect x="{column * 200}" y="{32 + row * 20}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{column * 200 + 18}" y="{43 + row * 20}">{labelled(esc(label), figure(count, lang), lang)}</text>'
        )
    height = 38 + 20 * ((len(parts) + 2) // 3)  # the bar, then the legend in rows of three
    return (
        f'<svg role="img" aria-labelledby="{{id}}-chart-title" width="600" height="{height}" viewBox="0 0 600 {height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="Noto Sans, DejaVu Sans, Arial, sans-serif" font-size="12">'
        f'<title id="{{id}}-chart-title">{said.chart_title}</title>'
        f'<rect x="0" y="0" width="600" height="22" fill="#eee"/>{"".join(bars)}{"".join(legend)}</svg>'
    )


def plan_lang(header: dict[str, Any]) -> str:
    """The attribute that marks the plan's (English) text in a report in another language."""
    return ' lang="en"' if header.get("lang", "en") != "en" else ""


def section_titles(lang: str) -> dict[str, str]:
    """The status sections' headings in `lang` (the tool's own words, from the gettext catalogs)."""
    return {status: title for status, title, _ in sections({"waivers": True}, lang)}


def duty_names(lang: str) -> dict[str, str]:
    return {"obligation": tr(lang, "Obligation"), "commitment": tr(lang, "Commitment"), "option": tr(lang, "Option")}


def english(html: str, en: str) -> str:
    """Plan text inside a sentence, marked as English when the report is in another language."""
    return f"<span{en}>{html}</span>" if en else html


def bch_html(item: dict[str, Any], key: str = "text", lang: str = "en") -> str:
    """An NR5 text in HTML: the BCH's wording (already plain text) escaped, and where the language
    lacks it, the English stand-in marked as English in words and in `lang`."""
    if item.get("fallback"):
        return say(english_mark("{text}", lang), text=f'<span lang="en">{esc(item[key])}</span>')
    return esc(item[key])


def question_hint_html(question: dict[str, Any], lang: str = "en") -> str:
    """The hint, each BCH text isolated (`<bdi>`) so a right-to-left wording keeps its order in a sentence."""
    return question_hint(
        question, code=lambda c: f"<code>{esc(c)}</code>", words=lambda item, key: f"<bdi>{bch_html(item, key, lang)}</bdi>",
        ident=lambda i: f"<code>{esc(i)}</code>", lang=lang, say=say,
    )


def _item(label: str, item: dict[str, Any] | None, note: str | None = None, en: str = "", lang: str = "en") -> str:
    """A term and its plan text (marked English by `en`), or the note on what the source lacks."""
    words = text_or_missing(item, lang) if item is not None else note
    return f"<dt>{label}</dt><dd{en if item is not None else ''}>{esc(words)}</dd>"


def _gap(finding: dict[str, Any], party_id: str, en: str = "", lang: str = "en") -> str:
    said = _labels(lang)
    duty = finding["duty"]
    out = [
        f'<article class="gap {duty}" id="{anchor(party_id, finding["rule"])}">',
        f'<h5><code>{esc(finding["rule"])}</code> {esc(finding["title"])}</h5>',
        f'<p><span class="badge" style="background:{COLOURS[duty]}">{esc(upper_first(finding_duty_label(finding, lang)))}</span> {esc(finding["message"])}</p>',
    ]
    if finding.get("waiver_expired"):
        expired = f'<strong>{said.expired_on.format(expires=esc(date(finding["waiver_expired"]["expires"], lang)))}</strong>'
        sentence = say(tr(lang, "{expired}, so this is a gap again. It was: {waiver}"), expired=expired, waiver=_waiver_cell(finding["waiver_expired"], lang))
        out.append(f'<p class="expired">{sentence}</p>')
    out += [
        '<dl class="links">',
    ]
    for objective in finding["objectives"]:
        out.append(_item(say(tr(lang, "Objective {id}"), id=esc(objective["id"])), objective, en=en, lang=lang))
    if not finding["objectives"]:
        out.append(_item(say(tr(lang, "Objective")), None, finding.get("objectives_missing")))
    for indicator in finding["indicators"]:
        out.append(_item(say(tr(lang, "Indicator {id}"), id=esc(indicator["id"])), indicator, en=en, lang=lang))
    for entry, words in finding_basis(finding, lang):
        instrument = esc(tr(lang, INSTRUMENTS.get(entry.get("instrument") or "none", "")))
        article = f"<code>{esc(entry['article'])}</code>"
        out.append(
            f"<dt>{said.legal_basis.format(basis=esc(words), article=article)}</dt>"
            f"<dd{en}>{esc(entry.get('summary') or '')} <span class=\"note\">"
            f"{said.summary_note.format(instrument=instrument)}</span></dd>"
        )
    if not finding["articles"]:
        out.append(_item(say(tr(lang, "Article")), None, finding.get("articles_missing")))
    for question in finding["nr5"]:
        out.append(f"<dt>{say(tr(lang, 'NR5 {label}'), label=esc(question['label']))}</dt><dd>{bch_html(question, lang=lang)}</dd>")
    shared = shared_answer_words(finding, lang)
    if shared:
        out.append(f"<dt>{said.shared_answer}</dt><dd>{esc(upper_first(shared))}</dd>")
    out.append("</dl>")
    out.append(_evidence(finding["evidence"], lang))
    remediation = finding["remediation"]
    out.append(f"<p><strong>{said.what_to_do}</strong> {esc(remediation['advice'])}</p>")
    recommended = [(tr(lang, "Key area for capacity-building"), area) for area in remediation["key_areas"]]
    recommended += [(tr(lang, "Capacity-building activity"), activity) for activity in remediation["activities"]]
    if recommended:
        out.append(
            f'<table><thead><tr><th scope="col">{said.recommended}</th><th scope="col">{said.id}</th>'
            f'<th scope="col">{said.text}</th></tr></thead><tbody>'
        )
        out += [f'<tr><td class="id">{say(kind)}</td><th scope="row" class="id"><code>{esc(item["id"])}</code></th><td{en}>{esc(text_or_missing(item, lang))}</td></tr>' for kind, item in recommended]
        out.append("</tbody></table>")
    out.append("</article>")
    return "\n".join(out)


def _evidence(evidence: list[dict[str, Any]], lang: str = "en") -> str:
    said = _labels(lang)
    if not evidence:
        return ""
    any_cited = any(item.get("cited") for item in evidence)
    rows = []
    for item in evidence:
        cited = joined([mark("list", lang).join(f"{esc(key)} {esc(value(val))}" for key, val in entry.items()) for entry in item.get("cited", [])], lang)
        rows.append(
            f'<tr><th scope="row"><code>{esc(item["pointer"])}</code></th><td class="n">{esc(item.get("line") or "")}</td>'
            f"<td><code>{esc(value(item['value']))}</code></td>{f'<td>{cited}</td>' if any_cited else ''}</tr>"
        )
    cited_head = f'<th scope="col">{said.cited}</th>' if any_cited else ""
    return (
        f'<table class="evidence"><thead><tr><th scope="col">{said.evidence}</th>'
        f'<th scope="col" class="id">{said.line}</th><th scope="col">{said.declared_value}</th>'
        + cited_head + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _head(*labels: str) -> str:
    """A table's head row of the tool's (translated) column labels."""
    return "<thead><tr>" + "".join(f'<th scope="col">{say(label)}</th>' for label in labels) + "</tr></thead>"


def _brief_table(findings: list[dict[str, Any]], status: str, lang: str = "en") -> str:
    rows = []
    for finding in findings:
        if finding["status"] != status:
            continue
        meaning = esc(finding["message"])
        if finding.get("undeclared"):
            missing = mark("list", lang).join(f"<code>{esc(pointer)}</code>" for pointer in finding["undeclared"])
            meaning = say(tr(lang, "{meaning} Missing: {fields}"), meaning=meaning, fields=missing)
        if status == "not_declared":  # what to write: the NR5 question and its answers, in the report's language
            meaning += "".join(f'<span class="nr5">{question_hint_html(question, lang)}</span>' for question in finding["nr5"])
        rows.append(
            f'<tr><th scope="row"><code>{esc(finding["rule"])}</code></th><td>{esc(finding["goal"]["id"])}</td>'
            f"<td>{esc(finding_duty_label(finding, lang))}</td><td>{meaning}</td></tr>"
        )
    head = _head(tr(lang, "Rule"), tr(lang, "Goal"), tr(lang, "Duty"), tr(lang, "What it means"))
    return f"<table>{head}<tbody>" + "".join(rows) + "</tbody></table>"


def _waiver_cell(waiver: dict[str, Any], lang: str = "en") -> str:
    said = _labels(lang)
    approved = say(
        tr(lang, "Approved by {approved_by} on {approved_on}, in force until {expires}"),
        approved_by=esc(waiver["approved_by"]), approved_on=esc(date(waiver["approved_on"], lang)), expires=esc(date(waiver["expires"], lang)),
    )
    reason = say(tr(lang, "Reason: {reason}"), reason=esc(waiver["reason"]))
    reference = "<br>" + say(tr(lang, "Reference: {reference}"), reference=esc(waiver["reference"])) if waiver.get("reference") else ""
    where = said.file_line.format(file=f"<code>{esc(waiver['file'])}</code>", line=esc(waiver["line"]))
    return f'{approved}<br>{reason}{reference}<br><span class="note">{where}</span>'


def _waived_table(findings: list[dict[str, Any]], lang: str = "en") -> str:
    """The waived gaps, each with its waiver: who approved it, when, until when, why, and where it is written."""
    said = _labels(lang)
    if not findings:
        return f"<p>{said.none}</p>"
    rows = "".join(
        f'<tr><th scope="row"><code>{esc(finding["rule"])}</code></th><td>{esc(finding["title"])}</td>'
        f"<td>{esc(finding_duty_label(finding, lang))}</td><td>{_waiver_cell(finding['waiver'], lang)}</td></tr>"
        for finding in findings
    )
    head = _head(tr(lang, "Rule"), tr(lang, "Gap"), tr(lang, "Duty"), tr(lang, "Waiver"))
    return f"<table>{head}<tbody>{rows}</tbody></table>"


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


# the folded sections' summaries, whole per status
_SHOW: dict[str, Callable[[str, int], str]] = {
    "not_applicable": lambda lang, n: trn(lang, "Show the {n} finding(s) not applicable", "Show the {n} finding(s) not applicable", n),
    "met": lambda lang, n: trn(lang, "Show the {n} finding(s) met", "Show the {n} finding(s) met", n),
}


def render_profile(profile: dict[str, Any], header: dict[str, Any], number: int) -> str:
    party = profile["party"]
    party_id = anchor("party", str(number), party["code"])
    findings = [expand(finding, header) for finding in profile["findings"]]
    shown = sections(header)
    en = plan_lang(header)
    lang = report_lang(header)
    said = _labels(lang)
    out = [
        f'<section class="party" id="{party_id}" aria-labelledby="{party_id}-h">',
        f'<h2 id="{party_id}-h">{esc(party_heading(profile, lang))}</h2>',
        f'<table class="meta"><tbody><tr><th scope="row">{said.profile_file}</th><td><code>{esc(profile["file"])}</code></td></tr>'
        f'<tr><th scope="row">sha256</th><td><code>{esc(profile["sha256"])}</code></td></tr></tbody></table>',
        f'<section id="{party_id}-summary"><h3>{said.summary}</h3><p>{esc(summary_line(profile["summary"], lang=lang))}.</p>',
        _chart(profile["summary"], shown, lang).replace("{id}", party_id),
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
        if status == "waived":
            out.append(f'<section id="{section_id}" aria-labelledby="{section_id}-h">{heading}{_waived_table(selected, lang)}</section>')
        elif status in ("gap", "not_declared"):
            out.append(f'<section id="{section_id}" aria-labelledby="{section_id}-h">{heading}')
            if status == "gap":
                for goal, grouped in by_goal(findings, status):
                    goal_heading = say(tr(lang, "Goal {id}: {text}"), id=esc(goal["id"]), text=english(esc(goal_words(goal, lang)), en))
                    out.append(f'<h4 id="{anchor(party_id, "gap", goal["id"])}">{goal_heading}</h4>')
                    out += [_gap(finding, party_id, en, lang) for finding in grouped]
            elif selected:
                out.append(_brief_table(findings, status, lang))
            out.append("</section>")
        else:
            none = f"<p>{said.none}</p>"
            out.append(
                f'<section id="{section_id}" aria-labelledby="{section_id}-h">{heading}'
                f"<details><summary>{say(_SHOW[status](lang, len(selected)))}</summary>"
                f"{_brief_table(findings, status, lang) if selected else none}</details></section>"
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


_LACKING = {"objectives": N_("Objectives of goal {goal} ({rules} cite none)"), "articles": N_("Articles of goal {goal} ({rules} cite none)")}


def _limits(header: dict[str, Any]) -> str:
    """The plain limits of the source, in the catalog's own words: where the text comes from, its
    notes, and every item the rules of this run cite that the source lacks in whole or in part."""
    lang, en = report_lang(header), plan_lang(header)
    said = _labels(lang)
    source = load_catalog().plan.source
    out = [f"<p>{said.taken_from.format(source=english(esc(source.name), en))}</p>", '<ul class="limits">']
    out += [f"<li{en}>{esc(note)}</li>" for note in source.notes]
    out.append("</ul>")
    rows = [(f"<code>{esc(id_)}</code>", item["missing"]) for id_, item in header["plan"].items() if item.get("missing")]
    # what a goal's rules lack, said once per goal (its rules share the goal's missing objectives)
    lacking: dict[tuple[str, str, str], int] = {}
    for details in header["rules"]["details"].values():
        for name in ("objectives", "articles"):
            if details.get(f"{name}_missing"):
                key = (details["goal"], name, details[f"{name}_missing"])
                lacking[key] = lacking.get(key, 0) + 1
    for (goal, name, missing), count in lacking.items():
        rows.append((say(tr(lang, _LACKING[name]), goal=f"<code>{esc(goal)}</code>", rules=esc(counted(count, "rule", lang))), missing))
    if rows:
        out.append(
            f'<table class="missing"><caption class="note">{said.lacks_caption}</caption>'
            + _head(tr(lang, "Item"), tr(lang, "What is missing"))
            + "<tbody>"
            + "".join(f'<tr><th scope="row">{item}</th><td{en}>{esc(missing)}</td></tr>' for item, missing in rows)
            + "</tbody></table>"
        )
    return "\n".join(out)


def _waivers_row(header: dict[str, Any], lang: str = "en") -> str:
    said = _labels(lang)
    waivers = header["waivers"]
    described = say(
        tr(lang, "{file}, sha256 {sha256}: {count}, judged on {today}"),
        file=f'<code>{esc(waivers["file"])}</code>',
        sha256=f'<code>{esc(waivers["sha256"])}</code>',
        count=esc(waivers["count"]),
        today=esc(date(waivers["today"], lang)),
    )
    return f'<tr><th scope="row">{said.waivers}</th><td>{described}</td></tr>'


def _language_rows(lang: str) -> list[str]:
    """In a report in another language than English: which words are in it, and why the plan's are not."""
    said = _labels(lang)
    if lang == "en":
        return []
    language = say(
        tr(lang, "{language} ({code}): the tool's own words, and the national report's questions and answers in the BCH's own wording"),
        language=esc(LANGUAGE_NAMES[lang]),
        code=f"<code>{esc(lang)}</code>",
    )
    plan = say(
        tr(
            lang,
            "Quoted in English and marked so: only the English text of the plan is available here, and no translation of it is invented. "
            "The same holds for the project's summaries of the articles.",
        )
    )
    return [
        f'<tr><th scope="row">{said.language}</th><td>{language}</td></tr>',
        f'<tr id="plan-language"><th scope="row">{said.plan_text}</th><td>{plan}</td></tr>',
    ]


class Reporter(HumanReporter):
    def __init__(self, clock: Clock = run_time) -> None:
        super().__init__()
        self.clock = clock
        self.profiles = 0
        self.files: list[tuple[str, str]] = []

    def start(self, header: dict[str, Any]) -> str:
        super().start(header)
        moment_ = self.clock().astimezone(timezone.utc)
        engine = header["engine"]
        lang = report_lang(header)
        when = moment(moment_, lang)
        said = _labels(lang)
        direction = ' dir="rtl"' if lang in RTL_LANGUAGES else ""
        rules = said.rules_hash.format(rules=esc(counted(header["rules"]["count"], "rule", lang)), sha256=f'<code>{esc(header["rules"]["sha256"])}</code>')
        profiles = say(
            tr(lang, "each file with its sha256 at the head of its Party's section, and all of them in {list}"),
            list=f'<a href="#profiles">{said.list_at_end}</a>',
        )
        return isolate_html("\n".join(
            [
                f'<!DOCTYPE html>\n<html lang="{esc(lang)}"{direction}>\n<head>\n<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                # no request of any kind: nothing may load, not even by accident
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
                f"<title>{said.title}</title>",
                f"<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{said.title}</h1>",
                f'<section id="provenance" aria-labelledby="provenance-h"><h2 id="provenance-h">{said.provenance}</h2>',
                '<table class="meta"><tbody>',
                f'<tr><th scope="row">{said.run_at}</th><td><time datetime="{moment_.strftime("%Y-%m-%dT%H:%M:%SZ")}">{esc(when)}</time></td></tr>',
                f'<tr><th scope="row">{said.tool}</th><td>{esc(header["tool"]["name"])} {esc(header["tool"]["version"])}</td></tr>',
                f'<tr><th scope="row">{said.engine}</th><td>{esc(engine["name"])} ({esc(engine["implementation"])})</td></tr>',
                f'<tr><th scope="row">{said.rules}</th><td>{rules}</td></tr>',
                f'<tr><th scope="row">{said.fails_on}</th><td><code>--fail-on {esc(header["fail_on"])}</code></td></tr>',
                *([_waivers_row(header, lang)] if "waivers" in header else []),
                *_language_rows(lang),
                f'<tr><th scope="row">{said.profiles_row}</th><td>{profiles}</td></tr>',
                "</tbody></table>",
                f'<h3 id="limits">{said.limits}</h3>',
                _limits(header),
                "</section>\n</header>\n<main>\n",
            ]
        ), lang)

    def render(self, record: dict[str, Any]) -> Any:
        return record  # rendered by `place`: a Party's section is numbered by its place in the report

    def place(self, rendered: Any) -> str:
        return self.profile(rendered)

    def profile(self, record: dict[str, Any]) -> str:
        self.profiles += 1
        self.files.append((record["file"], record["sha256"]))
        return isolate_html(render_profile(record, self.header, self.profiles), report_lang(self.header))

    def finish(self, tail: dict[str, Any]) -> str:
        lang = report_lang(self.header)
        said = _labels(lang)
        out = ["</main>\n<footer>", f'<section id="profiles" aria-labelledby="profiles-h"><h2 id="profiles-h">{said.profiles_of_run}</h2>']
        if self.files:
            out.append("<table>" + _head(tr(lang, "Profile file"), "sha256") + "<tbody>")
            out += [f'<tr><th scope="row"><code>{esc(file)}</code></th><td><code>{esc(sha)}</code></td></tr>' for file, sha in self.files]
            out.append("</tbody></table>")
        if tail["invalid"]:
            out.append(f'<h3 id="invalid">{said.invalid}</h3><ul>')
            out += [
                f"<li>{labelled('<code>' + esc(where) + '</code>' + (' <code>' + esc(pointer) + '</code>' if pointer else ''), esc(error['message']), lang)}</li>"
                for where, pointer, error in invalid_lines(tail)
            ]
            out.append("</ul>")
        unmatched = tail.get("unmatched_waivers", [])
        if unmatched:
            out.append(f'<h3 id="unmatched-waivers">{said.unmatched}</h3><ul>')
            out += [f"<li>{esc(unmatched_words(waiver, lang))}</li>" for waiver in unmatched]
            out.append("</ul>")
        out.append(f"<p><strong>{esc(totals_line(self.header, tail, lang))}</strong></p></section>\n</footer>\n</body>\n</html>\n")
        return isolate_html("\n".join(out), lang)
