"""`cartagena indicators --format json`: every figure and who is in each group, for machines."""

from __future__ import annotations

import json
from typing import Any

from ..reporters.escaping import json_text


def render(result: dict[str, Any]) -> str:
    return json_text(json.dumps(result, ensure_ascii=False, indent=2)) + "\n"
