"""Output formats of `cartagena diff`: each module renders the whole comparison
(`engine.diff.build_diff`, small whatever the batch: only changes are listed) with `render(diff) -> str`.

The human formats say everything in the comparison's language (`diff["lang"]`, gettext): the helpers
here take it and give each line's words; a format escapes them in its syntax like any other text."""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

from ...diff import KIND_TITLES
from ...i18n import N_, tr, trn
from ...l10n import date

DIFF_FORMATS: dict[str, str] = {"text": ".text", "markdown": ".markdown", "json": ".json", "html": ".html"}

STATUS_WORDS = {
    # TRANSLATORS: the status of a rule's finding, lower case, as in "met -> gap" (so are the next four)
    "gap": N_("gap"),
    "waived": N_("waived"),
    "not_declared": N_("not declared"),
    "not_applicable": N_("not applicable"),
    "met": N_("met"),
}


def renderer(name: str) -> Callable[[dict[str, Any]], str]:
    return import_module(DIFF_FORMATS[name], __name__).render


def language(diff: dict[str, Any]) -> str:
    return diff.get("lang", "en")


def kind_title(kind: str, lang: str) -> str:
    """A kind of change as a person reads it ("new gap"), in `lang`."""
    return tr(lang, KIND_TITLES[kind])


def kind_width(lang: str) -> int:
    """The width of the longest kind of change in `lang` (text aligns the rules after it)."""
    return max(len(kind_title(kind, lang)) for kind in KIND_TITLES)


def status_words(status: str | None, side: str, lang: str = "en") -> str:
    if status is None:
        # TRANSLATORS: {side} is OLD or NEW (the command's arguments): the rule or Party is not on that side
        return tr(lang, "(not in {side})").format(side=side)
    return tr(lang, STATUS_WORDS[status])


def change_words(change: dict[str, Any], lang: str = "en") -> str:
    """`met -> gap`, with the duty; a waiver when the NEW finding has one."""
    return tr(lang, "{old} -> {new} [{duty}]").format(
        old=status_words(change["from"], "OLD", lang), new=status_words(change["to"], "NEW", lang), duty=change["duty_label"]
    )


def counts_line(counts: dict[str, Any], lang: str = "en") -> str:
    # TRANSLATORS: the counts of each kind of change, e.g. "1 new gap, 2 gaps closed, 0 newly declared, 0 no longer declared, 1 other change"
    return tr(lang, "{new_gaps}, {gaps_closed}, {newly_declared}, {no_longer_declared}, {other_changes}").format(
        new_gaps=trn(lang, "{n} new gap", "{n} new gaps", counts["new_gap"]),
        gaps_closed=trn(lang, "{n} gap closed", "{n} gaps closed", counts["gap_closed"]),
        newly_declared=trn(lang, "{n} newly declared", "{n} newly declared", counts["newly_declared"]),
        no_longer_declared=trn(lang, "{n} no longer declared", "{n} no longer declared", counts["no_longer_declared"]),
        other_changes=trn(lang, "{n} other change", "{n} other changes", counts["changed"]),
    )


def party_counts_line(counts: dict[str, Any], lang: str = "en") -> str:
    """A Party's counts of changes, and how many of its rules did not change."""
    # TRANSLATORS: {changes} are the counts of changes, {unchanged} e.g. "98 unchanged" (rules)
    return tr(lang, "{changes}; {unchanged}").format(
        changes=counts_line(counts, lang), unchanged=trn(lang, "{n} unchanged", "{n} unchanged", counts["unchanged"])
    )


def failing_line(diff: dict[str, Any], lang: str = "en") -> str:
    failing = trn(lang, "{n} change failing", "{n} changes failing", diff["summary"]["failing"])
    return tr(lang, "{failing} (new gaps at --fail-on {fail_on}, declarations lost at --require-declared {require_declared})").format(
        failing=failing, fail_on=diff["fail_on"], require_declared=diff["require_declared"]
    )


def compared_line(diff: dict[str, Any], lang: str = "en") -> str:
    """The last line: how many Parties were compared, every count of changes, what fails."""
    summary = diff["summary"]
    parties = trn(lang, "{n} Party", "{n} Parties", summary["parties_compared"])
    return tr(lang, "Compared {parties}: {changes}; {failing}").format(
        parties=parties, changes=counts_line(summary, lang), failing=failing_line(diff, lang)
    )


def sides_line(diff: dict[str, Any], lang: str = "en") -> str:
    def side(name: str) -> str:
        described = diff[name]
        # TRANSLATORS: what OLD or NEW is: a saved report of `check --format json`, or profiles (a file or folder of them)
        kind = tr(lang, "saved report") if described["kind"] == "report" else tr(lang, "profiles")
        profiles = trn(lang, "{n} profile", "{n} profiles", described["profiles"])
        # TRANSLATORS: {side} is OLD or NEW (the command's arguments), {kind} "saved report" or "profiles"
        return tr(lang, "{side} {path} ({kind}, {profiles})").format(side=name.upper(), path=described["path"], kind=kind, profiles=profiles)

    return f"{side('old')} -> {side('new')}"


def party_line(party: dict[str, Any], lang: str = "en") -> str:
    old, name, code = party["old"], party["party"]["name"], party["party"]["code"]
    if old:
        return tr(lang, "{name} ({code}), as of {old_as_of} -> {new_as_of}").format(
            name=name, code=code, old_as_of=date(old["as_of"], lang), new_as_of=date(party["new"]["as_of"], lang)
        )
    return tr(lang, "{name} ({code}), as of {as_of}, only in NEW (its gaps are new)").format(name=name, code=code, as_of=date(party["new"]["as_of"], lang))


def goal_text(goal: dict[str, Any], lang: str = "en") -> str:
    """A goal's text (the plan's, English), or what the source lacks, said in `lang`."""
    return goal["text"] or tr(lang, "[missing from the source text of the plan]")


def goal_line(lang: str) -> str:
    """The heading of a goal's changes, with {goal} (its id) and {text} to fill (escaped by the format)."""
    return tr(lang, "Goal {goal}: {text}")


def only_in_old_line(lang: str) -> str:
    """A Party only OLD has, with {name}, {code}, {as_of} and {file} to fill (escaped by the format)."""
    return tr(lang, "{name} ({code}), as of {as_of}, {file}")


def plan_language_line(lang: str) -> str | None:
    """In another language than English: why the goals' texts are English."""
    if lang == "en":
        return None
    return tr(lang, "The goals' texts are the plan's, quoted in English: only the English text of the plan is available here.")


def provenance(diff: dict[str, Any], lang: str = "en") -> str:
    """The check reports' provenance line for a diff (it has their `tool`, `engine` and `rules`)."""
    from ..layout import provenance_line

    return provenance_line(diff, lang)


def waiver_words(waiver: dict[str, Any], lang: str = "en") -> str:
    """A waiver as the check reports word it."""
    from ..layout import waiver_words as words

    return words(waiver, lang)


def problem_line(problem: dict[str, Any]) -> str:
    where = problem["file"]
    if problem.get("line"):
        where += f":{problem['line']}" + (f":{problem['column']}" if problem.get("column") else "")
    if problem.get("pointer") is not None:
        where += f": {problem['pointer'] or '/'}"
    return f"{where}: {problem['message']}"
