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

import bisect
import errno
import hashlib
import json
import math
import os
import re
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from .positions import PositionIndex
from .system_errors import broken_link_message as _broken_link_message
from .system_errors import os_error_message as _os_error_message

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
# Problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input. `str()` gives the one-line message shown to users.

    `pointer` is a JSON pointer ("" is the whole document); `line` and `column` are 1-based, the
    column counting characters. Each of them is None when unknown. `code` names the kind of
    problem, stable across releases (PROBLEM_CODES; README "Problem codes").
    """

    file: str
    pointer: str | None
    line: int | None
    column: int | None
    message: str
    code: str = "profile.invalid"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.pointer is not None:
            where += f": {self.pointer or '/'}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """The problem as plain data (for JSON output); unknown parts are None."""
        return {
            "file": self.file,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "code": self.code,
        }


# --------------------------------------------------------------------------------------------------
# JSON pointers


def _escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def json_pointer(parts: Iterable[str | int]) -> str:
    """The JSON pointer (RFC 6901) of a path of keys and array indexes: ["a/b", 0] -> "/a~1b/0"."""
    return "".join("/" + _escape_token(str(part)) for part in parts)


def split_pointer(pointer: str) -> list[str] | None:
    """The unescaped tokens of a JSON pointer ("" -> []); None if it is not a JSON pointer."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        return None
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


# --------------------------------------------------------------------------------------------------
# Line and column of an offset


class _Lines:
    """Offsets in the text -> (line, column), 1-based, lines ending at line feeds."""

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --------------------------------------------------------------------------------------------------
# The full scan behind locating the errors the json module reports without a place (and the
# reference the tests compare engine.positions.PositionIndex with)

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")
_NON_FINITE = ("NaN", "Infinity", "-Infinity")


class _ScanStop(Exception):
    """The text is not valid JSON at this point; the scan keeps what it found so far."""


class _Scan:
    """A small recursive-descent scan of JSON text recording where every value and key starts.

    It also notes the first duplicate key, non-finite constant, too-large number and lone surrogate
    (in text order), which the json module reports without a position. Tolerant: it stops quietly
    at the first syntax error. Depth is bounded by the caller (MAX_NESTING_DEPTH is checked first).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.values: dict[str, int] = {}
        self.ends: dict[str, int] = {}  # where each value ends (one past its last character)
        self.keys: dict[str, int] = {}
        # (pointer, offset, extra) of the first of each kind of trouble, in text order
        self.duplicate: tuple[str, int, int] | None = None  # extra: offset of the first occurrence
        self.non_finite: tuple[str, int, str] | None = None  # extra: the constant
        self.too_large: tuple[str, int, str] | None = None  # extra: the number as written
        self.surrogate: tuple[str, int, str] | None = None  # extra: the string as decoded
        self.top_offset: int | None = None
        self._int_digits_limit = sys.get_int_max_str_digits() or None  # 0: no limit
        try:
            pos = self._skip(0)
            self.top_offset = pos
            self._value(pos, "")
        except (_ScanStop, IndexError, ValueError, RecursionError):
            pass

    def _skip(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def _string(self, pos: int, pointer: str) -> tuple[str, int]:
        try:
            value, end = json.decoder.scanstring(self.text, pos + 1, True)
        except ValueError as exc:
            raise _ScanStop from exc
        if self.surrogate is None and _has_lone_surrogate(value):
            self.surrogate = (pointer, pos, value)
        return value, end

    def _value(self, pos: int, pointer: str) -> int:
        end = self.ends[pointer] = self._value_at(pos, pointer)
        return end

    def _value_at(self, pos: int, pointer: str) -> int:
        text = self.text
        self.values[pointer] = pos
        c = text[pos]
        if c == "{":
            return self._object(pos, pointer)
        if c == "[":
            return self._array(pos, pointer)
        if c == '"':
            return self._string(pos, pointer)[1]
        for literal in _LITERALS:
            if text.startswith(literal, pos):
                if literal in _NON_FINITE and self.non_finite is None:
                    self.non_finite = (pointer, pos, literal)
                return pos + len(literal)
        m = _NUMBER.match(text, pos)
        if m is None:
            raise _ScanStop
        if self.too_large is None:
            number = m.group()
            if m.group(1) is None and m.group(2) is None:
                digits = len(number.lstrip("-"))
                if self._int_digits_limit is not None and digits > self._int_digits_limit:
                    self.too_large = (pointer, pos, number)
            elif math.isinf(float(number)):
                self.too_large = (pointer, pos, number)
        return m.end()

    def _object(self, pos: int, pointer: str) -> int:
        text = self.text
        seen: dict[str, int] = {}
        pos = self._skip(pos + 1)
        if text[pos] == "}":
            return pos + 1
        while True:
            if text[pos] != '"':
                raise _ScanStop
            key_offset = pos
            key, pos = self._string(pos, pointer)
            member = pointer + "/" + _escape_token(key)
            if key in seen:
                if self.duplicate is None:
                    self.duplicate = (member, key_offset, seen[key])
            else:
                seen[key] = key_offset
                self.keys[member] = key_offset
            if self.surrogate is not None and self.surrogate[1] == key_offset:
                self.surrogate = (member, key_offset, key)
            pos = self._skip(pos)
            if text[pos] != ":":
                raise _ScanStop
            pos = self._skip(pos + 1)
            if key in seen and seen[key] != key_offset:
                # a duplicate: record its value under a pointer that cannot clash
                end = self._value_elsewhere(pos, member)
            else:
                end = self._value(pos, member)
            pos = self._skip(end)
            if text[pos] == ",":
                pos = self._skip(pos + 1)
                continue
            if text[pos] == "}":
                return pos + 1
            raise _ScanStop

    def _value_elsewhere(self, pos: int, pointer: str) -> int:
        """Scan a value without letting it overwrite the positions of the first occurrence."""
        values, keys, ends = self.values, self.keys, self.ends
        self.values, self.keys, self.ends = dict(values), dict(keys), dict(ends)
        try:
            return self._value(pos, pointer)
        finally:
            self.values, self.keys, self.ends = values, keys, ends

    def _array(self, pos: int, pointer: str) -> int:
        text = self.text
        pos = self._skip(pos + 1)
        if text[pos] == "]":
            return pos + 1
        index = 0
        while True:
            end = self._value(pos, f"{pointer}/{index}")
            index += 1
            pos = self._skip(end)
            if text[pos] == ",":
                pos = self._skip(pos + 1)
                continue
            if text[pos] == "]":
                return pos + 1
            raise _ScanStop


def _has_lone_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


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
# Reading


_O_NOATIME = getattr(os, "O_NOATIME", 0)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NONBLOCK", 0)  # never block on a named pipe; no effect on regular files
)


def _open_read_only(path: Path) -> int:
    """Open read-only, without updating the access time where the system allows it."""
    if _O_NOATIME:
        try:
            return os.open(path, _OPEN_FLAGS | _O_NOATIME)
        except PermissionError:
            pass  # O_NOATIME needs ownership (or CAP_FOWNER); plain read-only then
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.EPERM):
                raise
    return os.open(path, _OPEN_FLAGS)


def _size_message(size: int | None) -> str:
    limit = f"{MAX_PROFILE_BYTES:,} bytes ({MAX_PROFILE_BYTES // (1024 * 1024)} MiB)"
    if size is None:
        return f"the file is larger than the limit of {limit} for a profile"
    return f"the file is {size:,} bytes, larger than the limit of {limit} for a profile"


def _read_stdin() -> bytes | Problem:
    """Standard input, at most one byte more than the limit (a bigger input is refused, not read whole)."""
    try:
        raw = sys.stdin.buffer.read(MAX_PROFILE_BYTES + 1)
    except (OSError, AttributeError, ValueError) as exc:  # closed, or not a byte stream
        return Problem(STDIN_NAME, None, None, None, f"cannot read standard input: {exc}")
    if len(raw) > MAX_PROFILE_BYTES:
        return Problem(STDIN_NAME, None, None, None, _size_message(None).replace("the file is", "standard input is"))
    return raw


def _read(path: Path, name: str) -> bytes | Problem:
    def problem(message: str, code: str = "input.unreadable") -> Problem:
        return Problem(name, None, None, None, message, code)

    try:
        fd = _open_read_only(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return problem(_broken_link_message(str(path)), "input.broken-link")
        return problem("no such file or directory", "input.not-found")
    except OSError as exc:
        return problem(_os_error_message(exc, "cannot open the file"))
    except ValueError:  # e.g. an embedded NUL character in the path
        return problem("invalid file name")
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return problem("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            return problem("not a regular file (a device, pipe or socket?)")
        if info.st_size > MAX_PROFILE_BYTES:
            return problem(_size_message(info.st_size), "file.too-large")
        chunks: list[bytes] = []
        remaining = MAX_PROFILE_BYTES + 1  # one more than the limit: a file that grew is noticed
        while remaining > 0:
            chunk = os.read(fd, min(remaining, max(info.st_size, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        raw = b"".join(chunks)
        if len(raw) > MAX_PROFILE_BYTES:
            return problem(_size_message(None), "file.too-large")
        return raw
    except OSError as exc:
        return problem(_os_error_message(exc, "cannot read the file"))
    finally:
        os.close(fd)


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

_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
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


class _HookError(Exception):
    """Raised from a json hook; located afterwards by a scan."""


def _pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _HookError("duplicate")
    return result


def _refuse_constant(name: str) -> Any:
    raise _HookError("constant")


def _parse_float(number: str) -> float:
    value = float(number)
    if math.isinf(value):
        raise _HookError("too large")
    return value


_JSON_TYPE = {dict: "object", list: "array", str: "string", int: "number", float: "number",
              bool: "boolean", type(None): "null"}
_PYTHON_WORDS = {"True": "true", "False": "false", "None": "null", "undefined": "null",
                 "nan": None, "inf": None}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _describe(text: str, pos: int) -> str:
    """How to name what is at `pos` in a message."""
    if pos >= len(text):
        return "the end of the file"
    m = _WORD.match(text, pos)
    if m:
        return f"'{m.group()}'"
    c = text[pos]
    if c == '"':
        return "a string"
    if c.isprintable() and not c.isspace():
        return f"'{c}'"
    return f"character U+{ord(c):04X}"


def _open_containers(text: str, end: int) -> list[tuple[str, int]]:
    """The brackets still open at `end` (kind, offset), outermost first."""
    stack: list[tuple[str, int]] = []
    pos = 0
    while pos < end:
        c = text[pos]
        if c == '"':
            m = _STRINGS.match(text, pos)
            if m is None or m.end() > end:
                break
            pos = m.end()
            continue
        if c in "[{":
            stack.append((c, pos))
        elif c in "]}" and stack:
            stack.pop()
        pos += 1
    return stack


def _previous_char(text: str, pos: int) -> str:
    before = text[:pos].rstrip(" \t\n\r")
    return before[-1:] if before else ""


def _syntax_message(text: str, exc: json.JSONDecodeError) -> tuple[str, int]:
    """A plain-words message for a json syntax error, and the offset it is about."""
    msg, pos = exc.msg, exc.pos
    at_end = text[pos:].strip(" \t\n\r") == ""
    c = text[pos] if pos < len(text) else ""
    word_match = _WORD.match(text, pos)
    word = word_match.group() if word_match else None
    prev = _previous_char(text, pos)
    found = _describe(text, pos)

    def unclosed() -> str:
        stack = _open_containers(text, len(text))
        if stack:
            kind, offset = stack[-1]
            line, column = _line_col(text, offset)
            what, closer = ("object", "}") if kind == "{" else ("array", "]")
            return (f"unexpected end of file: the {what} opened at line {line}, column {column} "
                    f"is not closed (missing '{closer}')")
        return "unexpected end of file"

    def common() -> str | None:
        if c in "/#" and (c == "#" or text.startswith(("//", "/*"), pos)):
            return "comments are not allowed in JSON"
        if c in "}]" and prev == ",":
            what = "member" if c == "}" else "item"
            return f"trailing comma before '{c}' (remove the comma after the last {what})"
        if c == "'":
            return "strings must be in double quotes (\"...\"), not single quotes"
        return None

    if msg.startswith("Expecting value"):
        if at_end:
            stack = _open_containers(text, len(text))
            return (unclosed() if stack else "unexpected end of file: a value is missing"), pos
        special = common()
        if special:
            return special, pos
        if word in _PYTHON_WORDS:
            replacement = _PYTHON_WORDS[word]
            if replacement:
                return f"'{word}' is not valid JSON; write {replacement}", pos
            return f"'{word}' is not valid JSON; use a number or null", pos
        if word is not None:
            if word.lower() in ("true", "false", "null"):
                return f"'{word}' is not valid JSON; write {word.lower()} (lowercase)", pos
            from difflib import get_close_matches  # only on this error path

            close = get_close_matches(word.lower(), ["true", "false", "null"], n=1, cutoff=0.6)
            if close:
                return f"unexpected {found}; did you mean {close[0]}?", pos
            return f"unexpected {found}: text must be in double quotes (\"{word}\")", pos
        if c == "+":
            return "a number cannot start with '+'", pos
        if c == ".":
            return "a number must start with a digit (write 0.5, not .5)", pos
        if prev == ":" and c in ",}":
            return f"a value is missing after ':' (found {found})", pos
        if prev in ",[" and c in ",]":
            return f"a value is missing (found {found})", pos
        return (f"expected a value (a string, number, object, array, true, false or null), "
                f"found {found}"), pos
    if msg.startswith("Expecting property name"):
        if at_end:
            return unclosed(), pos
        special = common()
        if special:
            return special.replace("strings must", "property names must"), pos
        if word is not None:
            return f"property name '{word}' must be in double quotes (\"{word}\")", pos
        return f"expected a property name in double quotes, found {found}", pos
    if msg.startswith("Expecting ':'"):
        if at_end:
            return unclosed(), pos
        return f"expected ':' after the property name, found {found}", pos
    if msg.startswith("Expecting ',' delimiter"):
        if at_end:
            return unclosed(), pos
        special = common()
        if special:
            return special, pos
        stack = _open_containers(text, pos)
        in_object = bool(stack) and stack[-1][0] == "{"
        if in_object:
            message = f"expected ',' or '}}' after an object member, found {found}"
        else:
            message = f"expected ',' or ']' after an array item, found {found}"
        if c in '"{[' or c.isdigit() or word in ("true", "false", "null"):
            message += " (is a comma missing?)"
        return message, pos
    if msg.startswith("Unterminated string"):
        return "unterminated string (the closing double quote is missing)", pos
    if msg.startswith("Invalid control character"):
        if c == "\n" or c == "\r":
            return ("a string cannot contain a line break; write \\n "
                    "(or is a closing double quote missing?)"), pos
        if c == "\t":
            return "a string cannot contain a tab character; write \\t", pos
        return (f"a string cannot contain the control character U+{ord(c):04X}; "
                f"write \\u{ord(c):04x}"), pos
    if msg.startswith("Invalid \\uXXXX escape"):
        if text.startswith("\\u", pos - 1):  # point at the backslash
            pos -= 1
        return "invalid \\u escape in a string: \\u must be followed by 4 hexadecimal digits", pos
    if msg.startswith("Invalid \\escape"):
        escape = text[pos : pos + 2]
        if escape[1:] and not escape[1:].isprintable():  # a message is one line: name the character
            what = "a line break" if escape[1] in "\r\n" else f"the control character U+{ord(escape[1]):04X}"
            return (f"invalid escape in a string: a backslash followed by {what}; a backslash is written \\\\ "
                    "(valid escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"), pos
        return (f"invalid escape '{escape}' in a string; a backslash is written \\\\ "
                "(valid escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"), pos
    if msg.startswith("Extra data"):
        end = len(text[:pos].rstrip(" \t\n\r"))
        line, column = _line_col(text, max(end - 1, 0))
        return (f"extra data after the JSON value (which ends at line {line}, column {column}); "
                "a profile file holds exactly one JSON object"), pos
    if msg.startswith("Illegal trailing comma"):  # Python 3.13+
        return common() or "trailing comma", pos
    return f"invalid JSON: {msg[:1].lower()}{msg[1:]}", pos


def _locate_hook_error(text: str, name: str, kind: str) -> Problem:
    scan = _Scan(text)
    lines = _Lines(text)
    if kind == "duplicate" and scan.duplicate is not None:
        pointer, offset, first = scan.duplicate
        key = split_pointer(pointer)[-1]  # type: ignore[index]
        line, column = lines.at(offset)
        return Problem(name, pointer, line, column,
                       f"duplicate key '{key}' (first at line {lines.at(first)[0]})", "json.duplicate-key")
    if kind == "constant" and scan.non_finite is not None:
        pointer, offset, constant = scan.non_finite
        line, column = lines.at(offset)
        return Problem(name, pointer, line, column,
                       f"{constant} is not valid JSON; use a number or null", "json.non-finite")
    if kind == "too large" and scan.too_large is not None:
        pointer, offset, number = scan.too_large
        line, column = lines.at(offset)
        return Problem(name, pointer, line, column, _too_large_message(number), "json.number-too-large")
    if kind == "surrogate" and scan.surrogate is not None:
        pointer, offset, _ = scan.surrogate
        line, column = lines.at(offset)
        return Problem(name, pointer, line, column, _SURROGATE_MESSAGE, "json.lone-surrogate")
    fallback = {"duplicate": "duplicate key in an object", "constant": "NaN and Infinity are "
                "not valid JSON", "too large": "number too large", "surrogate": _SURROGATE_MESSAGE}
    codes = {"duplicate": "json.duplicate-key", "constant": "json.non-finite", "too large": "json.number-too-large",
             "surrogate": "json.lone-surrogate"}
    return Problem(name, None, None, None, fallback[kind], codes[kind])


_SURROGATE_MESSAGE = (
    "a string contains a \\u escape of a lone UTF-16 surrogate (\\ud800-\\udfff), "
    "which is not a character"
)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _too_large_message(number: str) -> str:
    if any(c in number for c in ".eE"):
        return f"number too large: {_shorten(number)} is beyond the range of a 64-bit float"
    digits = len(number.lstrip("-"))
    return f"number too large: {digits:,} digits (at most {sys.get_int_max_str_digits():,})"


def _shorten(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


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
    raw = _read(Path(path), name)
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
        raw = _read_stdin()
    else:
        path = path if isinstance(path, Path) else Path(path)  # not parsed again: 3.11 interns each name it parses
        name = str(path)
        raw = _read(path, name)
    if isinstance(raw, Problem):
        return raw
    return parse_document(raw, name, path)


def parse_document(raw: bytes, name: str, path: Path | Any = None) -> Document | Problem:
    """Parse bytes already read (a file, standard input, a request body) with the same rules as a
    file: UTF-8, strict JSON, nesting, a top-level object. `name` is how messages name the input."""
    if len(raw) > MAX_PROFILE_BYTES:
        return Problem(name, None, None, None, _size_message(len(raw)), "file.too-large")
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

