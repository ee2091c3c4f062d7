"""`cartagena indicators --format markdown`: one table per goal, for filing."""

from __future__ import annotations

from typing import Any

from .shared import by_goal, change, notes, shown_percentage


def _escape(text: str) -> str:
    """Markdown and HTML inline syntax made literal (file names come from the user)."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def render(result: dict[str, Any]) -> str:
    lines = ["# Indicators of the Implementation Plan across Parties", ""]
    lines += [("  - " if note.startswith("  ") else "- ") + _escape(note.strip()) for note in notes(result)]
    compare = any("compare" in entry for entry in result["indicators"])
    for goal, entries in by_goal(result):
        lines += ["", f"## Goal {_escape(goal)}", ""]
        head = "| Indicator | Wording | Among | Percentage | Numerator | Denominator | Not declared | Excluded |"
        lines += [head + (" Change |" if compare else ""), "|---" * (8 + compare) + "|"]
        for entry in entries:
            if not entry["computable"]:
                cells = [_escape(entry["id"]), _escape(entry["wording"]), "not computable: " + _escape(entry["not_computable"]), "", "", "", "", ""]
                lines.append("| " + " | ".join(cells + ([""] if compare else [])) + " |")
                continue
            rows = [(entry["id"], entry)] + [(f"{entry['id']}, {region['region']}", region) for region in entry.get("regions", [])]
            for name, figures in rows:
                cells = [
                    _escape(name), _escape(entry["wording"]) if figures is entry else "", _escape(entry["denominator_parties"]) if figures is entry else "",
                    shown_percentage(figures["percentage"]), str(figures["numerator"]), str(figures["denominator"]),
                    str(figures["not_declared"]), str(figures["excluded"]),
                ]
                if compare:
                    cells.append(_escape(change(entry["compare"])) if figures is entry else "")
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
