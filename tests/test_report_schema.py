"""The JSON report's published schema (`cartagena schema --report`): every JSON report of the
suite's typical runs validates against it, and NDJSON records do too."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.clirun import ROOT, cartagena


def schema() -> dict:
    result = cartagena("schema", "--report")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document == json.loads((ROOT / "rules" / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return document


def validate(report: dict) -> None:
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(report)


@pytest.mark.parametrize("args", [("profiles",), ("profiles", "BAD"), ("--goal", "A.1", "profiles/sampleland-no-competent-national-authority.json")])
def test_json_reports_validate_against_the_published_schema(args: tuple[str, ...], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"party": 1', encoding="utf-8")
    args = tuple(str(bad) if arg == "BAD" else arg for arg in args)
    result = cartagena("check", "--format", "json", "--engine", "python", *args)
    assert result.returncode in (1, 2)
    report = json.loads(result.stdout)
    validate(report)
    if "BAD" in args or str(bad) in args:
        assert report["invalid"][0]["errors"][0]["code"] == "json.syntax"


def test_the_schema_refuses_a_finding_without_its_rule_or_with_format_1_texts() -> None:
    report = json.loads(cartagena("check", "--format", "json", "--engine", "python", "profiles/sampleland-no-competent-national-authority.json").stdout)
    validate(report)
    assert report["report_format"] == 2
    finding = report["profiles"][0]["findings"][0]
    del finding["rule"]
    with pytest.raises(jsonschema.ValidationError):
        validate(report)
    finding["rule"] = "A.1/competent-national-authority"
    finding["message"] = "format 1 repeated its rule's message in every finding"
    with pytest.raises(jsonschema.ValidationError):
        validate(report)
