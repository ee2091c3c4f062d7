"""`cartagena check --format junit`: valid against the Jenkins xUnit JUnit schema, one testsuite per
profile and one testcase per rule, gaps as failures, and everything from a profile escaped."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from engine.reporters.junit import attr, body
from tests.clirun import ROOT, cartagena
from tests.referencekit import reference_file

SAMPLELAND = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"


def junit(*args: str, cwd: Path | None = None) -> tuple[int, ET.Element, str]:
    result = cartagena("check", "--format", "junit", "--engine", "python", *args, cwd=cwd)
    schema = xmlschema.XMLSchema10(str(reference_file("junit", "jenkins-xunit-junit-10.xsd")))
    schema.validate(result.stdout)
    return result.returncode, ET.fromstring(result.stdout.encode("utf-8")), result.stdout


def test_every_example_profile_is_a_valid_testsuite_with_a_testcase_per_rule() -> None:
    code, root, first = junit("profiles")
    assert code == 1
    report = json.loads(cartagena("check", "--format", "json", "--engine", "python", "profiles").stdout)
    suites = root.findall("testsuite")
    assert [suite.get("file") for suite in suites] == [p["file"] for p in report["profiles"]]
    for suite, profile in zip(suites, report["profiles"]):
        cases = suite.findall("testcase")
        details = report["rules"]["details"]  # a finding names its rule; its goal is in the header (report format 2)
        assert [(c.get("classname"), c.get("name")) for c in cases] == [(details[f["rule"]]["goal"], f["rule"]) for f in profile["findings"]]
        for case, finding in zip(cases, profile["findings"]):
            kind = {"gap": "failure", "not_applicable": "skipped", "not_declared": "skipped", "met": None}[finding["status"]]
            assert [child.tag for child in case] == ([kind] if kind else [])
        assert suite.get("failures") == str(sum(profile["summary"]["gaps"].values()))
        assert suite.get("skipped") == str(profile["summary"]["not_declared"] + profile["summary"]["not_applicable"])
    assert junit("profiles")[2] == first  # byte-identical


def test_a_gap_failure_carries_message_evidence_line_and_activities() -> None:
    _, root, _ = junit(str(SAMPLELAND.relative_to(ROOT)))
    case = root.find("testsuite/testcase[@name='A.1/competent-national-authority']")
    assert case is not None and case.get("classname") == "A.1"
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "obligation gap"
    lines = SAMPLELAND.read_text(encoding="utf-8").splitlines()
    block = next(i for i, line in enumerate(lines) if '"competent_national_authorities"' in line)
    answer = next(i for i in range(block, len(lines)) if '"answer"' in lines[i])
    column = lines[answer].index('"false"') + 1
    assert failure.text is not None
    assert f"Evidence: /national_biosafety_framework/competent_national_authorities/answer (line {answer + 1}, column {column}) = \"false\"" in failure.text
    assert failure.get("message") and failure.text.startswith(failure.get("message"))
    assert "\nActivity CB.A.1.iii: " in failure.text


def test_a_party_name_with_markup_and_control_characters_is_escaped(tmp_path: Path) -> None:
    data = json.loads(SAMPLELAND.read_text(encoding="utf-8"))
    data["party"]["name"] = 'A <b> & "c" ]]> \u0001 end'
    data.pop("$schema", None)
    profile = tmp_path / "odd.json"
    profile.write_text(json.dumps(data, indent=2), encoding="utf-8")
    code, root, text = junit("odd.json", cwd=tmp_path)
    assert code == 1, text
    assert root.find("testsuite").get("name") == 'A <b> & "c" ]]> \\u0001 end (XSA), as of 2026-03-31'
    assert "\x01" not in text and "]]>" not in text


def test_escaping_helpers() -> None:
    assert attr('<&>"\n\x00\ud800') == "&lt;&amp;&gt;&quot;&#10;\\u0000\\ud800"
    assert body("a]]>b\n<c>&\x1f") == "a]]&gt;b\n&lt;c&gt;&amp;\\u001f"


def test_an_invalid_profile_is_a_testsuite_in_error(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"party": ', encoding="utf-8")
    code, root, _ = junit("bad.json", str(SAMPLELAND), cwd=tmp_path)
    assert code == 2
    suites = root.findall("testsuite")
    assert len(suites) == 2 and suites[1].get("file") == "bad.json" and suites[1].get("errors") == "1"
    error = suites[1].find("testcase/error")
    assert error is not None and error.text.startswith("bad.json:1:")
