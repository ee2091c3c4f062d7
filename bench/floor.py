"""The floor: only the irreducible work of checking a batch, to measure `cartagena check` against.

    python bench/floor.py RULES.json DIR > out.ndjson

For every `*.json` file of DIR (sorted, as `check` takes them): read it, parse it, and for every rule
one lookup (the first profile field the rule decides on) and one predicate (is it the answer that
meets it), then one JSON line out (the file, and the indexes of the rules met). RULES.json is a list
of `[[key, key, ...], value]` pairs, written by bench/run.py from the rule files, so the floor has
the rules' count and fields without loading them. Nothing is validated, no evidence is gathered, no
text is written: what any checker must do at the least. Uses orjson, as `check` does, where it imports.
"""

from __future__ import annotations

import os
import sys
from typing import Any

try:
    import orjson

    loads: Any = orjson.loads

    def dumps(value: Any) -> bytes:
        return orjson.dumps(value) + b"\n"

except ImportError:  # pragma: no cover - the standard library then
    import json

    loads = json.loads

    def dumps(value: Any) -> bytes:
        return json.dumps(value, separators=(",", ":")).encode() + b"\n"


def lookup(data: Any, keys: list[str]) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def main(argv: list[str]) -> int:
    rules_file, folder = argv
    with open(rules_file, "rb") as handle:
        rules = [(keys, value) for keys, value in loads(handle.read())]
    out = sys.stdout.buffer
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(folder, name)
        with open(path, "rb") as handle:
            data = loads(handle.read())
        met = [index for index, (keys, value) in enumerate(rules) if lookup(data, keys) == value]
        out.write(dumps({"file": path, "met": met}))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
