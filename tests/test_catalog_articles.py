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


def test_one_entry_per_reference_row(catalog):
    assert [a.id for a in catalog.articles] == [
        "CP-2.1", "CP-19.1", "CP-19.2", "CP-17.3(e)", "CP-17.1", "CP-18.1", "CP-18.2(a)", "CP-18.2(b)",
        "CP-18.2(c)", "CP-20.3", "CP-33", "CP-15", "CP-Annex-III", "CP-16.1-16.4", "CP-25.1", "CP-25.3",
        "CP-34", "MOP-BS-I/7", "CP-17", "CP-18.2", "CP-25", "CP-26.1", "CP-26.2", "CP-22", "CP-28", "CP-23.1", "CP-23.2", "CP-23.3", "cooperation",
        "SP-5.1-5.6", "SP-10", "SP-12", "SP-status",
    ]


def test_duties(catalog):
    duty = {a.id: a.duty for a in catalog.articles}
    assert duty["CP-18.2(a)"] == "shall"
    assert duty["CP-26.1"] == "may" and duty["SP-10"] == "may"
    assert duty["CP-26.2"] == "encouraged"
    assert duty["cooperation"] == "none"
    assert catalog.article("cooperation").instrument == "none"
    assert catalog.article("SP-12").instrument == "supplementary_protocol"
    assert catalog.article("MOP-BS-I/7").instrument == "decision_of_the_parties"


def test_pseudo_ids_labelled_as_what_they_are(catalog):
    kinds = {a.id: a.kind for a in catalog.articles if a.kind != "article"}
    assert kinds == {"MOP-BS-I/7": "decision", "cooperation": "plan_goal", "SP-status": "ratification_status"}


def test_inferred_links(catalog):
    assert catalog.article("CP-17.1").inferred is True
    assert catalog.article("CP-17.3(e)").inferred is False
    assert catalog.article("CP-17.3(e)").inferred_goals == ("A.7",)
    assert [a.id for a in catalog.articles if a.inferred] == ["CP-17.1", "CP-17", "CP-18.2", "CP-25"]


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
        assert list(article.nr5) == keys_from_reference(article.reference.nr5, catalog.nr5), article.id
        for key in article.nr5:
            assert key in catalog.nr5


def test_objectives_named_by_the_reference(catalog):
    assert catalog.article("CP-19.2").objectives == ("A.1.3",)
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
