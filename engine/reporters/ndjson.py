"""NDJSON, for streaming big batches: one JSON record per line, each with a `type`: the run header
first (`"type": "header"`), then one `"type": "profile"` per checked profile, then the tail
(`"type": "tail"`: invalid files and totals). Keys sorted, so byte-identical for the same inputs."""

from __future__ import annotations

import json
from typing import Any

from .escaping import json_text


def _line(kind: str, record: dict[str, Any]) -> str:
    return json_text(json.dumps({"type": kind, **record}, ensure_ascii=False, sort_keys=True)) + "\n"


class Reporter:
    needs_lines = True  # evidence carries its line and column

    def start(self, header: dict[str, Any]) -> str:
        return _line("header", header)

    def profile(self, record: dict[str, Any]) -> str:
        return _line("profile", record)

    def finish(self, tail: dict[str, Any]) -> str:
        return _line("tail", tail)
