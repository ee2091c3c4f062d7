"""Every kind of validation problem has a stable code, shown by `validate --format json` and in the
SARIF of `check`; the README's table lists every code the engine can give."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.clirun import ROOT, cartagena
from tests.test_sarif import validate_sarif

PARTY = '"party": {"name": "X", "code": "XAA", "as_of": "2026-01-01"'
CASES = {
    "unknown.json": ("{" + PARTY + ', "colour": 1}}', "profile.unknown-property"),
    "missing.json": ('{"party": {"name": "X", "code": "XAA"}}', "profile.missing-property"),
    "type.json": ('{"party": 5}', "profile.wrong-type"),
    "code.json": ('{"party": {"name": "X", "code": "xx", "as_of": "2026-01-01"}}', "profile.party-code"),
    "date.json": ('{"party": {"name": "X", "code": "XAA", "as_of": "2026-02-30"}}', "profile.invalid-date"),
    "later.json": ("{" + PARTY + ', "party_to_protocol_since": "2027-01-01"}}', "profile.date-after-as-of"),
    "dup.json": ('{"a": 1, "a": 2}', "json.duplicate-key"),
    "syntax.json": ('{"a": ', "json.syntax"),
    "nan.json": ('{"a": NaN}', "json.non-finite"),
    "blank.json": ("   ", "json.empty"),
    "array.json": ("[]", "profile.not-object"),
    "latin1.json": (b'{"a": "\xe9"}', "file.encoding"),
}


def test_each_kind_of_problem_has_its_code(tmp_path: Path) -> None:
    for name, (content, _) in CASES.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = cartagena("validate", "--format", "json", *CASES, "gone.json", cwd=tmp_path)
    assert result.returncode == 2
    codes = {entry["file"]: [error["code"] for error in entry["errors"]] for entry in json.loads(result.stdout)["files"]}
    assert codes.pop("gone.json") == ["input.not-found"]
    assert {name: found[0] for name, found in codes.items()} == {name: code for name, (_, code) in CASES.items()}


def test_sarif_of_an_invalid_file_carries_the_code(tmp_path: Path) -> None:
    (tmp_path / "dup.json").write_text('{"a": 1,\n "a": 2}', encoding="utf-8")
    result = cartagena("check", "--format", "sarif", "--engine", "python", "dup.json", cwd=tmp_path)
    (error,) = validate_sarif(result.stdout)["runs"][0]["results"]
    assert error["properties"] == {"code": "json.duplicate-key"}
    assert error["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 2}


def test_the_readme_documents_every_code_the_engine_gives() -> None:
    source = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "engine").rglob("*.py"))
    given = set(re.findall(r'"((?:input|file|json|profile)\.[a-z][a-z-]*)"', source))
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### Problem codes", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z.-]+)` \|", section, re.MULTILINE))
    assert given == documented
