"""`cartagena indicators --format text`: the figures for reading in a terminal."""

from __future__ import annotations

from typing import Any

from ..catalog.present import wrap
from ..i18n import tr
from ..l10n import isolate_runs
from ..reporters.escaping import terminal_text
from .shared import by_goal, change, figure, goal_heading, judgement, language, not_computable, notes, shown_region, title


def render(result: dict[str, Any]) -> str:
    lang = language(result)
    lines = [title(lang), ""]
    for note in notes(result):
        lines += wrap(note) if not note.startswith("  ") else [note]
    for goal, entries in by_goal(result):
        lines += ["", goal_heading(lang, goal)]
        for entry in entries:
            label = f"  {entry['id']:<8} "
            lines += wrap(entry["wording"], "", label)
            sub = " " * len(label)
            if not entry["computable"]:
                lines += wrap(not_computable(lang, entry["not_computable"]), sub)
                continue
            lines += wrap(tr(lang, "among: {parties}").format(parties=entry["denominator_parties"]), sub)
            reading = judgement(lang, entry)
            if reading is not None:
                lines += wrap(reading, sub)
            lines += wrap(figure(entry, lang), sub)
            for region in entry.get("regions", []):
                # TRANSLATORS: a region's figures, e.g. "Africa: 50.0% (1 of 2 Parties); ..."
                region_line = tr(lang, "{region}: {figures}").format(region=shown_region(lang, region["region"]), figures=figure(region, lang))
                lines += wrap(region_line, sub + "  ")
            if "compare" in entry:
                lines += wrap(change(entry["compare"], lang), sub)
    # file names and Party names may hold terminal escapes; Latin runs isolated in a right-to-left language
    return "\n".join(isolate_runs(terminal_text(line), lang) for line in lines) + "\n"
