"""The project's files as a checkout holds them (tracked, and untracked but not ignored, as the
working tree has them now), copied elsewhere: what the GitHub Action, pre-commit and the wheel
build see, without building or writing anything inside the repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clirun import ROOT


def source_files() -> list[str]:
    """The repository's files (paths relative to the root); skips where it is not a git checkout."""
    listed = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode:
        pytest.skip("the repository is not a git checkout: cannot tell its files")
    return [name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()]


def copy_source(destination: Path) -> Path:
    """A copy of the working tree's files in `destination` (which must not hold them yet)."""
    for name in source_files():
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    return destination
