"""Building blocks of a profile: evidence, and declarations answered on the NR5 scales.

A declaration that is absent from a profile is "not declared", which is not the same as a declared
"no" (`"answer": "false"`). Answer codes are the fifth national report's own (`true`, `true.some`,
`false`, ...), so a profile can be filled from a report and the other way round.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..i18n import N_
from ..pydantic_plugins import skip_plugin_lookup

skip_plugin_lookup()  # before the first model is built

MAX_TEXT = 10_000
MAX_ITEMS = 200


class StrictModel(BaseModel):
    # A typo must never silently drop a declaration: unknown properties are errors.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True, defer_build=True)


def text_field(description: str, *, max_length: int = MAX_TEXT) -> Any:
    return Field(None, description=description, min_length=1, max_length=max_length)


class Evidence(StrictModel):
    """One piece of evidence for a declaration. At least one of its fields is given."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    instrument: str | None = text_field(
        "Citation of the legal instrument (law, regulation, decree, guideline) that puts the measure in place, "
        "e.g. 'Biosafety Act 2019, section 12'.",
        max_length=1000,
    )
    bch_record: str | None = Field(
        None,
        description="Identifier of the record in the Biosafety Clearing-House, e.g. 'BCH-CNA-XEA-12345-1'.",
        pattern=r"^\S{1,100}$",
    )
    url: str | None = Field(
        None, description="Web address where the evidence can be read.", pattern=r"^https?://\S+$", max_length=2000
    )
    date: dt.date | None = Field(None, description="Date of the evidence (adoption, publication, notification), YYYY-MM-DD.")
    note: str | None = text_field("Free-text note.")

    @model_validator(mode="after")
    def _not_empty(self) -> "Evidence":
        values = tuple(self.__dict__.values())  # the fields' values (counted in C: a batch has thousands of entries)
        if values.count(None) == len(values):
            # marked for the catalogs: engine.plain_words says a model's own words through tr
            raise ValueError(N_("an evidence entry needs at least one of: instrument, bch_record, url, date, note"))
        return self


EvidenceList = tuple[Evidence, ...]


def evidence_field() -> Any:
    return Field(
        (),
        description="Evidence for this declaration: legal instrument, BCH record, URL, date or note.",
        max_length=MAX_ITEMS,
    )


def nr5(*keys: str, goal: str, note: str | None = None) -> dict[str, Any]:
    """Schema metadata of a declaration: the NR5 question(s) it answers and the plan goal it serves."""
    extra: dict[str, Any] = {"x-nr5": list(keys), "x-goal": goal}
    if note:
        extra["x-note"] = note
    return extra


def declared(description: str, *questions: str, goal: str, note: str | None = None) -> Any:
    """An optional declaration: absent means 'not declared'."""
    asked = f" (NR5 {', '.join(questions)})" if questions else " (no NR5 question asks this)"
    return Field(None, description=description + asked, json_schema_extra=nr5(*questions, goal=goal, note=note))


class YesNo(StrictModel):
    """A declaration answered Yes or No (NR5 codes `true`, `false`)."""

    answer: Literal["true", "false"] = Field(description="`true` = Yes; `false` = No.")
    evidence: EvidenceList = evidence_field()


class YesSomeNo(StrictModel):
    """A declaration answered Yes, Yes to some extent, or No (NR5 codes `true`, `true.some`, `false`)."""

    answer: Literal["true", "true.some", "false"] = Field(
        description="`true` = Yes; `true.some` = Yes, to some extent; `false` = No."
    )
    evidence: EvidenceList = evidence_field()


class YesNoNotApplicable(StrictModel):
    """A declaration answered Yes, No, or Not applicable (NR5 codes `true`, `false`, `false.na`)."""

    answer: Literal["true", "false", "false.na"] = Field(description="`true` = Yes; `false` = No; `false.na` = Not applicable.")
    evidence: EvidenceList = evidence_field()


class AlwaysSomeNo(StrictModel):
    """A declaration of practice answered Yes (always), In some cases only, or No (NR5 codes `true`, `true.some`, `false`)."""

    answer: Literal["true", "true.some", "false"] = Field(
        description="`true` = Yes, always; `true.some` = In some cases only; `false` = No."
    )
    evidence: EvidenceList = evidence_field()


class HowMany(StrictModel):
    """A count in NR5's bands (NR5 codes `0`, `1+`, `5+`, `10+`)."""

    answer: Literal["0", "1+", "5+", "10+"] = Field(description="`0` = None; `1+` = 1 to 4; `5+` = 5 to 9; `10+` = 10 or more.")
    evidence: EvidenceList = evidence_field()


class YesSomeNoNotApplicable(StrictModel):
    """NR5 codes `true`, `true.some`, `false`, `false.na`."""

    answer: Literal["true", "true.some", "false", "false.na"] = Field(
        description="`true` = Yes; `true.some` = Yes, to some extent / in some cases; `false` = No; `false.na` = Not applicable."
    )
    evidence: EvidenceList = evidence_field()


class Dated(StrictModel):
    """A Yes/No declaration with the date it happened (e.g. a notification to the Secretariat)."""

    answer: Literal["true", "false"] = Field(description="`true` = Yes; `false` = No.")
    date: dt.date | None = Field(None, description="When it happened, YYYY-MM-DD.")
    evidence: EvidenceList = evidence_field()


class Adequacy(StrictModel):
    """A Yes/No declaration followed by NR5's 'Is this adequate' question."""

    answer: Literal["true", "false"] = Field(description="`true` = Yes; `false` = No.")
    adequate: Literal["true", "false"] | None = Field(None, description="NR5 '_adq' question: are these adequate? `true` / `false`.")
    evidence: EvidenceList = evidence_field()


Availability = Literal["true.availableOnBch", "true.availablePartialyOnBch", "true.availableNotOnBch", "false.notAvailable"]


class BchAvailability(StrictModel):
    """A category of mandatory information: is it available, and is it in the BCH (NR5 question 102)."""

    answer: Availability = Field(
        description="`true.availableOnBch` = Information available and in the BCH; "
        "`true.availablePartialyOnBch` = Information available but only partially available in the BCH; "
        "`true.availableNotOnBch` = Information available but not in the BCH; "
        "`false.notAvailable` = Information not available. (The code 'Partialy' is spelt as the BCH stores it.)"
    )
    evidence: EvidenceList = evidence_field()


ImplementationLevel = Literal[
    "implementation.fullInPlace",
    "implementation.partiallyInPlace",
    "implementation.temporaryMeasures",
    "implementation.draftMeasures",
    "implementation.none",
]
IMPLEMENTATION_DESCRIPTION = (
    "`implementation.fullInPlace` = National measures are fully in place; "
    "`implementation.partiallyInPlace` = National measures are partially in place; "
    "`implementation.temporaryMeasures` = Only temporary measures have been introduced; "
    "`implementation.draftMeasures` = Only draft measures exist; "
    "`implementation.none` = No measures have yet been taken."
)


class Implementation(StrictModel):
    """How far national measures are in place (the NR5 question 7 / question 160 scale)."""

    answer: ImplementationLevel = Field(description=IMPLEMENTATION_DESCRIPTION)
    evidence: EvidenceList = evidence_field()


def absent(model: type[StrictModel]) -> Any:
    """The default factory of a part a profile leaves out: the model with every field at its
    default, made once without validating (there is nothing to validate), so only Profile's
    validator is ever built (`build_validator`), never a section's own on the first profile
    without it; the models are frozen, so the one instance serves every profile."""
    return functools.cache(model.model_construct)


__all__ = [
    "Adequacy",
    "AlwaysSomeNo",
    "Availability",
    "BchAvailability",
    "Dated",
    "Evidence",
    "HowMany",
    "Implementation",
    "ImplementationLevel",
    "StrictModel",
    "YesNo",
    "YesNoNotApplicable",
    "YesSomeNo",
    "YesSomeNoNotApplicable",
    "absent",
    "declared",
    "evidence_field",
    "nr5",
    "text_field",
]
