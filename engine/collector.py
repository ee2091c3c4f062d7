"""The garbage collector in a batch (`check`, `indicators`, `validate`): left on, tuned once the run
has started; and paused while a command loads its modules."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

BATCH_THRESHOLD = 50_000
"""New containers between two collections of the youngest generation during a batch (Python's
default: 700)."""


@contextmanager
def loading() -> Iterator[None]:
    """The collector paused while modules load, then as it was. Loading pydantic and the profile
    models makes tens of thousands of containers that all live for the whole run and leaves next
    to no garbage; at Python's default threshold the collector went over them about 35 times during
    a cold `validate` of one profile, finding nothing: some 7 ms of its 150 (issue 25). Call
    `settle_for_batch` before leaving, or the first allocation after it scans them all at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle_for_batch() -> None:
    """What is loaded so far lives for the whole run: `gc.freeze` moves it out of the collector's
    sight (and a forked worker's copy of it stays shared with the parent, untouched). The collector
    stays on, but runs after every BATCH_THRESHOLD new containers instead of 700: a profile makes
    thousands of dicts and lists, all freed by their reference counts (no cycle is left per profile:
    tests/test_no_leak.py), and a collection every few hundred of them cost 5-8 % of a batch."""
    gc.freeze()
    gc.set_threshold(BATCH_THRESHOLD, *gc.get_threshold()[1:])
