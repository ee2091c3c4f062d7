"""How conditions and facts are written for durable_rules 2.0.28, and what a set of probes reads:
the plain-data half of `engine.durable_adapter` (which alone talks to durable_rules), apart for size.
Its pitfalls 10, 11 and 13 are here: typed constants (`encode_constant`: strings prefixed `s:`,
booleans `b:true`/`b:false`, integers within +-2**53), ordering comparisons guarded by type, fields
renamed, array operators over `$i`; and the weight of a condition (its `$or` branches), by which the
adapter packs probes into rulesets under the C core's limits (pitfall 8).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

MAX_SAFE_INT = 2**53
"""Largest magnitude of an integer accepted in facts and conditions (durable parses with atoll)."""

_COMPARISONS = ("$lt", "$lte", "$gt", "$gte", "$neq", "$mt", "$imt")
_EXISTENCE = ("$ex", "$nex")
_ARRAY = ("$iany", "$iall")
_ORDERING = ("$lt", "$lte", "$gt", "$gte")


# ---------------------------------------------------------------- encoding


def encode_constant(value: Any) -> str | int:
    """Encode a scalar so that durable cannot coerce it into another type.

    ``"x" -> "s:x"``, ``True -> "b:true"``, ``False -> "b:false"``, ints stay
    ints (within +-2**53).  Anything else raises ``ValueError``.
    """
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "b:true" if value else "b:false"
    if isinstance(value, int):
        if -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
            return value
        raise ValueError(
            f"integer {value} is outside +-2**53: durable_rules parses integers "
            "with atoll and would compare it wrongly"
        )
    if isinstance(value, str):
        return "s:" + value
    if isinstance(value, float):
        raise ValueError(
            f"float {value!r} is not accepted: durable_rules fails on exponent "
            "floats (error 204) and coerces numbers; use an int or a string"
        )
    raise ValueError(
        f"value {value!r} of type {type(value).__name__} is not accepted: "
        "only str, bool and int within +-2**53"
    )


def _encode_value(value: Any, where: str) -> Any:
    """Encode a fact value: a scalar, or an array of scalars / flat objects."""
    try:
        if isinstance(value, list):
            return [_encode_item(item) for item in value]
        return encode_constant(value)
    except ValueError as error:
        raise ValueError(f"fact key {where!r}: {error}") from None


def _encode_fast(value: Any, where: str) -> Any:
    """encode_constant's common cases without isinstance chains (hot path)."""
    kind = type(value)
    if kind is str:
        return "s:" + value
    if kind is int and -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
        return value
    if kind is bool:
        return "b:true" if value else "b:false"
    return _encode_value(value, where)  # lists, subclasses, and every error


def _encode_item(item: Any) -> Any:
    if isinstance(item, dict):
        out = {}
        for key, val in item.items():
            _check_item_key(key)
            out[key] = encode_constant(val)
        return out
    return encode_constant(item)


def _check_item_key(key: Any) -> None:
    # why: array items are not renamed, so their keys must be safe as they are
    if not (isinstance(key, str) and key.isidentifier() and key.isascii()) or key in ("sid", "id"):
        raise ValueError(
            f"array item key {key!r} must be an ASCII identifier other than 'sid'/'id'"
        )


def encode_condition(expr: Mapping[str, Any], *, _rename: Mapping[str, str] | None = None) -> dict:
    """Return a copy of a durable condition with every constant encoded.

    Supported forms (anything else raises ``ValueError``)::

        {"f": CONST}                         equality
        {"$lt"|"$lte"|"$gt"|"$gte"|"$neq": {"f": CONST}}
        {"$mt"|"$imt": {"f": "regex"}}      (encoded as "s:(regex)")
        {"$ex"|"$nex": {"f": 1}}
        {"$and"|"$or": [EXPR, ...]}
        {"$iany"|"$iall": {"f": ITEM_EXPR}}  ITEM_EXPR reads "$i" or "$i.key"

    Ordering comparisons get a type guard, because durable orders every string
    above every number: an int constant adds ``{"$lte": {f: 2**53}}`` (false
    for strings), a string constant under ``$lt``/``$lte`` adds
    ``{"$gte": {f: "s:"}}`` (false for numbers and booleans).  Ordering a
    boolean raises ``ValueError``.
    """
    return _walk(expr, _rename, in_array=False)


def _field(name: Any, rename: Mapping[str, str] | None, in_array: bool) -> str:
    if not isinstance(name, str) or name.startswith("$") and not in_array:
        raise ValueError(f"unsupported field name {name!r} in condition")
    if in_array:
        if name != "$i" and not (name.startswith("$i.") and name[3:].isidentifier() and name[3:].isascii()):
            raise ValueError(f"inside $iany/$iall, fields must be '$i' or '$i.<identifier>', not {name!r}")
        return name
    return rename[name] if rename is not None else name


def _single(node: Any, what: str) -> tuple[str, Any]:
    if not (type(node) is dict or isinstance(node, Mapping)) or len(node) != 1:  # (a dict: no ABC check)
        raise ValueError(f"{what} must be an object with exactly one key, got {node!r}")
    return next(iter(node.items()))


def _walk(expr: Any, rename: Mapping[str, str] | None, in_array: bool) -> dict:
    key, arg = _single(expr, "a condition")
    if key in ("$and", "$or"):
        if not isinstance(arg, list) or not arg:
            raise ValueError(f"{key} needs a non-empty list, got {arg!r}")
        return {key: [_walk(sub, rename, in_array) for sub in arg]}
    if key in _EXISTENCE:
        name, _ = _single(arg, key)
        return {key: {_field(name, rename, in_array): 1}}
    if key in _ARRAY:
        if in_array:
            raise ValueError("nested $iany/$iall are not supported")
        name, inner = _single(arg, key)
        return {key: {_field(name, rename, False): _walk(inner, None, True)}}
    if key in _COMPARISONS:
        name, const = _single(arg, key)
        field = _field(name, rename, in_array)
        if key in ("$mt", "$imt"):
            if not isinstance(const, str):
                raise ValueError(f"{key} needs a string pattern, got {const!r}")
            return {key: {field: "s:(" + const + ")"}}  # group: keep '|' inside
        enc = _constant(const)
        node = {key: {field: enc}}
        if key in _ORDERING:
            if isinstance(const, bool):
                raise ValueError(f"{key} on a boolean constant makes no sense")
            guard = (
                {"$lte": {field: MAX_SAFE_INT}}
                if isinstance(const, int)
                else ({"$gte": {field: "s:"}} if key in ("$lt", "$lte") else None)
            )
            if guard is not None:
                return {"$and": [node, guard]}
        return node
    if key.startswith("$") and not (in_array and (key == "$i" or key.startswith("$i."))):
        raise ValueError(f"unsupported operator {key!r}")
    # plain equality {"f": CONST}
    return {_field(key, rename, in_array): _constant(arg)}


def _constant(const: Any) -> str | int:
    if isinstance(const, (dict, list)):
        raise ValueError(f"only constants may be compared, got {const!r}")
    return encode_constant(const)


def condition_fields(expr: Mapping[str, Any]) -> frozenset[str]:
    """The top-level fact keys a (plain or encoded) condition reads."""
    out: set[str] = set()

    def visit(node: Any) -> None:
        key, arg = _single(node, "a condition")
        if key in ("$and", "$or"):
            for sub in arg:
                visit(sub)
        elif key in _EXISTENCE or key in _ARRAY or key in _COMPARISONS:
            name, _ = _single(arg, key)
            out.add(name)
        else:
            out.add(key)

    visit(expr)
    return frozenset(out)


def _weight(expr: Any) -> int:
    """Number of DNF branches: durable compiles (and fires) each $or branch separately."""
    key, arg = _single(expr, "a condition")
    if key == "$or":
        return sum(_weight(sub) for sub in arg)
    if key == "$and":
        product = 1
        for sub in arg:
            product *= _weight(sub)
        return product
    return 1


# ---------------------------------------------------------------- probe set


@dataclass(frozen=True)
class ProbeSet:
    """Immutable description of what to compile: conditions and the keys they read."""

    probes: Mapping[str, dict]
    fields: Mapping[str, frozenset[str]]

    @classmethod
    def build(cls, probes: Mapping[str, dict], fields: Mapping[str, Iterable[str]] | None = None) -> "ProbeSet":
        """Check ids, derive fields from the conditions, check the given ones cover them."""
        if not probes:
            raise ValueError("no probes given")
        checked: dict[str, frozenset[str]] = {}
        for pid in sorted(probes):
            if not isinstance(pid, str) or not pid:
                raise ValueError(f"probe id must be a non-empty string, got {pid!r}")
            derived = condition_fields(probes[pid])
            given = frozenset(fields[pid]) if fields is not None and pid in fields else derived
            missing = derived - given
            if missing:  # why: an undeclared key would silently read as missing
                raise ValueError(f"probe {pid!r} reads {sorted(missing)} not listed in its fields")
            checked[pid] = given
        frozen_probes = {pid: json.loads(json.dumps(probes[pid])) for pid in sorted(probes)}
        return cls(probes=_FrozenDict(frozen_probes), fields=_FrozenDict(checked))


class _FrozenDict(dict):
    """A dict that refuses mutation (keeps ProbeSet immutable and hashable-free)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("ProbeSet is immutable")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]


def _rename_only(expr: Any, rename: Mapping[str, str], in_array: bool = False) -> dict:
    """Rename fields of an already-encoded condition (``encoded=True``)."""
    key, arg = _single(expr, "a condition")
    if key in ("$and", "$or"):
        return {key: [_rename_only(sub, rename, in_array) for sub in arg]}
    if key in _EXISTENCE or key in _COMPARISONS:
        name, value = _single(arg, key)
        return {key: {_field(name, rename, in_array): value}}
    if key in _ARRAY:
        name, inner = _single(arg, key)
        return {key: {_field(name, rename, False): _rename_only(inner, rename, True)}}
    return {_field(key, rename, in_array): arg}
