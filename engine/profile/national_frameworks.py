"""The profile format, goal A.1 of the Implementation Plan: functional national biosafety frameworks
(the national focal point, the competent national authorities, instruments, staff; the procedures
of Articles 8 to 12 and 21 are in `engine.profile.procedures`). Part of `engine.profile.models`,
apart for size."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..profile.declarations import (
    MAX_ITEMS,
    Adequacy,
    Dated,
    EvidenceList,
    Implementation,
    StrictModel,
    YesNo,
    YesSomeNo,
    absent,
    declared,
    evidence_field,
    text_field,
)
from ..profile.procedures import Procedures


# --- A.1 Functional national biosafety frameworks ------------------------------------------------

InstrumentCode = Literal[
    "instrument.nationalBiosafetyLaws",
    "instrument.nationalBiosafetyRegulations",
    "instrument.biosafetyGuidelines",
    "instrument.indirectLaws",
    "instrument.none",
]


class Instruments(StrictModel):
    """Which instruments are in place (NR5 Q8, select all that apply)."""

    answer: tuple[InstrumentCode, ...] = Field(
        description="`instrument.nationalBiosafetyLaws` = One or more national biosafety laws; "
        "`instrument.nationalBiosafetyRegulations` = One or more national biosafety regulations; "
        "`instrument.biosafetyGuidelines` = One or more sets of biosafety guidelines; "
        "`instrument.indirectLaws` = Other laws, regulations or guidelines that indirectly apply to biosafety; "
        "`instrument.none` = No instruments are in place (alone).",
        min_length=1,
        max_length=5,
    )
    evidence: EvidenceList = evidence_field()


class NationalFocalPoint(StrictModel):
    """The national focal point for the Protocol (Article 19.1)."""

    answer: Literal["true", "false"] = Field(description="Has a national focal point been designated? `true` / `false`.")
    name: str | None = text_field("Name and title of the national focal point.", max_length=300)
    institution: str | None = text_field("Institution of the national focal point.", max_length=300)
    bch_record: str | None = Field(None, description="BCH record identifier of the national focal point.", pattern=r"^\S{1,100}$")
    evidence: EvidenceList = evidence_field()


class CompetentNationalAuthority(StrictModel):
    """One competent national authority (designated under Article 19.1)."""

    name: str = Field(description="Name of the competent national authority.", min_length=1, max_length=300)
    responsibilities: str | None = text_field(
        "Its responsibilities (required by Article 19.2 where more than one authority is designated).", max_length=2000
    )
    bch_record: str | None = Field(None, description="BCH record identifier of the authority.", pattern=r"^\S{1,100}$")


class CompetentNationalAuthorities(StrictModel):
    """The competent national authorities (Article 19.1; notified to the Secretariat under Article 19.2)."""

    answer: Literal["true", "false"] = Field(
        description="Has at least one competent national authority been designated? `true` / `false`."
    )
    authorities: tuple[CompetentNationalAuthority, ...] = Field(
        (), description="Each designated competent national authority.", max_length=MAX_ITEMS
    )
    evidence: EvidenceList = evidence_field()


class QualifiedStaff(StrictModel):
    """Qualified staff for biosafety functions (NR5 Q11, Q12)."""

    answer: Literal["true", "false"] = Field(description="NR5 Q11: are there qualified staff? `true` / `false`.")
    number: Literal["1+", "5+", "10+"] | None = Field(
        None, description="NR5 Q12: how many: `1+` = 1 to 4; `5+` = 5 to 9; `10+` = 10 or more."
    )
    adequate: Literal["true", "false"] | None = Field(None, description="NR5 Q12_adq: is this number adequate? `true` / `false`.")
    evidence: EvidenceList = evidence_field()


CoordinationOfAuthorities = Literal["true", "false", "false.noCna", "false.oneCna"]


class CnaCoordination(StrictModel):
    """NR5 Q98: coordination among several competent national authorities."""

    answer: CoordinationOfAuthorities = Field(
        description="`true` = Yes; `false` = No; `false.noCna` = Not applicable, no competent national authority was designated; "
        "`false.oneCna` = Not applicable, only one competent national authority was designated."
    )
    evidence: EvidenceList = evidence_field()


class NationalBiosafetyFramework(StrictModel):
    """Goal A.1: Parties have in place functional national biosafety frameworks (Articles 2, 8 to 12, 17, 19, 21)."""

    national_measures: Implementation | None = declared(
        "Has the Party introduced the necessary national measures for the implementation of the Protocol?", "Q007", goal="A.1"
    )
    instruments: Instruments | None = declared(
        "Which specific instruments are in place for the implementation of national biosafety measures; cite each in evidence.",
        "Q008", "Q008_a", goal="A.1",
    )
    mainstreaming: YesSomeNo | None = declared(
        "Is biosafety integrated in national sectoral and cross-sectoral strategies, action plans, programmes, policies or legislation?",
        "Q009", goal="A.1",
    )
    national_focal_point: NationalFocalPoint | None = declared(
        "The national focal point for the Protocol (Article 19.1); its contact details are mandatory BCH information.",
        "Q102_d", goal="A.1",
    )
    competent_national_authorities: CompetentNationalAuthorities | None = declared(
        "The competent national authorities (Article 19.1), each with its responsibilities (Article 19.2).", "Q102_d", "Q098", goal="A.1"
    )
    authorities_notified_to_secretariat: Dated | None = declared(
        "Has the Party notified the Secretariat of its national focal point and competent national authorities (Article 19.2), and when?",
        "Q102_d", goal="A.1",
    )
    emergency_contact_point: YesNo | None = declared(
        "Has the Party made available to the BCH its point of contact for receiving notifications of unintentional "
        "transboundary movements, the emergency contact point (Article 17.2)?",
        "Q102_d", goal="A.1",
    )
    cna_coordination: CnaCoordination | None = declared(
        "Where more than one competent national authority is designated, is there a mechanism to coordinate their actions?",
        "Q098", goal="A.1",
    )
    cna_institutional_capacity: YesSomeNo | None = declared(
        "Is there adequate institutional capacity for the competent national authority(ies) to perform their administrative functions?",
        "Q099", goal="A.1",
    )
    collaboration_initiatives: YesNo | None = declared(
        "Initiatives to strengthen collaboration among national focal points, competent national authorities and other institutions.",
        "Q100", goal="A.1",
    )
    national_budget: Adequacy | None = declared(
        "Does the Party have resources for biosafety from national budgets, and are they adequate?", "Q010", "Q010_adq", goal="A.1"
    )
    qualified_staff: QualifiedStaff | None = declared(
        "Does the Party have qualified staff to administer functions directly related to biosafety; how many; adequate?",
        "Q011", "Q012", "Q012_adq", goal="A.1",
    )
    procedures: Procedures = Field(
        default_factory=absent(Procedures),
        description="The procedures of Articles 6.2 and 8 to 12 (contained use, advance informed agreement, food, feed or "
        "processing, review of decisions) and 21 (confidential information): NR5 questions 18 to 43, 109 and 110.",
    )
