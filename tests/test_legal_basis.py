"""Issue 14: every finding names its legal basis and instrument; one answer read by several rules is
counted once among the distinct gaps; recommended activities fit the gap's goal."""

from __future__ import annotations

import json
from pathlib import Path

from engine.catalog import load_catalog
from tests.clirun import ROOT, cartagena
from tests.rulekit import rulebook

XEX = "profiles/examplia-everything-in-place.json"
XPL = "profiles/placeholder-isles-supplementary-protocol-party-without-measures.json"


def _header(profile: str = XEX) -> dict:
    return json.loads(cartagena("check", profile, "--format", "json", "--fail-on", "none").stdout)


def test_every_rule_has_a_legal_basis_in_the_catalog() -> None:
    catalog = load_catalog()
    rules = rulebook().rules
    assert len(rules) == 114
    for rule in rules:
        assert rule.legal_basis, rule.id
        for basis in rule.legal_basis:
            assert basis.instrument == catalog.article(basis.article).instrument
        if rule.duty == "obligation":
            assert rule.duty_instrument in ("cartagena_protocol", "supplementary_protocol"), rule.id


def test_json_legal_basis_of_a4_a6_and_a10() -> None:
    details = _header()["rules"]["details"]
    assert details["A.4/no-unresolved-non-compliance"]["legal_basis"] == [
        {"article": "CP-34", "relation": "supports", "instrument": "cartagena_protocol", "force": "shall", "binds": "meeting_of_the_parties"},
        {"article": "MOP-BS-I/7", "relation": "supports", "instrument": "decision_of_the_parties", "force": "none",
         "binds": "meeting_of_the_parties"},
    ]
    assert details["A.4/no-unresolved-non-compliance"]["duty_basis"] is None
    assert details["A.6/sampling-and-detection-procedures"]["legal_basis"] == [
        {"article": "CP-17", "relation": "supports", "instrument": "cartagena_protocol", "force": "mixed", "binds": "each_party"},
        {"article": "CP-18.2", "relation": "supports", "instrument": "cartagena_protocol", "force": "shall", "binds": "each_party"},
        {"article": "CP-25", "relation": "supports", "instrument": "cartagena_protocol", "force": "mixed", "binds": "each_party"},
    ]
    implementing = details["A.10/implementing-measures"]
    assert implementing["legal_basis"] == [
        {"article": "SP-12.1", "relation": "requires", "instrument": "supplementary_protocol", "force": "shall", "binds": "the_parties"}
    ]
    assert implementing["duty"] == "obligation" and implementing["duty_instrument"] == "supplementary_protocol"
    assert implementing["duty_basis"] == "SP-12.1"
    plan = _header()["plan"]
    assert plan["SP-12.1"] == {
        "label": "Article 12, paragraph 1, of the Supplementary Protocol on Liability and Redress",
        "kind": "article", "instrument": "supplementary_protocol", "force": "shall", "binds": "the_parties",
        "summary": "shall provide, in domestic law, rules and procedures that address damage; may include civil liability",
        "text": "Parties shall provide, in their domestic law, for rules and procedures that address damage. To implement this "
        "obligation, Parties shall provide for response measures in accordance with this Supplementary Protocol and may, as "
        "appropriate:\na) Apply their existing domestic law, including, where applicable, general rules and procedures on civil "
        "liability;\nb) Apply or develop civil liability rules and procedures specifically for this purpose; or\nc) Apply or "
        "develop a combination of both.",
    }
    assert plan["MOP-BS-I/7"]["kind"] == "decision" and plan["SP-status"]["kind"] == "ratification_status"


def test_finding_record_names_its_basis_by_id() -> None:
    report = json.loads(cartagena("check", XPL, "--format", "json", "--goal", "A.10").stdout)
    finding = next(f for f in report["profiles"][0]["findings"] if f["rule"] == "A.10/implementing-measures")
    assert finding["status"] == "gap"
    # the finding names its rule; the rule's basis is in the header, by id (the article's words under `plan`)
    assert "legal_basis" not in finding
    assert [entry["article"] for entry in report["rules"]["details"][finding["rule"]]["legal_basis"]] == ["SP-12.1"]


def test_supplementary_protocol_obligation_is_labelled_so_in_text_and_markdown() -> None:
    text = cartagena("check", XPL, "--goal", "A.10").stdout
    assert "  A.10/implementing-measures [obligation under the Supplementary Protocol]\n" in text
    assert "obligation under the Protocol]" not in text
    assert "    Legal basis: Article 12, paragraph 1, of the Supplementary Protocol" in text
    markdown = cartagena("check", XPL, "--goal", "A.10", "--format", "markdown").stdout
    assert "*Obligation under the Supplementary Protocol.* " in markdown
    assert "- **Legal basis**: Article 12, paragraph 1, of the Supplementary Protocol" in markdown


def test_rules_command_shows_basis_relation_and_instrument() -> None:
    out = cartagena("rules", "--goal", "A.4").stdout
    assert "A.4/no-unresolved-non-compliance  [commitment under the plan]" in out
    assert (
        '    legal basis: Article 34 of the Cartagena Protocol [supports] (CP-34: "shall": a legal\n'
        "      obligation; binds the Parties collectively, as their meeting)\n"
    ) in out
    data = json.loads(cartagena("rules", "--goal", "A.10", "--format", "json").stdout)
    rule = next(r for r in data["rules"] if r["id"] == "A.10/implementing-measures")
    assert rule["duty_label"] == "obligation under the Supplementary Protocol"
    assert [(b["article"], b["relation"], b["instrument"], b["force"], b["binds"]) for b in rule["legal_basis"]] == [
        ("SP-12.1", "requires", "supplementary_protocol", "shall", "the_parties")
    ]
    assert rule["duty_basis"] == "SP-12.1"


def _budget_gap_profile(tmp_path: Path) -> str:
    data = json.loads((ROOT / XEX).read_text(encoding="utf-8"))
    data["national_biosafety_framework"]["national_budget"]["answer"] = "false"
    path = tmp_path / "examplia-no-budget.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_one_answer_read_by_two_rules_is_one_distinct_gap(tmp_path: Path) -> None:
    profile = _budget_gap_profile(tmp_path)
    report = json.loads(cartagena("check", profile, "--format", "json", "--fail-on", "none").stdout)
    assert report["rules"]["shared_answers"] == {
        "A.1/national-budget": ["B.2/national-budget"],
        "A.4/compliance-action-plans": ["A.4/no-unresolved-non-compliance", "A.4/non-compliance-issues-resolved"],
        "A.4/no-unresolved-non-compliance": ["A.4/non-compliance-issues-resolved", "A.4/compliance-action-plans"],
        "A.4/non-compliance-issues-resolved": ["A.4/no-unresolved-non-compliance", "A.4/compliance-action-plans"],
        "B.2/national-budget": ["A.1/national-budget"],
    }
    record = report["profiles"][0]
    gaps = {f["rule"]: f for f in record["findings"] if f["status"] == "gap"}
    assert sorted(gaps) == ["A.1/national-budget", "B.2/national-budget"]
    assert record["summary"]["gaps"] == {"obligation": 0, "commitment": 2, "option": 0}
    assert record["summary"]["distinct_gaps"] == 1
    assert report["summary"]["distinct_gaps"] == 1
    text = cartagena("check", profile, "--fail-on", "none").stdout
    assert (
        "Summary: 2 gaps by rule (obligations: 0, commitments: 2, options: 0), 1 distinct gap in the declaration "
        "(an answer several rules read counts once), 0 not declared (obligations: 0, commitments: 0, options: 0), 5 not applicable, 107 met"
    ) in text
    assert (
        "    Shared answer: the same answer is also read by B.2/national-budget; gaps from one answer count\n"
        "      once among the distinct gaps\n"
    ) in text
    markdown = cartagena("check", profile, "--fail-on", "none", "--format", "markdown").stdout
    assert "- **Shared answer**: the same answer is also read by A.1/national-budget; gaps from one answer count once among the distinct gaps\n" in markdown


def test_activities_outside_the_goal_section_say_why() -> None:
    """Paragraph 19 aligns A.2 with A.3 and A.6, A.7 with A.8 (one section each); anything else outside
    a rule's own section needs `remediation.why_outside_goal`."""
    catalog = load_catalog()
    explained = {}
    for rule in rulebook().rules:
        section = catalog.goal(rule.goal).capacity_building
        outside = [i for i in (*rule.key_areas, *rule.activities) if not i.startswith((f"{section}.", f"KA.{section[3:]}."))]
        if outside:
            assert rule.why_outside_goal, rule.id
            explained[rule.id] = outside
    assert explained == {
        "A.1/authorities-notified": ["KA.A.2-3.1", "CB.A.2-3.i"],
        "A.1/emergency-contact-point": ["KA.A.2-3.1", "CB.A.2-3.i"],
    }
    assert catalog.goal("A.7").capacity_building == catalog.goal("A.6").capacity_building == "CB.A.6-8"
    assert catalog.goal("A.2").capacity_building == catalog.goal("A.3").capacity_building == "CB.A.2-3"


def test_rule_recommending_outside_its_goal_without_reason_is_refused(tmp_path: Path) -> None:
    import pytest

    from engine.rulebook.loader import RuleFileError, load_rulebook
    from tests.test_robustness_rule_files import _remediation, break_data, first_rule_id, rule_file

    rules = break_data(tmp_path, _remediation("activities", ["CB.A.1.iii"]))
    with pytest.raises(RuleFileError) as caught:
        load_rulebook(directory=rules, catalog=load_catalog())
    assert caught.value.problems == [
        f"{rule_file(rules)}: rule {first_rule_id()}: remediation: CB.A.1.iii lie(s) outside CB.A.10, the capacity-building "
        "section of goal A.10; say why in remediation.why_outside_goal"
    ]
