"""Issue 21: no command ever destroys an input, and an output file is written whole or not at all.

For every command that writes a file, `-o` pointing at each of its inputs (by name, through a
symbolic link, through a hard link), at a folder input, at a missing folder, and a Ctrl+C while it
runs: every input keeps its bytes (sha256 before and after), no stray or partial file is left, and
the exit code and message say what happened. `-o -` is standard output everywhere.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.exit_codes import ExitCode
from tests.clirun import ROOT
from tests.safety import Workspace, make_workspace, run, run_interrupted, stderr_lines

# command -> (its arguments but -o, in a workspace; the inputs it reads)
Command = Callable[[Workspace], tuple[list[str], list[Path]]]
WRITERS: dict[str, Command] = {
    "check": lambda w: (["check", str(w.old), "--engine", "python", "--fail-on", "none", "--waivers", str(w.waivers)], [w.old, w.waivers]),
    # two processes check the two profiles (issue 25): the same guarantees
    "check --jobs 2": lambda w: (
        ["check", str(w.old), str(w.new), "--jobs", "2", "--engine", "python", "--fail-on", "none", "--waivers", str(w.waivers)],
        [w.old, w.new, w.waivers],
    ),
    "validate": lambda w: (["validate", str(w.old)], [w.old]),
    "diff": lambda w: (["diff", str(w.old), str(w.new), "--engine", "python", "--fail-on", "none"], [w.old, w.new]),
    "indicators": lambda w: (["indicators", str(w.old), "--engine", "python"], [w.old]),
    "import-nr5": lambda w: (["import-nr5", str(w.nr5), "--as-of", "2026-01-01", "--force"], [w.nr5]),
    "export-nr5": lambda w: (["export-nr5", str(w.old), "--force"], [w.old]),
}
# the commands that read a folder of profiles
FOLDER_READERS: dict[str, Callable[[Workspace], list[str]]] = {
    "check": lambda w: ["check", str(w.folder), "--engine", "python", "--fail-on", "none", "--format", "json"],
    "check --jobs 2": lambda w: ["check", str(w.folder), "--jobs", "2", "--engine", "python", "--fail-on", "none", "--format", "json"],
    "validate": lambda w: ["validate", str(w.folder), "--format", "json"],
    "indicators": lambda w: ["indicators", str(w.folder), "--engine", "python", "--format", "json"],
    "diff": lambda w: ["diff", str(w.folder), str(w.folder), "--engine", "python", "--format", "json"],
}


@pytest.fixture
def space(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "w")


# --------------------------------------------------------------------------------------------------
# -o is an input


@pytest.mark.parametrize("name", sorted(WRITERS))
@pytest.mark.parametrize("link", ["same name", "symbolic link", "hard link"])
def test_an_output_that_is_an_input_is_refused_before_anything_is_read(space: Workspace, name: str, link: str) -> None:
    args, inputs = WRITERS[name](space)
    for given in inputs:
        target = given
        if link == "symbolic link":
            target = space.root / f"link-to-{given.name}"
            target.symlink_to(given.name)
        elif link == "hard link":
            target = space.root / f"hard-{given.name}"
            os.link(given, target)
        before = space.snapshot()
        result = run(*args, "-o", str(target), cwd=space.root)
        assert result.returncode == ExitCode.INVALID_INPUT, result.stderr
        (line,) = stderr_lines(result)
        assert line.startswith(f"cartagena {name.split()[0]}: -o {target}: is one of the inputs") and "Choose another file" in line
        assert space.snapshot() == before, f"{name} -o {target} changed a file"
        assert result.stdout == ""


# --------------------------------------------------------------------------------------------------
# -o is a folder input, or inside one


@pytest.mark.parametrize("name", sorted(FOLDER_READERS))
def test_an_output_that_is_the_folder_input_is_refused(space: Workspace, name: str) -> None:
    before = space.snapshot()
    result = run(*FOLDER_READERS[name](space), "-o", str(space.folder), cwd=space.root)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert stderr_lines(result) == [f"cartagena {name.split()[0]}: -o {space.folder}: is a folder; give the name of a file to write"]
    assert space.snapshot() == before


@pytest.mark.parametrize("name", sorted(FOLDER_READERS))
def test_a_folder_run_never_reads_its_own_output_nor_an_earlier_report(space: Workspace, name: str) -> None:
    """`check pf/ --format json -o pf/report.json` twice: the second run neither reads the report it
    replaces nor fails on it (it used to be read as a broken profile, exit 2 for ever)."""
    args = FOLDER_READERS[name](space)
    report = space.folder / "report.json"
    profiles = {key: value for key, value in space.snapshot().items() if key.startswith("pf")}
    first = run(*args, "-o", str(report), cwd=space.root)
    assert first.returncode in (ExitCode.OK, ExitCode.GAPS), first.stderr
    sides = 2 if name == "diff" else 1  # diff reads the folder as OLD and as NEW: each says it
    second = run(*args, "-o", str(report), cwd=space.root)
    assert second.returncode == first.returncode, second.stderr
    assert stderr_lines(second) == [f"cartagena {name.split()[0]}: {report}: skipped: this run writes its output there"] * sides
    # a third run writes elsewhere: the report is recognised as one of the tool's own and skipped
    elsewhere = space.root / "elsewhere.json"
    third = run(*args, "-o", str(elsewhere), cwd=space.root)
    assert third.returncode == first.returncode, third.stderr
    line, *others = stderr_lines(third)
    assert others == [line] * (sides - 1)
    assert line.startswith(f"cartagena {name.split()[0]}: {report}: skipped: is a ") and line.endswith(", not a profile")
    after = space.snapshot()
    assert {key: value for key, value in after.items() if key.startswith("pf") and key != "pf/report.json"} == profiles
    assert not [key for key in after if ".tmp" in key]


@pytest.mark.parametrize("name", sorted(FOLDER_READERS))
@pytest.mark.parametrize("through", ["name", "link to the folder"])
def test_an_output_onto_a_profile_of_the_folder_input_is_refused(space: Workspace, name: str, through: str) -> None:
    """`check pf/ -o pf/examplia.json`: a profile the run reads, not a report of this tool; it was
    skipped as "this run writes its output there", then replaced by the report."""
    target = space.folder / "examplia.json"
    if through != "name":
        (space.root / "linked").symlink_to(space.folder, target_is_directory=True)
        target = space.root / "linked" / "examplia.json"
    before = space.snapshot()
    result = run(*FOLDER_READERS[name](space), "-o", str(target), cwd=space.root)
    assert result.returncode == ExitCode.INVALID_INPUT, result.stderr
    assert stderr_lines(result) == [
        f"cartagena {name.split()[0]}: -o {target}: is a file of the folder {space.folder}, which this run reads, and not one "
        "of this tool's reports; writing there would destroy it. Choose another file"
    ]
    assert space.snapshot() == before
    hidden = space.folder / ".kept" / "notes.json"  # a file the folder does not give may be written
    hidden.parent.mkdir()
    hidden.write_text("{}", encoding="utf-8")
    assert run(*FOLDER_READERS[name](space), "-o", str(hidden), cwd=space.root).returncode in (ExitCode.OK, ExitCode.GAPS)


# --------------------------------------------------------------------------------------------------
# -o in a folder that does not exist, or under a file


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_an_output_in_a_missing_folder_is_exit_2_naming_the_path_and_the_reason(space: Workspace, name: str) -> None:
    args, _ = WRITERS[name](space)
    before = space.snapshot()
    missing = space.root / "missing" / "out.txt"
    result = run(*args, "-o", str(missing), cwd=space.root)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert stderr_lines(result) == [f"cartagena {name.split()[0]}: {missing}: cannot write: no such folder: {missing.parent}"]
    under_a_file = space.old / "out.txt"
    result = run(*args, "-o", str(under_a_file), cwd=space.root)
    assert result.returncode == ExitCode.INVALID_INPUT
    assert stderr_lines(result) == [
        f"cartagena {name.split()[0]}: {under_a_file}: cannot write: no such file or directory (a part of the path is not a directory)"
    ]
    assert space.snapshot() == before


def test_init_in_a_missing_folder_is_exit_2_naming_the_path_and_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "new.json"
    result = run("init", "--party", "Republic of Newland", "--code", "XNL", str(missing), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (ExitCode.INVALID_INPUT, "")
    assert stderr_lines(result) == [f"cartagena init: {missing}: cannot write: no such folder: {missing.parent}"]
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------------
# -o - is standard output, in every command


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_dash_is_standard_output_in_every_command(space: Workspace, name: str) -> None:
    args, _ = WRITERS[name](space)
    plain = run(*args, cwd=space.root, env={"SOURCE_DATE_EPOCH": "1790000000"})
    dashed = run(*args, "-o", "-", cwd=space.root, env={"SOURCE_DATE_EPOCH": "1790000000"})
    assert (dashed.returncode, dashed.stdout) == (plain.returncode, plain.stdout)
    assert plain.stdout
    assert not (space.root / "-").exists()


def test_no_file_named_dash_is_committed_at_the_repository_root() -> None:
    """A report once written by `-o -` (before it meant standard output) was committed as a file named `-`."""
    listed = subprocess.run(["git", "ls-files", "--", ":(literal)-"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    assert listed.stdout == ""


# --------------------------------------------------------------------------------------------------
# Ctrl+C


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_ctrl_c_leaves_every_input_and_no_partial_output(space: Workspace, name: str) -> None:
    args, inputs = WRITERS[name](space)
    out = space.root / "out" / "result.txt"
    out.parent.mkdir()
    out.write_text("the previous result\n", encoding="utf-8")
    before = space.snapshot()
    # pressed when the command opens its input (after check, validate, diff and indicators opened the output)
    result = run_interrupted(*args, "-o", str(out), at=inputs[0], cwd=space.root)
    assert result.returncode == 130, result.stderr
    assert stderr_lines(result) == [f"cartagena {name.split()[0]}: interrupted; no output file was written"]
    assert space.snapshot() == before  # the previous result whole, no temporary file left


def test_ctrl_c_in_init_writes_nothing(tmp_path: Path) -> None:
    result = run_interrupted("init", "--party", "X", "--code", "XNL", "--full", "new.json", at=ROOT / "rules", cwd=tmp_path)
    assert result.returncode == 130
    assert stderr_lines(result) == ["cartagena init: interrupted; no output file was written"]
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_from_outside_mid_batch_exits_130_with_one_line(tmp_path: Path) -> None:
    """A real Ctrl+C from another process while `check` writes a batch to a pipe nobody reads yet
    (so the run is surely under way): exit 130 and one line, not click's "Aborted!" and exit 1
    ("gaps found")."""
    batch = tmp_path / "batch"
    batch.mkdir()
    for index in range(40):
        (batch / f"p{index:02}.json").write_bytes(SAMPLE_BYTES)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "check", str(batch), "--format", "json", "--engine", "python"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(1)  # the report has begun: the command is running
    # the pipe fills (40 records of some 75 KB) and the command waits to write: interrupt it there
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    lines = [line for line in stderr.decode().splitlines() if "pure-Python" not in line]
    assert lines == ["cartagena check: interrupted; no output file was written"]


SAMPLE_BYTES = (ROOT / "profiles" / "sampleland-no-competent-national-authority.json").read_bytes()


def test_sigterm_leaves_no_partial_output(tmp_path: Path) -> None:
    """A cancelled CI job (SIGTERM) unwinds like Ctrl+C: exit 143, the output file not written."""
    space = make_workspace(tmp_path / "w")
    script = (
        "import os, signal, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "target = os.path.abspath(sys.argv[2])\n"
        "def hook(event, args):\n"
        "    if event == 'open' and args and isinstance(args[0], str) and os.path.abspath(args[0]) == target:\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "sys.addaudithook(hook)\n"
        "import cli\n"
        "cli.main(sys.argv[3:])\n"
    )
    out = space.root / "r.json"
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT), str(space.old), "check", str(space.old), "--engine", "python", "--format", "json", "-o", str(out)],
        capture_output=True, text=True, timeout=180, cwd=space.root,
    )
    assert result.returncode == 143
    assert stderr_lines(result) == ["cartagena check: terminated (SIGTERM); no output file was written"]
    assert not out.exists() and not [name for name in os.listdir(space.root) if name.endswith(".tmp")]


# --------------------------------------------------------------------------------------------------
# the writer itself


def test_a_failure_mid_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    from engine.output import open_output

    target = tmp_path / "report.txt"
    target.write_text("old report\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with open_output(str(target)) as stream:
            stream.write("half of a new ")
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert sorted(os.listdir(tmp_path)) == ["report.txt"]


def test_a_replaced_file_keeps_its_permissions_and_a_link_stays_a_link(tmp_path: Path) -> None:
    from engine.output import write_output

    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to("report.txt")
    write_output(str(link), "new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_without_overwrite_an_existing_file_is_kept_even_if_it_appears_meanwhile(tmp_path: Path) -> None:
    from engine.exit_codes import Stop
    from engine.output import open_output

    target = tmp_path / "p.json"
    with pytest.raises(Stop, match="already exists; not overwritten"):
        with open_output(str(target), overwrite=False) as stream:
            stream.write("the new one\n")
            target.write_text("written by someone else meanwhile\n", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "written by someone else meanwhile\n"
    assert sorted(os.listdir(tmp_path)) == ["p.json"]


def test_the_temporary_file_is_hidden_beside_the_target(tmp_path: Path) -> None:
    from engine.output import AtomicFile

    atomic = AtomicFile(str(tmp_path / "r.json"))
    assert Path(atomic.temporary).parent == tmp_path and Path(atomic.temporary).name.startswith(".r.json.")


def test_a_pipe_or_a_device_is_written_as_it_is_never_replaced(tmp_path: Path) -> None:
    """`-o` naming a FIFO (as `-o /dev/null` or `-o /dev/stdout` name a device or a pipe): the
    report goes through it, and it stays what it was (a rename would put a regular file there)."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("check", str(SAMPLELAND_PATH), "--engine", "python", "--format", "json", "-o", str(fifo), cwd=tmp_path)
    reader.join(timeout=120)
    assert result.returncode == ExitCode.GAPS, result.stderr
    assert received and received[0].startswith(b"{\n")
    assert __import__("stat").S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["pipe"]


def test_dash_o_dev_stdout_is_standard_output(tmp_path: Path) -> None:
    plain = run("check", str(SAMPLELAND_PATH), "--engine", "python", cwd=tmp_path)
    named = run("check", str(SAMPLELAND_PATH), "--engine", "python", "-o", "/dev/stdout", cwd=tmp_path)
    assert (named.returncode, named.stdout) == (plain.returncode, plain.stdout)


SAMPLELAND_PATH = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"


def test_a_folder_import_never_writes_a_profile_over_one_of_its_reports(tmp_path: Path) -> None:
    """`import-nr5 reports/ -o reports/ --force` where a report is named as its profile would be
    (xlu-nr5.json): refused before anything is written, the report kept."""
    from tests.safety import NR5_REPORT

    folder = tmp_path / "reports"
    folder.mkdir()
    report = folder / "xlu-nr5.json"
    report.write_bytes(NR5_REPORT.read_bytes())
    result = run("import-nr5", str(folder), "-o", str(folder), "--force", "--as-of", "2026-01-01", cwd=tmp_path)
    assert result.returncode == ExitCode.INVALID_INPUT, result.stderr
    assert f"{report}: is one of the inputs" in result.stderr
    assert report.read_bytes() == NR5_REPORT.read_bytes() and sorted(os.listdir(folder)) == ["xlu-nr5.json"]
