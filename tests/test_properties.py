"""Property tests over generated valid profiles.

The profiles are generated from the profile format itself (`engine.rulebook.fields.profile_fields()`
and the pydantic models): every declaration absent or with one of its allowed answers, its other
fields sometimes given, arrays of 0-3 items, a party block with an as-of date between 2020 and 2030
and every other date on or before it. Only profiles the validator accepts are used.

(a) every rule gives exactly one finding, with a known status; (b) evaluation never raises;
(c) each engine (durable_rules through the compiler and the adapter, and the pure-Python engine)
agrees with the reference three-valued meaning `engine.rulebook.conditions.evaluate`, and the two
engines give identical findings; (d) findings do not depend on which other profiles
are checked, nor in which order; (e) nor on PYTHONHASHSEED.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import typing
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from engine.evaluator import Evaluator, Finding, profile_data
from engine.profile.checks import check_profile
from engine.profile.models import Profile
from engine.rulebook.conditions import evaluate
from engine.rulebook.facts import build_fact
from engine.rulebook.fields import FieldSpec, profile_fields
from engine.rulebook.model import Rule
from tests.rulekit import ENGINE_PARAMS, ENGINES, evaluator, rulebook

ROOT = Path(__file__).resolve().parent.parent
STATUSES = {"gap", "met", "not_declared", "not_applicable"}
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------------------------------
# The profile format, as a tree


@cache
def _children() -> dict[str, list[str]]:
    """Dotted path of an object ("" for the profile) -> dotted paths of its fields, in order."""
    tree: dict[str, list[str]] = {"": []}
    for path in profile_fields():
        parent = path.rsplit(".", 1)[0] if "." in path else ""
        tree.setdefault(parent, []).append(path)
        tree.setdefault(path, [])
    return tree


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    candidates = [annotation]
    while candidates:
        candidate = candidates.pop()
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        candidates.extend(typing.get_args(candidate))
    return None


@cache
def _model_of(path: str) -> type[BaseModel]:
    """The pydantic model of the object (or array item) at a dotted path ("" = Profile)."""
    model: type[BaseModel] = Profile
    for part in path.split(".") if path else []:
        info = next(f for name, f in model.model_fields.items() if (f.alias or name) == part)
        inner = _inner_model(info.annotation)
        assert inner is not None, path
        model = inner
    return model


def _required(parent: str, key: str) -> bool:
    model = _model_of(parent)
    return any((info.alias or name) == key and info.is_required() for name, info in model.model_fields.items())


TEXTS = st.sampled_from(["Ministry of Environment", "x", "BCH-CNA-XEA-1", "Autorité nationale", "電子"])


def _date(draw: st.DrawFn, as_of: dt.date, path: str) -> dt.date:
    # the Supplementary Protocol entered into force on 2018-03-05: keep its dates after that
    most = 600 if path.startswith("party.supplementary_protocol") else 5000
    return as_of - dt.timedelta(days=draw(st.integers(0, most)))


def _leaf(draw: st.DrawFn, spec: FieldSpec, as_of: dt.date, path: str) -> Any:
    if spec.kind == "enum":
        return draw(st.sampled_from(spec.values))
    if spec.kind == "enum_set":
        if "instrument.none" in spec.values and draw(st.booleans()):
            return ["instrument.none"]
        others = [value for value in spec.values if value != "instrument.none"]
        return draw(st.lists(st.sampled_from(others), min_size=1, max_size=len(others), unique=True))
    if spec.kind == "date":
        return _date(draw, as_of, path)
    if spec.kind == "bool":
        return draw(st.booleans())
    if spec.kind == "int":
        return draw(st.integers(0, 50))
    if spec.kind == "text":
        return draw(TEXTS)
    raise AssertionError(f"unexpected leaf kind {spec.kind} at {path}")  # pragma: no cover


def _object(draw: st.DrawFn, path: str, as_of: dt.date, density: int, fields: dict[str, FieldSpec], children: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in children:
        spec = fields[child]
        key = child.rsplit(".", 1)[-1]
        if path == "party" and key == "as_of":
            out[key] = as_of
            continue
        if not _required(path, key) and draw(st.integers(0, 9)) >= density:
            continue
        if spec.kind == "object":
            out[key] = _object(draw, child, as_of, density, fields, _children()[child])
        elif spec.kind == "array":
            items = []
            for _ in range(draw(st.integers(0, 3))):
                item: dict[str, Any] = {}
                for name, item_spec in (spec.items or {}).items():
                    if _required(child, name) or draw(st.booleans()):
                        item[name] = _leaf(draw, item_spec, as_of, f"{child}.{name}")
                items.append(item)
            out[key] = items
        else:
            out[key] = _leaf(draw, spec, as_of, child)
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def _valid(document: dict[str, Any]) -> Profile | None:
    try:
        profile = Profile.model_validate_json(json.dumps(document))
    except ValidationError:
        return None
    if any(problem.severity == "error" for problem in check_profile(profile)):
        return None
    return profile


@st.composite
def profile_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid profile as a JSON document (what a file holds)."""
    as_of = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    density = draw(st.sampled_from([1, 5, 9]))  # out of 10: sparse, half, nearly everything declared
    document = _jsonable(_object(draw, "", as_of, density, profile_fields(), _children()[""]))
    document["party"]["code"] = draw(st.sampled_from(["XEA", "XAB", "XZZ"]))
    assume(_valid(document) is not None)
    return document


def data_of(document: dict[str, Any]) -> dict[str, Any]:
    profile = _valid(document)
    assert profile is not None
    return profile_data(profile)


# --------------------------------------------------------------------------------------------------
# The reference meaning


def reference_status(rule: Rule, data: dict[str, Any]) -> str:
    if rule.applies_when is not None:
        applies = evaluate(rule.applies_when, build_fact(data, [rule.applies_when]))
        if applies is False:
            return "not_applicable"
        if applies is None:
            return "not_declared"
    holds = evaluate(rule.condition, build_fact(data, [rule.condition]))
    return {True: "met", False: "gap", None: "not_declared"}[holds]


def summary(findings: list[Finding]) -> list[tuple[Any, ...]]:
    return [(f.rule.id, f.status, f.evidence, f.undeclared) for f in findings]


# --------------------------------------------------------------------------------------------------
# The generator itself


def test_the_generator_covers_the_profile_format() -> None:
    """Every declaration's answer is reachable: the tree walk reaches every field of the format."""
    reached = set()
    stack = [""]
    while stack:
        path = stack.pop()
        for child in _children()[path]:
            reached.add(child)
            stack.append(child)
    assert reached == set(profile_fields())
    assert _required("party", "as_of") and not _required("national_biosafety_framework", "mainstreaming")
    assert _required("national_biosafety_framework.mainstreaming", "answer")
    assert _required("compliance.non_compliance_issues.issues", "status")


# --------------------------------------------------------------------------------------------------
# (a), (b), (c)


@SETTINGS
@given(profile_documents())
def test_one_finding_per_rule_and_each_engine_agrees_with_the_reference_meaning(document: dict[str, Any]) -> None:
    data = data_of(document)
    rules = rulebook().rules
    expected = {rule.id: reference_status(rule, data) for rule in rules}
    by_engine = {}
    for engine in ENGINES:
        findings = by_engine[engine] = evaluator(engine).evaluate(data)  # (b): never raises
        # (a) exactly one finding per rule, in the rulebook's order, with a known status
        assert [finding.rule.id for finding in findings] == [rule.id for rule in rules]
        assert all(finding.status in STATUSES for finding in findings)
        # (c) the engine's answer is the three-valued meaning of the condition
        actual = {finding.rule.id: finding.status for finding in findings}
        differences = {rule_id: (expected[rule_id], actual[rule_id]) for rule_id in expected if expected[rule_id] != actual[rule_id]}
        assert not differences, f"(reference, {engine}) differ: {differences}"
        # a not_declared finding names what was missing; other findings do not
        for finding in findings:
            assert bool(finding.undeclared) <= (finding.status == "not_declared")
    # (c) the engines agree on every part of every finding
    if len(by_engine) == 2:
        assert by_engine["python"] == by_engine["durable"]


# --------------------------------------------------------------------------------------------------
# (d) order and batch independence


@pytest.mark.parametrize("engine", ENGINE_PARAMS)
@settings(SETTINGS, max_examples=40)
@given(st.lists(profile_documents(), min_size=2, max_size=5))
def test_findings_do_not_depend_on_order_or_batch(engine: str, documents: list[dict[str, Any]]) -> None:
    datas = [data_of(document) for document in documents]
    rules = rulebook().rules
    with Evaluator(rules, engine=engine) as shared:
        in_order = [summary(shared.evaluate(data)) for data in datas]
        reversed_order = [summary(shared.evaluate(data)) for data in reversed(datas)][::-1]
        again = [summary(shared.evaluate(data)) for data in datas]
    one_by_one = []
    for data in datas:
        with Evaluator(rules, engine=engine) as fresh:
            one_by_one.append(summary(fresh.evaluate(data)))
    assert in_order == reversed_order == again == one_by_one


# --------------------------------------------------------------------------------------------------
# (e) PYTHONHASHSEED


def _check(folder: Path, seed: str) -> bytes:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "check", "--format", "json", "--fail-on", "none", str(folder)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )
    assert completed.returncode == 0, completed.stderr.decode(errors="replace")
    return completed.stdout


@settings(deadline=None, max_examples=3, suppress_health_check=list(HealthCheck))
@given(st.lists(profile_documents(), min_size=5, max_size=5))
def test_findings_do_not_depend_on_the_hash_seed(documents: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        for index, document in enumerate(documents):
            (folder / f"profile-{index}.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
        first, second = _check(folder, "1"), _check(folder, "2")
        assert len(json.loads(first)["profiles"]) == 5
        assert first == second
