"""Where a JSON pointer's value (or key) stands in a document's text: line and column, found when
asked, for the few pointers a report shows.

A report shows lines only for the evidence of gaps (and waived or failing findings), some tens of
pointers out of a profile's thousands of values: so nothing is scanned up front. `PositionIndex`
walks from the root to the pointer, reading each object or array it passes through once (its
members' offsets, remembered) with the json module's C scanner, which skips a whole value at C
speed; a line and a column are counted from an offset only for the pointers asked for.

The text must be valid JSON, as every `engine.loader.Document`'s is (duplicate keys, NaN, lone
surrogates and numbers too large are refused before a Document exists): the scanner then never
fails. Lines count line feeds (as the json module does); columns are 1-based and count characters
(code points). `tests/test_positions.py` compares every answer with a full scan of the text
(`engine.loader`'s `_Scan`, which still locates the errors the json module reports without a place).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from itertools import accumulate, repeat
from operator import add
from typing import Any

__all__ = ["PositionIndex"]

_WS = re.compile(r"[ \t\n\r]*")
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")  # between a key and its value
_NEXT = re.compile(r"[ \t\n\r]*(,)?[ \t\n\r]*")  # after a value: a comma and the next member, or the end
_scanstring = json.decoder.scanstring  # the C implementation where there is one
_scan_once = json.scanner.make_scanner(json.JSONDecoder())  # one value at an offset -> (value, end), in C

# one container's members: an object's key -> (key offset, value offset, value end); an array's
# items as (value offset, value end) by index
_Members = dict[str, tuple[int, int, int]] | list[tuple[int, int]]


def _escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _tokens(pointer: str) -> list[str] | None:
    """The unescaped tokens of a JSON pointer ("" -> []); None if it is not one."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        return None
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


class PositionIndex:
    """Where each JSON pointer of a document is: (line, column) of the value, and of the key for
    object members. Lines and columns are 1-based; columns count characters."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root = _WS.match(text).end()  # type: ignore[union-attr]
        self._containers: dict[int, _Members] = {}
        self._line_starts: list[int] | None = None
        self._located: dict[str, dict[str, Any]] = {}

    # --- reading containers, each once ---------------------------------------------------------

    def _members(self, start: int) -> _Members:
        """The members of the object or array whose opening bracket is at `start`."""
        known = self._containers.get(start)
        if known is not None:
            return known
        text = self._text
        members: _Members
        pos = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
        if text[start] == "{":
            members = {}
            while text[pos] == '"':
                key, after = _scanstring(text, pos + 1, True)
                value = _COLON.match(text, after).end()  # type: ignore[union-attr]
                end = _scan_once(text, value)[1]
                members.setdefault(key, (pos, value, end))  # (a Document has no duplicate keys)
                following = _NEXT.match(text, end)
                pos = following.end()  # type: ignore[union-attr]
                if following.group(1) is None:  # type: ignore[union-attr]
                    break
        else:
            members = []
            while text[pos] != "]":
                end = _scan_once(text, pos)[1]
                members.append((pos, end))
                following = _NEXT.match(text, end)
                pos = following.end()  # type: ignore[union-attr]
                if following.group(1) is None:  # type: ignore[union-attr]
                    break
        self._containers[start] = members
        return members

    def _child(self, value: int, token: str) -> tuple[int | None, int, int] | None:
        """(key offset or None, value offset, value end) of `token` inside the value at `value`."""
        if self._text[value] not in "{[":
            return None
        members = self._members(value)
        if isinstance(members, dict):
            found = members.get(token)
            return found
        if token.isdigit() and str(int(token)) == token and int(token) < len(members):  # "01" names no item
            start, end = members[int(token)]
            return None, start, end
        return None

    def _walk(self, tokens: list[str]) -> tuple[int, list[tuple[int | None, int, int]]]:
        """How far `tokens` lead (the number found) and, for each, (key offset, value offset, end)."""
        steps: list[tuple[int | None, int, int]] = []
        value = self._root
        for token in tokens:
            child = self._child(value, token)
            if child is None:
                break
            steps.append(child)
            value = child[1]
        return len(steps), steps

    def _exact(self, pointer: str) -> tuple[int | None, int, int] | None:
        """The step of exactly this pointer (as written: "/a~2" names no key "~2"), or None."""
        tokens = _tokens(pointer)
        if tokens is None or "".join("/" + _escape_token(token) for token in tokens) != pointer:
            return None
        if not tokens:
            return None, self._root, _scan_once(self._text, self._root)[1]
        found, steps = self._walk(tokens)
        return steps[-1] if found == len(tokens) else None

    # --- line and column -----------------------------------------------------------------------

    def _at(self, offset: int) -> tuple[int, int]:
        starts = self._line_starts
        if starts is None:  # where every line starts, counted once (in C) when the first is asked
            starts = self._line_starts = [0, *accumulate(map(add, map(len, self._text.split("\n")), repeat(1)))]
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    # --- what callers ask ----------------------------------------------------------------------

    def value_position(self, pointer: str) -> tuple[int, int] | None:
        """Where the value at `pointer` starts; None if there is no such value."""
        step = self._exact(pointer)
        return None if step is None else self._at(step[1])

    def key_position(self, pointer: str) -> tuple[int, int] | None:
        """Where the key of the object member at `pointer` starts (its opening quote); None if
        `pointer` is not an object member (the root, an array item, or missing)."""
        step = self._exact(pointer)
        return None if step is None or step[0] is None else self._at(step[0])

    def _nearest_step(self, pointer: str) -> tuple[int, int] | None:
        tokens = _tokens(pointer)
        if tokens is None:
            return None
        found, steps = self._walk(tokens)
        if found:
            return steps[found - 1][1], steps[found - 1][2]
        return self._root, _scan_once(self._text, self._root)[1]

    def nearest(self, pointer: str) -> tuple[int, int] | None:
        """Where the value at `pointer` starts or, if it does not exist (a missing property), its
        deepest existing ancestor. None only if `pointer` is not a JSON pointer."""
        step = self._nearest_step(pointer)
        return None if step is None else self._at(step[0])

    def nearest_span(self, pointer: str) -> tuple[int, int, int, int] | None:
        """(start line, start column, end line, end column) of the value at `pointer` or, if it is
        missing, of its deepest existing ancestor; the end column is one past the last character
        (as SARIF regions count). None only if `pointer` is not a JSON pointer."""
        step = self._nearest_step(pointer)
        return None if step is None else (*self._at(step[0]), *self._at(step[1]))

    def located(self, pointer: str) -> dict[str, Any]:
        """`line`, `column` (of the value; None when it is missing) and `region` (`nearest_span`)
        of an evidence pointer, as a report's evidence carries them (several findings may show the
        same evidence: found once)."""
        known = self._located.get(pointer)
        if known is None:
            position = self.value_position(pointer)
            line, column = position if position else (None, None)
            known = self._located[pointer] = {"line": line, "column": column, "region": self.nearest_span(pointer)}
        return known
