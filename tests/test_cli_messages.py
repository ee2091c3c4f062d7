"""Issue 21: what the command line says on standard error. A bad profile in a machine-format run
says why on stderr (the CI log showed exit 2 and nothing else); dates nobody means get a warning;
a malformed SOURCE_DATE_EPOCH is refused (it was ignored, or exit 3); `export-nr5` refuses a
profile `validate` refuses, with validate's messages; a report given by name is not a profile."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from engine.exit_codes import ExitCode
from tests.clirun import ROOT, cartagena

SAMPLELAND = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"
FALLBACK = "using the pure-Python engine"


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if FALLBACK not in line]


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    shutil.copy(SAMPLELAND, tmp_path / "good.json")
    (tmp_path / "bad.json").write_text('{"party": {"name": "X", "code": "xsa", "as_of": "2026-01-01"}}', encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("output_format", ["json", "sarif", "ndjson", "junit", "html", "markdown"])
def test_a_bad_profile_in_a_machine_format_run_says_why_on_stderr(bad: Path, output_format: str) -> None:
    result = cartagena("check", ".", "--format", output_format, "--engine", "python", cwd=bad)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert _lines(result.stderr) == [
        'cartagena check: invalid, not checked: bad.json:1:33: /party/code: must be in capitals: write "XSA" (a three-letter code, ISO 3166-1 alpha-3)'
    ]


def test_the_text_report_on_a_terminal_says_it_once(bad: Path) -> None:
    result = cartagena("check", ".", "--engine", "python", cwd=bad)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert _lines(result.stderr) == [] and "bad.json:1:33: /party/code" in result.stdout


def test_the_text_report_to_a_file_says_it_on_stderr(bad: Path) -> None:
    result = cartagena("check", ".", "--engine", "python", "-o", "report.txt", cwd=bad)
    assert len(_lines(result.stderr)) == 1 and "bad.json:1:33" in result.stderr


def test_validate_json_says_why_on_stderr(bad: Path) -> None:
    result = cartagena("validate", ".", "--format", "json", cwd=bad)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert _lines(result.stderr) == [
        'cartagena validate: invalid: bad.json:1:33: /party/code: must be in capitals: write "XSA" (a three-letter code, ISO 3166-1 alpha-3)'
    ]


# --------------------------------------------------------------------------------------------------
# dates


def _profile_as_of(folder: Path, as_of: str) -> Path:
    profile = {"party": {"name": "Republic of Examplia", "code": "XEA", "as_of": as_of}}
    path = folder / f"as-of-{as_of}.json"
    path.write_text(json.dumps(profile, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("as_of", "words"),
    [
        ("1900-01-01", "is before the plan's period (2021-2030) and the reporting cycles this format follows"),
        ("2018-12-31", "is before the plan's period (2021-2030)"),
        ("2099-03-31", "is after the plan's period (2021-2030): a typo?"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "check", "indicators"])
def test_an_implausible_as_of_gets_a_warning(tmp_path: Path, command: str, as_of: str, words: str) -> None:
    path = _profile_as_of(tmp_path, as_of)
    args = [command, path.name] + (["--engine", "python", "--fail-on", "none"] if command == "check" else ["--engine", "python"] if command == "indicators" else [])
    result = cartagena(*args, cwd=tmp_path)
    assert result.returncode == ExitCode.OK, result.stderr
    (line,) = _lines(result.stderr)
    assert line.startswith(f"cartagena {command}: {path.name}:") and f"/party/as_of: warning: as_of {as_of} {words}" in line


def test_the_plan_period_bounds_are_the_last_day_and_the_first_cycle(tmp_path: Path) -> None:
    from engine.loader import parse_document
    from engine.profile.plausibility import EARLIEST, LATEST, PLAN_PERIOD, date_warnings
    from engine.profile.validation import validate_document

    assert (EARLIEST, LATEST) == (dt.date(2019, 1, 1), dt.date(PLAN_PERIOD[1], 12, 31))
    for as_of, warned in (("2030-12-31", False), ("2031-01-01", True), ("2019-01-01", False), ("2018-12-31", True)):
        check = validate_document(parse_document(_profile_as_of(tmp_path, as_of).read_bytes(), "p.json"))
        assert bool(date_warnings(check.profile, check.document)) == warned, as_of


def test_plausible_dates_are_quiet(tmp_path: Path) -> None:
    for as_of in ("2019-01-01", "2026-03-31", "2030-12-31"):  # a later cycle prepared ahead is no typo
        result = cartagena("validate", _profile_as_of(tmp_path, as_of).name, cwd=tmp_path)
        assert (result.returncode, result.stderr) == (0, "")


def test_the_plan_period_is_the_catalogs() -> None:
    import yaml

    from engine.profile.plausibility import PLAN_PERIOD

    period = yaml.safe_load((ROOT / "rules" / "catalog" / "plan.yaml").read_text(encoding="utf-8"))["period"]
    assert (period["start"], period["end"]) == PLAN_PERIOD


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "12e3", "253402300800", "99999999999999999999", "١٢٣"])
def test_a_malformed_source_date_epoch_is_refused(value: str) -> None:
    result = cartagena("check", str(SAMPLELAND), "--format", "html", "--engine", "python", env={"SOURCE_DATE_EPOCH": value})
    assert (result.returncode, result.stdout) == (ExitCode.INVALID_INPUT, "")
    assert _lines(result.stderr) == [
        f"cartagena check: SOURCE_DATE_EPOCH={value!r} is not a time: it must be a whole number of seconds since 1970-01-01 UTC, "
        "from 0 to 253402300799 (as `date +%s` prints it); unset it to use the current time"
    ]


@pytest.mark.parametrize("value", ["", " ", "0", "1780000000", " 1780000000 ", "253402300799"])
def test_a_well_formed_or_empty_source_date_epoch_is_used(value: str) -> None:
    result = cartagena("check", str(SAMPLELAND), "--format", "html", "--engine", "python", env={"SOURCE_DATE_EPOCH": value})
    assert result.returncode == ExitCode.GAPS, result.stderr
    if value.strip() == "1780000000":
        assert "2026-05-28" in result.stdout


def test_source_date_epoch_fixes_inits_default_date(tmp_path: Path) -> None:
    result = cartagena("init", "--party", "X", "--code", "XNL", "-", env={"SOURCE_DATE_EPOCH": "1780000000"})
    assert json.loads(result.stdout)["party"]["as_of"] == "2026-05-28"


# --------------------------------------------------------------------------------------------------
# export-nr5, reports given by name


def test_export_nr5_refuses_an_invalid_profile_with_validates_messages(tmp_path: Path) -> None:
    profile = json.loads(SAMPLELAND.read_text(encoding="utf-8"))
    profile["party"]["party_to_protocol_since"] = "2027-01-01"  # after as_of: validate refuses it
    path = tmp_path / "p.json"
    path.write_text(json.dumps(profile, indent=2), encoding="utf-8")
    validated = cartagena("validate", "p.json", cwd=tmp_path)
    result = cartagena("export-nr5", "p.json", "-o", "draft.json", cwd=tmp_path)
    assert (validated.returncode, result.returncode) == (2, 2)
    problems = validated.stdout.splitlines()[:-1]
    assert problems and result.stderr.splitlines() == [
        *problems, "cartagena export-nr5: p.json: not exported: the profile is not valid (1 problem above)"
    ]
    assert not (tmp_path / "draft.json").exists() and result.stdout == ""


def test_a_report_given_by_name_is_named_for_what_it_is(tmp_path: Path) -> None:
    report = cartagena("check", str(SAMPLELAND), "--format", "json", "--engine", "python")
    (tmp_path / "report.json").write_text(report.stdout, encoding="utf-8")
    result = cartagena("validate", "report.json", cwd=tmp_path)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert result.stdout.splitlines()[0] == "report.json: is a report of `cartagena check --format json`, not a profile"
