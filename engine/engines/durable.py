"""The durable_rules engine: each rule becomes probes (one matching exactly when its condition is
true, one exactly when it is false, the same for `applies_when`), evaluated by durable_rules through
`engine.durable_adapter`; a rule's status is read from which probes fired."""

from __future__ import annotations

from typing import Any, Literal, Mapping, Sequence

from ..durable_adapter import DurableEvaluator
from ..rulebook.conditions import fact_keys
from ..rulebook.durable_expressions import compile_truth
from ..rulebook.model import Rule, Status


class DurableRuleEngine:
    name: Literal["durable"] = "durable"

    def __init__(self, rules: Sequence[Rule]):
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
        self._durable = DurableEvaluator(probes, fields)
        # each rule's probes by their index in the evaluator's flags, made once (the hot loop reads
        # a flag per probe; -1: the rule has no applies_when)
        index = {pid: position for position, pid in enumerate(self._durable.probe_ids)}
        self._probe_indexes = tuple(
            (
                index.get(f"{rule.id}|applies", -1),
                index.get(f"{rule.id}|not_applicable", -1),
                index[f"{rule.id}|met"],
                index[f"{rule.id}|gap"],
            )
            for rule in self.rules
        )

    @property
    def adapter(self) -> DurableEvaluator:
        """The durable_rules rulesets the probes run in (the benchmark times their calls alone)."""
        return self._durable

    def statuses(self, fact: Mapping[str, Any]) -> list[Status]:
        fired = self._durable.fired_flags(fact)
        out: list[Status] = []
        for applies, not_applicable, met, gap in self._probe_indexes:
            if applies >= 0:
                if fired[not_applicable]:
                    out.append("not_applicable")
                    continue
                if not fired[applies]:
                    out.append("not_declared")
                    continue
            out.append("met" if fired[met] else "gap" if fired[gap] else "not_declared")
        return out

    def close(self) -> None:
        self._durable.close()
