"""Progress of a long batch (files done, rate) on standard error, only when it is a terminal.

Machine output (stdout) never carries it, and nor does a redirected or piped stderr (CI logs): the
line is redrawn in place with a carriage return, which only a terminal shows well.
"""

from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, TextIO, TypeVar

T = TypeVar("T")

FIRST_AFTER_S = 1.0
"""Nothing is shown for a batch done sooner: a one-file run stays quiet."""
EVERY_S = 0.5


def with_progress(items: Iterable[T], what: str = "files", stream: TextIO | None = None) -> Iterator[T]:
    """`items` as they are, showing on `stream` (stderr) how many were done and how fast."""
    stream = sys.stderr if stream is None else stream
    try:
        shown = stream.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        shown = False
    if not shown:
        yield from items
        return
    start = time.monotonic()
    next_at = start + FIRST_AFTER_S
    done = 0
    drawn = False
    try:
        for item in items:
            yield item
            del item  # not kept while the next one is made: a batch holds one file at a time
            done += 1
            now = time.monotonic()
            if now >= next_at:
                next_at = now + EVERY_S
                stream.write(f"\r{done:,} {what} done, {done / (now - start):,.0f} {what}/s")
                stream.flush()
                drawn = True
    finally:
        if drawn:
            stream.write("\r\033[K")  # clear the line: what follows on stderr starts clean
            stream.flush()
