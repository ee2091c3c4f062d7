"""The Party profile format, defined once. `profiles/schema/profile.schema.json` is generated from
these models (`python -m engine.profile.schema`) and a test fails when the two drift apart.

Each section follows one goal of the Implementation Plan; each declaration names, in its schema
description and in `x-nr5`, the fifth national report (NR5) question(s) it answers.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from typing import Any, Literal

from pydantic import Field

from ..profile.declarations import (
    Adequacy,
    AlwaysSomeNo,
    HowMany,
    BchAvailability,
    Dated,
    Evidence,
    Implementation,
    StrictModel,
    YesNo,
    YesNoNotApplicable,
    YesSomeNo,
    YesSomeNoNotApplicable,
    declared,
    evidence_field,
    nr5,
    text_field,
)
from ..profile.procedures import Procedures
from ..profile.declarations import EvidenceList, MAX_ITEMS


def absent(model: type[StrictModel]) -> Any:
    """The default factory of a part a profile leaves out: the model with every field at its
    default, made once without validating (there is nothing to validate), so only Profile's
    validator is ever built (`build_validator`), never a section's own on the first profile
    without it; the models are frozen, so the one instance serves every profile."""
    return functools.cache(model.model_construct)


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


# --- A.2 Information through the BCH ---------------------------------------------------------------

Q102_CATEGORIES: dict[str, str] = {
    "a": "Existing legislation, regulations and guidelines for implementing the Protocol, and information required for the advance informed agreement procedure (Article 20.3(a))",
    "b": "Legislation, regulations and guidelines applicable to the import of LMOs for direct use as food or feed, or for processing (Article 11.5)",
    "c": "Bilateral, multilateral and regional agreements and arrangements (Articles 14.2 and 20.3(b))",
    "d": "Contact details for competent national authorities, national focal points and emergency contacts (Articles 19.2, 19.3, 19.1 and 17.3(e))",
    "e": "Decisions regarding transit of LMOs (Article 6.1)",
    "f": "Decisions regarding import of LMOs for contained use (Article 6.2)",
    "g": "Notifications of releases that lead, or may lead, to an unintentional transboundary movement (Article 17.1)",
    "h": "Information concerning cases of illegal transboundary movements of LMOs (Article 25.3)",
    "i": "Decisions regarding the importation of LMOs for intentional introduction into the environment (Article 10.3)",
    "j": "Information on the application of domestic regulations to specific imports of LMOs (Article 14.4)",
    "k": "Decisions regarding the domestic use of LMOs that may be subject to transboundary movement for direct use as food or feed, or for processing (Article 11.1)",
    "l": "Decisions regarding the import of LMOs-FFP under domestic regulatory frameworks (Article 11.4) or Annex III (Article 11.6)",
    "m": "Declarations regarding the framework to be used for LMOs-FFP (Article 11.6)",
    "n": "Review and change of decisions regarding intentional transboundary movements of LMOs (Article 12.1)",
    "o": "Cases where intentional transboundary movement may take place at the same time as the movement is notified (Article 13.1(a))",
    "p": "LMOs exempted from the advance informed agreement procedure (Article 13.1(b))",
    "q": "Summaries of risk assessments or environmental reviews of LMOs and relevant information regarding products thereof (Article 20.3(c))",
}


def _category(letter: str) -> Any:
    return declared(f"Q102({letter}): {Q102_CATEGORIES[letter]}.", f"Q102_{letter}", goal="A.2")


class MandatoryInformation(StrictModel):
    """Each category of mandatory BCH information (NR5 Q102 (a) to (q)): available, and in the BCH?"""

    a: BchAvailability | None = _category("a")
    b: BchAvailability | None = _category("b")
    c: BchAvailability | None = _category("c")
    d: BchAvailability | None = _category("d")
    e: BchAvailability | None = _category("e")
    f: BchAvailability | None = _category("f")
    g: BchAvailability | None = _category("g")
    h: BchAvailability | None = _category("h")
    i: BchAvailability | None = _category("i")
    j: BchAvailability | None = _category("j")
    k: BchAvailability | None = _category("k")
    l: BchAvailability | None = _category("l")  # noqa: E741 - the NR5 letter
    m: BchAvailability | None = _category("m")
    n: BchAvailability | None = _category("n")
    o: BchAvailability | None = _category("o")
    p: BchAvailability | None = _category("p")
    q: BchAvailability | None = _category("q")


class BiosafetyClearingHouse(StrictModel):
    """Goal A.2: Parties improve the availability and exchange of relevant information through the BCH (Article 20)."""

    mandatory_information: MandatoryInformation = Field(
        default_factory=absent(MandatoryInformation),
        description="NR5 Q102 (a)-(q): for each category of mandatory information, whether it is available and in the BCH.",
    )
    other_information_published: YesNo | None = declared(
        "Does the Party publish other types of information through the BCH (objective A.2.2)?", goal="A.2"
    )
    coordination_mechanism: YesSomeNo | None = declared(
        "Mechanism for coordination among the BCH national focal point, the Protocol national focal point and the competent "
        "national authority(ies) for making information available to the BCH.",
        "Q104", goal="A.2",
    )
    national_clearing_house: YesNo | None = declared("Does the Party have a national biosafety clearing-house?", "Q107", goal="A.2")


# --- A.3 National reports --------------------------------------------------------------------------


class NationalReport(StrictModel):
    """One national report under Article 33."""

    answer: Literal["true", "false"] = Field(description="Was the report submitted? `true` / `false`.")
    submitted_on: dt.date | None = Field(None, description="Date of submission, YYYY-MM-DD.")
    complete: Literal["true", "false"] | None = Field(None, description="Was every mandatory question answered? `true` / `false`.")
    evidence: EvidenceList = evidence_field()


class NationalReports(StrictModel):
    """Goal A.3: full information on the implementation of the Protocol is made available by Parties (Article 33)."""

    fourth: NationalReport | None = declared("The fourth national report (due 1 October 2019).", goal="A.3")
    fifth: NationalReport | None = declared("The fifth national report (due 28 February 2026).", goal="A.3")
    monitoring_system: YesNo | None = declared(
        "Does the Party have in place a system to monitor and enforce the implementation of the Protocol?", "Q154", goal="A.3"
    )


# --- A.4 Compliance --------------------------------------------------------------------------------


class NonComplianceIssue(StrictModel):
    """One issue of non-compliance identified by the Compliance Committee."""

    description: str = Field(description="What the Compliance Committee identified.", min_length=1, max_length=2000)
    identified_on: dt.date | None = Field(None, description="When the Compliance Committee identified it, YYYY-MM-DD.")
    status: Literal["open", "resolved"] = Field(description="Where the issue stands: `open` = Open; `resolved` = Resolved.")
    resolved_on: dt.date | None = Field(None, description="When it was resolved, YYYY-MM-DD.")
    compliance_action_plan_requested: Literal["true", "false"] | None = Field(
        None,
        description="Has the Compliance Committee requested a compliance action plan for this issue (a measure it may take "
        "under the compliance procedures of decision BS-I/7)? `true` / `false`.",
    )
    compliance_action_plan: Literal["true", "false"] | None = Field(
        None, description="Has the Party a compliance action plan for this issue? `true` / `false`."
    )


class NonComplianceIssues(StrictModel):
    """Issues of non-compliance identified by the Compliance Committee."""

    answer: Literal["true", "false"] = Field(
        description="Has the Compliance Committee identified issues of non-compliance for this Party? `true` / `false`."
    )
    issues: tuple[NonComplianceIssue, ...] = Field((), description="Each issue identified.", max_length=MAX_ITEMS)
    evidence: EvidenceList = evidence_field()


class Compliance(StrictModel):
    """Goal A.4: Parties are in full compliance with the requirements of the Protocol."""

    non_compliance_issues: NonComplianceIssues | None = declared(
        "Issues of non-compliance identified by the Compliance Committee, with their status.", goal="A.4"
    )


# --- A.5 Risk assessment and risk management -------------------------------------------------------


class RiskAssessment(StrictModel):
    """Goal A.5: scientifically sound risk assessments; identified risks managed and controlled (Articles 15, 16, Annex III)."""

    required: YesNo | None = declared(
        "Does the domestic regulatory framework require risk assessments of LMOs to be conducted?", "Q053", goal="A.5"
    )
    mechanism: YesSomeNo | None = declared(
        "Is there a mechanism to conduct risk assessments prior to taking decisions regarding LMOs?", "Q054", goal="A.5"
    )
    conducted_in_period: YesNo | None = declared(
        "In the current reporting period, were risk assessments of LMOs conducted?", "Q055", goal="A.5"
    )
    conducted_for_all_decisions: YesSomeNo | None = declared(
        "Were risk assessments conducted for all decisions taken on LMOs for intentional introduction into the environment "
        "or for direct use as food or feed, or for processing?",
        "Q058", goal="A.5",
    )
    other_scientific_evidence_considered: YesSomeNo | None = declared(
        "Was other available scientific evidence (Article 15) considered?", "Q059_a", goal="A.5"
    )
    traditional_knowledge_considered: YesSomeNo | None = declared(
        "Was relevant traditional knowledge of indigenous peoples and local communities considered?", "Q059_b", goal="A.5"
    )
    risk_management_measures: YesSomeNo | None = declared(
        "Mechanisms, measures and strategies to regulate and manage risks identified in risk assessments (Article 16.1).",
        "Q061", goal="A.5",
    )
    observation_period: YesSomeNo | None = declared(
        "Measures so that any LMO undergoes an appropriate period of observation before its intended use (Article 16.4).",
        "Q063", goal="A.5",
    )
    monitoring_mechanism: YesSomeNo | None = declared(
        "Mechanism for monitoring potential effects of LMOs released into the environment.", "Q064", goal="A.5"
    )
    risk_assessment_guidance_used: YesNo | None = declared(
        "Access to or use of resource materials, including guidance, for risk assessment.", "Q066_a", goal="A.5"
    )
    risk_management_guidance_used: YesNo | None = declared(
        "Access to or use of resource materials, including guidance, for risk management.", "Q066_b", goal="A.5"
    )
    summaries_in_bch_for_decisions: YesSomeNo | None = declared(
        "Does every decision of the Party in the BCH have an associated summary report of its risk assessment (indicator A.5(b))?",
        goal="A.5",
    )


# --- A.6 Detection and identification --------------------------------------------------------------


class DetectionAndIdentification(StrictModel):
    """Goal A.6: Parties are able to detect and identify LMOs."""

    sampling_and_detection_procedures: YesSomeNo | None = declared(
        "Procedures for the sampling and detection of LMOs.", "Q089", goal="A.6"
    )
    guidance_materials_access: YesNo | None = declared(
        "Access to resource materials and detection methods to detect and identify LMOs.", "Q090_a", goal="A.6"
    )
    guidance_materials_use: YesNo | None = declared(
        "Use of resource materials and detection methods to detect and identify LMOs.", "Q090_b", goal="A.6"
    )
    certified_reference_materials_access: YesNo | None = declared(
        "Access to certified reference materials necessary to detect and identify LMOs.", "Q092_a", goal="A.6"
    )
    certified_reference_materials_use: YesNo | None = declared(
        "Use of certified reference materials necessary to detect and identify LMOs.", "Q092_b", goal="A.6"
    )
    detection_infrastructure: YesNo | None = declared(
        "Reliable access to technical infrastructure, such as laboratories, for the detection of LMOs.", "Q094_a", goal="A.6"
    )
    identification_infrastructure: YesNo | None = declared(
        "Reliable access to technical infrastructure for the identification of LMOs.", "Q094_b", goal="A.6"
    )


# --- A.7 Illegal and unintentional transboundary movements -----------------------------------------


class TransboundaryMovements(StrictModel):
    """Goal A.7: Parties prevent illegal and unintentional transboundary movements of LMOs (Articles 16.3, 17, 25)."""

    illegal_movement_measures: YesSomeNo | None = declared(
        "Domestic measures aimed at preventing and/or penalizing transboundary movements of LMOs carried out in contravention "
        "of domestic measures (Article 25.1).",
        "Q145", goal="A.7",
    )
    unintentional_movement_prevention: YesSomeNo | None = declared(
        "Measures to prevent unintentional transboundary movements of LMOs (Article 16.3).", "Q062", goal="A.7"
    )
    release_notification_measures: YesSomeNo | None = declared(
        "Measures to notify affected or potentially affected States, the BCH and relevant international organizations of a "
        "release that leads, or may lead, to an unintentional transboundary movement (Article 17.1).",
        "Q073", goal="A.7",
    )
    emergency_response_capacity: YesNo | None = declared(
        "Capacity to take appropriate measures in response to unintentional transboundary movements.", "Q077", goal="A.7"
    )
    unintentional_releases: HowMany | None = declared(
        "In the current reporting period, how many releases of LMOs occurred under the Party's jurisdiction that led, or may "
        "have led, to an unintentional transboundary movement?",
        "Q074", goal="A.7",
    )
    illegal_movement_cases: HowMany | None = declared(
        "In the current reporting period, how many cases of illegal transboundary movements of LMOs has the Party become aware of?",
        "Q146", goal="A.7",
    )


# --- A.8 Handling, transport, packaging and identification -----------------------------------------


class HandlingTransportPackagingIdentification(StrictModel):
    """Goal A.8: handling, transport, packaging and identification requirements of LMOs (Article 18). Cite in each
    declaration's evidence the instrument that requires it."""

    safe_handling_packaging_transport: YesSomeNo | None = declared(
        "Measures to require that LMOs subject to transboundary movement are handled, packaged and transported under "
        "conditions of safety, taking into account relevant international rules and standards (Article 18.1).",
        "Q079", goal="A.8",
    )
    documentation_ffp_identity_unknown: YesSomeNo | None = declared(
        "Measures to require that documentation accompanying LMOs for direct use as food or feed, or for processing, where "
        "their identity is not known, identifies that they 'may contain' LMOs not intended for intentional introduction into "
        "the environment, and a contact point (Article 18.2(a)).",
        "Q080", goal="A.8",
    )
    documentation_ffp_identity_known: YesSomeNo | None = declared(
        "The same, where the identity of the LMOs is known: documentation identifies that they 'contain' LMOs (Article 18.2(a)).",
        "Q081", goal="A.8",
    )
    documentation_contained_use: YesSomeNo | None = declared(
        "Measures to require that documentation accompanying LMOs destined for contained use identifies them as LMOs and "
        "specifies requirements for safe handling, storage, transport and use, the contact point and the consignee (Article 18.2(b)).",
        "Q083", goal="A.8",
    )
    documentation_intentional_introduction: YesSomeNo | None = declared(
        "Measures to require that documentation accompanying LMOs intended for intentional introduction into the environment "
        "identifies them as LMOs, their identity and traits, safe handling requirements, contact point, importer and exporter, "
        "and a declaration of conformity (Article 18.2(c)).",
        "Q085", goal="A.8",
    )
    enforcement_capacity: YesSomeNo | None = declared(
        "Capacity to enforce the requirements of identification and documentation of LMOs.", "Q087", goal="A.8"
    )


# --- A.9 Socio-economic considerations -------------------------------------------------------------


class SocioEconomicConsiderations(StrictModel):
    """Goal A.9: Parties that choose to do so take into account socio-economic considerations (Article 26)."""

    chooses_to_take_into_account: YesNo | None = declared(
        "Does the Party choose to take socio-economic considerations into account in decisions on the import of LMOs "
        "(Article 26.1, an option)? Q149 and Q151 ask about its practice.",
        goal="A.9",
    )
    approaches_or_requirements: YesNo | None = declared(
        "Specific approaches or requirements that facilitate how socio-economic considerations are taken into account in LMO decision-making.",
        "Q149", goal="A.9",
    )
    resource_materials_used: YesNo | None = declared(
        "Has the Party used resource materials for taking socio-economic considerations into account?", "Q150", goal="A.9"
    )
    taken_into_account_in_decisions: YesSomeNoNotApplicable | None = declared(
        "In the current reporting period, were socio-economic considerations taken into account in decision-making?",
        "Q151", goal="A.9",
    )
    research_and_information_exchange: YesNo | None = declared(
        "Cooperation with other Parties in research and information exchange on socio-economic impacts of LMOs (Article 26.2).",
        "Q155_c", goal="A.9",
    )
    impacts_on_iplcs_included: YesNo | None = declared(
        "Does that cooperation include socio-economic impacts of LMOs on indigenous peoples and local communities?",
        "Q155_c_adq", goal="A.9",
    )


# --- A.10 Supplementary Protocol on Liability and Redress ------------------------------------------

SupplementaryInstrumentCode = Literal["instrument.nationalLaws", "instrument.nationalRegulations", "instrument.guidelines", "instrument.none"]


class SupplementaryInstruments(StrictModel):
    """NR5 Q161: which instruments are in place for the Supplementary Protocol (select all that apply)."""

    answer: tuple[SupplementaryInstrumentCode, ...] = Field(
        description="`instrument.nationalLaws` = One or more national laws; `instrument.nationalRegulations` = One or more "
        "national regulations; `instrument.guidelines` = One or more sets of guidelines; `instrument.none` = No instruments "
        "are in place. (The BCH stores these as codes 6BAF09B7..., 0D3A9BB1..., BA743C79..., 9067DB5B...; see engine/profile/nr5_codes.py.)",
        min_length=1,
        max_length=4,
    )
    evidence: EvidenceList = evidence_field()


class LiabilityAndRedress(StrictModel):
    """Goal A.10: the Nagoya - Kuala Lumpur Supplementary Protocol on Liability and Redress. Its obligations bind only its Parties."""

    measures: Implementation | None = declared(
        "Has the Party introduced the necessary measures for the implementation of the Supplementary Protocol? (NR5 stores "
        "this scale as codes 74B17D51..., see engine/profile/nr5_codes.py.)",
        "Q160", goal="A.10",
    )
    instruments: SupplementaryInstruments | None = declared(
        "Which instruments are in place for the implementation of the Supplementary Protocol.", "Q161", "Q161_a", goal="A.10"
    )
    response_measures_for_damage: YesNo | None = declared(
        "Administrative or legal instruments that require response measures in case of damage resulting from LMOs.",
        "Q162_a", goal="A.10",
    )
    response_measures_for_imminent_damage: YesNo | None = declared(
        "Administrative or legal instruments that require response measures where there is sufficient likelihood that damage "
        "will result if response measures are not taken (Supplementary Protocol, Article 5.3).",
        "Q162_b", goal="A.10",
    )
    competent_authority: YesNo | None = declared(
        "Has a competent authority been identified for carrying out the functions set out in the Supplementary Protocol?",
        "Q167", goal="A.10",
    )
    financial_security: YesNo | None = declared(
        "Measures to provide for financial security for damage resulting from LMOs (Article 10, an option).", "Q169", goal="A.10"
    )
    reports_on_implementation: YesNo | None = declared(
        "Does the Party report on the implementation of the Supplementary Protocol (the Supplementary Protocol section of its "
        "national report)?",
        "Q160", "Q174", goal="A.10",
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
