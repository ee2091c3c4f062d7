"""Turns a Party's profile and the rulebook into findings: exactly one per rule, each `gap`, `met`,
`not_declared` or `not_applicable`, with the evidence read from the profile.

The conditions are decided by a rules engine (`engine.engines`: durable_rules, or the pure-Python
engine that gives the same findings); this module builds the flat fact and each finding's evidence.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, NamedTuple

from .engines import EngineName, build_engine, choose_engine
from .rulebook.facts import FactPlan
from .rulebook.reading import MISSING, PathReader
from .rulebook.model import Rule, Status


class Evidence(NamedTuple):
    """One value the rule read, where it is in the profile, and what the profile cites for it."""

    pointer: str
    value: Any  # as written in the profile (JSON values; dates as YYYY-MM-DD)
    cited: tuple[Mapping[str, Any], ...] = ()  # the declaration's own evidence entries (instrument, BCH record, ...)


class Finding(NamedTuple):
    """A rule's status for one profile, with what it read (a tuple: a batch makes a hundred per
    profile, and a named tuple is the cheapest immutable record Python has)."""

    rule: Rule
    status: Status
    evidence: tuple[Evidence, ...]
    undeclared: tuple[str, ...] = ()  # pointers of what the rule needed but the profile does not declare

    @property
    def message(self) -> str:
        return self.rule.messages[self.status]


def _pointer(path: str) -> str:
    return "/" + path.replace(".", "/")


def profile_data(profile: Any) -> dict[str, Any]:
    """What the Party wrote, as the JSON it came from (dates as YYYY-MM-DD): the data `evaluate` reads.
    `cartagena check` uses the parsed file itself (`ProfileCheck.data`); this rebuilds it from a model."""
    return profile.model_dump(mode="json", by_alias=True, exclude_unset=True)


class Evaluator:
    """Compiles a rulebook once; evaluates any number of profiles with it."""

    def __init__(self, rules: Iterable[Rule], engine: str = "auto"):
        """`engine`: `durable`, `python`, or `auto` (durable_rules where it imports, else the pure
        engine; `fallback_reason` then says why). Raises EngineUnavailable for `durable` where it
        cannot run."""
        self.rules: tuple[Rule, ...] = tuple(rules)
        choice = choose_engine(engine)
        self.engine_name: EngineName = choice.name
        self.fallback_reason: str | None = choice.fallback_reason
        self._facts = FactPlan(
            [rule.condition for rule in self.rules] + [rule.applies_when for rule in self.rules if rule.applies_when is not None]
        )
        # the fields the rules read, each once: (its parts, its JSON pointer, the parts of the
        # declaration whose evidence it shows, or None); per rule, the indexes of its fields
        fields: dict[str, int] = {}
        self._fields: list[tuple[tuple[str, ...], str, tuple[str, ...] | None]] = []
        for rule in self.rules:
            for path in rule.reads:
                if path not in fields:
                    fields[path] = len(self._fields)
                    declaration = tuple(path.split(".")[:-1]) if path.endswith(".answer") else None
                    self._fields.append((tuple(path.split(".")), _pointer(path), declaration))
        self._reads = tuple(tuple(fields[path] for path in rule.reads) for rule in self.rules)
        # the fields, the declarations whose evidence they show, then what the flat fact reads: read
        # in one pass per profile (the rules read the answers they show)
        self._declarations = tuple(sorted({declaration for _, _, declaration in self._fields if declaration is not None}))
        self._evidence_paths = len(self._fields) + len(self._declarations)
        self._reader = PathReader([parts for parts, _, _ in self._fields] + list(self._declarations) + list(self._facts.paths))
        self._engine = build_engine(self.engine_name, self.rules)

    @property
    def rules_engine(self) -> Any:
        """The engine that decides the statuses (engine.engines: DurableRuleEngine or the pure one)."""
        return self._engine

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> "Evaluator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def evaluate(self, data: Mapping[str, Any]) -> list[Finding]:
        """One finding per rule, in the order of `self.rules`. `data` is the profile's JSON data: the
        parsed file (`ProfileCheck.data`), or `profile_data(profile)`."""
        values = self._reader.read(data)
        read = self._evidence(values)
        fetch = read.__getitem__
        statuses = self._engine.statuses(self._facts.build(data, values[self._evidence_paths :]))
        findings = []
        for rule, status, reads in zip(self.rules, statuses, self._reads):
            evidence = tuple(filter(None, map(fetch, reads)))  # the declared ones (None: not declared)
            if status == "not_declared":
                undeclared = tuple(self._fields[index][1] for index in reads if read[index] is None)
                findings.append(Finding(rule, status, evidence, undeclared))
            else:
                findings.append(Finding(rule, status, evidence))
        return findings

    def _evidence(self, values: list[Any]) -> list[Evidence | None]:
        """The evidence of every field the rules read (None: not declared), each read once: many
        rules read the same answer. `values`: what `self._reader` read."""
        count = len(self._fields)
        cited_by: dict[tuple[str, ...], tuple[Mapping[str, Any], ...]] = {}
        for parts, declaration in zip(self._declarations, values[count : self._evidence_paths]):
            if isinstance(declaration, dict) and declaration.get("evidence"):
                cited_by[parts] = tuple(declaration["evidence"])
        read: list[Evidence | None] = []
        for (_, pointer, declaration_parts), value in zip(self._fields, values):
            if value is MISSING:
                read.append(None)
            else:
                read.append(Evidence(pointer, value, cited_by.get(declaration_parts, ()) if declaration_parts else ()))  # type: ignore[arg-type]
        return read

    def decide(self, data: Mapping[str, Any]) -> list[Status]:
        """Only the statuses, one per rule: the rules engine's part of `evaluate` (the benchmark
        compares the engines on it)."""
        return self._engine.statuses(self._facts.build(data))

    def flat_fact(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The flat fact the rules engine reads for this profile (the part both engines share)."""
        return self._facts.build(data)

    def statuses_of_fact(self, fact: Mapping[str, Any]) -> list[Status]:
        """The rules engine alone, on a fact already built (the benchmark's engine-to-engine figure)."""
        return self._engine.statuses(fact)

    def statuses(self, data: Mapping[str, Any]) -> dict[str, Status]:
        """`decide` keyed by rule id (`cartagena indicators` needs no finding, only the statuses)."""
        return dict(zip((rule.id for rule in self.rules), self.decide(data)))
