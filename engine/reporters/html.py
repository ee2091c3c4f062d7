"""HTML: the Compliance Committee's file. One self-contained page per run (inline CSS, no script,
nothing loaded from anywhere), readable in any browser and printable on A4: provenance and the
limits of the source first, then per Party a summary with a chart, a table of contents by goal,
the gaps in full, what is not declared, and what is met or not applicable folded away.

Every string that comes from a profile or the catalog goes through `escaping.html_text`."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Callable

from ..catalog.loader import load_catalog
from ..clock import run_time
from ..catalog.present import INSTRUMENTS
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
    shared_answer_words,
    upper_first,
    invalid_lines,
    party_heading,
    summary_line,
    text_or_missing,
    totals_line,
    unmatched_words,
    value,
)

Clock = Callable[[], datetime]

MISSING_GOAL = "[missing from the source text of the plan]"

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
body { font: 10.5pt/1.45 "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 190mm; padding: 8mm 6mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; border-bottom: 2px solid #1a1a1a; padding-bottom: 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #bbb; }
h4 { font-size: 10.5pt; margin: 4mm 0 1mm; }
h5 { font-size: 10.5pt; margin: 3mm 0 1mm; }
code { font: 9pt "Noto Sans Mono", "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; }
th, td { border: 1px solid #999; padding: 1mm 2mm; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
tbody th { font-weight: 600; background: #f6f6f6; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th.id, td.id { white-space: nowrap; width: 1%; }
table.missing th { width: 32%; }
.meta th { width: 28%; }
.party { border-top: 3px solid #1a1a1a; margin-top: 10mm; }
.gap { border-left: 4px solid #a4161a; padding: 1mm 0 1mm 4mm; margin: 3mm 0 5mm; }
.gap.commitment { border-left-color: #9a4a00; }
.gap.option { border-left-color: #6d4c00; }
.badge { display: inline-block; color: #fff; border-radius: 2px; padding: 0 1.5mm; font-size: 8.5pt; font-weight: 600; }
.note { color: #444; font-size: 9.5pt; }
.limits li { margin-bottom: 1mm; }
dl.links { display: grid; grid-template-columns: 36mm 1fr; gap: 1mm 4mm; margin: 1mm 0 2mm; }
dl.links dt { font-weight: 600; }
dl.links dd { margin: 0; }
nav ol { margin: 1mm 0; padding-left: 8mm; }
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


def _chart(summary: dict[str, Any], shown: tuple[tuple[str, str, str], ...] = SECTIONS) -> str:
    """A stacked bar of the Party's findings: gaps by duty, then (waived,) not declared, not applicable, met."""
    parts = [(f"gap: {duty}", summary["gaps"][duty], COLOURS[duty]) for duty in DUTIES]
    parts += [(title.lower(), summary[status], COLOURS[status]) for status, title, _ in shown if status != "gap"]
    total = sum(count for _, count, _ in parts) or 1
    width, x = 600.0, 0.0
    bars, legend = [], []
    for index, (label, count, colour) in enumerate(parts):
        share = width * count / total
        if count:
            bars.append(f'<rect x="{x:.2f}" y="0" width="{share:.2f}" height="22" fill="{colour}"><title>{esc(label)}: {count}</title></rect>')
        x += share
        column, row = index % 3, index // 3
        legend.append(
            f'<rect x="{column * 200}" y="{32 + row * 20}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{column * 200 + 18}" y="{43 + row * 20}">{esc(label)}: {count}</text>'
        )
    height = 38 + 20 * ((len(parts) + 2) // 3)  # the bar, then the legend in rows of three
    return (
        f'<svg role="img" aria-labelledby="{{id}}-chart-title" width="600" height="{height}" viewBox="0 0 600 {height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="Noto Sans, DejaVu Sans, Arial, sans-serif" font-size="12">'
        f'<title id="{{id}}-chart-title">Findings by status and duty</title>'
        f'<rect x="0" y="0" width="600" height="22" fill="#eee"/>{"".join(bars)}{"".join(legend)}</svg>'
    )


def _item(label: str, item: dict[str, Any] | None, note: str | None = None) -> str:
    words = text_or_missing(item) if item is not None else note
    return f"<dt>{label}</dt><dd>{esc(words)}</dd>"


def _gap(finding: dict[str, Any], party_id: str) -> str:
    duty = finding["duty"]
    out = [
        f'<article class="gap {duty}" id="{anchor(party_id, finding["rule"])}">',
        f'<h5><code>{esc(finding["rule"])}</code> {esc(finding["title"])}</h5>',
        f'<p><span class="badge" style="background:{COLOURS[duty]}">{esc(upper_first(finding_duty_label(finding)))}</span> {esc(finding["message"])}</p>',
    ]
    if finding.get("waiver_expired"):
        out.append(f'<p class="expired"><strong>Waiver expired on {esc(finding["waiver_expired"]["expires"])}</strong>, so this is a gap again. '
                   f'It was: {_waiver_cell(finding["waiver_expired"])}</p>')
    out += [
        '<dl class="links">',
    ]
    for objective in finding["objectives"]:
        out.append(_item(f"Objective {esc(objective['id'])}", objective))
    if not finding["objectives"]:
        out.append(_item("Objective", None, finding.get("objectives_missing")))
    for indicator in finding["indicators"]:
        out.append(_item(f"Indicator {esc(indicator['id'])}", indicator))
    for entry, words in finding_basis(finding):
        out.append(
            f"<dt>Legal basis: {esc(words)} (<code>{esc(entry['article'])}</code>)</dt>"
            f"<dd>{esc(entry.get('summary') or '')} <span class=\"note\">(project reference summary; {esc(INSTRUMENTS.get(entry.get('instrument') or 'none', ''))})</span></dd>"
        )
    if not finding["articles"]:
        out.append(_item("Article", None, finding.get("articles_missing")))
    for question in finding["nr5"]:
        out.append(f"<dt>NR5 {esc(question['label'])}</dt><dd>{esc(question['text'])}</dd>")
    shared = shared_answer_words(finding)
    if shared:
        out.append(f"<dt>Shared answer</dt><dd>{esc(upper_first(shared))}</dd>")
    out.append("</dl>")
    out.append(_evidence(finding["evidence"]))
    remediation = finding["remediation"]
    out.append(f"<p><strong>What to do:</strong> {esc(remediation['advice'])}</p>")
    recommended = [("Key area for capacity-building", area) for area in remediation["key_areas"]]
    recommended += [("Capacity-building activity", activity) for activity in remediation["activities"]]
    if recommended:
        out.append('<table><thead><tr><th scope="col">Recommended</th><th scope="col">Id</th><th scope="col">Text</th></tr></thead><tbody>')
        out += [f'<tr><td class="id">{kind}</td><th scope="row" class="id"><code>{esc(item["id"])}</code></th><td>{esc(text_or_missing(item))}</td></tr>' for kind, item in recommended]
        out.append("</tbody></table>")
    out.append("</article>")
    return "\n".join(out)


def _evidence(evidence: list[dict[str, Any]]) -> str:
    if not evidence:
        return ""
    any_cited = any(item.get("cited") for item in evidence)
    rows = []
    for item in evidence:
        cited = "; ".join(", ".join(f"{esc(key)} {esc(value(val))}" for key, val in entry.items()) for entry in item.get("cited", []))
        rows.append(
            f'<tr><th scope="row"><code>{esc(item["pointer"])}</code></th><td class="n">{esc(item.get("line") or "")}</td>'
            f"<td><code>{esc(value(item['value']))}</code></td>{f'<td>{cited}</td>' if any_cited else ''}</tr>"
        )
    return (
        '<table class="evidence"><thead><tr><th scope="col">Evidence (profile field)</th><th scope="col" class="id">Line</th>'
        '<th scope="col">Declared value</th>' + ('<th scope="col">Cited</th>' if any_cited else "") + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _brief_table(findings: list[dict[str, Any]], status: str) -> str:
    rows = []
    for finding in findings:
        if finding["status"] != status:
            continue
        meaning = esc(finding["message"])
        if finding.get("undeclared"):
            meaning += " Missing: " + ", ".join(f"<code>{esc(pointer)}</code>" for pointer in finding["undeclared"])
        rows.append(
            f'<tr><th scope="row"><code>{esc(finding["rule"])}</code></th><td>{esc(finding["goal"]["id"])}</td>'
            f"<td>{esc(finding_duty_label(finding))}</td><td>{meaning}</td></tr>"
        )
    return (
        '<table><thead><tr><th scope="col">Rule</th><th scope="col">Goal</th><th scope="col">Duty</th>'
        '<th scope="col">What it means</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
    )


def _waiver_cell(waiver: dict[str, Any]) -> str:
    reference = f"<br>Reference: {esc(waiver['reference'])}" if waiver.get("reference") else ""
    return (
        f"Approved by {esc(waiver['approved_by'])} on {esc(waiver['approved_on'])}, in force until {esc(waiver['expires'])}"
        f"<br>Reason: {esc(waiver['reason'])}{reference}<br><span class=\"note\"><code>{esc(waiver['file'])}</code>, line {esc(waiver['line'])}</span>"
    )


def _waived_table(findings: list[dict[str, Any]]) -> str:
    """The waived gaps, each with its waiver: who approved it, when, until when, why, and where it is written."""
    if not findings:
        return "<p>None.</p>"
    rows = "".join(
        f'<tr><th scope="row"><code>{esc(finding["rule"])}</code></th><td>{esc(finding["title"])}</td>'
        f"<td>{esc(finding_duty_label(finding))}</td><td>{_waiver_cell(finding['waiver'])}</td></tr>"
        for finding in findings
    )
    return (
        '<table><thead><tr><th scope="col">Rule</th><th scope="col">Gap</th><th scope="col">Duty</th>'
        f'<th scope="col">Waiver</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _summary_table(findings: list[dict[str, Any]], shown: tuple[tuple[str, str, str], ...] = SECTIONS) -> str:
    counts = _status_counts(findings)
    head = "".join(f'<th scope="col">{title}</th>' for _, title, _ in shown)
    rows = "".join(
        f'<tr><th scope="row">{esc(upper_first(duty))}</th>' + "".join(f'<td class="n">{counts[duty][status]}</td>' for status, *_ in shown) + "</tr>"
        for duty in DUTIES
    )
    totals = "".join(f'<td class="n">{sum(counts[duty][status] for duty in DUTIES)}</td>' for status, *_ in shown)
    return (
        f'<table class="summary"><caption class="note">Findings by duty and status</caption><thead><tr><th scope="col">Duty</th>{head}</tr></thead>'
        f'<tbody>{rows}<tr><th scope="row">All</th>{totals}</tr></tbody></table>'
    )


def render_profile(profile: dict[str, Any], header: dict[str, Any], number: int) -> str:
    party = profile["party"]
    party_id = anchor("party", str(number), party["code"])
    findings = [expand(finding, header) for finding in profile["findings"]]
    shown = sections(header)
    out = [
        f'<section class="party" id="{party_id}" aria-labelledby="{party_id}-h">',
        f'<h2 id="{party_id}-h">{esc(party_heading(profile))}</h2>',
        f'<table class="meta"><tbody><tr><th scope="row">Profile file</th><td><code>{esc(profile["file"])}</code></td></tr>'
        f'<tr><th scope="row">sha256</th><td><code>{esc(profile["sha256"])}</code></td></tr></tbody></table>',
        f'<section id="{party_id}-summary"><h3>Summary</h3><p>{esc(summary_line(profile["summary"]))}.</p>',
        _chart(profile["summary"], shown).replace("{id}", party_id),
        _summary_table(findings, shown),
    ]
    if profile["inconsistencies"]:
        out.append("<h4>Inconsistencies to review</h4><ul>")
        out += [f"<li><code>{esc(p['pointer'])}</code>: {esc(p['message'].removeprefix('inconsistent: '))}</li>" for p in profile["inconsistencies"]]
        out.append("</ul>")
    out.append("</section>")
    out.append(_toc(findings, party_id))
    for status, title, explanation in shown:
        selected = [finding for finding in findings if finding["status"] == status]
        section_id = f"{party_id}-{status}"
        heading = f'<h3 id="{section_id}-h">{title} ({len(selected)})</h3><p class="note">{explanation}</p>'
        if status == "waived":
            out.append(f'<section id="{section_id}" aria-labelledby="{section_id}-h">{heading}{_waived_table(selected)}</section>')
        elif status in ("gap", "not_declared"):
            out.append(f'<section id="{section_id}" aria-labelledby="{section_id}-h">{heading}')
            if status == "gap":
                for goal, grouped in by_goal(findings, status):
                    out.append(f'<h4 id="{anchor(party_id, "gap", goal["id"])}">Goal {esc(goal["id"])}: {esc(goal["text"] or MISSING_GOAL)}</h4>')
                    out += [_gap(finding, party_id) for finding in grouped]
            elif selected:
                out.append(_brief_table(findings, status))
            out.append("</section>")
        else:
            out.append(
                f'<section id="{section_id}" aria-labelledby="{section_id}-h">{heading}'
                f"<details><summary>Show the {len(selected)} finding(s) {title.lower()}</summary>"
                f"{_brief_table(findings, status) if selected else '<p>None.</p>'}</details></section>"
            )
    out.append("</section>")
    return "\n".join(out) + "\n"


def _toc(findings: list[dict[str, Any]], party_id: str) -> str:
    """Contents by goal: each goal with its gaps linked, and its counts of the other statuses."""
    goals: dict[str, dict[str, Any]] = {}
    for finding in findings:
        entry = goals.setdefault(finding["goal"]["id"], {"goal": finding["goal"], **{status: [] for status, *_ in SECTIONS}})
        entry[finding["status"]].append(finding)
    items = []
    for goal_id, entry in goals.items():
        counts = ", ".join(
            f"{len(entry[status])} {'gap' if status == 'gap' and len(entry[status]) == 1 else title.lower()}" for status, title, _ in SECTIONS if entry[status]
        )
        link = f'<a href="#{anchor(party_id, "gap", goal_id)}">' if entry["gap"] else ""
        gaps = "".join(f'<li><a href="#{anchor(party_id, finding["rule"])}"><code>{esc(finding["rule"])}</code></a></li>' for finding in entry["gap"])
        items.append(
            f"<li>{link}Goal {esc(goal_id)}{'</a>' if link else ''}: {esc(entry['goal']['text'] or MISSING_GOAL)} <span class=\"note\">({counts})</span>"
            + (f"<ul>{gaps}</ul>" if gaps else "")
            + "</li>"
        )
    return (
        f'<nav id="{party_id}-toc" aria-labelledby="{party_id}-toc-h"><h3 id="{party_id}-toc-h">Contents by goal</h3>'
        f'<ol>{"".join(items)}</ol>'
        f'<p class="note">Sections: <a href="#{party_id}-gap">gaps</a>, <a href="#{party_id}-not_declared">not declared</a>, '
        f'<a href="#{party_id}-not_applicable">not applicable</a>, <a href="#{party_id}-met">met</a>.</p></nav>'
    )


def _limits(header: dict[str, Any]) -> str:
    """The plain limits of the source, in the catalog's own words: where the text comes from, its
    notes, and every item the rules of this run cite that the source lacks in whole or in part."""
    source = load_catalog().plan.source
    out = [f"<p>The plan text is taken from: {esc(source.name)}.</p>", '<ul class="limits">']
    out += [f"<li>{esc(note)}</li>" for note in source.notes]
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
        rows.append((f"{name.capitalize()} of goal <code>{esc(goal)}</code> ({count} rule{'s' if count != 1 else ''} cite none)", missing))
    if rows:
        out.append(
            '<table class="missing"><caption class="note">What the rules of this run would cite but the source text lacks</caption>'
            '<thead><tr><th scope="col">Item</th><th scope="col">What is missing</th></tr></thead><tbody>'
            + "".join(f'<tr><th scope="row">{item}</th><td>{esc(missing)}</td></tr>' for item, missing in rows)
            + "</tbody></table>"
        )
    return "\n".join(out)


def _waivers_row(header: dict[str, Any]) -> str:
    waivers = header["waivers"]
    return (
        f'<tr><th scope="row">Waivers</th><td><code>{esc(waivers["file"])}</code>, sha256 <code>{esc(waivers["sha256"])}</code>: '
        f'{esc(waivers["count"])}, judged on {esc(waivers["today"])}</td></tr>'
    )


class Reporter(HumanReporter):
    def __init__(self, clock: Clock = run_time) -> None:
        super().__init__()
        self.clock = clock
        self.profiles = 0
        self.files: list[tuple[str, str]] = []

    def start(self, header: dict[str, Any]) -> str:
        super().start(header)
        when = self.clock().astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        engine = header["engine"]
        return "\n".join(
            [
                '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                # no request of any kind: nothing may load, not even by accident
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
                "<title>Cartagena Protocol compliance check</title>",
                f"<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>Cartagena Protocol compliance check</h1>",
                f'<section id="provenance" aria-labelledby="provenance-h"><h2 id="provenance-h">Provenance</h2>',
                '<table class="meta"><tbody>',
                f'<tr><th scope="row">Run at</th><td><time datetime="{esc(when.replace(" UTC", "Z").replace(" ", "T"))}">{esc(when)}</time></td></tr>',
                f'<tr><th scope="row">Tool</th><td>{esc(header["tool"]["name"])} {esc(header["tool"]["version"])}</td></tr>',
                f'<tr><th scope="row">Engine</th><td>{esc(engine["name"])} ({esc(engine["implementation"])})</td></tr>',
                f'<tr><th scope="row">Rules</th><td>{esc(header["rules"]["count"])} rules, sha256 <code>{esc(header["rules"]["sha256"])}</code></td></tr>',
                f'<tr><th scope="row">Fails on</th><td>{esc(header["fail_on"])}</td></tr>',
                *([_waivers_row(header)] if "waivers" in header else []),
                '<tr><th scope="row">Profiles</th><td>each file with its sha256 at the head of its Party\'s section, and '
                'all of them in <a href="#profiles">the list at the end</a></td></tr>',
                "</tbody></table>",
                '<h3 id="limits">Limits of the source</h3>',
                _limits(header),
                "</section>\n</header>\n<main>\n",
            ]
        )

    def profile(self, record: dict[str, Any]) -> str:
        self.profiles += 1
        self.files.append((record["file"], record["sha256"]))
        return render_profile(record, self.header, self.profiles)

    def finish(self, tail: dict[str, Any]) -> str:
        out = ["</main>\n<footer>", '<section id="profiles" aria-labelledby="profiles-h"><h2 id="profiles-h">Profiles of this run</h2>']
        if self.files:
            out.append('<table><thead><tr><th scope="col">Profile file</th><th scope="col">sha256</th></tr></thead><tbody>')
            out += [f'<tr><th scope="row"><code>{esc(file)}</code></th><td><code>{esc(sha)}</code></td></tr>' for file, sha in self.files]
            out.append("</tbody></table>")
        if tail["invalid"]:
            out.append('<h3 id="invalid">Invalid profiles (not checked)</h3><ul>')
            out += [
                f"<li><code>{esc(where)}</code>{' <code>' + esc(pointer) + '</code>' if pointer else ''}: {esc(error['message'])}</li>"
                for where, pointer, error in invalid_lines(tail)
            ]
            out.append("</ul>")
        unmatched = tail.get("unmatched_waivers", [])
        if unmatched:
            out.append('<h3 id="unmatched-waivers">Waivers that matched no gap</h3><ul>')
            out += [f"<li>{esc(unmatched_words(waiver))}</li>" for waiver in unmatched]
            out.append("</ul>")
        out.append(f"<p><strong>{esc(totals_line(self.header, tail))}</strong></p></section>\n</footer>\n</body>\n</html>\n")
        return "\n".join(out)
