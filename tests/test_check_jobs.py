"""`check --jobs N` (issue 25): a batch checked by forked worker processes (engine/pool.py) gives
the report one process gives, byte for byte and in the files' order, in every format, with
invalid files, skipped files and waivers among them; and the pool itself keeps order, stops on a
worker's failure, and leaves no worker behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine import pool
from engine.commands.check import POOL_FROM
from engine.reporters import FORMATS
from tests.clirun import ROOT
from tests.test_waivers import DAY, WAIVERS


def batch(folder: Path, copies: int = 1) -> Path:
    """The example profiles (each `copies` times, under other names), an invalid one and a file that
    is not a profile, in one folder."""
    folder.mkdir()
    for number in range(copies):
        for profile in sorted((ROOT / "profiles").glob("*.json")):
            shutil.copy(profile, folder / f"{number:02d}-{profile.name}")
    (folder / "05-broken.json").write_text('{"party": {"name": "Brokenland"', encoding="utf-8")
    (folder / "06-not-a-profile.json").write_text(json.dumps({"party": {"name": "Nowhere", "code": "XNW", "as_of": "2026-13-01"}}), encoding="utf-8")
    return folder


def check(folder: Path, output_format: str, *jobs: str, waivers: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    args = ["check", str(folder), "--format", output_format, "--engine", "python", "--fail-on", "any", *jobs]
    args += ["--waivers", str(waivers)] if waivers is not None else []
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args], cwd=folder.parent, capture_output=True, timeout=300,
        env={**os.environ, **DAY}, stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_every_format_is_the_same_bytes_whatever_the_jobs(tmp_path: Path, output_format: str) -> None:
    folder = batch(tmp_path / "batch")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVERS, encoding="utf-8")
    one = check(folder, output_format, "--jobs", "1", waivers=waivers)
    assert one.returncode == 2, one.stderr  # the invalid file
    assert one.stdout
    for jobs in ("2", "3"):
        many = check(folder, output_format, "--jobs", jobs, waivers=waivers)
        assert (many.returncode, many.stdout, many.stderr) == (one.returncode, one.stdout, one.stderr), f"--jobs {jobs}"


@pytest.mark.parametrize(("output_format", "lang"), [("text", "ar"), ("markdown", "ar"), ("html", "ar"), ("text", "fr"), ("json", "zh")])
def test_a_report_in_another_language_is_the_same_bytes_whatever_the_jobs(tmp_path: Path, output_format: str, lang: str) -> None:
    """Translated words, localized numbers and (in Arabic) isolated Latin runs: made in the workers,
    the same as one process makes them."""
    folder = batch(tmp_path / "batch")
    one = check(folder, output_format, "--lang", lang, "--jobs", "1")
    two = check(folder, output_format, "--lang", lang, "--jobs", "2")
    assert one.stdout and (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


def test_a_large_batch_uses_the_cores_by_default_and_says_the_same(tmp_path: Path) -> None:
    copies = -(-POOL_FROM // 7)
    folder = batch(tmp_path / "batch", copies)
    assert len(list(folder.glob("*.json"))) >= POOL_FROM
    one = check(folder, "json", "--jobs", "1")
    default = check(folder, "json")
    assert (default.returncode, default.stdout, default.stderr) == (one.returncode, one.stdout, one.stderr)
    files = [profile["file"] for profile in json.loads(one.stdout)["profiles"]]
    assert files == sorted(files)  # the files' order, not the order workers finished in


def test_the_default_is_the_cores_this_process_may_use() -> None:
    if hasattr(os, "sched_getaffinity") and pool.can_fork():
        assert pool.available_jobs() == len(os.sched_getaffinity(0))
    assert pool.available_jobs() >= 1


def slow_for_small(item: int) -> int:
    """Later items finish first: the order out must still be the order in."""
    if item < 3:
        time.sleep(0.05)
    return item * item


@pytest.mark.skipif(not pool.can_fork(), reason="no fork here")
def test_the_pool_gives_results_in_the_items_order() -> None:
    items = list(range(200))
    assert list(pool.ordered_map(slow_for_small, items, 3)) == [item * item for item in items]
    assert list(pool.ordered_map(slow_for_small, [], 3)) == []


def fails_on_seven(item: int) -> int:
    if item == 7:
        raise ValueError("seven is not allowed")
    return item


@pytest.mark.skipif(not pool.can_fork(), reason="no fork here")
def test_a_worker_that_raises_stops_the_run_with_its_traceback() -> None:
    results = []
    with pytest.raises(pool.WorkerFailed) as failed:
        for result in pool.ordered_map(fails_on_seven, list(range(40)), 2):
            results.append(result)
    assert results == list(range(len(results))) and len(results) < 40
    assert str(failed.value) == "ValueError: seven is not allowed"  # one line for the command line's message
    assert "fails_on_seven" in failed.value.details and "fails_on_seven" in str(failed.value.__cause__)  # shown with CARTAGENA_DEBUG


def exits_on_five(item: int) -> int:
    if item == 5:
        os._exit(9)
    return item


@pytest.mark.skipif(not pool.can_fork(), reason="no fork here")
def test_a_worker_that_dies_is_an_error_not_a_wait() -> None:
    with pytest.raises(pool.WorkerFailed, match="ended without its results"):
        list(pool.ordered_map(exits_on_five, list(range(40)), 2))


ORPHANS = """
import os, signal, sys, time
sys.path.insert(0, sys.argv[1])
from engine import pool
def work(item):
    print(os.getpid(), flush=True)  # each worker says who it is, once per item
    time.sleep(0.01)
    return item
results = pool.ordered_map(work, list(range(4)), 2)
next(results)
os.kill(os.getpid(), signal.SIGKILL)  # the parent dies with no chance to stop its workers
"""


@pytest.mark.skipif(not pool.can_fork(), reason="no fork here")
def test_workers_end_when_the_parent_dies() -> None:
    """A worker must see the end of its pipe when the parent is gone (it used to keep the parent's end
    open, and lived on holding the command's standard error)."""
    done = subprocess.run([sys.executable, "-c", ORPHANS, str(ROOT)], capture_output=True, text=True, timeout=120)  # a hang fails here
    assert done.returncode == -signal.SIGKILL
    assert {int(line) for line in done.stdout.split()}  # the workers had started
    # subprocess.run returned: standard output and error reached their end, so no worker holds them
    # any more (an orphaned worker, blocked reading its pipe, kept them open: the run hung)


STOPPED_AT_FORK = """
import os, signal, sys
sys.path.insert(0, sys.argv[1])
from engine import pool
class Terminated(BaseException):
    pass
def handler(signum, frame):  # as the command line's: raises
    raise Terminated
signal.signal(signal.SIGTERM, handler)
# SIGTERM reaches each worker the moment it is forked, before it sets its own handlers
os.register_at_fork(after_in_child=lambda: os.kill(os.getpid(), signal.SIGTERM))
try:
    list(pool.ordered_map(abs, list(range(40)), 2))
except pool.WorkerFailed as exc:
    print(exc)
"""


@pytest.mark.skipif(not pool.can_fork(), reason="no fork here")
def test_a_worker_stopped_as_it_starts_dies_quietly() -> None:
    """A stop that reaches a worker before it has set its own handlers waits for them (the parent
    blocks SIGINT and SIGTERM over the fork): the parent's handler raised in the new worker, and
    multiprocessing printed its traceback on the terminal."""
    result = subprocess.run([sys.executable, "-c", STOPPED_AT_FORK, str(ROOT)], capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("a worker process ended without its results (exit code -15)"), result.stdout + result.stderr
    assert result.stderr == ""
