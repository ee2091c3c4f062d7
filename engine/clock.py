"""The run's clock, in one place: when a report was made, and the day waivers are judged on.

`SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention) fixes it, so tests and
archived runs give byte-identical output; otherwise it is the current time in UTC."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone


def run_time() -> datetime:
    """When the run happened: SOURCE_DATE_EPOCH when set, else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def today() -> date:
    """The day of the run (UTC): a waiver whose expiry date is before it no longer applies."""
    return run_time().date()
