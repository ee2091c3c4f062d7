"""`cartagena indicators`: the plan's indicators across Parties. `definitions` reads
rules/catalog/indicators.yaml, `compute` reduces profiles to figures, and one module per output
format renders them: each has `render(result: dict) -> str`."""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

# format name -> its module, relative to this package
FORMATS: dict[str, str] = {
    "text": ".text",
    "markdown": ".markdown",
    "json": ".json",
    "csv": ".csv",
    "html": ".html",
}


def renderer(name: str) -> Callable[[dict[str, Any]], str]:
    return import_module(FORMATS[name], __name__).render
