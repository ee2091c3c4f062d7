"""The run's clock, in one place: when a report was made, and the day waivers are judged on.

`SOURCE_DATE_EPOCH` (seconds since 1970-01-01 UTC, the reproducible-builds convention) fixes it, so
tests and archived runs give byte-identical output; otherwise it is the current time in UTC.

As the convention asks (https://reproducible-builds.org/specs/source-date-epoch/: "If the value is
malformed, the build process SHOULD exit with a non-zero error code"), a value that is not a whole
number of seconds from 0 to 253402300799 (the last second of 9999, the last a date can hold) stops
the command with exit 2 and says so; an empty value is the same as none.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timezone

from .exit_codes import Stop

LATEST_EPOCH = 253402300799
"""9999-12-31T23:59:59Z: the last second a date can hold."""
_DIGITS = re.compile(r"[0-9]+")


def epoch() -> int | None:
    """SOURCE_DATE_EPOCH as a number of seconds, None when unset or empty; a Stop when malformed."""
    written = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not written.strip():
        return None
    value = written.strip()
    if not _DIGITS.fullmatch(value) or int(value) > LATEST_EPOCH:
        raise Stop(
            f"SOURCE_DATE_EPOCH={written!r} is not a time: it must be a whole number of seconds since "
            f"1970-01-01 UTC, from 0 to {LATEST_EPOCH} (as `date +%s` prints it); unset it to use the current time"
        )
    return int(value)


def run_time() -> datetime:
    """When the run happened: SOURCE_DATE_EPOCH when set, else now (UTC)."""
    seconds = epoch()
    if seconds is not None:
        return datetime.fromtimestamp(seconds, timezone.utc)
    return datetime.now(timezone.utc)


def today() -> date:
    """The day of the run (UTC): a waiver whose expiry date is before it no longer applies."""
    return run_time().date()


def local_today() -> date:
    """The day a person means by "today" (a default `as_of`): the computer's local date, or the day
    of SOURCE_DATE_EPOCH when that is set (reproducible output)."""
    seconds = epoch()
    if seconds is not None:
        return datetime.fromtimestamp(seconds, timezone.utc).date()
    return date.today()
