"""The condition language of rule files, its three-valued meaning, and its compilation to durable_rules.

A condition is a small tree of mappings (see README, "Condition language"):

    {field: PATH, exists: true|false}
    {field: PATH, equals: VALUE} / {field: PATH, one_of: [VALUE, ...]} / {field: PATH, contains: VALUE}
    {field: PATH, lt|lte|gt|gte: VALUE}                  (dates as "YYYY-MM-DD", or integers)
    {all: [COND, ...]} / {any: [COND, ...]} / {not: COND}
    {array_any: PATH, where: COND} / {array_every: PATH, where: COND}
    {array_count: PATH, where: COND (optional), lt|lte|gt|gte|equals: N}

Paths are dotted profile fields (`party.supplementary_protocol.status`); inside `where` they are
relative to one item of the array.

Meaning (Kleene's three-valued logic): a test of a field the profile does not declare is *unknown*,
and unknown propagates (`all` is false as soon as one part is false, true only when all are true;
`any` the other way round; `not` swaps true and false). A rule whose condition is true is `met`,
false is a `gap`, unknown is `not_declared`. `exists` is never unknown.

The flat fact the rules engines read is built in `engine.rulebook.facts` (items of arrays are
tested there, in Python, while the fact is built: durable_rules cannot count); each condition's
compilation to durable_rules, two expressions that match exactly when it is true and exactly when it
is false over that fact, is `engine.rulebook.durable_expressions`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, Mapping, Union

from ..rulebook.fields import FieldSpec
from ..rulebook.reading import MISSING, lookup

Scalar = Union[str, int, bool]
COMPARISONS = ("lt", "lte", "gt", "gte")
COUNT_OPERATORS = ("lt", "lte", "gt", "gte", "equals")


class ConditionError(ValueError):
    """A condition that is not well formed; the message says where (`condition.all[1].field`) and why."""


# --- The tree ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exists:
    path: str
    expected: bool


@dataclass(frozen=True)
class Compare:
    path: str
    operator: str  # equals, one_of, contains, lt, lte, gt, gte
    value: Any  # a scalar, or a tuple of scalars for one_of; dates as day numbers
    is_date: bool = False  # the field holds a date: the fact carries it as a day number


@dataclass(frozen=True)
class All:
    parts: tuple["Condition", ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple["Condition", ...]


@dataclass(frozen=True)
class Not:
    part: "Condition"


@dataclass(frozen=True)
class ArrayTest:
    quantifier: str  # any, every, count
    path: str
    where: "Condition | None"
    operator: str | None = None  # for count
    value: int | None = None

    @cached_property  # why: read per profile while facts are built
    def key(self) -> str:
        """The fact key prefix of this test's counts: stable, and the same for the same test."""
        digest = hashlib.sha256(repr(self.where).encode()).hexdigest()[:10]
        return f"{self.path}#{digest}"


Condition = Union[Exists, Compare, All, AnyOf, Not, ArrayTest]


# --- Parsing and type checking -----------------------------------------------------------------------


def _encode_value(value: Any, spec: FieldSpec, where: str) -> Scalar:
    """Checks a constant against the field it is compared with, and puts it in fact form."""
    if spec.kind == "date":
        if not isinstance(value, str):
            raise ConditionError(f"{where}: a date must be written as \"YYYY-MM-DD\", got {value!r}")
        try:
            return dt.date.fromisoformat(value).toordinal()
        except ValueError:
            raise ConditionError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None
    if spec.kind in ("enum", "enum_set"):
        if not isinstance(value, str) or value not in spec.values:
            raise ConditionError(f"{where}: {value!r} is not an allowed value of {spec.path} (allowed: {', '.join(spec.values)})")
        return value
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise ConditionError(f"{where}: {spec.path} is true or false, got {value!r}")
        return value
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConditionError(f"{where}: {spec.path} is a whole number, got {value!r}")
        return value
    if spec.kind == "text":
        if not isinstance(value, str):
            raise ConditionError(f"{where}: {spec.path} is text, got {value!r}")
        return value
    raise ConditionError(f"{where}: {spec.path} is {spec.kind}; compare its fields, not the {spec.kind} itself")


def parse_condition(raw: Any, fields: Mapping[str, FieldSpec], where: str = "condition") -> Condition:
    """Parses and type-checks one condition against the profile fields it may read."""
    if not isinstance(raw, Mapping):
        raise ConditionError(f"{where}: a condition is a mapping, got {type(raw).__name__}")
    keys = set(raw)
    if "all" in keys or "any" in keys:
        (name,) = keys if len(keys) == 1 else (None,)
        if name is None:
            raise ConditionError(f"{where}: '{'all' if 'all' in keys else 'any'}' stands alone, found also {sorted(keys)}")
        parts = raw[name]
        if not isinstance(parts, list) or not parts:
            raise ConditionError(f"{where}.{name}: a non-empty list of conditions is needed")
        parsed = tuple(parse_condition(part, fields, f"{where}.{name}[{i}]") for i, part in enumerate(parts))
        return All(parsed) if name == "all" else AnyOf(parsed)
    if "not" in keys:
        if keys != {"not"}:
            raise ConditionError(f"{where}: 'not' stands alone, found also {sorted(keys - {'not'})}")
        return Not(parse_condition(raw["not"], fields, f"{where}.not"))
    for quantifier in ("array_any", "array_every", "array_count"):
        if quantifier in keys:
            return _parse_array(quantifier, raw, fields, where)
    if "field" not in keys:
        raise ConditionError(f"{where}: expected one of field, all, any, not, array_any, array_every, array_count")
    path = raw["field"]
    spec = fields.get(path) if isinstance(path, str) else None
    if spec is None:
        raise ConditionError(f"{where}.field: {path!r} is not a field of the profile format{_did_you_mean(path, fields)}")
    tests = keys - {"field"}
    if len(tests) != 1:
        raise ConditionError(f"{where}: one test per field condition (exists, equals, one_of, contains, lt, lte, gt, gte), found {sorted(tests) or 'none'}")
    (test,) = tests
    value = raw[test]
    if test == "exists":
        if not isinstance(value, bool):
            raise ConditionError(f"{where}.exists: true or false")
        return Exists(path, value)
    if spec.kind in ("object", "array"):
        raise ConditionError(f"{where}: {path} is {'an ' + spec.kind if spec.kind == 'object' else 'an array'}; only 'exists' (or array_*) applies to it")
    if test == "equals":
        if spec.kind == "enum_set":
            raise ConditionError(f"{where}: {path} holds several answers; use 'contains'")
        return Compare(path, "equals", _encode_value(value, spec, f"{where}.equals"), spec.kind == "date")
    if test == "one_of":
        if not isinstance(value, list) or not value:
            raise ConditionError(f"{where}.one_of: a non-empty list of values")
        encoded = tuple(_encode_value(item, spec, f"{where}.one_of[{i}]") for i, item in enumerate(value))
        return Compare(path, "one_of", encoded, spec.kind == "date")
    if test == "contains":
        if spec.kind != "enum_set":
            raise ConditionError(f"{where}: 'contains' applies to fields that hold several answers; {path} holds one")
        return Compare(path, "contains", _encode_value(value, spec, f"{where}.contains"))
    if test in COMPARISONS:
        if spec.kind not in ("date", "int"):
            raise ConditionError(f"{where}: '{test}' compares dates or numbers; {path} is {spec.kind}")
        return Compare(path, test, _encode_value(value, spec, f"{where}.{test}"), spec.kind == "date")
    raise ConditionError(f"{where}: unknown test '{test}' (exists, equals, one_of, contains, lt, lte, gt, gte)")


def _parse_array(quantifier: str, raw: Mapping[str, Any], fields: Mapping[str, FieldSpec], where: str) -> ArrayTest:
    path = raw[quantifier]
    spec = fields.get(path) if isinstance(path, str) else None
    if spec is None or spec.kind != "array" or spec.items is None:
        raise ConditionError(f"{where}.{quantifier}: {path!r} is not an array of items in the profile format")
    allowed = {quantifier, "where"} | (set(COUNT_OPERATORS) if quantifier == "array_count" else set())
    unknown = set(raw) - allowed
    if unknown:
        raise ConditionError(f"{where}: unexpected {sorted(unknown)} beside {quantifier}")
    where_raw = raw.get("where")
    item_condition = None if where_raw is None else parse_condition(where_raw, spec.items, f"{where}.where")
    if quantifier == "array_count":
        operators = [name for name in COUNT_OPERATORS if name in raw]
        if len(operators) != 1:
            raise ConditionError(f"{where}: array_count needs exactly one of {', '.join(COUNT_OPERATORS)}")
        number = raw[operators[0]]
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 1000:
            raise ConditionError(f"{where}.{operators[0]}: a whole number from 0 to 1000")
        return ArrayTest("count", path, item_condition, operators[0], number)
    if item_condition is None:
        raise ConditionError(f"{where}: {quantifier} needs 'where'")
    return ArrayTest(quantifier.removeprefix("array_"), path, item_condition)


def _did_you_mean(path: Any, fields: Mapping[str, FieldSpec]) -> str:
    import difflib

    if not isinstance(path, str):
        return ""
    close = difflib.get_close_matches(path, list(fields), n=2, cutoff=0.6)
    return f"; did you mean {' or '.join(close)}?" if close else ""


# --- What a condition reads ------------------------------------------------------------------------


def profile_paths(condition: Condition) -> tuple[str, ...]:
    """The profile fields a condition reads, in order of appearance, without repeats."""
    seen: dict[str, None] = {}

    def walk(node: Condition) -> None:
        if isinstance(node, (Exists, Compare, ArrayTest)):
            seen.setdefault(node.path, None)
        elif isinstance(node, (All, AnyOf)):
            for part in node.parts:
                walk(part)
        elif isinstance(node, Not):
            walk(node.part)

    walk(condition)
    return tuple(seen)


def fact_keys(condition: Condition) -> frozenset[str]:
    """The keys of the flat fact a condition's compiled form reads."""
    keys: set[str] = set()

    def walk(node: Condition) -> None:
        if isinstance(node, Exists):
            keys.add(node.path)
        elif isinstance(node, Compare):
            keys.add(contains_key(node.path, node.value) if node.operator == "contains" else node.path)
        elif isinstance(node, ArrayTest):
            keys.update(f"{node.key}#{suffix}" for suffix in ("t", "f", "tu", "nt"))
            keys.add(node.path)
        elif isinstance(node, (All, AnyOf)):
            for part in node.parts:
                walk(part)
        elif isinstance(node, Not):
            walk(node.part)

    walk(condition)
    return frozenset(keys)


def contains_key(path: str, value: Any) -> str:
    return f"{path}#has={value}"


# --- Walking the tree ------------------------------------------------------------------------------


def iter_nodes(condition: Condition) -> Iterable[Condition]:
    yield condition
    if isinstance(condition, (All, AnyOf)):
        for part in condition.parts:
            yield from iter_nodes(part)
    elif isinstance(condition, Not):
        yield from iter_nodes(condition.part)


# --- The reference meaning -----------------------------------------------------------------------------


def _compare(operator: str, left: Any, right: Any) -> bool:
    if operator == "lt":
        return left < right
    if operator == "lte":
        return left <= right
    if operator == "gt":
        return left > right
    if operator == "gte":
        return left >= right
    return left == right


def evaluate(condition: Condition, fact: Mapping[str, Any]) -> bool | None:
    """Three-valued meaning of a condition over a flat fact: True, False or None (unknown).
    The engine answers with durable_rules; this is the definition its answers are tested against."""
    if isinstance(condition, Exists):
        return (condition.path in fact) is condition.expected
    if isinstance(condition, Compare):
        if condition.operator == "contains":
            key = contains_key(condition.path, condition.value)
            return fact[key] if key in fact else None
        if condition.path not in fact:
            return None
        value = fact[condition.path]
        if condition.operator == "one_of":
            return value in condition.value
        return _compare(condition.operator, value, condition.value)
    if isinstance(condition, All):
        results = [evaluate(part, fact) for part in condition.parts]
        return False if False in results else (None if None in results else True)
    if isinstance(condition, AnyOf):
        results = [evaluate(part, fact) for part in condition.parts]
        return True if True in results else (None if None in results else False)
    if isinstance(condition, Not):
        result = evaluate(condition.part, fact)
        return None if result is None else not result
    if isinstance(condition, ArrayTest):
        if condition.path not in fact:
            return None
        true, false = fact[f"{condition.key}#t"], fact[f"{condition.key}#f"]
        true_or_unknown, not_true = fact[f"{condition.key}#tu"], fact[f"{condition.key}#nt"]
        if condition.quantifier == "any":
            return True if true >= 1 else (False if true_or_unknown == 0 else None)
        if condition.quantifier == "every":
            return True if not_true == 0 else (False if false >= 1 else None)
        low, high = true, true_or_unknown
        holds_low = _compare(condition.operator or "equals", low, condition.value)
        holds_high = _compare(condition.operator or "equals", high, condition.value)
        if low == high:
            return holds_low
        if condition.operator == "equals":
            return False if not (low <= (condition.value or 0) <= high) else None
        return holds_low if holds_low == holds_high else None
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def describe(condition: Condition) -> str:
    """A one-line rendering of a condition, for `cartagena rules`."""
    if isinstance(condition, Exists):
        return f"{condition.path} is {'declared' if condition.expected else 'not declared'}"
    if isinstance(condition, Compare):
        value = condition.value
        if condition.is_date:
            value = [dt.date.fromordinal(day).isoformat() for day in value] if isinstance(value, tuple) else dt.date.fromordinal(value).isoformat()
        shown = json.dumps(list(value) if isinstance(value, tuple) else value)
        return f"{condition.path} {condition.operator.replace('_', ' ')} {shown}"
    if isinstance(condition, All):
        return "(" + " and ".join(describe(part) for part in condition.parts) + ")"
    if isinstance(condition, AnyOf):
        return "(" + " or ".join(describe(part) for part in condition.parts) + ")"
    if isinstance(condition, Not):
        return f"not {describe(condition.part)}"
    if isinstance(condition, ArrayTest):
        inner = f" where {describe(condition.where)}" if condition.where else ""
        if condition.quantifier == "count":
            return f"count of {condition.path}{inner} {condition.operator} {condition.value}"
        return f"{condition.quantifier} of {condition.path}{inner}"
    return repr(condition)  # pragma: no cover


__all__ = [
    "All",
    "AnyOf",
    "ArrayTest",
    "Compare",
    "Condition",
    "ConditionError",
    "Exists",
    "Not",
    "MISSING",
    "describe",
    "evaluate",
    "fact_keys",
    "iter_nodes",
    "lookup",
    "parse_condition",
    "profile_paths",
]
