"""Work on a batch's items in worker processes, results in the items' order (`check --jobs N`).

Why its own small pool, not `multiprocessing.Pool` or `concurrent.futures`: the order of the output
is the order of the inputs whatever process finishes first, memory stays flat however far the
workers could run ahead of a slow reader (a window of chunks per worker), a worker that dies is an
error at once (a Pool waits for ever), no thread is started (Python 3.12 warns on fork with
threads), and Ctrl+C and SIGTERM stay the command line's: workers ignore SIGINT, die quietly on
SIGTERM, and are stopped by the parent on any exception, so no partial output is left behind
(engine.output discards the file).

Workers are forked: they inherit the run as the parent built it (rules, engine, reporter: nothing
is built again, nothing is pickled but the items' indexes going out and the results coming back).
Where the system cannot fork (Windows), `available_jobs` is 1 and a batch runs in one process.
The parent's standard streams are flushed before forking, and a worker leaves with `os._exit`, so
nothing the parent had buffered is ever written twice.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WINDOW = 3
"""Chunks sent ahead to each worker: enough to keep it busy while the parent writes, few enough
that results waiting to be written stay a few chunks."""


def can_fork() -> bool:
    import multiprocessing  # (here: a run of one process, one profile's check, never loads it: 8 ms)

    return "fork" in multiprocessing.get_all_start_methods()


def available_jobs() -> int:
    """The cores this process may run on (its affinity: `taskset -c 0` gives 1), where workers can
    be forked; else 1."""
    if not can_fork():
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no sched_getaffinity (macOS)
        return max(1, os.cpu_count() or 1)


def chunk_size(items: int, jobs: int) -> int:
    """Items per message: some tens of messages per worker, at most 16 items each."""
    return max(1, min(16, items // (jobs * 8)))


class WorkerFailed(RuntimeError):
    """A worker raised (the message is what it raised, one line; `details` its traceback) or ended
    without answering."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


class WorkerTraceback(Exception):
    """The worker's own traceback, as the cause of its WorkerFailed."""


def _serve(connection: Any, work: Callable[[Any], Any], items: Sequence[Any], parents_ends: Sequence[Any]) -> None:
    """A worker: results of `work` for each (start, stop) range of `items` it is sent, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches every process of the terminal: the parent answers it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler would raise in here
    _unblock_stops()  # blocked by the parent over the fork: one that came meanwhile acts now, as set above
    # the parent's ends of the pipes, its own and the earlier workers', came with the fork: kept open
    # here, a worker would never see the end of its input if the parent died, and would live on
    # (holding the command's standard error open for whoever waits to read it to the end)
    for end in parents_ends:
        end.close()
    code = 0
    try:
        while True:
            task = connection.recv()
            if task is None:
                break
            try:
                results = [work(items[index]) for index in range(*task)]
            except BaseException:  # noqa: BLE001 - said to the parent, which stops the run
                details = traceback.format_exc()
                connection.send((False, (details.strip().splitlines()[-1], details)))
                code = 1
                break
            connection.send((True, results))
    except (EOFError, OSError):  # the parent has gone
        code = 1
    finally:
        os._exit(code)  # no atexit, no flush of what the parent had buffered


_STOPS = (signal.SIGINT, signal.SIGTERM)


def _block_stops() -> Any:
    """Blocks Ctrl+C and SIGTERM in this thread (the mask a forked worker starts with), so that a
    worker is never stopped while it still has the parent's handlers: Terminated raised inside
    multiprocessing's start of the worker printed a traceback on the terminal (seen in a loaded
    test run: `check --jobs 2` stopped by Ctrl+C while a worker was being started). Returns the
    mask to restore, or None where signals cannot be masked."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - no fork there either
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)


def _unblock_stops() -> None:
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)


def _send(process: Any, connection: Any, task: Any) -> None:
    """Sends `task` to a worker; one that has died is a WorkerFailed (never a BrokenPipeError, which
    the command line takes for its standard output closed)."""
    try:
        connection.send(task)
    except OSError as exc:
        raise _ended(process) from exc


def _ended(process: Any) -> WorkerFailed:
    process.join(5)
    return WorkerFailed(f"a worker process ended without its results (exit code {process.exitcode})")


def ordered_map(work: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """`work(item)` for every item, in order, computed by `jobs` forked workers (or here, for one)."""
    if jobs <= 1 or len(items) <= 1 or not can_fork():
        for item in items:
            yield work(item)
        return
    jobs = min(jobs, len(items))
    size = chunk_size(len(items), jobs)
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for stream in (sys.stdout, sys.stderr):  # a forked copy of a buffer must be empty
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    workers: list[tuple[Any, Any]] = []
    try:
        for _ in range(jobs):
            parent_end, child_end = context.Pipe()
            parents_ends = [end for _, end in workers] + [parent_end]
            process = context.Process(target=_serve, args=(child_end, work, items, parents_ends), daemon=True)
            mask = _block_stops()
            try:
                process.start()
            finally:
                if mask is not None:  # a stop that came meanwhile reaches this process now
                    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            child_end.close()
            workers.append((process, parent_end))
        sent = 0
        # chunk k goes to worker k % jobs, so results come back in order from one worker after another
        for _ in range(min(len(chunks), jobs * WINDOW)):
            _send(*workers[sent % jobs], chunks[sent])
            sent += 1
        for index in range(len(chunks)):
            process, connection = workers[index % jobs]
            try:
                ok, payload = connection.recv()
            except (EOFError, OSError) as exc:
                raise _ended(process) from exc
            if not ok:
                raise WorkerFailed(*payload) from WorkerTraceback(payload[1])  # shown with CARTAGENA_DEBUG
            if sent < len(chunks):
                _send(process, connection, chunks[sent])  # sent % jobs == index % jobs: the same worker
                sent += 1
            yield from payload
        for process, connection in workers:
            _send(process, connection, None)
        for process, _ in workers:
            process.join()
    finally:
        for process, connection in workers:
            if process.is_alive():
                process.terminate()  # SIGTERM, its default action: gone without a word
            process.join()
            connection.close()
