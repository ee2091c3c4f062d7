"""What the human formats (text, markdown) share: the order of sections and how values read."""

from __future__ import annotations

import json
from typing import Any, Iterator

from ..catalog.present import basis_words, duty_label, shown_data
from ..rulebook.model import DUTIES
from ..wording import counted

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("gap", "Gaps", "The Party declared that it does not have these in place (or only to some extent)."),
    ("waived", "Waived", "Gaps the Compliance Committee accepted until a date (a waiver in force); they fail no gate."),
    ("not_declared", "Not declared", "The profile says nothing about these; declare them to have them checked."),
    ("not_applicable", "Not applicable", "These do not apply to this Party."),
    ("met", "Met", "The Party declared these in place."),
)



def sections(header: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    """The sections of a report: `waived` only in a run with waivers (the only runs that can have one)."""
    return SECTIONS if "waivers" in header else tuple(section for section in SECTIONS if section[0] != "waived")


def finding_duty_label(finding: dict[str, Any]) -> str:
    """The duty label of an expanded finding (see `expand`), e.g. "obligation under the Supplementary Protocol"."""
    return duty_label(finding["duty"], finding.get("duty_instrument"))


def upper_first(label: str) -> str:
    """A label at the start of a sentence: only the first letter raised (str.capitalize would lower
    "Supplementary Protocol")."""
    return label[:1].upper() + label[1:]


def finding_basis(finding: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """Each entry of an expanded finding's legal basis with its words (label, relation), in the rule's order."""
    for entry in finding["legal_basis"]:
        yield entry, basis_words(entry["label"], entry["relation"], entry.get("kind", "article"))


def by_goal(findings: list[dict[str, Any]], status: str) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Findings of one status grouped by goal, in report order (the plan's order of goals)."""
    groups: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for finding in findings:
        if finding["status"] == status:
            groups.setdefault(finding["goal"]["id"], (finding["goal"], []))[1].append(finding)
    yield from groups.values()


def value(shown: Any) -> str:
    return json.dumps(shown, ensure_ascii=False)


text_or_missing = shown_data
"""An item's words, with what the source lacks said plainly (the same wording as `cartagena plan`)."""


def question_hint(question: dict[str, Any], code: Any = str) -> str:
    """What to write for a not-declared finding: the NR5 question and the answers it allows."""
    answers = question.get("answers")
    listed = "; ".join(f"{code(answer['value'])} = {answer['title']}" for answer in answers or ())
    allowed = f" Answers: {listed}." if answers else ""
    return f"NR5 {question['label']} ({question['id']}): {question['text']}{allowed}"


def distinct_words(count: int) -> str:
    """The second count of the summary, worded so it cannot be read as the count by rule."""
    return f"{count} distinct gap{'s' if count != 1 else ''} in the declaration (an answer several rules read counts once)"


def shared_answer_words(finding: dict[str, Any]) -> str | None:
    """What a finding says when other rules read the same answer (so one answer is not read as two gaps)."""
    others = finding.get("shares_answer_with")
    if not others:
        return None
    return f"the same answer is also read by {', '.join(others)}; gaps from one answer count once among the distinct gaps"


def summary_line(summary: dict[str, Any], findings: list[dict[str, Any]] | None = None) -> str:
    """The counts by status: gaps per rule by duty, distinct gaps, and not-declared findings by duty
    when `findings` are given."""
    gaps = summary["gaps"]
    undeclared = f"{summary['not_declared']} not declared" if findings is None else not_declared_by_duty(findings)
    return (
        f"{counted(sum(gaps.values()), 'gap')} by rule ({gaps['obligation']} obligation, {gaps['commitment']} commitment, "
        f"{gaps['option']} option), {distinct_words(summary['distinct_gaps'])}, {_waived(summary)}{undeclared}, "
        f"{summary['not_applicable']} not applicable, {summary['met']} met"
    )


def _waived(summary: dict[str, Any]) -> str:
    """`2 waived, ` where a waiver covered a gap; nothing in a run without any."""
    return f"{summary['waived']} waived, " if summary.get("waived") else ""


def gate_line(header: dict[str, Any], summary: dict[str, Any]) -> str:
    """What fails the gate: gaps at --fail-on, not-declared findings at --require-declared."""
    return (
        f"{counted(summary['failing_gaps'], 'gap')} at --fail-on {header['fail_on']}, "
        f"{summary['failing_not_declared']} not declared at --require-declared {header['require_declared']}"
    )


def not_declared_by_duty(findings: list[dict[str, Any]]) -> str:
    """`5 not declared (2 obligation, 3 commitment, 0 option)`, for the summary at the top of a profile."""
    counts = {duty: 0 for duty in DUTIES}
    for finding in findings:
        if finding["status"] == "not_declared":
            counts[finding["duty"]] += 1
    return f"{sum(counts.values())} not declared ({', '.join(f'{n} {duty}' for duty, n in counts.items())})"


def party_heading(profile: dict[str, Any]) -> str:
    party = profile["party"]
    return f"{party['name']} ({party['code']}), declarations as of {party['as_of']}"


def expand(finding: dict[str, Any], header: dict[str, Any]) -> dict[str, Any]:
    """A finding record joined with its rule's metadata and the plan texts of the run header."""
    details = header["rules"]["details"][finding["rule"]]
    plan = header["plan"]
    full = dict(finding)
    full["title"] = details["title"]
    full["message"] = details["messages"]["gap" if finding["status"] == "waived" else finding["status"]]
    full["goal"] = {"id": details["goal"], **plan[details["goal"]]}
    for name in ("objectives", "indicators", "articles", "nr5"):
        full[name] = [{"id": id_, **plan[id_]} for id_ in finding[name]]
    full["duty_instrument"] = details.get("duty_instrument")
    full["legal_basis"] = [{**plan[entry["article"]], **entry} for entry in details["legal_basis"]]
    for name in ("objectives_missing", "articles_missing"):
        if name in details:
            full[name] = details[name]
    if finding["status"] in ("gap", "waived"):
        full["remediation"] = {
            "advice": details["remediation"]["advice"],
            "key_areas": [{"id": id_, **plan[id_]} for id_ in finding["key_areas"]],
            "activities": [{"id": id_, **plan[id_]} for id_ in finding["activities"]],
        }
    return full


def waiver_words(waiver: dict[str, Any]) -> str:
    """A waiver as the human formats show it: who approved it, when, until when, where it is written, why."""
    reference = f" Reference: {waiver['reference']}" if waiver.get("reference") else ""
    return (
        f"approved by {waiver['approved_by']} on {waiver['approved_on']}, in force until {waiver['expires']} "
        f"({waiver['file']}, line {waiver['line']}). Reason: {waiver['reason']}{reference}"
    )


def expired_words(waiver: dict[str, Any]) -> str:
    """What a gap says when the waiver that covered it has expired (it counts as a gap again)."""
    return f"Waiver expired on {waiver['expires']}, so this is a gap again; it was {waiver_words(waiver)}"


def unmatched_words(waiver: dict[str, Any]) -> str:
    return f"{waiver['rule']} for {waiver['party']} ({waiver['file']}, line {waiver['line']}): matched no gap: {waiver['why']}"


def provenance_line(header: dict[str, Any]) -> str:
    """What produced the report: the tool, the rules engine and the rules (their hash)."""
    rules = header["rules"]
    return (
        f"cartagena-compliance {header['tool']['version']}, engine {header['engine']['name']} "
        f"({header['engine']['implementation']}), {counted(rules['count'], 'rule')} (sha256 {rules['sha256']})"
    )


def totals_line(header: dict[str, Any], tail: dict[str, Any]) -> str:
    summary = tail["summary"]
    gaps = summary["gaps"]
    return (
        f"Checked {counted(summary['profiles_checked'], 'profile')} against {counted(header['rules']['count'], 'rule')}"
        f" ({summary['profiles_invalid']} invalid): "
        f"{counted(sum(gaps.values()), 'gap')} by rule ({gaps['obligation']} obligation, {gaps['commitment']} commitment, {gaps['option']} option), "
        f"{distinct_words(summary['distinct_gaps'])}, "
        f"{_waived(summary)}{summary['not_declared']} not declared, {summary['not_applicable']} not applicable, {summary['met']} met; "
        f"failing: {gate_line(header, summary)}"
    )


def invalid_lines(tail: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(file with line:column, pointer part, error) for every problem of every invalid file."""
    for invalid in tail["invalid"]:
        for error in invalid["errors"]:
            where = invalid["file"]
            if error.get("line"):
                where += f":{error['line']}" + (f":{error['column']}" if error.get("column") else "")
            pointer = f"{error['pointer'] or '/'}" if error.get("pointer") is not None else ""
            yield where, pointer, error


class HumanReporter:
    """What the text and markdown reporters share: line numbers wanted, the run header kept."""

    needs_lines = True

    def __init__(self) -> None:
        self.header: dict[str, Any] = {}
        self.brief = False  # `check --brief`: met and not applicable as counts only

    def start(self, header: dict[str, Any]) -> str:
        self.header = header
        return ""
