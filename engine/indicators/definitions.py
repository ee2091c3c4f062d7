"""How each indicator of the plan is computed: `rules/catalog/indicators.yaml`, read and checked.

Every indicator of the catalog is defined exactly once: either which rule findings decide that a
Party counts (and how they combine) with its denominator, or why it is not computable from Party
profiles. Rule ids and the fields of `within` must exist. A broken file raises IndicatorFileError
with one `file: id: problem` line per problem (the command exits 3, like the catalog loader).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from ..paths import CATALOG_DIR, RULE_SCHEMA_DIR

INDICATORS_FILE: Path = CATALOG_DIR / "indicators.yaml"
SCHEMA_FILE: Path = RULE_SCHEMA_DIR / "indicators.schema.json"

Combination = Literal["all_of", "any_of", "first_applicable_of"]


class IndicatorFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Definition:
    """One indicator: its catalog entry (wording) and how it is computed, or why it is not."""

    id: str
    goal: str
    indicator: Any  # engine.catalog.models.Indicator: the wording, quoted from the catalog
    combination: Combination | None = None
    rules: tuple[str, ...] = ()
    parties: str | None = None  # who the denominator counts among, as the wording states it
    within: Any = None  # a parsed condition restricting the denominator, or None
    within_raw: Any = None  # the same as written in the file (shown in machine output)
    not_computable: str | None = None
    judgement: tuple[str, str] | None = None  # (the plan's words it interprets, quoted; how they are read)

    @property
    def computable(self) -> bool:
        return self.not_computable is None


@cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def _display(path: Path) -> str:
    try:
        return path.relative_to(CATALOG_DIR.parent.parent).as_posix()
    except ValueError:
        return str(path)


def load_definitions(catalog: Any, rulebook: Any, path: Path = INDICATORS_FILE) -> tuple[Definition, ...]:
    """The definitions in the catalog's order of indicators; raises IndicatorFileError."""
    from ..rulebook.conditions import ConditionError, parse_condition
    from ..rulebook.fields import profile_fields
    from ..rulebook.loader import read_yaml

    name = _display(path)
    try:
        data = read_yaml(path)
    except FileNotFoundError:
        raise IndicatorFileError([f"{name}: (file): not found"]) from None
    except Exception as exc:  # yaml.YAMLError, OSError, UnicodeDecodeError: one line, never a traceback
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        raise IndicatorFileError([f"{name}: {where}: not valid YAML: {getattr(exc, 'problem', None) or exc}"]) from None
    problems: list[str] = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        place = error.absolute_path
        subject = "(file)"
        if len(place) >= 2 and isinstance(data, dict):
            entry = data["indicators"][place[1]]
            subject = str(entry.get("id", f"indicators[{place[1]}]")) if isinstance(entry, dict) else f"indicators[{place[1]}]"
        where = "/".join(str(part) for part in list(place)[2:])
        problems.append(f"{name}: {subject}: {where + ': ' if where else ''}{error.message}")
    if problems:
        raise IndicatorFileError(problems)

    indicators = {ind.id: (goal.id, ind) for goal in catalog.goals for ind in goal.indicators}
    rules = rulebook.by_id()
    fields = profile_fields()
    found: dict[str, Definition] = {}
    for raw in data["indicators"]:
        id_ = raw["id"]

        def add(problem: str) -> None:
            problems.append(f"{name}: {id_}: {problem}")

        if id_ not in indicators:
            add("not an indicator of the catalog (rules/catalog/goals/*.yaml)")
            continue
        if id_ in found:
            add("defined more than once")
            continue
        goal, indicator = indicators[id_]
        judgement = None
        if "judgement" in raw:
            words = raw["judgement"]["words"]
            if indicator.text is None or words not in indicator.text:
                add(f"judgement.words: {words!r} are not the indicator's own words (quote them from rules/catalog/goals/{goal}.yaml)")
            judgement = (words, raw["judgement"]["reading"])
        if "not_computable" in raw:
            found[id_] = Definition(id_, goal, indicator, not_computable=raw["not_computable"], judgement=judgement)
            continue
        combination, rule_ids = next(iter(raw["counts"].items()))
        for rule_id in rule_ids:
            if rule_id not in rules:
                add(f"counts: rule {rule_id!r} does not exist")
        within = None
        within_raw = raw["denominator"].get("within")
        if within_raw is not None:
            try:
                within = parse_condition(within_raw, fields, where="denominator.within")
            except ConditionError as exc:
                add(str(exc))
        found[id_] = Definition(
            id_, goal, indicator, combination, tuple(rule_ids), raw["denominator"]["parties"], within, within_raw, judgement=judgement
        )
    for id_ in indicators:
        if id_ not in found and not any(p.startswith(f"{name}: {id_}: ") for p in problems):
            problems.append(f"{name}: {id_}: an indicator of the catalog has no definition (counts, or not_computable)")
    if problems:
        raise IndicatorFileError(problems)
    return tuple(found[id_] for id_ in indicators)
