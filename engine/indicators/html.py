"""`cartagena indicators --format html`: one self-contained page (no script, no chart library, no
external request), readable on a phone and printable on A4: a bar chart per goal drawn in HTML (each
bar labelled by its indicator's id and wording, its figures in words, numbers isolated so they keep
their order in Arabic), the same figures in a table below each chart. Everything from a profile or
the catalog is HTML-escaped."""

from __future__ import annotations

from typing import Any

from ..catalog.nr5_i18n import RTL_LANGUAGES
from ..i18n import tr
from ..l10n import isolate_html, labelled, number
from ..reporters.escaping import html_text as escape
from .markdown import columns
from .shared import by_goal, change, goal_heading, judgements, language, not_computable, notes, shown_percentage, shown_region, title

STYLE = """
@page{size:A4;margin:16mm 14mm}
:root{color-scheme:light}
body{font-family:"Noto Sans","Noto Sans Arabic","Noto Sans CJK SC",Arial,sans-serif;margin:0 auto;padding:1em;max-width:72em;color:#1b1b1b;line-height:1.4}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid #2b6a8f}
ul.notes{font-size:.9em;color:#3d3d3d}
table{border-collapse:collapse;width:100%;font-size:.88em;margin-top:.6em}
th,td{border:1px solid #8a8aa0;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eef3f7}td.n{text-align:right;white-space:nowrap}
tr.region td{color:#3d3d3d;background:#fafafa}
.nc{color:#595959;font-style:italic}
/* a bar per computable indicator, drawn in HTML: its id and wording, the bar, its figures in words */
figure.chart{margin:.8em 0}
figure.chart figcaption{font-weight:600;margin-bottom:.3em}
.bar-row{display:grid;grid-template-columns:minmax(10em,38%) minmax(6em,1fr) minmax(12em,auto);gap:.2em .8em;align-items:center;margin:.25em 0}
.bar-label{font-size:.9em;min-width:0}
.bar-label{min-width:0}.bar-label .wording{display:block;color:#3d3d3d;font-size:.85em}
.bar-track{background:#e4e9ee;height:1.1em;position:relative}
.bar{display:block;height:100%;background:#2b6a8f}
.bar-figures{font-size:.9em;white-space:nowrap}
@media (max-width:640px){.bar-row{grid-template-columns:1fr auto}.bar-track{grid-column:1/-1;grid-row:2}table{display:block;overflow-x:auto}}
@media print{body{max-width:none;padding:0}section{break-inside:auto}.bar-row,tr{break-inside:avoid}h2{break-after:avoid}table{display:table}}
"""

# right to left (Arabic): cells start on the right, and each cell and note takes the direction of its
# first letter, so the English wording keeps its punctuation where English puts it (as the check
# report does); the bars grow from the right
RTL_STYLE = """th,td{text-align:start}td.n{text-align:end}
[dir="rtl"] td,[dir="rtl"] li{unicode-bidi:plaintext}
"""


def _chart(goal: str, entries: list[dict[str, Any]], lang: str) -> str:
    rows = [entry for entry in entries if entry["computable"]]
    if not rows:
        return '<p class="nc">' + escape(tr(lang, "No indicator of this goal is computable from Party profiles.")) + "</p>"
    label = tr(lang, "Indicators of goal {goal}").format(goal=goal)
    en = ' lang="en"' if lang != "en" else ""
    parts = [f'<figure class="chart" aria-label="{escape(label)}"><figcaption>{escape(label)}</figcaption>']
    for entry in rows:
        value = entry["percentage"]
        share = 0.0 if value is None else float(value)
        # TRANSLATORS: beside a bar of a chart: the percentage, numerator/denominator and how many did not declare it
        caption = escape(tr(lang, "{percentage}  ({numerator}/{denominator}; not declared {not_declared})")).format(
            percentage=f"<bdi>{escape(shown_percentage(value, lang))}</bdi>",
            numerator=f"<bdi>{number(entry['numerator'], lang)}</bdi>", denominator=f"<bdi>{number(entry['denominator'], lang)}</bdi>",
            not_declared=f"<bdi>{number(entry['not_declared'], lang)}</bdi>",
        )
        parts.append(
            f'<div class="bar-row"><span class="bar-label"><b dir="ltr">{escape(entry["id"])}</b>'
            f'<span class="wording"{en}>{escape(entry["wording"])}</span></span>'
            f'<span class="bar-track" aria-hidden="true"><span class="bar" style="inline-size:{share:.1f}%"></span></span>'
            f'<span class="bar-figures">{caption}</span></div>'
        )
    parts.append("</figure>")
    return "".join(parts)


def _cells(values: list[str], numeric_from: int, wording_lang: str = "") -> str:
    """A row's cells: numbers from `numeric_from` on; the second cell (the wording) with `wording_lang`."""
    return "".join(
        f'<td class="n">{v}</td>' if i >= numeric_from else f"<td{wording_lang if i == 1 else ''}>{v}</td>" for i, v in enumerate(values)
    )


def _table(entries: list[dict[str, Any]], compare: bool, lang: str) -> str:
    head = columns(lang, compare)
    lines = ["<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    # the wording is the plan's text: English, marked so in a page in another language
    en = ' lang="en"' if lang != "en" else ""
    for entry in entries:
        ident, wording = escape(entry["id"]), escape(entry["wording"])
        if not entry["computable"]:
            span = len(head) - 2
            reason = escape(not_computable(lang, entry["not_computable"]))
            lines.append(f'<tr><td>{ident}</td><td{en}>{wording}</td><td colspan="{span}" class="nc">{reason}</td></tr>')
            continue
        regions = entry.get("regions", [])
        if len(regions) == 1 and all(regions[0][key] == entry[key] for key in ("numerator", "denominator", "not_declared", "excluded")):
            regions = []  # every Party in one region (or none declared): its row would repeat the total
        for region in [None, *regions]:
            figures = region or entry
            values = [
                ident if region is None else escape(shown_region(lang, region["region"])),
                wording if region is None else "",
                escape(entry["denominator_parties"]) if region is None else "",
                escape(shown_percentage(figures["percentage"], lang)),
                number(figures["numerator"], lang), number(figures["denominator"], lang), number(figures["not_declared"], lang),
                number(figures["excluded"], lang),
            ]
            if compare:
                values.append(escape(change(entry["compare"], lang)) if region is None else "")
            css = ' class="region"' if region is not None else ""
            lines.append(f"<tr{css}>{_cells(values, 3, en if region is None else '')}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def render(result: dict[str, Any]) -> str:
    lang = language(result)
    compare = any("compare" in entry for entry in result["indicators"])
    rtl = lang in RTL_LANGUAGES
    direction = ' dir="rtl"' if rtl else ""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}"{direction}><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(title(lang))}</title>",
        f"<style>{STYLE}{RTL_STYLE if rtl else ''}</style></head><body>",
        f"<header><h1>{escape(title(lang))}</h1>",
        '<ul class="notes">' + "".join(f"<li>{escape(note.strip())}</li>" for note in notes(result)) + "</ul></header><main>",
    ]
    for goal, entries in by_goal(result):
        out.append(f'<section id="{escape("goal-" + goal)}"><h2>{escape(goal_heading(lang, goal))}</h2>')
        out.append(_chart(goal, entries, lang))
        out.append(_table(entries, compare, lang))
        readings = judgements(lang, entries)
        if readings:
            out.append('<ul class="judgements">' + "".join(f"<li>{labelled(escape(ident), escape(line), lang)}</li>" for ident, line in readings) + "</ul>")
        out.append("</section>")
    out.append("</main></body></html>")
    return isolate_html("\n".join(out), lang) + "\n"
