"""The pure-Python engine's code generator: a whole rulebook compiled once into ONE Python function
that gives every rule's status for a flat fact (`engine.rulebook.facts.FactPlan`), with
Kleene's three-valued logic written out inline (`engine.rulebook.conditions.evaluate` is the
meaning; tests/test_compiled_rulebook.py checks the two agree on random facts).

Why: a tree of closures costs a Python call per node per rule per profile; one function with the
tests inline costs none, reads each fact key that several rules test once into a local, and stops
an `all` at its first false part and an `any` at its first true one.

What is generated, and why it is safe. The source text is built here from the parsed, type-checked
condition tree (`engine.rulebook.conditions.parse_condition`), never from a rule file's text. Its
words are this module's own: `def`, `if`/`elif`/`else`, `return`, `is`, `not`, `in`, `None`,
`True`, `False`, `or`, the comparison operators `< <= > >= == !=` (chosen from a fixed table by
the operator's name), the four statuses, and names of its own: `fact` (read with `fact.get` and
`fact[...]`), `get`, `ABSENT`, `v`, `low`, `high`, and `k`/`t`/`s` numbered here. Everything that came from a rule file (the fact keys,
which hold its field paths, and the values compared with) is written only as a literal: `literal`
accepts str, int, bool and tuples of them, nothing else, writes `repr()`, and checks that Python
reads the text back as the same constant (`ast.literal_eval`). Rule ids, titles and any other words
of a rule file are not written at all (not even in comments). The function runs with no builtins:
its only global is `ABSENT`. Shape: the keys that more than one test reads, read once into `k0`,
`k1`, ...; then per rule, its status into `s0`, `s1`, ... (a field's test written as the choice of
status itself; anything else as a truth `t0` in True/False/None, `all`/`any` parts in `t1`, `t2`,
... by depth, with De Morgan for a negated `all`/`any`); and `return [s0, s1, ...]`.
"""

from __future__ import annotations

import ast
from collections import Counter
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..rulebook.conditions import All, AnyOf, ArrayTest, Compare, Condition, Exists, Not, contains_key, iter_nodes
from ..rulebook.model import Rule, Status

Truth = Callable[[Mapping[str, Any]], "bool | None"]
StatusesOf = Callable[[Mapping[str, Any]], "list[Status]"]

ABSENT: Any = object()
"""What `fact.get(key, ABSENT)` gives where the fact has no key: a fact value is never this."""

_OPERATORS = {"lt": "<", "lte": "<=", "gt": ">", "gte": ">=", "equals": "=="}
_SCALARS = (str, int, bool)


def literal(value: Any) -> str:
    """A constant of a rule file as Python source text: str, int, bool or a tuple of them, or TypeError."""
    if type(value) is tuple:
        if not all(type(item) in _SCALARS for item in value):
            raise TypeError(f"not a literal of the condition language: {value!r}")
    elif type(value) not in _SCALARS:
        raise TypeError(f"not a literal of the condition language: {value!r}")
    text = repr(value)
    read = ast.literal_eval(text)
    if read != value or type(read) is not type(value):  # pragma: no cover - repr of these types round-trips
        raise TypeError(f"{value!r} does not read back as itself")
    return text


def _leaf_key(node: Condition) -> str | None:
    """The fact key a leaf (or an array test's presence) reads."""
    if isinstance(node, Compare) and node.operator == "contains":
        return contains_key(node.path, node.value)
    if isinstance(node, (Exists, Compare, ArrayTest)):
        return node.path
    return None


# the statuses, as they are written in the generated source
MET, GAP, ND, NA = (literal(status) for status in ("met", "gap", "not_declared", "not_applicable"))


def _is_field_test(node: Condition | None) -> bool:
    return isinstance(node, Exists) or (isinstance(node, Compare) and node.operator != "contains")


class _Writer:
    """Source lines of one function; keys read by more than one leaf are read once, at the top."""

    def __init__(self, conditions: Iterable[Condition]):
        reads = Counter(key for condition in conditions for node in iter_nodes(condition) if (key := _leaf_key(node)) is not None)
        shared = [key for key, count in reads.items() if count > 1]
        self.locals: dict[str, str] = {key: f"k{index}" for index, key in enumerate(shared)}
        self.lines: list[str] = [f"    {name} = get({literal(key)}, ABSENT)" for key, name in self.locals.items()]

    def emit(self, indent: str, line: str) -> None:
        self.lines.append(indent + line)

    def value(self, indent: str, key: str) -> str:
        """A name holding the fact's value at `key`, or ABSENT."""
        if key in self.locals:
            return self.locals[key]
        self.emit(indent, f"v = get({literal(key)}, ABSENT)")
        return "v"

    def present(self, key: str, expected: bool = True) -> str:
        """An expression: the fact has `key` (or has not, when not `expected`)."""
        if key in self.locals:
            return f"{self.locals[key]} is {'not ' if expected else ''}ABSENT"
        return f"{literal(key)} {'' if expected else 'not '}in fact"

    def truth(self, node: Condition, depth: int, indent: str, negate: bool = False) -> None:
        """Lines that set `t{depth}` to the node's truth (negated: to not it): True, False or None.
        Deeper names (`t{depth + 1}`, ...) are scratch; `t{depth}` and shallower are left alone."""
        target = f"t{depth}"
        if isinstance(node, Not):
            self.truth(node.part, depth, indent, not negate)
        elif isinstance(node, (All, AnyOf)):
            # Kleene, with De Morgan for a negated one: not all(...) is any(not ...), and the other way
            conjunction = isinstance(node, All) != negate
            stop, neutral = ("False", "True") if conjunction else ("True", "False")
            self.truth(node.parts[0], depth, indent, negate)
            for part in node.parts[1:]:
                self.emit(indent, f"if {target} is not {stop}:")
                self.truth(part, depth + 1, indent + "    ", negate)
                # a stopping part decides; an unknown part makes the answer unknown; a neutral one changes nothing
                self.emit(indent, f"    if t{depth + 1} is not {neutral}:")
                self.emit(indent, f"        {target} = t{depth + 1}")
        elif isinstance(node, Exists):
            self.emit(indent, f"{target} = {self.present(node.path, node.expected != negate)}")
        elif isinstance(node, Compare):
            self._compare(node, target, indent, negate)
        elif isinstance(node, ArrayTest):
            self._array(node, target, indent, negate)
        else:  # pragma: no cover
            raise TypeError(f"not a condition: {node!r}")

    def _compare(self, node: Compare, target: str, indent: str, negate: bool) -> None:
        if node.operator == "contains":
            # the fact holds True/False at the key (the declared set has the value, or not), or nothing
            name = self.value(indent, contains_key(node.path, node.value))
            if negate:
                self.emit(indent, f"{target} = None if {name} is ABSENT or {name} is None else not {name}")
            else:
                self.emit(indent, f"{target} = None if {name} is ABSENT else {name}")
            return
        self.emit(indent, f"{target} = {self.leaf(node, indent, negate)}")

    def leaf(self, node: Exists | Compare, indent: str, negate: bool = False, outcomes: tuple[str, str, str] | None = None) -> str:
        """An expression of a field's test (not `contains`): its truth, or with `outcomes` (three
        literals for true, false, unknown) the one its truth picks."""
        if isinstance(node, Exists):
            test = self.present(node.path, node.expected != negate)
            return test if outcomes is None else f"{outcomes[0]} if {test} else {outcomes[1]}"
        name = self.value(indent, node.path)
        operator = "in" if node.operator == "one_of" else _OPERATORS[node.operator]
        test = f"{name} {operator} {literal(node.value)}"
        if outcomes is None:
            return f"None if {name} is ABSENT else {'not ' + test if negate else test}"
        true, false, unknown = outcomes
        return f"{unknown} if {name} is ABSENT else ({false if negate else true} if {test} else {true if negate else false})"

    def _array(self, node: ArrayTest, target: str, indent: str, negate: bool) -> None:
        t, f, tu, nt = (literal(f"{node.key}#{suffix}") for suffix in ("t", "f", "tu", "nt"))
        yes, no = ("False", "True") if negate else ("True", "False")
        self.emit(indent, f"if {self.present(node.path, False)}:")
        self.emit(indent, f"    {target} = None")
        self.emit(indent, "else:")
        inner = indent + "    "
        if node.quantifier == "any":
            self.emit(inner, f"{target} = {yes} if fact[{t}] >= 1 else ({no} if fact[{tu}] == 0 else None)")
            return
        if node.quantifier == "every":
            self.emit(inner, f"{target} = {yes} if fact[{nt}] == 0 else ({no} if fact[{f}] >= 1 else None)")
            return
        # a count: the number of items for which `where` is true lies in [fact[t], fact[tu]]
        operator, number = _OPERATORS[node.operator or "equals"], literal(node.value)
        self.emit(inner, f"low, high = fact[{t}], fact[{tu}]")
        if node.operator == "equals":
            self.emit(inner, "if low == high:")
            self.emit(inner, f"    {target} = low == {number}")
            self.emit(inner, f"elif low <= {literal(node.value or 0)} <= high:")
            self.emit(inner, f"    {target} = None")
            self.emit(inner, "else:")
            self.emit(inner, f"    {target} = False")
        else:
            # known when both ends agree (when low == high they do)
            self.emit(inner, f"{target} = low {operator} {number}")
            self.emit(inner, f"if {target} != (high {operator} {number}):")
            self.emit(inner, f"    {target} = None")
        if negate:
            self.emit(inner, f"if {target} is not None:")
            self.emit(inner, f"    {target} = not {target}")

    def status(self, index: int, applies_when: Condition | None, condition: Condition) -> None:
        """Lines that set `s{index}` to a rule's status; a field's test (most rules' condition, many
        an `applies_when`) is written as the choice of status itself, with no truth in between."""
        name, indent = f"s{index}", "    "
        if _is_field_test(applies_when):
            choice = self.leaf(applies_when, indent, outcomes=("None", NA, ND))  # type: ignore[arg-type]
            self.emit(indent, f"{name} = {choice}")
            self.emit(indent, f"if {name} is None:")
            indent += "    "
        elif applies_when is not None:
            self.truth(applies_when, 0, indent)
            self.emit(indent, "if t0 is False:")
            self.emit(indent, f"    {name} = {NA}")
            self.emit(indent, "elif t0 is None:")
            self.emit(indent, f"    {name} = {ND}")
            self.emit(indent, "else:")
            indent += "    "
        if _is_field_test(condition):
            choice = self.leaf(condition, indent, outcomes=(MET, GAP, ND))  # type: ignore[arg-type]
            self.emit(indent, f"{name} = {choice}")
        else:
            self.truth(condition, 0, indent)
            self.emit(indent, f"{name} = {MET} if t0 is True else ({GAP} if t0 is False else {ND})")

    def function(self, name: str, result: str) -> Callable[..., Any]:
        source = "\n".join([f"def {name}(fact):", "    get = fact.get", *self.lines, f"    return {result}", ""])
        namespace: dict[str, Any] = {"__builtins__": {}, "ABSENT": ABSENT}
        exec(compile(source, f"<engine.engines.compiled {name}>", "exec"), namespace)  # noqa: S102 - made above; see the module's docstring
        function: Any = namespace[name]
        function.source = source  # for reading when a test fails
        return function


def compile_rulebook(rules: Sequence[Rule]) -> StatusesOf:
    """One function: a flat fact -> the status of every rule, in the rules' order."""
    conditions = [part for rule in rules for part in (rule.applies_when, rule.condition) if part is not None]
    writer = _Writer(conditions)
    for index, rule in enumerate(rules):
        writer.status(index, rule.applies_when, rule.condition)
    return writer.function("statuses", "[" + ", ".join(f"s{index}" for index in range(len(rules))) + "]")


def compile_condition(condition: Condition) -> Truth:
    """One function: a flat fact -> the condition's three-valued truth (True, False, or None for unknown)."""
    writer = _Writer([condition])
    writer.truth(condition, 0, "    ")
    return writer.function("truth", "t0")
