"""What the data-safety tests share (issue 21): a workspace of inputs every command can read, a
snapshot of every file's bytes, and running `cartagena` with Ctrl+C pressed at a chosen moment."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.clirun import ROOT

SAMPLELAND = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"
EXAMPLIA = ROOT / "profiles" / "examplia-everything-in-place.json"
NR5_REPORT = ROOT / "tests" / "fixtures" / "nr5" / "xlu-fifth-report.json"
FALLBACK = "using the pure-Python engine: "

# Runs the command line with an audit hook that sends the command's process SIGINT (a real Ctrl+C,
# through the operating system) the first time a path starting with CARTAGENA_TEST_INTERRUPT_AT is
# opened, by it or by one of its workers (`check --jobs`, forked: the hook is theirs too; a flag file
# makes it fire once in all): the interrupt lands at a known point of the run, without any timing.
INTERRUPT = """
import os, signal, sys
sys.path.insert(0, sys.argv[1])
prefix = os.environ["CARTAGENA_TEST_INTERRUPT_AT"]
flag = os.environ["CARTAGENA_TEST_INTERRUPT_FLAG"]
main = os.getpid()
def hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        if os.path.abspath(os.fsdecode(args[0])).startswith(prefix):
            try:
                os.close(os.open(flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                return
            os.kill(main, signal.SIGINT)
sys.addaudithook(hook)
import cli
cli.main(sys.argv[2:])
"""


@dataclass
class Workspace:
    """Inputs of every kind in one folder: two profiles of one Party (OLD and NEW of a diff), a
    folder of profiles, a national report document and a waivers file."""

    root: Path

    @property
    def old(self) -> Path:
        return self.root / "old.json"

    @property
    def new(self) -> Path:
        return self.root / "new.json"

    @property
    def folder(self) -> Path:
        return self.root / "pf"

    @property
    def nr5(self) -> Path:
        return self.root / "nr5.json"

    @property
    def waivers(self) -> Path:
        return self.root / "waivers.yaml"

    def snapshot(self) -> dict[str, str]:
        """Every file under the workspace (symbolic links as their target) -> its sha256."""
        found: dict[str, str] = {}
        for folder, _, files in os.walk(self.root):
            for name in files:
                path = Path(folder) / name
                key = str(path.relative_to(self.root))
                found[key] = "-> " + os.readlink(path) if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
        return found


def make_workspace(root: Path) -> Workspace:
    space = Workspace(root)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLELAND, space.old)
    newer = json.loads(SAMPLELAND.read_text(encoding="utf-8"))
    newer["party"]["as_of"] = "2026-04-30"
    space.new.write_text(json.dumps(newer, indent=2), encoding="utf-8")
    space.folder.mkdir()
    shutil.copy(SAMPLELAND, space.folder / "sampleland.json")
    shutil.copy(EXAMPLIA, space.folder / "examplia.json")
    shutil.copy(NR5_REPORT, space.nr5)
    space.waivers.write_text("waivers: []\n", encoding="utf-8")
    return space


def run(*args: str, cwd: Path, env: dict[str, str] | None = None, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args], cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, text=True,
        timeout=180, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL,
    )


def run_interrupted(*args: str, at: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`cartagena ARGS` given SIGINT when it (or one of its workers) first opens a path under `at`."""
    with tempfile.TemporaryDirectory() as flags:
        return subprocess.run(
            [sys.executable, "-c", INTERRUPT, str(ROOT), *args], cwd=cwd, capture_output=True, text=True, timeout=180,
            env={**os.environ, "CARTAGENA_TEST_INTERRUPT_AT": os.path.abspath(at), "CARTAGENA_TEST_INTERRUPT_FLAG": os.path.join(flags, "fired")},
            stdin=subprocess.DEVNULL,
        )


def stderr_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Standard error without the line saying the pure-Python engine runs (when durable_rules cannot)."""
    return [line for line in result.stderr.splitlines() if FALLBACK not in line]
