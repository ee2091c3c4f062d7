"""Each condition compiled to two durable_rules expressions over the flat fact
(`engine.rulebook.facts`): one that matches exactly when the condition is true, one exactly when it
is false (Kleene's three-valued meaning, `engine.rulebook.conditions.evaluate`: an unknown test
matches neither). `engine.engines.durable` makes a rule's probes of them."""

from __future__ import annotations

from typing import Any

from .conditions import All, AnyOf, ArrayTest, Compare, Condition, Exists, Not, contains_key

_DURABLE_COMPARE = {"lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_NEGATE = {"lt": "gte", "lte": "gt", "gt": "lte", "gte": "lt"}


def _and(parts: list[dict[str, Any]]) -> dict[str, Any]:
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _or(parts: list[dict[str, Any]]) -> dict[str, Any]:
    return parts[0] if len(parts) == 1 else {"$or": parts}


def _exists(key: str) -> dict[str, Any]:
    return {"$ex": {key: 1}}


def _cmp(operator: str, key: str, value: Any) -> dict[str, Any]:
    if operator == "equals":
        return {key: value}
    if operator == "not_equals":
        return {"$neq": {key: value}}
    return {_DURABLE_COMPARE[operator]: {key: value}}


def _count_truth(operator: str, value: int, t: str, tu: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Count of true items lies in [t, tu]: when is `count <op> value` surely true, surely false?"""
    if operator == "gte":
        return _cmp("gte", t, value), _cmp("lt", tu, value)
    if operator == "gt":
        return _cmp("gt", t, value), _cmp("lte", tu, value)
    if operator == "lte":
        return _cmp("lte", tu, value), _cmp("gt", t, value)
    if operator == "lt":
        return _cmp("lt", tu, value), _cmp("gte", t, value)
    return _and([_cmp("equals", t, value), _cmp("equals", tu, value)]), _or([_cmp("gt", t, value), _cmp("lt", tu, value)])


def compile_truth(condition: Condition) -> tuple[dict[str, Any], dict[str, Any]]:
    """(matches exactly when true, matches exactly when false), as durable_rules expressions."""
    if isinstance(condition, Exists):
        present, absent = _exists(condition.path), {"$nex": {condition.path: 1}}
        return (present, absent) if condition.expected else (absent, present)
    if isinstance(condition, Compare):
        key = condition.path
        if condition.operator == "contains":
            key = contains_key(condition.path, condition.value)
            return {key: True}, {key: False}
        if condition.operator == "equals":
            return {key: condition.value}, _and([_exists(key), _cmp("not_equals", key, condition.value)])
        if condition.operator == "one_of":
            return (
                _or([{key: value} for value in condition.value]),
                _and([_exists(key)] + [_cmp("not_equals", key, value) for value in condition.value]),
            )
        return (
            _and([_exists(key), _cmp(condition.operator, key, condition.value)]),
            _and([_exists(key), _cmp(_NEGATE[condition.operator], key, condition.value)]),
        )
    if isinstance(condition, All):
        compiled = [compile_truth(part) for part in condition.parts]
        return _and([true for true, _ in compiled]), _or([false for _, false in compiled])
    if isinstance(condition, AnyOf):
        compiled = [compile_truth(part) for part in condition.parts]
        return _or([true for true, _ in compiled]), _and([false for _, false in compiled])
    if isinstance(condition, Not):
        true, false = compile_truth(condition.part)
        return false, true
    if isinstance(condition, ArrayTest):
        prefix = condition.key
        t, f, tu, nt = (f"{prefix}#{suffix}" for suffix in ("t", "f", "tu", "nt"))
        if condition.quantifier == "any":
            return _cmp("gte", t, 1), _cmp("equals", tu, 0)
        if condition.quantifier == "every":
            return _cmp("equals", nt, 0), _cmp("gte", f, 1)
        return _count_truth(condition.operator or "equals", condition.value or 0, t, tu)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


__all__ = ["compile_truth"]
