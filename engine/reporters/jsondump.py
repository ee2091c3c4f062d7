"""JSON text for the machine formats (`check --format json` and `ndjson`): written by orjson, keys
sorted and no whitespace, so the same inputs give the same bytes on every run and every machine
(orjson has wheels for every Python this tool supports; it is a dependency, not an option).

What orjson leaves raw is escaped after it (`escaping.json_text`): DEL, C1 and bidirectional
controls, U+2028 and U+2029. An integer beyond 64 bits (a profile may hold one: the loader accepts
up to Python's 4,300 digits) is written as its digits, which orjson alone refuses; a string holding a lone
surrogate (a file name that is not valid UTF-8, as Python keeps it) as `\udcff`-style escapes, as the
json module writes it (orjson refuses it too).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from .escaping import json_text

_OPTIONS = orjson.OPT_SORT_KEYS
_INT64 = range(-(2**63), 2**64)  # what orjson writes itself (it takes unsigned 64-bit integers too)


def dumps(value: Any) -> str:
    """`value` as JSON text: keys sorted, compact, controls and bidi controls escaped."""
    try:
        dumped = orjson.dumps(value, option=_OPTIONS)
    except orjson.JSONEncodeError:  # rare: made writable, then written
        dumped = orjson.dumps(_writable(value), option=_OPTIONS)
    if b"\x7f" in dumped or b"\xc2" in dumped or b"\xd8" in dumped or b"\xe2" in dumped:
        return json_text(dumped.decode("utf-8"))
    # none of the lead bytes of what json_text escapes (DEL; C1 controls U+0080-U+009F; U+061C; the
    # U+2000 block's bidi controls and line separators): nothing to escape, and no pattern run over it
    return dumped.decode("utf-8")


def _writable(value: Any) -> Any:
    """`value` with every integer and string orjson cannot write made a fragment of its JSON text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if value in _INT64 else orjson.Fragment(str(value).encode("ascii"))
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: escaped, every other character kept as JSON allows
            return orjson.Fragment(json.dumps(value).encode("ascii"))
        return value
    if isinstance(value, dict):
        return {key: _writable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_writable(item) for item in value]
    return value
