"""Where a JSON pointer's value (or key) stands in a document's text: line and column, found when
asked, for the few pointers a report shows.

A report shows lines only for the evidence of gaps (and waived or failing findings), some tens of
pointers out of a profile's thousands of values: so nothing is scanned up front. `PositionIndex`
walks from the root to the pointer, reading each object it passes through only as far as the key
it needs (its members' offsets remembered, the reading resumed there for the next key) and each
array once; a value it steps over is skipped by the json module's C scanner (a whole value at C
speed), or by the end of a container it has read already, so no part of the text is scanned twice
on the way. A line is counted (line feeds, in C) from the nearest offset below whose line is
known, and a column from the line feed before it, only for the offsets asked for.

A text laid out as the tool writes profiles (`json.dumps(data, indent=2, ensure_ascii=False)`:
`PositionIndex.of`, which checks it byte for byte) is not walked member by member: there every line
feed is layout (a string holds none), an object's members are the lines two spaces deeper than it
that start with a key, and it ends at the first line as deep as itself that starts with `}`, so a
member is one `str.find` within its object (an array on the way: the walk above).

The text must be valid JSON, as every `engine.loader.Document`'s is (duplicate keys, NaN, lone
surrogates and numbers too large are refused before a Document exists): the scanner then never
fails. Lines count line feeds (as the json module does); columns are 1-based and count characters
(code points). `tests/test_positions.py` compares every answer with a full scan of the text
(`engine.json_errors`' `_Scan`, which still locates the errors the json module reports without a place).
"""

from __future__ import annotations

import functools
import json
import re
from bisect import bisect_right
from typing import Any

import orjson

__all__ = ["PositionIndex"]

_WS = re.compile(r"[ \t\n\r]*")
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")  # between a key and its value
_PLAIN_KEY = re.compile(r'"([^"\\]*)"[ \t\n\r]*:[ \t\n\r]*')  # a key without escapes, and its colon
_NEXT = re.compile(r"[ \t\n\r]*(,)?[ \t\n\r]*")  # after a value: a comma and the next member, or the end
_scanstring = json.decoder.scanstring  # the C implementation where there is one
_scan_once = json.scanner.make_scanner(json.JSONDecoder())  # one value at an offset -> (value, end), in C


def _escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@functools.lru_cache(maxsize=4096)
def _parsed(pointer: str) -> tuple[tuple[str, ...] | None, bool]:
    """The unescaped tokens of a JSON pointer ("" -> ()), None if it is not one; and whether it is
    written exactly as its tokens escape ("/a~2" names no key "~2"). A batch asks the same
    pointers of every profile: parsed once (bounded)."""
    if pointer == "":
        return (), True
    if not pointer.startswith("/"):
        return None, False
    tokens = tuple(token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/"))
    return tokens, "".join("/" + _escape_token(token) for token in tokens) == pointer


@functools.lru_cache(maxsize=4096)
def _key_text(token: str) -> str:
    """A key as the writer of an indented text writes it (its escapes), the same for every profile."""
    return orjson.dumps(token).decode("utf-8")


def indented_by_two(raw: bytes, data: Any) -> bool:
    """Whether `raw` is exactly `data` written with an indent of two spaces (and perhaps a final
    line feed), as json.dumps(indent=2, ensure_ascii=False) and orjson write it."""
    try:
        written = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except (orjson.JSONEncodeError, TypeError):  # an integer beyond 64 bits: not this layout, then
        return False
    return raw == written or (raw[-1:] == b"\n" and raw[:-1] == written)


class PositionIndex:
    """Where each JSON pointer of a document is: (line, column) of the value, and of the key for
    object members. Lines and columns are 1-based; columns count characters."""

    @classmethod
    def of(cls, raw: bytes, data: Any) -> "PositionIndex":
        """The index of a document read (`raw`, and the `data` parsed from it)."""
        return cls(raw.decode("utf-8"), indented=indented_by_two(raw, data))

    def __init__(self, text: str, indented: bool = False) -> None:
        """`indented`: the caller has checked that `text` is laid out as `indented_by_two` says."""
        self._text = text
        # the depth of each value found by `str.find` in an indented text (None: walked instead)
        self._depths: dict[int, int] | None = {0: 0} if indented else None
        self._members: dict[tuple[int, str], tuple[int, int]] = {}  # (object, key) -> offsets found
        self._root = _WS.match(text).end()  # type: ignore[union-attr]
        # an object's members read so far (key -> key offset, value offset), and where reading
        # them goes on: [offset, whether it is that of a value still to skip]; [-1, False]: all read
        self._objects: dict[int, tuple[dict[str, tuple[int, int]], list[Any]]] = {}
        self._arrays: dict[int, list[int]] = {}  # an array's items' offsets
        self._ends: dict[int, int] = {}  # value offset -> offset just after the value
        self._known, self._known_lines = [0], [1]  # offsets whose line is known, and their lines
        self._located: dict[str, dict[str, Any]] = {}

    @property
    def _containers(self) -> dict[int, Any]:
        """Every container read, or begun (objects are read only as far as a key asked for)."""
        return {**self._objects, **self._arrays}

    # --- reading containers: each once, and only as far as needed ------------------------------

    def _end(self, value: int) -> int:
        """The offset just after the value at `value`: where a container read already ends, or
        the json module's C scanner's (which skips a whole value at C speed)."""
        end = self._ends.get(value)
        if end is None and self._depths is not None and value in self._depths:
            end = self._ends[value] = self._indented_end(value, self._depths[value])
        if end is None:
            opening = self._text[value]
            if opening == "{" and value in self._objects:
                self._read(value, None)  # the rest of its members: then its end is known
            elif opening == "[" and value in self._arrays:
                pass  # read whole, end known
            else:
                self._ends[value] = _scan_once(self._text, value)[1]
            end = self._ends[value]
        return end

    def _member(self, start: int, token: str) -> tuple[int, int] | None:
        """(key offset, value offset) of member `token` of the object at `start`."""
        known = self._objects.get(start)
        if known is None:
            known = self._objects[start] = ({}, [_WS.match(self._text, start + 1).end(), False])  # type: ignore[union-attr]
        found = known[0].get(token)
        if found is not None or known[1][0] < 0:
            return found
        return self._read(start, token)

    def _read(self, start: int, token: str | None) -> tuple[int, int] | None:
        """Reads on the members of the object at `start` up to key `token` (to the end if None)
        and returns it; what is not read yet (not even a value's end) stays for the next key."""
        members, state = self._objects[start]
        text = self._text
        pos, pending = state
        while True:
            if pending:  # after the value at `pos`: a comma and the next member, or the end
                following = _NEXT.match(text, self._end(pos))
                pos = following.end()  # type: ignore[union-attr]
                if following.group(1) is None:  # type: ignore[union-attr]
                    break
            elif text[pos] != '"':  # an empty object
                break
            plain = _PLAIN_KEY.match(text, pos)
            if plain is not None:
                key, value = plain.group(1), plain.end()
            else:  # a key with escapes: the json module's own reading of it
                key, after = _scanstring(text, pos + 1, True)
                value = _COLON.match(text, after).end()  # type: ignore[union-attr]
            members.setdefault(key, (pos, value))  # (a Document has no duplicate keys)
            pos, pending = value, True
            if key == token:
                state[:] = pos, True
                return members[key]
        state[:] = -1, False
        self._ends[start] = pos + 1  # just after the closing brace
        return None

    def _items(self, start: int) -> list[int]:
        """The offset of each item of the array at `start`."""
        known = self._arrays.get(start)
        if known is not None:
            return known
        text = self._text
        items: list[int] = []
        pos = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
        while text[pos] != "]":
            items.append(pos)
            following = _NEXT.match(text, self._end(pos))
            pos = following.end()  # type: ignore[union-attr]
            if following.group(1) is None:  # type: ignore[union-attr]
                break
        self._arrays[start] = items
        self._ends[start] = pos + 1  # just after the closing bracket
        return items

    def _child(self, value: int, token: str) -> tuple[int | None, int] | None:
        """(key offset or None, value offset) of `token` inside the value at `value`."""
        opening = self._text[value]
        if opening == "{":
            return self._member(value, token)
        if opening == "[" and token.isdigit() and str(int(token)) == token:  # "01" names no item
            items = self._items(value)
            if int(token) < len(items):
                return None, items[int(token)]
        return None

    # --- an indented text: members found by str.find ------------------------------------------

    def _indented_end(self, value: int, depth: int) -> int:
        """Just after the value at `value`, `depth` levels deep, in an indented text."""
        text = self._text
        opening = text[value]
        if opening == "{" or opening == "[":
            closing = "}" if opening == "{" else "]"
            if text[value + 1] == closing:
                return value + 2
            return text.index("\n" + "  " * depth + closing, value) + 2 * depth + 2
        return _scan_once(text, value)[1]

    def _indented_steps(self, tokens: tuple[str, ...], exact: bool) -> Any:
        """`_steps` in an indented text; None when an array is on the way (the walk finds items)."""
        text, depths, members = self._text, self._depths, self._members
        assert depths is not None
        step: tuple[int | None, int] = (None, 0)
        depth = 0
        for token in tokens:
            start = step[1]
            child = members.get((start, token))
            if child is None:  # not asked yet (pointers share their first steps)
                opening = text[start]
                if opening == "[":
                    return None
                if opening != "{":
                    return None, step  # a scalar has no member
                key = _key_text(token)
                indent = "\n" + "  " * (depth + 1)
                found = text.find(indent + key + ": ", start, self._end(start))
                if found < 0:
                    return None, step
                key_at = found + len(indent)
                child = members[start, token] = (key_at, key_at + len(key) + 2)
                depths[child[1]] = depth + 1
            step = child
            depth += 1
        return (step if exact else None), step

    def _steps(self, pointer: str) -> tuple[tuple[int | None, int] | None, tuple[int | None, int] | None]:
        """(key offset, value offset) of exactly this pointer (None if it names no value), and of
        the deepest existing value on its way (None only if `pointer` is not a JSON pointer)."""
        tokens, exact = _parsed(pointer)
        if tokens is None:
            return None, None
        if self._depths is not None:
            found = self._indented_steps(tokens, exact)
            if found is not None:
                return found
        step: tuple[int | None, int] = (None, self._root)
        for token in tokens:
            child = self._child(step[1], token)
            if child is None:
                return None, step
            step = child
        return (step if exact else None), step

    # --- line and column -----------------------------------------------------------------------

    def _at(self, offset: int) -> tuple[int, int]:
        """(line, column) of `offset`: line feeds counted (in C) from the nearest offset below it
        whose line is known, so a few tens of offsets cost about one pass over the text."""
        text, known, lines = self._text, self._known, self._known_lines
        below = bisect_right(known, offset) - 1
        line = lines[below] + text.count("\n", known[below], offset)
        if known[below] != offset:
            known.insert(below + 1, offset)
            lines.insert(below + 1, line)
        return line, offset - text.rfind("\n", 0, offset)

    # --- what callers ask ----------------------------------------------------------------------

    def value_position(self, pointer: str) -> tuple[int, int] | None:
        """Where the value at `pointer` starts; None if there is no such value."""
        step = self._steps(pointer)[0]
        return None if step is None else self._at(step[1])

    def key_position(self, pointer: str) -> tuple[int, int] | None:
        """Where the key of the object member at `pointer` starts (its opening quote); None if
        `pointer` is not an object member (the root, an array item, or missing)."""
        step = self._steps(pointer)[0]
        return None if step is None or step[0] is None else self._at(step[0])

    def nearest(self, pointer: str) -> tuple[int, int] | None:
        """Where the value at `pointer` starts or, if it does not exist (a missing property), its
        deepest existing ancestor. None only if `pointer` is not a JSON pointer."""
        step = self._steps(pointer)[1]
        return None if step is None else self._at(step[1])

    def nearest_span(self, pointer: str) -> tuple[int, int, int, int] | None:
        """(start line, start column, end line, end column) of the value at `pointer` or, if it is
        missing, of its deepest existing ancestor; the end column is one past the last character
        (as SARIF regions count). None only if `pointer` is not a JSON pointer."""
        step = self._steps(pointer)[1]
        return None if step is None else (*self._at(step[1]), *self._at(self._end(step[1])))

    def located(self, pointer: str) -> dict[str, Any]:
        """`line`, `column` (of the value; None when it is missing) and `region` (`nearest_span`)
        of an evidence pointer, as a report's evidence carries them (several findings may show the
        same evidence: found once; the pointer is walked once for both)."""
        known = self._located.get(pointer)
        if known is None:
            exact, nearest = self._steps(pointer)
            if nearest is None:
                region = None
            else:
                start = self._at(nearest[1])
                region = (*start, *self._at(self._end(nearest[1])))
            line, column = (None, None) if exact is None else start
            known = self._located[pointer] = {"line": line, "column": column, "region": region}
        return known
