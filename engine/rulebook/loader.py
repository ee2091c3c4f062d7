"""Loads the rule files: safe YAML only (no tags that build objects, nothing executed), checked
against the rule schema (jsonschema), the plan catalog and the profile format.

Every problem is reported as `file: rule ID: problem`, all at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import safe_yaml
from ..paths import RULE_SCHEMA_DIR, RULES_DIR
from ..rulebook.conditions import ConditionError, parse_condition
from ..rulebook.fields import profile_fields
from ..rulebook.legal import duty_problems, required_duty
from ..rulebook.model import Basis, Rule

RULE_FILE_NAME = "rules.yaml"
FIXTURE_FILE_NAME = "fixtures.yaml"


class RuleFileError(Exception):
    """One or more rule files are broken; `problems` holds one `file: rule ID: problem` line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Rulebook:
    rules: tuple[Rule, ...]
    digest: str  # sha256 of every rule file, so an audit can be reproduced

    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}


def rule_files(directory: Path = RULES_DIR) -> list[Path]:
    """Every `rules.yaml` below the rules folder, one folder per goal, sorted."""
    return sorted(path for path in directory.glob(f"*/{RULE_FILE_NAME}") if path.parent.name not in ("catalog", "schema"))


def read_yaml(path: Path) -> Any:
    """Safe YAML: plain data only. A tag such as !!python/object is an error, never code."""
    with path.open("rb") as handle:
        return safe_yaml.load(handle)


@cache
def _rule_schema_validator() -> Any:
    import jsonschema

    schema = json.loads((RULE_SCHEMA_DIR / "rule.schema.json").read_text(encoding="utf-8"))
    # Conditions are checked by parse_condition, against the profile format, with clearer messages than
    # the schema's oneOf gives; checking them here too would cost most of the load time for nothing.
    schema["$defs"]["condition"] = {"type": "object"}
    return jsonschema.Draft202012Validator(schema)


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(RULES_DIR.parent))
    except ValueError:
        return str(path)


MAX_RULE_FILE_DEPTH = 40
"""The deepest nesting of mappings and lists accepted in a rule file (conditions included)."""

_KIND_NAMES = {
    "objective": "an objective of the plan",
    "indicator": "an indicator of the plan",
    "article": "an article of the catalog (rules/catalog/articles.yaml)",
    "nr5_question": "a question of the fifth national report",
    "key_area": "a key area of the Capacity-Building Action Plan",
    "activity": "a capacity-building activity of the Capacity-Building Action Plan",
}


def _depth(node: Any, limit: int) -> int:
    """How deeply `node` nests, counting no further than `limit` + 1 (no recursion)."""
    deepest = 0
    stack = [(node, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth > limit:
                return depth
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _schema_problems(data: Any, name: str) -> tuple[list[str], set[int]]:
    """Problems found by the rule schema, and the indexes of rules with a problem outside their
    conditions (those are not built; conditions get clearer messages from parse_condition)."""
    problems = []
    broken: set[int] = set()
    for error in sorted(_rule_schema_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        where = list(error.absolute_path)
        rule_id = "-"
        if len(where) >= 2 and where[0] == "rules" and isinstance(where[1], int):
            rules = data.get("rules") if isinstance(data, dict) else None
            candidate = rules[where[1]] if isinstance(rules, list) and where[1] < len(rules) else None
            rule_id = str(candidate.get("id", f"rules[{where[1]}]")) if isinstance(candidate, dict) else f"rules[{where[1]}]"
            if len(where) >= 3 and where[2] in ("condition", "applies_when"):
                continue  # conditions get a clearer message from parse_condition
            broken.add(where[1])
            where = where[2:]
        location = ".".join(str(part) for part in where)
        message = error.message
        if error.validator == "additionalProperties":
            message = message.replace("Additional properties are not allowed", "unknown key(s)")
        subject = f"rule {rule_id}: " if rule_id != "-" else ""
        problems.append(f"{name}: {subject}{location + ': ' if location else ''}{message}")
    return problems, broken


def load_rulebook(directory: Path = RULES_DIR, catalog: Any = None) -> Rulebook:
    """Reads, checks and returns every rule; raises RuleFileError listing every problem found."""
    import hashlib

    if catalog is None:
        from ..catalog.loader import load_catalog

        catalog = load_catalog()
    fields = profile_fields()
    problems: list[str] = []
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    digest = hashlib.sha256()
    files = rule_files(directory)
    if not files:
        raise RuleFileError([f"{directory}: no rule files (*/{RULE_FILE_NAME})"])
    for path in files:
        name = _display(path)
        raw = path.read_bytes()
        digest.update(path.parent.name.encode() + b"\0" + raw + b"\0")
        try:
            data = read_yaml(path)
        except safe_yaml.error() as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{mark.line + 1}:{mark.column + 1}: " if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            problems.append(f"{name}: {where}not valid YAML: {problem}")
            continue
        if data is None:
            problems.append(f"{name}: the file is empty; a rule file holds 'goal' and 'rules'")
            continue
        if isinstance(data, dict) and isinstance(data.get("rules"), list):
            kept = []
            for index, raw_rule in enumerate(data["rules"]):
                if _depth(raw_rule, MAX_RULE_FILE_DEPTH) > MAX_RULE_FILE_DEPTH:
                    rule_id = raw_rule.get("id", f"rules[{index}]") if isinstance(raw_rule, dict) else f"rules[{index}]"
                    problems.append(f"{name}: rule {rule_id}: nested too deeply (more than {MAX_RULE_FILE_DEPTH} levels)")
                else:
                    kept.append(raw_rule)
            data = {**data, "rules": kept}
        if _depth(data, MAX_RULE_FILE_DEPTH) > MAX_RULE_FILE_DEPTH:
            problems.append(f"{name}: nested too deeply (more than {MAX_RULE_FILE_DEPTH} levels)")
            continue
        schema_problems, broken_rules = _schema_problems(data, name)
        problems.extend(schema_problems)
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            continue
        goal = data.get("goal")
        if isinstance(goal, str) and _kind(catalog, goal) != "goal":
            problems.append(f"{name}: goal {goal!r} is not a goal of the plan")
        if isinstance(goal, str) and not path.parent.name.startswith(f"{goal}-"):
            problems.append(f"{name}: the folder of goal {goal}'s rules must be named '{goal}-<name>'")
        for order, raw_rule in enumerate(data["rules"]):
            if not isinstance(raw_rule, dict):
                continue
            rule_id = str(raw_rule.get("id", f"rules[{order}]"))

            def add(problem: str) -> None:
                problems.append(f"{name}: rule {rule_id}: {problem}")

            if rule_id in seen:
                add(f"duplicate rule id (also in {seen[rule_id]})")
            seen[rule_id] = name
            if isinstance(goal, str) and not rule_id.startswith(f"{goal}/"):
                add(f"the id must start with its goal, '{goal}/'")
            if order in broken_rules:
                continue  # the schema problem is reported; building it would only add noise
            rule = _build_rule(raw_rule, rule_id, str(goal), order, path, catalog, fields, add)
            if rule is not None and not schema_problems:
                rules.append(rule)
    if problems:
        raise RuleFileError(problems)
    return Rulebook(tuple(rules), digest.hexdigest())


def _kind(catalog: Any, id_: Any) -> str | None:
    if not isinstance(id_, str):
        return None
    entry = catalog.entries.get(id_)
    return None if entry is None else entry.kind


def _build_rule(raw: dict[str, Any], rule_id: str, goal: str, order: int, path: Path, catalog: Any, fields: Any, add: Any) -> Rule | None:
    ok = True
    for key, kind in (
        ("objectives", "objective"),
        ("indicators", "indicator"),
        ("nr5", "nr5_question"),
    ):
        for id_ in raw.get(key) or []:
            if _kind(catalog, id_) != kind:
                hint = catalog.suggest(id_) if hasattr(catalog, "suggest") else []
                add(f"{key}: {id_!r} is not {_KIND_NAMES[kind]}" + (f"; did you mean {', '.join(hint)}?" if hint else ""))
                ok = False
    basis = raw.get("legal_basis") or []
    for n, entry in enumerate(basis):
        id_ = entry.get("article") if isinstance(entry, dict) else None
        if _kind(catalog, id_) != "article":
            hint = catalog.suggest(id_) if hasattr(catalog, "suggest") and isinstance(id_, str) else []
            add(f"legal_basis[{n}].article: {id_!r} is not {_KIND_NAMES['article']}" + (f"; did you mean {', '.join(hint)}?" if hint else ""))
            ok = False
    if not basis:
        add("legal_basis: a rule must say on what it rests (at least one article with its relation)")
        ok = False
    goal_entry = catalog.entries.get(goal)
    if goal_entry is not None and goal_entry.kind == "goal":
        item = goal_entry.item
        lacks = {
            "objectives": not item.objectives,
            "indicators": any(indicator.text is None for indicator in item.indicators),
        }
        for key, source_lacks in lacks.items():
            if isinstance(raw.get(key), list) and not raw[key] and not source_lacks:
                add(f"{key}: cite at least one; only where the catalog records that the source lacks them may it be empty")
                ok = False
    remediation = raw.get("remediation") if isinstance(raw.get("remediation"), dict) else {}
    for key, kind in (("key_areas", "key_area"), ("activities", "activity")):
        for id_ in remediation.get(key) or []:
            if _kind(catalog, id_) != kind:
                add(f"remediation.{key}: {id_!r} is not {_KIND_NAMES[kind]}")
                ok = False
    section = goal_entry.item.capacity_building if goal_entry is not None and goal_entry.kind == "goal" else None
    outside = [
        id_
        for id_ in (*(remediation.get("key_areas") or []), *(remediation.get("activities") or []))
        if section and isinstance(id_, str) and not id_.startswith((f"{section}.", f"KA.{section[3:]}."))
    ]
    if outside and not remediation.get("why_outside_goal"):
        add(
            f"remediation: {', '.join(outside)} lie(s) outside {section}, the capacity-building section of goal {goal}; "
            "say why in remediation.why_outside_goal"
        )
        ok = False
    conditions = {}
    for key in ("applies_when", "condition"):
        if key in raw:
            try:
                conditions[key] = parse_condition(raw[key], fields, key)
            except ConditionError as exc:
                add(str(exc))
                ok = False
    messages = raw.get("messages") if isinstance(raw.get("messages"), dict) else {}
    if "applies_when" in raw and "not_applicable" not in messages:
        add("messages: 'not_applicable' is required when the rule has 'applies_when'")
        ok = False
    if "applies_when" not in raw and "not_applicable" in messages:
        add("messages: 'not_applicable' is given but the rule always applies (no 'applies_when')")
        ok = False
    if ok:
        # the duty follows from the force of what the rule `requires` (engine/rulebook/legal.py)
        for problem in duty_problems(raw.get("duty"), basis, catalog):
            add(problem)
            ok = False
    if not ok or "condition" not in conditions:
        return None
    return Rule(
        id=rule_id,
        title=raw["title"],
        goal=goal,
        duty=raw["duty"],
        objectives=tuple(raw["objectives"]),
        indicators=tuple(raw["indicators"]),
        legal_basis=tuple(Basis(entry["article"], entry["relation"], catalog.article(entry["article"]).instrument) for entry in basis),
        duty_basis=required_duty([(entry["article"], entry["relation"]) for entry in basis], catalog)[1],
        nr5=tuple(raw["nr5"]),
        applies_when=conditions.get("applies_when"),
        condition=conditions["condition"],
        messages=dict(messages),
        advice=remediation["advice"],
        key_areas=tuple(remediation.get("key_areas") or ()),
        activities=tuple(remediation.get("activities") or ()),
        why_outside_goal=remediation.get("why_outside_goal"),
        file=path,
        order=order,
    )
