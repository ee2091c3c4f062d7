"""Robustness of the rule loader: a broken rule file is rejected with `RuleFileError`, naming the file,
the rule id and the problem; nothing in a rule file is ever executed; `cartagena check` exits 3.

Each test copies the project's rules/ folder into tmp_path, breaks one thing in the A.10 rule file
(its first rule), and loads the copy with `load_rulebook(directory=..., catalog=load_catalog())`.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from click.testing import CliRunner

from engine.catalog.loader import load_catalog
from engine.paths import RULES_DIR
from engine.rulebook import loader as rule_loader
from engine.rulebook.loader import RuleFileError, load_rulebook

FOLDER = "A.10-liability-and-redress"


def copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def rule_file(rules: Path) -> Path:
    return rules / FOLDER / "rules.yaml"


def first_rule_id() -> str:
    data = yaml.safe_load((RULES_DIR / FOLDER / "rules.yaml").read_text(encoding="utf-8"))
    return data["rules"][0]["id"]


def break_data(tmp_path: Path, change: Callable[[list[dict[str, Any]]], None]) -> Path:
    """A copy of the rules where `change` has been applied to the A.10 rules (as data)."""
    rules = copy_rules(tmp_path)
    path = rule_file(rules)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["rules"])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return rules


def check_with_rules(rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`cartagena check` of a small profile with the rule files of `rules` (engine.paths is fixed, so
    load_rulebook is pointed at the copy), in process."""
    from cli import cartagena

    monkeypatch.setattr(rule_loader, "load_rulebook", functools.partial(load_rulebook, directory=rules))
    monkeypatch.setenv("CARTAGENA_NO_CACHE", "1")  # the loader is replaced: what an earlier run cached is not the copy's
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"party": {"name": "Republic of Examplia", "code": "XEA", "as_of": "2026-01-01"}}))
    result = CliRunner().invoke(cartagena, ["check", str(profile)])
    return result


def break_text(tmp_path: Path, change: Callable[[str], str]) -> Path:
    """A copy of the rules where `change` has been applied to the A.10 rule file's text."""
    rules = copy_rules(tmp_path)
    path = rule_file(rules)
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the change did not apply (has the rule file changed?)"
    path.write_text(after, encoding="utf-8")
    return rules


def problems_of(rules: Path) -> list[str]:
    with pytest.raises(RuleFileError) as caught:
        load_rulebook(directory=rules, catalog=load_catalog())
    assert caught.value.problems, "RuleFileError without problems"
    return caught.value.problems


def assert_reported(problems: list[str], rules: Path, *fragments: str) -> None:
    """One problem names the file, and carries every fragment (the rule id, the problem)."""
    name = str(rule_file(rules))
    matching = [p for p in problems if p.startswith(name) and all(f in p for f in fragments)]
    assert matching, "\n".join(problems)


def _set(key: str, value: Any) -> Callable[[list[dict[str, Any]]], None]:
    return lambda rules: rules[0].update({key: value})


def _remediation(key: str, value: Any) -> Callable[[list[dict[str, Any]]], None]:
    return lambda rules: rules[0]["remediation"].update({key: value})


def _first_title(text: str) -> str:
    match = re.search(r"^    title: .*$", text, flags=re.MULTILINE)
    assert match
    return match.group()


# --------------------------------------------------------------------------------------------------


def test_the_unbroken_copy_loads(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    copied = load_rulebook(directory=rules, catalog=load_catalog())
    original = load_rulebook(catalog=load_catalog())
    assert [rule.id for rule in copied.rules] == [rule.id for rule in original.rules]
    assert copied.digest == original.digest


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (_set("severity", "high"), ["unknown key(s)", "'severity'"]),
        (_set("objectives", ["A.8.9"]), ["objectives: 'A.8.9' is not an objective of the plan", "did you mean"]),
        (_set("indicators", ["A.10(z)"]), ["indicators: 'A.10(z)' is not an indicator of the plan"]),
        (_set("legal_basis", [{"article": "CP-99.1", "relation": "requires"}]), ["legal_basis[0].article: 'CP-99.1' is not an article of the catalog", "did you mean"]),
        (_set("legal_basis", [{"article": "SP-12", "relation": "demands"}]), ["legal_basis.0.relation: 'demands' is not one of ['requires', 'supports', 'encourages']"]),
        (_set("articles", ["SP-12"]), ["unknown key(s)", "'articles'"]),
        (_set("nr5", ["Q999"]), ["nr5: 'Q999' is not a question of the fifth national report", "did you mean"]),
        (_remediation("activities", ["CB.A.10.xx"]), ["remediation.activities: 'CB.A.10.xx'", "of the Capacity-Building Action Plan"]),
        (_remediation("key_areas", ["KA.A.10.99"]), ["remediation.key_areas: 'KA.A.10.99' is not a key area"]),
        (
            _set("condition", {"field": "liability_and_redress.measurs.answer", "equals": "implementation.fullInPlace"}),
            ["condition.field: 'liability_and_redress.measurs.answer' is not a field of the profile format",
             "did you mean liability_and_redress.measures.answer"],
        ),
        (
            _set("condition", {"field": "party.supplementary_protocol.statu", "equals": "party"}),
            ["'party.supplementary_protocol.statu' is not a field", "did you mean party.supplementary_protocol.status"],
        ),
        (
            _set("condition", {"field": "liability_and_redress.response_measures_for_damage.answer", "equals": "yes"}),
            ["condition.equals: 'yes' is not an allowed value of liability_and_redress.response_measures_for_damage.answer",
             "(allowed: true, false)"],
        ),
        (
            _set("condition", {"field": "liability_and_redress.response_measures_for_damage.answer", "equals": True}),
            ["condition.equals: True is not an allowed value"],
        ),
        (_set("condition", {"field": "party.as_of", "gte": "2026-02-30"}), ["condition.gte: '2026-02-30' is not a date"]),
        (
            _set("condition", {"array_any": "party.supplementary_protocol.status", "where": {"field": "x", "exists": True}}),
            ["is not an array of items in the profile format"],
        ),
        (
            _set("applies_when", {"field": "party.supplementary_protocol.status", "exists": True}),
            ["messages: 'not_applicable' is required when the rule has 'applies_when'"],
        ),
        (
            lambda rules: rules[0]["messages"].update(not_applicable="This rule does not apply to the Party at all."),
            ["'not_applicable' is given but the rule always applies"],
        ),
        (lambda rules: rules[0].pop("condition"), ["'condition' is a required property"]),
        (_set("duty", "maybe"), ["duty", "'maybe'"]),
        (lambda rules: rules.append(dict(rules[0])), ["duplicate rule id"]),
    ],
    ids=[
        "unknown-key", "objective-A.8.9", "indicator", "article", "relation", "old-articles-key", "nr5-key", "activity", "key-area",
        "field-did-you-mean", "field-did-you-mean-2", "constant-yes-for-answer", "constant-boolean-for-answer",
        "impossible-date-constant", "array-test-on-a-scalar", "applies-when-without-not-applicable",
        "not-applicable-without-applies-when", "missing-condition", "unknown-duty", "duplicate-rule-id",
    ],
)
def test_broken_rule_is_rejected_with_file_rule_id_and_problem(
    tmp_path: Path, change: Callable[[list[dict[str, Any]]], None], fragments: list[str]
) -> None:
    rules = break_data(tmp_path, change)
    assert_reported(problems_of(rules), rules, f"rule {first_rule_id()}:", *fragments)


def test_rule_id_of_another_goal(tmp_path: Path) -> None:
    rules = break_data(tmp_path, _set("id", "A.1/in-the-wrong-file"))
    assert_reported(problems_of(rules), rules, "rule A.1/in-the-wrong-file:", "the id must start with its goal, 'A.10/'")


def test_duplicate_rule_id_across_files(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    other = yaml.safe_load((rules / "A.1-national-biosafety-frameworks" / "rules.yaml").read_text(encoding="utf-8"))
    stolen = other["rules"][0]["id"]
    path = rule_file(rules)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["goal"] = data["goal"]  # unchanged; the clash is across files
    data["rules"][0]["id"] = stolen
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = problems_of(rules)
    assert any(f"rule {stolen}: duplicate rule id (also in" in p and "A.1-national-biosafety-frameworks" in p for p in problems), problems


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda text: text.replace(_first_title(text), "\t" + _first_title(text).lstrip(), 1), "found a tab character"),
        (lambda text: text.replace(_first_title(text), "  " + _first_title(text), 1), "not valid YAML"),
        (lambda text: text + "\n  - id: [unclosed\n", "not valid YAML"),
        (lambda text: "\x00" + text, "not valid YAML"),
    ],
    ids=["tab", "indentation", "unclosed-flow-sequence", "nul-byte"],
)
def test_bad_yaml_is_rejected_with_file_and_line(tmp_path: Path, change: Callable[[str], str], fragment: str) -> None:
    rules = break_text(tmp_path, change)
    problems = problems_of(rules)
    name = str(rule_file(rules))
    assert any(p.startswith(name + ":") and fragment in p for p in problems), problems
    if fragment == "found a tab character":
        assert any(re.match(re.escape(name) + r": \d+:\d+: not valid YAML", p) for p in problems), problems


@pytest.mark.parametrize("where", ["value-of-a-rule-key", "top-level-key"])
def test_python_yaml_tag_is_rejected_and_never_executed(tmp_path: Path, where: str) -> None:
    marker = tmp_path / "hacked"
    tag = f'!!python/object/apply:os.system ["echo hacked > {marker}"]'
    if where == "value-of-a-rule-key":
        rules = break_text(tmp_path, lambda text: text.replace(_first_title(text), f"    title: {tag}", 1))
    else:
        rules = break_text(tmp_path, lambda text: text + f"\nextra: {tag}\n")
    problems = problems_of(rules)
    name = str(rule_file(rules))
    assert any(p.startswith(name) and "not valid YAML" in p and "python/object/apply" in p for p in problems), problems
    assert not marker.exists(), "a YAML tag in a rule file ran a command"


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    rules = break_data(tmp_path, lambda r: (r[0].update(objectives=["A.8.9"]), r[0].update(nr5=["Q999"])))
    other = rules / "A.1-national-biosafety-frameworks" / "rules.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("\n", "\n\t", 3), encoding="utf-8")
    problems = problems_of(rules)
    assert any("'A.8.9'" in p for p in problems) and any("'Q999'" in p for p in problems)
    assert any(p.startswith(str(other)) for p in problems), problems


def test_check_command_exits_3_naming_the_broken_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`cartagena check` with broken rule files (engine.paths is fixed, so load_rulebook is pointed at the copy)."""
    rules = break_data(tmp_path, _set("objectives", ["A.8.9"]))
    result = check_with_rules(rules, tmp_path, monkeypatch)
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cartagena check: the rule files are broken:" in result.output
    assert f"{rule_file(rules)}: rule {first_rule_id()}: objectives: 'A.8.9' is not an objective" in result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------------------------------
# Bugs found by this suite, now fixed: each test keeps the behaviour


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda rules: rules[0].pop("legal_basis"), "'legal_basis' is a required property"),
        (_set("legal_basis", []), "legal_basis: [] should be non-empty"),
    ],
    ids=["no-legal-basis", "empty-legal-basis"],
)
def test_rule_without_legal_basis_is_refused_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[list[dict[str, Any]]], None], problem: str
) -> None:
    rules = break_data(tmp_path, change)
    result = check_with_rules(rules, tmp_path, monkeypatch)
    assert result.exit_code == 3, result.output
    assert f"{rule_file(rules)}: rule {first_rule_id()}: {problem}" in result.output


@pytest.mark.parametrize(
    "change",
    [_set("objectives", [["A.10.1"]]), _set("nr5", [{"Q159": 1}]), _remediation("activities", [{"x": 1}])],
    ids=["nested-list-objectives", "mapping-in-nr5", "mapping-in-activities"],
)
def test_non_string_ids_are_rule_file_errors(tmp_path: Path, change: Callable[[list[dict[str, Any]]], None]) -> None:
    rules = break_data(tmp_path, change)
    assert_reported(problems_of(rules), rules, f"rule {first_rule_id()}:")


@pytest.mark.parametrize(
    "change", [lambda rules: rules[0].pop("title"), _set("remediation", ["advice"])], ids=["no-title", "remediation-list"]
)
def test_missing_required_keys_are_rule_file_errors(tmp_path: Path, change: Callable[[list[dict[str, Any]]], None]) -> None:
    rules = break_data(tmp_path, change)
    assert_reported(problems_of(rules), rules, f"rule {first_rule_id()}:")


def test_deeply_nested_condition_is_a_rule_file_error(tmp_path: Path) -> None:
    def change(rules: list[dict[str, Any]]) -> None:
        condition: dict[str, Any] = {"field": "party.supplementary_protocol.status", "equals": "party"}
        for _ in range(500):
            condition = {"not": condition}
        rules[0]["condition"] = condition

    rules = copy_rules(tmp_path)
    path = rule_file(rules)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["rules"])
    # yaml.safe_dump recurses too deeply for this; JSON is YAML
    path.write_text(json.dumps(data), encoding="utf-8")
    assert_reported(problems_of(rules), rules, f"rule {first_rule_id()}:")


def test_wording_of_rule_file_messages(tmp_path: Path) -> None:
    rules = break_data(tmp_path, lambda r: (r[0]["remediation"].update(activities=["CB.A.10.xx"]), r[0].update(nr5=["Q999"])))
    problems = "\n".join(problems_of(rules))
    assert "not a activity" not in problems and "not a nr5" not in problems
    empty = break_text(tmp_path / "empty", lambda text: "")
    assert "None is not of type" not in "\n".join(problems_of(empty))
