"""Dates a person probably did not mean: warnings on standard error, never errors.

A profile's `as_of` outside the span this tool is made for (a typo such as 1900 for 2019, or 2099
for 2029) is still a valid profile, so it is checked as it is; but a finding "met as of 2099" would
mislead, so each command says so once per file. The span: from the start of the year the fourth
national reports were due (the earliest reporting cycle the profile format follows,
`NationalReports.fourth`) to the end of the plan's period (2021-2030). The computer's clock plays no
part: the same profile gets the same words on any day (a later cycle prepared ahead is no typo).
"""

from __future__ import annotations

import datetime as dt

from ..loader import Document, Problem
from .models import Profile

PLAN_PERIOD: tuple[int, int] = (2021, 2030)
"""The plan's period, as `rules/catalog/plan.yaml` says it (a test keeps the two equal): read here
without loading the catalog, so `validate` stays fast to start."""
FOURTH_REPORT_DUE = dt.date(2019, 10, 1)
"""The fourth national report was due on 1 October 2019 (the profile's `national_reports.fourth`)."""
FIFTH_REPORT_DUE = dt.date(2026, 2, 28)
"""The fifth national report was due on 28 February 2026 (`national_reports.fifth`)."""
EARLIEST = dt.date(FOURTH_REPORT_DUE.year, 1, 1)
LATEST = dt.date(PLAN_PERIOD[1], 12, 31)


def date_warnings(profile: Profile | None, document: Document | None) -> list[Problem]:
    """The warnings of one valid profile (none for an invalid one, `profile` None: its errors say enough)."""
    if profile is None or document is None:
        return []
    as_of = profile.party.as_of
    if as_of > LATEST:
        message = (
            f"warning: as_of {as_of.isoformat()} is after the plan's period ({PLAN_PERIOD[0]}-{PLAN_PERIOD[1]}): "
            "a typo?; the profile is checked as written"
        )
    elif as_of < EARLIEST:
        message = (
            f"warning: as_of {as_of.isoformat()} is before the plan's period ({PLAN_PERIOD[0]}-{PLAN_PERIOD[1]}) "
            f"and the reporting cycles this format follows (fourth report due {FOURTH_REPORT_DUE.isoformat()}, "
            f"fifth due {FIFTH_REPORT_DUE.isoformat()}): a typo?; the profile is checked as written"
        )
    else:
        return []
    return [document.problem("/party/as_of", message, code="profile.implausible-date")]
