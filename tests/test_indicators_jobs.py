"""`indicators --jobs N` (issue 25): a batch read by forked workers gives the indicators one process
gives, byte for byte, with invalid and skipped files, a cycle to compare, and the lines on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.commands.check import POOL_FROM
from tests.clirun import ROOT
from tests.test_check_jobs import batch
from tests.test_waivers import DAY


def indicators(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "indicators", str(folder), "--engine", "python", *args],
        cwd=folder.parent, capture_output=True, timeout=300, env={**os.environ, **DAY}, stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("output_format", ["json", "csv", "text"])
def test_the_indicators_are_the_same_bytes_whatever_the_jobs(tmp_path: Path, output_format: str) -> None:
    folder = batch(tmp_path / "batch", -(-POOL_FROM // 7))  # enough files for the default to use the cores
    older = batch(tmp_path / "older")
    (folder / "07-implausible.json").write_text(  # a date warning, said on stderr in the files' order
        json.dumps({"party": {"name": "Oldland", "code": "XOL", "as_of": "2001-01-01"}}), encoding="utf-8"
    )
    args = ["--format", output_format, "--by", "region", "--compare", str(older)]
    one = indicators(folder, *args, "--jobs", "1")
    assert one.returncode == 2, one.stderr  # the invalid files, left out
    assert one.stdout and b"07-implausible.json" in one.stderr and b"05-broken.json" in one.stderr
    for jobs in (["--jobs", "2"], ["--jobs", "3"], []):
        many = indicators(folder, *args, *jobs)
        assert (many.returncode, many.stdout, many.stderr) == (one.returncode, one.stdout, one.stderr), jobs
