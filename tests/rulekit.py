"""Shared helpers for tests that evaluate profiles: one compiled rulebook per test session."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

import pytest

from engine.engines import durable_problem
from engine.evaluator import Evaluator, Finding, profile_data
from engine.profile.checks import check_profile
from engine.profile.models import Profile
from engine.rulebook.loader import Rulebook, load_rulebook


@cache
def rulebook() -> Rulebook:
    return load_rulebook()


DURABLE_PROBLEM: str | None = durable_problem()
"""Why durable_rules cannot run in this test process (None when it can). Where it cannot (Python
3.13 and later, or no C compiler), the tests of the durable engine skip; tests/test_engines.py
fails in CI where it should import and does not (Python < 3.13)."""

ENGINES: tuple[str, ...] = ("python",) if DURABLE_PROBLEM else ("durable", "python")
"""The engines this test process can run; tests parametrized over them cover each."""

needs_durable = pytest.mark.skipif(DURABLE_PROBLEM is not None, reason=f"durable_rules unavailable: {DURABLE_PROBLEM}")

ENGINE_PARAMS = [pytest.param("durable", marks=needs_durable), "python"]
"""Both engines as parameters (the durable one skipped where it cannot run): conftest.py's `engine`
fixture, and `@pytest.mark.parametrize("engine", ENGINE_PARAMS)` where a fixture cannot go
(hypothesis tests)."""


@cache
def evaluator(engine: str = "auto") -> Evaluator:
    return Evaluator(rulebook().rules, engine=engine)


def to_json(data: Any) -> str:
    return json.dumps(data, default=lambda value: value.isoformat() if isinstance(value, dt.date) else str(value))


def parse_profile(data: dict[str, Any]) -> Profile:
    """A valid profile from plain data (as a file would give it); fails the test if it is not valid."""
    profile = Profile.model_validate_json(to_json(data))
    errors = [problem for problem in check_profile(profile) if problem.severity == "error"]
    assert not errors, f"fixture profile is not valid: {errors}"
    return profile


def findings_for(data: dict[str, Any], engine: str = "auto") -> dict[str, Finding]:
    return {finding.rule.id: finding for finding in evaluator(engine).evaluate(profile_data(parse_profile(data)))}


def statuses_for(data: dict[str, Any], engine: str = "auto") -> dict[str, str]:
    return {rule_id: finding.status for rule_id, finding in findings_for(data, engine).items()}
