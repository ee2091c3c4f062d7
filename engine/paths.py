"""The one place that says where the project's data lives.

The plan catalog, the rule files and the schemas live in `rules/` and `profiles/`, the siblings of
`engine/`: in a clone they are the repository's folders; installed, they are package data of
`cartagena_compliance.rules` and `cartagena_compliance.profiles` beside `cartagena_compliance.engine`.
Either way the `cartagena` command finds them from any working directory.
"""

from __future__ import annotations

from pathlib import Path

_ROOT: Path = Path(__file__).resolve().parent.parent

RULES_DIR: Path = _ROOT / "rules"
"""Rule files, one folder per goal of the plan (e.g. `rules/A.8-handling-transport-packaging-identification/`)."""

CATALOG_DIR: Path = RULES_DIR / "catalog"
"""The plan as data: goals, objectives, indicators, outcomes, key areas, activities, articles, NR5."""

RULE_SCHEMA_DIR: Path = RULES_DIR / "schema"
"""JSON Schemas of the catalog files and of the rule files."""

WAIVERS_SCHEMA_PATH: Path = RULE_SCHEMA_DIR / "waivers.schema.json"
"""The JSON Schema of a waivers file (`cartagena check --waivers FILE`)."""

DIFF_SCHEMA_PATH: Path = RULE_SCHEMA_DIR / "diff-report.schema.json"
"""The JSON Schema of `cartagena diff --format json`."""

PROFILES_DIR: Path = _ROOT / "profiles"
"""The bundled example profiles of fictional Parties."""

PROFILE_SCHEMA_PATH: Path = PROFILES_DIR / "schema" / "profile.schema.json"
"""The committed JSON Schema of a Party profile, generated from `engine.profile.models`."""
