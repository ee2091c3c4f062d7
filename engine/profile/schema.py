"""Generates the profile's JSON Schema from the pydantic models: the models are the one source of truth.

    python -m engine.profile.schema          # rewrite profiles/schema/profile.schema.json
    python -m engine.profile.schema --check  # exit 1 when the committed file differs (tests do this too)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from ..paths import CATALOG_DIR, PROFILE_SCHEMA_PATH
from ..profile.models import PROFILE_SCHEMA_ID, Profile

NR5_QUESTIONS_PATH = CATALOG_DIR / "nr5" / "questions.json"
_TAG = re.compile(r"<[^>]+>")


def _nr5_wording() -> dict[str, str]:
    """NR5 question key -> its wording (plain text), from the project's copy of the NR5 question tree."""
    wording: dict[str, str] = {}

    def walk(questions: list[dict[str, Any]], parent: str = "") -> None:
        for question in questions:
            title = " ".join(_TAG.sub("", question.get("title", "")).split())
            if question.get("type") != "sub-section":
                wording[question["key"]] = f"{parent} {title}".strip() if parent else title
            walk(question.get("questions", []), title if question.get("type") == "sub-section" else "")

    for section in json.loads(NR5_QUESTIONS_PATH.read_text(encoding="utf-8")):
        walk(section["questions"])
    return wording


def _enrich(node: Any, wording: dict[str, str]) -> None:
    """Appends each NR5 question's own wording to the description of the property that answers it."""
    if isinstance(node, dict):
        keys = node.get("x-nr5")
        if keys:
            asked = " ".join(f"NR5 {key}: {wording[key]}" for key in keys if key in wording)
            node["description"] = f"{node.get('description', '')}\n\n{asked}".strip()
        for value in node.values():
            _enrich(value, wording)
    elif isinstance(node, list):
        for value in node:
            _enrich(value, wording)


def generate_schema() -> dict[str, Any]:
    body = Profile.model_json_schema(by_alias=True, mode="validation")
    _enrich(body, _nr5_wording())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": PROFILE_SCHEMA_ID,
        **body,
        "title": "Cartagena Protocol Party profile",
    }


def render_schema() -> str:
    return json.dumps(generate_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    rendered = render_schema()
    target: Path = PROFILE_SCHEMA_PATH
    if "--check" in argv:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != rendered:
            print(f"{target}: out of date; run: python -m engine.profile.schema", file=sys.stderr)
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(rendered, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
