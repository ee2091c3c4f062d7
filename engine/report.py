"""The result of a `cartagena check` run as plain data, built and written one profile at a time.

A run has a header (`run_header`: the tool, the rules with their metadata, and the text of every
plan item they cite, once) and one record per profile (`profile_record`: findings carrying ids,
statuses and evidence). Reporters join the two; the JSON format prints them as they are. Nothing
grows with the number of profiles but the running summary and the list of invalid files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from . import __version__
from .evaluator import Finding
from .loader import Problem
from .rulebook.model import DUTIES, STATUSES, Rule

FAIL_ON_DUTIES: dict[str, tuple[str, ...]] = {
    "obligation": ("obligation",),
    "commitment": ("obligation", "commitment"),
    "any": DUTIES,
    "none": (),
}
"""Which gaps make `cartagena check` exit 1, per --fail-on level."""


def _text_item(catalog: Any, item_id: str) -> dict[str, Any]:
    item = catalog.lookup(item_id)
    out: dict[str, Any] = {"text": item.text}
    if item.text is None or getattr(item, "fragment", False):
        out["missing"] = item.missing
    return out


def _goal_gaps(catalog: Any, goal_id: str, field_name: str) -> str | None:
    goal = catalog.goal(goal_id)
    if field_name == "objectives" and not goal.objectives:
        return goal.objectives_missing
    if field_name == "articles" and not goal.articles:
        return getattr(goal, "articles_note", None) or "the project's reference lists no article for this goal"
    return None


def rule_links(rule: Rule) -> dict[str, Any]:
    """The rule's kind of duty and its links to the plan, the treaties and the national report."""
    return {
        "duty": rule.duty,
        "goal": rule.goal,
        "objectives": list(rule.objectives),
        "indicators": list(rule.indicators),
        "articles": list(rule.articles),
        "nr5": list(rule.nr5),
    }


def rule_details(rule: Rule, catalog: Any) -> dict[str, Any]:
    details: dict[str, Any] = {
        "title": rule.title,
        **rule_links(rule),
        "messages": dict(sorted(rule.messages.items())),
        "remediation": {"advice": rule.advice, "key_areas": list(rule.key_areas), "activities": list(rule.activities)},
    }
    for name in ("objectives", "articles"):
        if not details[name]:
            details[f"{name}_missing"] = _goal_gaps(catalog, rule.goal, name)
    return details


def plan_texts(rules: Iterable[Rule], catalog: Any) -> dict[str, dict[str, Any]]:
    """The text of every goal, objective, indicator, article, NR5 question, key area and activity the rules cite."""
    texts: dict[str, dict[str, Any]] = {}
    for rule in rules:
        texts.setdefault(rule.goal, _text_item(catalog, rule.goal))
        for id_ in (*rule.objectives, *rule.indicators, *rule.key_areas, *rule.activities):
            texts.setdefault(id_, _text_item(catalog, id_))
        for id_ in rule.articles:
            article = catalog.article(id_)
            texts.setdefault(id_, {"label": article.label, "duty": article.duty, "summary": article.summary})
        for key in rule.nr5:
            question = catalog.nr5[key]
            # the answers, so a not-declared finding can say what to write
            answers = [{"value": o.value, "title": o.title} for o in question.options]
            texts.setdefault(key, {"label": question.label, "text": question.title, **({"answers": answers} if answers else {})})
    return dict(sorted(texts.items()))


def run_header(
    *, rules: list[Rule], catalog: Any, rules_sha256: str, selection: dict[str, list[str]], fail_on: str, engine: dict[str, str]
) -> dict[str, Any]:
    return {
        "tool": {"name": "cartagena-compliance", "version": __version__},
        "engine": engine,
        "rules": {
            "sha256": rules_sha256,
            "count": len(rules),
            "selection": selection,
            "details": {rule.id: rule_details(rule, catalog) for rule in rules},
        },
        "plan": plan_texts(rules, catalog),
        "fail_on": fail_on,
    }


def _line(positions: Any, pointer: str) -> int | None:
    position = positions.value_position(pointer)
    return position[0] if position else None


_RULE_PARTS: dict[str, dict[str, Any]] = {}
_LINK_KEYS = ("duty", "goal", "objectives", "indicators", "articles", "nr5")


def _rule_parts(rule: Rule) -> dict[str, Any]:
    """The parts of a finding that depend only on its rule, made once per rule (a batch repeats them)."""
    parts = _RULE_PARTS.get(rule.id)
    if parts is None or parts["_rule"] is not rule:
        parts = _RULE_PARTS[rule.id] = {
            "_rule": rule,
            **rule_links(rule),
            "key_areas": list(rule.key_areas),
            "activities": list(rule.activities),
        }
    return parts


def _evidence_record(item: Any, positions: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"pointer": item.pointer}
    if positions is not None:
        record["line"] = _line(positions, item.pointer)
    record["value"] = item.value
    if item.cited:
        record["cited"] = item.cited
    return record


def finding_record(finding: Finding, positions: Any = None) -> dict[str, Any]:
    rule = finding.rule
    parts = _rule_parts(rule)
    record: dict[str, Any] = {
        "rule": rule.id,
        "status": finding.status,
        **{key: parts[key] for key in _LINK_KEYS},
        "evidence": [_evidence_record(item, positions) for item in finding.evidence],
    }
    if finding.undeclared:
        record["undeclared"] = list(finding.undeclared)
    if finding.status == "gap":
        record["key_areas"] = parts["key_areas"]
        record["activities"] = parts["activities"]
    return record


def empty_summary() -> dict[str, Any]:
    summary: dict[str, Any] = {"gaps": {duty: 0 for duty in DUTIES}}
    for status in STATUSES:
        if status != "gap":
            summary[status] = 0
    return summary


def summarise(findings: Iterable[Finding]) -> dict[str, Any]:
    summary = empty_summary()
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


def profile_record(result: ProfileResult) -> dict[str, Any]:
    return {
        "file": result.file,
        "sha256": result.sha256,
        "party": result.party,
        "summary": summarise(result.findings),
        "findings": [finding_record(finding, result.positions) for finding in result.findings],
        "inconsistencies": [problem.as_dict() for problem in result.inconsistencies],
    }


@dataclass
class RunTotals:
    """What the end of a run reports: counts over every profile, and the invalid files."""

    fail_on: str
    profiles_checked: int = 0
    summary: dict[str, Any] = field(default_factory=empty_summary)
    failing_gaps: int = 0
    invalid: list[dict[str, Any]] = field(default_factory=list)

    def add_profile(self, record: dict[str, Any]) -> None:
        self.profiles_checked += 1
        for duty, count in record["summary"]["gaps"].items():
            self.summary["gaps"][duty] += count
            if duty in FAIL_ON_DUTIES[self.fail_on]:
                self.failing_gaps += count
        for status in ("met", "not_declared", "not_applicable"):
            self.summary[status] += record["summary"][status]

    def add_invalid(self, file: str, problems: list[Problem]) -> None:
        self.invalid.append({"file": file, "errors": [problem.as_dict() for problem in problems]})

    def tail(self) -> dict[str, Any]:
        return {
            "invalid": self.invalid,
            "summary": {
                "profiles_checked": self.profiles_checked,
                "profiles_invalid": len(self.invalid),
                **self.summary,
                "failing_gaps": self.failing_gaps,
            },
        }
