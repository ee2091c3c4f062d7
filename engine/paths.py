"""The one place that says where the project's data lives.

The plan catalog, the rule files and the schemas ship inside the installed packages `rules` and
`profiles` (package data), so the `cartagena` command finds them from any working directory,
whether installed with `pip install .` or `pip install -e .`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package_dir(package: str) -> Path:
    return Path(str(files(package)))


RULES_DIR: Path = _package_dir("rules")
"""Rule files, one folder per goal of the plan (e.g. `rules/A.8-handling-transport-packaging-identification/`)."""

CATALOG_DIR: Path = RULES_DIR / "catalog"
"""The plan as data: goals, objectives, indicators, outcomes, key areas, activities, articles, NR5."""

RULE_SCHEMA_DIR: Path = RULES_DIR / "schema"
"""JSON Schemas of the catalog files and of the rule files."""

PROFILES_DIR: Path = _package_dir("profiles")
"""The bundled example profiles of fictional Parties."""

PROFILE_SCHEMA_PATH: Path = PROFILES_DIR / "schema" / "profile.schema.json"
"""The committed JSON Schema of a Party profile, generated from `engine.profile.models`."""
