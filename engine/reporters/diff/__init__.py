"""Output formats of `cartagena diff`: each module renders the whole comparison
(`engine.diff.build_diff`, small whatever the batch: only changes are listed) with `render(diff) -> str`."""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

from ...wording import counted
from ..layout import provenance_line  # noqa: F401  (the check reports' line; the diff formats import it from here)

KIND_TITLES_WIDTH = 18  # the longest kind, "no longer declared"

DIFF_FORMATS: dict[str, str] = {"text": ".text", "markdown": ".markdown", "json": ".json", "html": ".html"}

STATUS_WORDS = {
    "gap": "gap",
    "waived": "waived",
    "not_declared": "not declared",
    "not_applicable": "not applicable",
    "met": "met",
    None: "(none)",
}


def renderer(name: str) -> Callable[[dict[str, Any]], str]:
    return import_module(DIFF_FORMATS[name], __name__).render


def status_words(status: str | None, side: str) -> str:
    return STATUS_WORDS[status] if status is not None else f"(not in {side})"


def change_words(change: dict[str, Any]) -> str:
    """`met -> gap`, with the duty; a waiver when the NEW finding has one."""
    return f"{status_words(change['from'], 'OLD')} -> {status_words(change['to'], 'NEW')} [{change['duty_label']}]"


def counts_line(counts: dict[str, Any]) -> str:
    return (
        f"{counted(counts['new_gap'], 'new gap')}, {counted(counts['gap_closed'], 'gap')} closed, "
        f"{counts['newly_declared']} newly declared, {counts['no_longer_declared']} no longer declared, "
        f"{counted(counts['changed'], 'other change')}"
    )


def failing_line(diff: dict[str, Any]) -> str:
    summary = diff["summary"]
    return (
        f"{counted(summary['failing'], 'change')} failing (new gaps at --fail-on {diff['fail_on']}, "
        f"declarations lost at --require-declared {diff['require_declared']})"
    )


def sides_line(diff: dict[str, Any]) -> str:
    def side(name: str) -> str:
        described = diff[name]
        kind = "saved report" if described["kind"] == "report" else "profiles"
        return f"{name.upper()} {described['path']} ({kind}, {counted(described['profiles'], 'profile')})"

    return f"{side('old')} -> {side('new')}"


def party_line(party: dict[str, Any]) -> str:
    old = party["old"]
    when = f"as of {old['as_of']} -> {party['new']['as_of']}" if old else f"as of {party['new']['as_of']}, only in NEW (its gaps are new)"
    return f"{party['party']['name']} ({party['party']['code']}), {when}"


def problem_line(problem: dict[str, Any]) -> str:
    where = problem["file"]
    if problem.get("line"):
        where += f":{problem['line']}" + (f":{problem['column']}" if problem.get("column") else "")
    if problem.get("pointer") is not None:
        where += f": {problem['pointer'] or '/'}"
    return f"{where}: {problem['message']}"
