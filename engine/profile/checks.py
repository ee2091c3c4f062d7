"""Checks a profile's schema cannot express: dates against the as-of date and the treaties' dates,
and declarations that contradict each other.

An `error` makes the profile invalid (exit 2). An `inconsistent` finding is flagged for a person to
look at but does not make the profile invalid (e.g. a Party that has not joined the Supplementary
Protocol declaring measures under it).
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from typing import Any, Literal

from ..profile.models import Profile

PROTOCOL_IN_FORCE = dt.date(2003, 9, 11)
"""The Cartagena Protocol entered into force on 11 September 2003."""
SUPPLEMENTARY_PROTOCOL_IN_FORCE = dt.date(2018, 3, 5)
"""The Supplementary Protocol entered into force on 5 March 2018 (plan, paragraph 20)."""

Severity = Literal["error", "inconsistent"]


@dataclass(frozen=True, order=True)
class SemanticProblem:
    pointer: str
    severity: Severity
    message: str
    code: str = "profile.check"  # the kind of problem (README "Problem codes")


def _date_keys() -> frozenset[str]:
    """Names of the profile's date fields (as_of, party_since, date, ...), read from the models."""
    from pydantic import BaseModel

    names: set[str] = set()
    seen: set[type] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            for annotation in (info.annotation, *typing.get_args(info.annotation)):
                for inner in (annotation, *typing.get_args(annotation)):
                    if inner is dt.date:
                        names.add(info.alias or name)
                    elif isinstance(inner, type) and issubclass(inner, BaseModel):
                        walk(inner)

    walk(Profile)
    return frozenset(names)


DATE_KEYS = _date_keys()


def _dates_after(node: Any, latest: str) -> list[tuple[str, str]]:
    """(JSON pointer, date) of every date in a valid profile's JSON data later than `latest` (YYYY-MM-DD
    strings compare as dates do). Walks the parsed data, not a pydantic dump, and builds a pointer
    only for a date it reports: this runs for every profile of a batch. A loop over a stack, not a
    recursive inner function: such a function refers to itself, a reference cycle that only the
    collector frees, one per profile."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, tuple[str, ...]]] = [(node, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if key in DATE_KEYS and isinstance(child, str):
                    if child > latest:
                        found.append((_pointer([*path, key]), child))
                elif isinstance(child, (dict, list)):
                    stack.append((child, (*path, key)))
        else:
            for index, child in enumerate(value):
                if isinstance(child, (dict, list)):
                    stack.append((child, (*path, str(index))))
    return found


_DATE_STRING = re.compile(rb'"(\d{4}-\d\d-\d\d)"')


def _may_have_dates_after(raw: bytes, latest: str) -> bool:
    """False only when no date of the file can be later than `latest`, read off its bytes: a valid
    profile writes every date as the string "YYYY-MM-DD" (anything else is refused), so its dates are
    among these tokens unless a `\\u` escape spells one. A cheap test on the bytes, so that the walk
    (`_dates_after`) runs only for a profile that may have such a date."""
    if b"\\u" in raw:
        return True
    return max(_DATE_STRING.findall(raw), default=b"") > latest.encode("ascii")


def _pointer(parts: list[str]) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def _declares_anything(section: Any) -> bool:
    """Whether a section holds anything but its fields' defaults and nulls (read from the instance:
    serializing it would build the section's own serializer, on the first profile that has it)."""
    fields = type(section).model_fields
    return any(
        value is not None and value != fields[name].get_default(call_default_factory=True) for name, value in section.__dict__.items()
    )


def check_profile(profile: Profile, data: dict[str, Any] | None = None, raw: bytes | None = None) -> list[SemanticProblem]:
    """Every problem found, sorted by pointer. `data` is the profile's JSON data, if at hand (the
    parsed file); else it is made from the model. `raw`: the file's bytes, if at hand (`data` parsed
    from them), which spare the walk over every date of a profile that has none too late."""
    problems: list[SemanticProblem] = []

    def add(pointer: str, severity: Severity, message: str, code: str | None = None) -> None:
        code = code or ("profile.inconsistent" if severity == "inconsistent" else "profile.check")
        problems.append(SemanticProblem(pointer, severity, message, code))

    party = profile.party
    as_of = party.as_of
    if data is None:
        data = profile.model_dump(mode="json", by_alias=True, exclude_unset=True)
    latest = as_of.isoformat()
    for pointer, value in _dates_after(data, latest) if raw is None or _may_have_dates_after(raw, latest) else ():
        add(pointer, "error", f"date {value} is after the profile's as-of date {latest}", "profile.date-after-as-of")

    if party.party_to_protocol_since is not None and party.party_to_protocol_since < PROTOCOL_IN_FORCE:
        add(
            "/party/party_to_protocol_since",
            "error",
            f"date {party.party_to_protocol_since.isoformat()} is before the Protocol entered into force (2003-09-11)",
        )

    status = party.supplementary_protocol
    if status is not None:
        if status.party_since is not None and status.party_since < SUPPLEMENTARY_PROTOCOL_IN_FORCE:
            add(
                "/party/supplementary_protocol/party_since",
                "error",
                f"date {status.party_since.isoformat()} is before the Supplementary Protocol entered into force (2018-03-05)",
            )
        if status.status != "party" and status.party_since is not None:
            add(
                "/party/supplementary_protocol/party_since",
                "inconsistent",
                f"a date of becoming a Party is given, but the status is '{status.status}'",
            )
        if status.status == "neither" and status.signed_on is not None:
            add("/party/supplementary_protocol/signed_on", "inconsistent", "a signature date is given, but the status is 'neither'")
        if status.status == "party" and status.process_towards_joining is not None:
            add(
                "/party/supplementary_protocol/process_towards_joining",
                "inconsistent",
                "a process towards joining is declared, but the Party is already a Party to the Supplementary Protocol",
            )
        if status.status != "party" and _declares_anything(profile.liability_and_redress):
            add(
                "/liability_and_redress",
                "inconsistent",
                "measures under the Supplementary Protocol are declared, but the Party is not a Party to it "
                f"(status '{status.status}'); its obligations bind only its Parties",
            )

    framework = profile.national_biosafety_framework
    for pointer, instruments in (
        ("/national_biosafety_framework/instruments/answer", framework.instruments),
        ("/liability_and_redress/instruments/answer", profile.liability_and_redress.instruments),
    ):
        if instruments is not None:
            if "instrument.none" in instruments.answer and len(instruments.answer) > 1:
                add(pointer, "error", "'instrument.none' cannot be combined with other instruments")
            if len(set(instruments.answer)) != len(instruments.answer):
                add(pointer, "error", "an instrument is listed twice")

    authorities = framework.competent_national_authorities
    if authorities is not None:
        pointer = "/national_biosafety_framework/competent_national_authorities"
        if authorities.answer == "false" and authorities.authorities:
            add(pointer, "inconsistent", "authorities are listed, but the answer says none has been designated")
        if authorities.answer == "true" and not authorities.authorities:
            add(pointer, "inconsistent", "the answer says an authority has been designated, but none is listed")
        coordination = framework.cna_coordination
        count = len(authorities.authorities)
        if coordination is not None:
            if coordination.answer == "false.oneCna" and count > 1:
                add("/national_biosafety_framework/cna_coordination", "inconsistent", f"answers 'only one authority', but {count} are listed")
            if coordination.answer == "false.noCna" and count > 0:
                add("/national_biosafety_framework/cna_coordination", "inconsistent", f"answers 'no authority', but {count} are listed")

    notified = framework.authorities_notified_to_secretariat
    if notified is not None and notified.answer == "false" and notified.date is not None:
        add("/national_biosafety_framework/authorities_notified_to_secretariat/date", "inconsistent", "a date is given, but the answer is 'false'")

    staff = framework.qualified_staff
    if staff is not None and staff.answer == "false" and staff.number is not None:
        add("/national_biosafety_framework/qualified_staff/number", "inconsistent", "a number of staff is given, but the answer is 'false'")

    for cycle in ("fourth", "fifth"):
        report = getattr(profile.national_reports, cycle)
        if report is not None and report.answer == "false" and (report.submitted_on is not None or report.complete is not None):
            add(f"/national_reports/{cycle}", "inconsistent", "details of a submission are given, but the answer says it was not submitted")

    contacts = profile.biosafety_clearing_house.mandatory_information.d
    if contacts is not None and contacts.answer == "true.availableOnBch" and authorities is not None and authorities.answer == "false":
        add(
            "/biosafety_clearing_house/mandatory_information/d",
            "inconsistent",
            "contact details of the competent national authorities are declared available and in the BCH, "
            "but no competent national authority is designated",
        )

    if party.gef_star_eligible is False and profile.resources.star_used_for_biosafety is not None:
        if profile.resources.star_used_for_biosafety.answer == "true":
            add("/resources/star_used_for_biosafety", "inconsistent", "a STAR allocation was used, but the Party is declared not eligible for STAR")
    if party.gef_star_eligible is True and profile.resources.star_used_for_biosafety is not None:
        if profile.resources.star_used_for_biosafety.answer == "false.na":
            add("/resources/star_used_for_biosafety", "inconsistent", "answered 'not applicable', but the Party is declared eligible for STAR")

    issues = profile.compliance.non_compliance_issues
    if issues is not None:
        if issues.answer == "true" and "issues" in issues.model_fields_set and not issues.issues:
            add("/compliance/non_compliance_issues", "inconsistent", "the answer says issues were identified, but the list of issues is empty")
        if issues.answer == "false" and issues.issues:
            add("/compliance/non_compliance_issues", "inconsistent", "issues are listed, but the answer says none was identified")
        for index, issue in enumerate(issues.issues):
            if issue.status == "open" and issue.resolved_on is not None:
                add(f"/compliance/non_compliance_issues/issues/{index}/resolved_on", "inconsistent", "a resolution date is given, but the status is 'open'")
            if issue.resolved_on and issue.identified_on and issue.resolved_on < issue.identified_on:
                add(f"/compliance/non_compliance_issues/issues/{index}/resolved_on", "error", "resolved before it was identified")

    problems.extend(_procedure_problems(profile))

    socio = profile.socio_economic_considerations
    if socio.chooses_to_take_into_account is not None and socio.chooses_to_take_into_account.answer == "false":
        if socio.taken_into_account_in_decisions is not None and socio.taken_into_account_in_decisions.answer in ("true", "true.some"):
            add(
                "/socio_economic_considerations/taken_into_account_in_decisions",
                "inconsistent",
                "socio-economic considerations were taken into account in decisions, but the Party declares it does not choose to",
            )
    return sorted(set(problems))


# NR5 asks these questions only when an earlier answer opens them: (declaration, the one that opens it,
# the answer that opens it, its NR5 question). An answer given while the opening one says otherwise
# is flagged for a person to look at (the rules read each as declared).
OPENED_BY = (
    ("receipt_acknowledged_within_90_days", "notifications_received", "true", "22"),
    ("decision_communicated_to_notifier", "notifications_received", "true", "22"),
    ("decision_communicated_to_bch", "notifications_received", "true", "22"),
    ("decision_categories", "decisions_taken", "true", "26"),
    ("reasons_for_conditions", "decision_categories", "3EFF4792-A896-4DC7-9945-04FE9C8B5B4F", "27"),
    ("reasons_for_prohibition", "decision_categories", "6DD1B161-4CDB-4900-BD31-DBB97E86B2AE", "27"),
    ("review_requested", "decisions_reviewed", "true", "38"),
    ("review_initiated", "decisions_reviewed", "true", "38"),
    ("review_request_answered_within_90_days", "review_requested", "true", "40"),
    ("review_notifier_informed_within_30_days", "review_initiated", "true", "42"),
    ("review_bch_informed_within_30_days", "review_initiated", "true", "42"),
)


def _procedure_problems(profile: Profile) -> list[SemanticProblem]:
    procedures = profile.national_biosafety_framework.procedures
    found = []
    for name, opener, opening, question in OPENED_BY:
        declared, by = getattr(procedures, name), getattr(procedures, opener)
        if declared is None or by is None:
            continue
        answer = by.answer
        if opening not in (answer if isinstance(answer, tuple) else (answer,)):
            found.append(
                SemanticProblem(
                    f"/national_biosafety_framework/procedures/{name}",
                    "inconsistent",
                    f"answered, but NR5 asks it only when question {question} ({opener}) answers {opening!r}",
                    "profile.inconsistent",
                )
            )
    return found
