"""Each output format behind the one Reporter interface: start, profile, finish."""

from __future__ import annotations

import json

import pytest

from engine.catalog.loader import load_catalog
from engine.engines import engine_provenance
from engine.loader import Problem, load_document
from engine.profile.validation import validate_document
from engine.report import ProfileResult, RunTotals, profile_record, run_header
from engine.reporters import FORMATS, reporter
from tests.clirun import ROOT
from tests.rulekit import evaluator, rulebook

PROFILE = ROOT / "profiles" / "testavia-documentation-for-food-feed-processing-only.json"
BROKEN = Problem("broken.json", "/party", 3, 5, "missing required property 'party'")


def run(name: str, with_profile: bool = True) -> str:
    rules = [rule for rule in rulebook().rules if rule.goal == "A.8"]
    header = run_header(rules=rules, catalog=load_catalog(), rules_sha256="0" * 64, selection={"goals": ["A.8"], "rules": []}, fail_on="obligation",
                        engine=engine_provenance("python"))
    output = reporter(name)
    totals = RunTotals("obligation")
    parts = [output.start(header)]
    if with_profile:
        check = validate_document(load_document(PROFILE))
        findings = [finding for finding in evaluator().evaluate(check.data) if finding.rule.goal == "A.8"]
        record = profile_record(
            ProfileResult(PROFILE.name, check.document.sha256, {"name": "Kingdom of Testavia", "code": "XTE", "as_of": "2026-03-31"},
                          findings, [], check.document.positions if output.needs_lines else None)
        )
        totals.add_profile(record)
        parts.append(output.profile(record))
    totals.add_invalid("broken.json", [BROKEN])
    parts.append(output.finish(totals.tail()))
    return "".join(parts)


def test_every_format_is_registered_and_has_this_test() -> None:
    assert sorted(FORMATS) == ["json", "junit", "markdown", "ndjson", "sarif", "text"]


@pytest.mark.parametrize("with_profile", [True, False])
def test_json_is_one_valid_document_with_header_profiles_and_tail(with_profile: bool) -> None:
    report = json.loads(run("json", with_profile))
    assert list(report) == ["tool", "engine", "rules", "plan", "fail_on", "profiles", "invalid", "summary"]
    assert report["engine"] == {"name": "python", "implementation": "cartagena-compliance pure-Python engine"}
    assert report["invalid"] == [{"file": "broken.json", "errors": [BROKEN.as_dict()]}]
    if with_profile:
        (profile,) = report["profiles"]
        assert [f["status"] for f in profile["findings"]] == ["met", "met", "met", "gap", "gap"]
        assert report["summary"]["failing_gaps"] == 2
        assert report["plan"]["A.8(c)"]["text"].startswith("Percentage of Parties that have put in place documentation")
    else:
        assert report["profiles"] == [] and report["summary"]["profiles_checked"] == 0


def test_text_lists_gaps_first_with_line_numbers_then_the_invalid_file() -> None:
    text = run("text")
    assert text.index("GAPS (2)") < text.index("NOT DECLARED (0)") < text.index("MET (3)")
    flowing = " ".join(text.split())  # the text wraps at 100 columns
    assert 'Evidence: /handling_transport_packaging_identification/documentation_contained_use/answer (line 281) = "false"' in flowing
    assert "broken.json:3:5: /party: missing required property 'party' (not checked)" in text
    assert text.endswith("2 gap(s) at --fail-on obligation\n")


def test_markdown_has_a_section_per_status_and_lists_the_invalid_file() -> None:
    text = run("markdown")
    assert text.startswith("# Cartagena Protocol compliance check\n")
    for heading in ("### Gaps (2)", "### Not declared (0)", "### Not applicable (0)", "### Met (3)", "## Invalid profiles (not checked)"):
        assert heading in text
    assert "- `broken.json:3:5` `/party`: missing required property 'party'" in text
    assert "- Capacity-building activity `CB.A.6-8.i`: Provide training on LMO documentation" in text
