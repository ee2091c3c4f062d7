"""The profile format, goals A.2 to A.10 of the Implementation Plan: the rest of its areas of
implementation (the BCH, national reports, compliance, risk assessment and risk management,
detection and identification, illegal and unintentional transboundary movements, handling, transport,
packaging and identification, socio-economic considerations, liability and redress). Part of
`engine.profile.models`, apart for size."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from ..profile.declarations import (
    MAX_ITEMS,
    BchAvailability,
    EvidenceList,
    HowMany,
    Implementation,
    StrictModel,
    YesNo,
    YesSomeNo,
    YesSomeNoNotApplicable,
    absent,
    declared,
    evidence_field,
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
