"""`cartagena indicators --format html`: one self-contained page, a bar chart per goal drawn here
as inline SVG (no script, no chart library, no external request), the same figures in a table
below each chart. Everything from a profile or the catalog is HTML-escaped."""

from __future__ import annotations

from typing import Any

from ..catalog.nr5_i18n import RTL_LANGUAGES
from ..i18n import tr
from ..l10n import isolate_html, labelled, number, percent
from ..reporters.escaping import html_text as escape
from .markdown import columns
from .shared import by_goal, change, goal_heading, judgements, language, not_computable, notes, shown_percentage, shown_region, title

BAR_WIDTH = 480  # pixels for 100 %
ROW = 26
LABEL = 86

STYLE = """
body{font-family:"Noto Sans",Arial,sans-serif;margin:2em auto;max-width:72em;color:#1b1b1b;line-height:1.4}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid #2b6a8f}
ul.notes{font-size:.9em;color:#444}
table{border-collapse:collapse;width:100%;font-size:.88em;margin-top:.6em}
th,td{border:1px solid #ccd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eef3f7}td.n{text-align:right;white-space:nowrap}
tr.region td{color:#555;background:#fafafa}
svg text{font-family:"Noto Sans",Arial,sans-serif;font-size:13px}
.nc{color:#777;font-style:italic}
"""

# right to left (Arabic): cells start on the right, and each cell and note takes the direction of its
# first letter, so the English wording keeps its punctuation where English puts it (as the check
# report does); the charts keep their left-to-right axis
RTL_STYLE = """th,td{text-align:start}td.n{text-align:end}
[dir="rtl"] td,[dir="rtl"] li{unicode-bidi:plaintext}
"""


def _chart(goal: str, entries: list[dict[str, Any]], lang: str) -> str:
    rows = [entry for entry in entries if entry["computable"]]
    if not rows:
        return '<p class="nc">' + escape(tr(lang, "No indicator of this goal is computable from Party profiles.")) + "</p>"
    height = ROW * len(rows) + 30
    width = LABEL + BAR_WIDTH + 230
    # the axis runs left to right in every language: in a right-to-left page the labels would
    # otherwise be drawn leftwards from x, off the chart
    direction = ' direction="ltr"' if lang in RTL_LANGUAGES else ""
    label = tr(lang, "Indicators of goal {goal}").format(goal=goal)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"{direction} aria-label="{escape(label)}">'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = LABEL + BAR_WIDTH * tick // 100
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height - 22}" stroke="#dde" stroke-width="1"/>')
        tick_label = percent(tick, lang, digits=0)
        parts.append(f'<text x="{x}" y="{height - 6}" text-anchor="middle" fill="#666">{escape(tick_label)}</text>')
    for index, entry in enumerate(rows):
        y = index * ROW + 4
        value = entry["percentage"]
        length = 0 if value is None else round(BAR_WIDTH * value / 100)
        parts.append(f'<text x="0" y="{y + 15}" fill="#1b1b1b">{escape(entry["id"])}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{BAR_WIDTH}" height="{ROW - 8}" fill="#f1f4f7"/>')
        parts.append(
            f'<rect x="{LABEL}" y="{y}" width="{length}" height="{ROW - 8}" fill="#2b6a8f">'
            f'<title>{labelled(escape(entry["id"]), escape(shown_percentage(value, lang)), lang)}</title></rect>'
        )
        # TRANSLATORS: beside a bar of a chart: the percentage, numerator/denominator and how many did not declare it
        caption = tr(lang, "{percentage}  ({numerator}/{denominator}; not declared {not_declared})").format(
            percentage=shown_percentage(value, lang), numerator=number(entry["numerator"], lang), denominator=number(entry["denominator"], lang),
            not_declared=number(entry["not_declared"], lang),
        )
        parts.append(f'<text x="{LABEL + BAR_WIDTH + 8}" y="{y + 15}" fill="#1b1b1b">{escape(caption)}</text>')
    parts.append("</svg>")
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
        for region in [None, *entry.get("regions", [])]:
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
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(title(lang))}</title>",
        f"<style>{STYLE}{RTL_STYLE if rtl else ''}</style></head><body>",
        f"<h1>{escape(title(lang))}</h1>",
        '<ul class="notes">' + "".join(f"<li>{escape(note.strip())}</li>" for note in notes(result)) + "</ul>",
    ]
    for goal, entries in by_goal(result):
        out.append(f'<section id="{escape("goal-" + goal)}"><h2>{escape(goal_heading(lang, goal))}</h2>')
        out.append(_chart(goal, entries, lang))
        out.append(_table(entries, compare, lang))
        readings = judgements(lang, entries)
        if readings:
            out.append('<ul class="judgements">' + "".join(f"<li>{labelled(escape(ident), escape(line), lang)}</li>" for ident, line in readings) + "</ul>")
        out.append("</section>")
    out.append("</body></html>")
    return isolate_html("\n".join(out), lang) + "\n"
