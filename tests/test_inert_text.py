"""Issue 21: text from a profile is inert in every format of `check`, `diff` and `indicators`.

A Party's name, an evidence value and a file name holding a right-to-left override, backspace, ESC,
BEL and C1 controls (NEL, CSI) are never written raw: in text, markdown, HTML, CSV and XML each is a
visible `\\uXXXX`; in JSON, NDJSON and SARIF a `\\uXXXX` escape that decodes to the same text. (They
were raw in markdown and HTML: a name could turn the heading of the Committee's file around, or
show another country's name in `cat report.md`.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirun import ROOT, cartagena

EVIL = "Evil\u202eland\b\x1b[31m\x07\x85\x9b"
RAW = ("\u202e", "\b", "\x1b", "\x07", "\x85", "\x9b")
SAMPLELAND = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"
OLD_NAME = "old\u202e\x1b.json"
NEW_NAME = "new\u202e.json"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inert")
    profile = json.loads(SAMPLELAND.read_text(encoding="utf-8"))
    profile["party"]["name"] = EVIL
    profile["national_biosafety_framework"]["national_measures"]["evidence"] = [{"instrument": EVIL, "note": EVIL}]
    (root / OLD_NAME).write_text(json.dumps(profile), encoding="utf-8")
    profile["party"]["as_of"] = "2026-04-30"
    profile["national_biosafety_framework"]["national_measures"]["answer"] = "implementation.none"
    (root / NEW_NAME).write_text(json.dumps(profile), encoding="utf-8")
    (root / "broken\u202e\x07.json").write_text("{", encoding="utf-8")  # an invalid file: its name is shown too
    return root


def _assert_inert(text: str, visible: bool) -> None:
    assert not [char for char in RAW if char in text], [hex(ord(char)) for char in RAW if char in text]
    if visible:
        assert "\\u202e" in text  # shown, not dropped


CHECK = ["text", "markdown", "html", "junit"]
DIFF = ["text", "markdown", "html"]
INDICATORS = ["text", "markdown", "html", "csv"]


@pytest.mark.parametrize("output_format", [*CHECK, "json", "ndjson", "sarif"])
def test_check(folder: Path, output_format: str) -> None:
    result = cartagena("check", OLD_NAME, "broken\u202e\x07.json", "--format", output_format, "--engine", "python", "--fail-on", "none", cwd=folder)
    assert result.returncode == 2, result.stderr
    _assert_inert(result.stdout, visible=output_format != "sarif")
    _assert_inert(result.stderr, visible=output_format != "text")  # (text: the problems are in the report itself)
    if output_format == "json":
        assert json.loads(result.stdout)["profiles"][0]["party"]["name"] == EVIL  # the data is kept exactly
    if output_format == "ndjson":
        assert json.loads(result.stdout.splitlines()[1])["party"]["name"] == EVIL


@pytest.mark.parametrize("output_format", [*DIFF, "json"])
def test_diff(folder: Path, output_format: str) -> None:
    result = cartagena("diff", OLD_NAME, NEW_NAME, "--format", output_format, "--engine", "python", "--fail-on", "none", cwd=folder)
    assert result.returncode == 0, result.stderr
    _assert_inert(result.stdout, visible=True)
    if output_format == "json":
        assert json.loads(result.stdout)["parties"][0]["party"]["name"] == EVIL


@pytest.mark.parametrize("output_format", [*INDICATORS, "json"])
def test_indicators(folder: Path, output_format: str) -> None:
    result = cartagena("indicators", ".", "--format", output_format, "--engine", "python", cwd=folder)
    assert result.returncode == 2, result.stderr  # the broken file
    _assert_inert(result.stdout, visible=output_format != "csv")
    _assert_inert(result.stderr, visible=True)


def test_validate(folder: Path) -> None:
    for output_format in ("text", "json"):
        result = cartagena("validate", ".", "--format", output_format, cwd=folder)
        _assert_inert(result.stdout, visible=True)
