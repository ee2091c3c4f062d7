"""What the human formats (text, markdown) share: the order of sections and how values read."""

from __future__ import annotations

import json
from typing import Any, Iterator

from ..catalog.present import shown_data

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("gap", "Gaps", "The Party declared that it does not have these in place (or only to some extent)."),
    ("not_declared", "Not declared", "The profile says nothing about these; declare them to have them checked."),
    ("not_applicable", "Not applicable", "These do not apply to this Party."),
    ("met", "Met", "The Party declared these in place."),
)

DUTY_LABELS = {
    "obligation": "obligation under the Protocol",
    "commitment": "commitment under the plan",
    "option": "option the Party may choose",
}


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


def summary_line(summary: dict[str, Any]) -> str:
    gaps = summary["gaps"]
    total = sum(gaps.values())
    return (
        f"{total} gap{'s' if total != 1 else ''} ({gaps['obligation']} obligation, {gaps['commitment']} commitment, "
        f"{gaps['option']} option), {summary['not_declared']} not declared, {summary['not_applicable']} not applicable, "
        f"{summary['met']} met"
    )


def party_heading(profile: dict[str, Any]) -> str:
    party = profile["party"]
    return f"{party['name']} ({party['code']}), declarations as of {party['as_of']}"


def expand(finding: dict[str, Any], header: dict[str, Any]) -> dict[str, Any]:
    """A finding record joined with its rule's metadata and the plan texts of the run header."""
    details = header["rules"]["details"][finding["rule"]]
    plan = header["plan"]
    full = dict(finding)
    full["title"] = details["title"]
    full["message"] = details["messages"][finding["status"]]
    full["goal"] = {"id": details["goal"], **plan[details["goal"]]}
    for name in ("objectives", "indicators", "articles", "nr5"):
        full[name] = [{"id": id_, **plan[id_]} for id_ in finding[name]]
    for name in ("objectives_missing", "articles_missing"):
        if name in details:
            full[name] = details[name]
    if finding["status"] == "gap":
        full["remediation"] = {
            "advice": details["remediation"]["advice"],
            "key_areas": [{"id": id_, **plan[id_]} for id_ in finding["key_areas"]],
            "activities": [{"id": id_, **plan[id_]} for id_ in finding["activities"]],
        }
    return full


def provenance_line(header: dict[str, Any]) -> str:
    """What produced the report: the tool, the rules engine and the rules (their hash)."""
    rules = header["rules"]
    return (
        f"cartagena-compliance {header['tool']['version']}, engine {header['engine']['name']} "
        f"({header['engine']['implementation']}), {rules['count']} rules (sha256 {rules['sha256']})"
    )


def totals_line(header: dict[str, Any], tail: dict[str, Any]) -> str:
    summary = tail["summary"]
    gaps = summary["gaps"]
    return (
        f"Checked {summary['profiles_checked']} profile(s) against {header['rules']['count']} rules"
        f" ({summary['profiles_invalid']} invalid): "
        f"{sum(gaps.values())} gaps ({gaps['obligation']} obligation, {gaps['commitment']} commitment, {gaps['option']} option), "
        f"{summary['not_declared']} not declared, {summary['not_applicable']} not applicable, {summary['met']} met; "
        f"{summary['failing_gaps']} gap(s) at --fail-on {header['fail_on']}"
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

    def start(self, header: dict[str, Any]) -> str:
        self.header = header
        return ""
