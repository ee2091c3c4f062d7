"""engine.indented_json writes what `json.dumps(indent=2, ensure_ascii=False)` writes (and, unlike
it, leaves no reference cycle: tests/test_no_leak.py)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.indented_json import indented

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(), st.text(alphabet=st.characters(codec=None)),
)
KEYS = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(value=VALUES, prefix=st.sampled_from(["", "  ", "    "]))
def test_the_same_text_as_json_dumps_indent_2(value: Any, prefix: str) -> None:
    assert indented(value, prefix) == json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + prefix)


@pytest.mark.parametrize(
    "value",
    [
        {}, [], (), "", 0, -0.0, 1e300, math.inf, -math.inf, math.nan, True, None,
        {"errors": [], "inconsistencies": {}, "nested": [[], {}, [{}], {"a": []}]},
        {"file": "prof\udcffile.json", "message": "a\x00b\x1f\x7f\x85\u061c\u2028\u202e\"\\/ é 中"},
        {1: "one", 2.5: "two and a half", True: "yes", None: "none"},
        [10**100, -(10**100)],
    ],
    ids=repr,
)
def test_edges_as_json_dumps(value: Any) -> None:
    assert indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
    assert indented(value, "    ") == json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n    ")


def test_what_json_refuses_it_refuses() -> None:
    with pytest.raises(TypeError):
        indented({"when": object()})
    with pytest.raises(TypeError):
        indented({(1, 2): "a tuple key"})
