"""The pure-Python engine: every condition of the rulebook compiled once into a closure over the
flat fact (`engine.rulebook.conditions.FactPlan`), giving Kleene's three-valued answer (True, False,
or None for unknown) exactly as `engine.rulebook.conditions.evaluate` defines it, without walking
the condition tree per profile. Nothing from a rule file is executed: the closures are built from
the parsed, type-checked condition tree, whose constants are plain strings, integers and booleans.
"""

from __future__ import annotations

from typing import Any, Callable, Literal, Mapping, Sequence

from ..rulebook.conditions import All, AnyOf, ArrayTest, Compare, Condition, Exists, Not, contains_key
from ..rulebook.model import Rule, Status

Truth = Callable[[Mapping[str, Any]], "bool | None"]

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "lt": lambda left, right: left < right,
    "lte": lambda left, right: left <= right,
    "gt": lambda left, right: left > right,
    "gte": lambda left, right: left >= right,
    "equals": lambda left, right: left == right,
}
_ABSENT = object()


def compile_condition(condition: Condition) -> Truth:
    """A closure giving the condition's three-valued truth for a flat fact."""
    if isinstance(condition, Exists):
        path, expected = condition.path, condition.expected
        return lambda fact: (path in fact) is expected
    if isinstance(condition, Compare):
        return _compile_compare(condition)
    if isinstance(condition, All):
        parts = tuple(compile_condition(part) for part in condition.parts)

        def all_of(fact: Mapping[str, Any]) -> bool | None:
            unknown = False
            for part in parts:
                result = part(fact)
                if result is False:
                    return False
                if result is None:
                    unknown = True
            return None if unknown else True

        return all_of
    if isinstance(condition, AnyOf):
        parts = tuple(compile_condition(part) for part in condition.parts)

        def any_of(fact: Mapping[str, Any]) -> bool | None:
            unknown = False
            for part in parts:
                result = part(fact)
                if result is True:
                    return True
                if result is None:
                    unknown = True
            return None if unknown else False

        return any_of
    if isinstance(condition, Not):
        inner = compile_condition(condition.part)

        def negation(fact: Mapping[str, Any]) -> bool | None:
            result = inner(fact)
            return None if result is None else not result

        return negation
    if isinstance(condition, ArrayTest):
        return _compile_array(condition)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def _compile_compare(condition: Compare) -> Truth:
    path, value = condition.path, condition.value
    if condition.operator == "contains":
        key = contains_key(path, value)
        return lambda fact: fact.get(key)  # the fact holds True/False there, or nothing (unknown)
    if condition.operator == "one_of":
        choices = value

        def one_of(fact: Mapping[str, Any]) -> bool | None:
            declared = fact.get(path, _ABSENT)
            return None if declared is _ABSENT else declared in choices

        return one_of
    if condition.operator == "equals":

        def equals(fact: Mapping[str, Any]) -> bool | None:
            declared = fact.get(path, _ABSENT)
            return None if declared is _ABSENT else declared == value

        return equals
    order = _ORDER[condition.operator]

    def compare(fact: Mapping[str, Any]) -> bool | None:
        declared = fact.get(path, _ABSENT)
        return None if declared is _ABSENT else order(declared, value)

    return compare


def _compile_array(condition: ArrayTest) -> Truth:
    path, prefix = condition.path, condition.key
    t, f, tu, nt = (f"{prefix}#{suffix}" for suffix in ("t", "f", "tu", "nt"))
    if condition.quantifier == "any":
        return lambda fact: None if path not in fact else (True if fact[t] >= 1 else (False if fact[tu] == 0 else None))
    if condition.quantifier == "every":
        return lambda fact: None if path not in fact else (True if fact[nt] == 0 else (False if fact[f] >= 1 else None))
    operator, number = condition.operator or "equals", condition.value or 0
    order = _ORDER[operator]

    def count(fact: Mapping[str, Any]) -> bool | None:
        if path not in fact:
            return None
        low, high = fact[t], fact[tu]  # the count of true items lies in [low, high]
        holds_low = order(low, number)
        if low == high:
            return holds_low
        if operator == "equals":
            return False if not low <= number <= high else None
        return holds_low if holds_low == order(high, number) else None

    return count


class PythonRuleEngine:
    name: Literal["python"] = "python"

    def __init__(self, rules: Sequence[Rule]):
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._compiled: tuple[tuple[Truth | None, Truth], ...] = tuple(
            (None if rule.applies_when is None else compile_condition(rule.applies_when), compile_condition(rule.condition))
            for rule in self.rules
        )

    def statuses(self, fact: Mapping[str, Any]) -> list[Status]:
        out: list[Status] = []
        for applies, condition in self._compiled:
            if applies is not None:
                applicable = applies(fact)
                if applicable is False:
                    out.append("not_applicable")
                    continue
                if applicable is None:
                    out.append("not_declared")
                    continue
            result = condition(fact)
            out.append("met" if result is True else "gap" if result is False else "not_declared")
        return out

    def close(self) -> None:
        """Nothing to release; here so both engines share one interface."""
