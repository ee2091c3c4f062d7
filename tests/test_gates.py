"""The completeness gate (`check --require-declared`), the brief text view, and the defects of
issue 9 found when the commands were tried as a new user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.profile.models import PROFILE_SCHEMA_ID
from tests.clirun import cartagena
from tests.rulekit import rulebook

XTE = "profiles/testavia-documentation-for-food-feed-processing-only.json"
XDE = "profiles/demoland-almost-nothing-declared.json"
XEX = "profiles/examplia-everything-in-place.json"
FALLBACK = "cartagena check: using the pure-Python engine: "


def stderr_lines(result) -> list[str]:
    """stderr without the one line `--engine auto` prints when durable_rules does not import."""
    return [line for line in result.stderr.splitlines() if not line.startswith(FALLBACK)]


def duties_of_rules() -> dict[str, str]:
    return {rule.id: rule.duty for rule in rulebook().rules}


@pytest.fixture(scope="module")
def empty_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("init") / "new.json"
    result = cartagena("init", "--party", "Republic of Newland", "--code", "XNL", "--as-of", "2026-01-01", str(path))
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize(
    ("level", "code"), [("none", 0), ("option", None), ("obligation", 1), ("commitment", 1), ("any", 1)]
)
def test_an_empty_profile_passes_without_the_gate_and_fails_with_it(empty_profile: Path, level: str, code: int | None) -> None:
    if level == "option":  # not a level: the levels are the same as --fail-on's
        result = cartagena("check", str(empty_profile), "--require-declared", level)
        assert result.returncode == 2
        assert result.stderr == (
            'cartagena check: --require-declared must be one of: obligation, commitment, any, none; got "option"; did you mean "obligation"?\n'
        )
        return
    result = cartagena("check", str(empty_profile), "--require-declared", level, "--format", "json")
    assert result.returncode == code, result.stderr
    report = json.loads(result.stdout)
    assert (report["fail_on"], report["require_declared"]) == ("obligation", level)
    (profile,) = report["profiles"]
    duties = duties_of_rules()
    levels = {"none": (), "obligation": ("obligation",), "commitment": ("obligation", "commitment"), "any": ("obligation", "commitment", "option")}
    expected = {f["rule"] for f in profile["findings"] if f["status"] == "not_declared" and duties[f["rule"]] in levels[level]}
    assert {f["rule"] for f in profile["findings"] if f["failing"]} == expected
    assert profile["summary"]["failing_not_declared"] == len(expected) == report["summary"]["failing_not_declared"]
    assert report["summary"]["failing_gaps"] == 0
    if level == "any":
        assert len(expected) == profile["summary"]["not_declared"] == 113


def test_init_then_check_require_declared_any_exits_1_as_the_issue_asks(empty_profile: Path) -> None:
    result = cartagena("check", str(empty_profile), "--require-declared", "any", "--fail-on", "any")
    assert result.returncode == 1
    assert result.stdout.rstrip().endswith("failing: 0 gaps at --fail-on any, 113 not declared at --require-declared any")


def test_gaps_failing_follow_fail_on_and_are_flagged_on_each_finding() -> None:
    result = cartagena("check", XTE, "--goal", "A.8", "--format", "json", "--fail-on", "commitment")
    assert result.returncode == 1
    (profile,) = json.loads(result.stdout)["profiles"]
    assert [(f["rule"], f["status"], f["failing"]) for f in profile["findings"] if f["status"] == "gap"] == [
        ("A.8/documentation-contained-use", "gap", True),
        ("A.8/documentation-intentional-introduction", "gap", True),
    ]
    assert all(not f["failing"] for f in profile["findings"] if f["status"] != "gap")
    assert profile["summary"]["failing_gaps"] == 2


def test_met_profile_passes_the_strictest_gate() -> None:
    result = cartagena("check", XEX, "--fail-on", "any", "--require-declared", "any")
    assert result.returncode == 0, result.stdout[-400:]


def test_text_opens_with_the_summary_by_duty_and_what_fails() -> None:
    result = cartagena("check", XDE, "--require-declared", "obligation")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[3] == "Summary: 0 gaps by rule (obligations: 0, commitments: 0, options: 0), 0 distinct gaps in the declaration (an answer several rules read counts once), 113 not declared (obligations: 56, commitments: 50, options: 7), 0 not applicable, 1 met"
    assert lines[4] == "Failing: 0 gaps at --fail-on obligation, 56 not declared at --require-declared obligation"
    assert "  A.1/national-measures: National measures to implement the Protocol are fully in place [fails --require-declared]" in lines
    assert "  A.1/mainstreaming: Biosafety is mainstreamed in national strategies, action plans, programmes, policies or legislation" in lines


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_brief_hides_met_and_not_applicable(output_format: str) -> None:
    full = cartagena("check", XEX, "--format", output_format)
    brief = cartagena("check", XEX, "--format", output_format, "--brief")
    assert full.returncode == brief.returncode == 0
    met_rule = "A.1/national-measures"
    assert met_rule in full.stdout and met_rule not in brief.stdout
    if output_format == "text":
        assert "MET (109): not shown (--brief)" in brief.stdout.splitlines()
        assert "NOT APPLICABLE (5): not shown (--brief)" in brief.stdout.splitlines()
    else:
        assert "### Met (109)\n\nNot shown (`--brief`)." in brief.stdout
    assert len(brief.stdout) < len(full.stdout) / 5


def test_brief_is_refused_for_json() -> None:
    result = cartagena("check", XEX, "--format", "json", "--brief")
    assert result.returncode == 2 and result.stdout == ""
    assert stderr_lines(result) == ["cartagena check: --brief is for the text and markdown formats, not json"]


def test_an_empty_selection_is_a_usage_error() -> None:
    result = cartagena("check", XTE, "--goal", "A.1", "--rule", "A.8/documentation-contained-use")
    assert result.returncode == 2 and result.stdout == ""
    assert stderr_lines(result) == [
        "cartagena check: --goal A.1 and --rule A.8/documentation-contained-use select no rule together "
        "(each --rule must belong to a --goal given)"
    ]


def test_rule_is_case_insensitive_like_goal() -> None:
    upper = cartagena("check", XTE, "--rule", "a.8/DOCUMENTATION-contained-use", "--format", "json")
    exact = cartagena("check", XTE, "--rule", "A.8/documentation-contained-use", "--format", "json")
    assert upper.returncode == exact.returncode == 1
    assert upper.stdout == exact.stdout
    report = json.loads(upper.stdout)
    assert report["rules"]["selection"]["rules"] == ["A.8/documentation-contained-use"]
    assert [f["rule"] for f in report["profiles"][0]["findings"]] == ["A.8/documentation-contained-use"]


def test_validate_help_is_not_mangled() -> None:
    result = cartagena("validate", "--help")
    assert result.returncode == 0
    description = result.stdout.split("Options:")[0]
    assert "  " not in " ".join(line.strip() for line in description.splitlines() if line.strip())
    lines = result.stdout.splitlines()
    assert "  Exit codes: 0 every file is valid;" in lines
    assert "              2 a file is invalid or a path gives no file;" in lines
    assert "  A profile file may be at most 5 MiB." in lines


def test_counts_are_singular_and_plural() -> None:
    result = cartagena("check", XTE, "--rule", "A.8/documentation-contained-use")
    assert result.returncode == 1
    last = result.stdout.splitlines()[-1]
    assert last.startswith("Checked 1 profile against 1 rule (0 invalid): 1 gap by rule (obligations: 1, commitments: 0, options: 0), 1 distinct gap in the declaration")
    assert last.endswith("failing: 1 gap at --fail-on obligation, 0 not declared at --require-declared none")
    assert ", 1 rule (sha256 " in result.stdout.splitlines()[-2]
    several = cartagena("check", "profiles", "--fail-on", "none").stdout.splitlines()[-1]
    assert several.startswith("Checked 7 profiles against 114 rules")
    assert cartagena("validate", XTE).stdout == "1 file checked, 0 invalid\n"


def test_init_dash_writes_to_stdout_not_a_file(tmp_path: Path) -> None:
    result = cartagena("init", "--party", "Republic of Newland", "--code", "XNL", "--as-of", "2026-01-01", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []
    profile = json.loads(result.stdout)
    assert profile["party"] == {"name": "Republic of Newland", "code": "XNL", "as_of": "2026-01-01"}
    assert profile["$schema"] == PROFILE_SCHEMA_ID  # the stable $id, as for a file


def test_plan_shows_every_goal_given() -> None:
    result = cartagena("plan", "--goal", "A.8", "--goal", "a.1")
    assert result.returncode == 0
    heads = [line for line in result.stdout.splitlines() if line.startswith(("A.1  ", "A.8  "))]
    assert [head[:3] for head in heads] == ["A.1", "A.8"]
    as_json = json.loads(cartagena("plan", "--goal", "A.8", "--goal", "A.1", "--format", "json").stdout)
    assert [goal["id"] for goal in as_json["goals"]] == ["A.1", "A.8"]
    assert {section["id"] for section in as_json["capacity_building"]} == {"CB.A.1", "CB.A.6-8"}


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_validate_writes_each_file_as_it_comes_and_keeps_none(output_format: str) -> None:
    """The cause of validate's memory growth was a list of every file's check (documents, parsed
    data, models) kept until the end: now each is written, then dropped."""
    import weakref

    from engine.commands.validate import _write_report
    from engine.profile.validation import iter_checks

    written: list[str] = []
    alive: list[weakref.ref] = []

    def checks():
        for index, check in enumerate(iter_checks([XTE, XEX, "nope.json"])):
            if index:  # the previous file is written
                assert len(written) == index + (output_format == "json")
            if index:  # and held by no one, the writer's loop included (nor is there a cycle to collect)
                assert alive[-1]() is None
            alive.append(weakref.ref(check))
            yield check
            del check

    assert _write_report(checks(), output_format, written.append) is False
    if output_format == "json":
        report = json.loads("".join(written))
        assert [(entry["file"], entry["valid"]) for entry in report["files"]] == [("nope.json", False), (XTE, True), (XEX, True)]
        assert "".join(written) == json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    else:
        assert "".join(written) == "nope.json: no such file or directory\n3 files checked, 1 invalid\n"
