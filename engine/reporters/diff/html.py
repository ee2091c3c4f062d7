"""`cartagena diff --format html`: one self-contained page (inline CSS, no script, nothing loaded
from anywhere), every string escaped."""

from __future__ import annotations

from typing import Any

from ...diff import KIND_TITLES
from ..escaping import html_text as esc
from ..html import STYLE as CHECK_STYLE
from ..layout import waiver_words
from . import change_words, counts_line, failing_line, party_line, problem_line, provenance_line, sides_line

# the check report's style (one look for the Committee's file), with a row mark for failing changes
STYLE = CHECK_STYLE + "tr.fails td { background: #fbe9e9; }\n"


def render(diff: dict[str, Any]) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
        "<title>Changes between reporting cycles</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Changes between reporting cycles</h1>",
        f'<p>{esc(sides_line(diff))}</p><p class="note">{esc(provenance_line(diff))}</p>',
    ]
    for party in diff["parties"]:
        out.append(f"<section><h2>{esc(party_line(party))}</h2>")
        if not party["goals"]:
            out.append("<p>No change.</p>")
        for goal in party["goals"]:
            out.append(f"<h3>Goal {esc(goal['goal'])}: {esc(goal['text'] or '[missing from the source text of the plan]')}</h3>")
            out.append("<table><thead><tr><th>Change</th><th>Rule</th><th>From -&gt; to</th><th>Fails</th></tr></thead><tbody>")
            for change in goal["changes"]:
                words = esc(change_words(change))
                if change.get("waiver"):
                    words += f"<br>waived: {esc(waiver_words(change['waiver']))}"
                row = ' class="fails"' if change["failing"] else ""
                out.append(
                    f'<tr{row}><td>{esc(KIND_TITLES[change["kind"]])}</td>'
                    f"<td><code>{esc(change['rule'])}</code> {esc(change['title'] or '')}</td><td>{words}</td>"
                    f"<td>{'yes' if change['failing'] else 'no'}</td></tr>"
                )
            out.append("</tbody></table>")
        out.append(f"<p><strong>{esc(counts_line(party['counts']))}; {party['counts']['unchanged']} unchanged.</strong></p></section>")
    if diff["only_in_old"]:
        out.append("<h2>Only in OLD (not compared)</h2><ul>")
        out += [f"<li>{esc(party['name'])} ({esc(party['code'])}), as of {esc(party['as_of'])}, <code>{esc(party['file'])}</code></li>" for party in diff["only_in_old"]]
        out.append("</ul>")
    for title, items in (("Notes", diff["notes"]), ("Problems", [problem_line(problem) for problem in diff["problems"]])):
        if items:
            out.append(f"<h2>{title}</h2><ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>")
    summary = diff["summary"]
    compared = f"Compared {summary['parties_compared']} Part{'y' if summary['parties_compared'] == 1 else 'ies'}"
    out.append(f"<p><strong>{esc(compared)}: {esc(counts_line(summary))}; {esc(failing_line(diff))}.</strong></p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
