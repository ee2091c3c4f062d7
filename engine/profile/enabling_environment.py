"""The profile format, goals B.1 to B.4 of the Implementation Plan: its enabling environment
(capacity-building, resources, public awareness, education and participation, cooperation). Part of
`engine.profile.models`, apart for size."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..profile.declarations import (
    EvidenceList,
    StrictModel,
    YesNo,
    YesNoNotApplicable,
    YesSomeNo,
    declared,
    evidence_field,
)


# --- B.1 Capacity-building -------------------------------------------------------------------------


class CapacityBuilding(StrictModel):
    """Goal B.1: Parties engage in capacity-building activities (Article 22)."""

    needs_assessment: YesNo | None = declared(
        "In the current reporting period, has the Party carried out a capacity-building needs assessment?", "Q121", goal="B.1"
    )
    needs_remaining: YesNo | None = declared("Does the Party still have capacity-building needs?", "Q122", goal="B.1")
    needs_prioritized: YesNo | None = declared("Has the Party prioritized its capacity-building needs?", "Q124", goal="B.1")
    activities_undertaken: YesSomeNo | None = declared(
        "Activities for the development and/or strengthening of human resources and institutional capacities in biosafety.",
        "Q118", goal="B.1",
    )
    materials_used: YesNo | None = declared(
        "Did the Party use capacity-building materials, including online resources?", "Q120", goal="B.1"
    )
    cooperation: YesNo | None = declared(
        "Cooperation with other Parties in strengthening capacities for the implementation of the Protocol.", "Q155_e", goal="B.1"
    )
    coordination_mechanism: YesNo | None = declared(
        "A functional national mechanism for coordinating biosafety capacity-building initiatives.", "Q125", goal="B.1"
    )


# --- B.2 Resources ---------------------------------------------------------------------------------

FundingMobilized = Literal["USD0", "USD1-4999", "USD5000-49999", "USD50000-99999", "USD100000-499000", "USD500000+"]


class Funding(StrictModel):
    """NR5 Q153: funding mobilized, in US dollar bands."""

    answer: FundingMobilized = Field(description="The band, as NR5 codes it (e.g. `USD5000-49999`).")
    evidence: EvidenceList = evidence_field()


class Resources(StrictModel):
    """Goal B.2: Parties mobilize resources to support implementation of the Protocol (Article 28). The national budget
    for biosafety is declared once, under `national_biosafety_framework.national_budget`."""

    predictable_funding: YesSomeNo | None = declared(
        "Predictable and reliable funding for capacity-building needs for the effective implementation of the Protocol.",
        "Q112", goal="B.2",
    )
    star_used_for_biosafety: YesNoNotApplicable | None = declared(
        "In the current reporting period, has the Party used its GEF STAR allocation for biosafety activities?", "Q117", goal="B.2"
    )
    additional_resources: YesSomeNo | None = declared(
        "External support received for human resources and institutional capacities in biosafety.", "Q113", goal="B.2"
    )
    support_to_other_parties: YesNo | None = declared(
        "Support provided to other Parties for human resources and institutional capacities in biosafety.", "Q115", goal="B.2"
    )
    funding_mobilized: Funding | None = declared(
        "How much funding (US dollar equivalent) was mobilized to support implementation of the Protocol.", "Q153", goal="B.2"
    )


# --- B.3 Public awareness, education and participation ---------------------------------------------

PublicConsultations = Literal["none", "1+", "5+", "false.na"]


class Consultations(StrictModel):
    """NR5 Q131: how many times the public was consulted."""

    answer: PublicConsultations = Field(
        description="`none` = None; `1+` = 1 to 4 times; `5+` = 5 or more times; `false.na` = Not applicable (no decisions taken)."
    )
    evidence: EvidenceList = evidence_field()


class PublicAwareness(StrictModel):
    """Goal B.3 (Article 23): public awareness, education and participation. The plan's text of B.3 is missing from
    the project's source; its obligations come from Article 23."""

    legislation_or_policy: YesSomeNo | None = declared(
        "Is biosafety public awareness, education and/or participation addressed in legislation or policy?", "Q127", goal="B.3"
    )
    public_access_mechanism: YesNo | None = declared(
        "A mechanism to ensure public access to information on LMOs (Article 23.1(b)).", "Q128", goal="B.3"
    )
    participation_mechanism: YesSomeNo | None = declared(
        "A mechanism to facilitate and promote public participation, including consultation, in decision-making regarding LMOs "
        "(Article 23.2).",
        "Q129", goal="B.3",
    )
    participation_modalities_communicated: YesSomeNo | None = declared(
        "Has the public been informed about existing modalities for public participation in decision-making regarding LMOs?",
        "Q130", goal="B.3",
    )
    public_consultations: Consultations | None = declared(
        "In the current reporting period, how many times was the public consulted in decision-making regarding LMOs?",
        "Q131", goal="B.3",
    )
    decisions_made_public: YesNo | None = declared(
        "Were the results of decisions regarding LMOs made available to the public (Article 23.2)?", "Q132", goal="B.3"
    )
    public_informed_of_bch_access: YesNo | None = declared(
        "Has the public been informed about the means of access to the Biosafety Clearing-House (Article 23.3)?", "Q133", goal="B.3"
    )
    education_programmes: YesNo | None = declared(
        "Has biosafety been addressed or integrated in educational and training programmes?", "Q134", goal="B.3"
    )
    communication_strategy: YesNo | None = declared("A national communication strategy on biosafety.", "Q135", goal="B.3")
    awareness_programmes: YesNo | None = declared("Awareness and outreach programmes on biosafety.", "Q136", goal="B.3")
    national_website: YesNo | None = declared("A national biosafety website.", "Q137", goal="B.3")
    resource_materials_accessed: YesNo | None = declared(
        "Resource materials accessed for promoting public awareness, education and participation.", "Q138", goal="B.3"
    )


# --- B.4 Cooperation -------------------------------------------------------------------------------


class Cooperation(StrictModel):
    """Goal B.4: Parties enhance cooperation on biosafety issues at the national, regional and international levels."""

    knowledge_exchange: YesNo | None = declared(
        "Cooperation with other Parties in the exchange of scientific, technical and institutional knowledge.", "Q155_a", goal="B.4"
    )
    identifying_lmos_with_adverse_effects: YesNo | None = declared(
        "Cooperation in identifying LMOs or specific traits that may have adverse effects (Article 16.5).", "Q155_b", goal="B.4"
    )
    public_awareness_cooperation: YesNo | None = declared(
        "Cooperation on public awareness, education and participation (Article 23.1(a)).", "Q155_d", goal="B.4"
    )
    joint_activities: YesNo | None = declared(
        "Engagement in bilateral, regional or multilateral activities for the implementation of the Protocol.", "Q156", goal="B.4"
    )
    iplc_involvement_mechanisms: YesNo | None = declared(
        "Mechanisms for involving indigenous peoples and local communities in the implementation of the Protocol.",
        "Q157_a", goal="B.4",
    )
    stakeholder_involvement_mechanisms: YesNo | None = declared(
        "Mechanisms for involving relevant stakeholders from different sectors in the implementation of the Protocol.",
        "Q157_b", goal="B.4",
    )
