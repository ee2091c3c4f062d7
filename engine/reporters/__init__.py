"""Output formats of `cartagena check`, chosen by name from a registry. Each format is one module
with a `Reporter` class that writes a run piece by piece, so memory stays flat over any number of
profiles:

    start(header) -> str     the tool, the rules and the plan texts they cite (engine.report.run_header)
    profile(record) -> str   one checked profile (engine.report.profile_record): place(render(record))
    finish(tail) -> str      the invalid files and the totals (engine.report.RunTotals.tail)

A profile's part is made in two steps, so `check --jobs` can make the first in worker processes:
`render(record)` depends on the header and the record only (a worker, once started with the header,
makes it); `place(rendered)` puts it into the report in order, in the command's process (a comma
before the second record of a JSON array, the number of a Party's section in HTML).

`needs_lines` says whether the format shows line numbers: the evidence of the findings it shows is
then located in the file (engine.positions).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Protocol

# format name -> its module, relative to this package
FORMATS: dict[str, str] = {
    "text": ".text",
    "json": ".json",
    "markdown": ".markdown",
    "html": ".html",
    "sarif": ".sarif",
    "junit": ".junit",
    "ndjson": ".ndjson",
}


class Reporter(Protocol):
    needs_lines: bool

    def start(self, header: dict[str, Any]) -> str: ...

    def profile(self, record: dict[str, Any]) -> str: ...

    def render(self, record: dict[str, Any]) -> Any: ...

    def place(self, rendered: Any) -> str: ...

    def finish(self, tail: dict[str, Any]) -> str: ...


def reporter(name: str) -> Reporter:
    """A new reporter of the format called `name` (a key of FORMATS)."""
    return import_module(FORMATS[name], __name__).Reporter()
