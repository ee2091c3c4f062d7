"""Reads a JSON input (a Party profile) safely, and says where things are in it.

Every way a file can be unusable gives ONE `Problem` naming the file, the place (JSON pointer and
line:column where known) and the problem in plain words; nothing here raises for bad input.

Decisions (users need them too: README.md should state them):

* Files are opened read-only (and, where the system allows it, without updating the access time);
  inputs are never modified.
* A profile is at most `MAX_PROFILE_BYTES` (5 MiB); a bigger file is refused before it is read.
* A profile is UTF-8 without a byte order mark. A UTF-8 BOM is refused (many JSON tools refuse it,
  and RFC 8259 says generators must not add one); UTF-16 and UTF-32 are recognised and refused.
* Strict JSON (RFC 8259): duplicate keys, NaN/Infinity, comments, trailing commas, single quotes
  and extra data after the value are refused. Numbers: integers of more digits than Python's
  int/str limit (4300) and floats that overflow (1e400) are refused as "number too large";
  floats in exponent form are fine and stay floats.
* Nesting deeper than `MAX_NESTING_DEPTH` is refused before parsing (no RecursionError).
* The top-level value must be an object.
* Lines count line feeds (as the json module does); columns are 1-based and count characters
  (code points), not bytes. Both point at the start of the value, or of the key.

Positions are not computed for valid files unless asked: `Document.positions` (or
`positions_of(document)`) is an `engine.positions.PositionIndex`, which finds a pointer when asked.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from .bounded_read import read_bounded, read_stdin_bounded, size_message
from .positions import PositionIndex
from .problems import Problem, _line_col, _Lines, json_pointer, split_pointer  # noqa: F401 - _Lines: as _Scan
from .json_errors import (
    _JSON_TYPE,
    _STRINGS,
    _SURROGATE_ESCAPE,
    _HookError,
    _has_lone_surrogate,
    _locate_hook_error,
    _pairs_to_dict,
    _parse_float,
    _refuse_constant,
    _syntax_message,
)
from .json_errors import _Scan  # noqa: F401 - the tests' reference scan, where it always was

__all__ = [
    "MAX_PROFILE_BYTES",
    "MAX_NESTING_DEPTH",
    "STDIN",
    "STDIN_NAME",
    "Problem",
    "Document",
    "PositionIndex",
    "load_document",
    "parse_document",
    "read_text",
    "positions_of",
    "json_pointer",
    "split_pointer",
]

MAX_PROFILE_BYTES: int = 5 * 1024 * 1024
"""The largest profile accepted, in bytes (5 MiB). A bigger file is refused before it is read."""

MAX_NESTING_DEPTH: int = 64
"""The deepest nesting of objects and arrays accepted (the top-level object is depth 1)."""


STDIN: Path = Path("-")
"""The command-line path `-`: one profile read from standard input. Compared by identity, so a file
really named `-` can still be given as `./-`."""

STDIN_NAME: str = "<stdin>"
"""How standard input is named in messages and reports."""


# --------------------------------------------------------------------------------------------------
# Documents


@dataclass(frozen=True, eq=False)
class Document:
    """A profile read and parsed: `data` is what json gives (dicts, lists, str, int, float, bool,
    None); `raw` the bytes read; `sha256` their hex digest; `display_name` the path as given."""

    path: Path
    display_name: str
    data: Any
    raw: bytes
    sha256: str

    @cached_property
    def positions(self) -> PositionIndex:
        """The position index, built (once) the first time it is asked for."""
        return PositionIndex.of(self.raw, self.data)

    def problem(self, pointer: str, message: str, *, at_key: bool = False, code: str = "profile.invalid") -> Problem:
        """A Problem at `pointer` of this document, located as well as possible: the key (if
        `at_key` and it is an object member), else the value, else its nearest existing ancestor."""
        index = self.positions
        position = (index.key_position(pointer) if at_key else None) or index.nearest(pointer)
        line, column = position if position else (None, None)
        return Problem(self.display_name, pointer, line, column, message, code)


def positions_of(document: Document) -> PositionIndex:
    """The PositionIndex of `document` (built once, on first use)."""
    return document.positions


# --------------------------------------------------------------------------------------------------
# Encoding


def _encoding_problem(raw: bytes) -> tuple[str, int | None] | None:
    """(message, offset of the culprit) if `raw` is not UTF-8 without BOM, else None."""
    head = raw[:4]
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "the file is UTF-32 encoded; profiles must be UTF-8", None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "the file is UTF-16 encoded; profiles must be UTF-8", None
    if raw.startswith(b"\xef\xbb\xbf"):
        return "starts with a UTF-8 byte order mark; save the file as UTF-8 without BOM", 0
    if b"\x00" in head and len(head) >= 2:
        # no BOM: JSON text starts with an ASCII character, so NULs say which encoding (RFC 4627)
        if len(head) == 4 and head[:3] == b"\x00\x00\x00" or head[1:4] == b"\x00\x00\x00":
            return "the file is UTF-32 encoded; profiles must be UTF-8", None
        if head[0] == 0 or head[1] == 0:
            return "the file is UTF-16 encoded; profiles must be UTF-8", None
    return None


def _decode(raw: bytes, name: str) -> str | Problem:
    found = _encoding_problem(raw)
    if found is not None:
        message, offset = found
        if offset is None:
            return Problem(name, None, None, None, message, "file.encoding")
        return Problem(name, None, 1, 1, message, "file.encoding")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")
        line, column = _line_col(before, len(before))
        bad = raw[exc.start : exc.start + 1].hex().upper()
        return Problem(
            name,
            None,
            line,
            column,
            f"not valid UTF-8: byte 0x{bad} at byte offset {exc.start}; profiles must be UTF-8 "
            "encoded (re-save the file as UTF-8)",
            "file.encoding",
        )
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _line_col(text, nul)
        return Problem(
            name,
            None,
            line,
            column,
            f"contains a NUL byte at byte offset {len(text[:nul].encode('utf-8'))}; "
            "a profile must be UTF-8 text (is this a binary file?)",
            "file.encoding",
        )
    return text


# --------------------------------------------------------------------------------------------------
# Nesting depth, checked before parsing

_KEEP = b'"[]{}'
_DELETE = bytes(b for b in range(256) if b not in _KEEP)
_ONE_BRACKET = bytes.maketrans(b"[]", b"{}")  # depth is the same whichever brackets nest


def _too_deep(raw: bytes, text: str) -> int | None:
    """Offset (in `text`) of the first bracket nested deeper than MAX_NESTING_DEPTH, or None.

    Fast path on the bytes (valid UTF-8: multi-byte sequences never contain ASCII bytes): drop
    escaped backslashes and quotes, keep only quotes and brackets, drop what is left of strings,
    then peel empty pairs level by level. Only if that leaves brackets after MAX_NESTING_DEPTH
    passes (too deep, or unbalanced) is the text walked to find where.
    """
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    reduced = raw.translate(None, _DELETE).replace(b'""', b"")
    if b'"' in reduced:  # strings holding brackets: quotes alternate opening/closing now
        reduced = b"".join(reduced.split(b'"')[::2])
    reduced = reduced.translate(_ONE_BRACKET)
    # each pass removes the innermost level: every empty pair, in one non-overlapping sweep
    # (`replace` does not look again at what a removal joins)
    for _ in range(MAX_NESTING_DEPTH):
        if not reduced:
            return None
        reduced = reduced.replace(b"{}", b"")
    if not reduced:
        return None
    # rare: find where (a plain walk that skips strings)
    depth = 0
    pos, end = 0, len(text)
    while pos < end:
        c = text[pos]
        if c == '"':
            m = _STRINGS.match(text, pos)
            if m is None:
                return None  # an unterminated string: let the parser say so
            pos = m.end()
            continue
        if c in "[{":
            depth += 1
            if depth > MAX_NESTING_DEPTH:
                return pos
        elif c in "]}":
            depth -= 1
        pos += 1
    return None


# --------------------------------------------------------------------------------------------------
# Parsing

_NOT_PLAIN = object()
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 19


def _parse_plain(raw: bytes) -> Any:
    """The data of a file without a backslash (no escape: the usual profile), parsed by orjson, or
    _NOT_PLAIN: then `_parse` parses it with the standard library's hooks, which say where and what
    is wrong. orjson refuses what the hooks refuse (NaN, Infinity, a number beyond a float: the slow
    path then says so) but reads an integer beyond 64 bits as a float (a file with a long run of
    digits takes the slow path, which keeps it an integer) and keeps the last of duplicate keys:
    so the file has as many colons as its data written back unless a key was dropped. Every key
    is followed by one colon, and without an escape every string is written back byte for byte
    (nothing in it is escaped: no quote, backslash or control character can be in it), so the
    colons inside strings are on both sides alike; a dropped duplicate takes its key's colon (and
    any in its value) with it."""
    if b"\\" in raw or _LONG_NUMBER in raw.translate(_DIGITS_AS_ZERO):
        return _NOT_PLAIN  # an escape, or 19 digits in a row: orjson reads an integer beyond 64 bits as a float
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _NOT_PLAIN
    if raw.count(b":") != orjson.dumps(data).count(b":"):
        return _NOT_PLAIN  # a duplicate key
    return data


def _parse(raw: bytes, text: str, name: str) -> Any | Problem:
    def at(offset: int, message: str, code: str) -> Problem:
        line, column = _line_col(text, offset)
        return Problem(name, None, line, column, message, code)

    if text.strip(" \t\n\r") == "":
        return Problem(name, None, None, None,
                       "the file contains only whitespace; a profile must be a JSON object", "json.empty")
    deep = _too_deep(raw, text)
    if deep is not None:
        return at(deep, f"nested too deeply: more than {MAX_NESTING_DEPTH} levels of objects and "
                        "arrays", "json.too-deep")
    data = _parse_plain(raw)
    if data is not _NOT_PLAIN:
        return data
    try:
        data = json.loads(
            text,
            object_pairs_hook=_pairs_to_dict,
            parse_constant=_refuse_constant,
            parse_float=_parse_float,
        )
    except json.JSONDecodeError as exc:
        message, offset = _syntax_message(text, exc)
        return at(offset, message, "json.syntax")
    except _HookError as exc:
        return _locate_hook_error(text, name, str(exc))
    except RecursionError:
        return Problem(name, None, None, None,
                       f"nested too deeply: more than {MAX_NESTING_DEPTH} levels of objects and "
                       "arrays", "json.too-deep")
    except ValueError:  # int() of more digits than sys.get_int_max_str_digits()
        return _locate_hook_error(text, name, "too large")
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(
        json.dumps(data, ensure_ascii=False)
    ):
        return _locate_hook_error(text, name, "surrogate")
    return data


def read_text(path: Path | str) -> tuple[bytes, str] | Problem:
    """A file's bytes and text, read with the rules of a profile (size limit, a regular file, UTF-8
    without BOM, no NUL), for inputs that are not JSON (a YAML waivers file)."""
    name = str(path)
    raw = read_bounded(Path(path), name, MAX_PROFILE_BYTES)
    if isinstance(raw, Problem):
        return raw
    text = _decode(raw, name)
    if isinstance(text, Problem):
        return text
    return raw, text


def load_document(path: Path | str) -> Document | Problem:
    """Read and parse one profile; a Document, or the one Problem that makes it unusable.

    Never raises for bad input. The file is opened read-only and never modified.
    """
    if path is STDIN:
        name = STDIN_NAME
        raw = read_stdin_bounded(STDIN_NAME, MAX_PROFILE_BYTES)
    else:
        path = path if isinstance(path, Path) else Path(path)  # not parsed again: 3.11 interns each name it parses
        name = str(path)
        raw = read_bounded(path, name, MAX_PROFILE_BYTES)  # read-only, never past the limit
    if isinstance(raw, Problem):
        return raw
    return parse_document(raw, name, path)


def parse_document(raw: bytes, name: str, path: Path | Any = None) -> Document | Problem:
    """Parse bytes already read (a file, standard input, a request body) with the same rules as a
    file: UTF-8, strict JSON, nesting, a top-level object. `name` is how messages name the input."""
    if len(raw) > MAX_PROFILE_BYTES:
        return Problem(name, None, None, None, size_message(len(raw), MAX_PROFILE_BYTES), "file.too-large")
    if not raw:
        return Problem(name, None, None, None,
                       "the file is empty; a profile must be a JSON object")
    text = _decode(raw, name)
    if isinstance(text, Problem):
        return text
    data = _parse(raw, text, name)
    if isinstance(data, Problem):
        return data
    if not isinstance(data, dict):
        offset = len(text) - len(text.lstrip(" \t\n\r"))
        line, column = _line_col(text, offset)
        kind = _JSON_TYPE.get(type(data), type(data).__name__)
        return Problem(name, "", line, column, f"a profile must be a JSON object, found {kind}", "profile.not-object")
    return Document(path=Path(name) if path is None else path, display_name=name, data=data, raw=raw,
                    sha256=hashlib.sha256(raw).hexdigest())

