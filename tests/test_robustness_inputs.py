"""Robustness of the commands against bad inputs, end to end (`python cli.py ...` as a subprocess).

Every bad input of the corpus is run through `cartagena validate` and `cartagena check`, each time
beside one valid profile: the exit code is exactly 2, no traceback ever shows, the output names the
file and the problem, and the valid profile is still checked. Inputs are never modified.

(engine/loader.py's own messages are unit-tested in tests/test_loader.py; this file tests the commands.)
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLI = str(ROOT / "cli.py")
TIMEOUT = 60  # seconds; every subprocess has one, so a read that blocks (a FIFO) fails instead of hanging

VALID = {"party": {"name": "Republic of Examplia", "code": "XEA", "as_of": "2026-01-01"}}
PARTY = VALID["party"]


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        return self.out + self.err


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    completed = subprocess.run(
        [sys.executable, CLI, *args],
        cwd=ROOT,
        capture_output=True,
        timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
    )
    out = completed.stdout.decode("utf-8", errors="surrogateescape")
    err = completed.stderr.decode("utf-8", errors="surrogateescape")
    return Result(completed.returncode, out, err)


def write(path: Path, content: str | bytes | dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, dict):
        content = json.dumps(content, indent=2)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def profile(**sections: object) -> dict:
    return {"party": dict(PARTY), **sections}


def party(**changes: object) -> dict:
    return {"party": {**PARTY, **changes}}


# --------------------------------------------------------------------------------------------------
# The corpus: name -> (build the bad input in a folder and return the path to give, message fragment)

Build = Callable[[Path], Path]


def file_with(content: str | bytes | dict, name: str = "bad.json") -> Build:
    return lambda folder: write(folder / name, content)


def _missing(folder: Path) -> Path:
    return folder / "missing.json"


def _directory_without_json(folder: Path) -> Path:
    write(folder / "notes" / "readme.txt", "not a profile")
    write(folder / "notes" / "profile.schema.json", "{}")  # schemas are skipped
    return folder / "notes"


def _broken_symlink(folder: Path) -> Path:
    link = folder / "bad.json"
    os.symlink("nowhere.json", link)
    return link


def _vanished_file(folder: Path) -> Path:
    target = write(folder / "was-here.json", VALID)
    link = folder / "bad.json"
    os.symlink(target.name, link)
    target.unlink()  # the file disappears between being named and being read
    return link


def _fifo(folder: Path) -> Path:
    path = folder / "bad.json"
    os.mkfifo(path)  # nobody writes to it: a blocking read would hang (the timeout would catch it)
    return path


def _symlink_loop(folder: Path) -> Path:
    os.symlink("loop-b.json", folder / "bad.json")
    os.symlink("bad.json", folder / "loop-b.json")
    return folder / "bad.json"


def _twenty_megabytes(folder: Path) -> Path:
    name = "a" * (20 * 1024 * 1024)
    return write(folder / "bad.json", '{"party": {"name": "' + name + '", "code": "XEA", "as_of": "2026-01-01"}}')


GOOD = json.dumps(VALID)

CORPUS: dict[str, tuple[Build, str]] = {
    # malformed JSON, at several places
    "malformed-start": (file_with("x" + GOOD), "unexpected 'x'"),
    "malformed-middle-missing-colon": (file_with('{"party" {"name": "A"}}'), "expected ':' after the property name"),
    "malformed-end-truncated": (file_with(GOOD[:-1]), "unexpected end of file: the object opened at line 1, column 1 is not closed"),
    "unclosed-string-at-end": (file_with('{"party": {"name": "Examplia'), "unterminated string"),
    "unclosed-string-line-break": (
        file_with('{"party": {"name": "A\n, "code": "XEA", "as_of": "2026-01-01"}}'),
        "a string cannot contain a line break",
    ),
    "missing-comma": (
        file_with('{"party": {"name": "A", "code": "XEA" "as_of": "2026-01-01"}}'),
        "is a comma missing?",
    ),
    "trailing-comma": (
        file_with('{"party": {"name": "A", "code": "XEA", "as_of": "2026-01-01",}}'),
        "trailing comma before '}'",
    ),
    "single-quotes": (file_with("{'party': {}}"), "not single quotes"),
    "comment": (file_with("// my profile\n" + GOOD), "comments are not allowed in JSON"),
    "extra-data": (file_with(GOOD + " {}"), "extra data after the JSON value"),
    "nan": (file_with(GOOD[:-1] + ', "x": NaN}'), "NaN is not valid JSON"),
    "lone-surrogate": (
        file_with('{"party": {"name": "A\\ud800", "code": "XEA", "as_of": "2026-01-01"}}'),
        "lone UTF-16 surrogate",
    ),
    # duplicate keys
    "duplicate-key-top-level": (file_with(GOOD[:-1] + ', "party": {}}'), "duplicate key 'party'"),
    "duplicate-key-nested": (
        file_with('{"party": {"name": "A", "code": "XEA", "code": "XEB", "as_of": "2026-01-01"}}'),
        "duplicate key 'code'",
    ),
    # wrong types
    "answer-boolean-not-string": (
        file_with(profile(national_biosafety_framework={"mainstreaming": {"answer": True}})),
        '/national_biosafety_framework/mainstreaming/answer: write the answer in double quotes: "true" (the answers are codes: "true", "true.some", "false")',
    ),
    "date-as-number": (file_with(party(as_of=20260101)), '/party/as_of: must be a date written YYYY-MM-DD in double quotes, e.g. "2026-03-31", got the number 20260101'),
    "date-with-time": (file_with(party(as_of="2026-01-01T00:00:00")), "/party/as_of: must be a date"),
    "array-where-object": (
        file_with(profile(national_biosafety_framework=[])),
        "/national_biosafety_framework: must be an object in braces { }, got a list",
    ),
    "party-null": (file_with({"party": None}), "/party: must be an object in braces { }, got null"),
    # unknown fields: a misspelt name must never silently drop a declaration
    "typo-of-declaration": (
        file_with(profile(national_biosafety_framework={"mainstreeming": {"answer": "true"}})),
        "unknown property 'mainstreeming'; did you mean 'mainstreaming'?",
    ),
    "typo-of-section": (
        file_with(profile(national_biosafety_framwork={})),
        "unknown property 'national_biosafety_framwork'; did you mean 'national_biosafety_framework'?",
    ),
    # dates
    "date-february-30": (file_with(party(as_of="2026-02-30")), '/party/as_of: 2026-02-30 is not a date that exists (the month or the day is out of range)'),
    "date-year-0000": (file_with(party(as_of="0000-01-01")), '/party/as_of: 0000-01-01 is not a date that exists (the month or the day is out of range)'),
    "date-after-as-of": (
        file_with(party(party_to_protocol_since="2027-01-01")),
        "/party/party_to_protocol_since: date 2027-01-01 is after the profile's as-of date 2026-01-01",
    ),
    "evidence-date-after-as-of": (
        file_with(profile(national_biosafety_framework={"mainstreaming": {"answer": "true", "evidence": [{"date": "2026-05-01"}]}})),
        "/national_biosafety_framework/mainstreaming/evidence/0/date: date 2026-05-01 is after the profile's as-of date",
    ),
    "date-before-protocol": (
        file_with(party(party_to_protocol_since="1999-01-01")),
        "before the Protocol entered into force (2003-09-11)",
    ),
    # numbers
    "huge-integer": (file_with(GOOD[:-1] + ', "x": ' + "1" + "0" * 5000 + "}"), "number too large: 5,001 digits (at most 4,300)"),
    "huge-float": (file_with(GOOD[:-1] + ', "x": 1e400}'), "number too large: 1e400 is beyond the range of a 64-bit float"),
    "exponent-float-where-string": (
        file_with('{"party": {"name": "A", "code": 1e5, "as_of": "2026-01-01"}}'),
        "/party/code: must be a three-letter code in capitals (ISO 3166-1 alpha-3), e.g. XEX, got the number 100000.0",
    ),
    # size and depth
    "twenty-megabytes": (_twenty_megabytes, "larger than the limit of 5,242,880 bytes (5 MiB) for a profile"),
    "nesting-10000-deep": (
        file_with('{"party": ' + "[" * 10_000 + "]" * 10_000 + "}"),
        "nested too deeply: more than 64 levels of objects and arrays",
    ),
    # empty, encodings, binary
    "empty-file": (file_with(b""), "the file is empty; a profile must be a JSON object"),
    "whitespace-only": (file_with(" \n\t\r\n  "), "the file contains only whitespace"),
    "utf8-bom": (file_with(b"\xef\xbb\xbf" + GOOD.encode()), "starts with a UTF-8 byte order mark"),
    "utf16-with-bom": (file_with(GOOD.encode("utf-16")), "the file is UTF-16 encoded; profiles must be UTF-8"),
    "utf16-le-without-bom": (file_with(GOOD.encode("utf-16-le")), "the file is UTF-16 encoded; profiles must be UTF-8"),
    "utf16-be-without-bom": (file_with(GOOD.encode("utf-16-be")), "the file is UTF-16 encoded; profiles must be UTF-8"),
    "utf32": (file_with(GOOD.encode("utf-32")), "the file is UTF-32 encoded"),
    "invalid-utf8": (
        file_with(b'{"party": {"name": "A\xff", "code": "XEA", "as_of": "2026-01-01"}}'),
        "not valid UTF-8: byte 0xFF at byte offset 21",
    ),
    "nul-byte": (file_with(GOOD.encode() + b"\x00"), "contains a NUL byte"),
    # paths
    "directory-without-json": (_directory_without_json, "no profile (*.json) files in this directory"),
    "missing-path": (_missing, "no such file or directory"),
    "broken-symlink": (_broken_symlink, "broken symbolic link (its target 'nowhere.json' does not exist)"),
    "vanished-file": (_vanished_file, "broken symbolic link (its target 'was-here.json' does not exist)"),
    "fifo": (_fifo, "not a regular file (a device, pipe or socket?)"),
    "symlink-loop": (_symlink_loop, "too many levels of symbolic links (a symbolic link loop?)"),
    # shape of a profile
    "top-level-array": (file_with("[" + GOOD + "]"), "/: a profile must be a JSON object, found array"),
    "top-level-string": (file_with('"XEA"'), "a profile must be a JSON object, found string"),
    "without-party": (file_with({"national_biosafety_framework": {}}), "missing required property 'party'"),
    "invalid-party-code": (file_with(party(code="xe1")), '/party/code: must be a three-letter code in capitals (ISO 3166-1 alpha-3), e.g. XEX, got "xe1"'),
    "instrument-none-combined": (
        file_with(profile(national_biosafety_framework={"instruments": {"answer": ["instrument.none", "instrument.biosafetyGuidelines"]}})),
        "'instrument.none' cannot be combined with other instruments",
    ),
}

assert len(CORPUS) >= 30


@pytest.fixture
def batch(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, Path, str]:
    """A valid profile beside one bad input: (valid, bad, expected message fragment)."""
    build, fragment = CORPUS[request.param]
    valid = write(tmp_path / "a-valid.json", VALID)
    bad = build(tmp_path)
    return valid, bad, fragment


def _no_traceback(result: Result) -> None:
    assert "Traceback" not in result.both, result.both
    assert "internal error" not in result.both, result.both


@pytest.mark.parametrize("batch", sorted(CORPUS), indirect=True)
def test_validate_reports_the_bad_input_and_exits_2(batch: tuple[Path, Path, str]) -> None:
    valid, bad, fragment = batch
    result = run("validate", str(valid), str(bad))
    _no_traceback(result)
    assert result.code == 2, result.both
    lines = result.out.splitlines()
    # one line naming the file and the problem; none about the valid file
    assert any(line.startswith(str(bad)) and fragment in line for line in lines), result.out
    assert not any(line.startswith(str(valid)) for line in lines), result.out
    assert lines[-1] == "2 files checked, 1 invalid"


@pytest.mark.parametrize("batch", sorted(CORPUS), indirect=True)
def test_check_reports_the_bad_input_still_checks_the_valid_one_and_exits_2(batch: tuple[Path, Path, str]) -> None:
    valid, bad, fragment = batch
    result = run("check", "--format", "json", "--fail-on", "none", str(valid), str(bad))
    _no_traceback(result)
    assert result.code == 2, result.both
    report = json.loads(result.out)
    assert [entry["file"] for entry in report["profiles"]] == [str(valid)]
    statuses = {finding["status"] for finding in report["profiles"][0]["findings"]}
    assert statuses and statuses <= {"gap", "met", "not_declared", "not_applicable"}
    assert [entry["file"] for entry in report["invalid"]] == [str(bad)]
    messages = [error["message"] for error in report["invalid"][0]["errors"]]
    located = [f"{error['pointer'] or '/'}: {error['message']}" for error in report["invalid"][0]["errors"]]
    assert any(fragment in text for text in messages + located), messages
    assert report["summary"]["profiles_checked"] == 1 and report["summary"]["profiles_invalid"] == 1


def test_check_text_report_names_the_invalid_file_and_still_checks_the_valid_one(tmp_path: Path) -> None:
    valid = write(tmp_path / "a-valid.json", VALID)
    bad = write(tmp_path / "bad.json", GOOD[:-1] + ', "party": {}}')
    result = run("check", "--fail-on", "none", str(valid), str(bad))
    _no_traceback(result)
    assert result.code == 2
    assert any(line.startswith(str(bad)) and "duplicate key 'party'" in line for line in result.out.splitlines())
    assert "(1 invalid)" in result.out and "Checked 1 profile against" in result.out


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every file: permissions cannot make one unreadable")
@pytest.mark.parametrize("command", [["validate"], ["check", "--format", "json", "--fail-on", "none"]])
def test_unreadable_file(tmp_path: Path, command: list[str]) -> None:
    valid = write(tmp_path / "a-valid.json", VALID)
    bad = write(tmp_path / "bad.json", VALID)
    bad.chmod(0)
    try:
        result = run(*command, str(valid), str(bad))
    finally:
        bad.chmod(0o600)
    _no_traceback(result)
    assert result.code == 2
    assert f"{bad}: permission denied" in result.out


# --------------------------------------------------------------------------------------------------
# Batches: every file is reported


def _mixed_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    valid = [write(folder / f"valid-{i}.json", party(code=f"XA{'ABC'[i]}")) for i in range(3)]
    broken = [
        write(folder / "broken-1.json", GOOD[:-1]),
        write(folder / "sub" / "broken-2.json", party(code="nope")),
        write(folder / "sub" / "broken-3.json", b"\xef\xbb\xbf" + GOOD.encode()),
    ]
    return valid, broken


def test_validate_folder_reports_every_file(tmp_path: Path) -> None:
    valid, broken = _mixed_folder(tmp_path / "batch")
    result = run("validate", str(tmp_path / "batch"))
    _no_traceback(result)
    assert result.code == 2
    lines = result.out.splitlines()
    assert lines[-1] == "6 files checked, 3 invalid"
    for path in broken:
        assert sum(line.startswith(str(path) + ":") for line in lines) == 1, result.out
    for path in valid:
        assert not any(line.startswith(str(path)) for line in lines)


def test_check_folder_reports_every_file(tmp_path: Path) -> None:
    valid, broken = _mixed_folder(tmp_path / "batch")
    result = run("check", "--format", "json", "--fail-on", "none", str(tmp_path / "batch"))
    _no_traceback(result)
    assert result.code == 2
    report = json.loads(result.out)
    assert sorted(entry["file"] for entry in report["profiles"]) == sorted(map(str, valid))
    assert sorted(entry["file"] for entry in report["invalid"]) == sorted(map(str, broken))


# --------------------------------------------------------------------------------------------------
# Inputs are never modified


def _fingerprint(folder: Path) -> dict[str, tuple[str, int, int]]:
    prints = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            info = path.stat()
            prints[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mtime_ns, info.st_mode)
    return prints


def test_inputs_are_never_modified(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    _mixed_folder(folder)
    for name, (build, _) in CORPUS.items():
        if name not in ("fifo", "twenty-megabytes"):
            (folder / "corpus" / name).mkdir(parents=True)
            build(folder / "corpus" / name)  # each in its own folder, as the builders reuse names
    before = _fingerprint(folder)
    assert len(before) > 40
    existing = folder / "valid-0.json"
    results = [
        run("validate", str(folder)),
        run("validate", "--format", "json", str(folder)),
        *(run("check", "--format", fmt, "--fail-on", "any", str(folder)) for fmt in ("text", "json", "markdown")),
        run("init", "--party", "Republic of Examplia", "--code", "XEA", str(existing)),
    ]
    for result in results:
        _no_traceback(result)
        assert result.code == 2
    assert _fingerprint(folder) == before


def test_init_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    existing = write(tmp_path / "mine.json", b"my own work, not even JSON\n")
    stat_before = existing.stat()
    result = run("init", "--party", "Republic of Examplia", "--code", "XEA", "--as-of", "2026-01-01", str(existing))
    _no_traceback(result)
    assert result.code == 2
    assert "already exists; not overwritten" in result.err
    assert existing.read_bytes() == b"my own work, not even JSON\n"
    assert existing.stat().st_mtime_ns == stat_before.st_mtime_ns


def test_init_writes_a_profile_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    result = run("init", "--party", "Republic of Examplia", "--code", "XEA", "--as-of", "2026-01-01", str(target))
    assert result.code == 0, result.both
    validated = run("validate", str(target))
    assert validated.code == 0 and validated.out.strip() == "1 file checked, 0 invalid"


# --------------------------------------------------------------------------------------------------
# Unknown ids and options: exit 2, one line, a suggestion, no traceback


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["explain", "NOPE"], ["cartagena explain: unknown id 'NOPE'", "`cartagena plan` lists the ids"]),
        (["explain", "A.8.9"], ["cartagena explain: unknown id 'A.8.9'", "did you mean"]),
        (["check", "--goal", "Z.9", "{valid}"], ["cartagena check: --goal 'Z.9' is not a goal of the plan", "did you mean A.9?"]),
        (["check", "--rule", "nope", "{valid}"], ["cartagena check: --rule 'nope' is not a rule", "`cartagena rules` lists the rules"]),
        (
            ["check", "--rule", "A.8/documentation-contained-us", "{valid}"],
            ["--rule 'A.8/documentation-contained-us' is not a rule", "did you mean A.8/documentation-contained-use"],
        ),
    ],
    ids=["explain-NOPE", "explain-A.8.9", "check-goal-Z.9", "check-rule-nope", "check-rule-typo"],
)
def test_unknown_ids_exit_2_with_one_line_and_a_suggestion(tmp_path: Path, args: list[str], expected: list[str]) -> None:
    valid = write(tmp_path / "valid.json", VALID)
    result = run(*(arg.format(valid=valid) for arg in args))
    _no_traceback(result)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    for fragment in expected:
        assert fragment in lines[0]


# --------------------------------------------------------------------------------------------------
# Bugs found by this suite, now fixed: each test keeps the behaviour


@pytest.mark.parametrize("value", ["2026-02-30", "0000-01-01", "2026-13-01"])
def test_impossible_date_message_names_the_real_problem(tmp_path: Path, value: str) -> None:
    bad = write(tmp_path / "bad.json", party(as_of=value))
    result = run("validate", str(bad))
    assert result.code == 2
    line = result.out.splitlines()[0]
    assert value in line
    assert "written YYYY-MM-DD" not in line
    assert any(word in line for word in ("does not exist", "not a valid date", "not a real date", "out of range", "no such"))


def test_init_impossible_as_of_message(tmp_path: Path) -> None:
    result = run("init", "--party", "X", "--code", "XEA", "--as-of", "2026-02-30", str(tmp_path / "new.json"))
    assert result.code == 2
    assert "written YYYY-MM-DD" not in result.err
    assert not (tmp_path / "new.json").exists()


@pytest.mark.parametrize("command", ["validate", "check"])
def test_symlink_loop_is_called_a_loop(tmp_path: Path, command: str) -> None:
    bad = _symlink_loop(tmp_path)
    result = run(command, "--format", "json", str(bad))
    assert result.code == 2
    report = json.loads(result.out)
    problems = json.dumps(report.get("invalid", report.get("files")))  # not the rules' messages, which may say "does not exist"
    assert "does not exist" not in problems
    assert "loop" in problems


@pytest.mark.parametrize(
    "command",
    [["validate"], ["validate", "--format", "json"], ["check", "--fail-on", "none"], ["check", "--format", "json", "--fail-on", "none"]],
    ids=["validate-text", "validate-json", "check-text", "check-json"],
)
def test_non_utf8_file_name(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    name = os.fsencode(folder) + b"/bad\xffname.json"
    with open(name, "wb") as handle:
        handle.write(GOOD[:-1].encode())  # invalid, so that every format names the file
    result = run(*command, str(folder), env={"PYTHONIOENCODING": "utf-8"})
    _no_traceback(result)
    assert result.code == 2, result.both
    assert "name.json" in result.out
