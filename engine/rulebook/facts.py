"""The flat fact of a profile: what the compiled conditions of a rulebook read (both rules engines,
`engine.engines`), built with one lookup per field the conditions name.

Declared leaf values are kept as written (dates as day numbers, so that they compare as dates do;
an object or array declared is `True`); a `contains` test becomes a key of its own; for each array
test, the counts of items for which its `where` is true and false (tested here, in Python, with the
reference meaning of `engine.rulebook.conditions`: durable_rules cannot count) from which each
engine decides `any`, `every` and counts. A field the profile does not declare has no key.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any, Iterable, Mapping, Sequence

from .conditions import ArrayTest, Compare, Condition, Exists, contains_key, evaluate, iter_nodes
from .reading import MISSING, PathReader


# --- Flat facts --------------------------------------------------------------------------------------


def _day_number(value: Any) -> Any:
    """A date (as written in a profile, YYYY-MM-DD, or a date object) as a number that compares as dates do."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value).toordinal()
    if isinstance(value, dt.date):
        return value.toordinal()
    return value


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


__all__ = ["FactPlan", "build_fact"]
