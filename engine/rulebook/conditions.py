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

Compilation: each condition becomes two durable_rules expressions, one that matches exactly when the
condition is true and one exactly when it is false, over a flat fact (see `build_fact`). Items of
arrays are tested here in Python while the fact is built (durable_rules cannot count), and
durable_rules compares the counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, Mapping, Sequence, Union

from ..rulebook.fields import FieldSpec
from ..rulebook.reading import MISSING, PathReader, lookup

Scalar = Union[str, int, bool]
COMPARISONS = ("lt", "lte", "gt", "gte")
COUNT_OPERATORS = ("lt", "lte", "gt", "gte", "equals")
_DURABLE_COMPARE = {"lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_NEGATE = {"lt": "gte", "lte": "gt", "gt": "lte", "gte": "lt"}


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


# --- Flat facts --------------------------------------------------------------------------------------


def _day_number(value: Any) -> Any:
    """A date (as written in a profile, YYYY-MM-DD, or a date object) as a number that compares as dates do."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value).toordinal()
    if isinstance(value, dt.date):
        return value.toordinal()
    return value


def iter_nodes(condition: Condition) -> Iterable[Condition]:
    yield condition
    if isinstance(condition, (All, AnyOf)):
        for part in condition.parts:
            yield from iter_nodes(part)
    elif isinstance(condition, Not):
        yield from iter_nodes(condition.part)


class FactPlan:
    """What the flat fact of a set of conditions holds, worked out once; `build` then reads each
    profile with one lookup per field."""

    def __init__(self, conditions: Iterable[Condition]):
        leaves: dict[str, None] = {}
        dates: set[str] = set()
        contains: dict[str, tuple[str, Any]] = {}
        arrays: dict[str, ArrayTest] = {}
        for condition in conditions:
            for node in iter_nodes(condition):
                if isinstance(node, Exists) or (isinstance(node, Compare) and node.operator != "contains"):
                    leaves.setdefault(node.path, None)
                    if isinstance(node, Compare) and node.is_date:
                        dates.add(node.path)
                elif isinstance(node, Compare):
                    contains.setdefault(contains_key(node.path, node.value), (node.path, node.value))
                elif isinstance(node, ArrayTest):
                    arrays.setdefault(node.key, node)
        self.leaves = tuple((path, tuple(path.split(".")), path in dates) for path in leaves)
        self.contains = tuple((key, tuple(path.split(".")), value) for key, (path, value) in contains.items())
        # each array test with the fact plan of one item (its `where`), made once
        self.arrays = tuple(
            (node, tuple(f"{node.key}#{suffix}" for suffix in ("t", "f", "tu", "nt")), tuple(node.path.split(".")),
             None if node.where is None else FactPlan([node.where]))
            for node in arrays.values()
        )
        # every path the fact reads, read in one pass over the data: leaves, then contains, then arrays
        self.paths: tuple[tuple[str, ...], ...] = (
            *(parts for _, parts, _ in self.leaves), *(parts for _, parts, _ in self.contains), *(entry[2] for entry in self.arrays)
        )

    @cached_property
    def _reader(self) -> PathReader:
        """Compiled on first use: `Evaluator` reads these paths with its own reader (one pass for
        the evidence and the fact), so a `check` never compiles this one (a few ms of its start)."""
        return PathReader(self.paths)

    def build(self, data: Mapping[str, Any], values: Sequence[Any] | None = None) -> dict[str, Any]:
        """The flat fact of `data`; `values`: what `self.paths` read in it, when already read (by a
        reader of more paths: the evaluator reads the evidence in the same pass)."""
        fact: dict[str, Any] = {}
        if values is None:
            values = self._reader.read(data)
        for (path, _, is_date), value in zip(self.leaves, values):
            if value is not MISSING:
                if isinstance(value, (dict, list, tuple)):
                    value = True
                elif is_date or isinstance(value, dt.date):
                    value = _day_number(value)
                fact[path] = value
        leaves = len(self.leaves)
        for (key, _, wanted), value in zip(self.contains, values[leaves:]):
            if value is not MISSING:
                fact[key] = wanted in value
        for (node, (t_key, f_key, tu_key, nt_key), _, item_plan), items in zip(self.arrays, values[leaves + len(self.contains):]):
            if items is MISSING:
                continue
            fact[node.path] = True
            true = false = 0
            for item in items:
                result = True if item_plan is None else evaluate(node.where, item_plan.build(item))  # type: ignore[arg-type]
                true += result is True
                false += result is False
            size = len(items)
            fact[t_key] = true
            fact[f_key] = false
            fact[tu_key] = size - false
            fact[nt_key] = size - true
        return fact


def build_fact(data: Mapping[str, Any], conditions: Iterable[Condition]) -> dict[str, Any]:
    """The flat fact the compiled conditions read: declared leaf values (dates as day numbers),
    and for arrays the counts of items for which `where` is true / false (computed here, because
    durable_rules cannot count)."""
    return FactPlan(conditions).build(data)


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


# --- Compilation to durable_rules expressions ------------------------------------------------------------


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
    "FactPlan",
    "build_fact",
    "compile_truth",
    "describe",
    "evaluate",
    "fact_keys",
    "lookup",
    "parse_condition",
    "profile_paths",
]
