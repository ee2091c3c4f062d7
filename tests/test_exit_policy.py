"""Issue 21: one exit-code policy, every command. README's table is `engine.exit_codes.markdown_table()`,
and each command is run through each case it can meet: a closed standard output (141), Ctrl+C
(130, one line), an output it cannot write and an input folder that does not exist (2, naming the
path and the system's reason), broken data of the tool's own (3), and nothing else ever gives 3.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from engine.exit_codes import ExitCode
from tests.clirun import ROOT
from tests.safety import Workspace, make_workspace, run, run_interrupted, stderr_lines

# every command, with arguments that make it write to standard output
WRITING: dict[str, list[str]] = {
    "plan": ["plan"],
    "explain": ["explain", "A.8.2"],
    "rules": ["rules"],
    "schema": ["schema"],
    "init": ["init", "--party", "Republic of Newland", "--code", "XNL", "-"],
    "validate": ["validate", "{old}"],
    "check": ["check", "{old}", "--engine", "python"],
    "diff": ["diff", "{old}", "{new}", "--engine", "python"],
    "indicators": ["indicators", "{old}", "--engine", "python", "--format", "json"],
    "import-nr5": ["import-nr5", "{nr5}", "--as-of", "2026-01-01"],
    "export-nr5": ["export-nr5", "{old}"],
    "serve": ["serve", "--port", "0", "--engine", "python"],
}
# `check` with two processes checking (issue 25): the same exit codes and words
POOLED: dict[str, list[str]] = {"check --jobs 2": ["check", "{old}", "{new}", "--engine", "python", "--jobs", "2"]}


def test_every_command_is_in_the_table() -> None:
    from cli import COMMANDS

    assert sorted(WRITING) == sorted(COMMANDS)


def test_readme_exit_code_table_is_the_one_in_exit_codes() -> None:
    from engine.exit_codes import markdown_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes\n", 1)[1]
    assert section.lstrip("\n").startswith(markdown_table())


def test_the_group_help_lists_every_code() -> None:
    result = run("--help", cwd=ROOT)
    flat = " ".join(result.stdout.split())
    for code in (0, 1, 2, 3, 130, 141, 143):
        assert f" {code} " in flat


def _args(name: str, space: Workspace) -> list[str]:
    return [part.format(old=space.old, new=space.new, nr5=space.nr5) for part in {**WRITING, **POOLED}[name]]


@pytest.fixture
def space(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "w")


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize("name", sorted(WRITING) + sorted(POOLED))
def test_a_closed_standard_output_is_141_for_every_command(space: Workspace, name: str, unbuffered: str) -> None:
    """The reader is gone before the command writes (`| head` that already stopped): 141, quietly,
    whether standard output is buffered or not (PYTHONUNBUFFERED=1, common in CI, used to lose the
    rest of a short write and exit 0)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered} if unbuffered else {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    before = space.snapshot()
    try:
        result = subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), *_args(name, space)], stdout=write_end, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, cwd=space.root, env=env, timeout=180, text=True,
        )
    finally:
        os.close(write_end)
    assert result.returncode == ExitCode.OUTPUT_CLOSED == 141, result.stderr
    # nothing about the closed pipe (import-nr5 still lists what it did not import)
    assert [line for line in stderr_lines(result) if "warning:" not in line and "(not imported)" not in line] == []
    assert space.snapshot() == before


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("name", sorted(set(WRITING) - {"serve"}) + sorted(POOLED))
def test_a_full_disk_on_standard_output_is_2_not_3(space: Workspace, name: str) -> None:
    """`cartagena schema > file` on a full disk: the output cannot be written, exit 2 naming it and
    the system's reason (it was 3, "internal error: OSError", the code for the tool's own data)."""
    with open("/dev/full", "w") as full:
        result = run(*_args(name, space), cwd=space.root, stdout=full.fileno())
    assert result.returncode == ExitCode.INVALID_INPUT, result.stderr
    lines = [line for line in stderr_lines(result) if "warning:" not in line and "(not imported)" not in line]
    assert lines == [f"cartagena {name.split()[0]}: cannot write to standard output: no space left on the device"]


# commands whose output is more than a pipe holds (64 KiB): cut after a few bytes, they must notice
CUT: dict[str, list[str]] = {
    "schema": ["schema"],
    "plan": ["plan", "--format", "json"],
    "rules": ["rules", "--format", "json"],
    "indicators": ["indicators", "{batch}", "--format", "json", "--by", "region", "--engine", "python"],
    "check": ["check", "{batch}", "--format", "json", "--engine", "python"],
    "check --jobs 2": ["check", "{batch}", "--format", "json", "--engine", "python", "--jobs", "2"],
}  # (validate's report of a batch is small; tests/test_pipes.py cuts it over 400 files)


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize("name", sorted(CUT))
def test_a_pipe_cut_mid_output_is_141(space: Workspace, name: str, unbuffered: str) -> None:
    """`cartagena schema | head -c 10`: the reader stops after 10 bytes of more than a pipe holds.
    With PYTHONUNBUFFERED=1 (common in CI) schema, plan, rules and indicators used to lose the rest
    of the short write without a word and exit 0."""
    batch = space.root / "batch"
    batch.mkdir()
    for index in range(60):
        shutil.copy(space.old, batch / f"p{index:02}.json")
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered} if unbuffered else {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    args = [part.format(batch=batch) for part in CUT[name]]
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=space.root,
    )
    assert process.stdout is not None
    process.stdout.read(10)
    process.stdout.close()
    _, stderr = process.communicate(timeout=180)
    assert process.returncode == ExitCode.OUTPUT_CLOSED, stderr
    assert [line for line in stderr.decode().splitlines() if "pure-Python" not in line] == []


# commands that read the tool's data: interrupted while they do; the others at their input
INTERRUPT_AT = {
    "plan": "rules", "explain": "rules", "rules": "rules", "schema": "profiles/schema", "init": "engine/profile",
    "validate": "{old}", "check": "{old}", "diff": "{old}", "indicators": "{old}", "import-nr5": "{nr5}", "export-nr5": "{old}",
    "check --jobs 2": "{old}",  # opened by a worker: the command's process is interrupted
}


@pytest.mark.parametrize("name", sorted(INTERRUPT_AT))
def test_ctrl_c_is_130_with_one_line_for_every_command(space: Workspace, name: str) -> None:
    where = INTERRUPT_AT[name].format(old=space.old, nr5=space.nr5)
    at = Path(where) if where.startswith("/") else ROOT / where
    before = space.snapshot()
    result = run_interrupted(*_args(name, space), at=at, cwd=space.root)
    assert result.returncode == 130, result.stderr
    assert stderr_lines(result) == [f"cartagena {name.split()[0]}: interrupted; no output file was written"]
    assert "Aborted" not in result.stderr and "Traceback" not in result.stderr
    assert space.snapshot() == before


def test_ctrl_c_stops_serve_as_documented(space: Workspace) -> None:
    """`serve` is stopped with Ctrl+C: that is its way to end, exit 0 (README's table says so); the
    profile it opened and its save folder are left as they were."""
    before = space.snapshot()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "serve", "--port", "0", "--engine", "python", "--profile", str(space.old),
         "--save-dir", str(space.folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=space.root, text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "the self-check is at" in line
    url = line.split(" is at ", 1)[1].split(" ", 1)[0]
    with urllib.request.urlopen(url, timeout=60) as answer:  # it is serving: Ctrl+C now stops a running server
        assert answer.status == 200
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=60)
    assert process.returncode == 0 and "stopped" in stdout
    assert space.snapshot() == before


# commands that write a file, and how to make them write into a folder that does not exist
UNWRITABLE = {
    "init": ["init", "--party", "Republic of Newland", "--code", "XNL", "{out}"],
    "validate": ["validate", "{old}", "-o", "{out}"],
    "check": ["check", "{old}", "--engine", "python", "-o", "{out}"],
    "check --jobs 2": ["check", "{old}", "{new}", "--engine", "python", "--jobs", "2", "-o", "{out}"],
    "diff": ["diff", "{old}", "{new}", "--engine", "python", "-o", "{out}"],
    "indicators": ["indicators", "{old}", "--engine", "python", "-o", "{out}"],
    "import-nr5": ["import-nr5", "{nr5}", "-o", "{out}"],
    "export-nr5": ["export-nr5", "{old}", "-o", "{out}"],
}


@pytest.mark.parametrize("name", sorted(UNWRITABLE))
def test_an_unwritable_output_is_2_naming_the_path_and_the_reason(space: Workspace, name: str) -> None:
    out = space.root / "no-such-folder" / "out.json"
    args = [part.format(old=space.old, new=space.new, nr5=space.nr5, out=out) for part in UNWRITABLE[name]]
    before = space.snapshot()
    result = run(*args, cwd=space.root)
    assert result.returncode == ExitCode.INVALID_INPUT, result.stderr
    assert stderr_lines(result) == [f"cartagena {name.split()[0]}: {out}: cannot write: no such folder: {out.parent}"]
    assert space.snapshot() == before


# commands that read a path, given one that does not exist
MISSING = {
    "validate": ["validate", "{missing}"],
    "check": ["check", "{missing}", "--engine", "python"],
    "diff": ["diff", "{missing}", "{old}", "--engine", "python"],
    "indicators": ["indicators", "{missing}", "--engine", "python"],
    "import-nr5": ["import-nr5", "{missing}"],
    "export-nr5": ["export-nr5", "{missing}"],
    "serve": ["serve", "--port", "0", "--save-dir", "{missing}"],
    "check --waivers": ["check", "{old}", "--engine", "python", "--waivers", "{missing}/waivers.yaml"],
}


@pytest.mark.parametrize("name", sorted(MISSING))
def test_a_missing_folder_is_2_naming_the_path_and_the_reason(space: Workspace, name: str) -> None:
    missing = space.root / "no-such-folder"
    args = [part.format(old=space.old, missing=missing) for part in MISSING[name]]
    result = run(*args, cwd=space.root)
    assert result.returncode == ExitCode.INVALID_INPUT, result.stderr
    said = result.stdout + result.stderr
    assert str(missing) in said and ("no such file or directory" in said or "no such file or folder" in said), said
    assert "Traceback" not in said and "internal error" not in said


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the tool whose plan catalog is broken (a goal file refers to an objective twice)."""
    copy = tmp_path_factory.mktemp("broken") / "tool"
    copy.mkdir()
    shutil.copy(ROOT / "cli.py", copy / "cli.py")
    for folder in ("engine", "rules", "profiles"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    goal = copy / "rules" / "catalog" / "goals" / "A.1.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("id: A.1.1", "id: A.1.2", 1), encoding="utf-8")
    return copy


BROKEN = {
    "plan": ["plan"],
    "explain": ["explain", "A.8.2"],
    "rules": ["rules"],
    "check": ["check", "{old}", "--engine", "python"],
    "diff": ["diff", "{old}", "{new}", "--engine", "python"],
    "indicators": ["indicators", "{old}", "--engine", "python"],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_data_of_the_tool_is_3(space: Workspace, broken_copy: Path, name: str) -> None:
    args = [part.format(old=space.old, new=space.new) for part in BROKEN[name]]
    result = subprocess.run([sys.executable, str(broken_copy / "cli.py"), *args], capture_output=True, text=True, cwd=space.root, timeout=180)
    assert result.returncode == ExitCode.INTERNAL_ERROR, result.stderr
    assert "the plan catalog" in result.stderr and "is broken" in result.stderr and "Traceback" not in result.stderr


def test_sigterm_stops_serve_as_ctrl_c_does(space: Workspace) -> None:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "serve", "--port", "0", "--engine", "python", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=space.root, text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    with urllib.request.urlopen(line.split(" is at ", 1)[1].split(" ", 1)[0], timeout=60) as answer:
        assert answer.status == 200
    process.terminate()
    stdout, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (0, "") and "stopped" in stdout
