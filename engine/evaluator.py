"""Turns a Party's profile and the rulebook into findings: exactly one per rule, each `gap`, `met`,
`not_declared` or `not_applicable`, with the evidence read from the profile.

The conditions are evaluated by durable_rules (through `engine.durable_adapter`); this module only
builds the flat fact and reads back which probes fired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from engine.durable_adapter import DurableEvaluator
from engine.rulebook.conditions import MISSING, FactPlan, compile_truth, fact_keys, lookup
from engine.rulebook.model import Rule, Status

@dataclass(frozen=True)
class Evidence:
    """One value the rule read, where it is in the profile, and what the profile cites for it."""

    pointer: str
    value: Any  # as written in the profile (JSON values; dates as YYYY-MM-DD)
    cited: tuple[Mapping[str, Any], ...] = ()  # the declaration's own evidence entries (instrument, BCH record, ...)


@dataclass(frozen=True)
class Finding:
    rule: Rule
    status: Status
    evidence: tuple[Evidence, ...]
    undeclared: tuple[str, ...] = field(default=())  # pointers of what the rule needed but the profile does not declare

    @property
    def message(self) -> str:
        return self.rule.messages[self.status]


def _pointer(path: str) -> str:
    return "/" + path.replace(".", "/")


def profile_data(profile: Any) -> dict[str, Any]:
    """What the Party wrote, as the JSON it came from (dates as YYYY-MM-DD): the data `evaluate` reads.
    `cartagena check` uses the parsed file itself (`ProfileCheck.data`); this rebuilds it from a model."""
    return profile.model_dump(mode="json", by_alias=True, exclude_unset=True)


class Evaluator:
    """Compiles a rulebook once; evaluates any number of profiles with it."""

    def __init__(self, rules: Iterable[Rule]):
        self.rules: tuple[Rule, ...] = tuple(rules)
        probes: dict[str, dict[str, Any]] = {}
        fields: dict[str, frozenset[str]] = {}
        for rule in self.rules:
            met, gap = compile_truth(rule.condition)
            probes[f"{rule.id}|met"], probes[f"{rule.id}|gap"] = met, gap
            fields[f"{rule.id}|met"] = fields[f"{rule.id}|gap"] = fact_keys(rule.condition)
            if rule.applies_when is not None:
                applies, not_applicable = compile_truth(rule.applies_when)
                probes[f"{rule.id}|applies"], probes[f"{rule.id}|not_applicable"] = applies, not_applicable
                fields[f"{rule.id}|applies"] = fields[f"{rule.id}|not_applicable"] = fact_keys(rule.applies_when)
        self._facts = FactPlan(
            [rule.condition for rule in self.rules] + [rule.applies_when for rule in self.rules if rule.applies_when is not None]
        )
        # per rule: (path, its JSON pointer, the path of the declaration whose evidence it shows, or None)
        self._reads = {
            rule.id: tuple(
                (path, _pointer(path), path.rsplit(".", 1)[0] if path.endswith(".answer") else None) for path in rule.reads
            )
            for rule in self.rules
        }
        self._durable = DurableEvaluator(probes, fields)

    def close(self) -> None:
        self._durable.close()

    def __enter__(self) -> "Evaluator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def evaluate(self, data: Mapping[str, Any]) -> list[Finding]:
        """One finding per rule, in the order of `self.rules`. `data` is the profile's JSON data: the
        parsed file (`ProfileCheck.data`), or `profile_data(profile)`."""
        fired = self._durable.fired(self._facts.build(data))
        return [self._finding(rule, fired, data) for rule in self.rules]

    @staticmethod
    def status(rule: Rule, fired: frozenset[str]) -> Status:
        if rule.applies_when is not None:
            if f"{rule.id}|not_applicable" in fired:
                return "not_applicable"
            if f"{rule.id}|applies" not in fired:
                return "not_declared"
        if f"{rule.id}|met" in fired:
            return "met"
        if f"{rule.id}|gap" in fired:
            return "gap"
        return "not_declared"

    def _finding(self, rule: Rule, fired: frozenset[str], data: Mapping[str, Any]) -> Finding:
        status = self.status(rule, fired)
        evidence: list[Evidence] = []
        undeclared: list[str] = []
        for path, pointer, declaration_path in self._reads[rule.id]:
            value = lookup(data, path)
            if value is MISSING:
                undeclared.append(pointer)
                continue
            cited: tuple[Mapping[str, Any], ...] = ()
            if declaration_path is not None:
                declaration = lookup(data, declaration_path)
                if isinstance(declaration, dict) and declaration.get("evidence"):
                    cited = tuple(declaration["evidence"])
            evidence.append(Evidence(pointer, value, cited))
        return Finding(rule, status, tuple(evidence), tuple(undeclared) if status == "not_declared" else ())
