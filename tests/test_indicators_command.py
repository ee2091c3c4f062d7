"""`cartagena indicators` over a generated set of profiles whose expected figures this test works
out on its own, from the profiles' fields and the wording of the rules (never by calling the code
under test): denominators, not declared, excluded, duplicates (latest as_of counts) and regions."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.clirun import ROOT, cartagena

REGIONS = ["Africa", "Asia-Pacific", "Central and Eastern Europe", "Latin America and the Caribbean", "Western Europe and others"]
FALLBACK = "cartagena indicators: using the pure-Python engine:"


def _code(index: int) -> str:
    return "X" + chr(65 + index // 26) + chr(65 + index % 26)


def _profile(code: str, as_of: str, sp: str | None, eligible: bool | None, star: str | None, region: str | None) -> dict[str, Any]:
    party: dict[str, Any] = {"name": f"Party {code}", "code": code, "as_of": as_of}
    if sp is not None:
        party["supplementary_protocol"] = {"status": sp}
    if eligible is not None:
        party["gef_star_eligible"] = eligible
    if region is not None:
        party["region"] = region
    profile: dict[str, Any] = {"party": party}
    if star is not None:
        profile["resources"] = {"star_used_for_biosafety": {"answer": star}}
    return profile


def _expected_a10a(p: dict[str, Any]) -> str:
    """A.10(a): counts a Party to the Supplementary Protocol among all Parties; no status = not declared."""
    status = p["party"].get("supplementary_protocol", {}).get("status")
    return "not_declared" if status is None else ("numerator" if status == "party" else "not_counted")


def _expected_b2b(p: dict[str, Any]) -> str:
    """B.2(b): among eligible Parties only; STAR answered "not applicable" is outside the denominator."""
    eligible = p["party"].get("gef_star_eligible")
    star = p.get("resources", {}).get("star_used_for_biosafety", {}).get("answer")
    if eligible is None:
        return "not_declared"
    if eligible is False or star == "false.na":
        return "excluded"
    if star is None:
        return "not_declared"
    return "numerator" if star == "true" else "not_counted"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """60 Parties, random declarations; 12 of them with an older profile that must not count."""
    rng = random.Random(11)
    folder = tmp_path_factory.mktemp("profiles")
    latest: dict[str, dict[str, Any]] = {}

    def draw(code: str, as_of: str) -> dict[str, Any]:
        return _profile(
            code, as_of,
            rng.choice([None, "party", "signatory", "neither"]),
            rng.choice([None, True, False]),
            rng.choice([None, "true", "false", "false.na"]),
            rng.choice([None, *REGIONS]),
        )

    for index in range(60):
        code = _code(index)
        latest[code] = profile = draw(code, "2026-03-31")
        (folder / f"p{index:03d}.json").write_text(json.dumps(profile), encoding="utf-8")
        if index % 5 == 0:  # an older declaration of the same Party, in a file that sorts later
            (folder / f"z{index:03d}-old.json").write_text(json.dumps(draw(code, "2024-01-15")), encoding="utf-8")
    return folder, latest


def _groups(latest: dict[str, dict[str, Any]], decide: Any, region: str | None = "*") -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {"numerator": [], "not_counted": [], "not_declared": [], "excluded": []}
    for code in sorted(latest):
        profile = latest[code]
        if region != "*" and profile["party"].get("region", "no region declared") != region:
            continue
        groups[decide(profile)].append(code)
    return groups


def _check(entry: dict[str, Any], groups: dict[str, list[str]]) -> None:
    denominator = sorted(groups["numerator"] + groups["not_counted"])
    assert entry["parties"] == {
        "numerator": groups["numerator"], "denominator": denominator,
        "not_declared": groups["not_declared"], "excluded": groups["excluded"],
    }
    assert (entry["numerator"], entry["denominator"]) == (len(groups["numerator"]), len(denominator))
    assert (entry["not_declared"], entry["excluded"]) == (len(groups["not_declared"]), len(groups["excluded"]))
    if denominator:
        # half up to one decimal, computed here with integers
        tenths = (len(groups["numerator"]) * 2000 + len(denominator)) // (2 * len(denominator))
        assert entry["percentage"] == tenths / 10
    else:
        assert entry["percentage"] is None


def _run(*args: str) -> tuple[int, dict[str, Any]]:
    result = cartagena("indicators", *args, "--format", "json")
    assert [line for line in result.stderr.splitlines() if not line.startswith(FALLBACK)] == []
    return result.returncode, json.loads(result.stdout)


def test_figures_match_the_independent_count(generated: Any) -> None:
    folder, latest = generated
    code, out = _run(str(folder), "--by", "region")
    assert code == 0
    assert (out["profiles"], out["parties"]) == (72, 60)
    entries = {entry["id"]: entry for entry in out["indicators"]}
    for indicator, decide in (("A.10(a)", _expected_a10a), ("B.2(b)", _expected_b2b)):
        _check(entries[indicator], _groups(latest, decide))
        regions = {r["region"]: r for r in entries[indicator]["regions"]}
        present = {p["party"].get("region", "no region declared") for p in latest.values()}
        assert set(regions) == present
        for region, figures in regions.items():
            _check(figures, _groups(latest, decide, region))
    # the duplicates: every older profile is named as superseded by the latest one
    assert [(s["code"], s["as_of"], s["superseded_by_as_of"]) for s in out["superseded"]] == [
        (_code(i), "2024-01-15", "2026-03-31") for i in range(0, 60, 5)
    ]
    assert "latest as_of counts" in out["duplicates"]


def test_every_indicator_of_the_catalog_once(generated: Any) -> None:
    code, out = _run(str(ROOT / "profiles"))
    assert code == 0
    catalog_ids = []
    for path in sorted((ROOT / "rules" / "catalog" / "goals").glob("*.yaml")):
        catalog_ids += [ind["id"] for ind in yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]]
    assert sorted(entry["id"] for entry in out["indicators"]) == sorted(catalog_ids)
    for entry in out["indicators"]:
        assert ("not_computable" in entry) is (not entry["computable"])
        if entry["computable"]:
            assert isinstance(entry["numerator"], int) and isinstance(entry["denominator"], int)
    assert {e["id"] for e in out["indicators"] if not e["computable"]} >= {"A.2(c)", "A.4(b)", "A.5(b)", "A.6(a)"}


def test_compare_gives_points_and_who_moved(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    for index, (before, after) in enumerate([("neither", "party"), ("party", "party"), ("party", "signatory"), ("signatory", "party")]):
        code = _code(index)
        (old / f"{code}.json").write_text(json.dumps(_profile(code, "2022-01-01", before, None, None, None)), encoding="utf-8")
        (new / f"{code}.json").write_text(json.dumps(_profile(code, "2026-01-01", after, None, None, None)), encoding="utf-8")
    code, out = _run(str(new), "--compare", str(old))
    assert code == 0
    entry = next(e for e in out["indicators"] if e["id"] == "A.10(a)")
    assert entry["compare"] == {
        "parties": 4, "old_numerator": 2, "old_denominator": 4, "old_percentage": 50.0,
        "numerator": 3, "denominator": 4, "percentage": 75.0,
        "percentage_points": 25.0, "moved_in": ["XAA", "XAD"], "moved_out": ["XAC"],
    }
    assert out["compared"] == {"parties": ["XAA", "XAB", "XAC", "XAD"], "only_new": [], "only_old": []}


def test_compare_compares_the_parties_in_both_sets_and_names_the_others(tmp_path: Path) -> None:
    # XAA and XAB in both; XAC has no report in the later set (not "moved out"); XAD is new (not
    # "moved in"): a change over two different sets of Parties would be 50% -> 67%, not 50% -> 50%
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    for code, before, after in (("XAA", "party", "party"), ("XAB", "neither", "neither"), ("XAC", "party", None), ("XAD", None, "party")):
        if before:
            (old / f"{code}.json").write_text(json.dumps(_profile(code, "2022-01-01", before, None, None, None)), encoding="utf-8")
        if after:
            (new / f"{code}.json").write_text(json.dumps(_profile(code, "2026-01-01", after, None, None, None)), encoding="utf-8")
    code, out = _run(str(new), "--compare", str(old))
    assert code == 0
    entry = next(e for e in out["indicators"] if e["id"] == "A.10(a)")
    assert entry["percentage"] == 66.7  # the later set as a whole
    assert {k: entry["compare"][k] for k in ("parties", "old_percentage", "percentage", "percentage_points", "moved_in", "moved_out")} == {
        "parties": 2, "old_percentage": 50.0, "percentage": 50.0, "percentage_points": 0.0, "moved_in": [], "moved_out": []}
    assert out["compared"] == {"parties": ["XAA", "XAB"], "only_new": ["XAD"], "only_old": ["XAC"]}
    text = cartagena("indicators", str(new), "--compare", str(old)).stdout
    markdown = cartagena("indicators", str(new), "--compare", str(old), "--format", "markdown").stdout
    html = cartagena("indicators", str(new), "--compare", str(old), "--format", "html").stdout
    for output in (text, markdown, html):
        assert "Compared with the earlier set: the 2 Parties present in both sets." in output
        assert "Only in this set, not compared: XAD" in output and "Only in the earlier set, not compared: XAC" in output
    assert "among the 2 Parties in both sets: 50.0% then, 50.0% now, change +0.0 points" in text
    rows = {row["indicator"]: row for row in csv.DictReader(io.StringIO(cartagena("indicators", str(new), "--compare", str(old), "--format", "csv").stdout))}
    assert (rows["A.10(a)"]["compared_parties"], rows["A.10(a)"]["only_in_this_set"], rows["A.10(a)"]["only_in_earlier_set"]) == ("XAA XAB", "XAD", "XAC")


def test_csv_lists_the_parties_and_output_is_deterministic(generated: Any) -> None:
    folder, latest = generated
    first = cartagena("indicators", str(folder), "--format", "csv")
    second = cartagena("indicators", str(folder), "--format", "csv")
    assert first.returncode == 0 and first.stdout == second.stdout
    rows = {row["indicator"]: row for row in csv.DictReader(io.StringIO(first.stdout)) if not row["region"]}
    groups = _groups(latest, _expected_a10a)
    assert rows["A.10(a)"]["numerator_parties"].split() == groups["numerator"]
    assert rows["A.10(a)"]["not_declared_parties"].split() == groups["not_declared"]
    assert rows["A.2(c)"]["computable"] == "false" and rows["A.2(c)"]["not_computable"]


def test_invalid_profile_is_reported_and_the_rest_still_count(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(json.dumps(_profile("XAA", "2026-01-01", "party", None, None, None)), encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"party": {"name": "B", "code": "bad", "as_of": "2026-01-01"}}', encoding="utf-8")
    result = cartagena("indicators", str(tmp_path), "--format", "json")
    assert result.returncode == 2
    out = json.loads(result.stdout)
    assert out["parties"] == 1 and len(out["invalid"]) == 1 and "bad.json" in out["invalid"][0]
    assert any(line.startswith("cartagena indicators: invalid, left out: ") and "/party/code" in line for line in result.stderr.splitlines())


def test_the_definitions_file_matches_its_schema() -> None:
    schema = json.loads((ROOT / "rules" / "schema" / "indicators.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load((ROOT / "rules" / "catalog" / "indicators.yaml").read_text(encoding="utf-8")), schema)


def test_broken_definitions_exit_3_naming_file_and_id(tmp_path: Path) -> None:
    from engine.commands.check import load_rules_and_catalog
    from engine.indicators.definitions import IndicatorFileError, load_definitions

    catalog, rulebook = load_rules_and_catalog()
    source = yaml.safe_load((ROOT / "rules" / "catalog" / "indicators.yaml").read_text(encoding="utf-8"))
    entries = source["indicators"]
    entries[0]["counts"] = {"all_of": ["A.1/no-such-rule"]}
    entries.append(dict(entries[1]))  # A.1(b) twice
    del entries[2]  # A.1(c) gone
    entries[3]["denominator"] = {"parties": "x", "within": {"field": "party.no_such_field", "equals": True}}
    broken = tmp_path / "indicators.yaml"
    broken.write_text(yaml.safe_dump(source), encoding="utf-8")
    with pytest.raises(IndicatorFileError) as caught:
        load_definitions(catalog, rulebook, broken)
    problems = caught.value.problems
    assert any(p.endswith("A.1(a): counts: rule 'A.1/no-such-rule' does not exist") for p in problems)
    assert any(p.endswith("A.1(b): defined more than once") for p in problems)
    assert any(p.endswith("A.1(c): an indicator of the catalog has no definition (counts, or not_computable)") for p in problems)
    assert any(": A.2(a): " in p and "no_such_field" in p for p in problems)


def test_json_output_matches_its_schema(generated: Any) -> None:
    folder, _ = generated
    schema = json.loads((ROOT / "rules" / "schema" / "indicators-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for args in ((), ("--by", "region"), ("--compare", str(ROOT / "profiles"))):
        _, out = _run(str(folder), *args)
        jsonschema.validate(out, schema)
    _, out = _run(str(folder))
    del out["indicators"][0]["numerator"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(out, schema)


def test_text_and_markdown_say_what_was_left_out(generated: Any) -> None:
    folder, latest = generated
    text = cartagena("indicators", str(folder)).stdout
    assert "72 profiles of 60 Parties." in text
    assert "Duplicates: when several profiles share a Party code, the latest as_of counts" in " ".join(text.split())
    assert text.count("superseded by") == 12
    groups = _groups(latest, _expected_a10a)
    n, d = len(groups["numerator"]), len(groups["numerator"]) + len(groups["not_counted"])
    tenths = (n * 2000 + d) // (2 * d)
    assert f"{tenths / 10:.1f}% ({n} of {d} Parties); not declared: {len(groups['not_declared'])}; excluded: 0" in text
    markdown = cartagena("indicators", str(folder), "--format", "markdown").stdout
    assert f"| A.10(a) | Percentage of Parties to the Cartagena Protocol that have become Parties to the Supplementary Protocol | Parties to the Cartagena Protocol | {tenths / 10:.1f}% | {n} | {d} | {len(groups['not_declared'])} | 0 |" in markdown
