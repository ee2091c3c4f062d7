"""The Party profile format, defined once. `profiles/schema/profile.schema.json` is generated from
these models (`python -m engine.profile.schema`) and a test fails when the two drift apart.

Each section follows one goal of the Implementation Plan (their models: `national_frameworks` for
goal A.1, `areas_of_implementation` for A.2 to A.10, `enabling_environment` for B.1 to B.4); each
declaration names, in its schema description and in `x-nr5`, the fifth national report (NR5)
question(s) it answers. This module holds the Party and the profile itself.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any, Literal

from pydantic import Field

from ..profile.areas_of_implementation import (
    BiosafetyClearingHouse,
    Compliance,
    DetectionAndIdentification,
    HandlingTransportPackagingIdentification,
    LiabilityAndRedress,
    NationalReports,
    RiskAssessment,
    SocioEconomicConsiderations,
    TransboundaryMovements,
)
from ..profile.declarations import Evidence, EvidenceList, StrictModel, absent, evidence_field, nr5
from ..profile.enabling_environment import CapacityBuilding, Cooperation, PublicAwareness, Resources
from ..profile.national_frameworks import NationalBiosafetyFramework


PROFILE_SCHEMA_ID = "https://cartagena-compliance.example/schema/profile.schema.json"
"""The `$id` of the profile schema (a name, not a download address)."""


# --- The Party -----------------------------------------------------------------------------------


class SupplementaryProtocolStatus(StrictModel):
    """The Party's status under the Nagoya - Kuala Lumpur Supplementary Protocol on Liability and Redress."""

    status: Literal["party", "signatory", "neither"] = Field(
        description="`party` = Party to the Supplementary Protocol; `signatory` = signed but not (yet) a Party; "
        "`neither` = neither signed nor joined (NR5 Q159: `party` answers Yes, the others No)."
    )
    signed_on: dt.date | None = Field(None, description="Date the Party signed the Supplementary Protocol, YYYY-MM-DD.")
    party_since: dt.date | None = Field(
        None, description="Date the Party became a Party to the Supplementary Protocol, YYYY-MM-DD."
    )
    process_towards_joining: Literal["true", "false"] | None = Field(
        None, description="NR5 Q159_adq: is there a national process in place towards becoming a Party? `true` / `false`."
    )
    evidence: EvidenceList = evidence_field()


Region = Literal[
    "Africa",
    "Asia-Pacific",
    "Central and Eastern Europe",
    "Latin America and the Caribbean",
    "Western Europe and others",
]
"""The five regional groups used under the Convention on Biological Diversity."""

REGIONS: tuple[str, ...] = typing.get_args(Region)


class Party(StrictModel):
    """Who declares, and the facts the rules depend on."""

    name: str = Field(description="The Party's name, as used in the Biosafety Clearing-House.", min_length=1, max_length=200)
    code: str = Field(
        description="ISO 3166-1 alpha-3 code (fictional examples use the user-assigned range XAA-XZZ).",
        pattern=r"^[A-Z]{3}$",
    )
    as_of: dt.date = Field(description="The date on which these declarations hold, YYYY-MM-DD.")
    region: Region | None = Field(
        None, description="The regional group of the Party under the Convention (for `cartagena indicators --by region`)."
    )
    party_to_protocol_since: dt.date | None = Field(
        None, description="Date the Party became a Party to the Cartagena Protocol, YYYY-MM-DD."
    )
    supplementary_protocol: SupplementaryProtocolStatus | None = Field(
        None, description="Status under the Supplementary Protocol on Liability and Redress (NR5 Q159).",
        json_schema_extra=nr5("Q159", "Q159_adq", goal="A.10"),
    )
    developing_country_or_economy_in_transition: bool | None = Field(
        None, description="Is the Party a developing country or a country with an economy in transition?"
    )
    gef_star_eligible: bool | None = Field(
        None,
        description="Is the Party eligible for allocations under the GEF System for Transparent Allocation of Resources (STAR)?",
    )


# --- The profile -----------------------------------------------------------------------------------


def section(model: type[StrictModel], goal: str) -> Any:
    return Field(default_factory=absent(model), description=f"Goal {goal}: {model.__doc__.split(':', 1)[1].strip()}" if model.__doc__ else None)


class Profile(StrictModel):
    """What one Party to the Cartagena Protocol declares it has in place, on one date. An absent declaration is
    'not declared', which is different from a declared 'No' (`"answer": "false"`)."""

    schema_: str | None = Field(None, alias="$schema", description="The profile schema, so editors can complete and check the file.")
    party: Party
    national_biosafety_framework: NationalBiosafetyFramework = section(NationalBiosafetyFramework, "A.1")
    biosafety_clearing_house: BiosafetyClearingHouse = section(BiosafetyClearingHouse, "A.2")
    national_reports: NationalReports = section(NationalReports, "A.3")
    compliance: Compliance = section(Compliance, "A.4")
    risk_assessment: RiskAssessment = section(RiskAssessment, "A.5")
    detection_and_identification: DetectionAndIdentification = section(DetectionAndIdentification, "A.6")
    transboundary_movements: TransboundaryMovements = section(TransboundaryMovements, "A.7")
    handling_transport_packaging_identification: HandlingTransportPackagingIdentification = section(
        HandlingTransportPackagingIdentification, "A.8"
    )
    socio_economic_considerations: SocioEconomicConsiderations = section(SocioEconomicConsiderations, "A.9")
    liability_and_redress: LiabilityAndRedress = section(LiabilityAndRedress, "A.10")
    capacity_building: CapacityBuilding = section(CapacityBuilding, "B.1")
    resources: Resources = section(Resources, "B.2")
    public_awareness: PublicAwareness = section(PublicAwareness, "B.3")
    cooperation: Cooperation = section(Cooperation, "B.4")


SECTION_GOALS: dict[str, str] = {
    "national_biosafety_framework": "A.1",
    "biosafety_clearing_house": "A.2",
    "national_reports": "A.3",
    "compliance": "A.4",
    "risk_assessment": "A.5",
    "detection_and_identification": "A.6",
    "transboundary_movements": "A.7",
    "handling_transport_packaging_identification": "A.8",
    "socio_economic_considerations": "A.9",
    "liability_and_redress": "A.10",
    "capacity_building": "B.1",
    "resources": "B.2",
    "public_awareness": "B.3",
    "cooperation": "B.4",
}

__all__ = ["Evidence", "Profile", "PROFILE_SCHEMA_ID", "SECTION_GOALS"]
