"""JSON, for machines: one document, written as the run goes. Byte-identical for the same inputs
(keys sorted, findings in the rules' order, `jsondump`); the run header's keys one a line, then each
profile's record on one line."""

from __future__ import annotations

from typing import Any

from .jsondump import dumps


class Reporter:
    needs_lines = False  # evidence carries its JSON pointer; lines are for the formats that show them

    def __init__(self) -> None:
        self._profiles = 0

    def start(self, header: dict[str, Any]) -> str:
        return "{\n" + "".join(f"{dumps(key)}: {dumps(value)},\n" for key, value in header.items()) + '"profiles": ['

    def render(self, record: dict[str, Any]) -> str:
        """One profile's record as JSON text: the same whichever process makes it."""
        return dumps(record)

    def place(self, rendered: str) -> str:
        """A rendered record where it goes in the document: after a comma from the second on."""
        self._profiles += 1
        return ("\n" if self._profiles == 1 else ",\n") + rendered

    def profile(self, record: dict[str, Any]) -> str:
        return self.place(self.render(record))

    def finish(self, tail: dict[str, Any]) -> str:
        return "\n],\n" + ",\n".join(f"{dumps(key)}: {dumps(value)}" for key, value in tail.items()) + "\n}\n"
