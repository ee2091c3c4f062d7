"""The JSON Schema of the catalog files, generated from the pydantic models in `engine.catalog.models`.

`rules/schema/catalog.schema.json` is this function's output, committed; a test fails when the two
drift apart. Regenerate it with:

    python -m engine.catalog.schema
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import models_json_schema

from .. import paths
from ..catalog.models import ArticlesFile, CapacityBuildingSection, Goal, PlanFile

SCHEMA_PATH: Path = paths.RULE_SCHEMA_DIR / "catalog.schema.json"

_FILES = (
    (PlanFile, "plan.yaml"),
    (Goal, "goals/<ID>.yaml"),
    (CapacityBuildingSection, "capacity-building/<ID>.yaml"),
    (ArticlesFile, "articles.yaml"),
)


def catalog_schema() -> dict[str, Any]:
    """One schema for every catalog file: a file is valid if it is one of the four kinds."""
    refs, top = models_json_schema([(model, "validation") for model, _ in _FILES], ref_template="#/$defs/{model}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Plan catalog file (rules/catalog/)",
        "description": (
            "A file of the plan catalog: "
            + "; ".join(f"{name} is a {model.__name__}" for model, name in _FILES)
            + ". Generated from engine/catalog/models.py by engine/catalog/schema.py; do not edit by hand."
        ),
        "anyOf": [refs[(model, "validation")] for model, _ in _FILES],
        "$defs": top["$defs"],
    }


def render() -> str:
    return json.dumps(catalog_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(path: Path = SCHEMA_PATH) -> None:
    path.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    write()
    print(f"wrote {SCHEMA_PATH}")
