"""The pure-Python engine's generated function (engine/engines/compiled.py) against the reference
three-valued meaning `engine.rulebook.conditions.evaluate`, on random flat facts: the real
rulebook (every rule's status, and every condition and part of one), and random condition trees
that reach the shapes the rulebook lacks (a `not` over `all`/`any`/arrays/`contains`, deep
nesting). Facts miss keys at random, carry the rulebook's own constants and their neighbours
(dates as day numbers, one day either side), values no condition names, and array counts at the
edges of the counts the conditions compare with, consistent (as `FactPlan` builds them) or not.
And the generator writes a rule file's text only as checked literals."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.engines.compiled import compile_condition, compile_rulebook, literal
from engine.engines.python import PythonRuleEngine
from engine.rulebook.conditions import (
    All,
    AnyOf,
    ArrayTest,
    Compare,
    Condition,
    Exists,
    Not,
    contains_key,
    evaluate,
    iter_nodes,
)
from engine.rulebook.model import Rule
from tests.rulekit import rulebook

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ORDERED = ("lt", "lte", "gt", "gte")
OTHER_VALUES = ("no such answer", "", True, False, 0, 1, None)  # None: a key held but empty, which FactPlan never makes


def reference_status(rule: Rule, fact: dict[str, Any]) -> str:
    if rule.applies_when is not None:
        applies = evaluate(rule.applies_when, fact)
        if applies is False:
            return "not_applicable"
        if applies is None:
            return "not_declared"
    return {True: "met", False: "gap", None: "not_declared"}[evaluate(rule.condition, fact)]


def all_nodes(conditions: list[Condition]) -> list[Condition]:
    """Every node of the conditions, array tests' `where` parts excluded (those are read while the
    fact is built, not by the engine)."""
    return [node for condition in conditions for node in iter_nodes(condition)]


def fact_strategy(conditions: list[Condition]) -> st.SearchStrategy[dict[str, Any]]:
    """Flat facts for these conditions: each key present or not; the values the conditions name,
    their neighbours and others; array counts around the numbers compared with."""
    values: dict[str, set[Any]] = {}
    ordered: set[str] = set()
    contains: set[str] = set()
    arrays: dict[str, dict[str, ArrayTest]] = {}
    for node in all_nodes(conditions):
        if isinstance(node, Exists):
            values.setdefault(node.path, set())
        elif isinstance(node, Compare) and node.operator == "contains":
            contains.add(contains_key(node.path, node.value))
        elif isinstance(node, Compare):
            named = values.setdefault(node.path, set())
            for value in node.value if isinstance(node.value, tuple) else (node.value,):
                named.add(value)
                if type(value) is int:  # a number or a day number: the days either side
                    named.update((value - 1, value + 1))
            if node.operator in ORDERED:
                ordered.add(node.path)
        elif isinstance(node, ArrayTest):
            arrays.setdefault(node.path, {})[node.key] = node
    numbers = st.integers(0, 4)

    @st.composite
    def counts(draw: st.DrawFn) -> tuple[int, int, int, int]:
        if draw(st.booleans()):  # as FactPlan counts: t true, f false of size items
            size = draw(numbers)
            true = draw(st.integers(0, size))
            false = draw(st.integers(0, size - true))
            return true, false, size - false, size - true
        return draw(numbers), draw(numbers), draw(numbers), draw(numbers)

    @st.composite
    def facts(draw: st.DrawFn) -> dict[str, Any]:
        fact: dict[str, Any] = {}
        for path, named in sorted(values.items()):
            if path in arrays or not draw(st.booleans()):
                continue
            if path in ordered:
                choices = sorted(value for value in named if type(value) is int) or [0]
                fact[path] = draw(st.sampled_from(choices) | st.integers(-5, 800_000))
            else:
                fact[path] = draw(st.sampled_from(sorted(named, key=repr) + list(OTHER_VALUES)))
        for key in sorted(contains):
            if draw(st.booleans()):
                fact[key] = draw(st.sampled_from((True, False, None)))
        for path, tests in sorted(arrays.items()):
            if draw(st.booleans()):
                fact[path] = True
                for key in sorted(tests):
                    fact.update(zip((f"{key}#{suffix}" for suffix in ("t", "f", "tu", "nt")), draw(counts())))
        return fact

    return facts()


@cache
def real_rules() -> tuple[Rule, ...]:
    return tuple(rulebook().rules)


@cache
def real_conditions() -> list[Condition]:
    return [part for rule in real_rules() for part in (rule.applies_when, rule.condition) if part is not None]


@SETTINGS
@given(fact_strategy(real_conditions()))
def test_every_rule_of_the_rulebook_has_the_reference_status(fact: dict[str, Any]) -> None:
    rules = real_rules()
    expected = [reference_status(rule, fact) for rule in rules]
    actual = python_engine().statuses(fact)
    differences = {rule.id: (want, got) for rule, want, got in zip(rules, expected, actual) if want != got}
    assert not differences, f"(reference, generated) differ: {differences}"


@cache
def python_engine() -> PythonRuleEngine:
    return PythonRuleEngine(real_rules())


@cache
def compiled_parts() -> list[tuple[Condition, Any]]:
    """Every distinct condition and part of one in the rulebook, each compiled alone."""
    distinct = list(dict.fromkeys(all_nodes(real_conditions())))
    return [(node, compile_condition(node)) for node in distinct]


@SETTINGS
@given(fact_strategy(real_conditions()))
def test_every_condition_and_part_of_the_rulebook_has_the_reference_truth(fact: dict[str, Any]) -> None:
    for node, truth in compiled_parts():
        assert truth(fact) is evaluate(node, fact), node


# --- Random trees ---------------------------------------------------------------------------------

ANSWER, WHEN, CODES, ITEMS = "section.answer", "party.as_of", "section.codes", "section.items"
DAY = 739_000  # a day number (2024)
LEAVES: list[Condition] = [
    Exists(ANSWER, True),
    Exists(ANSWER, False),
    Compare(ANSWER, "equals", "true"),
    Compare(ANSWER, "one_of", ("false", "false.partly")),
    Compare(CODES, "contains", "code.a"),
    Compare(CODES, "contains", "code'\"\n.b"),  # quotes and a line break: written as a literal
    *(Compare(WHEN, operator, DAY, True) for operator in ORDERED),
    Compare(WHEN, "equals", DAY, True),
    ArrayTest("any", ITEMS, Exists("name", True)),
    ArrayTest("every", ITEMS, Exists("name", False)),
    *(ArrayTest("count", ITEMS, None, operator, number) for operator in (*ORDERED, "equals") for number in (0, 1, 2)),
]
TREES = st.recursive(
    st.sampled_from(LEAVES),
    lambda parts: st.one_of(
        st.builds(Not, parts),
        st.lists(parts, min_size=1, max_size=4).map(lambda items: All(tuple(items))),
        st.lists(parts, min_size=1, max_size=4).map(lambda items: AnyOf(tuple(items))),
    ),
    max_leaves=12,
)


@SETTINGS
@given(TREES, st.data())
def test_random_condition_trees_have_the_reference_truth(condition: Condition, data: st.DataObject) -> None:
    fact = data.draw(fact_strategy(LEAVES))
    assert compile_condition(condition)(fact) is evaluate(condition, fact)
    for applies in (None, condition):  # the tree as a rule's condition, and as its applies_when
        rule = replace(real_rules()[0], applies_when=applies, condition=condition if applies is None else LEAVES[2])
        assert compile_rulebook([rule])(fact) == [reference_status(rule, fact)]


def test_nesting_far_deeper_than_a_rule_file_may_still_compiles() -> None:
    """A rule file nests at most 40 mappings and lists (engine/rulebook/loader.py), some 20 `all`s;
    the generator indents once per nested `all`/`any`, well inside Python's 100 levels."""
    condition: Condition = Compare(ANSWER, "equals", "true")
    for depth in range(45):
        condition = (All if depth % 2 else AnyOf)((Exists(ANSWER, True), Not(condition)))
    for fact in ({}, {ANSWER: "true"}, {ANSWER: "false"}):
        assert compile_condition(condition)(fact) is evaluate(condition, fact)


# --- What the generated source holds ------------------------------------------------------------


@pytest.mark.parametrize("value", ["x'); __import__('os').system('true') #", "a\nb", "\\", "電子", 3, True, ("a", 1, False)])
def test_a_rule_files_constants_are_written_as_literals_that_read_back_as_themselves(value: Any) -> None:
    text = literal(value)
    assert eval(text, {"__builtins__": {}}) == value  # noqa: S307 - the point of the test
    assert "\n" not in text


@pytest.mark.parametrize("value", [1.5, None, ["a"], {"a": 1}, ("a", ["b"]), object(), b"x"])
def test_anything_but_the_condition_languages_constants_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        literal(value)


def test_text_that_looks_like_code_stays_a_value() -> None:
    sneaky = "x') or True or ('"
    condition = Compare(f"{ANSWER}\n__import__('os')", "equals", sneaky)
    truth = compile_condition(condition)
    assert truth({}) is None
    assert truth({condition.path: "x"}) is False
    assert truth({condition.path: sneaky}) is True
    assert sneaky not in truth.source.replace(repr(sneaky), "")  # only ever inside its literal


ALLOWED_NODES = (
    ast.Module, ast.FunctionDef, ast.arguments, ast.arg, ast.Assign, ast.If, ast.Return, ast.IfExp, ast.Compare, ast.BoolOp,
    ast.UnaryOp, ast.Name, ast.Constant, ast.Tuple, ast.List, ast.Subscript, ast.Attribute, ast.Call, ast.Load, ast.Store,
    ast.Or, ast.Not, ast.Is, ast.IsNot, ast.In, ast.NotIn, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq,
)


def test_the_generated_source_is_only_tests_of_constants() -> None:
    """What the module's docstring promises, read off the syntax tree of the real rulebook's
    function and of random-tree ones: no call but `get`, no attribute but `fact.get`, no name but
    its own, no constant but the condition language's; no rule id anywhere."""
    sources = [python_engine()._statuses.source, *(truth.source for _, truth in compiled_parts())]
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            assert isinstance(node, ALLOWED_NODES), ast.dump(node)
            if isinstance(node, ast.Call):
                assert isinstance(node.func, ast.Name) and node.func.id == "get" and not node.keywords
            elif isinstance(node, ast.Attribute):
                assert (ast.unparse(node.value), node.attr) == ("fact", "get")
            elif isinstance(node, ast.Name):
                assert re.fullmatch(r"fact|get|ABSENT|v|low|high|[kts]\d+", node.id), node.id
            elif isinstance(node, ast.Constant):
                assert node.value is None or type(node.value) in (str, int, bool), node.value
    assert not any(rule.id in sources[0] for rule in real_rules())


def test_the_generated_function_has_no_builtins() -> None:
    assert python_engine()._statuses.__globals__["__builtins__"] == {}
    assert compile_rulebook([])({}) == []
