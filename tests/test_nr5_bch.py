"""Real-shaped national reports in and out: the three NR5 fixtures of tests/fixtures/nr5/bch/ are
written in the shapes the BCH's NR5 form stores (scbd/absch.cbd.int commit ddbb08b00a72277a4bc6e83cf88e572b3cf4f966:
free text `{"value": {"en": ...}}` and numbers `{"value": n}` as
app/views/forms/edit/directives/edit-national-report.directive.html binds them, Supplementary
Protocol answers in the GUID codes of app/app-data/bch/report-analyzer/cpbNationalReport5.js,
`government.identifier` alpha-2) for fictional Parties, whose codes tests/fixtures/nr5/parties.csv
gives. Batch import, the strict reader, and the round trips of item 7."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.nr5.document import merged, read_document, to_profile, write_document
from engine.nr5.mapping import bindings
from tests.clirun import cartagena
from tests.rulekit import findings_for

FIXTURES = Path(__file__).parent / "fixtures" / "nr5"
BCH = FIXTURES / "bch"
PARTIES = FIXTURES / "parties.csv"
PROFILES = sorted((Path(__file__).parent.parent / "profiles").glob("*.json"))


def _import(name: str, tmp_path: Path) -> tuple[dict[str, Any], str]:
    out = tmp_path / f"{name}.json"
    result = cartagena("import-nr5", str(BCH / f"{name}-nr5.json"), "--regions", str(PARTIES), "--as-of", "2026-02-28", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8")), result.stderr


def _statuses(profile: dict[str, Any], engine: str, goals: tuple[str, ...]) -> dict[str, str]:
    return {rule: f.status for rule, f in findings_for(profile, engine).items() if rule.split("/")[0] in goals}


def test_a_party_to_the_supplementary_protocol_with_measures_partially_in_place_has_an_a10_gap(tmp_path: Path, engine: str) -> None:
    profile, stderr = _import("xa", tmp_path)
    assert profile["party"] == {"name": "Republic of Aaland", "code": "XAA", "as_of": "2026-02-28", "region": "Africa",
                                "supplementary_protocol": {"status": "party"}}
    assert profile["liability_and_redress"]["measures"] == {"answer": "implementation.partiallyInPlace"}  # FAA03A2A-...
    assert profile["liability_and_redress"]["instruments"] == {"answer": ["instrument.nationalLaws"]}  # 6BAF09B7-...
    assert _statuses(profile, engine, ("A.10",)) == {
        "A.10/party-to-supplementary-protocol": "met",
        "A.10/process-towards-joining": "not_applicable",
        "A.10/implementing-measures": "gap",
        "A.10/response-measures": "met",
        "A.10/competent-authority": "met",
        "A.10/financial-security": "gap",
        "A.10/reports-on-implementation": "met",  # question 160 answered: it reports
        # question 162(b) "No": Article 5.3 of the Supplementary Protocol, checked since issue 23
        "A.10/response-measures-imminent-damage": "gap",
    }
    # question 98 "only one competent national authority", 102(d) "available and in the BCH"
    a1 = _statuses(profile, engine, ("A.1",))
    assert {rule: a1[rule] for rule in ("A.1/national-focal-point", "A.1/competent-national-authority", "A.1/authorities-notified",
                                        "A.1/emergency-contact-point", "A.1/authorities-coordination")} == {
        "A.1/national-focal-point": "met", "A.1/competent-national-authority": "met", "A.1/authorities-notified": "met",
        "A.1/emergency-contact-point": "met", "A.1/authorities-coordination": "not_applicable"}
    # the free text and numbers of the BCH's shape are read, and reported as not imported
    for line in ("/Q013 (NR5 question 13): free text; a profile keeps evidence, not free text",
                 "/Q026_adq (NR5 follow-up to question 26): no profile declaration models this question",
                 "/Q027/0/additionalInformation (NR5 question 27): free text beside the answer",
                 "/Q167/additionalInformation (NR5 question 167): free text beside the answer"):
        assert line in stderr


def test_a_party_not_in_the_supplementary_protocol_with_a_process_towards_it(tmp_path: Path, engine: str) -> None:
    profile, stderr = _import("xb", tmp_path)
    assert profile["party"]["supplementary_protocol"] == {"status": "neither", "process_towards_joining": "true"}
    assert "/Q159: note: question 159 asks only whether the Party is a Party to the Supplementary Protocol; imported as `neither`" in stderr
    statuses = _statuses(profile, engine, ("A.10", "A.1"))
    assert statuses["A.10/party-to-supplementary-protocol"] == "gap"
    assert statuses["A.10/process-towards-joining"] == "met"
    assert statuses["A.10/implementing-measures"] == "not_applicable"
    # question 98 "no competent national authority": a gap, not "not declared"; 102(d) "available but
    # not in the BCH": the emergency contacts are not in the BCH
    assert statuses["A.1/competent-national-authority"] == "gap"
    assert statuses["A.1/national-focal-point"] == "met"
    assert statuses["A.1/emergency-contact-point"] == "gap"
    assert statuses["A.1/authorities-notified"] == "not_declared"  # "not in the BCH" does not say it was not notified


def test_a_party_with_every_supplementary_protocol_measure_in_place(tmp_path: Path, engine: str) -> None:
    profile, _ = _import("xc", tmp_path)
    assert profile["liability_and_redress"]["instruments"] == {"answer": ["instrument.nationalLaws", "instrument.nationalRegulations"]}
    assert set(_statuses(profile, engine, ("A.10",)).values()) == {"met", "not_applicable"}
    assert _statuses(profile, engine, ("A.10",))["A.10/process-towards-joining"] == "not_applicable"


def test_a_folder_of_reports_gives_one_profile_each_a_summary_and_the_regions(tmp_path: Path) -> None:
    out = tmp_path / "profiles"
    report = tmp_path / "import.json"
    result = cartagena("import-nr5", str(BCH), "-o", str(out), "--regions", str(PARTIES), "--as-of", "2026-02-28", "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["xaa-nr5.json", "xab-nr5.json", "xac-nr5.json"]
    rows = result.stdout.splitlines()
    assert rows[0].split() == ["report", "Party", "cycle", "profile", "parts", "imported", "not", "imported"]
    assert [row.split()[1:3] for row in rows[1:]] == [["XAA", "NR5"], ["XAB", "NR5"], ["XAC", "NR5"]]
    data = json.loads(report.read_text(encoding="utf-8"))
    for entry in data["reports"]:
        assert entry["parts"] == entry["imported"] + entry["not_imported"] == len(entry["outcomes"])
    # the regions make indicators --by region work on the imported profiles
    by_region = json.loads(cartagena("indicators", str(out), "--by", "region", "--format", "json").stdout)
    regions = {r["region"] for item in by_region["indicators"] for r in item.get("regions", [])}
    assert {"Africa", "Latin America and the Caribbean"} <= regions
    # never overwritten without --force: nothing written at all
    again = cartagena("import-nr5", str(BCH), "-o", str(out), "--regions", str(PARTIES))
    assert again.returncode == 2 and "already exists; not overwritten (use --force)" in again.stderr
    assert cartagena("import-nr5", str(BCH), "-o", str(out), "--regions", str(PARTIES), "--force").returncode == 0


def test_a_folder_with_a_bad_report_imports_the_others_and_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_bytes((BCH / "xa-nr5.json").read_bytes())
    (folder / "bom.json").write_bytes(b"\xef\xbb\xbf" + (BCH / "xc-nr5.json").read_bytes())
    (folder / "deep.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    (folder / "twice.json").write_text('{"header": {"schema": "cpbNationalReport5"}, "Q007": {"value": "implementation.none"}, "Q007": {"value": "implementation.fullInPlace"}}', encoding="utf-8")
    result = cartagena("import-nr5", str(folder), "-o", str(tmp_path / "out"), "--regions", str(PARTIES))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "not imported)" not in line and "note:" not in line]
    assert len(errors) == 3 and all(line.startswith("cartagena import-nr5: ") for line in errors)
    assert "byte order mark" in result.stderr and "nest" in result.stderr and "duplicate" in result.stderr.lower()
    assert "Traceback" not in result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["xaa-nr5.json"]


def test_the_strict_reader_bounds_a_single_report(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"header": {"schema": "cpbNationalReport5"}, "Q013": {"value": {"en": "' + "x" * (6 * 1024 * 1024) + '"}}}', encoding="utf-8")
    result = cartagena("import-nr5", str(big))
    assert result.returncode == 2 and "larger than the limit" in result.stderr and result.stderr.count("\n") == 1


def test_a_two_letter_code_without_a_table_asks_for_one(tmp_path: Path) -> None:
    result = cartagena("import-nr5", str(BCH / "xa-nr5.json"))
    assert result.returncode == 2
    assert "/government/identifier: no alpha-3 code known for it; give --code (or a --regions table)" in result.stderr


def test_export_writes_the_bch_shapes() -> None:
    profile = json.loads((PROFILES[0].parent / "examplia-everything-in-place.json").read_text(encoding="utf-8"))
    document = write_document(profile, "fr")
    assert document["header"] == {"schema": "cpbNationalReport5", "languages": ["fr"]}  # as the BCH's form starts a record
    assert document["Q159"] == {"value": "true"}
    assert document["Q160"] == {"value": "74B17D51-786F-3D68-3B76-A50121842925"}
    assert all(item["value"] in {"6BAF09B7-6331-04E6-479D-C1C1B0D55ECD", "0D3A9BB1-B378-174D-F4DD-1217D79D8B21",
                                 "BA743C79-B202-4611-16C4-2C7D4678ACEB", "9067DB5B-E33B-655D-83A3-32D4D562618F"} for item in document["Q161"])
    assert set(document["Q013"]) == {"value"} and set(document["Q013"]["value"]) == {"fr"}  # free text as the NR5 form binds it


def _without_positions(findings: dict[str, Any]) -> dict[str, tuple[str, list[Any]]]:
    return {rule: (f.status, [(e.pointer, e.value) for e in f.evidence]) for rule, f in findings.items()}


def _fullest() -> dict[str, Any]:
    """Examplia with every bound declaration given and every Supplementary Protocol fact."""
    from engine.nr5.mapping import _codes, _model_at

    profile = json.loads((PROFILES[0].parent / "examplia-everything-in-place.json").read_text(encoding="utf-8"))
    for binding in bindings():
        node = profile
        for part in binding.path:
            node = node.setdefault(part, {})
        if binding.attribute not in node:
            codes, multiple = _codes(_model_at(binding.path).model_fields[binding.attribute].annotation)  # type: ignore[misc]
            first = sorted(codes)[0]
            node[binding.attribute] = [first] if multiple else first
        for name, info in _model_at(binding.path).model_fields.items():
            if info.is_required() and name not in node:
                codes = _codes(info.annotation)
                node[name] = sorted(codes[0])[0] if codes else "x"
    return profile


@pytest.mark.parametrize("path", [*PROFILES, "fullest"], ids=lambda p: getattr(p, "stem", p))
def test_profile_export_import_gives_the_same_findings(path: Any, engine: str) -> None:
    profile = _fullest() if path == "fullest" else json.loads(Path(path).read_text(encoding="utf-8"))
    profile.pop("$schema", None)
    back = to_profile(read_document(json.loads(json.dumps(write_document(profile)))))
    assert back == merged(back, profile) and merged(profile, back) == profile  # the same profile, key order aside
    assert _without_positions(findings_for(back, engine)) == _without_positions(findings_for(profile, engine))


@pytest.mark.parametrize("name", ["xa", "xb", "xc"])
def test_an_nr5_document_imported_and_exported_keeps_every_answer_the_profile_models(name: str) -> None:
    original = json.loads((BCH / f"{name}-nr5.json").read_text(encoding="utf-8"))
    imported = read_document(original)
    again = write_document(to_profile(imported, code="XLU", as_of="2026-02-28"))
    modelled = {b.key for b in bindings()}
    kept = {o.key for o in imported.outcomes if o.imported and o.key in modelled}
    assert kept == modelled & set(original)
    for key in kept:
        expected = original[key]
        if isinstance(expected, list):
            expected = [{"value": item["value"]} for item in expected]  # the text beside a choice is reported, not kept
        else:
            expected = {"value": expected["value"]}
        assert json.dumps(again[key], sort_keys=True) == json.dumps(expected, sort_keys=True), key


def test_the_report_file_is_valid_against_its_schema_and_in_the_language_asked(tmp_path: Path) -> None:
    import jsonschema

    folder = tmp_path / "in"
    folder.mkdir()
    for path in [*BCH.glob("*.json"), FIXTURES / "xlu-fourth-report.json"]:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.json").write_text("{", encoding="utf-8")
    report = tmp_path / "import.json"
    result = cartagena("import-nr5", str(folder), "-o", str(tmp_path / "out"), "--regions", str(PARTIES), "--report", str(report), "--lang", "fr")
    assert result.returncode == 2
    data = json.loads(report.read_text(encoding="utf-8"))
    schema = json.loads((Path(__file__).parent.parent / "rules" / "schema" / "import-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert data["lang"] == "fr" and [r["cycle"] for r in data["reports"]] == ["nr5", "nr5", "nr5", "nr4"]
    assert [i["file"] for i in data["invalid"]] == [str(folder / "broken.json")]
    french = next(o["reason"] for r in data["reports"] for o in r["outcomes"] if o["pointer"] == "/Q013")
    assert french != "free text; a profile keeps evidence, not free text"  # the French words


def test_the_not_declared_hint_gives_the_fields_codes_where_the_bch_spells_them_otherwise() -> None:
    text = " ".join(cartagena("check", "profiles/demoland-almost-nothing-declared.json", "--fail-on", "none").stdout.split())
    assert ("The profile's national_biosafety_framework.emergency_contact_point.answer: true = Information available and in the BCH; "
            "false = Information available but not in the BCH.") in text
    assert "The profile's liability_and_redress.measures.answer: implementation.fullInPlace = National measures are fully in place;" in text
    assert "Answers: true.availableOnBch = Information available and in the BCH;" in text  # the BCH category's own field
    markdown = cartagena("check", "profiles/demoland-almost-nothing-declared.json", "--fail-on", "none", "--format", "markdown").stdout
    assert "The profile's `national_biosafety_framework.emergency_contact_point.answer`: `true` = Information available and in the BCH" in markdown


def test_region_for_every_report_and_a_bad_regions_table(tmp_path: Path) -> None:
    result = cartagena("import-nr5", str(BCH / "xa-nr5.json"), "--code", "XAA", "--region", "Asia-Pacific", "--as-of", "2026-02-28")
    assert result.returncode == 0 and json.loads(result.stdout)["party"]["region"] == "Asia-Pacific"
    table = tmp_path / "parties.csv"
    table.write_text("identifier,code,name,region\nxa,XAA,Aaland,Oceania\n", encoding="utf-8")
    bad = cartagena("import-nr5", str(BCH / "xa-nr5.json"), "--regions", str(table))
    assert bad.returncode == 2 and bad.stderr == (
        f"cartagena import-nr5: {table}:2: xa: region 'Oceania' is not one of: Africa, Asia-Pacific, Central and Eastern Europe, "
        "Latin America and the Caribbean, Western Europe and others\n")
    table.write_bytes(b"\xef\xbb\xbfidentifier,code,name,region\n")
    assert "byte order mark" in cartagena("import-nr5", str(BCH / "xa-nr5.json"), "--regions", str(table)).stderr
