"""`cartagena diff --format text`: for a person at a terminal."""

from __future__ import annotations

from typing import Any

from ...i18n import tr
from ...l10n import date, isolate_runs, labelled
from ..escaping import terminal_text
from . import (
    change_words, compared_line, goal_line, goal_text, kind_title, kind_width, language, only_in_old_line, party_counts_line,
    party_line, plan_language_line, problem_line, provenance, sides_line, waiver_words,
)


def render(diff: dict[str, Any]) -> str:
    lang = language(diff)
    width = kind_width(lang)
    lines = [tr(lang, "Changes between reporting cycles"), sides_line(diff, lang)]
    lines += [line for line in [plan_language_line(lang)] if line]
    lines.append("")
    # TRANSLATORS: at the end of a line of `cartagena diff`: this change fails the gate
    fails = "  " + tr(lang, "FAILS")
    for party in diff["parties"]:
        heading = party_line(party, lang)
        lines += [heading, "=" * len(heading)]
        for goal in party["goals"]:
            lines.append(goal_line(lang).format(goal=goal["goal"], text=goal_text(goal, lang)))
            for change in goal["changes"]:
                lines.append(
                    f"  {kind_title(change['kind'], lang):<{width}} {labelled(change['rule'], change_words(change, lang), lang)}{fails if change['failing'] else ''}"
                )
                if change.get("waiver"):
                    waived = tr(lang, "waived: {waiver}").format(waiver=waiver_words(change["waiver"], lang))
                    lines.append(f"  {'':<{width}} {waived}")
        if not party["goals"]:
            lines.append(tr(lang, "No change."))
        lines += [party_counts_line(party["counts"], lang), ""]
    for party in diff["only_in_old"]:
        shown = only_in_old_line(lang).format(**{key: party[key] for key in ("name", "code", "file")}, as_of=date(party["as_of"], lang))
        lines.append(tr(lang, "Only in OLD, not compared: {party}").format(party=shown))
    lines += [tr(lang, "Note: {note}").format(note=note) for note in diff["notes"]]
    lines += [tr(lang, "Problem: {problem}").format(problem=problem_line(problem)) for problem in diff["problems"]]
    lines += [provenance(diff, lang), compared_line(diff, lang)]
    # a profile's text may hold terminal escapes; Latin runs isolated in a right-to-left language
    return "\n".join(isolate_runs(terminal_text(line), lang) for line in lines) + "\n"
