"""The garbage collector in a batch (`check`, `indicators`, `validate`): left on, tuned once the run has started."""

from __future__ import annotations

import gc

BATCH_THRESHOLD = 50_000
"""New containers between two collections of the youngest generation during a batch (Python's
default: 700)."""


def settle_for_batch() -> None:
    """What is loaded so far lives for the whole run: `gc.freeze` moves it out of the collector's
    sight (and a forked worker's copy of it stays shared with the parent, untouched). The collector
    stays on, but runs after every BATCH_THRESHOLD new containers instead of 700: a profile makes
    thousands of dicts and lists, all freed by their reference counts (no cycle is left per profile:
    tests/test_no_leak.py), and a collection every few hundred of them cost 5-8 % of a batch."""
    gc.freeze()
    gc.set_threshold(BATCH_THRESHOLD, *gc.get_threshold()[1:])
