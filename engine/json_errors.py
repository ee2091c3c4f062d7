"""Where and what is wrong in a JSON text that the json module refuses, or that engine.loader's
hooks stop (duplicate keys, NaN and Infinity, numbers too large, lone surrogates): the full scan
that locates them, and the messages in plain words. Only a file with such a problem comes here: the
loader's fast path never does."""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

from .problems import Problem, _escape_token, _line_col, _Lines, split_pointer


# --------------------------------------------------------------------------------------------------
# The full scan behind locating the errors the json module reports without a place (and the
# reference the tests compare engine.positions.PositionIndex with)

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")
_NON_FINITE = ("NaN", "Infinity", "-Infinity")


_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
"""A JSON string token (its escapes included)."""


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
