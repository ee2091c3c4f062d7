"""A problem with an input and where it is: the file, the JSON pointer, the line and column
(`engine.loader` says every way a file can be unusable with one of these); JSON pointers; lines and
columns of offsets in a text."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


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
