"""`cartagena check --format sarif`: valid SARIF 2.1.0 (the official schema), complete for GitHub
code scanning, located on the evidence's exact line and column, byte-identical run to run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema
import pytest

from engine.reporters.sarif import artifact_uri, is_failing
from tests.clirun import ROOT, cartagena
from tests.referencekit import reference_file

PROFILES = sorted((ROOT / "profiles").glob("*.json"))
SAMPLELAND = "profiles/sampleland-no-competent-national-authority.json"


def validate_sarif(text: str) -> dict[str, Any]:
    schema = json.loads(reference_file("sarif-2.1.0", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    document = json.loads(text)
    jsonschema.Draft4Validator(schema).validate(document)
    return document


def sarif(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any], str]:
    result = cartagena("check", "--format", "sarif", "--engine", "python", *args, cwd=cwd)
    return result.returncode, validate_sarif(result.stdout), result.stdout


def test_every_example_profile_gives_valid_sarif_with_one_result_per_gap() -> None:
    code, document, _ = sarif("profiles")
    assert code == 1
    report = json.loads(cartagena("check", "--format", "json", "--engine", "python", "profiles").stdout)
    gaps = [(p["file"], f["rule"]) for p in report["profiles"] for f in p["findings"] if f["status"] == "gap"]
    results = document["runs"][0]["results"]
    assert [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]) for r in results] == gaps
    assert len(report["profiles"]) == len(PROFILES)
    assert "security-severity" not in json.dumps(document)


def line_col(path: str, pointer_key_value: str) -> tuple[int, int]:
    """(line, column) of the first occurrence of `pointer_key_value` in the file."""
    for number, line in enumerate((ROOT / path).read_text(encoding="utf-8").splitlines(), 1):
        if pointer_key_value in line:
            return number, line.index(pointer_key_value) + 1
    raise AssertionError(pointer_key_value)


def test_sampleland_results_rules_levels_and_exact_regions() -> None:
    code, document, _ = sarif(SAMPLELAND)
    assert code == 1
    run = document["runs"][0]
    assert document["version"] == "2.1.0" and document["$schema"].endswith("sarif-2.1.0.json")
    driver = run["tool"]["driver"]
    assert driver["name"] == "cartagena-compliance" and driver["version"] and driver["informationUri"].startswith("https://")
    assert run["automationDetails"]["id"].startswith("cartagena-compliance/")
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("A.1/competent-national-authority", "error"),
        ("A.1/authorities-notified", "error"),
        ("A.1/institutional-capacity", "warning"),
        ("A.2/mandatory-information-d-contact-details", "error"),
    ]
    text = (ROOT / SAMPLELAND).read_text(encoding="utf-8").splitlines()
    # the first result's evidence: /national_biosafety_framework/competent_national_authorities/answer = "false"
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    block = next(i for i, line in enumerate(text) if '"competent_national_authorities"' in line)
    answer = next(i for i in range(block, len(text)) if '"answer"' in text[i]) + 1
    assert region == {"startLine": answer, "startColumn": text[answer - 1].index('"false"') + 1,
                      "endLine": answer, "endColumn": text[answer - 1].index('"false"') + 1 + len('"false"')}
    for result in results:
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == SAMPLELAND
        assert result["message"]["text"].endswith(".")
        assert len(result["partialFingerprints"]["cartagenaFinding/v1"]) == 64
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) >= {r["ruleId"] for r in results}
    competent = rules["A.1/competent-national-authority"]
    assert competent["defaultConfiguration"] == {"level": "error"}
    for part in ("Objective A.1.", "Indicator A.1(", "CP-19.1", "What to do", "Activity CB.A.1."):
        assert part in competent["help"]["text"] and part in competent["help"]["markdown"]
    levels = {rule["defaultConfiguration"]["level"] for rule in driver["rules"]}
    assert levels == {"error", "warning", "note"}


def test_missing_evidence_points_at_the_nearest_existing_object() -> None:
    from engine.loader import PositionIndex

    index = PositionIndex('{\n  "a": {\n    "b": 1\n  }\n}\n')
    assert index.nearest_span("/a/b") == (3, 10, 3, 11)
    assert index.nearest_span("/a/missing/deeper") == (2, 8, 4, 4)
    assert index.nearest_span("/nothing") == (1, 1, 5, 2)


def test_sarif_is_byte_identical_twice_and_uses_relative_forward_slash_paths(tmp_path: Path) -> None:
    _, _, first = sarif(str(ROOT / "profiles"))  # absolute paths given, relative uris written
    _, document, second = sarif(str(ROOT / "profiles"))
    assert first == second
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]}
    assert uris and all(uri.startswith("profiles/") for uri in uris)
    # outside the working directory: an absolute file URI (a relative one would climb out of %SRCROOT%)
    assert artifact_uri(str(tmp_path / "a b.json")) == "file://" + quote(str(tmp_path / "a b.json"))


def test_an_invalid_profile_is_a_result_on_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "party": {\n    "name": "A <b> & ]]> \\u0001"\n  }\n}\n', encoding="utf-8")
    code, document, _ = sarif(str(bad), cwd=tmp_path)
    assert code == 2
    results = document["runs"][0]["results"]
    assert results and all(r["ruleId"] == "profile/invalid" and r["level"] == "error" for r in results)
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.json" for r in results)
    assert any(r["locations"][0]["physicalLocation"]["region"]["startLine"] == 2 for r in results)


def test_the_gate_hook_makes_marked_findings_results() -> None:
    assert is_failing({"status": "gap"})
    assert not is_failing({"status": "not_declared"})
    assert is_failing({"status": "not_declared", "failing": True})
    # every gap is a result (its level says how serious); the gate decides only the exit code
    assert is_failing({"status": "gap", "failing": False})


def test_the_completeness_gate_makes_not_declared_findings_results() -> None:
    profile = "profiles/demoland-almost-nothing-declared.json"
    plain = validate_sarif(cartagena("check", "--format", "sarif", "--engine", "python", profile).stdout)
    gated = validate_sarif(cartagena("check", "--format", "sarif", "--engine", "python", "--require-declared", "obligation", profile).stdout)
    report = json.loads(cartagena("check", "--format", "json", "--engine", "python", "--require-declared", "obligation", profile).stdout)
    findings = report["profiles"][0]["findings"]
    gaps = [f["rule"] for f in findings if f["status"] == "gap"]
    details = report["rules"]["details"]
    failing_undeclared = [f["rule"] for f in findings if f["status"] == "not_declared" and details[f["rule"]]["duty"] == "obligation"]
    assert failing_undeclared, "the example must leave some obligation undeclared"
    assert [r["ruleId"] for r in plain["runs"][0]["results"]] == gaps
    assert sorted(r["ruleId"] for r in gated["runs"][0]["results"]) == sorted(gaps + failing_undeclared)
