"""Output formats of `cartagena check`, chosen by name. Each format is one module with a
`render(report) -> str` function over the plain report data of `engine.report`."""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

FORMATS: dict[str, str] = {
    "text": "engine.reporters.text",
    "json": "engine.reporters.json",
    "markdown": "engine.reporters.markdown",
}
"""Format name -> module. Human formats show line numbers (`NEEDS_LINES = True` in the module)."""


def reporter(name: str) -> tuple[Callable[[dict[str, Any]], str], bool]:
    """The render function of a format, and whether it wants line numbers in the evidence."""
    module = import_module(FORMATS[name])
    return module.render, bool(getattr(module, "NEEDS_LINES", False))
