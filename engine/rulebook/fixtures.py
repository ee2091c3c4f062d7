"""Rule fixtures: each rule folder's `fixtures.yaml` holds fixture profiles and the exact finding
expected of every rule of that goal. `tests/test_rule_fixtures.py` runs them all.

    cases:
      - name: documentation required for every kind of LMO
        profile: {...}          # merged onto FIXTURE_BASE (the Party block every fixture shares)
        expect: {A.8/documentation-contained-use: met, ...}
        others: not_declared    # the status of every rule of the goal not named in `expect`
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..rulebook.loader import FIXTURE_FILE_NAME, read_yaml

FIXTURE_BASE: dict[str, Any] = {"party": {"name": "Fixture Party", "code": "XFX", "as_of": "2026-06-30"}}


@dataclass(frozen=True)
class FixtureCase:
    file: Path
    name: str
    profile: dict[str, Any]
    expect: dict[str, str]
    others: str | None


def merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """`patch` laid over `base`: mappings merge key by key, anything else replaces."""
    merged = copy.deepcopy(dict(base))
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_fixtures(rule_folder: Path) -> list[FixtureCase]:
    path = rule_folder / FIXTURE_FILE_NAME
    data = read_yaml(path)
    cases = []
    for raw in data["cases"]:
        cases.append(
            FixtureCase(
                file=path,
                name=raw["name"],
                profile=merge(FIXTURE_BASE, raw.get("profile") or {}),
                expect=dict(raw.get("expect") or {}),
                others=raw.get("others"),
            )
        )
    return cases
