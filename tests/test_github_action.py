"""The composite GitHub Action (`action.yml`), run step by step as a runner would: each step's
`${{ ... }}` expressions substituted the way GitHub does (in `env` and `run`), its `run` script
given to `bash --noprofile --norc -eo pipefail` with the runner's environment (GITHUB_ACTION_PATH,
GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_OUTPUT), from a copy of the committed files as GitHub
checks an action out."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.reporters import FORMATS
from tests.clirun import ROOT
from tests.sourcekit import copy_source

# the runner's environment (a venv with the action installed) is built once, on one worker
pytestmark = pytest.mark.xdist_group("github-action")

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")


def substitute(text: str, context: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in context, f"action.yml uses ${{{{ {name} }}}}, which this test does not provide"
        return context[name]

    return EXPRESSION.sub(value, text)


class Runner:
    """One job's runner: a workspace, a temporary folder, and the action checked out."""

    def __init__(self, root: Path) -> None:
        self.action_path = root / "action"
        self.workspace = root / "workspace"
        self.temp = root / "runner-temp"
        for folder in (self.workspace, self.temp):
            folder.mkdir()
        copy_source(self.action_path)
        shutil.copytree(ROOT / "profiles", self.workspace / "profiles", ignore=shutil.ignore_patterns("schema"))

    def run_step(self, step: dict[str, Any], inputs: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
        given = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | inputs
        context = {f"inputs.{name}": value for name, value in given.items()}
        context |= {"github.action_path": str(self.action_path), "github.workspace": str(self.workspace), "runner.temp": str(self.temp)}
        output_file = self.temp / f"output-{step.get('id', 'step')}"
        output_file.write_text("", encoding="utf-8")
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env |= {
            "GITHUB_ACTIONS": "true",
            "GITHUB_ACTION_PATH": str(self.action_path),
            "GITHUB_WORKSPACE": str(self.workspace),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_OUTPUT": str(output_file),
            "CI": "true",
        }
        env |= {key: substitute(str(value), context) for key, value in step.get("env", {}).items()}
        script = self.temp / "step.sh"
        script.write_text(substitute(step["run"], context), encoding="utf-8")
        assert step["shell"] == "bash"
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace, env=env, capture_output=True, text=True, timeout=600,
        )
        outputs = dict(line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines())
        return result, outputs


def steps() -> list[dict[str, Any]]:
    return ACTION["runs"]["steps"]


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    runner = Runner(tmp_path_factory.mktemp("github"))
    install = steps()[0]
    result, _ = runner.run_step(install, {"python": sys.executable})
    assert result.returncode == 0, result.stdout + result.stderr
    return runner


def test_the_action_is_composite_with_the_inputs_the_issue_names() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "format", "output", "fail-on", "require-declared"} <= set(ACTION["inputs"])
    assert ACTION["inputs"]["format"]["default"] == "sarif"
    assert [step["name"] for step in steps()] == ["Install cartagena-compliance", "Check the profiles"]
    for step in steps():  # inputs only through env: never pasted into a script (script injection)
        assert "${{" not in step["run"]


def check(runner: Runner, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    return runner.run_step(steps()[1], {key.replace("_", "-"): value for key, value in inputs.items()})


def test_json_report_written_where_asked_and_exit_0_at_fail_on_none(runner: Runner) -> None:
    result, outputs = check(runner, format="json", fail_on="none", output="reports/all.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs == {"report": "reports/all.json", "exit-code": "0"}
    report = json.loads((runner.workspace / "reports" / "all.json").read_text(encoding="utf-8"))
    assert report["summary"]["profiles_checked"] == 7 and report["fail_on"] == "none"


def test_gaps_at_fail_on_fail_the_step_and_the_report_is_still_written(runner: Runner) -> None:
    result, outputs = check(runner, format="json", paths="profiles/sampleland-no-competent-national-authority.json\nprofiles/examplia-everything-in-place.json")
    assert result.returncode == 1
    assert outputs == {"report": "cartagena.json", "exit-code": "1"}
    report = json.loads((runner.workspace / "cartagena.json").read_text(encoding="utf-8"))
    assert [profile["file"] for profile in report["profiles"]] == [
        "profiles/sampleland-no-competent-national-authority.json",
        "profiles/examplia-everything-in-place.json",
    ]
    assert report["summary"]["failing_gaps"] > 0


def test_require_declared_fails_a_half_filled_profile(runner: Runner) -> None:
    demoland = "profiles/demoland-almost-nothing-declared.json"
    passed, _ = check(runner, format="json", paths=demoland, output="lax.json")
    failed, outputs = check(runner, format="json", paths=demoland, output="strict.json", require_declared="obligation")
    assert (passed.returncode, failed.returncode, outputs["exit-code"]) == (0, 1, "1")
    assert json.loads((runner.workspace / "strict.json").read_text(encoding="utf-8"))["require_declared"] == "obligation"


def test_invalid_input_exits_2(runner: Runner) -> None:
    (runner.workspace / "broken").mkdir()
    (runner.workspace / "broken" / "bad.json").write_text('{"party": {}}', encoding="utf-8")
    result, outputs = check(runner, format="json", paths="broken", output="broken.json")
    assert (result.returncode, outputs["exit-code"]) == (2, "2")
    assert json.loads((runner.workspace / "broken.json").read_text(encoding="utf-8"))["invalid"][0]["file"] == "broken/bad.json"


@pytest.mark.skipif("sarif" not in FORMATS, reason="--format sarif is not on this branch yet")
def test_default_format_writes_sarif_for_upload_sarif(runner: Runner) -> None:
    result, outputs = check(runner, fail_on="none")
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs == {"report": "cartagena.sarif", "exit-code": "0"}
    sarif = json.loads((runner.workspace / "cartagena.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["tool"]["driver"]["name"]


def test_an_output_that_is_one_of_the_profiles_is_refused_not_emptied(runner: Runner) -> None:
    """The step writes with `-o` (issue 21): a shell redirection would empty the profile before
    `cartagena check` could read it."""
    profile = runner.workspace / "profiles" / "examplia-everything-in-place.json"
    before = profile.read_bytes()
    result, outputs = check(runner, format="json", paths=str(profile.relative_to(runner.workspace)),
                            output=str(profile.relative_to(runner.workspace)))
    assert (result.returncode, outputs["exit-code"]) == (2, "2")
    assert "is one of the inputs" in result.stderr
    assert profile.read_bytes() == before
