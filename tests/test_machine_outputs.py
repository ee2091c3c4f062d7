"""Issue 21: every machine output is valid against the schema README names for it, also for hostile
file names: NDJSON lines against `report.schema.json` (`#/$defs/profile` and the header and tail
records), `diff --format json` with problems against `diff-report.schema.json`, and SARIF artifact
locations as RFC 3986 URI references relative to `%SRCROOT%` (percent-encoded), standard input named
as what it is."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest

from engine.paths import DIFF_SCHEMA_PATH, RULE_SCHEMA_DIR
from tests.clirun import ROOT, cartagena
from tests.test_sarif import validate_sarif

SAMPLELAND = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"
HOSTILE_NAMES = ["with space.json", "hash#tag.json", "per%cent.json", "accentué.json", "colon:first.json", "q?uery.json", "ünï cödé #1 %20.json"]

# RFC 3986: a relative reference made of a path (no scheme, so no ":" in the first segment), and a file URI
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2})"
_SEGMENT_NC = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@]|%[0-9A-F]{2})+"
RELATIVE_REF = re.compile(rf"^{_SEGMENT_NC}(?:/{_PCHAR}*)*$")
FILE_URI = re.compile(rf"^file:///(?:{_PCHAR}*)(?:/{_PCHAR}*)*$")


def report_schema() -> dict[str, Any]:
    return json.loads((RULE_SCHEMA_DIR / "report.schema.json").read_text(encoding="utf-8"))


def validator(definition: str) -> jsonschema.Draft202012Validator:
    """The report schema, or one of its definitions (resolved within the schema, by its $id)."""
    from referencing import Registry, Resource

    schema = report_schema()
    if not definition:
        return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    registry = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
    return jsonschema.Draft202012Validator({"$ref": f"{schema['$id']}#/$defs/{definition}"}, registry=registry,
                                           format_checker=jsonschema.FormatChecker())


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    for name in HOSTILE_NAMES:
        shutil.copy(SAMPLELAND, tmp_path / name)
    (tmp_path / "broken file #2.json").write_text('{"party": {"name": "X"}}', encoding="utf-8")
    return tmp_path


def test_every_ndjson_line_is_valid_against_the_schema_readme_names(hostile: Path) -> None:
    """Each `profile` record is a `#/$defs/profile` (it was refused: `type` was not allowed); the
    header and tail lines have their own definitions."""
    result = cartagena("check", ".", "--format", "ndjson", "--engine", "python", cwd=hostile)
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["type"] for record in records] == ["header", *["profile"] * len(HOSTILE_NAMES), "tail"]
    for record in records:
        validator("ndjsonRecord").validate(record)
        validator({"header": "ndjsonHeader", "profile": "profile", "tail": "ndjsonTail"}[record["type"]]).validate(record)
    assert sorted(record["file"] for record in records[1:-1]) == sorted(HOSTILE_NAMES)


def test_ndjson_with_waivers_is_valid(tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "waivers:\n  - {rule: A.1/competent-national-authority, party: XSA, reason: r, approved_by: C, approved_on: 2026-01-01, expires: 2099-01-01}\n",
        encoding="utf-8",
    )
    result = cartagena("check", str(SAMPLELAND), "--format", "ndjson", "--engine", "python", "--waivers", str(waivers))
    for line in result.stdout.splitlines():
        validator("ndjsonRecord").validate(json.loads(line))


def test_the_json_report_is_still_valid_with_hostile_names(hostile: Path) -> None:
    result = cartagena("check", ".", "--format", "json", "--engine", "python", cwd=hostile)
    validator("").validate(json.loads(result.stdout))


def _diff_schema() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(DIFF_SCHEMA_PATH.read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", ["invalid profile", "different Parties", "NEW older", "twice", "not a report"])
def test_diff_json_with_problems_is_valid_against_its_schema(tmp_path: Path, case: str) -> None:
    """Every problem carries its `code` (the schema had no place for it: any problem broke it)."""
    old, new = tmp_path / "old #1.json", tmp_path / "new %2.json"
    profile = json.loads(SAMPLELAND.read_text(encoding="utf-8"))
    shutil.copy(SAMPLELAND, old)
    other = json.loads(json.dumps(profile))
    if case == "NEW older":  # OLD is the later one
        later = json.loads(json.dumps(profile))
        later["party"]["as_of"] = "2026-06-30"
        old.write_text(json.dumps(later), encoding="utf-8")
    if case == "invalid profile":
        other["party"]["code"] = "xsa"
    elif case == "different Parties":
        other["party"]["code"] = "XZZ"
    elif case == "not a report":
        other = {"tool": {"name": "x"}, "profiles": []}
    new.write_text(json.dumps(other), encoding="utf-8")
    args: list[str] = [str(old), str(new)]
    if case == "twice":
        folder = tmp_path / "new"
        folder.mkdir()
        shutil.copy(SAMPLELAND, folder / "a.json")
        shutil.copy(SAMPLELAND, folder / "b.json")
        old_folder = tmp_path / "old"
        old_folder.mkdir()
        shutil.copy(SAMPLELAND, old_folder / "a.json")
        args = [str(old_folder), str(folder)]
    result = cartagena("diff", *args, "--format", "json", "--engine", "python")
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert report["problems"], case
    _diff_schema().validate(report)
    expected = {
        "invalid profile": "profile.party-code", "different Parties": "input.different-parties", "NEW older": "input.new-older-than-old",
        "twice": "input.party-twice", "not a report": "input.not-a-report",
    }[case]
    assert [problem["code"] for problem in report["problems"]] == [expected]


def _locations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [location for result in document["runs"][0]["results"] for location in result["locations"]]


def test_sarif_uris_are_percent_encoded_relative_references_with_a_base(hostile: Path) -> None:
    result = cartagena("check", ".", "--format", "sarif", "--engine", "python", cwd=hostile)
    document = validate_sarif(result.stdout)
    run = document["runs"][0]
    assert set(run["originalUriBaseIds"]) == {"%SRCROOT%"}
    named = set()
    for location in _locations(document):
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert RELATIVE_REF.match(artifact["uri"]), artifact["uri"]
        named.add(unquote_to_bytes(artifact["uri"]).decode("utf-8"))
    assert named == {*HOSTILE_NAMES, "broken file #2.json"}


def test_sarif_uri_of_a_file_outside_the_working_directory_is_an_absolute_file_uri(hostile: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    result = cartagena("check", str(hostile / "hash#tag.json"), "--format", "sarif", "--engine", "python", cwd=elsewhere)
    (location, *_) = _locations(validate_sarif(result.stdout))
    artifact = location["physicalLocation"]["artifactLocation"]
    assert "uriBaseId" not in artifact and FILE_URI.match(artifact["uri"]), artifact
    assert unquote_to_bytes(artifact["uri"].removeprefix("file://")).decode() == str(hostile / "hash#tag.json")


def test_sarif_of_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = b"caf\xe9 #.json"
    (tmp_path / name.decode("utf-8", "surrogateescape")).write_bytes(SAMPLELAND.read_bytes())
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", ".", "--format", "sarif", "--engine", "python"],
                            cwd=tmp_path, capture_output=True)
    document = validate_sarif(result.stdout.decode("utf-8"))
    uris = {location["physicalLocation"]["artifactLocation"]["uri"] for location in _locations(document)}
    assert uris == {"caf%E9%20%23.json"}
    assert unquote_to_bytes("caf%E9%20%23.json") == name


def test_sarif_of_standard_input_names_it_without_a_made_up_uri() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", "-", "--format", "sarif", "--engine", "python"],
                            input=SAMPLELAND.read_bytes(), capture_output=True, cwd=ROOT)
    document = validate_sarif(result.stdout.decode("utf-8"))
    for location in _locations(document):
        assert "physicalLocation" not in location
        assert location["logicalLocations"] == [{"name": "standard input", "kind": "resource"}]
    assert "<stdin>" not in json.dumps([result_["locations"] for result_ in document["runs"][0]["results"]])
