"""The declarations of the Protocol's procedures for transboundary movements and for confidential
information (Articles 6.2, 8 to 12 and 21; NR5 questions 18 to 43, 109 and 110), a part of goal A.1's section
of the profile (`national_biosafety_framework.procedures`). Apart from `models.py` only for its size.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..profile.declarations import AlwaysSomeNo, EvidenceList, HowMany, StrictModel, YesNo, YesSomeNo, declared, evidence_field


DecisionCategory = Literal[
    "3B9ECE67-B35C-40FF-8C06-4EA5FF762899",
    "3EFF4792-A896-4DC7-9945-04FE9C8B5B4F",
    "6DD1B161-4CDB-4900-BD31-DBB97E86B2AE",
    "8D91ACEE-C6B3-4204-8FE6-00AE424013FF",
    "19F9F13E-195E-45B5-88DD-058A07E0D6F6",
]
"""NR5 Q27's kinds of decision on a notification, as the BCH codes them."""
APPROVED_WITH_CONDITIONS = "3EFF4792-A896-4DC7-9945-04FE9C8B5B4F"
PROHIBITED = "6DD1B161-4CDB-4900-BD31-DBB97E86B2AE"


class DecisionCategories(StrictModel):
    """NR5 Q27: the kinds of decision the Party took on notifications (select all that apply; NR5 also asks the
    percentage of each, which the profile does not keep)."""

    answer: tuple[DecisionCategory, ...] = Field(
        description="`3B9ECE67-B35C-40FF-8C06-4EA5FF762899` = Approval of the import/use of the LMO(s) without conditions; "
        "`3EFF4792-A896-4DC7-9945-04FE9C8B5B4F` = Approval of the import/use of the LMO(s) with conditions; "
        "`6DD1B161-4CDB-4900-BD31-DBB97E86B2AE` = Prohibition of the import/use of the LMO(s); "
        "`8D91ACEE-C6B3-4204-8FE6-00AE424013FF` = Request for additional relevant information; "
        "`19F9F13E-195E-45B5-88DD-058A07E0D6F6` = Inform the notifier that the period for communicating the decision has "
        "been extended. (The codes are the BCH's own.)",
        min_length=1,
        max_length=5,
    )
    evidence: EvidenceList = evidence_field()


class Procedures(StrictModel):
    """The Protocol's procedures for transboundary movements and for confidential information: what the Party has
    in place and how it ran them in the current reporting period (Articles 6.2, 8 to 12 and 21; NR5 questions 18 to
    43, 109 and 110)."""

    contained_use_import_decision: YesNo | None = declared(
        "Has the Party taken a decision concerning the import of LMOs for contained use?", "Q018", goal="A.1"
    )
    export_notification_required: YesSomeNo | None = declared(
        "Legal requirements for exporters under the Party's jurisdiction to notify in writing the competent national "
        "authority of the Party of import before an intentional transboundary movement of an LMO within the scope of the "
        "advance informed agreement procedure (Article 8.1).",
        "Q020", goal="A.1",
    )
    export_information_accuracy_required: YesSomeNo | None = declared(
        "Legal requirements for the accuracy of the information exporters under the Party's jurisdiction give in a "
        "notification (Article 8.2).",
        "Q021", goal="A.1",
    )
    notifications_received: YesNo | None = declared(
        "In the current reporting period, did the Party receive a notification regarding intentional transboundary "
        "movements of LMOs for intentional introduction into the environment?",
        "Q022", goal="A.1",
    )
    receipt_acknowledged_within_90_days: AlwaysSomeNo | None = declared(
        "Did the Party acknowledge receipt of each notification to the notifier within ninety days (Article 9.1)?",
        "Q024", goal="A.1",
    )
    decision_communicated_to_notifier: AlwaysSomeNo | None = declared(
        "Did the Party inform the notifier of its decision(s) (Article 10.3)?", "Q025_a", goal="A.1"
    )
    decision_communicated_to_bch: AlwaysSomeNo | None = declared(
        "Did the Party inform the Biosafety Clearing-House of its decision(s) (Article 10.3)?", "Q025_b", goal="A.1"
    )
    decisions_taken: YesNo | None = declared(
        "In the current reporting period, did the Party take a decision in response to notifications regarding "
        "intentional transboundary movements of LMOs for intentional introduction into the environment?",
        "Q026", goal="A.1",
    )
    decision_categories: DecisionCategories | None = declared(
        "The kinds of decision the Party took on those notifications.", "Q027", goal="A.1"
    )
    reasons_for_conditions: AlwaysSomeNo | None = declared(
        "Were the reasons for the conditions of an approval provided (Article 10.4)?", "Q027_a", goal="A.1"
    )
    reasons_for_prohibition: AlwaysSomeNo | None = declared(
        "Were the reasons for a prohibition provided (Article 10.4)?", "Q027_b", goal="A.1"
    )
    ffp_domestic_use_framework: YesSomeNo | None = declared(
        "Laws, regulations or administrative measures for decisions on the domestic use, including placing on the "
        "market, of LMOs that may be subject to transboundary movement for direct use as food or feed, or for processing.",
        "Q031", goal="A.1",
    )
    ffp_domestic_use_decisions: HowMany | None = declared(
        "In the current reporting period, how many decisions has the Party taken regarding the domestic use, including "
        "placing on the market, of LMOs that may be subject to transboundary movement for direct use as food or feed, or "
        "for processing?",
        "Q033", goal="A.1",
    )
    ffp_import_decisions: HowMany | None = declared(
        "In the current reporting period, how many decisions has the Party taken regarding the import of LMOs for direct "
        "use as food or feed, or for processing?",
        "Q035", goal="A.1",
    )
    ffp_information_accuracy_required: YesSomeNo | None = declared(
        "Legal requirements for the accuracy of the information the applicant gives for such a decision on domestic use "
        "(Article 11.2).",
        "Q032", goal="A.1",
    )
    decisions_reviewed: YesNo | None = declared(
        "In the current reporting period, did the Party review and/or change a decision regarding an intentional "
        "transboundary movement of an LMO?",
        "Q038", goal="A.1",
    )
    review_requested: YesNo | None = declared(
        "Was any of those reviews triggered by a request from the Party of export or the notifier (Article 12.2)?",
        "Q040", goal="A.1",
    )
    review_request_answered_within_90_days: AlwaysSomeNo | None = declared(
        "Did the Party respond to such a request within ninety days, setting out the reasons for its decision (Article 12.3)?",
        "Q041", goal="A.1",
    )
    review_initiated: YesNo | None = declared(
        "Was any of those reviews initiated by the Party as the Party of import (Article 12.1)?", "Q042", goal="A.1"
    )
    review_notifier_informed_within_30_days: AlwaysSomeNo | None = declared(
        "Did the Party, within thirty days, set out the reasons for the decision and inform the notifier (Article 12.1)?",
        "Q043_a", goal="A.1",
    )
    review_bch_informed_within_30_days: AlwaysSomeNo | None = declared(
        "Did the Party, within thirty days, set out the reasons for the decision and inform the Biosafety Clearing-House "
        "(Article 12.1)?",
        "Q043_b", goal="A.1",
    )
    confidential_information_procedures: YesSomeNo | None = declared(
        "Procedures to protect confidential information received under the Protocol (Article 21.3).", "Q109", goal="A.1"
    )
    notifier_may_identify_confidential_information: AlwaysSomeNo | None = declared(
        "Does the Party allow the notifier to identify information that is to be treated as confidential (Article 21.1)?",
        "Q110", goal="A.1",
    )
