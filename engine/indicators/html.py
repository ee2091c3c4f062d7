"""`cartagena indicators --format html`: one self-contained page, a bar chart per goal drawn here
as inline SVG (no script, no chart library, no external request), the same figures in a table
below each chart. Everything from a profile or the catalog is HTML-escaped."""

from __future__ import annotations

from html import escape
from typing import Any

from .shared import by_goal, change, notes, shown_percentage

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


def _chart(goal: str, entries: list[dict[str, Any]]) -> str:
    rows = [entry for entry in entries if entry["computable"]]
    if not rows:
        return '<p class="nc">No indicator of this goal is computable from Party profiles.</p>'
    height = ROW * len(rows) + 30
    width = LABEL + BAR_WIDTH + 230
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape("Indicators of goal " + goal)}">'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = LABEL + BAR_WIDTH * tick // 100
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height - 22}" stroke="#dde" stroke-width="1"/>')
        parts.append(f'<text x="{x}" y="{height - 6}" text-anchor="middle" fill="#666">{tick}%</text>')
    for index, entry in enumerate(rows):
        y = index * ROW + 4
        value = entry["percentage"]
        length = 0 if value is None else round(BAR_WIDTH * value / 100)
        parts.append(f'<text x="0" y="{y + 15}" fill="#1b1b1b">{escape(entry["id"])}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{BAR_WIDTH}" height="{ROW - 8}" fill="#f1f4f7"/>')
        parts.append(
            f'<rect x="{LABEL}" y="{y}" width="{length}" height="{ROW - 8}" fill="#2b6a8f">'
            f'<title>{escape(entry["id"])}: {escape(shown_percentage(value))}</title></rect>'
        )
        caption = f"{shown_percentage(value)}  ({entry['numerator']}/{entry['denominator']}; not declared {entry['not_declared']})"
        parts.append(f'<text x="{LABEL + BAR_WIDTH + 8}" y="{y + 15}" fill="#1b1b1b">{escape(caption)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _cells(values: list[str], numeric_from: int) -> str:
    return "".join(f'<td class="n">{v}</td>' if i >= numeric_from else f"<td>{v}</td>" for i, v in enumerate(values))


def _table(entries: list[dict[str, Any]], compare: bool) -> str:
    head = ["Indicator", "Wording", "Among", "Percentage", "Numerator", "Denominator", "Not declared", "Excluded"]
    if compare:
        head.append("Change")
    lines = ["<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for entry in entries:
        ident, wording = escape(entry["id"]), escape(entry["wording"])
        if not entry["computable"]:
            span = len(head) - 2
            lines.append(f'<tr><td>{ident}</td><td>{wording}</td><td colspan="{span}" class="nc">not computable from Party profiles: {escape(entry["not_computable"])}</td></tr>')
            continue
        for region in [None, *entry.get("regions", [])]:
            figures = region or entry
            values = [
                ident if region is None else escape(region["region"]),
                wording if region is None else "",
                escape(entry["denominator_parties"]) if region is None else "",
                escape(shown_percentage(figures["percentage"])),
                str(figures["numerator"]), str(figures["denominator"]), str(figures["not_declared"]), str(figures["excluded"]),
            ]
            if compare:
                values.append(escape(change(entry["compare"])) if region is None else "")
            css = ' class="region"' if region is not None else ""
            lines.append(f"<tr{css}>{_cells(values, 3)}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def render(result: dict[str, Any]) -> str:
    compare = any("compare" in entry for entry in result["indicators"])
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        "<title>Indicators of the Implementation Plan across Parties</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Indicators of the Implementation Plan across Parties</h1>",
        '<ul class="notes">' + "".join(f"<li>{escape(note.strip())}</li>" for note in notes(result)) + "</ul>",
    ]
    for goal, entries in by_goal(result):
        out.append(f'<section id="{escape("goal-" + goal)}"><h2>Goal {escape(goal)}</h2>')
        out.append(_chart(goal, entries))
        out.append(_table(entries, compare))
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
