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


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    goal: str
    duty: Duty
    objectives: tuple[str, ...]
    indicators: tuple[str, ...]
    articles: tuple[str, ...]
    nr5: tuple[str, ...]
    applies_when: Condition | None
    condition: Condition
    messages: dict[str, str]
    advice: str
    key_areas: tuple[str, ...]
    activities: tuple[str, ...]
    file: Path
    order: int  # position in its file, so reports follow the rule file's order

    @property
    def reads(self) -> tuple[str, ...]:
        """Every profile field the rule reads, applicability first."""
        paths = list(profile_paths(self.applies_when)) if self.applies_when is not None else []
        paths += [path for path in profile_paths(self.condition) if path not in paths]
        return tuple(paths)
