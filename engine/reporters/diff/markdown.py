"""`cartagena diff --format markdown`: to file or paste into an issue or a wiki."""

from __future__ import annotations

import re
from typing import Any

from ...i18n import tr
from ...l10n import date, isolate_runs, mark, stop
from ..escaping import markdown_code, markdown_text
from . import (
    change_words, compared_line, goal_line, goal_text, kind_title, language, only_in_old_line, party_counts_line, party_line,
    plan_language_line, problem_line, provenance, sides_line, waiver_words,
)

_PLACEHOLDER = re.compile(r"(\{[a-z_]+\})")
# what can turn the tool's own words into markup inside a line (a "(" or "#" cannot, away from the
# start of a line and after an escaped "]"); so the English lines read as they always have
_WORDS_SPECIAL = re.compile(r"([\\`*_\[\]<&|~])")


def _cell(text: str) -> str:
    """Text from a profile, a report or a waivers file, inert in a line (and a table cell) of markdown."""
    return markdown_text(text)


def _words(text: str) -> str:
    """The tool's own words (a translation may hold any character) inert in a line of markdown; the
    {placeholders} of a message still to be filled are left as they are."""
    return "".join(part if _PLACEHOLDER.fullmatch(part) else _WORDS_SPECIAL.sub(r"\\\1", part) for part in _PLACEHOLDER.split(text))


def render(diff: dict[str, Any]) -> str:
    lang = language(diff)
    title = tr(lang, "Changes between reporting cycles")
    lines = [f"# {_words(title)}", "", f"{_cell(sides_line(diff, lang))}.", ""]
    note = plan_language_line(lang)
    if note:
        lines += [_words(note), ""]
    lines += [f"{_words(provenance(diff, lang))}.", ""]
    head = [tr(lang, "Change"), tr(lang, "Rule"), tr(lang, "From -> to"), tr(lang, "Fails")]
    # TRANSLATORS: in the column "Fails": whether the change fails the gate
    yes, no = tr(lang, "yes"), tr(lang, "no")
    fails = {True: f"**{_words(yes)}**", False: _words(no)}
    for party in diff["parties"]:
        lines += [f"## {_cell(party_line(party, lang))}", ""]
        if not party["goals"]:
            lines += [_words(tr(lang, "No change.")), ""]
        for goal in party["goals"]:
            lines += [f"### {_words(goal_line(lang)).format(goal=_cell(goal['goal']), text=_cell(goal_text(goal, lang)))}", ""]
            lines += ["| " + " | ".join(map(_words, head)) + " |", "|---" * len(head) + "|"]
            for change in goal["changes"]:
                words = change_words(change, lang)
                if change.get("waiver"):
                    words += mark("semicolon", lang) + tr(lang, "waived: {waiver}").format(waiver=waiver_words(change["waiver"], lang))
                lines.append(
                    f"| {_words(kind_title(change['kind'], lang))} | {markdown_code(change['rule'])} {_cell(change['title'] or '')} | {_cell(words)} | {fails[change['failing']]} |"
                )
            lines.append("")
        lines += [f"**{_words(stop(party_counts_line(party['counts'], lang), lang))}**", ""]
    if diff["only_in_old"]:
        lines += ["## " + _words(tr(lang, "Only in OLD (not compared)")), ""]
        lines += [
            "- " + _words(only_in_old_line(lang)).format(name=_cell(party["name"]), code=_cell(party["code"]), as_of=_cell(date(party["as_of"], lang)), file=markdown_code(party["file"]))
            for party in diff["only_in_old"]
        ]
        lines.append("")
    for heading, items in ((tr(lang, "Notes"), diff["notes"]), (tr(lang, "Problems"), [problem_line(problem) for problem in diff["problems"]])):
        if items:
            lines += [f"## {_words(heading)}", ""] + [f"- {_cell(item)}" for item in items] + [""]
    lines += [f"**{_words(stop(compared_line(diff, lang), lang))}**", ""]
    return "\n".join(isolate_runs(line, lang) for line in lines)
