"""`cartagena diff OLD NEW`: hand-made pairs of cycles with the exact changes, lines and exit codes
expected; the JSON validated against rules/schema/diff-report.schema.json; the HTML escaped."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from engine.diff import change_kind
from engine.paths import DIFF_SCHEMA_PATH
from engine.reporters.escaping import markdown_text
from tests.clirun import cartagena

BASE = Path(__file__).resolve().parent.parent / "profiles" / "sampleland-no-competent-national-authority.json"
FALLBACK = "cartagena diff: using the pure-Python engine: "


def sampleland() -> dict[str, Any]:
    data = json.loads(BASE.read_text(encoding="utf-8"))
    data.pop("$schema")
    return data


def cycles() -> tuple[dict[str, Any], dict[str, Any]]:
    """Sampleland in two cycles: from OLD to NEW one gap closes (institutional capacity), one gap is
    new (authorities notified), one declaration is new (mainstreaming), one is lost (emergency contact)."""
    old, new = sampleland(), sampleland()
    old["party"]["as_of"] = "2026-02-28"
    old["national_biosafety_framework"]["cna_institutional_capacity"] = {"answer": "false"}
    new["national_biosafety_framework"]["cna_institutional_capacity"] = {"answer": "true"}
    old["national_biosafety_framework"]["authorities_notified_to_secretariat"] = {"answer": "true"}
    new["national_biosafety_framework"]["authorities_notified_to_secretariat"] = {"answer": "false"}
    del old["national_biosafety_framework"]["mainstreaming"]
    del new["national_biosafety_framework"]["emergency_contact_point"]
    return old, new


def write(path: Path, data: dict[str, Any]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return str(path)


def diff(*args: str) -> Any:
    return cartagena("diff", *args, "--engine", "python")


def body(result: Any) -> list[str]:
    """stdout without the provenance line (it holds the version and the rules' hash)."""
    return [line for line in result.stdout.splitlines() if not line.startswith("cartagena-compliance ")]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    old, new = cycles()
    return write(tmp_path / "old" / "xsa.json", old), write(tmp_path / "new" / "xsa.json", new)


def test_closed_new_gap_newly_and_no_longer_declared_in_text(pair: tuple[str, str]) -> None:
    old, new = pair
    result = diff(old, new)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert body(result) == [
        "Changes between reporting cycles",
        f"OLD {old} (profiles, 1 profile) -> NEW {new} (profiles, 1 profile)",
        "",
        "Federation of Sampleland (XSA), as of 2026-02-28 -> 2026-03-31",
        "==============================================================",
        "Goal A.1: Parties have in place functional national biosafety frameworks",
        "  newly declared     A.1/mainstreaming: not declared -> met [commitment under the plan]",
        "  new gap            A.1/authorities-notified: met -> gap [obligation under the Cartagena Protocol]  FAILS",
        "  no longer declared A.1/emergency-contact-point: met -> not declared [obligation under the Cartagena Protocol]",
        "  gap closed         A.1/institutional-capacity: gap -> met [commitment under the plan]",
        "1 new gap, 1 gap closed, 1 newly declared, 1 no longer declared, 0 other changes; 110 unchanged",
        "",
        "Compared 1 Party: 1 new gap, 1 gap closed, 1 newly declared, 1 no longer declared, 0 other changes; "
        "1 change failing (new gaps at --fail-on obligation, declarations lost at --require-declared none)",
    ]


def test_the_gate_follows_fail_on_and_require_declared(pair: tuple[str, str]) -> None:
    old, new = pair
    assert diff(old, new, "--fail-on", "none").returncode == 0
    assert diff(old, new, "--fail-on", "commitment").returncode == 1
    # the emergency contact point is an obligation of Article 17.2 (issue 23; it was a commitment): losing
    # its declaration fails the obligation gate
    lost = diff(old, new, "--fail-on", "none", "--require-declared", "obligation")
    assert lost.returncode == 1
    assert "  no longer declared A.1/emergency-contact-point: met -> not declared [obligation under the Cartagena Protocol]  FAILS" in body(lost)
    assert diff(old, new, "--fail-on", "none", "--require-declared", "commitment").returncode == 1
    # OLD -> OLD: nothing changed, nothing fails
    same = diff(old, old)
    assert same.returncode == 0
    assert "No change." in body(same)


def test_markdown_lists_every_change_with_its_rule_title(pair: tuple[str, str]) -> None:
    old, new = pair
    result = diff(old, new, "--format", "markdown")
    assert result.returncode == 1
    md = markdown_text
    assert (
        f"| new gap | `A.1/authorities-notified` {md('The Secretariat has been notified of the national focal point and competent national authorities')} "
        f"| {md('met -> gap [obligation under the Cartagena Protocol]')} | **yes** |"
    ) in result.stdout
    assert (
        f"| gap closed | `A.1/institutional-capacity` {md('The competent national authorities have adequate institutional capacity')} "
        f"| {md('gap -> met [commitment under the plan]')} | no |"
    ) in result.stdout
    assert f"## {md('Federation of Sampleland (XSA), as of 2026-02-28 -> 2026-03-31')}" in result.stdout


def test_every_format_makes_profile_text_inert(tmp_path: Path) -> None:
    old, new = cycles()
    for data in (old, new):
        data["party"]["name"] = "# Evil | *bold* \x1b[31mred"
    files = write(tmp_path / "o.json", old), write(tmp_path / "n.json", new)
    assert "\x1b" not in diff(*files).stdout and "\\u001b[31mred" in diff(*files).stdout
    assert "## \\# Evil \\| \\*bold\\* " in diff(*files, "--format", "markdown").stdout


def test_json_is_valid_against_its_schema_and_byte_identical(pair: tuple[str, str]) -> None:
    old, new = pair
    first, second = diff(old, new, "--format", "json"), diff(old, new, "--format", "json")
    assert first.stdout == second.stdout
    report = json.loads(first.stdout)
    jsonschema.Draft202012Validator(json.loads(DIFF_SCHEMA_PATH.read_text(encoding="utf-8"))).validate(report)
    changes = [(change["rule"], change["kind"], change["from"], change["to"], change["failing"]) for goal in report["parties"][0]["goals"] for change in goal["changes"]]
    assert changes == [
        ("A.1/mainstreaming", "newly_declared", "not_declared", "met", False),
        ("A.1/authorities-notified", "new_gap", "met", "gap", True),
        ("A.1/emergency-contact-point", "no_longer_declared", "met", "not_declared", False),
        ("A.1/institutional-capacity", "gap_closed", "gap", "met", False),
    ]
    assert report["summary"] == {
        "parties_compared": 1, "new_gap": 1, "gap_closed": 1, "newly_declared": 1, "no_longer_declared": 1, "changed": 0, "failing": 1,
    }


def test_mismatched_parties_are_one_line_and_exit_2(tmp_path: Path) -> None:
    old, new = cycles()
    new["party"]["code"], new["party"]["name"] = "XEA", "Republic of Examplia"
    old_file, new_file = write(tmp_path / "old.json", old), write(tmp_path / "new.json", new)
    result = diff(old_file, new_file)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{new_file}: not the same Party: OLD {old_file} is Federation of Sampleland (XSA), NEW is Republic of Examplia (XEA)"
    ]
    assert "Compared 0 Parties" in result.stdout


def test_a_new_older_than_old_is_one_line_and_exit_2(pair: tuple[str, str]) -> None:
    old, new = pair
    result = diff(new, old)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{old}: NEW is older than OLD: XSA as of 2026-02-28 in NEW, 2026-03-31 in OLD {new} (are OLD and NEW swapped?)"
    ]


def test_a_baseline_report_is_compared_and_its_other_rules_are_said(pair: tuple[str, str], tmp_path: Path) -> None:
    old, new = pair
    saved = cartagena("check", old, "--format", "json", "--fail-on", "none", "--engine", "python")
    assert saved.returncode == 0, saved.stderr
    baseline = tmp_path / "baseline.json"
    baseline.write_text(saved.stdout, encoding="utf-8")
    same_rules = diff(str(baseline), new)
    assert same_rules.returncode == 1 and same_rules.stderr == ""
    assert body(same_rules)[1] == f"OLD {baseline} (saved report, 1 profile) -> NEW {new} (profiles, 1 profile)"
    assert "  new gap            A.1/authorities-notified: met -> gap [obligation under the Cartagena Protocol]  FAILS" in body(same_rules)

    report = json.loads(saved.stdout)
    current = report["rules"]["sha256"]
    report["rules"]["sha256"] = "0" * 64
    report["profiles"][0]["findings"] = [f for f in report["profiles"][0]["findings"] if f["rule"] != "A.1/authorities-notified"]
    other = tmp_path / "other-rules.json"
    other.write_text(json.dumps(report), encoding="utf-8")
    result = diff(str(other), new)
    assert result.returncode == 1  # a rule the baseline lacks: its gap is new, and fails
    assert result.stderr.splitlines() == [
        f"cartagena diff: {other}: the report was made with other rules (rules.sha256 {'0' * 64}, current {current}); compared rule by rule"
    ]
    assert "  new gap            A.1/authorities-notified: (not in OLD) -> gap [obligation under the Cartagena Protocol]  FAILS" in body(result)


def test_folders_are_matched_by_party_code(tmp_path: Path) -> None:
    old, new = cycles()
    other = sampleland()
    other["party"]["code"], other["party"]["name"] = "XOT", "Otherland"
    write(tmp_path / "old" / "a.json", old)
    write(tmp_path / "old" / "gone.json", other)
    write(tmp_path / "new" / "z.json", new)
    joined = copy.deepcopy(other)
    joined["party"]["code"], joined["party"]["name"] = "XJN", "Joinedland"
    write(tmp_path / "new" / "joined.json", joined)
    result = diff(str(tmp_path / "old"), str(tmp_path / "new"))
    assert result.returncode == 1
    lines = body(result)
    assert "Joinedland (XJN), as of 2026-03-31, only in NEW (its gaps are new)" in lines
    assert f"Only in OLD, not compared: Otherland (XOT), as of 2026-03-31, {tmp_path / 'old' / 'gone.json'}" in lines
    assert "Federation of Sampleland (XSA), as of 2026-02-28 -> 2026-03-31" in lines
    assert lines[-1].startswith("Compared 2 Parties: 5 new gaps, 1 gap closed")


def test_html_is_self_contained_and_escapes_profile_text(pair: tuple[str, str], tmp_path: Path) -> None:
    old, new = cycles()
    for data in (old, new):
        data["party"]["name"] = "<script>alert(1)</script> & Co"
    result = diff(write(tmp_path / "o.json", old), write(tmp_path / "n.json", new), "--format", "html")
    assert result.returncode == 1
    assert "<script>" not in result.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co (XSA)" in result.stdout
    assert "http://" not in result.stdout and "https://" not in result.stdout and "src=" not in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ("met", "gap", "new_gap"),
        ("not_declared", "gap", "new_gap"),
        (None, "gap", "new_gap"),
        ("waived", "gap", "new_gap"),
        ("gap", "met", "gap_closed"),
        ("waived", "not_applicable", "gap_closed"),
        ("not_declared", "met", "newly_declared"),
        ("gap", "not_declared", "no_longer_declared"),
        ("gap", "waived", "changed"),
        ("met", "not_applicable", "changed"),
        ("met", None, "changed"),
        ("met", "met", None),
    ],
)
def test_each_change_has_one_kind(old: str | None, new: str | None, kind: str | None) -> None:
    assert change_kind(old, new) == kind


def test_a_waived_new_gap_is_no_regression(pair: tuple[str, str], tmp_path: Path) -> None:
    old, new = pair
    waivers = tmp_path / "waivers.json"
    waivers.write_text(
        json.dumps({"waivers": [{"rule": "A.1/authorities-notified", "party": "XSA", "reason": "Notification is under way.",
                                 "approved_by": "Compliance Committee", "approved_on": "2026-04-01", "expires": "2027-04-01"}]}),
        encoding="utf-8",
    )
    result = cartagena("diff", old, new, "--engine", "python", "--waivers", str(waivers), "--format", "json", env={"SOURCE_DATE_EPOCH": "1796000000"})
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(json.loads(DIFF_SCHEMA_PATH.read_text(encoding="utf-8"))).validate(report)
    change = next(c for goal in report["parties"][0]["goals"] for c in goal["changes"] if c["rule"] == "A.1/authorities-notified")
    assert (change["kind"], change["from"], change["to"], change["failing"], change["waiver"]["reason"]) == ("changed", "met", "waived", False, "Notification is under way.")
    # once the waiver has expired, the same change is a failing new gap again
    later = cartagena("diff", old, new, "--engine", "python", "--waivers", str(waivers), env={"SOURCE_DATE_EPOCH": str(1796000000 + 200 * 86400)})
    assert later.returncode == 1


def test_a_single_profile_report_of_another_party_is_a_mismatch(pair: tuple[str, str], tmp_path: Path) -> None:
    old, new = pair
    other = sampleland()
    other["party"]["code"], other["party"]["name"] = "XEA", "Republic of Examplia"
    saved = cartagena("check", write(tmp_path / "xea.json", other), "--format", "json", "--fail-on", "none", "--engine", "python")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(saved.stdout, encoding="utf-8")
    result = diff(str(baseline), new)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{new}: not the same Party: OLD {baseline} is Republic of Examplia (XEA), NEW is Federation of Sampleland (XSA)"
    ]


def test_an_unreadable_side_compares_nothing(pair: tuple[str, str], tmp_path: Path) -> None:
    _, new = pair
    missing = str(tmp_path / "no-such-baseline.json")
    result = diff(missing, new)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"{missing}: no such file or directory"]
    assert "Compared 0 Parties: 0 new gaps" in result.stdout
