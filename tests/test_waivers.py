"""`cartagena check --waivers FILE`: hand-made waivers files with the exact findings, lines and exit
codes expected; the file's own schema; the day of the run fixed with SOURCE_DATE_EPOCH."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from engine.paths import WAIVERS_SCHEMA_PATH
from engine.reporters.escaping import markdown_text
from engine.waivers import Waivers, load_waivers
from tests.clirun import cartagena
from tests.rulekit import rulebook

XSA = "profiles/sampleland-no-competent-national-authority.json"
DAY = {"SOURCE_DATE_EPOCH": "1796000000"}  # 2026-11-30 (UTC)
FALLBACK = "cartagena check: using the pure-Python engine: "

WAIVERS = """\
waivers:
  - rule: A.1/competent-national-authority
    party: XSA
    reason: The designation is before Parliament; the Committee accepted a delay.
    approved_by: Compliance Committee, 20th meeting
    approved_on: 2026-05-12
    expires: 2027-05-12
    reference: CBD/CP/CC/20/5, recommendation 3
  - rule: A.1/authorities-notified
    party: XSA
    reason: Notification follows the designation.
    approved_by: Compliance Committee, 18th meeting
    approved_on: 2025-05-12
    expires: 2026-05-12
  - rule: A.8/documentation-contained-use
    party: XSA
    reason: Contained use is being regulated.
    approved_by: Compliance Committee, 20th meeting
    approved_on: 2026-05-12
    expires: 2027-05-12
  - rule: A.1/competent-national-authority
    party: XEA
    reason: Another Party.
    approved_by: Compliance Committee, 20th meeting
    approved_on: 2026-05-12
    expires: 2027-05-12
"""


def check(*args: str, env: dict[str, str] | None = None):
    return cartagena("check", *args, "--engine", "python", env={**DAY, **(env or {})})


def squeezed(text: str) -> str:
    """Text without its white space: what a wrapped paragraph says, wherever its lines broke."""
    return "".join(text.split())


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith(FALLBACK)]


@pytest.fixture
def waivers_file(tmp_path: Path) -> str:
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS, encoding="utf-8")
    return str(path)


def test_a_waiver_in_force_turns_the_gap_into_waived_and_an_expired_one_does_not(waivers_file: str) -> None:
    result = check(XSA, "--format", "json", "--waivers", waivers_file)
    assert result.returncode == 1, result.stderr  # two obligation gaps remain (one of them after its waiver expired)
    report = json.loads(result.stdout)
    findings = {finding["rule"]: finding for finding in report["profiles"][0]["findings"]}
    waived = findings["A.1/competent-national-authority"]
    assert (waived["status"], waived["failing"]) == ("waived", False)
    assert waived["waiver"] == {
        "rule": "A.1/competent-national-authority",
        "party": "XSA",
        "reason": "The designation is before Parliament; the Committee accepted a delay.",
        "approved_by": "Compliance Committee, 20th meeting",
        "approved_on": "2026-05-12",
        "expires": "2027-05-12",
        "reference": "CBD/CP/CC/20/5, recommendation 3",
        "file": waivers_file,
        "line": 2,
    }
    expired = findings["A.1/authorities-notified"]
    assert (expired["status"], expired["failing"], expired["waiver_expired"]["expires"], expired["waiver_expired"]["line"]) == ("gap", True, "2026-05-12", 9)
    assert "waiver" not in expired
    summary = report["profiles"][0]["summary"]
    assert (summary["gaps"], summary["waived"], summary["failing_gaps"]) == ({"obligation": 2, "commitment": 1, "option": 0}, 1, 2)
    assert report["summary"]["waived"] == 1
    assert report["waivers"] == {"file": waivers_file, "sha256": report["waivers"]["sha256"], "count": 4, "today": "2026-11-30"}
    assert [(w["rule"], w["party"], w["why"]) for w in report["unmatched_waivers"]] == [
        ("A.8/documentation-contained-use", "XSA", "the finding was met, not a gap"),
        ("A.1/competent-national-authority", "XEA", "no profile of Party XEA was checked"),
    ]
    assert [w["rule"] for w in report["expired_waivers"]] == ["A.1/authorities-notified"]


def test_the_gate_never_fails_on_a_waived_gap(tmp_path: Path) -> None:
    every_gap = tmp_path / "all.json"
    entries = [
        {"rule": rule, "party": "XSA", "reason": "Accepted.", "approved_by": "Committee", "approved_on": "2026-01-01", "expires": "2026-11-30"}
        for rule in ("A.1/competent-national-authority", "A.1/authorities-notified", "A.1/institutional-capacity", "A.2/mandatory-information-d-contact-details")
    ]
    every_gap.write_text(json.dumps({"waivers": entries}, indent=1), encoding="utf-8")
    assert check(XSA, "--fail-on", "any").returncode == 1
    result = check(XSA, "--fail-on", "any", "--waivers", str(every_gap))
    assert result.returncode == 0, result.stdout  # in force on its expiry day
    assert (
        "Checked 1 profile against 114 rules (0 invalid): 0 gaps by rule (obligations: 0, commitments: 0, options: 0), "
        "0 distinct gaps in the declaration (an answer several rules read counts once), 4 waived, 0 not declared, "
    ) in result.stdout
    # the day after the expiry date, fail open: the gaps are gaps again
    after = check(XSA, "--fail-on", "any", "--waivers", str(every_gap), env={"SOURCE_DATE_EPOCH": str(1796000000 + 86400)})
    assert after.returncode == 1


def test_text_and_markdown_show_the_waiver_and_the_expiry(waivers_file: str) -> None:
    text = check(XSA, "--brief", "--waivers", waivers_file).stdout.splitlines()
    start = text.index("WAIVED (1)")
    assert "Reason: The designation is before Parliament; the Committee accepted a delay. Reference: CBD/CP/CC/20/5, recommendation 3" in " ".join(
        line.strip() for line in text[start + 6 : start + 10]
    )
    assert text[start : start + 7] == [
        "WAIVED (1)",
        "Gaps the Compliance Committee accepted until a date (a waiver in force); they fail no gate.",
        "",
        "Goal A.1: Parties have in place functional national biosafety frameworks",
        "  A.1/competent-national-authority [obligation under the Cartagena Protocol]",
        "    One or more competent national authorities are designated",
        "    Waived: approved by Compliance Committee, 20th meeting on 2026-05-12, in force until 2027-05-12",
    ]
    assert "    Waiver expired on 2026-05-12, so this is a gap again; it was approved by Compliance Committee," in text
    assert squeezed(f"Waiver A.8/documentation-contained-use for XSA ({waivers_file}, line 15): matched no gap: the finding was met, not a gap") in squeezed(
        "\n".join(text)
    )
    markdown = check(XSA, "--format", "markdown", "--waivers", waivers_file).stdout
    assert "### Waived (1)" in markdown
    meaning = (
        "One or more competent national authorities are designated Waived: approved by "
        f"Compliance Committee, 20th meeting on 2026-05-12, in force until 2027-05-12 ({waivers_file}, line 2). Reason: The designation "
        "is before Parliament; the Committee accepted a delay. Reference: CBD/CP/CC/20/5, recommendation 3"
    )
    assert f"| `A.1/competent-national-authority` | A.1 | {markdown_text(meaning)} |" in markdown
    assert "\\(" in markdown_text(meaning)  # the waiver's own text is escaped too
    assert "## Waivers that matched no gap" in markdown


def test_a_run_without_waivers_has_no_waived_section() -> None:
    result = check(XSA)
    assert "WAIVED" not in result.stdout and "waived" not in result.stdout
    assert json.loads(check(XSA, "--format", "json").stdout)["summary"]["waived"] == 0


BAD = """\
waivers:
  - rule: A.1/competent-national-authorty
    party: xs
    approved_by: Compliance Committee
    approved_on: 2026-02-30
    expires: 12/05/2027
  - rule: A.1/authorities-notified
    party: XSA
    reason: ""
    approved_by: Committee
    approved_on: 2026-01-01
    expires: 2025-01-01
    colour: red
  - rule: A.1/authorities-notified
    party: XSA
    reason: Twice.
    approved_by: Committee
    approved_on: 2026-01-01
    expires: 2027-01-01
"""


def test_every_problem_of_the_file_is_one_line_and_no_profile_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = check(XSA, "--waivers", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert stderr_lines(result) == [
        f"{path}:2:5: /waivers/0/reason: no reason: a waiver must say why the Committee accepted the gap",
        f"{path}:2:11: /waivers/0/rule: 'A.1/competent-national-authorty' is not a rule; did you mean "
        "A.1/competent-national-authority, A.10/competent-authority, A.3/fourth-national-report?",
        f"{path}:3:12: /waivers/0/party: must be a Party code, three capital letters (ISO 3166-1 alpha-3, e.g. XEA), got \"xs\"",
        f"{path}:5:18: /waivers/0/approved_on: 2026-02-30 is not a date that exists (the month or the day is out of range)",
        f"{path}:6:14: /waivers/0/expires: must be a date written YYYY-MM-DD, got \"12/05/2027\"",
        f"{path}:9:13: /waivers/1/reason: no reason: a waiver must say why the Committee accepted the gap, got \"\"",
        f"{path}:12:14: /waivers/1/expires: expires on 2025-01-01, before it was approved (2026-01-01)",
        f"{path}:13:5: /waivers/1/colour: unknown property 'colour'; allowed here: rule, party, reason, approved_by, approved_on, expires, reference",
        f"{path}:14:5: /waivers/2: a second waiver of rule A.1/authorities-notified for Party XSA (the first is on line 7)",
        f"cartagena check: {path}: no profile checked: 9 problems in the waivers file",
    ]


def test_a_waiver_on_an_unknown_rule_in_json_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(
        '{\n  "waivers": [\n    {\n      "rule": "A.8/no-such-rule",\n      "party": "XSA",\n      "reason": "r",\n'
        '      "approved_by": "c",\n      "approved_on": "2026-01-01",\n      "expires": "2027-01-01"\n    }\n  ]\n}\n',
        encoding="utf-8",
    )
    result = check(XSA, "--waivers", str(path))
    assert result.returncode == 2
    assert stderr_lines(result)[0].startswith(f"{path}:4:15: /waivers/0/rule: 'A.8/no-such-rule' is not a rule; did you mean ")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("waivers:\n  - rule: [unclosed\n", f":3:1: not valid YAML: expected ',' or ']', but got '<stream end>'"),
        ("waivers:\n  - rule: a\n    rule: b\n", ":3:5: /waivers/0/rule: duplicate key 'rule' (also on line 2)"),
        ("!!python/object:os.system {}\n", ":1:1: not valid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'"),
        ("- just a list\n", ":1:1: /: must be a mapping, got a list"),
    ],
)
def test_unreadable_waivers_files(tmp_path: Path, text: str, line: str) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    result = check(XSA, "--waivers", str(path))
    assert result.returncode == 2
    assert stderr_lines(result)[0] == f"{path}{line}"


def test_the_schema_accepts_the_documented_example_and_refuses_a_waiver_without_reason(waivers_file: str) -> None:
    import yaml

    schema = json.loads(WAIVERS_SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = yaml.safe_load(WAIVERS)
    for entry in data["waivers"]:  # plain safe_load reads dates as dates; the file's JSON form has strings
        entry.update({key: entry[key].isoformat() for key in ("approved_on", "expires")})
    validator.validate(data)
    assert not validator.is_valid({"waivers": [{"rule": "A.1/x", "party": "XSA", "approved_by": "c", "approved_on": "2026-01-01", "expires": "2027-01-01"}]})


def test_expiry_is_judged_against_the_day_given(waivers_file: str) -> None:
    ids = [rule.id for rule in rulebook().rules]
    before = load_waivers(waivers_file, ids, date(2026, 5, 12))
    after = load_waivers(waivers_file, ids, date(2026, 5, 13))
    assert isinstance(before, Waivers) and isinstance(after, Waivers)
    expiring = before.waivers[1]
    assert before.in_force(expiring) and not after.in_force(expiring)


def test_html_shows_the_waiver_escaped_the_expiry_and_the_unmatched(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS.replace("accepted a delay.", "accepted a delay <script>alert(1)</script>."), encoding="utf-8")
    result = check(XSA, "--format", "html", "--waivers", str(path))
    assert result.returncode == 1
    page = result.stdout
    assert "<script>" not in page
    assert '<h3 id="party-1-XSA-waived-h">Waived (1)</h3>' in page
    assert (
        '<tr><th scope="row"><code>A.1/competent-national-authority</code></th><td>One or more competent national authorities are designated</td>'
        "<td>obligation under the Cartagena Protocol</td><td>Approved by Compliance Committee, 20th meeting on 2026-05-12, in force until 2027-05-12"
        "<br>Reason: The designation is before Parliament; the Committee accepted a delay &lt;script&gt;alert(1)&lt;/script&gt;."
        "<br>Reference: CBD/CP/CC/20/5, recommendation 3"
        f'<br><span class="note"><code>{path}</code>, line 2</span></td></tr>'
    ) in page
    assert "<strong>Waiver expired on 2026-05-12</strong>, so this is a gap again." in page
    assert '<h3 id="unmatched-waivers">Waivers that matched no gap</h3>' in page
    assert f'<tr><th scope="row">Waivers</th><td><code>{path}</code>, sha256 <code>' in page
    # without waivers, no waived column, section or row at all
    assert "Waived" not in check(XSA, "--format", "html").stdout


def test_schema_waivers_prints_the_shipped_schema() -> None:
    result = cartagena("schema", "--waivers")
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads(WAIVERS_SCHEMA_PATH.read_text(encoding="utf-8"))
    assert cartagena("schema", "--waivers", "--path").stdout.strip() == str(WAIVERS_SCHEMA_PATH)


# --------------------------------------------------------------------------------------------------
# Every machine format: the waived gap kept apart, with the waiver's details, valid against its schema


def test_json_and_ndjson_with_waivers_validate_against_the_report_schema(waivers_file: str) -> None:
    schema = json.loads((WAIVERS_SCHEMA_PATH.parent / "report.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    report = json.loads(check(XSA, "--format", "json", "--waivers", waivers_file).stdout)
    validator.validate(report)
    # the schema keeps `waived` apart: a waived finding needs its waiver and never fails
    finding = next(f for f in report["profiles"][0]["findings"] if f["status"] == "waived")
    for broken in ({**finding, "failing": True}, {k: v for k, v in finding.items() if k != "waiver"}):
        bad = json.loads(json.dumps(report))
        bad["profiles"][0]["findings"][0] = broken
        assert not validator.is_valid(bad)
    lines = [json.loads(line) for line in check(XSA, "--format", "ndjson", "--waivers", waivers_file).stdout.splitlines()]
    assert [line["type"] for line in lines] == ["header", "profile", "tail"]
    assert lines[0]["waivers"]["count"] == 4
    assert [f["status"] for f in lines[1]["findings"] if f["rule"] == "A.1/competent-national-authority"] == ["waived"]
    assert [w["rule"] for w in lines[2]["unmatched_waivers"]] == ["A.8/documentation-contained-use", "A.1/competent-national-authority"]


def test_sarif_suppresses_the_waived_gap_with_the_waiver(waivers_file: str) -> None:
    from tests.test_sarif import validate_sarif

    result = check(XSA, "--format", "sarif", "--waivers", waivers_file)
    document = validate_sarif(result.stdout)
    results = {r["ruleId"]: r for r in document["runs"][0]["results"]}
    waived = results["A.1/competent-national-authority"]
    report = json.loads(check(XSA, "--format", "json", "--waivers", waivers_file).stdout)
    recorded = next(f["waiver"] for f in report["profiles"][0]["findings"] if f["status"] == "waived")
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "The designation is before Parliament; the Committee accepted a delay.",
            "properties": {"waiver": recorded},
        }
    ]
    plain = json.loads(check(XSA, "--format", "sarif").stdout)["runs"][0]["results"]
    same = next(r for r in plain if r["ruleId"] == "A.1/competent-national-authority")
    assert waived["partialFingerprints"] == same["partialFingerprints"]  # the same alert, now suppressed
    expired = results["A.1/authorities-notified"]
    assert "suppressions" not in expired and expired["properties"]["waiver_expired"]["expires"] == "2026-05-12"


def test_junit_skips_the_waived_gap_with_the_waiver(waivers_file: str) -> None:
    from tests.test_junit import junit

    code, root, _ = junit(XSA, "--waivers", waivers_file, "--fail-on", "none")
    case = root.find(".//testcase[@name='A.1/competent-national-authority']")
    assert case is not None and case.find("failure") is None
    skipped = case.find("skipped")
    assert skipped is not None and skipped.get("type") == "waived"
    assert skipped.get("message") == (
        f"Gap waived: approved by Compliance Committee, 20th meeting on 2026-05-12, in force until 2027-05-12 ({waivers_file}, line 2). "
        "Reason: The designation is before Parliament; the Committee accepted a delay. Reference: CBD/CP/CC/20/5, recommendation 3"
    )
    assert root.find(".//testcase[@name='A.1/authorities-notified']/failure") is not None  # expired: a failure again
