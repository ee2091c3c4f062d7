"""What the human formats of `cartagena indicators` share: the figure of one row, in words, in the
language of the result (`result["lang"]`, gettext)."""

from __future__ import annotations

from typing import Any, Iterator

from ..i18n import tr, trn
from ..l10n import date, mark, number, percent, signed
from ..profile.regions import region_name
from .compute import NO_REGION


def language(result: dict[str, Any]) -> str:
    return result.get("lang", "en")


def title(lang: str) -> str:
    return tr(lang, "Indicators of the Implementation Plan across Parties")


def goal_heading(lang: str, goal: str) -> str:
    return tr(lang, "Goal {goal}").format(goal=goal)


def not_computable(lang: str, reason: str) -> str:
    return tr(lang, "not computable from Party profiles: {reason}").format(reason=reason)


def shown_region(lang: str, region: str) -> str:
    """A region as a reader sees it, in `lang`: the regional group's name, or "no region declared"."""
    return tr(lang, NO_REGION) if region == NO_REGION else region_name(region, lang)


def shown_percentage(value: float | None, lang: str = "en") -> str:
    """A percentage as the language writes it (Babel: `83.3%`, `83,3 %`), or "n/a" in its words."""
    shown = percent(value, lang)
    # TRANSLATORS: in place of a percentage whose denominator is 0
    return shown if shown is not None else tr(lang, "n/a")


def parties_counted(lang: str, count: int) -> str:
    # TRANSLATORS: a number of Parties to the Protocol, e.g. "3 of 6 Parties"
    return trn(lang, "{n} Party", "{n} Parties", count)


def figure(entry: dict[str, Any], lang: str = "en") -> str:
    """`50.0% (3 of 6 Parties); not declared: 1; excluded: 2`"""
    # TRANSLATORS: {parties} is e.g. "6 Parties", the denominator; the others are numbers
    return tr(lang, "{percentage} ({numerator} of {parties}); not declared: {not_declared}; excluded: {excluded}").format(
        percentage=shown_percentage(entry["percentage"], lang),
        numerator=number(entry["numerator"], lang),
        parties=parties_counted(lang, entry["denominator"]),
        not_declared=number(entry["not_declared"], lang),
        excluded=number(entry["excluded"], lang),
    )


def change(compare: dict[str, Any], lang: str = "en") -> str:
    """The change since the earlier cycle, over the Parties present in both sets."""
    points = compare["percentage_points"]
    shown = shown_percentage(None, lang)
    if points is not None:
        # TRANSLATORS: a change in percentage points, signed, e.g. "+2.5 points"
        shown = tr(lang, "{points} points").format(points=signed(points, lang))
    # TRANSLATORS: {parties} is e.g. "4 Parties"; {old} and {new} are percentages, {points} e.g. "+2.5 points"
    said = tr(lang, "among the {parties} in both sets: {old} then, {new} now, change {points}").format(
        parties=parties_counted(lang, compare["parties"]), old=shown_percentage(compare["old_percentage"], lang),
        new=shown_percentage(compare["percentage"], lang), points=shown)
    moved_in, moved_out = mark("list", lang).join(compare["moved_in"]), mark("list", lang).join(compare["moved_out"])
    if moved_in and moved_out:
        # TRANSLATORS: {moved_in} and {moved_out} are Party codes: those counted now and not before, and the reverse
        return tr(lang, "{change}; moved in: {moved_in}; out: {moved_out}").format(change=said, moved_in=moved_in, moved_out=moved_out)
    if moved_in:
        return tr(lang, "{change}; moved in: {moved_in}").format(change=said, moved_in=moved_in)
    if moved_out:
        return tr(lang, "{change}; moved out: {moved_out}").format(change=said, moved_out=moved_out)
    return said


def judgement(lang: str, entry: dict[str, Any]) -> str | None:
    """How the computation reads the plan's words, when it makes a judgement call: the words quoted
    (the plan's English), the reading in `lang`."""
    said = entry.get("judgement")
    if said is None:
        return None
    # TRANSLATORS: {words} are the indicator's own words (English, quoted), {reading} how the tool reads them
    return tr(lang, 'reading of "{words}": {reading}').format(words=said["words"], reading=said["reading"])


def judgements(lang: str, entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(indicator id, its judgement line) for the entries of a goal that have one."""
    return [(entry["id"], line) for entry in entries if (line := judgement(lang, entry)) is not None]


def by_goal(result: dict[str, Any]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    goals: dict[str, list[dict[str, Any]]] = {}
    for entry in result["indicators"]:
        goals.setdefault(entry["goal"], []).append(entry)
    yield from goals.items()


def notes(result: dict[str, Any]) -> list[str]:
    """The lines every human format shows under its title: what was counted and how (lines that
    start with two spaces belong to the line before)."""
    lang = language(result)
    profiles = trn(lang, "{n} profile", "{n} profiles", result["profiles"])
    # TRANSLATORS: e.g. "72 profiles of 60 Parties.": the profiles read and the distinct Parties they are of
    counted = tr(lang, "{profiles} of {parties}.").format(profiles=profiles, parties=parties_counted(lang, result["parties"]))
    lines = [
        counted,
        tr(lang, "Percentages: {rounding}.").format(rounding=result["rounding"]),
        tr(lang, "Not declared: the Party's profile does not declare what decides the indicator; outside the denominator, shown beside it."),
        tr(
            lang,
            "Excluded: outside the denominator because the indicator's rules do not apply to the Party (not_applicable) "
            "or the Party is not among those the wording counts.",
        ),
    ]
    if lang != "en":
        lines.append(tr(lang, "The indicators' wording is the plan's text, quoted in English: only the English text of the plan is available here."))
    if result["superseded"]:
        lines.append(tr(lang, "Duplicates: {duplicates}; left out:").format(duplicates=result["duplicates"]))
        lines += [
            "  "
            + tr(lang, "{file} ({code}, as of {as_of}), superseded by {superseded_by} (as of {superseded_by_as_of})").format(
                **{**superseded, "as_of": date(superseded["as_of"], lang), "superseded_by_as_of": date(superseded["superseded_by_as_of"], lang)}
            )
            for superseded in result["superseded"]
        ]
    if "compared" in result:
        compared = result["compared"]
        # TRANSLATORS: --compare: {parties} is e.g. "4 Parties"
        lines.append(tr(lang, "Compared with the earlier set: the {parties} present in both sets.").format(
            parties=parties_counted(lang, len(compared["parties"]))))
        if compared["only_new"]:
            lines.append("  " + tr(lang, "Only in this set, not compared: {codes}").format(codes=mark("list", lang).join(compared["only_new"])))
        if compared["only_old"]:
            lines.append("  " + tr(lang, "Only in the earlier set, not compared: {codes}").format(codes=mark("list", lang).join(compared["only_old"])))
    if result["invalid"]:
        lines.append(tr(lang, "Invalid profiles, left out:"))
        lines += [f"  {line}" for line in result["invalid"]]
    return lines
