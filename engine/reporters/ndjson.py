"""NDJSON, for streaming big batches: one JSON record per line, each with a `type`: the run header
first (`"type": "header"`), then one `"type": "profile"` per checked profile, then the tail
(`"type": "tail"`: invalid files and totals). Keys sorted (`jsondump`), so byte-identical for the
same inputs."""

from __future__ import annotations

from typing import Any

from .jsondump import dumps


def _line(kind: str, record: dict[str, Any]) -> str:
    return dumps({"type": kind, **record}) + "\n"


class Reporter:
    needs_lines = False  # evidence carries its JSON pointer; lines are for the formats that show them

    def start(self, header: dict[str, Any]) -> str:
        return _line("header", header)

    def render(self, record: dict[str, Any]) -> str:
        return _line("profile", record)

    def place(self, rendered: str) -> str:
        return rendered

    def profile(self, record: dict[str, Any]) -> str:
        return _line("profile", record)

    def finish(self, tail: dict[str, Any]) -> str:
        return _line("tail", tail)
