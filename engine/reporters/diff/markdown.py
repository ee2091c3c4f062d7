"""`cartagena diff --format markdown`: to file or paste into an issue or a wiki."""

from __future__ import annotations

from typing import Any

from ...diff import KIND_TITLES
from ..escaping import markdown_code, markdown_text
from ..layout import waiver_words
from . import change_words, counts_line, failing_line, party_line, problem_line, provenance_line, sides_line


def _cell(text: str) -> str:
    """Text from a profile, a report or a waivers file, inert in a line (and a table cell) of markdown."""
    return markdown_text(text)


def render(diff: dict[str, Any]) -> str:
    lines = ["# Changes between reporting cycles", "", f"{_cell(sides_line(diff))}.", "", f"{provenance_line(diff)}.", ""]
    for party in diff["parties"]:
        lines += [f"## {_cell(party_line(party))}", ""]
        if not party["goals"]:
            lines += ["No change.", ""]
        for goal in party["goals"]:
            lines += [f"### Goal {goal['goal']}: {_cell(goal['text'] or '[missing from the source text of the plan]')}", ""]
            lines += ["| Change | Rule | From -> to | Fails |", "|---|---|---|---|"]
            for change in goal["changes"]:
                words = change_words(change)
                if change.get("waiver"):
                    words += f"; waived: {waiver_words(change['waiver'])}"
                lines.append(
                    f"| {KIND_TITLES[change['kind']]} | {markdown_code(change['rule'])} {_cell(change['title'] or '')} | {_cell(words)} | {'**yes**' if change['failing'] else 'no'} |"
                )
            lines.append("")
        lines += [f"**{counts_line(party['counts'])}; {party['counts']['unchanged']} unchanged.**", ""]
    if diff["only_in_old"]:
        lines += ["## Only in OLD (not compared)", ""]
        lines += [f"- {_cell(party['name'])} ({party['code']}), as of {party['as_of']}, {markdown_code(party['file'])}" for party in diff["only_in_old"]]
        lines.append("")
    for title, items in (("Notes", diff["notes"]), ("Problems", [problem_line(problem) for problem in diff["problems"]])):
        if items:
            lines += [f"## {title}", ""] + [f"- {_cell(item)}" for item in items] + [""]
    summary = diff["summary"]
    lines += [f"**Compared {summary['parties_compared']} Part{'y' if summary['parties_compared'] == 1 else 'ies'}: {counts_line(summary)}; {failing_line(diff)}.**", ""]
    return "\n".join(lines)
