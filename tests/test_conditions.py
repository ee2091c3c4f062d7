"""The condition language: type checks against the profile format, and its three-valued meaning as
each engine computes it (durable_rules, and the pure-Python engine)."""

from __future__ import annotations

import pytest

from engine.engines.python import compile_condition
from engine.rulebook.conditions import ConditionError, evaluate, fact_keys, parse_condition
from engine.rulebook.durable_expressions import compile_truth
from engine.rulebook.facts import build_fact
from engine.rulebook.fields import profile_fields
from tests.rulekit import ENGINE_PARAMS

FIELDS = profile_fields()
NFP = "national_biosafety_framework.national_focal_point.answer"
CNA = "national_biosafety_framework.competent_national_authorities"
AS_OF = "party.as_of"


def engine_truth(engine: str, condition, data) -> bool | None:
    """The condition's value as an engine computes it."""
    if engine == "python":
        return compile_condition(condition)(build_fact(data, [condition]))
    from engine.durable_adapter import DurableEvaluator

    met, gap = compile_truth(condition)
    keys = fact_keys(condition)
    with DurableEvaluator({"true": met, "false": gap}, {"true": keys, "false": keys}) as engine:
        fired = engine.fired(build_fact(data, [condition]))
    assert not {"true", "false"} <= fired, "a condition cannot be both true and false"
    return True if "true" in fired else (False if "false" in fired else None)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"field": "national_biosafety_framework.national_focal_pont.answer", "equals": "true"},
         "condition.field: 'national_biosafety_framework.national_focal_pont.answer' is not a field of the profile format; "
         "did you mean national_biosafety_framework.national_focal_point.answer"),
        ({"field": NFP, "equals": "yes"}, "condition.equals: 'yes' is not an allowed value of " + NFP + " (allowed: true, false)"),
        ({"field": NFP, "equals": True}, "condition.equals: True is not an allowed value"),
        ({"field": AS_OF, "gte": "2026-02-30"}, "condition.gte: '2026-02-30' is not a date (YYYY-MM-DD)"),
        ({"field": NFP, "lt": "true"}, "condition: 'lt' compares dates or numbers"),
        ({"field": "party.gef_star_eligible", "equals": 0}, "condition.equals: party.gef_star_eligible is true or false, got 0"),
        ({"all": []}, "condition.all: a non-empty list of conditions is needed"),
        ({"any": [{"field": NFP}]}, "condition.any[0]: one test per field condition"),
        ({"array_any": CNA + ".authorities"}, "condition: array_any needs 'where'"),
        ({"array_count": CNA + ".authorities", "where": {"field": "nme", "exists": True}, "gte": 1},
         "condition.where.field: 'nme' is not a field of the profile format; did you mean name?"),
        ({"field": CNA, "equals": "true"}, "only 'exists' (or array_*) applies to it"),
    ],
)
def test_badly_formed_conditions_are_refused_with_where_and_why(raw, message) -> None:
    with pytest.raises(ConditionError) as caught:
        parse_condition(raw, FIELDS)
    assert str(caught.value).startswith(message) or message in str(caught.value)


BASE = {"party": {"name": "P", "code": "XAA", "as_of": __import__("datetime").date(2026, 6, 30)}}


def nbf(**declarations) -> dict:
    return {**BASE, "national_biosafety_framework": declarations}


YES, NO = {"answer": "true"}, {"answer": "false"}


@pytest.mark.parametrize(
    ("raw", "data", "expected"),
    [
        ({"field": NFP, "equals": "true"}, nbf(national_focal_point=YES), True),
        ({"field": NFP, "equals": "true"}, nbf(national_focal_point=NO), False),
        ({"field": NFP, "equals": "true"}, nbf(), None),
        ({"field": NFP, "exists": True}, nbf(), False),
        ({"not": {"field": NFP, "equals": "true"}}, nbf(), None),
        # all: false as soon as one part is false, even if another is unknown
        ({"all": [{"field": NFP, "equals": "true"}, {"field": CNA + ".answer", "equals": "true"}]},
         nbf(national_focal_point=NO), False),
        ({"all": [{"field": NFP, "equals": "true"}, {"field": CNA + ".answer", "equals": "true"}]},
         nbf(national_focal_point=YES), None),
        # any: true as soon as one part is true
        ({"any": [{"field": NFP, "equals": "true"}, {"field": CNA + ".answer", "equals": "true"}]},
         nbf(national_focal_point=YES), True),
        ({"any": [{"field": NFP, "equals": "true"}, {"field": CNA + ".answer", "equals": "true"}]},
         nbf(national_focal_point=NO), None),
        ({"field": AS_OF, "gte": "2026-02-28"}, BASE, True),
        ({"field": AS_OF, "lt": "2026-02-28"}, BASE, False),
        ({"field": "national_biosafety_framework.instruments.answer", "contains": "instrument.none"},
         nbf(instruments={"answer": ["instrument.none"]}), True),
        ({"field": "national_biosafety_framework.instruments.answer", "contains": "instrument.none"},
         nbf(instruments={"answer": ["instrument.indirectLaws"]}), False),
    ],
)
@pytest.mark.parametrize("engine", ENGINE_PARAMS)
def test_three_valued_meaning_through_each_engine(raw, data, expected, engine) -> None:
    condition = parse_condition(raw, FIELDS)
    assert evaluate(condition, build_fact(data, [condition])) is expected
    assert engine_truth(engine, condition, data) is expected


TWO = [{"name": "A", "responsibilities": "x"}, {"name": "B"}]


@pytest.mark.parametrize(
    ("raw", "authorities", "expected"),
    [
        ({"array_every": CNA + ".authorities", "where": {"field": "responsibilities", "exists": True}}, TWO, False),
        ({"array_every": CNA + ".authorities", "where": {"field": "responsibilities", "exists": True}}, TWO[:1], True),
        ({"array_every": CNA + ".authorities", "where": {"field": "responsibilities", "exists": True}}, [], True),
        ({"array_any": CNA + ".authorities", "where": {"field": "responsibilities", "exists": True}}, [], False),
        ({"array_any": CNA + ".authorities", "where": {"field": "responsibilities", "exists": True}}, TWO, True),
        ({"array_count": CNA + ".authorities", "gte": 2}, TWO, True),
        ({"array_count": CNA + ".authorities", "gte": 2}, TWO[:1], False),
        ({"array_count": CNA + ".authorities", "equals": 0}, [], True),
        ({"array_count": CNA + ".authorities", "gte": 2}, None, None),
    ],
)
@pytest.mark.parametrize("engine", ENGINE_PARAMS)
def test_array_quantifiers(raw, authorities, expected, engine) -> None:
    declaration = {"answer": "true"} if authorities is None else {"answer": "true", "authorities": authorities}
    data = nbf(competent_national_authorities=declaration)
    condition = parse_condition(raw, FIELDS)
    assert evaluate(condition, build_fact(data, [condition])) is expected
    assert engine_truth(engine, condition, data) is expected
