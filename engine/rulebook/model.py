"""A rule as loaded from a rule file: its metadata beside its condition."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..rulebook.conditions import Condition, profile_paths

Duty = Literal["obligation", "commitment", "option"]
Status = Literal["gap", "met", "not_declared", "not_applicable"]
STATUSES: tuple[Status, ...] = ("gap", "not_declared", "not_applicable", "met")
DUTIES: tuple[Duty, ...] = ("obligation", "commitment", "option")
Relation = Literal["requires", "supports", "encourages"]
RELATIONS: tuple[Relation, ...] = ("requires", "supports", "encourages")


@dataclass(frozen=True)
class Basis:
    """One entry of a rule's legal basis: a catalog id (article, decision or labelled pseudo-id) and how
    it bears on the rule. The instrument and text come from the catalog."""

    article: str
    relation: Relation
    instrument: str  # from the catalog entry: cartagena_protocol, supplementary_protocol, decision_of_the_parties, none


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    goal: str
    duty: Duty
    objectives: tuple[str, ...]
    indicators: tuple[str, ...]
    legal_basis: tuple[Basis, ...]
    nr5: tuple[str, ...]
    applies_when: Condition | None
    condition: Condition
    messages: dict[str, str]
    advice: str
    key_areas: tuple[str, ...]
    activities: tuple[str, ...]
    why_outside_goal: str | None  # why a key area or activity lies outside the goal's capacity-building section
    file: Path
    order: int  # position in its file, so reports follow the rule file's order
    duty_basis: str | None = None  # the entry of the legal basis whose force carries the duty (engine/rulebook/legal.py)

    @property
    def articles(self) -> tuple[str, ...]:
        """The catalog ids the rule rests on, in its file's order."""
        return tuple(basis.article for basis in self.legal_basis)

    @property
    def duty_instrument(self) -> str | None:
        """The instrument the duty arises under: that of the paragraph whose force carries it (a "shall" of the
        Protocol, a "shall endeavour" of the Supplementary Protocol, a request of a decision); None for a duty
        that rests on the plan alone (a rule that `requires` nothing) and for an option."""
        if self.duty == "option" or self.duty_basis is None:
            return None
        return next(basis.instrument for basis in self.legal_basis if basis.article == self.duty_basis)

    @property
    def decides_on(self) -> tuple[str, ...]:
        """The profile answers that decide met or gap (the condition's fields, not applicability)."""
        return tuple(profile_paths(self.condition))

    @property
    def reads(self) -> tuple[str, ...]:
        """Every profile field the rule reads, applicability first."""
        paths = list(profile_paths(self.applies_when)) if self.applies_when is not None else []
        paths += [path for path in profile_paths(self.condition) if path not in paths]
        return tuple(paths)
