"""Issue 23, items 3 to 5: what the legal review found, each with the exact finding a profile gets (the
rule, its status, duty and legal basis, and its message), through both rules engines; and the
indicators read as the plan words them. Each test fails on the code before issue 23."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.rulebook.fixtures import FIXTURE_BASE, merge
from tests.clirun import ROOT, cartagena
from tests.rulekit import ENGINES, findings_for

COND, PROH = "3EFF4792-A896-4DC7-9945-04FE9C8B5B4F", "6DD1B161-4CDB-4900-BD31-DBB97E86B2AE"


def finding(profile: dict[str, Any], rule_id: str, engine: str) -> tuple[str, str, list[tuple[str, str]], str]:
    found = findings_for(merge(FIXTURE_BASE, profile), engine)[rule_id]
    basis = [(b.article, b.relation) for b in found.rule.legal_basis]
    return found.status, found.rule.duty, basis, found.message


# --- item 3: what the review found with certainty ---------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_the_emergency_contact_point_is_an_obligation_of_article_17_2(engine: str) -> None:
    profile = {"national_biosafety_framework": {"emergency_contact_point": {"answer": "false"}}}
    assert finding(profile, "A.1/emergency-contact-point", engine) == (
        "gap", "obligation", [("CP-17.2", "requires")],
        "The Party declares that it has not made available to the Biosafety Clearing-House its point of contact for receiving "
        "notifications of unintentional transboundary movements. Article 17, paragraph 2, requires each Party to do so no later "
        "than the date the Protocol entered into force for it.",
    )
    bch = {"biosafety_clearing_house": {"mandatory_information": {"d": {"answer": "true.availableNotOnBch"}}}}
    status, duty, basis, _ = finding(bch, "A.2/mandatory-information-d-contact-details", engine)
    assert (status, duty, basis) == ("gap", "obligation", [("CP-19.1", "requires"), ("CP-19.2", "requires"), ("CP-17.2", "requires")])


@pytest.mark.parametrize("engine", ENGINES)
def test_designating_competent_national_authorities_is_article_19_paragraph_1(engine: str) -> None:
    profile = {"national_biosafety_framework": {"competent_national_authorities": {"answer": "false"}, "cna_institutional_capacity": {"answer": "false"}}}
    assert finding(profile, "A.1/competent-national-authority", engine) == (
        "gap", "obligation", [("CP-19.1", "requires")],
        "The Party declares that it has not designated a competent national authority to perform the administrative functions "
        "required by the Protocol (Article 19, paragraph 1).",
    )
    status, duty, basis, message = finding(profile, "A.1/institutional-capacity", engine)
    assert (status, duty, basis) == ("gap", "commitment", [("CP-19.1", "supports")])
    assert message.endswith("(functions for which Article 19, paragraph 1, makes them responsible).")


@pytest.mark.parametrize("engine", ENGINES)
def test_contain_wording_rests_on_decision_bs_iii_10(engine: str) -> None:
    profile = {"handling_transport_packaging_identification": {"documentation_ffp_identity_known": {"answer": "false"}}}
    assert finding(profile, "A.8/documentation-ffp-identity-known", engine) == (
        "gap", "commitment", [("MOP-BS-III/10", "requires"), ("CP-18.2(a)", "supports")],
        'The Party declares that it does not fully require documentation accompanying LMOs for direct use as food or feed, or '
        'for processing, whose identity is known, to state that they "contain" LMOs not intended for intentional introduction '
        "into the environment, with a contact point. Decision BS-III/10 of the meeting of the Parties (paragraph 4) asks this "
        'of Parties; Article 18, paragraph 2(a), itself requires only the "may contain" wording.',
    )
    status, duty, basis, _ = finding(
        {"handling_transport_packaging_identification": {"documentation_ffp_identity_unknown": {"answer": "false"}}},
        "A.8/documentation-ffp-identity-unknown", engine,
    )
    assert (status, duty, basis) == ("gap", "obligation", [("CP-18.2(a)", "requires")])


@pytest.mark.parametrize("engine", ENGINES)
def test_endeavour_paragraphs_give_commitments(engine: str) -> None:
    """Articles 16.4, 23.1(b) and 23.3 say "shall endeavour": commitments, no longer obligations."""
    profile = {
        "risk_assessment": {"observation_period": {"answer": "false"}, "risk_management_measures": {"answer": "false"}},
        "public_awareness": {"public_access_mechanism": {"answer": "false"}, "public_informed_of_bch_access": {"answer": "false"}},
        "transboundary_movements": {"unintentional_movement_prevention": {"answer": "false"}},
    }
    got = {rule: finding(profile, rule, engine)[:3] for rule in (
        "A.5/observation-period", "B.3/public-access-to-information", "B.3/public-informed-of-bch-access",
        "A.5/risk-management-measures", "A.7/unintentional-movement-prevention")}
    assert got == {
        "A.5/observation-period": ("gap", "commitment", [("CP-16.4", "requires")]),
        "B.3/public-access-to-information": ("gap", "commitment", [("CP-23.1(b)", "requires")]),
        "B.3/public-informed-of-bch-access": ("gap", "commitment", [("CP-23.3", "requires")]),
        # the risk-management rules cite the paragraph they check, not the 16.1-16.4 bundle
        "A.5/risk-management-measures": ("gap", "obligation", [("CP-16.1", "requires")]),
        "A.7/unintentional-movement-prevention": ("gap", "obligation", [("CP-16.3", "requires")]),
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_reports_under_the_supplementary_protocol_are_an_obligation_through_its_article_16_3(engine: str) -> None:
    profile = {"party": {"supplementary_protocol": {"status": "party"}}, "liability_and_redress": {"reports_on_implementation": {"answer": "false"}}}
    assert finding(profile, "A.10/reports-on-implementation", engine) == (
        "gap", "obligation", [("SP-16.3", "requires"), ("CP-33", "supports")],
        "The Party is a Party to the Supplementary Protocol but declares that it does not report on its implementation. Article "
        "16, paragraph 3, of the Supplementary Protocol applies the provisions of the Protocol to it mutatis mutandis, among them "
        "Article 33, under which each Party shall report on the measures it has taken.",
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_bch_rules_cite_the_article_that_creates_each_piece_of_information(engine: str) -> None:
    letters = {"b": "CP-11.5", "e": "CP-6.1", "i": "CP-10.3", "j": "CP-14.4", "k": "CP-11.1", "m": "CP-11.6", "n": "CP-12.1",
               "o": "CP-13.1", "p": "CP-13.1"}
    profile = {"biosafety_clearing_house": {"mandatory_information": {letter: {"answer": "true.availableNotOnBch"} for letter in letters}}}
    findings = findings_for(merge(FIXTURE_BASE, profile), engine)
    for letter, article in letters.items():
        (found,) = [f for rule_id, f in findings.items() if rule_id.startswith(f"A.2/mandatory-information-{letter}-")]
        assert found.status == "gap"
        assert found.rule.legal_basis[0].article == article, letter
    # where the creating paragraph only allows the Party to act ("may"), the rule stays a commitment of the plan
    duties = {letter: next(f.rule.duty for r, f in findings.items() if r.startswith(f"A.2/mandatory-information-{letter}-")) for letter in letters}
    assert duties == {"b": "obligation", "e": "commitment", "i": "obligation", "j": "obligation", "k": "obligation",
                      "m": "commitment", "n": "obligation", "o": "commitment", "p": "commitment"}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_compliance_action_plan_is_due_only_where_the_committee_requested_one(engine: str) -> None:
    def issues(*items: dict[str, str]) -> dict[str, Any]:
        return {"compliance": {"non_compliance_issues": {"answer": "true", "issues": [{"description": "x", "status": "open", **i} for i in items]}}}

    not_requested = issues({"compliance_action_plan_requested": "false", "compliance_action_plan": "false"})
    assert finding(not_requested, "A.4/compliance-action-plans", engine)[0] == "not_applicable"  # was a gap before issue 23
    requested = issues({"compliance_action_plan_requested": "true", "compliance_action_plan": "false"})
    assert finding(requested, "A.4/compliance-action-plans", engine) == (
        "gap", "commitment", [("CP-34", "supports"), ("MOP-BS-I/7", "supports")],
        "The Compliance Committee requested a compliance action plan for at least one open issue of non-compliance, and the "
        "Party declares no such plan for it; the Capacity-Building Action Plan supports Parties in carrying out the activities "
        "of compliance action plans to address such issues.",
    )


# --- item 4: obligations no rule checked --------------------------------------------------------------

PROCEDURES_NOT_AS_REQUIRED = {
    "national_biosafety_framework": {"procedures": {
        "export_notification_required": {"answer": "false"},
        "export_information_accuracy_required": {"answer": "true.some"},
        "notifications_received": {"answer": "true"},
        "receipt_acknowledged_within_90_days": {"answer": "true.some"},
        "decisions_taken": {"answer": "true"},
        "decision_communicated_to_notifier": {"answer": "true"},
        "decision_communicated_to_bch": {"answer": "true.some"},
        "decision_categories": {"answer": [COND, PROH]},
        "reasons_for_conditions": {"answer": "true"},
        "reasons_for_prohibition": {"answer": "false"},
        "ffp_domestic_use_framework": {"answer": "true"},
        "ffp_information_accuracy_required": {"answer": "false"},
        "decisions_reviewed": {"answer": "true"},
        "review_requested": {"answer": "true"},
        "review_request_answered_within_90_days": {"answer": "false"},
        "review_initiated": {"answer": "true"},
        "review_notifier_informed_within_30_days": {"answer": "true.some"},
        "review_bch_informed_within_30_days": {"answer": "true"},
        "confidential_information_procedures": {"answer": "false"},
        "notifier_may_identify_confidential_information": {"answer": "true.some"},
    }},
    "cooperation": {"identifying_lmos_with_adverse_effects": {"answer": "false"}},
    "party": {"supplementary_protocol": {"status": "party"}},
    "liability_and_redress": {"response_measures_for_imminent_damage": {"answer": "false"}},
}

NEW_OBLIGATIONS = {
    "A.1/export-notification-required": "CP-8.1",
    "A.1/exporter-information-accuracy": "CP-8.2",
    "A.1/notification-acknowledged": "CP-9.1",
    "A.1/decision-communicated": "CP-10.3",
    "A.1/decision-reasons": "CP-10.4",
    "A.1/applicant-information-accuracy": "CP-11.2",
    "A.1/review-request-answered": "CP-12.3",
    "A.1/review-changes-communicated": "CP-12.1",
    "A.1/confidential-information-identified": "CP-21.1",
    "A.1/confidential-information-procedures": "CP-21.3",
    "B.4/identifying-lmos-with-adverse-effects": "CP-16.5",
    "A.10/response-measures-imminent-damage": "SP-5.3",
}


@pytest.mark.parametrize("engine", ENGINES)
def test_each_new_obligation_finds_the_gap_the_partys_answers_show(engine: str) -> None:
    findings = findings_for(merge(FIXTURE_BASE, PROCEDURES_NOT_AS_REQUIRED), engine)
    got = {rule_id: (findings[rule_id].status, findings[rule_id].rule.duty, findings[rule_id].rule.duty_basis) for rule_id in NEW_OBLIGATIONS}
    assert got == {rule_id: ("gap", "obligation", article) for rule_id, article in NEW_OBLIGATIONS.items()}
    assert findings["A.1/decision-reasons"].message.startswith(
        "The Party declares that it approved imports with conditions, or prohibited imports, in the current reporting period, "
        "but gave the reasons for the conditions or for the prohibition only in some cases, or not at all."
    )
    assert findings["A.10/response-measures-imminent-damage"].message.endswith(
        "Article 5, paragraph 3, of the Supplementary Protocol requires that the operator then be required to take appropriate "
        "response measures to avoid the damage."
    )


def test_the_new_fields_travel_through_export_and_import_of_a_national_report(tmp_path: Path) -> None:
    """Q20, Q21, Q24, Q25, Q27, Q32, Q41, Q43, Q109, Q110 (and the questions that open them) are bound by `x-nr5`."""
    profile = merge(
        {"party": {"name": "Republic of Examplia", "code": "XEX", "as_of": "2026-03-31"}},
        {key: value for key, value in PROCEDURES_NOT_AS_REQUIRED.items() if key != "party"},
    )
    source = tmp_path / "profile.json"
    source.write_text(json.dumps(profile), encoding="utf-8")
    exported = cartagena("export-nr5", str(source), "-o", str(tmp_path / "nr5.json"))
    assert exported.returncode == 0, exported.stderr
    document = json.loads((tmp_path / "nr5.json").read_text(encoding="utf-8"))
    assert document["Q020"] == {"value": "false"} and document["Q021"] == {"value": "true.some"}
    assert document["Q024"] == {"value": "true.some"} and document["Q025_b"] == {"value": "true.some"}
    assert document["Q027"] == [{"value": COND}, {"value": PROH}] and document["Q027_b"] == {"value": "false"}
    assert document["Q032"] == {"value": "false"} and document["Q041"] == {"value": "false"} and document["Q043_a"] == {"value": "true.some"}
    assert document["Q109"] == {"value": "false"} and document["Q110"] == {"value": "true.some"}
    assert document["Q155_b"] == {"value": "false"} and document["Q162_b"] == {"value": "false"}
    imported = cartagena("import-nr5", str(tmp_path / "nr5.json"), "-o", str(tmp_path / "back.json"))
    assert imported.returncode == 0, imported.stderr
    back = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))
    assert back["national_biosafety_framework"]["procedures"] == profile["national_biosafety_framework"]["procedures"]


# --- not_applicable branches: NR5 answers elsewhere show the information exists ------------------------

DECLARED_ELSEWHERE = {
    "biosafety_clearing_house": {"mandatory_information": {
        letter: {"answer": "false.notAvailable"} for letter in ("f", "g", "h", "k", "l")
    }},
    "national_biosafety_framework": {"procedures": {
        "contained_use_import_decision": {"answer": "true"},
        "ffp_domestic_use_framework": {"answer": "true"},
        "ffp_domestic_use_decisions": {"answer": "1+"},
        "ffp_import_decisions": {"answer": "5+"},
    }},
    "transboundary_movements": {"unintentional_releases": {"answer": "1+"}, "illegal_movement_cases": {"answer": "10+"}},
}


@pytest.mark.parametrize("engine", ENGINES)
def test_not_available_does_not_hide_decisions_releases_and_cases_declared_elsewhere(engine: str) -> None:
    findings = findings_for(merge(FIXTURE_BASE, DECLARED_ELSEWHERE), engine)
    expected = {
        "A.2/mandatory-information-f-contained-use-import-decisions": "CP-20.3",
        "A.2/mandatory-information-g-unintentional-release-notifications": "CP-17.1",
        "A.2/mandatory-information-h-illegal-movement-cases": "CP-25.3",
        "A.2/mandatory-information-k-food-feed-processing-domestic-use-decisions": "CP-11.1",
        "A.2/mandatory-information-l-food-feed-processing-import-decisions": "CP-20.3",
    }
    got = {rule_id: (findings[rule_id].status, findings[rule_id].rule.duty, findings[rule_id].rule.duty_basis) for rule_id in expected}
    assert got == {rule_id: ("gap", "obligation", article) for rule_id, article in expected.items()}
    assert findings["A.2/mandatory-information-f-contained-use-import-decisions"].message == (
        "The Party declares that it has taken decisions regarding the import of LMOs for contained use (in NR5 question "
        "102(f), or in answer to question 18), but that they are not, or only partly, in the Biosafety Clearing-House. "
        "Article 20, paragraph 3(d), requires each Party to make its final decisions regarding the importation of LMOs "
        "available to the Biosafety Clearing-House."
    )


def test_the_counts_behind_those_branches_travel_through_export_and_import(tmp_path: Path) -> None:
    """Q018, Q033, Q035, Q074 and Q146 are bound by `x-nr5` like every other field."""
    profile = merge({"party": {"name": "Republic of Examplia", "code": "XEX", "as_of": "2026-03-31"}}, DECLARED_ELSEWHERE)
    source = tmp_path / "profile.json"
    source.write_text(json.dumps(profile), encoding="utf-8")
    assert cartagena("export-nr5", str(source), "-o", str(tmp_path / "nr5.json")).returncode == 0
    document = json.loads((tmp_path / "nr5.json").read_text(encoding="utf-8"))
    assert [document[key] for key in ("Q018", "Q033", "Q035", "Q074", "Q146")] == [
        {"value": "true"}, {"value": "1+"}, {"value": "5+"}, {"value": "1+"}, {"value": "10+"}
    ]
    imported = cartagena("import-nr5", str(tmp_path / "nr5.json"), "-o", str(tmp_path / "back.json"))
    assert imported.returncode == 0, imported.stderr
    back = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))
    assert back["national_biosafety_framework"]["procedures"] == profile["national_biosafety_framework"]["procedures"]
    assert back["transboundary_movements"] == profile["transboundary_movements"]


# --- item 5: indicators read as the plan words them ------------------------------------------------------


def _indicators(tmp_path: Path, profiles: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    folder = tmp_path / "cycle"
    folder.mkdir()
    for name, data in profiles.items():
        (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    result = cartagena("indicators", str(folder), "--format", "json", "--engine", "python")
    assert result.returncode == 0, result.stderr
    return {entry["id"]: entry for entry in json.loads(result.stdout)["indicators"]}


def test_indicators_read_as_the_plan_words_them(tmp_path: Path) -> None:
    base = json.loads((ROOT / "profiles" / "examplia-everything-in-place.json").read_text(encoding="utf-8"))
    late_fourth = merge(base, {"party": {"code": "XLF"}, "national_reports": {"fourth": {"answer": "true", "submitted_on": "2019-12-01", "complete": "true"}}})
    no_observation = merge(base, {"party": {"code": "XNO"}, "risk_assessment": {"observation_period": {"answer": "false"}}})
    no_choice = merge(base, {"party": {"code": "XNC"}, "socio_economic_considerations": {
        "chooses_to_take_into_account": {"answer": "false"}, "research_and_information_exchange": {"answer": "false"}}})
    no_security = merge(base, {"party": {"code": "XNS"}, "liability_and_redress": {"financial_security": {"answer": "false"}}})
    got = _indicators(tmp_path, {"late-fourth": late_fourth, "no-observation": no_observation, "no-choice": no_choice, "no-security": no_security})
    # A.3(a): the latest cycle decides; a late fourth report no longer counts against a complete fifth
    assert got["A.3(a)"]["counts"] == {"first_applicable_of": ["A.3/fifth-national-report", "A.3/fourth-national-report"]}
    assert "XLF" in got["A.3(a)"]["parties"]["numerator"]
    # A.5(a): "undertake risk assessment" counts risk-assessment rules only, not the observation period
    assert "XNO" in got["A.5(a)"]["parties"]["numerator"]
    # A.9(c): Article 26.2 speaks to every Party, so one that takes no socio-economic considerations into account counts
    assert got["A.9(c)"]["denominator_parties"] == "Parties to the Cartagena Protocol" and "denominator_within" not in got["A.9(c)"]
    assert "XNC" in got["A.9(c)"]["parties"]["denominator"] and "XNC" not in got["A.9(c)"]["parties"]["numerator"]
    # A.10(b): financial security is a right (SP 10.1), not a necessary measure
    assert "A.10/financial-security" not in got["A.10(b)"]["counts"]["all_of"] and "XNS" in got["A.10(b)"]["parties"]["numerator"]
    # every remaining judgement call is written beside its indicator, quoting the plan's own words
    for entry in got.values():
        if "judgement" in entry:
            assert entry["judgement"]["words"] in entry["wording"], entry["id"]
    assert got["A.10(b)"]["judgement"]["reading"].endswith("Article 10.1 makes it a right of each Party, not a necessary measure")
    assert sum("judgement" in entry for entry in got.values()) == 22


def test_indicators_show_the_judgement_beside_the_indicator() -> None:
    text = cartagena("indicators", "profiles/", "--engine", "python").stdout
    assert '           reading of "have submitted a complete national report within the established deadline":\n' in text
    markdown = cartagena("indicators", "profiles/", "--format", "markdown", "--engine", "python").stdout
    assert "- A.10(b): reading of \"have the necessary measures in place to implement the provisions of the Supplementary Protocol\"" in markdown
    csv_text = cartagena("indicators", "profiles/", "--format", "csv", "--engine", "python").stdout
    assert csv_text.splitlines()[0].endswith(",wording,judgement_words,judgement_reading")


def test_a_judgement_must_quote_the_indicators_own_words(tmp_path: Path) -> None:
    from engine.catalog import load_catalog
    from engine.indicators.definitions import IndicatorFileError, INDICATORS_FILE, load_definitions
    from tests.rulekit import rulebook

    changed = tmp_path / "indicators.yaml"
    text = INDICATORS_FILE.read_text(encoding="utf-8")
    changed.write_text(text.replace('words: "have mainstreamed biosafety"', 'words: "have mainstreamed everything"'), encoding="utf-8")
    with pytest.raises(IndicatorFileError) as caught:
        load_definitions(load_catalog(), rulebook(), path=changed)
    assert caught.value.problems == [
        f"{changed}: A.1(b): judgement.words: 'have mainstreamed everything' are not the indicator's own words "
        "(quote them from rules/catalog/goals/A.1.yaml)"
    ]


def test_an_answer_nr5_would_not_ask_is_flagged_for_review(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(merge(FIXTURE_BASE, {"national_biosafety_framework": {"procedures": {
        "notifications_received": {"answer": "false"}, "receipt_acknowledged_within_90_days": {"answer": "true"},
        "decisions_taken": {"answer": "true"}, "decision_categories": {"answer": ["3B9ECE67-B35C-40FF-8C06-4EA5FF762899"]},
        "reasons_for_prohibition": {"answer": "true"}}}})), encoding="utf-8")
    result = cartagena("validate", str(profile))
    assert result.returncode == 0  # inconsistent, not invalid
    assert (
        "/national_biosafety_framework/procedures/receipt_acknowledged_within_90_days: inconsistent: answered, but NR5 asks it "
        "only when question 22 (notifications_received) answers 'true'"
    ) in result.stdout
    assert "/national_biosafety_framework/procedures/reasons_for_prohibition: inconsistent: answered, but NR5 asks it only when question 27" in result.stdout
