"""`cartagena validate`: every problem of every file, one line each, with exact exit codes."""

from __future__ import annotations

import json

from tests.clirun import cartagena

PARTY = '"party": {"name": "Republic of Examplia", "code": "XEX", "as_of": "2026-02-28"'


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_examples_validate() -> None:
    result = cartagena("validate", "profiles")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("7 files checked, 0 invalid")


def test_every_schema_problem_is_one_line_with_position_pointer_and_did_you_mean(tmp_path) -> None:
    bad = write(
        tmp_path / "bad.json",
        "{\n"
        f"  {PARTY}, \"nme\": \"x\"}},\n"
        '  "national_biosafety_framework": {"mainstreaming": {"answer": true}},\n'
        '  "liabilty_and_redress": {}\n'
        "}\n",
    )
    result = cartagena("validate", str(bad))
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert f"{bad}:2:83: /party/nme: unknown property 'nme'; did you mean 'name'?" in lines
    assert (
        f"{bad}:3:64: /national_biosafety_framework/mainstreaming/answer: "
        'write the answer in double quotes: "true" (the answers are codes: "true", "true.some", "false")' in lines
    )
    assert f"{bad}:4:3: /liabilty_and_redress: unknown property 'liabilty_and_redress'; did you mean 'liability_and_redress'?" in lines
    assert lines[-1] == "1 file checked, 1 invalid"


def test_dates_after_the_as_of_date_are_errors_and_inconsistencies_are_flagged_not_fatal(tmp_path) -> None:
    late = write(
        tmp_path / "late.json",
        "{" + PARTY + "},\n"
        '"national_biosafety_framework": {"authorities_notified_to_secretariat": {"answer": "true", "date": "2027-01-01"}}}\n',
    )
    result = cartagena("validate", str(late))
    assert result.returncode == 2
    assert (
        f"{late}:2:100: /national_biosafety_framework/authorities_notified_to_secretariat/date: "
        "date 2027-01-01 is after the profile's as-of date 2026-02-28" in result.stdout
    )
    odd = write(
        tmp_path / "odd.json",
        "{" + PARTY + ', "supplementary_protocol": {"status": "neither"}},\n'
        '"liability_and_redress": {"measures": {"answer": "implementation.fullInPlace"}}}\n',
    )
    result = cartagena("validate", str(odd))
    assert result.returncode == 0
    assert (
        f"{odd}:2:26: /liability_and_redress: inconsistent: measures under the Supplementary Protocol are declared, "
        "but the Party is not a Party to it (status 'neither'); its obligations bind only its Parties" in result.stdout
    )
    assert result.stdout.splitlines()[-1] == "1 file checked, 0 invalid, 1 with inconsistencies to review"


def test_a_directory_with_broken_files_reports_every_file(tmp_path) -> None:
    write(tmp_path / "a-good.json", "{" + PARTY + "}}")
    write(tmp_path / "b-broken.json", "{" + PARTY + "}")
    write(tmp_path / "c-empty.json", "")
    write(tmp_path / "d-good.json", "{" + PARTY + "}}")
    write(tmp_path / "profile.schema.json", "{}")  # schemas are not profiles
    result = cartagena("validate", str(tmp_path), "--format", "json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert [(entry["file"].rsplit("/", 1)[-1], entry["valid"]) for entry in report["files"]] == [
        ("a-good.json", True),
        ("b-broken.json", False),
        ("c-empty.json", False),
        ("d-good.json", True),
    ]
    assert report["summary"] == {"files": 4, "invalid": 2, "with_inconsistencies": 0}
    assert report["files"][2]["errors"][0]["message"] == "the file is empty; a profile must be a JSON object"


def test_missing_path_is_reported_with_the_others(tmp_path) -> None:
    good = write(tmp_path / "good.json", "{" + PARTY + "}}")
    result = cartagena("validate", str(tmp_path / "nope.json"), str(good))
    assert result.returncode == 2
    assert f"{tmp_path / 'nope.json'}: no such file or directory" in result.stdout
    assert result.stdout.splitlines()[-1] == "2 files checked, 1 invalid"
    assert "Traceback" not in result.stdout + result.stderr


def test_a_date_after_the_as_of_date_is_found_however_the_file_spells_it(tmp_path) -> None:
    """The bytes are read first to spare the walk over every date: a date spelled with a \\u escape,
    or beside a date-shaped text, is still found, and a profile without a late date has no error."""
    from engine.loader import parse_document
    from engine.profile.validation import validate_document

    def errors(notified_on: str, note: str = "fine") -> list[str]:
        text = (
            "{" + PARTY + "},\n"
            '"national_biosafety_framework": {"authorities_notified_to_secretariat": {"answer": "true", "date": "'
            + notified_on + '", "evidence": [{"note": "' + note + '"}]}}}\n'
        )
        check = validate_document(parse_document(text.encode(), "p.json"))
        return [problem.message for problem in check.errors]

    late = "date 2027-01-01 is after the profile's as-of date 2026-02-28"
    assert errors("2027-01-01") == [late]
    assert errors("\\u0032027-01-01") == [late]  # the same date, one digit escaped
    assert errors("2026-01-01", note='seen \\"2027-01-01\\"') == []  # a late date-shaped text, no late date
    assert errors("2026-01-01", note="2027-01-01 is planned") == []
    assert errors("2026-02-28") == []
