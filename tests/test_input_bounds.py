"""Issue 21: bounded input everywhere. A waivers file is read with the same strict rules as a profile
(size, a regular file, UTF-8 without BOM, no NUL, duplicate keys) and its YAML may not use aliases
(a 300-byte file of nested aliases used to take gigabytes) nor nest deeper than a profile may (it
used to exit 3, "the tool is broken"); each refusal is one located line and exit 2, nothing checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.exit_codes import ExitCode
from tests.clirun import ROOT, cartagena

PROFILE = str(ROOT / "profiles" / "sampleland-no-competent-national-authority.json")

BOMB = "".join(
    f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9 if previous else ['"x"'] * 9) + "]\n"
    for previous, name in zip([None, *"abcdefg"], "abcdefgh")
) + "waivers: [*h]\n"


def _check(tmp_path: Path, name: str, content: bytes) -> tuple[int, list[str]]:
    path = tmp_path / name
    path.write_bytes(content)
    result = cartagena("check", PROFILE, "--engine", "python", "--waivers", str(path), timeout=60)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return result.returncode, result.stderr.splitlines()


def test_the_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    assert len(BOMB.encode()) < 400
    code, lines = _check(tmp_path, "bomb.yaml", BOMB.encode())
    assert code == ExitCode.INVALID_INPUT
    assert lines == [
        f"{tmp_path / 'bomb.yaml'}:2:8: an alias (*a) is not allowed in a waivers file: write each waiver in full",
        f"cartagena check: {tmp_path / 'bomb.yaml'}: no profile checked: 1 problem in the waivers file",
    ]


def test_any_alias_is_refused(tmp_path: Path) -> None:
    text = (
        "waivers:\n"
        "  - &w {rule: A.1/competent-national-authority, party: XSA, reason: r, approved_by: C, approved_on: 2026-01-01, expires: 2099-01-01}\n"
        "  - *w\n"
    )
    code, lines = _check(tmp_path, "w.yaml", text.encode())
    assert code == ExitCode.INVALID_INPUT and lines[0].endswith(":3:5: an alias (*w) is not allowed in a waivers file: write each waiver in full")


@pytest.mark.parametrize("depth", [65, 5000])
def test_deep_nesting_is_refused_with_its_place(tmp_path: Path, depth: int) -> None:
    code, lines = _check(tmp_path, "deep.yaml", ("waivers: " + "[" * depth + "]" * depth + "\n").encode())
    assert code == ExitCode.INVALID_INPUT
    assert lines[0] == f"{tmp_path / 'deep.yaml'}:1:73: nested too deeply: more than 64 levels of mappings and lists (a waivers file has 3)"


def test_deep_nesting_in_json_is_refused(tmp_path: Path) -> None:
    code, lines = _check(tmp_path, "deep.json", ('{"waivers": ' + "[" * 5000 + "]" * 5000 + "}").encode())
    assert code == ExitCode.INVALID_INPUT
    assert lines[0] == f"{tmp_path / 'deep.json'}:1:76: nested too deeply: more than 64 levels of objects and arrays"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.yaml", b"waivers: []\n" + b"#" * (5 * 1024 * 1024), "larger than the limit of 5,242,880 bytes (5 MiB) for a waivers file"),
        ("bom.yaml", b"\xef\xbb\xbfwaivers: []\n", "starts with a UTF-8 byte order mark; save the file as UTF-8 without BOM"),
        ("latin.yaml", b"waivers: []\n# caf\xe9\n", "not valid UTF-8: byte 0xE9"),
        ("utf16.yaml", "waivers: []\n".encode("utf-16"), "the file is UTF-16 encoded"),
        ("nul.yaml", b"waivers: []\n\x00\n", "contains a NUL byte"),
        ("dup.yaml", b"waivers: []\nwaivers: []\n", "duplicate key 'waivers' (also on line 1)"),
    ],
)
def test_read_with_the_rules_of_a_profile(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    code, lines = _check(tmp_path, name, content)
    assert code == ExitCode.INVALID_INPUT
    assert lines[0].startswith(str(tmp_path / name)) and message in lines[0], lines


def test_a_waivers_path_that_is_a_folder_or_missing(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    for given, message in ((tmp_path / "folder.yaml", "is a directory, not a file"), (tmp_path / "nope.yaml", "no such file or directory")):
        result = cartagena("check", PROFILE, "--engine", "python", "--waivers", str(given))
        assert result.returncode == ExitCode.INVALID_INPUT and message in result.stderr
