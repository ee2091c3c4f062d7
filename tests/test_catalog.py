"""The plan catalog is the plan, faithfully: counts per goal, exact wordings, mends, missing parts."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from engine.catalog import NO_ARTICLE, load_catalog  # noqa: E402

# Counted by hand from the source text (shared/seed/implementation-plan-and-capacity-building-action-plan.txt):
# goal -> (objectives, indicators, key areas, activities) of the goal and of the section serving it.
# B.3: the page is missing; indicators (a)-(e) are recorded as missing items, (f) a fragment, (g) whole.
EXPECTED = {
    "A.1": (4, 4, 3, 3),
    "A.2": (2, 3, 3, 4),
    "A.3": (1, 1, 3, 4),
    "A.4": (2, 2, 1, 1),
    "A.5": (2, 4, 4, 6),
    "A.6": (3, 4, 5, 6),
    "A.7": (1, 1, 5, 6),
    "A.8": (2, 4, 5, 6),
    "A.9": (3, 3, 2, 3),
    "A.10": (3, 3, 5, 8),
    "B.1": (4, 4, 4, 4),
    "B.2": (3, 4, 3, 3),
    "B.3": (0, 7, 0, 0),
    "B.4": (2, 3, 2, 2),
}
SECTIONS = {
    "CB.A.1": ["A.1"], "CB.A.2-3": ["A.2", "A.3"], "CB.A.4": ["A.4"], "CB.A.5": ["A.5"],
    "CB.A.6-8": ["A.6", "A.7", "A.8"], "CB.A.9": ["A.9"], "CB.A.10": ["A.10"], "CB.B.1": ["B.1"],
    "CB.B.2": ["B.2"], "CB.B.3": ["B.3"], "CB.B.4": ["B.4"],
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_goals_in_order(catalog):
    assert [g.id for g in catalog.goals] == list(EXPECTED)
    assert [g.area for g in catalog.goals] == ["A"] * 10 + ["B"] * 4


@pytest.mark.parametrize("goal_id", list(EXPECTED))
def test_counts_per_goal(catalog, goal_id):
    goal = catalog.goal(goal_id)
    section = catalog.section_for(goal)
    got = (len(goal.objectives), len(goal.indicators), len(section.key_areas), len(section.activities))
    assert got == EXPECTED[goal_id]


def test_sections_and_the_goals_they_serve(catalog):
    assert {s.id: list(s.goals) for s in catalog.sections} == SECTIONS
    for goal in catalog.goals:
        assert goal.id in catalog.section_for(goal).goals


def test_ids_follow_the_plan_numbering(catalog):
    a6 = catalog.section("CB.A.6-8")
    assert [k.id for k in a6.key_areas] == [f"KA.A.6-8.{n}" for n in range(1, 6)]
    assert [a.id for a in a6.activities] == [f"CB.A.6-8.{r}" for r in ("i", "ii", "iii", "iv", "v", "vi")]
    assert [i.id for i in catalog.goal("A.10").indicators] == ["A.10(a)", "A.10(b)", "A.10(c)"]
    assert catalog.goal("A.10").outcome.id == "A.10-outcome"
    assert [o.id for o in catalog.goal("A.1").objectives] == ["A.1.1", "A.1.2", "A.1.3", "A.1.4"]


@pytest.mark.parametrize(
    "item_id, text",
    [
        ("A.1", "Parties have in place functional national biosafety frameworks"),
        ("A.1.3", "Parties have designated competent national authorities and national focal points for the Protocol"),
        ("A.1(c)", "Percentage of Parties that have designated a national focal point and competent national "
                   "authorities for the Protocol and have notified the Secretariat accordingly"),
        ("KA.A.1.2", "Mainstreaming of biosafety in national sectoral and cross-sectoral legislation, policies and plan"),
        ("CB.A.2-3.iv", "Provide training to establish and strengthen collaboration to facilitate information gathering"),
        ("A.3-outcome", "Accurate information on the implementation of the Protocol enables the COP-MOP to set "
                        "priorities and identify where support is needed"),
        ("A.4(b)", "Percentage of non-compliance issues identified by the Compliance Committee that have been resolved"),
        ("KA.A.6-8.4", "Access to technical infrastructure for detection and identification, including certified "
                       "reference materials"),
        ("CB.A.6-8.v", "Facilitate access to technical infrastructure for detection and identification of LMOs, "
                       "including accredited laboratories, certified reference materials and consumables"),
        ("A.8.2", "Parties have measures in place to fulfil the documentation requirements for LMOs intended for "
                  "direct use as food or feed, or for processing; LMOs destined for contained use; LMOs for "
                  "intentional introduction into the environment and other LMOs"),
        ("KA.A.9.1", "Strengthening capacities for taking into account socio-economic considerations in "
                     "accordance with Article 26"),
        ("CB.A.10.v", "Provide training on to competent authorities of Parties to the Supplementary Protocol to "
                      "strengthen scientific and technical capacities to evaluate damage, establish causal links "
                      "and determine appropriate response measures"),
        ("CB.A.10.vi", "Identify and provide access to databases and knowledge management systems to facilitate the "
                       "establishment of baselines and monitoring of the status of biodiversity"),
        ("B.1", "Parties engage in capacity-building activities"),
        ("B.1.4", "Parties cooperate to strengthen capacities for the implementation of the Protocol"),
        ("B.3(g)", "Percentage of Parties that have informed the public about the means of public access to the BCH"),
    ],
)
def test_exact_wordings(catalog, item_id, text):
    assert catalog.lookup(item_id).text == text


def test_mended_items(catalog):
    a1_i = catalog.lookup("CB.A.1.i")
    assert a1_i.text.startswith("Provide training on the development")
    assert [(m.source, m.reading, m.kind) for m in a1_i.mends] == [("Hovide", "Provide", "ocr_slip")]

    a9a = catalog.lookup("A.9(a)")
    assert a9a.text.startswith("Percentage of Parties that take into account")
    assert {(m.source, m.reading) for m in a9a.mends} >= {("Precenting", "Percentage"), ("has take", "that take")}

    a1a = catalog.lookup("A.1(a)")
    assert a1a.text == "Percentage of Parties that have measures in place to implement the provisions of the Protocol"
    assert [m.kind for m in a1a.mends] == ["restored_words"]

    ka91 = catalog.lookup("KA.A.9.1")
    assert "Participanting" not in ka91.text
    assert [m.kind for m in ka91.mends] == ["stray_text_removed"]

    hyphen = {m.reading for item in _all_items(catalog) for m in item.mends if m.kind == "line_break_hyphen"}
    assert hyphen == {"cross-sectoral", "capacity-building", "non-compliance", "socio-economic", "COP-MOP",
                      "decision-making", "Nagoya-Kuala"}


def test_no_source_slip_left(catalog):
    for item in _all_items(catalog):
        text = item.text or ""
        for slip in ("Hovide", "Precenting", "Participanting", "- ", " ;", "has take"):
            assert slip not in text, (item.id, slip)
        assert not text.endswith((";", ".", ",")), item.id


def test_b3_missing_parts_are_explicit(catalog):
    b3 = catalog.goal("B.3")
    assert b3.text is None and "missing" in b3.missing
    assert b3.objectives == () and b3.objectives_missing
    assert b3.outcome.text is None and b3.outcome.missing
    assert [i.letter for i in b3.indicators] == list("abcdefg")
    for ind in b3.indicators[:5]:
        assert ind.text is None and ind.missing
    f = b3.indicators[5]
    assert f.text == "decisions available to the public" and f.fragment and f.missing and f.letter_note
    section = catalog.section("CB.B.3")
    assert section.key_areas == () and section.key_areas_missing
    assert section.activities == () and section.activities_missing
    # nothing else in the catalog is missing
    missing = sorted(i.id for i in _all_items(catalog) if i.text is None or i.missing)
    assert missing == ["B.3", "B.3(a)", "B.3(b)", "B.3(c)", "B.3(d)", "B.3(e)", "B.3(f)", "B.3-outcome"]


def test_plan_notes_quote_the_plan(catalog):
    paragraphs = sorted({n.paragraph for n in catalog.plan.notes})
    assert {14, 15, 18, 19, 21} <= set(paragraphs)
    by_topic = {n.topic: n for n in catalog.plan.notes}
    assert "not intended to provide an exhaustive list" in by_topic["objectives"].text
    assert "illustrative" in by_topic["capacity_building"].text
    assert "only bind the Parties to the respective instrument" in by_topic["supplementary_protocol"].text
    notes = " ".join(catalog.plan.source.notes)
    assert "CP-10/xx" in notes and "CP-10/3" in notes and "B.3" in notes
    assert (catalog.plan.period.start, catalog.plan.period.end) == (2021, 2030)


def _all_items(catalog):
    for goal in catalog.goals:
        yield goal
        yield from goal.objectives
        yield from goal.indicators
        yield goal.outcome
    for section in catalog.sections:
        yield from section.key_areas
        yield from section.activities
