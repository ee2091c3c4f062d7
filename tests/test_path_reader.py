"""engine/rulebook/reading.py: the compiled reader reads every path exactly as `lookup_parts` does."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.rulebook.reading import MISSING, PathReader, lookup_parts

KEYS = st.sampled_from(["a", "b", "c", "answer", "it's", 'q"uote', "x.y"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=15,
)
PATHS = st.lists(st.lists(KEYS, min_size=1, max_size=4).map(tuple), max_size=12)


@given(VALUES, PATHS)
@settings(max_examples=300, deadline=None)
def test_reads_what_lookup_parts_reads(data: Any, paths: list[tuple[str, ...]]) -> None:
    values = PathReader(paths).read(data)
    assert len(values) == len(paths)
    for parts, value in zip(paths, values):
        expected = lookup_parts(data, parts)
        assert value is expected if expected is MISSING or value is MISSING else value == expected


def test_null_is_not_declared_and_a_leaf_can_be_a_prefix_of_another_path() -> None:
    reader = PathReader([("a",), ("a", "b"), ("a", "b", "c"), ("a", "b"), ("z",)])
    assert reader.read({"a": {"b": {"c": 1}}, "z": None}) == [{"b": {"c": 1}}, {"c": 1}, 1, {"c": 1}, MISSING]
    assert reader.read({"a": {"b": [1]}}) == [{"b": [1]}, [1], MISSING, [1], MISSING]
    assert reader.read([1, 2]) == [MISSING] * 5
    assert PathReader([]).read({"a": 1}) == []


def test_keys_are_data_not_code() -> None:
    key = "'] or __import__('os').system('false') or ['"
    assert PathReader([(key,)]).read({key: 1}) == [1]
    with pytest.raises(ValueError):
        PathReader([()])
