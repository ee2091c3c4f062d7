"""Both rules engines, end to end, in one run: every format of `check`, `diff` and `indicators` gives
the same bytes with `--engine durable` and `--engine python` but for the line that names the
engine; and where durable_rules cannot be imported (Python 3.13, no compiler: simulated by
tests/without_durable), `--engine auto` falls back once, says so once on stderr, and writes exactly
what `--engine python` writes, for every command that evaluates.

This replaces the second pass of the whole suite without durable_rules that CI used to run: the
reporters, gates and formats read findings, never the engine, so what can differ between the
engines is the findings (tests/test_rule_fixtures.py and tests/test_properties.py compare them per
rule and per generated profile) and what these tests compare, the finished outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.engines import engine_provenance
from engine.reporters.escaping import markdown_text
from tests.benchkit import bench_profiles
from tests.clirun import ROOT, cartagena
from tests.rulekit import needs_durable

WITHOUT_DURABLE = {"PYTHONPATH": str(ROOT / "tests" / "without_durable")}
CHECK_FORMATS = ("text", "json", "ndjson", "markdown", "html", "sarif", "junit")
DIFF_FORMATS = ("text", "markdown", "json", "html")
INDICATORS_FORMATS = ("text", "markdown", "json", "csv", "html")
ENVIRONMENT = {"SOURCE_DATE_EPOCH": "1780000000"}  # the HTML reports' run time


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example profiles and 40 generated ones (complete, partial and sparse declarations,
    every Supplementary Protocol status): many different findings for the engines to agree on."""
    folder = tmp_path_factory.mktemp("parity-profiles")
    for example in sorted((ROOT / "profiles").glob("*.json")):
        (folder / example.name).write_bytes(example.read_bytes())
    generator = bench_profiles()
    generator.write_profiles(generator.generate(40, seed=20261206), folder / "generated")
    return folder


@pytest.fixture(scope="module")
def later(profiles: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same Parties a cycle later: every example profile with a later `as_of` and the first
    declaration of each section dropped, so `diff` has no-longer-declared findings and the gaps
    and not-applicable findings those declarations made give way."""
    folder = tmp_path_factory.mktemp("parity-later")
    for path in sorted(profiles.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["party"]["as_of"] = "2027-03-31"
        for name, section in data.items():
            if name != "party" and isinstance(section, dict) and section:
                del section[next(iter(section))]
        (folder / path.name).write_text(json.dumps(data), encoding="utf-8")
    return folder


def as_if_python(output: str) -> str:
    """A durable engine's output with the words that name its engine replaced by the pure
    engine's: the only place the two may differ."""
    durable, python = engine_provenance("durable"), engine_provenance("python")
    for old, new in (
        (durable["implementation"], python["implementation"]),
        (markdown_text(durable["implementation"]), markdown_text(python["implementation"])),
        ('"name": "durable"', '"name": "python"'),
        ('"name":"durable"', '"name":"python"'),  # JSON and NDJSON (compact)
        ("engine durable (", "engine python ("),
        (">durable (", ">python ("),
    ):
        output = output.replace(old, new)
    return output


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = cartagena(*args, env={**ENVIRONMENT, **(env or {})})
    return result.returncode, result.stdout, result.stderr


@needs_durable
@pytest.mark.parametrize("output_format", CHECK_FORMATS)
def test_check_gives_the_same_report_with_either_engine(profiles: Path, output_format: str) -> None:
    args = ("check", str(profiles), "--format", output_format, "--fail-on", "commitment", "--require-declared", "obligation")
    durable, python = run(*args, "--engine", "durable"), run(*args, "--engine", "python")
    assert durable[0] == python[0] == 1 and durable[2] == python[2] == ""
    assert durable[1] != python[1] or output_format in ("sarif", "junit")  # the engine is named where the format has room
    assert as_if_python(durable[1]) == python[1]


@needs_durable
@pytest.mark.parametrize("output_format", DIFF_FORMATS)
def test_diff_gives_the_same_comparison_with_either_engine(profiles: Path, later: Path, output_format: str) -> None:
    args = ("diff", str(profiles), str(later), "--format", output_format, "--require-declared", "any")
    durable, python = run(*args, "--engine", "durable"), run(*args, "--engine", "python")
    assert durable[0] == python[0] == 1 and durable[2] == python[2] == ""
    assert as_if_python(durable[1]) == python[1]


@needs_durable
@pytest.mark.parametrize("output_format", INDICATORS_FORMATS)
def test_indicators_give_the_same_figures_with_either_engine(profiles: Path, output_format: str) -> None:
    args = ("indicators", str(profiles), "--format", output_format, "--by", "region")
    durable, python = run(*args, "--engine", "durable"), run(*args, "--engine", "python")
    assert durable[0] == python[0] == 0 and durable[2] == python[2] == ""
    assert as_if_python(durable[1]) == python[1]


# -- where durable_rules cannot be imported -------------------------------------------------------


def fallback_line(command: str) -> str:
    return (
        f"cartagena {command}: using the pure-Python engine: durable_rules is installed but failed to import "
        "(ImportError: durable_rules_engine: undefined symbol: PyEval_CallObject (simulated by tests/without_durable, "
        "as on Python 3.13))\n"
    )


@pytest.mark.parametrize("output_format", CHECK_FORMATS)
def test_check_falls_back_to_the_pure_engine_with_one_line_and_the_same_report(profiles: Path, output_format: str) -> None:
    args = ("check", str(profiles), "--format", output_format, "--fail-on", "commitment")
    auto = run(*args, env=WITHOUT_DURABLE)
    python = run(*args, "--engine", "python", env=WITHOUT_DURABLE)
    assert auto[0] == python[0] == 1
    assert (auto[2], python[2]) == (fallback_line("check"), "")
    assert auto[1] == python[1]


def test_diff_and_indicators_fall_back_with_one_line_and_the_same_output(profiles: Path, later: Path) -> None:
    for command, args, code in (
        ("diff", (str(profiles), str(later), "--format", "json", "--require-declared", "any"), 1),
        ("indicators", (str(profiles), "--format", "json", "--by", "region"), 0),
    ):
        auto = run(command, *args, env=WITHOUT_DURABLE)
        python = run(command, *args, "--engine", "python", env=WITHOUT_DURABLE)
        assert auto[0] == python[0] == code, auto[2]
        assert (auto[2], python[2]) == (fallback_line(command), "")
        assert auto[1] == python[1]
        assert json.loads(auto[1])["engine"]["name"] == "python"


def test_every_command_runs_where_durable_rules_cannot_be_imported(profiles: Path, tmp_path: Path) -> None:
    """Each command once, durable_rules unimportable: none imports it at start-up or fails for its
    absence (the commands that evaluate fall back, the others never needed it)."""
    example = str(ROOT / "profiles" / "examplia-everything-in-place.json")
    draft = tmp_path / "draft.json"
    for args, code in (
        (("--help",), 0),
        (("plan", "--goal", "A.1"), 0),
        (("explain", "A.10(a)"), 0),
        (("rules", "--format", "json"), 0),
        (("schema",), 0),
        (("validate", str(profiles)), 0),
        (("init", "--party", "Republic of Examplia", "--code", "XEA", str(tmp_path / "new.json")), 0),
        (("export-nr5", example, "-o", str(draft)), 0),
        (("import-nr5", str(draft)), 0),
        (("check", example, "--engine", "python"), 0),
    ):
        result = cartagena(*args, env=WITHOUT_DURABLE)
        assert result.returncode == code, (args, result.stderr)
        assert "Traceback" not in result.stderr and "durable" not in result.stderr, (args, result.stderr)


@needs_durable
def test_serve_answers_the_same_findings_with_either_engine(profiles: Path) -> None:
    """`cartagena serve --engine durable|python`: `/api/check` gives the same answer for every
    example and generated profile (the page's findings, counts and problems), so a focal point's
    self-check does not depend on which engine the machine could install."""
    from tests.servekit import serving

    answers: dict[str, list[object]] = {}
    for engine in ("durable", "python"):
        for running in serving(engine=engine):
            answers[engine] = [running.post_json("/api/check", path.read_bytes()) for path in sorted(profiles.rglob("*.json"))]
    assert len(answers["python"]) > 40
    assert [status for status, _ in answers["python"]] == [200] * len(answers["python"])
    assert answers["durable"] == answers["python"]
