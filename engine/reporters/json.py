"""JSON: for machines. Byte-identical for the same inputs: stable key order, sorted findings."""

from __future__ import annotations

import json
from typing import Any

NEEDS_LINES = False


def render(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
