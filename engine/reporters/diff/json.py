"""`cartagena diff --format json`: for machines (rules/schema/diff-report.schema.json); keys sorted,
byte-identical for the same inputs."""

from __future__ import annotations

import json
from typing import Any

from ..escaping import json_text


def render(diff: dict[str, Any]) -> str:
    return json_text(json.dumps(diff, ensure_ascii=False, sort_keys=True, indent=1)) + "\n"
