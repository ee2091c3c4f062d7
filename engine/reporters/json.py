"""JSON, for machines: one document, written as the run goes. Byte-identical for the same inputs
(keys sorted, findings in the rules' order); each profile's record on one line."""

from __future__ import annotations

import json
from typing import Any

from .escaping import json_text


def _dump(value: Any) -> str:
    return json_text(json.dumps(value, ensure_ascii=False, sort_keys=True))


class Reporter:
    needs_lines = True  # evidence carries its line and column

    def __init__(self) -> None:
        self._profiles = 0

    def start(self, header: dict[str, Any]) -> str:
        return "{\n" + "".join(f"{_dump(key)}: {_dump(value)},\n" for key, value in header.items()) + '"profiles": ['

    def profile(self, record: dict[str, Any]) -> str:
        self._profiles += 1
        return ("\n" if self._profiles == 1 else ",\n") + _dump(record)

    def finish(self, tail: dict[str, Any]) -> str:
        return "\n],\n" + ",\n".join(f"{_dump(key)}: {_dump(value)}" for key, value in tail.items()) + "\n}\n"
