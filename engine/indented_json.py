"""JSON text indented by two spaces, as `json.dumps(value, indent=2, ensure_ascii=False)` writes it,
without the reference cycle that call leaves behind.

Given an indent, the json module encodes in pure Python (`json.encoder._make_iterencode`): every call
makes four mutually recursive closures, about 33 objects in a cycle that only the garbage collector
frees. Called once per file by `cartagena validate --format json`, that is garbage of about 1,500
files waiting for each collection (the batch threshold of engine.collector): a step in the peak RSS
of a batch, which the benchmark's slope over 1,000-10,000 profiles saw as growth (issue 25). Here the
nesting is written by a plain recursive function and every scalar by the json module's C encoder
(no indent: no closures), so the text is the same and nothing is left for the collector.
"""

from __future__ import annotations

import json
from typing import Any

_INDENT = "  "
_scalar = json.JSONEncoder(ensure_ascii=False).encode
"""A string, number, true/false or null as JSON text (the C encoder: what indent=2 writes for them too)."""


def _key(key: Any) -> str:
    """A dict key as the json module writes it (it turns numbers, true/false and null into strings)."""
    if isinstance(key, str):
        return _scalar(key)
    if key is True or key is False or key is None or isinstance(key, (int, float)):
        return _scalar(_scalar(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _write(value: Any, prefix: str, parts: list[str]) -> None:
    if isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = prefix + _INDENT
        separator = "[\n" + inner
        for item in value:
            parts.append(separator)
            _write(item, inner, parts)
            separator = ",\n" + inner
        parts.append("\n" + prefix + "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = prefix + _INDENT
        separator = "{\n" + inner
        for key, item in value.items():
            parts.append(separator + _key(key) + ": ")
            _write(item, inner, parts)
            separator = ",\n" + inner
        parts.append("\n" + prefix + "}")
    else:  # str, int, float, True, False, None (anything else: the json module's TypeError)
        parts.append(_scalar(value))


def indented(value: Any, prefix: str = "") -> str:
    """`value` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, every line after the
    first starting with `prefix` (the depth at which it is placed in a larger document)."""
    parts: list[str] = []
    _write(value, prefix, parts)
    return "".join(parts)
