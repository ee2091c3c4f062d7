"""The result of a `cartagena check` run as plain data: what every output format renders.

Building it once keeps the formats consistent: the JSON format prints it as it is; text and
markdown lay the same facts out for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from engine import __version__
from engine.evaluator import Finding
from engine.loader import Problem
from engine.rulebook.model import DUTIES, STATUSES

FAIL_ON_DUTIES: dict[str, tuple[str, ...]] = {
    "obligation": ("obligation",),
    "commitment": ("obligation", "commitment"),
    "any": DUTIES,
    "none": (),
}
"""Which gaps make `cartagena check` exit 1, per --fail-on level."""

MISSING_TEXT = "[missing from the source text of the plan]"


def _text_item(catalog: Any, item_id: str) -> dict[str, Any]:
    item = catalog.lookup(item_id)
    out: dict[str, Any] = {"id": item_id, "text": item.text}
    if item.text is None or getattr(item, "fragment", False):
        out["missing"] = item.missing
    return out


def _article(catalog: Any, article_id: str) -> dict[str, Any]:
    article = catalog.article(article_id)
    return {"id": article.id, "label": article.label, "duty": article.duty, "summary": article.summary}


def _goal_gaps(catalog: Any, goal_id: str, field_name: str) -> str | None:
    goal = catalog.goal(goal_id)
    if field_name == "objectives" and not goal.objectives:
        return goal.objectives_missing
    if field_name == "articles" and not goal.articles:
        return getattr(goal, "articles_note", None) or "the project's reference lists no article for this goal"
    return None


def finding_record(finding: Finding, catalog: Any, positions: Any = None) -> dict[str, Any]:
    rule = finding.rule
    record: dict[str, Any] = {
        "rule": rule.id,
        "status": finding.status,
        "duty": rule.duty,
        "title": rule.title,
        "goal": {"id": rule.goal, "text": catalog.goal(rule.goal).text},
        "message": finding.message,
        "objectives": [_text_item(catalog, id_) for id_ in rule.objectives],
        "indicators": [_text_item(catalog, id_) for id_ in rule.indicators],
        "articles": [_article(catalog, id_) for id_ in rule.articles],
        "nr5": [{"id": key, "label": catalog.nr5[key].label, "text": catalog.nr5[key].title} for key in rule.nr5],
        "evidence": [
            {
                "pointer": item.pointer,
                **({"line": _line(positions, item.pointer)} if positions is not None else {}),
                "value": item.value,
                **({"cited": list(item.cited)} if item.cited else {}),
            }
            for item in finding.evidence
        ],
    }
    for name in ("objectives", "articles"):
        if not record[name]:
            record[f"{name}_missing"] = _goal_gaps(catalog, rule.goal, name)
    if finding.undeclared:
        record["undeclared"] = list(finding.undeclared)
    if finding.status == "gap":
        record["remediation"] = {
            "advice": rule.advice,
            "key_areas": [_text_item(catalog, id_) for id_ in rule.key_areas],
            "activities": [_text_item(catalog, id_) for id_ in rule.activities],
        }
    return record


def _line(positions: Any, pointer: str) -> int | None:
    position = positions.value_position(pointer)
    return position[0] if position else None


def summarise(findings: Iterable[Finding]) -> dict[str, Any]:
    summary: dict[str, Any] = {"gaps": {duty: 0 for duty in DUTIES}}
    for status in STATUSES:
        if status != "gap":
            summary[status] = 0
    for finding in findings:
        if finding.status == "gap":
            summary["gaps"][finding.rule.duty] += 1
        else:
            summary[finding.status] += 1
    return summary


@dataclass
class ProfileResult:
    file: str
    sha256: str
    party: dict[str, Any]
    findings: list[Finding]
    inconsistencies: list[Problem] = field(default_factory=list)
    positions: Any = None  # the document's PositionIndex, for line numbers in human formats


def build_report(
    *,
    catalog: Any,
    results: list[ProfileResult],
    invalid: list[tuple[str, list[Problem]]],
    rules_sha256: str,
    rule_count: int,
    selection: dict[str, list[str]],
    fail_on: str,
) -> dict[str, Any]:
    failing = FAIL_ON_DUTIES[fail_on]
    profiles = []
    total = summarise([])
    failing_gaps = 0
    for result in results:
        summary = summarise(result.findings)
        for duty, count in summary["gaps"].items():
            total["gaps"][duty] += count
        for status in ("met", "not_declared", "not_applicable"):
            total[status] += summary[status]
        failing_gaps += sum(summary["gaps"][duty] for duty in failing)
        profiles.append(
            {
                "file": result.file,
                "sha256": result.sha256,
                "party": result.party,
                "summary": summary,
                "findings": [finding_record(finding, catalog, result.positions) for finding in result.findings],
                "inconsistencies": [problem.as_dict() for problem in result.inconsistencies],
            }
        )
    return {
        "tool": {"name": "cartagena-compliance", "version": __version__},
        "rules": {"sha256": rules_sha256, "count": rule_count, "selection": selection},
        "fail_on": fail_on,
        "profiles": profiles,
        "invalid": [{"file": file, "errors": [problem.as_dict() for problem in problems]} for file, problems in invalid],
        "summary": {
            "profiles_checked": len(results),
            "profiles_invalid": len(invalid),
            **total,
            "failing_gaps": failing_gaps,
        },
    }
