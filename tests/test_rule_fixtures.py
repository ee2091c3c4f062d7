"""Every rule is tested with fixture profiles and the exact finding expected (rules/<goal>-<name>/fixtures.yaml)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from engine.paths import RULES_DIR
from engine.rulebook.fixtures import FixtureCase, load_fixtures
from engine.rulebook.loader import FIXTURE_FILE_NAME, rule_files
from engine.rulebook.model import STATUSES
from tests.rulekit import ENGINE_PARAMS, findings_for, needs_durable, rulebook, statuses_for

RULE_FOLDERS = [path.parent for path in rule_files(RULES_DIR)]
CASES: list[FixtureCase] = [case for folder in RULE_FOLDERS for case in load_fixtures(folder)]


def test_every_rule_folder_has_fixtures() -> None:
    missing = [folder.name for folder in RULE_FOLDERS if not (folder / FIXTURE_FILE_NAME).is_file()]
    assert not missing, f"rule folders without {FIXTURE_FILE_NAME}: {missing}"


CASE_IDS = [f"{case.file.parent.name}: {case.name}" for case in CASES]


@pytest.mark.parametrize("engine", ENGINE_PARAMS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_fixture_gives_exactly_the_expected_findings(case: FixtureCase, engine: str) -> None:
    goal = case.file.parent.name.split("-", 1)[0]
    rules = [rule for rule in rulebook().rules if rule.goal == goal]
    unknown = set(case.expect) - {rule.id for rule in rules}
    assert not unknown, f"expect names rules that are not rules of goal {goal}: {sorted(unknown)}"
    assert case.others is None or case.others in STATUSES
    expected = {}
    for rule in rules:
        status = case.expect.get(rule.id, case.others)
        assert status is not None, f"case {case.name!r} does not say what {rule.id} gives (add it to expect, or set others)"
        expected[rule.id] = status
    actual = statuses_for(case.profile, engine)
    assert {rule_id: actual[rule_id] for rule_id in expected} == expected


@needs_durable
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_both_engines_give_identical_findings_for_every_fixture(case: FixtureCase) -> None:
    """Every rule of the rulebook (not only the case's goal), every part of the finding."""
    assert findings_for(case.profile, "python") == findings_for(case.profile, "durable")


def test_every_rule_has_a_fixture_for_each_status_it_can_give() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for case in CASES:
        goal = case.file.parent.name.split("-", 1)[0]
        for rule in rulebook().rules:
            if rule.goal == goal:
                status = case.expect.get(rule.id, case.others)
                if status:
                    seen[rule.id].add(status)
    missing = {}
    for rule in rulebook().rules:
        needed = {"gap", "met", "not_declared"} | ({"not_applicable"} if rule.applies_when is not None else set())
        if needed - seen[rule.id]:
            missing[rule.id] = sorted(needed - seen[rule.id])
    assert not missing, f"rules without a fixture for these statuses: {missing}"
