"""The pure-Python engine: the whole rulebook compiled once into one generated Python function over
the flat fact (`engine.rulebook.facts.FactPlan`), giving each rule's status from Kleene's
three-valued answer (True, False, or None for unknown) exactly as
`engine.rulebook.conditions.evaluate` defines it. Nothing from a rule file is executed: the
function's source is built by `engine.engines.compiled` from the parsed, type-checked condition
tree, with the rule files' paths and constants (plain strings, integers and booleans) written only
as checked literals; its docstring says exactly what is generated and why it is safe.
"""

from __future__ import annotations

from typing import Any, Literal, Mapping, Sequence

from ..rulebook.model import Rule, Status
from .compiled import Truth, compile_condition, compile_rulebook

__all__ = ["PythonRuleEngine", "Truth", "compile_condition"]


class PythonRuleEngine:
    name: Literal["python"] = "python"

    def __init__(self, rules: Sequence[Rule]):
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._statuses = compile_rulebook(self.rules)

    def statuses(self, fact: Mapping[str, Any]) -> list[Status]:
        return self._statuses(fact)

    def close(self) -> None:
        """Nothing to release; here so both engines share one interface."""
