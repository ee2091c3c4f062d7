"""Shared helpers for tests that evaluate profiles: one compiled rulebook per test session."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

from engine.evaluator import Evaluator, Finding, profile_data
from engine.profile.checks import check_profile
from engine.profile.models import Profile
from engine.rulebook.loader import Rulebook, load_rulebook


@cache
def rulebook() -> Rulebook:
    return load_rulebook()


@cache
def evaluator() -> Evaluator:
    return Evaluator(rulebook().rules)


def to_json(data: Any) -> str:
    return json.dumps(data, default=lambda value: value.isoformat() if isinstance(value, dt.date) else str(value))


def parse_profile(data: dict[str, Any]) -> Profile:
    """A valid profile from plain data (as a file would give it); fails the test if it is not valid."""
    profile = Profile.model_validate_json(to_json(data))
    errors = [problem for problem in check_profile(profile) if problem.severity == "error"]
    assert not errors, f"fixture profile is not valid: {errors}"
    return profile


def findings_for(data: dict[str, Any]) -> dict[str, Finding]:
    return {finding.rule.id: finding for finding in evaluator().evaluate(profile_data(parse_profile(data)))}


def statuses_for(data: dict[str, Any]) -> dict[str, str]:
    return {rule_id: finding.status for rule_id, finding in findings_for(data).items()}
