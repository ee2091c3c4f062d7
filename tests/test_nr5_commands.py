"""import-nr5 / export-nr5: bound answers travel both ways; each bad document is one line, exit 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from engine.nr5.document import merged, read_document, write_document
from engine.nr5.mapping import bindings
from tests.clirun import cartagena
from tests.test_properties import profile_documents


def _bound(document: dict[str, Any], lossy: bool = True) -> dict[str, Any]:
    out = {}
    for b in bindings():
        if b.lossy and not lossy:
            continue
        node: Any = document
        for part in (*b.path, b.attribute):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            out[b.field_path] = node
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile_documents())
def test_import_of_export_gives_back_every_bound_declaration(document: dict[str, Any]) -> None:
    imported = read_document(json.loads(json.dumps(write_document(document))))
    assert _bound(imported.declarations) == _bound(document)
    assert imported.code == document["party"]["code"]
    # the answers come from the Q keys alone; the rest rides in x-cartagena-profile (and a word a
    # report code stands for with another, question 159's No for `signatory` or `neither`, beside it)
    assert _bound(imported.rest, lossy=False) == {}
    assert merged(imported.rest, imported.declarations) == document


GOOD = {"header": {"schema": "cpbNationalReport5"}, "government": {"identifier": "xea"},
        "Q007": {"value": "implementation.partiallyInPlace"},
        "Q008": [{"value": "instrument.nationalBiosafetyLaws"}, {"value": "instrument.indirectLaws", "additionalInformation": {"en": "Plant Protection Act", "fr": "Loi sur la protection des végétaux"}}]}


@pytest.mark.parametrize("change, line", [
    ({"Q999": {"value": "true"}}, "/Q999: no question Q999 in the cpbNationalReport5 question tree"),
    ({"Q009": {"value": "maybe"}}, '/Q009/value: "maybe" is not an answer of this question (allowed: false, true, true.some)'),
    ({"Q008": {"value": "instrument.nationalBiosafetyLaws"}}, "/Q008: this question takes several answers"),
    ({"Q009": [{"value": "true"}]}, "/Q009: this question takes one answer"),
    ({"header": {"schema": "cpbNationalReport3"}}, '/header/schema: "cpbNationalReport3" is not a national report'),
])
def test_each_bad_document_is_one_line_exit_2_nothing_written(tmp_path: Path, change: dict[str, Any], line: str) -> None:
    report = tmp_path / "r.json"
    report.write_text(json.dumps({**GOOD, **change}), encoding="utf-8")
    result = cartagena("import-nr5", str(report), "-o", str(tmp_path / "p.json"), "--as-of", "2026-01-01")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and f"{report}: {line}" in result.stderr
    assert not (tmp_path / "p.json").exists()


def test_malformed_json_and_no_overwrite(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    report.write_text('{"header": ', encoding="utf-8")
    result = cartagena("import-nr5", str(report))
    assert result.returncode == 2 and result.stderr.startswith(f"cartagena import-nr5: {report}:1:")
    report.write_text(json.dumps(GOOD), encoding="utf-8")
    (tmp_path / "p.json").write_text("keep", encoding="utf-8")
    result = cartagena("import-nr5", str(report), "-o", str(tmp_path / "p.json"))
    assert result.returncode == 2 and (tmp_path / "p.json").read_text() == "keep"
    assert cartagena("import-nr5", str(report), "-o", str(tmp_path / "p.json"), "--force", "--as-of", "2026-01-01").returncode == 0
    profile = json.loads((tmp_path / "p.json").read_text())
    assert profile["national_biosafety_framework"]["instruments"]["answer"] == ["instrument.nationalBiosafetyLaws", "instrument.indirectLaws"]
    assert profile["party"]["code"] == "XEA"


def test_export_then_import_gives_the_same_findings_as_the_original(tmp_path: Path) -> None:
    original = "profiles/examplia-everything-in-place.json"
    report, profile = tmp_path / "r.json", tmp_path / "p.json"
    assert cartagena("export-nr5", original, "-o", str(report)).returncode == 0
    imported = cartagena("import-nr5", str(report), "-o", str(profile))
    assert imported.returncode == 0, imported.stderr
    def findings(path: str) -> Any:
        """The findings with their evidence values, without where each value stands in its file
        (the imported profile is laid out anew, so its lines differ)."""
        result = cartagena("check", path, "--format", "json")
        out = json.loads(result.stdout)["profiles"]
        for record in out:
            for finding in record["findings"]:
                for item in finding["evidence"]:
                    for key in ("line", "column", "region"):
                        item.pop(key, None)
        return [(p["party"], p["findings"]) for p in out]
    assert findings(str(profile)) == findings(original)


def test_an_answer_changed_in_the_report_is_what_the_profile_declares(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    assert cartagena("export-nr5", "profiles/examplia-everything-in-place.json", "-o", str(report)).returncode == 0
    document = json.loads(report.read_text())
    document["Q009"] = {"value": "false"}
    report.write_text(json.dumps(document))
    result = cartagena("import-nr5", str(report))
    assert json.loads(result.stdout)["national_biosafety_framework"]["mainstreaming"]["answer"] == "false"


FIXTURES = Path(__file__).parent / "fixtures" / "nr5"


def test_a_fifth_report_of_a_fictional_party_imports_and_lists_what_is_not_modelled(tmp_path: Path) -> None:
    report = FIXTURES / "xlu-fifth-report.json"
    result = cartagena("import-nr5", str(report), "--party", "Lusitania Minor", "--as-of", "2025-12-31", "-o", str(tmp_path / "p.json"))
    assert result.returncode == 0
    profile = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert profile["party"] == {"name": "Lusitania Minor", "code": "XLU", "as_of": "2025-12-31"}
    framework = profile["national_biosafety_framework"]
    assert framework["national_measures"] == {"answer": "implementation.partiallyInPlace"}
    assert framework["instruments"] == {"answer": ["instrument.nationalBiosafetyRegulations", "instrument.indirectLaws"]}
    assert framework["national_budget"] == {"answer": "true", "adequate": "false"}
    assert profile["resources"]["funding_mobilized"] == {"answer": "USD5000-49999"}
    prefix = f"cartagena import-nr5: {report}: "
    assert result.stderr.splitlines() == [prefix + line + " (not imported)" for line in (
        "/header: the record's metadata (schema, identifier, languages): read for the report's cycle, not an answer",
        "/Q008/1/additionalInformation (NR5 question 8): free text beside the answer; the profile keeps the answer's code, not its text",
        "/Q008_a (NR5 follow-up to question 8): free text; a profile keeps evidence, not free text",
        "/Q012 (NR5 question 12): a follow-up answer: its declaration also needs national_biosafety_framework.qualified_staff.answer, which the report does not give",
        "/Q026_adq (NR5 follow-up to question 26): no profile declaration models this question",
        "/Q163 (NR5 question 163): no profile declaration models this question",
        "/Q163/1/additionalInformation (NR5 question 163): free text beside the answer; the profile keeps the answer's code, not its text",
    )]
    assert cartagena("validate", str(tmp_path / "p.json")).returncode == 0


def test_a_fourth_report_imports_through_the_projects_table_and_lists_what_it_does_not_carry() -> None:
    report = FIXTURES / "xlu-fourth-report.json"
    result = cartagena("import-nr5", str(report), "--as-of", "2025-12-31")
    assert result.returncode == 0, result.stderr
    profile = json.loads(result.stdout)
    assert profile["national_biosafety_framework"]["national_measures"] == {"answer": "implementation.draftMeasures"}
    assert profile["national_biosafety_framework"]["instruments"] == {"answer": ["instrument.biosafetyGuidelines"]}
    assert profile["public_awareness"]["public_consultations"] == {"answer": "1+"}  # NR4 "5-" in NR5 codes (the BCH's map)
    assert profile["party"]["supplementary_protocol"] == {"status": "party"}  # NR4 169, which the BCH's map lacks
    assert profile["liability_and_redress"]["measures"] == {"answer": "implementation.partiallyInPlace"}  # NR4 171's GUID
    prefix = f"cartagena import-nr5: {report}: "
    assert result.stderr.splitlines() == [prefix + line + " (not imported)" for line in (
        "/header: the record's metadata (schema, identifier, languages): read for the report's cycle, not an answer",
        "/Q017 (NR4 question 17): a different question from NR5 question 10: NR4 asks whether a mechanism for budget "
        "allocations exists; NR5 whether the Party has resources for biosafety from national budgets",
        "/Q028 (NR4 question 28): this fourth-report answer has no counterpart among the answers of NR5 question 21",
        "/Q136 (NR4 question 136): a different question from NR5 question 124: NR4 asks whether a capacity-building "
        "strategy or action plan was developed; NR5 whether capacity-building needs were prioritized",
    )]


@pytest.mark.parametrize("change, line", [
    ({"Q008_a": "plain text"}, '/Q008_a: free text is a language map, e.g. {"en": "..."} or {"value": {"en": "..."}}'),
    ({"Q026_adq": "three"}, '/Q026_adq: expected a whole number, or {"value": NUMBER}; found "three"'),
    ({"Q026_adq": {"value": 2.5}}, '/Q026_adq: expected a whole number, or {"value": NUMBER}; found 2.5'),
    ({"Q163": [{"value": "true.other", "additionalInformation": 5}]}, "/Q163/0/additionalInformation: expected free text or a language map, found 5"),
    ({"Q027": [{"value": "3EFF4792-A896-4DC7-9945-04FE9C8B5B4F", "additionalInformation": {"en": "half"}}]},
     '/Q027/0/additionalInformation: expected a number for this answer, found {"en": "half"}'),
    ({"government": {"identifier": "x1"}}, "/government/identifier: expected a country code (two or three letters)"),
    ({"Q007": "implementation.none"}, '/Q007: an answer is an object {"value": CODE}, found "implementation.none"'),
    ({"Q102": {"value": "true"}}, "/Q102: question 102 is a heading (sub-section), it holds no answer"),
])
def test_each_badly_typed_answer_is_one_line_exit_2(tmp_path: Path, change: dict[str, Any], line: str) -> None:
    report = tmp_path / "r.json"
    report.write_text(json.dumps({**json.loads((FIXTURES / "xlu-fifth-report.json").read_text(encoding="utf-8")), **change}), encoding="utf-8")
    result = cartagena("import-nr5", str(report), "-o", str(tmp_path / "p.json"))
    assert (result.returncode, result.stderr) == (2, f"cartagena import-nr5: {report}: {line}\n")
    assert not (tmp_path / "p.json").exists()


def test_not_declared_findings_name_the_nr5_question_and_its_answers() -> None:
    text = cartagena("check", "profiles/demoland-almost-nothing-declared.json").stdout
    assert "    NR5 question 9 (Q009): Has your country integrated biosafety in national sectoral and cross-\n      sectoral strategies" in text
    markdown = cartagena("check", "profiles/demoland-almost-nothing-declared.json", "--format", "markdown").stdout
    assert "NR5 question 9 (Q009): Has your country integrated biosafety in national sectoral and cross-sectoral strategies, action plans, programmes, policies or legislation? Answers: `true` = Yes; `true.some` = Yes, to some extent:; `false` = No. |" in markdown
    report = json.loads(cartagena("check", "profiles/demoland-almost-nothing-declared.json", "--format", "json").stdout)
    assert report["plan"]["Q009"]["answers"] == [{"value": "true", "title": "Yes"}, {"value": "true.some", "title": "Yes, to some extent:"}, {"value": "false", "title": "No"}]
