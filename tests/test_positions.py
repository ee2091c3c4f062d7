"""engine.positions.PositionIndex finds a pointer when asked (issue 25: no scan of every value of
every profile); it must give exactly what the full scan of the text (engine.loader._Scan, the
index before) gives, for every pointer of any document, however it is laid out."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import orjson

from engine.loader import _Lines, _Scan
from engine.positions import PositionIndex

# keys and strings that trouble a scanner: brackets, quotes, escapes, slashes, tildes, non-ASCII,
# line separators that are not line feeds, digits that are not ASCII
_TEXT = st.text(alphabet=st.sampled_from(list('ab{}[]":,\\/~01 \t\n\u2028\x85é中١🙂')), max_size=8)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False), _TEXT)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4), max_leaves=30)
_DOCUMENTS = st.dictionaries(_TEXT, _VALUES, max_size=5)
_LAYOUTS = st.sampled_from([
    {"indent": 2}, {"indent": None}, {"indent": "\t"}, {"indent": 0},
    {"separators": (",", ":")}, {"indent": 1, "separators": (" ,", " : ")},
])


def _reference(text: str) -> tuple[_Scan, _Lines]:
    return _Scan(text), _Lines(text)


def _pointers(scan: _Scan) -> list[str]:
    """Every pointer of the document, and pointers that miss (a child of each, a bad index)."""
    present = list(scan.values)
    return present + [pointer + "/missing" for pointer in present] + [pointer + "/01" for pointer in present] + ["", "x", "/~2", "/a~1b"]


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, _LAYOUTS, st.booleans())
def test_every_pointer_is_where_the_full_scan_puts_it(document: dict[str, Any], layout: dict[str, Any], ascii_only: bool) -> None:
    text = json.dumps(document, ensure_ascii=ascii_only, **layout)
    scan, lines = _reference(text)
    index = PositionIndex(text)
    for pointer in _pointers(scan):
        value = scan.values.get(pointer)
        assert index.value_position(pointer) == (None if value is None else lines.at(value)), pointer
        key = scan.keys.get(pointer)
        assert index.key_position(pointer) == (None if key is None else lines.at(key)), pointer
        assert index.nearest(pointer) == _nearest(scan, lines, pointer), pointer
        assert index.nearest_span(pointer) == _nearest_span(scan, lines, pointer), pointer


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, _LAYOUTS, st.randoms(use_true_random=False))
def test_located_is_the_full_scans_answer_in_any_order_of_asking(document: dict[str, Any], layout: dict[str, Any], order: Any) -> None:
    """`located` (what a report's evidence carries) reads objects only as far as a key and resumes
    there: whatever order the pointers come in, each answer is the full scan's."""
    text = json.dumps(document, **layout)
    scan, lines = _reference(text)
    index = PositionIndex(text)
    pointers = _pointers(scan)
    order.shuffle(pointers)
    for pointer in pointers:
        value = scan.values.get(pointer)
        line, column = (None, None) if value is None else lines.at(value)
        assert index.located(pointer) == {"line": line, "column": column, "region": _nearest_span(scan, lines, pointer)}, pointer


def _ancestor(scan: _Scan, pointer: str) -> str | None:
    """The pointer of the deepest existing value on the way to `pointer`, as the scan's index had it."""
    from engine.loader import split_pointer

    tokens = split_pointer(pointer)
    if tokens is None:
        return None
    current, best = "", ""
    for token in tokens:
        current += "/" + token.replace("~", "~0").replace("/", "~1")
        if current not in scan.values:
            break
        best = current
    return best


def _nearest(scan: _Scan, lines: _Lines, pointer: str) -> tuple[int, int] | None:
    best = _ancestor(scan, pointer)
    return None if best is None else lines.at(scan.values[best])


def _nearest_span(scan: _Scan, lines: _Lines, pointer: str) -> tuple[int, int, int, int] | None:
    best = _ancestor(scan, pointer)
    return None if best is None else (*lines.at(scan.values[best]), *lines.at(scan.ends[best]))


def test_a_pointer_is_found_without_reading_the_containers_beside_its_path() -> None:
    """Asked for one pointer, the index reads the containers on its way, not every object."""
    document = {"a": {"b": [1, {"c": 2}]}, "z": {"y": {"x": [3, 4, 5]}}}
    index = PositionIndex(json.dumps(document, indent=2))
    assert index.value_position("/a/b/1/c") == (6, 14)
    assert len(index._containers) == 4  # the root, /a, /a/b and /a/b/1; /z and below never read


def test_located_is_what_a_report_carries() -> None:
    index = PositionIndex('{\n  "a": {\n    "b": "x"\n  }\n}\n')
    assert index.located("/a/b") == {"line": 3, "column": 10, "region": (3, 10, 3, 13)}
    assert index.located("/a/missing") == {"line": None, "column": None, "region": (2, 8, 4, 4)}


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, st.booleans(), st.randoms(use_true_random=False))
def test_an_indented_text_is_found_by_its_layout_as_the_full_scan_finds_it(document: dict[str, Any], final_line_feed: bool, order: Any) -> None:
    """A text laid out as the tool writes profiles (indent 2) is read by its lines (`PositionIndex.of`
    chooses it): every answer, in any order of asking, is still the full scan's."""
    text = json.dumps(document, indent=2, ensure_ascii=False) + ("\n" if final_line_feed else "")
    raw = text.encode("utf-8")
    index = PositionIndex.of(raw, json.loads(text))
    try:
        written = orjson.dumps(json.loads(text), option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        written = None  # an integer beyond 64 bits: walked
    assert (index._depths is not None) == (written is not None and raw.rstrip(b"\n") == written)
    scan, lines = _reference(text)
    pointers = _pointers(scan) + [pointer + "/0" for pointer in scan.values]
    order.shuffle(pointers)
    for pointer in pointers:
        value = scan.values.get(pointer)
        line, column = (None, None) if value is None else lines.at(value)
        assert index.located(pointer) == {"line": line, "column": column, "region": _nearest_span(scan, lines, pointer)}, pointer
        key = scan.keys.get(pointer)
        assert index.key_position(pointer) == (None if key is None else lines.at(key)), pointer
        assert index.nearest(pointer) == _nearest(scan, lines, pointer), pointer


def test_an_indented_profile_is_read_by_its_lines() -> None:
    """The profiles the tool writes (and the bundled ones) are indented by two: found without the walk."""
    document = {"a": {"b": [1, {"c": 2}], "d": "x"}, "z": {"y": {"x": [3, 4, 5]}}}
    raw = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    index = PositionIndex.of(raw, document)
    assert index.located("/a/d") == {"line": 9, "column": 10, "region": (9, 10, 9, 13)}
    assert index._containers == {}  # nothing walked
    assert index.value_position("/a/b/1/c") == (6, 14)  # an array on the way: walked
    assert PositionIndex.of(raw.replace(b'"d": "x"', b'"d" : "x"'), document)._depths is None
