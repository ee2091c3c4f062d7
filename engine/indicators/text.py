"""`cartagena indicators --format text`: the figures for reading in a terminal."""

from __future__ import annotations

from typing import Any

from ..catalog.present import wrap
from .shared import by_goal, change, figure, notes


def render(result: dict[str, Any]) -> str:
    lines = ["Indicators of the Implementation Plan across Parties", ""]
    for note in notes(result):
        lines += wrap(note) if not note.startswith("  ") else [note]
    for goal, entries in by_goal(result):
        lines += ["", f"Goal {goal}"]
        for entry in entries:
            label = f"  {entry['id']:<8} "
            lines += wrap(entry["wording"], "", label)
            sub = " " * len(label)
            if not entry["computable"]:
                lines += wrap(f"not computable from Party profiles: {entry['not_computable']}", sub)
                continue
            lines += wrap(f"among: {entry['denominator_parties']}", sub)
            lines += wrap(figure(entry), sub)
            for region in entry.get("regions", []):
                lines += wrap(f"{region['region']}: {figure(region)}", sub + "  ")
            if "compare" in entry:
                lines += wrap(change(entry["compare"]), sub)
    return "\n".join(lines) + "\n"
