"""`cartagena indicators --format markdown`: one table per goal, for filing."""

from __future__ import annotations

from typing import Any

from ..i18n import tr
from ..l10n import isolate_runs, labelled, number
from ..reporters.escaping import visible
from .shared import by_goal, change, goal_heading, judgements, language, notes, shown_percentage, shown_region, title


def _escape(text: str) -> str:
    """Markdown and HTML inline syntax made literal (file names come from the user, words from a catalog);
    control and bidirectional characters shown as `\\uXXXX` (engine.reporters.escaping.visible)."""
    text = visible(text)
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def columns(lang: str, compare: bool) -> list[str]:
    """The columns of a goal's table (HTML's too), in `lang`."""
    head = [
        tr(lang, "Indicator"), tr(lang, "Wording"),
        # TRANSLATORS: column header: who the denominator counts among, e.g. "Parties to the Cartagena Protocol"
        tr(lang, "Among"),
        tr(lang, "Percentage"), tr(lang, "Numerator"), tr(lang, "Denominator"), tr(lang, "Not declared"), tr(lang, "Excluded"),
    ]
    # TRANSLATORS: column header: the change since the earlier cycle (--compare)
    return head + [tr(lang, "Change")] * compare


def render(result: dict[str, Any]) -> str:
    lang = language(result)
    lines = [f"# {_escape(title(lang))}", ""]
    lines += [("  - " if note.startswith("  ") else "- ") + _escape(note.strip()) for note in notes(result)]
    compare = any("compare" in entry for entry in result["indicators"])
    head = columns(lang, compare)
    for goal, entries in by_goal(result):
        lines += ["", f"## {_escape(goal_heading(lang, goal))}", ""]
        lines += ["| " + " | ".join(map(_escape, head)) + " |", "|---" * len(head) + "|"]
        for entry in entries:
            if not entry["computable"]:
                # TRANSLATORS: a table cell: why the indicator is not computable
                reason = tr(lang, "not computable: {reason}").format(reason=entry["not_computable"])
                cells = [_escape(entry["id"]), _escape(entry["wording"]), _escape(reason)] + [""] * (len(head) - 3)
                lines.append("| " + " | ".join(cells) + " |")
                continue
            rows = [(entry["id"], entry)] + [(f"{entry['id']}, {shown_region(lang, region['region'])}", region) for region in entry.get("regions", [])]
            for name, figures in rows:
                cells = [
                    _escape(name), _escape(entry["wording"]) if figures is entry else "", _escape(entry["denominator_parties"]) if figures is entry else "",
                    _escape(shown_percentage(figures["percentage"], lang)), number(figures["numerator"], lang), number(figures["denominator"], lang),
                    number(figures["not_declared"], lang), number(figures["excluded"], lang),
                ]
                if compare:
                    cells.append(_escape(change(entry["compare"], lang)) if figures is entry else "")
                lines.append("| " + " | ".join(cells) + " |")
        readings = judgements(lang, entries)
        if readings:
            lines.append("")
            lines += [labelled(f"- {_escape(ident)}", _escape(line), lang) for ident, line in readings]
    return "\n".join(isolate_runs(line, lang) for line in lines) + "\n"
