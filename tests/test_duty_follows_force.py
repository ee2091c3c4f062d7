"""Issue 23: a rule's duty follows from the law. A rule is an `obligation` only if it rests
(`requires`) on a "shall" that binds a Party; a "shall endeavour", "should", "are encouraged" or a
decision's request gives at most a `commitment`; "may" an `option`.

The first test derives every rule's duty again from the article register with its own table (not
the loader's code), so the check holds even if the loader's were switched off; the others prove
that the loader refuses a rule whose duty its citations cannot carry, naming the rule and the
article, and that `cartagena check` then exits 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.catalog.loader import load_catalog
from engine.rulebook.loader import RuleFileError, load_rulebook
from tests.rulekit import rulebook
from tests.test_robustness_rule_files import _set, break_data, check_with_rules, first_rule_id, rule_file

# whom a duty must bind to be a Party's: each Party, the Parties each for its part, a Party in its role
BINDS_A_PARTY = {"each_party", "the_parties", "party_of_import", "party_of_export", "party_of_transit", "deciding_party",
                 "competent_authority"}
DUTY_OF_FORCE = {"shall": "obligation", "shall_endeavour": "commitment", "should": "commitment", "encouraged": "commitment",
                 "request": "commitment", "may": "option"}
RANK = {"option": 0, "commitment": 1, "obligation": 2}


def test_every_rules_duty_is_the_one_its_citations_carry() -> None:
    catalog = load_catalog()
    wrong = []
    for rule in rulebook().rules:
        carried = []
        for basis in rule.legal_basis:
            article = catalog.article(basis.article)
            if basis.relation != "requires":
                continue
            duty = DUTY_OF_FORCE.get(article.force) if article.binds in BINDS_A_PARTY else None
            if duty is None:
                wrong.append(f"{rule.id}: requires {article.id}, whose force ({article.force}, binding {article.binds}) is no duty of a Party")
            else:
                carried.append((RANK[duty], duty, article.id))
        if carried:  # the strongest; among equals, the first in the rule file's order
            _, duty, article_id = max(carried, key=lambda entry: entry[0])
            if rule.duty != duty:
                wrong.append(f"{rule.id}: is {rule.duty}, but {article_id}, which it requires, makes it {duty}")
            if rule.duty_basis != article_id and rule.duty == duty:
                wrong.append(f"{rule.id}: its duty_basis is {rule.duty_basis}, not {article_id}")
        elif rule.duty == "obligation":
            wrong.append(f"{rule.id}: is an obligation but requires no paragraph")
    assert not wrong, "\n".join(wrong)


def test_the_duties_the_review_corrected() -> None:
    """The duties issue 23's legal review found wrong, each now as its paragraph's force makes it."""
    rules = rulebook().by_id()
    expected = {
        "A.1/emergency-contact-point": ("obligation", "CP-17.2"),  # a "shall" of Article 17.2, not 17.3(e)'s "should"
        "A.5/observation-period": ("commitment", "CP-16.4"),  # "shall endeavour"
        "B.3/public-access-to-information": ("commitment", "CP-23.1(b)"),  # "Endeavour to ensure"
        "B.3/public-informed-of-bch-access": ("commitment", "CP-23.3"),  # "shall endeavour"
        "A.8/documentation-ffp-identity-known": ("commitment", "MOP-BS-III/10"),  # a decision's request
        "A.10/reports-on-implementation": ("obligation", "SP-16.3"),  # the Protocol's Article 33, mutatis mutandis
        "A.1/competent-national-authority": ("obligation", "CP-19.1"),  # designation is paragraph 1
        "A.5/risk-management-measures": ("obligation", "CP-16.1"),
        "A.7/unintentional-movement-prevention": ("obligation", "CP-16.3"),
    }
    assert {rule_id: (rules[rule_id].duty, rules[rule_id].duty_basis) for rule_id in expected} == expected
    assert rules["A.10/reports-on-implementation"].duty_instrument == "supplementary_protocol"
    assert rules["A.8/documentation-ffp-identity-known"].duty_instrument == "decision_of_the_parties"
    assert rules["A.5/observation-period"].duty_instrument == "cartagena_protocol"
    assert rules["A.9/research-and-information-exchange"].duty_instrument is None  # rests on the plan (Article 26.2 encourages)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            [_set("duty", "obligation"), _set("legal_basis", [{"article": "CP-17.3(e)", "relation": "requires"}])],
            'duty: obligation, but what the rule `requires` (CP-17.3(e)) carries commitment: CP-17.3(e) says "should" and binds '
            "each Party; an obligation needs a paragraph of that force cited as `requires`",
        ),
        (
            [_set("duty", "commitment"), _set("legal_basis", [{"article": "CP-17.2", "relation": "requires"}])],
            'duty: commitment, but what the rule `requires` (CP-17.2) carries obligation: CP-17.2 says "shall" and binds each '
            "Party; the rule is an obligation, or cite the paragraph as `supports`",
        ),
        (
            [_set("duty", "commitment"), _set("legal_basis", [{"article": "CP-34", "relation": "requires"}])],
            'legal_basis[0]: CP-34 is cited as `requires`, but it says "shall" and binds the Parties collectively, as their '
            "meeting: it creates no duty of a Party; cite it as `supports`",
        ),
        (
            [_set("duty", "obligation"), _set("legal_basis", [{"article": "SP-12.1", "relation": "supports"}])],
            'duty: obligation, but the rule `requires` no paragraph; an obligation must rest on a "shall" that binds a Party, '
            "cited as `requires` (else the duty is a commitment or an option of the plan)",
        ),
        (
            [_set("duty", "obligation"), _set("legal_basis", [{"article": "SP-10.1", "relation": "requires"}])],
            'duty: obligation, but what the rule `requires` (SP-10.1) carries option: SP-10.1 says "may" and binds the '
            "Parties, each for its own part; an obligation needs a paragraph of that force cited as `requires`",
        ),
    ],
    ids=["should-is-no-obligation", "shall-is-no-commitment", "meeting-of-the-parties", "nothing-required", "may-is-an-option"],
)
def test_the_loader_refuses_a_duty_its_citations_cannot_carry(tmp_path: Path, change: list, problem: str) -> None:
    rules = break_data(tmp_path, lambda data: [step(data) for step in change])
    with pytest.raises(RuleFileError) as caught:
        load_rulebook(directory=rules, catalog=load_catalog())
    assert caught.value.problems == [f"{rule_file(rules)}: rule {first_rule_id()}: {problem}"]


def test_check_exits_3_naming_the_rule_and_the_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def change(data: list) -> None:
        _set("duty", "obligation")(data)
        _set("legal_basis", [{"article": "CP-23.3", "relation": "requires"}])(data)

    rules = break_data(tmp_path, change)
    result = check_with_rules(rules, tmp_path, monkeypatch)
    assert result.exit_code == 3, result.output
    assert (
        f"{rule_file(rules)}: rule {first_rule_id()}: duty: obligation, but what the rule `requires` (CP-23.3) carries "
        'commitment: CP-23.3 says "shall endeavour" and binds each Party'
    ) in result.output
