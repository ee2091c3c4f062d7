"""Standard input (`-`), a closed standard output (`| head`), and progress only at a terminal."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from engine import progress
from engine.exit_codes import ExitCode
from tests.clirun import ROOT, cartagena

XTE = ROOT / "profiles" / "testavia-documentation-for-food-feed-processing-only.json"
FALLBACK = "cartagena check: using the pure-Python engine: "


def run_with_stdin(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], input=data, capture_output=True, cwd=ROOT, timeout=120)


def test_check_reads_one_profile_from_stdin_and_names_it() -> None:
    piped = run_with_stdin(XTE.read_bytes(), "check", "-", "--goal", "A.8", "--format", "json")
    from_file = cartagena("check", str(XTE.relative_to(ROOT)), "--goal", "A.8", "--format", "json")
    assert piped.returncode == from_file.returncode == 1
    report = json.loads(piped.stdout)
    (profile,) = report["profiles"]
    assert profile["file"] == "<stdin>"
    assert profile == {**json.loads(from_file.stdout)["profiles"][0], "file": "<stdin>"}


def test_validate_names_stdin_in_its_messages() -> None:
    result = run_with_stdin(b'{"party": {}}', "validate", "-")
    assert result.returncode == 2
    assert result.stdout.decode().splitlines() == [
        "<stdin>:1:11: /party/as_of: missing required property 'as_of'",
        "<stdin>:1:11: /party/code: missing required property 'code'",
        "<stdin>:1:11: /party/name: missing required property 'name'",
        "1 file checked, 1 invalid",
    ]


def test_stdin_beside_files_and_given_twice(tmp_path: Path) -> None:
    result = run_with_stdin(XTE.read_bytes(), "validate", "-", str(XTE), "-")
    assert result.returncode == 2
    assert result.stdout.decode().splitlines() == [
        "<stdin>: '-' given twice: standard input holds one profile",
        "3 files checked, 1 invalid",
    ]


def test_a_file_named_dash_is_still_reachable_as_dot_slash(tmp_path: Path) -> None:
    (tmp_path / "-").write_bytes(XTE.read_bytes())
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "validate", "./-"], capture_output=True, text=True, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert (result.returncode, result.stdout) == (0, "1 file checked, 0 invalid\n")


def test_stdin_over_the_size_limit_is_refused() -> None:
    result = run_with_stdin(b" " * (5 * 1024 * 1024 + 10), "validate", "-")
    assert result.returncode == 2
    assert result.stdout.decode().splitlines()[0] == (
        "<stdin>: standard input is larger than the limit of 5,242,880 bytes (5 MiB) for a profile"
    )


@pytest.mark.parametrize(
    "args", [("check", "profiles", "--fail-on", "none"), ("check", "profiles", "--format", "json"), ("validate", "profiles", "--format", "json")]
)
def test_a_closed_stdout_ends_quietly_with_its_own_exit_code(args: tuple[str, ...], tmp_path: Path) -> None:
    if args[0] == "validate":  # enough output to fill a pipe: many files
        for index in range(400):
            (tmp_path / f"p{index:03}.json").write_bytes(XTE.read_bytes())
        args = ("validate", str(tmp_path), "--format", "json")
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None and process.stderr is not None
    with process:
        process.stdout.readline()  # `| head -1`
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == ExitCode.OUTPUT_CLOSED == 141
    assert [line for line in stderr.splitlines() if not line.startswith(FALLBACK)] == []


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_files_done_and_rate_on_a_terminal_then_clears(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([100.0] + [100.0 + 0.25 * step for step in range(1, 20)])
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    stream = FakeTerminal()
    assert list(progress.with_progress(range(10), stream=stream)) == list(range(10))
    # after 1 s (4 files at 0.25 s each), then every 0.5 s
    assert stream.getvalue() == (
        "\r4 files done, 4 files/s" "\r6 files done, 4 files/s" "\r8 files done, 4 files/s" "\r10 files done, 4 files/s" "\r\x1b[K"
    )


def test_no_progress_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(100.0 + step for step in range(100))
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    assert list(progress.with_progress(range(10), stream=stream)) == list(range(10))
    assert stream.getvalue() == ""


def test_a_terminal_on_stderr_leaves_machine_output_untouched() -> None:
    """stderr a real terminal (a pty), stdout a pipe: stdout is byte-identical to a plain run."""
    plain = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", "profiles", "--format", "json", "--fail-on", "none"], capture_output=True, cwd=ROOT, timeout=120)
    leader, follower = pty.openpty()
    try:
        at_terminal = subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), "check", "profiles", "--format", "json", "--fail-on", "none"],
            stdout=subprocess.PIPE, stderr=follower, cwd=ROOT, timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert at_terminal.returncode == plain.returncode == 0
    assert at_terminal.stdout == plain.stdout and b"\r" not in at_terminal.stdout
