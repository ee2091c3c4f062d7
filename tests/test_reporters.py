"""Each output format behind the one Reporter interface: start, profile, finish."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from engine.catalog.loader import load_catalog
from engine.engines import engine_provenance
from engine.loader import Problem, load_document
from engine.profile.validation import validate_document
from engine.report import Gate, ProfileResult, RunTotals, profile_record, run_header
from engine.reporters import FORMATS, reporter
from tests.clirun import ROOT
from tests.rulekit import evaluator, rulebook

PROFILE = ROOT / "profiles" / "testavia-documentation-for-food-feed-processing-only.json"
BROKEN = Problem("broken.json", "/party", 3, 5, "missing required property 'party'")


def run(name: str, with_profile: bool = True, mutate: Callable[[dict[str, Any]], None] | None = None, output: Any = None) -> str:
    """A run of the A.8 rules over Testavia and one invalid file; `mutate` edits the profile's record first."""
    rules = [rule for rule in rulebook().rules if rule.goal == "A.8"]
    header = run_header(rules=rules, catalog=load_catalog(), rules_sha256="0" * 64, selection={"goals": ["A.8"], "rules": []}, gate=Gate(),
                        engine=engine_provenance("python"))
    output = output or reporter(name)
    totals = RunTotals()
    parts = [output.start(header)]
    if with_profile:
        check = validate_document(load_document(PROFILE))
        findings = [finding for finding in evaluator().evaluate(check.data) if finding.rule.goal == "A.8"]
        record = profile_record(
            ProfileResult(PROFILE.name, check.document.sha256, {"name": "Kingdom of Testavia", "code": "XTE", "as_of": "2026-03-31"},
                          findings, [], check.document.positions if output.needs_lines else None)
        )
        if mutate:
            mutate(record)
        totals.add_profile(record)
        parts.append(output.profile(record))
    totals.add_invalid("broken.json", [BROKEN])
    parts.append(output.finish(totals.tail()))
    return "".join(parts)


def test_every_format_is_registered_and_has_this_test() -> None:
    assert sorted(FORMATS) == ["html", "json", "junit", "markdown", "ndjson", "sarif", "text"]


@pytest.mark.parametrize("with_profile", [True, False])
def test_json_is_one_valid_document_with_header_profiles_and_tail(with_profile: bool) -> None:
    report = json.loads(run("json", with_profile))
    assert list(report) == ["tool", "report_format", "engine", "rules", "plan", "fail_on", "require_declared", "lang", "profiles", "invalid", "summary"]
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
    assert 'Evidence: /handling_transport_packaging_identification/documentation_contained_use/answer (line 333) = "false"' in flowing
    assert "broken.json:3:5: /party: missing required property 'party' (not checked)" in text
    assert text.endswith("failing: 2 gaps at --fail-on obligation, 0 not declared at --require-declared none\n")


def test_markdown_has_a_section_per_status_and_lists_the_invalid_file() -> None:
    text = run("markdown")
    assert text.startswith("# Cartagena Protocol compliance check\n")
    for heading in ("### Gaps (2)", "### Not declared (0)", "### Not applicable (0)", "### Met (3)", "## Invalid profiles (not checked)"):
        assert heading in text
    assert "- `broken.json:3:5` `/party`: missing required property 'party'" in text
    assert "- Capacity-building activity `CB.A.6-8.i`: Provide training on LMO documentation" in text


VOID = {"meta", "br", "hr", "img", "input", "link", "rect"}


def test_html_is_well_formed_with_unique_ids_and_the_gaps_in_full() -> None:
    from collections import Counter
    from html.parser import HTMLParser

    class Structure(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.open: list[str] = []
            self.ids: list[str] = []
            self.problems: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.ids += [value or "" for name, value in attrs if name == "id"]
            if tag not in VOID:
                self.open.append(tag)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.ids += [value or "" for name, value in attrs if name == "id"]

        def handle_endtag(self, tag: str) -> None:
            if tag in VOID:
                return
            if not self.open or self.open.pop() != tag:
                self.problems.append(f"unexpected </{tag}>")

    report = run("html")
    structure = Structure()
    structure.feed(report)
    assert structure.problems == [] and structure.open == []
    assert [id_ for id_, count in Counter(structure.ids).items() if count > 1] == []
    assert report.startswith('<!DOCTYPE html>\n<html lang="en">\n') and report.endswith("</html>\n")
    # the verdict first, every finding, the provenance and the limits of the source in the annex at the end
    assert report.index('id="party-1-XTE"') < report.index('class="verdict fails"') < report.index('id="party-1-XTE-gaps"')
    assert report.index('id="party-1-XTE-gaps"') < report.index('id="party-1-XTE-gap"') < report.index('id="annex"')
    assert report.index('id="annex"') < report.index('id="provenance"') < report.index('id="limits"')
    part = report[report.index('id="party-1-XTE-gap"'):report.index('id="party-1-XTE-not_declared"')]
    assert part.count('<article class="gap obligation"') == 2
    assert ('<tr><th scope="row"><code>/handling_transport_packaging_identification/documentation_contained_use/answer</code></th>'
            '<td class="n">333</td><td><code>&quot;false&quot;</code></td></tr>') in part
    assert '<dt>Indicator A.8(c)</dt><dd>Percentage of Parties that have put in place documentation' in part
    assert '<th scope="row" class="id"><code>CB.A.6-8.i</code></th><td>Provide training on LMO documentation' in part
    met = report[report.index('id="party-1-XTE-met"'):report.index("</section>", report.index('id="party-1-XTE-met"'))]
    assert "<details" not in report and met.count("<tr><th scope=\"row\">") == 3  # nothing folded: paper shows every finding
    assert '<li><code>broken.json:3:5</code> <code>/party</code>: missing required property &#x27;party&#x27;</li>' in report
    assert '<figure class="chart"><figcaption class="note">Findings by status and duty</figcaption>' in report
