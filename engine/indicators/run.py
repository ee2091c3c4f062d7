"""The work on one profile file of `cartagena indicators`, the same in the command's own process and
in a worker of `--jobs` (engine.pool): read, validate, decide the rules, reduce the statuses to one
outcome per indicator. What crosses from a worker is small: the Party, its outcomes, the lines to
say; the command's process keeps the tally, in the order of the files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..checkrun import read_item
from .compute import Tally


class PartyOutcome(NamedTuple):
    file: str
    said: tuple[str, ...] = ()  # lines for standard error, in order: a skip, date warnings
    errors: tuple[str, ...] = ()  # the file is invalid (left out): its problems as lines
    party: dict[str, Any] | None = None  # code, name, as_of, region; None: skipped or invalid
    outcomes: tuple[str, ...] = ()  # one per computable indicator (Tally.outcomes)


@dataclass
class IndicatorRun:
    tally: Tally
    evaluator: Any  # engine.evaluator.Evaluator over the rules the indicators count
    written: set[tuple[int, int]] = field(default_factory=set)  # the run's outputs, never read back

    def outcome(self, item: tuple[Path, bool]) -> PartyOutcome:
        """Everything one file of `expand_inputs` (its path, whether found in a folder) gives."""
        check, said = read_item(item, self.written)
        if check is None:
            return PartyOutcome(str(item[0]), said)
        if not check.valid:
            return PartyOutcome(check.file, said, tuple(str(problem) for problem in check.errors))
        assert check.profile is not None and check.data is not None
        party = check.profile.party
        statuses = self.evaluator.statuses(check.data)  # no finding is built: only the statuses decide
        return PartyOutcome(
            check.file,
            said,
            (),
            {"code": party.code, "name": party.name, "as_of": party.as_of.isoformat(), "region": party.region},
            self.tally.outcomes(check.data, statuses),
        )
