"""`cartagena diff --format text`: for a person at a terminal."""

from __future__ import annotations

from typing import Any

from ..escaping import terminal_text
from ..layout import waiver_words
from . import KIND_TITLES_WIDTH, change_words, counts_line, failing_line, party_line, problem_line, provenance_line, sides_line
from ...diff import KIND_TITLES


def render(diff: dict[str, Any]) -> str:
    lines = ["Changes between reporting cycles", sides_line(diff), ""]
    for party in diff["parties"]:
        heading = party_line(party)
        lines += [heading, "=" * len(heading)]
        for goal in party["goals"]:
            lines.append(f"Goal {goal['goal']}: {goal['text'] or '[missing from the source text of the plan]'}")
            for change in goal["changes"]:
                fails = "  FAILS" if change["failing"] else ""
                lines.append(f"  {KIND_TITLES[change['kind']]:<{KIND_TITLES_WIDTH}} {change['rule']}: {change_words(change)}{fails}")
                if change.get("waiver"):
                    lines.append(f"  {'':<{KIND_TITLES_WIDTH}} waived: {waiver_words(change['waiver'])}")
        if not party["goals"]:
            lines.append("No change.")
        lines += [f"{counts_line(party['counts'])}; {party['counts']['unchanged']} unchanged", ""]
    for party in diff["only_in_old"]:
        lines.append(f"Only in OLD, not compared: {party['name']} ({party['code']}), as of {party['as_of']}, {party['file']}")
    lines += [f"Note: {note}" for note in diff["notes"]]
    lines += [f"Problem: {problem_line(problem)}" for problem in diff["problems"]]
    summary = diff["summary"]
    lines += [
        provenance_line(diff),
        f"Compared {summary['parties_compared']} Part{'y' if summary['parties_compared'] == 1 else 'ies'}: {counts_line(summary)}; {failing_line(diff)}",
    ]
    return "\n".join(map(terminal_text, lines)) + "\n"  # a profile's text may hold terminal escapes
