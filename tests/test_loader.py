"""engine/loader.py: every bad input gives one clear Problem (file, place, plain words), never a
traceback; positions of JSON pointers; path expansion; inputs are never modified."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine import bounded_read, inputs, loader
from engine.loader import (
    MAX_NESTING_DEPTH,
    MAX_PROFILE_BYTES,
    Document,
    PositionIndex,
    Problem,
    json_pointer,
    load_document,
    positions_of,
    split_pointer,
)
from engine.inputs import expand_paths


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def problem_of(path: Path) -> str:
    result = load_document(path)
    assert isinstance(result, Problem), f"expected a Problem, got {result!r}"
    return str(result)


def load_text(tmp_path: Path, content: str | bytes, name: str = "p.json") -> str:
    """The Problem message for a file holding `content`, with the file shown as its name."""
    path = write(tmp_path / name, content)
    return problem_of(path).replace(str(tmp_path) + os.sep, "")


# --------------------------------------------------------------------------------------------------
# Problem formatting


def test_problem_str_with_every_part() -> None:
    assert str(Problem("a.json", "/x/0", 3, 14, "bad")) == "a.json:3:14: /x/0: bad"


def test_problem_str_omits_unknown_parts() -> None:
    assert str(Problem("a.json", None, None, None, "bad")) == "a.json: bad"
    assert str(Problem("a.json", None, 3, 14, "bad")) == "a.json:3:14: bad"
    assert str(Problem("a.json", "/x", None, None, "bad")) == "a.json: /x: bad"


def test_problem_root_pointer_printed_as_slash() -> None:
    assert str(Problem("a.json", "", 1, 1, "bad")) == "a.json:1:1: /: bad"


def test_problem_as_dict() -> None:
    assert Problem("a.json", "/x", 2, 5, "bad").as_dict() == {
        "file": "a.json", "pointer": "/x", "line": 2, "column": 5, "message": "bad", "code": "profile.invalid"}


# --------------------------------------------------------------------------------------------------
# Valid documents


def test_valid_document(tmp_path: Path) -> None:
    raw = b'{"party": "Freedonia", "n": 1.5e3, "list": [1, true, null]}\n'
    path = write(tmp_path / "ok.json", raw)
    doc = load_document(path)
    assert isinstance(doc, Document)
    assert doc.data == {"party": "Freedonia", "n": 1500.0, "list": [1, True, None]}
    assert isinstance(doc.data["n"], float)  # exponent form stays a float; the schema decides
    assert doc.raw == raw
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.path == path
    assert doc.display_name == str(path)


def test_display_name_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "sub" / "ok.json", "{}")
    monkeypatch.chdir(tmp_path)
    doc = load_document(Path("sub/ok.json"))
    assert isinstance(doc, Document)
    assert doc.display_name == os.path.join("sub", "ok.json")
    assert load_document("sub/missing.json") == Problem(
        os.path.join("sub", "missing.json"), None, None, None, "no such file or directory", "input.not-found")


def test_positions_are_built_lazily(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "ok.json", '{"a": 1}'))
    assert isinstance(doc, Document)
    assert "positions" not in vars(doc)
    index = positions_of(doc)
    assert index is doc.positions  # built once
    assert index.value_position("/a") == (1, 7)


def test_exponent_and_negative_numbers_are_valid(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "n.json", '{"a": -0.5E-3, "b": 1e308, "c": 1e-400}'))
    assert isinstance(doc, Document)
    assert doc.data == {"a": -0.0005, "b": 1e308, "c": 0.0}


def test_surrogate_pair_escape_is_valid(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "e.json", '{"a": "\\ud83d\\ude00"}'))
    assert isinstance(doc, Document)
    assert doc.data == {"a": "\U0001F600"}


def test_nesting_at_the_limit_is_accepted(tmp_path: Path) -> None:
    depth = MAX_NESTING_DEPTH
    text = '{"a":' * (depth - 1) + "[]" + "}" * (depth - 1)
    assert isinstance(load_document(write(tmp_path / "d.json", text)), Document)


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    text = json.dumps({"a": "[{" * 200, "b": '\\"[[[' * 100, "c": ["]]]}}" * 50]})
    doc = load_document(write(tmp_path / "s.json", text))
    assert isinstance(doc, Document)


# --------------------------------------------------------------------------------------------------
# The file itself


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    assert problem_of(path) == f"{path}: no such file or directory"


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    path = tmp_path / "dir.json"
    assert problem_of(path) == f"{path}: is a directory, not a file"


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("gone.json")
    assert problem_of(link) == (
        f"{link}: broken symbolic link (its target 'gone.json' does not exist)"
    )


def test_symlink_loop(tmp_path: Path) -> None:
    link = tmp_path / "loop.json"
    link.symlink_to("loop.json")
    assert problem_of(link) == f"{link}: too many levels of symbolic links (a symbolic link loop?)"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.json", "{}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root can read anything: simulate the refusal instead
        real_open = os.open

        def refuse(file, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
            if os.fspath(file) == os.fspath(path):
                raise PermissionError(13, "Permission denied", os.fspath(file))
            return real_open(file, flags, *args, **kwargs)

        monkeypatch.setattr(bounded_read.os, "open", refuse)
    else:
        path.chmod(0)
    try:
        assert problem_of(path) == f"{path}: permission denied"
    finally:
        path.chmod(0o644)


def test_read_error_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "p.json", "{}")

    def fail(fd: int, n: int) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(bounded_read.os, "read", fail)
    assert problem_of(path) == f"{path}: cannot read the file: input/output error"


def test_file_vanishing_between_listing_and_reading(tmp_path: Path) -> None:
    write(tmp_path / "a.json", "{}")
    write(tmp_path / "b.json", "{}")
    files, problems = expand_paths([str(tmp_path)])
    assert problems == [] and len(files) == 2
    files[1].unlink()
    results = [load_document(f) for f in files]
    assert isinstance(results[0], Document)
    assert str(results[1]) == f"{tmp_path / 'b.json'}: no such file or directory"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert problem_of(fifo) == f"{fifo}: not a regular file (a device, pipe or socket?)"


def test_too_big_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.json"
    with open(path, "wb") as f:
        f.truncate(MAX_PROFILE_BYTES + 1)  # sparse: costs no disk

    def no_read(fd: int, n: int) -> bytes:
        raise AssertionError("a file over the limit must not be read")

    monkeypatch.setattr(bounded_read.os, "read", no_read)
    assert problem_of(path) == (
        f"{path}: the file is 5,242,881 bytes, larger than the limit of 5,242,880 bytes (5 MiB) "
        "for a profile"
    )


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    body = '{"a": "' + "x" * (MAX_PROFILE_BYTES - 9) + '"}'
    path = write(tmp_path / "limit.json", body)
    assert path.stat().st_size == MAX_PROFILE_BYTES
    assert isinstance(load_document(path), Document)


def test_twenty_megabyte_string_is_refused_by_the_size_limit(tmp_path: Path) -> None:
    body = '{"a": "' + "x" * (20 * 1024 * 1024) + '"}'
    assert load_text(tmp_path, body) == (
        "p.json: the file is 20,971,529 bytes, larger than the limit of 5,242,880 bytes (5 MiB) "
        "for a profile"
    )


def test_file_growing_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "grows.json", "{}")
    chunk = b" " * 65536

    monkeypatch.setattr(bounded_read.os, "read", lambda fd, n: chunk[:n])  # never reaches the end
    assert problem_of(path) == (
        f"{path}: the file is larger than the limit of 5,242,880 bytes (5 MiB) for a profile"
    )


# --------------------------------------------------------------------------------------------------
# Encoding


def test_empty_file(tmp_path: Path) -> None:
    assert load_text(tmp_path, b"") == "p.json: the file is empty; a profile must be a JSON object"


def test_whitespace_only(tmp_path: Path) -> None:
    assert load_text(tmp_path, " \n\t\r\n") == (
        "p.json: the file contains only whitespace; a profile must be a JSON object"
    )


def test_not_utf8(tmp_path: Path) -> None:
    # "é" before the bad byte: 2 bytes but 1 character (columns count characters)
    raw = '{\n  "name": "é'.encode("utf-8") + b"caf\xe9" + b'"\n}'
    assert load_text(tmp_path, raw) == (
        "p.json:2:16: not valid UTF-8: byte 0xE9 at byte offset 18; profiles must be UTF-8 "
        "encoded (re-save the file as UTF-8)"
    )


def test_utf8_bom_is_refused(tmp_path: Path) -> None:
    assert load_text(tmp_path, b'\xef\xbb\xbf{"a": 1}') == (
        "p.json:1:1: starts with a UTF-8 byte order mark; save the file as UTF-8 without BOM"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(tmp_path: Path, encoding: str) -> None:
    raw = '{"a": 1}'.encode(encoding)
    assert load_text(tmp_path, raw) == "p.json: the file is UTF-16 encoded; profiles must be UTF-8"


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_is_refused(tmp_path: Path, encoding: str) -> None:
    raw = '{"a": 1}'.encode(encoding)
    assert load_text(tmp_path, raw) == "p.json: the file is UTF-32 encoded; profiles must be UTF-8"


def test_nul_byte_in_utf8_text(tmp_path: Path) -> None:
    assert load_text(tmp_path, b'{"a":\n 1}\x00\x00') == (
        "p.json:2:4: contains a NUL byte at byte offset 9; a profile must be UTF-8 text "
        "(is this a binary file?)"
    )


# --------------------------------------------------------------------------------------------------
# Malformed JSON: plain words, line:column


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"a": 1,}', "1:9: trailing comma before '}' (remove the comma after the last member)"),
        ('{"a": [1, 2,\n]}',
         "2:1: trailing comma before ']' (remove the comma after the last item)"),
        ('{"a" 1}', "1:6: expected ':' after the property name, found '1'"),
        ('{"a": 1 "b": 2}',
         "1:9: expected ',' or '}' after an object member, found a string (is a comma missing?)"),
        ('{"a": [1 2]}',
         "1:10: expected ',' or ']' after an array item, found '2' (is a comma missing?)"),
        ('{"a": 1]', "1:8: expected ',' or '}' after an object member, found ']'"),
        ("{'a': 1}", "1:2: property names must be in double quotes (\"...\"), not single quotes"),
        ("{\"a\": 'x'}", "1:7: strings must be in double quotes (\"...\"), not single quotes"),
        ("{a: 1}", "1:2: property name 'a' must be in double quotes (\"a\")"),
        ('{"a": True}', "1:7: 'True' is not valid JSON; write true"),
        ('{"a": None}', "1:7: 'None' is not valid JSON; write null"),
        ('{"a": yes}', "1:7: unexpected 'yes': text must be in double quotes (\"yes\")"),
        ('{"a": tru}', "1:7: unexpected 'tru'; did you mean true?"),
        ('{"a": nul}', "1:7: unexpected 'nul'; did you mean null?"),
        ('{"a": FALSE}', "1:7: 'FALSE' is not valid JSON; write false (lowercase)"),
        ('{"a": 1,\n  // note\n  "b": 2}', "2:3: comments are not allowed in JSON"),
        ('{"a": /* x */ 1}', "1:7: comments are not allowed in JSON"),
        ('{"a": +1}', "1:7: a number cannot start with '+'"),
        ('{"a": .5}', "1:7: a number must start with a digit (write 0.5, not .5)"),
        ('{"a": }', "1:7: a value is missing after ':' (found '}')"),
        ('{"a": [1,,2]}', "1:10: a value is missing (found ',')"),
        ('{"a": @}',
         "1:7: expected a value (a string, number, object, array, true, false or null), found '@'"),
        ('{"a": {"b": [1', "1:15: unexpected end of file: the array opened at line 1, column 13 "
                           "is not closed (missing ']')"),
        ('{"a": 1', "1:8: unexpected end of file: the object opened at line 1, column 1 is not "
                    "closed (missing '}')"),
        ('{"a":\n', "2:1: unexpected end of file: the object opened at line 1, column 1 is not "
                    "closed (missing '}')"),
        ('{"a": "abc}', "1:7: unterminated string (the closing double quote is missing)"),
        ('{"a": "x\ny"}', "1:9: a string cannot contain a line break; write \\n "
                          "(or is a closing double quote missing?)"),
        ('{"a": "x\ty"}', "1:9: a string cannot contain a tab character; write \\t"),
        ('{"a": "x\x01y"}',
         "1:9: a string cannot contain the control character U+0001; write \\u0001"),
        ('{"a": "C:\\data"}', "1:10: invalid escape '\\d' in a string; a backslash is written \\\\ "
                              "(valid escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
        ('{"a": "\\u12"}', "1:8: invalid \\u escape in a string: \\u must be followed by 4 "
                           "hexadecimal digits"),
        ('{"a": 1}\n{"b": 2}\n', "2:1: extra data after the JSON value (which ends at line 1, "
                                 "column 8); a profile file holds exactly one JSON object"),
        ('{"a": 1} x', "1:10: extra data after the JSON value (which ends at line 1, column 8); "
                       "a profile file holds exactly one JSON object"),
    ],
)
def test_malformed_json(tmp_path: Path, content: str, expected: str) -> None:
    assert load_text(tmp_path, content) == f"p.json:{expected}"


def test_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    assert load_text(tmp_path, '{"é€😀": 1 "b": 2}') == (
        "p.json:1:11: expected ',' or '}' after an object member, found a string "
        "(is a comma missing?)"
    )


def test_crlf_line_endings(tmp_path: Path) -> None:
    assert load_text(tmp_path, '{\r\n  "a": 1,\r\n}\r\n') == (
        "p.json:3:1: trailing comma before '}' (remove the comma after the last member)"
    )


# --------------------------------------------------------------------------------------------------
# Valid JSON syntax that a profile may not use


def test_duplicate_key(tmp_path: Path) -> None:
    content = '{\n  "a": {\n    "x": 1,\n    "y": 2,\n    "x": 3\n  }\n}'
    assert load_text(tmp_path, content) == "p.json:5:5: /a/x: duplicate key 'x' (first at line 3)"


def test_duplicate_key_needing_pointer_escapes(tmp_path: Path) -> None:
    content = '{"a/b~c": 1,\n "a/b~c": [2]}'
    assert load_text(tmp_path, content) == (
        "p.json:2:2: /a~1b~0c: duplicate key 'a/b~c' (first at line 1)"
    )


def test_duplicate_key_in_array_item(tmp_path: Path) -> None:
    content = '{"list": [{"k": 1}, {"k": 1, "k": 2}]}'
    assert load_text(tmp_path, content) == (
        "p.json:1:30: /list/1/k: duplicate key 'k' (first at line 1)"
    )


@pytest.mark.parametrize(
    "content",
    [
        '{"a" : 1, "b":{"a"\t:\n2}, "a" :3}',  # spaces around the colon
        '{"x": "a\\":", "x": 1}',  # an escape: the standard library's path
        '{"x": "k\\":v", "x": 2}',
        '{"é": {"ü": [ {"k": 1}, {"k" :1, "k":2} ]}}',
        '{"a": "x:y", "a": "z"}',  # colons in strings, on both sides
        '{"a:": {"b": ":"}, "c": "::", "a:": {"b": ":"}}',  # the same key and value twice
        '{"a": {}, "a": {}}',
    ],
)
def test_a_duplicate_key_is_refused_however_the_file_is_spaced_or_escaped(tmp_path: Path, content: str) -> None:
    assert "duplicate key" in load_text(tmp_path, content)


@given(st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(":\" {}", max_size=3), inner, max_size=4),
    max_leaves=20,
), st.sampled_from([None, 1, "\t"]))
@example(2**63, None)
@example(-(2**63) - 1, None)
@example(10**30, 1)
@example([5e-324, 1.7976931348623157e308, 0.30000000000000004], None)
@example({":k": ":v", " :k": " :v", "k": [":", " : "]}, "\t")
@settings(max_examples=500, deadline=None)
def test_parsed_data_is_what_the_standard_library_reads(data: object, indent: object) -> None:
    """The fast path (orjson, files without escapes) and the standard library's give the same data."""
    text = json.dumps({"d": data}, indent=indent, ensure_ascii=False)
    loaded = loader.parse_document(text.encode("utf-8"), "p.json")
    assert isinstance(loaded, Document), loaded
    assert loaded.data == json.loads(text)


@given(
    st.dictionaries(st.text(":\" {}é", min_size=1, max_size=3), st.text(":\" {}", max_size=3) | st.integers(), min_size=1, max_size=4),
    st.data(),
    st.sampled_from([None, 1, "\t"]),
)
@settings(max_examples=300, deadline=None)
def test_a_duplicate_key_anywhere_is_refused(members: dict[str, object], data: st.DataObject, indent: object) -> None:
    """Whatever the keys and values hold (colons, quotes, braces), a key written twice in one object
    is refused, by the fast path as by the standard library's."""
    key = data.draw(st.sampled_from(sorted(members)))
    again = data.draw(st.text(":\" {}", max_size=3) | st.integers() | st.just(members[key]))
    text = json.dumps(members, indent=indent, ensure_ascii=False)
    text = text[: text.rindex("}")].rstrip() + ", " + json.dumps(key, ensure_ascii=False) + ": " + json.dumps(again, ensure_ascii=False) + "}"
    loaded = loader.parse_document(text.encode("utf-8"), "p.json")
    assert isinstance(loaded, Problem) and "duplicate key" in loaded.message, (text, loaded)


def test_first_duplicate_in_text_order_is_reported(tmp_path: Path) -> None:
    # json calls the hook for the inner object first; the report names the earlier one in the text
    content = '{"a": 1, "a": 2, "b": {"c": 1, "c": 2}}'
    assert load_text(tmp_path, content) == "p.json:1:10: /a: duplicate key 'a' (first at line 1)"


@pytest.mark.parametrize(
    ("constant", "column"), [("NaN", 14), ("Infinity", 14), ("-Infinity", 14)]
)
def test_non_finite_constants(tmp_path: Path, constant: str, column: int) -> None:
    content = '{\n  "x": {"b": ' + constant + "}}"
    assert load_text(tmp_path, content) == (
        f"p.json:2:{column}: /x/b: {constant} is not valid JSON; use a number or null"
    )


def test_huge_integer(tmp_path: Path) -> None:
    content = '{"a": [1, ' + "9" * 5000 + "]}"
    assert load_text(tmp_path, content) == (
        "p.json:1:11: /a/1: number too large: 5,000 digits (at most 4,300)"
    )


def test_float_overflow(tmp_path: Path) -> None:
    assert load_text(tmp_path, '{"a": -1e400}') == (
        "p.json:1:7: /a: number too large: -1e400 is beyond the range of a 64-bit float"
    )


def test_lone_surrogate_escape(tmp_path: Path) -> None:
    assert load_text(tmp_path, '{"ok": "\\u00e9", "a": "x\\udc00"}') == (
        "p.json:1:23: /a: a string contains a \\u escape of a lone UTF-16 surrogate "
        "(\\ud800-\\udfff), which is not a character"
    )


def test_lone_surrogate_escape_in_key(tmp_path: Path) -> None:
    assert load_text(tmp_path, '{"a": {"\\ud800": 1}}') == (
        "p.json:1:8: /a/\ud800: a string contains a \\u escape of a lone UTF-16 surrogate "
        "(\\ud800-\\udfff), which is not a character"
    )


def test_ten_thousand_deep_nesting(tmp_path: Path) -> None:
    content = "[" * 10_000 + "]" * 10_000
    assert load_text(tmp_path, content) == (
        "p.json:1:65: nested too deeply: more than 64 levels of objects and arrays"
    )


def test_nesting_one_over_the_limit(tmp_path: Path) -> None:
    content = '{"a":\n' + '{"a":' * (MAX_NESTING_DEPTH - 1) + "[]" + "}" * MAX_NESTING_DEPTH
    column = 1 + 5 * (MAX_NESTING_DEPTH - 1)
    assert load_text(tmp_path, content) == (
        f"p.json:2:{column}: nested too deeply: more than 64 levels of objects and arrays"
    )


def test_deep_unclosed_nesting_is_still_a_problem(tmp_path: Path) -> None:
    assert load_text(tmp_path, "{" + "[" * 5000) == (
        "p.json:1:65: nested too deeply: more than 64 levels of objects and arrays"
    )


@pytest.mark.parametrize(
    ("content", "found", "column"),
    [("[1, 2]", "array", 1), ('"text"', "string", 1), ("  42", "number", 3), ("1.5", "number", 1),
     ("null", "null", 1), ("true", "boolean", 1)],
)
def test_top_level_must_be_an_object(tmp_path: Path, content: str, found: str, column: int) -> None:
    assert load_text(tmp_path, content) == (
        f"p.json:1:{column}: /: a profile must be a JSON object, found {found}"
    )


# --------------------------------------------------------------------------------------------------
# Positions of JSON pointers

POSITIONED = """{
  "party": "Freedonia",
  "measures": {
    "A.1": {"status": "in_place", "evidence": [
      {"title": "Act"},
      "note",
      [10, 20]
    ]},
    "a/b": 1, "m~n": {"~/": null},
    "": "empty key",
    "é": "x"
  }
}
"""


@pytest.fixture()
def index(tmp_path: Path) -> PositionIndex:
    doc = load_document(write(tmp_path / "p.json", POSITIONED))
    assert isinstance(doc, Document)
    return doc.positions


def test_value_positions(index: PositionIndex) -> None:
    assert index.value_position("") == (1, 1)
    assert index.value_position("/party") == (2, 12)
    assert index.value_position("/measures") == (3, 15)
    assert index.value_position("/measures/A.1") == (4, 12)
    assert index.value_position("/measures/A.1/status") == (4, 23)
    assert index.value_position("/measures/A.1/evidence") == (4, 47)


def test_array_item_positions(index: PositionIndex) -> None:
    assert index.value_position("/measures/A.1/evidence/0") == (5, 7)
    assert index.value_position("/measures/A.1/evidence/0/title") == (5, 17)
    assert index.value_position("/measures/A.1/evidence/1") == (6, 7)
    assert index.value_position("/measures/A.1/evidence/2/1") == (7, 12)
    assert index.key_position("/measures/A.1/evidence/1") is None  # array items have no key


def test_key_positions(index: PositionIndex) -> None:
    assert index.key_position("/party") == (2, 3)
    assert index.key_position("/measures/A.1/evidence") == (4, 35)
    assert index.key_position("") is None


def test_pointer_escapes(index: PositionIndex) -> None:
    assert index.key_position("/measures/a~1b") == (9, 5)
    assert index.value_position("/measures/a~1b") == (9, 12)
    assert index.key_position("/measures/m~0n") == (9, 15)
    assert index.value_position("/measures/m~0n/~0~1") == (9, 29)
    assert index.key_position("/measures/m~0n/~0~1") == (9, 23)
    assert index.value_position("/measures/a/b") is None


def test_empty_key_and_non_ascii_key(index: PositionIndex) -> None:
    assert index.value_position("/measures/") == (10, 9)
    assert index.value_position("/measures/é") == (11, 10)  # columns count characters


def test_missing_pointers(index: PositionIndex) -> None:
    assert index.value_position("/nope") is None
    assert index.key_position("/nope") is None
    assert index.value_position("/measures/A.1/evidence/9") is None
    assert index.value_position("not a pointer") is None


def test_nearest_existing_ancestor(index: PositionIndex) -> None:
    assert index.nearest("/measures/A.1/missing") == (4, 12)  # the object A.1
    assert index.nearest("/measures/A.1/evidence/0/title/x") == (5, 17)
    assert index.nearest("/nope/deeper") == (1, 1)  # the root
    assert index.nearest("/party") == (2, 12)  # existing: itself
    assert index.nearest("") == (1, 1)
    assert index.nearest("bad") is None


def test_document_problem_is_located(tmp_path: Path) -> None:
    path = write(tmp_path / "p.json", POSITIONED)
    doc = load_document(path)
    assert isinstance(doc, Document)
    assert str(doc.problem("/measures/A.1/status", "bad status")) == (
        f"{path}:4:23: /measures/A.1/status: bad status"
    )
    assert str(doc.problem("/measures/A.1/status", "bad key", at_key=True)) == (
        f"{path}:4:13: /measures/A.1/status: bad key"
    )
    assert str(doc.problem("/measures/A.2", "missing")) == f"{path}:3:15: /measures/A.2: missing"


def test_json_pointer_helpers() -> None:
    assert json_pointer([]) == ""
    assert json_pointer(["a/b", 0, "m~n", ""]) == "/a~1b/0/m~0n/"
    assert split_pointer("/a~1b/0/m~0n/") == ["a/b", "0", "m~n", ""]
    assert split_pointer("/~01") == ["~1"]
    assert split_pointer("") == []
    assert split_pointer("x") is None


# --------------------------------------------------------------------------------------------------
# Expanding paths


def names(paths: list[Path], base: Path) -> list[str]:
    return [p.relative_to(base).as_posix() for p in paths]


def test_expand_directory_recursively_sorted(tmp_path: Path) -> None:
    for name in ["b.json", "a.json", "sub/z.json", "sub/deeper/c.json", "profile.schema.json",
                 "notes.txt", ".git/x.json", ".venv/lib/y.json", ".hidden.json", "A.json"]:
        write(tmp_path / name, "{}")
    files, problems = expand_paths([str(tmp_path)])
    assert problems == []
    assert names(files, tmp_path) == [
        "A.json", "a.json", "b.json", "sub/deeper/c.json", "sub/z.json"]


def test_expand_keeps_given_order_and_removes_duplicates(tmp_path: Path) -> None:
    write(tmp_path / "d" / "b.json", "{}")
    write(tmp_path / "d" / "a.json", "{}")
    write(tmp_path / "z.json", "{}")
    (tmp_path / "alias.json").symlink_to(tmp_path / "z.json")
    given = [str(tmp_path / "z.json"), str(tmp_path / "d"), str(tmp_path / "d" / "a.json"),
             str(tmp_path / "alias.json"), str(tmp_path / "z.json")]
    files, problems = expand_paths(given)
    assert problems == []
    assert names(files, tmp_path) == ["z.json", "d/a.json", "d/b.json"]


def test_expand_file_given_explicitly_is_taken_whatever_its_name(tmp_path: Path) -> None:
    write(tmp_path / "profile.txt", "{}")
    write(tmp_path / "x.schema.json", "{}")
    files, problems = expand_paths([str(tmp_path / "profile.txt"), str(tmp_path / "x.schema.json")])
    assert problems == []
    assert names(files, tmp_path) == ["profile.txt", "x.schema.json"]


def test_expand_problems(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write(tmp_path / "only-schema" / "p.schema.json", "{}")
    (tmp_path / "dangling.json").symlink_to("nowhere.json")
    write(tmp_path / "withlink" / "ok.json", "{}")
    (tmp_path / "withlink" / "bad.json").symlink_to("missing.json")
    given = [str(tmp_path / "missing.json"), str(tmp_path / "empty"),
             str(tmp_path / "only-schema"), str(tmp_path / "dangling.json"),
             str(tmp_path / "withlink"), ""]
    files, problems = expand_paths(given)
    assert names(files, tmp_path) == ["withlink/ok.json"]
    no_profiles = ("no profile (*.json) files in this directory "
                   "(*.schema.json files and hidden folders are skipped)")
    assert [str(p).replace(str(tmp_path) + os.sep, "") for p in problems] == [
        "missing.json: no such file or directory",
        f"empty: {no_profiles}",
        f"only-schema: {no_profiles}",
        "dangling.json: broken symbolic link (its target 'nowhere.json' does not exist)",
        os.path.join("withlink", "bad.json")
        + ": broken symbolic link (its target 'missing.json' does not exist)",
        ": empty path",
    ]


def test_expand_unlistable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "d" / "a.json", "{}")

    def scandir(top):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", os.fspath(top))

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    files, problems = expand_paths([str(tmp_path / "d")])
    assert files == []
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'd'}: cannot list this directory: permission denied"]


def test_symlinked_directories_are_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "real" / "a.json", "{}")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    files, problems = expand_paths([str(tmp_path / "real")])
    assert problems == [] and names(files, tmp_path) == ["real/a.json"]


def test_batch_reports_every_file(tmp_path: Path) -> None:
    write(tmp_path / "a.json", '{"party": "A"}')
    write(tmp_path / "b.json", '{"party": "B",}')
    write(tmp_path / "c.json", '{"party": "C"}')
    write(tmp_path / "d.json", "")
    files, problems = expand_paths([str(tmp_path)])
    assert problems == []
    results = [load_document(f) for f in files]
    reported = [r.data["party"] if isinstance(r, Document) else str(r) for r in results]
    assert reported == [
        "A",
        f"{tmp_path / 'b.json'}:1:15: trailing comma before '}}' "
        "(remove the comma after the last member)",
        "C",
        f"{tmp_path / 'd.json'}: the file is empty; a profile must be a JSON object",
    ]


# --------------------------------------------------------------------------------------------------
# Inputs are never modified; nothing ever raises


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    contents = {"ok.json": b'{"a": [1, 2]}', "bad.json": b'{"a": 1,}', "dup.json": b'{"a":1,"a":2}'}
    old = 1_000_000_000  # an access time older than the modification time: relatime would update it
    for name, raw in contents.items():
        write(tmp_path / name, raw)
        os.utime(tmp_path / name, (old, old + 10))
    before = {name: os.stat(tmp_path / name) for name in contents}
    files, _ = expand_paths([str(tmp_path)])
    for f in files:
        result = load_document(f)
        if isinstance(result, Document):
            result.positions  # noqa: B018  (building positions does not touch the file either)
    for name, raw in contents.items():
        after = os.stat(tmp_path / name)
        assert after.st_mtime_ns == before[name].st_mtime_ns
        assert after.st_size == before[name].st_size
        assert (tmp_path / name).read_bytes() == raw
        if sys.platform.startswith("linux") and hasattr(os, "O_NOATIME"):
            # `after` was taken before read_bytes() above; loading must not have touched atime
            assert after.st_atime_ns == before[name].st_atime_ns


def test_file_is_opened_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "p.json", "{}")
    seen: list[int] = []
    real_open = os.open

    def spy(file, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(flags)
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(bounded_read.os, "open", spy)
    assert isinstance(load_document(path), Document)
    assert seen and all(f & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND) == 0
                        for f in seen)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=200),
    st.text(alphabet='{}[]":,-+.0123456789eEtrufalsnNIy \n\t\\/\'#', max_size=80),
))
@example('"\\\n')  # a backslash before a line break: the message once quoted the line break itself
@example('"\\\t"')
def test_never_raises(tmp_path: Path, content: bytes | str) -> None:
    path = write(tmp_path / "fuzz.json", content)
    result = load_document(path)
    assert isinstance(result, (Document, Problem))
    if isinstance(result, Problem):
        assert result.file == str(path) and result.message and "\n" not in result.message
    else:
        assert isinstance(result.data, dict)
