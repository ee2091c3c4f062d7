"""Articles, NR5 questions, id lookup and suggestions."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from engine.catalog import load_catalog  # noqa: E402
from engine.catalog.nr5 import keys_from_reference  # noqa: E402


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_one_entry_per_paragraph(catalog):
    assert [a.id for a in catalog.articles] == [
        "CP-2.1", "CP-19.1", "CP-19.2", "CP-17.2", "CP-17.3(e)", "CP-8.1", "CP-8.2", "CP-9.1", "CP-10.3", "CP-10.4",
        "CP-11.1", "CP-11.2", "CP-11.5", "CP-11.6", "CP-6.1", "CP-12.1", "CP-12.3", "CP-13.1", "CP-14.4", "CP-21.1",
        "CP-21.3", "CP-17.1", "CP-18.1", "CP-18.2(a)", "CP-18.2(b)", "CP-18.2(c)", "MOP-BS-III/10", "CP-20.3", "CP-33",
        "CP-15.1", "CP-15.2", "CP-Annex-III", "CP-16.1", "CP-16.2", "CP-16.3", "CP-16.4", "CP-16.5", "CP-25.1", "CP-25.3",
        "CP-34", "MOP-BS-I/7", "CP-17", "CP-18.2", "CP-25", "CP-26.1", "CP-26.2", "CP-22.1", "CP-28", "CP-23.1(a)",
        "CP-23.1(b)", "CP-23.2", "CP-23.3", "cooperation", "SP-5.1", "SP-5.2", "SP-5.3", "SP-10.1", "SP-12.1", "SP-16.3",
        "SP-status",
    ]


def test_each_paragraph_has_the_force_the_treaty_words_it(catalog):
    """Issue 23: the register's force per paragraph, as the Protocols word them."""
    force = {a.id: (a.force, a.binds) for a in catalog.articles}
    assert force["CP-17.2"] == ("shall", "each_party")  # the emergency contact point: a "shall"
    assert force["CP-17.3(e)"] == ("should", "each_party")  # only what a notification should include
    assert force["CP-19.1"] == force["CP-19.2"] == ("shall", "each_party")
    assert force["CP-15.1"] == ("shall", "party_of_import") and force["CP-15.2"] == ("shall", "party_of_import")
    assert force["CP-16.1"] == ("shall", "the_parties") and force["CP-16.3"] == ("shall", "each_party")
    assert force["CP-16.4"] == ("shall_endeavour", "each_party") and force["CP-16.5"] == ("shall", "the_parties")
    assert force["CP-23.1(a)"] == ("shall", "the_parties") and force["CP-23.1(b)"] == ("shall_endeavour", "the_parties")
    assert force["CP-23.3"] == ("shall_endeavour", "each_party")
    assert force["CP-8.1"] == force["CP-8.2"] == ("shall", "party_of_export")
    assert force["CP-9.1"] == force["CP-10.3"] == force["CP-12.3"] == force["CP-21.1"] == ("shall", "party_of_import")
    assert force["CP-11.2"] == ("shall", "deciding_party") and force["CP-21.3"] == ("shall", "each_party")
    assert force["CP-6.1"] == ("may", "party_of_transit") and force["CP-13.1"] == ("may", "party_of_import")
    assert force["CP-26.1"] == ("may", "the_parties") and force["CP-26.2"] == ("encouraged", "the_parties")
    assert force["CP-34"] == ("shall", "meeting_of_the_parties")
    assert force["SP-5.1"] == ("shall", "the_parties") and force["SP-5.2"] == ("shall", "competent_authority")
    assert force["SP-5.3"] == ("shall", "the_parties") and force["SP-10.1"] == ("may", "the_parties")
    assert force["SP-12.1"] == force["SP-16.3"] == ("shall", "the_parties")
    assert force["MOP-BS-III/10"] == ("request", "each_party") and force["MOP-BS-I/7"] == ("none", "meeting_of_the_parties")
    assert force["cooperation"] == force["SP-status"] == ("none", "none")
    assert catalog.article("cooperation").instrument == "none"
    assert catalog.article("SP-12.1").instrument == "supplementary_protocol"
    assert catalog.article("MOP-BS-III/10").instrument == "decision_of_the_parties"


VERBS = {"shall": ("shall",), "shall_endeavour": ("endeavour",), "should": ("should",), "may": ("may", "right"),
         "encouraged": ("encouraged",)}


def test_every_quoted_text_has_its_source_and_carries_its_force(catalog):
    for article in catalog.articles:
        if article.text is None:
            assert article.text_note, article.id
            continue
        assert article.text_source in catalog.sources, article.id
        if article.force in VERBS:
            assert any(verb in article.text.lower() for verb in VERBS[article.force]), (article.id, article.force)


def test_a_decision_without_verified_text_says_so(catalog):
    decision = catalog.article("MOP-BS-III/10")
    assert decision.text is None and "has not read the operative text" in decision.text_note
    assert "Requests Parties" in decision.force_note  # the words read, in a later decision
    assert catalog.article("MOP-BS-I/7").text.startswith("Decides to adopt procedures and mechanisms on compliance")
    assert catalog.sources["cp-text"].where.startswith("github.com/statengeneraal/laws-markdown")


def test_the_emergency_contact_point_is_article_17_paragraph_2(catalog):
    contact = catalog.article("CP-17.2")
    assert contact.text.startswith("Each Party shall, no later than the date of entry into force of this Protocol for it, "
                                   "make available to the Biosafety Clearing-House the relevant details setting out its point of contact")
    assert contact.goals == ("A.1", "A.7") and catalog.article("CP-17.3(e)").goals == ()
    assert "CP-17.2" in catalog.goal("A.1").articles and "CP-17.3(e)" not in catalog.goal("A.1").articles


def test_pseudo_ids_labelled_as_what_they_are(catalog):
    kinds = {a.id: a.kind for a in catalog.articles if a.kind != "article"}
    assert kinds == {"MOP-BS-III/10": "decision", "MOP-BS-I/7": "decision", "cooperation": "plan_goal", "SP-status": "ratification_status"}


def test_inferred_links(catalog):
    assert catalog.article("CP-17.1").inferred is True
    assert catalog.article("CP-17.2").inferred is False and catalog.article("CP-17.2").inferred_goals == ("A.7",)
    assert catalog.article("CP-16.3").inferred_goals == ("A.7",)
    assert catalog.article("CP-8.1").inferred is True and catalog.article("CP-8.1").source_note


def test_every_goal_has_articles_a4_and_a6_from_the_new_rows(catalog):
    assert catalog.goal("A.4").articles == ("CP-34", "MOP-BS-I/7")
    assert catalog.goal("A.6").articles == ("CP-17", "CP-18.2", "CP-25")
    for goal in catalog.goals:
        assert goal.articles, goal.id


def test_nr5_keys_normalised(catalog):
    assert catalog.article("CP-2.1").nr5 == ("Q007", "Q008")
    assert catalog.article("CP-19.1").nr5 == ("Q102_d",)
    assert catalog.article("CP-17.1").nr5 == ("Q073", "Q074", "Q075", "Q076", "Q077")
    assert catalog.article("CP-20.3").nr5 == tuple(f"Q102_{c}" for c in "abcdefghijklmnopq")
    for article in catalog.articles:
        for key in article.nr5:
            assert key in catalog.nr5
        if article.reference.nr5 is not None:  # an entry from a row of the reference (a split row: each part)
            assert list(article.nr5) == keys_from_reference(article.reference.nr5, catalog.nr5), article.id


def test_objectives_named_by_the_reference(catalog):
    assert catalog.article("CP-19.2").objectives == ("A.1.3",) and catalog.article("CP-19.1").objectives == ("A.1.3",)
    assert catalog.article("CP-18.2(b)").objectives == ("A.8.2",)
    assert catalog.article("SP-status").objectives == ("A.10.1",)


def test_nr5_tree(catalog):
    q = catalog.nr5["Q080"]
    assert q.number == "80" and q.section == "Article18"
    assert [o.value for o in q.options] == ["true", "true.some", "false"]
    assert catalog.nr5["Q102_d"].parent == "Q102" and catalog.nr5["Q102_d"].label == "question 102(d)"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("A.10a", "A.10(a)"), ("A.10.a", "A.10(a)"), ("a.10(A)", "A.10(a)"), ("A.10(a)", "A.10(a)"),
        ("a.8.2", "A.8.2"), ("q80", "Q080"), ("Q102(d)", "Q102_d"), ("q102_D", "Q102_d"),
        ("cp-18.2a", "CP-18.2(a)"), ("cb.a.6-8.I", "CB.A.6-8.i"), ("ka.a.6-8.5", "KA.A.6-8.5"),
        (" B.3(f) ", "B.3(f)"), ("a.1-OUTCOME", "A.1-outcome"), ("sp-status", "SP-status"),
    ],
)
def test_normalise_id(catalog, typed, expected):
    assert catalog.normalise_id(typed) == expected


def test_unknown_and_suggestions(catalog):
    assert catalog.normalise_id("A.8.9") is None
    assert catalog.suggest("A.8.9")[:2] == ["A.8.2", "A.8.1"]
    with pytest.raises(KeyError):
        catalog.lookup("A.8.9")
    assert catalog.lookup("a.10a") is catalog.goal("A.10").indicators[0]


def test_loaded_once_per_process():
    assert load_catalog() is load_catalog()
