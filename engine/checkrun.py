"""One run of `cartagena check`: what stays fixed over its profiles, made once (the run header, the
rules engine, the started reporter, the gate, the waivers), and the work on one profile file,
`outcome`, which is the same in the command's own process and in a worker of `--jobs`
(engine.pool): read, validate, evaluate, build the record, render it in the chosen format.

The command's process keeps what is said in order: it writes each outcome's rendering where the
format puts it (`Reporter.place`), says its lines on standard error, and adds its counts to the
totals, in the order of the files whoever computed them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .evaluator import Evaluator
from .loader import Problem
from .profile.validation import ProfileCheck, check_file
from .report import Gate, ProfileResult, profile_record

if TYPE_CHECKING:  # the waivers module (and YAML) is loaded only by a run that has waivers
    from .waivers import Waivers


def read_item(item: tuple[Path, bool], written: set[tuple[int, int]]) -> tuple[ProfileCheck | None, tuple[str, ...]]:
    """The check of one file of `expand_inputs` (its path, whether found in a folder; None: skipped),
    and the lines it has to say (a skip, date warnings), kept to be said in the files' order."""
    said: list[str] = []
    return check_file(item[0], item[1], written, said.append), tuple(said)


class Outcome(NamedTuple):
    """What one file gave, small enough to send from a worker: nothing but text and counts."""

    file: str
    said: tuple[str, ...] = ()  # lines for standard error, in order: a skip, date warnings
    errors: tuple[Problem, ...] = ()  # the file is invalid (not checked)
    rendered: Any = None  # the reporter's rendering of the profile's record; None: skipped or invalid
    summary: dict[str, Any] | None = None  # the record's counts, for the totals
    waivers: Any = None  # what the waivers noted (Waivers.take_observations), for the end of the report


@dataclass
class CheckRun:
    header: dict[str, Any]
    reporter: Any  # started with `header`
    evaluator: Evaluator
    gate: Gate
    waivers: Waivers | None = None
    written: set[tuple[int, int]] = field(default_factory=set)  # the run's outputs, never read back

    def outcome(self, item: tuple[Path, bool]) -> Outcome:
        """Everything one file of `expand_inputs` (its path, whether found in a folder) gives."""
        check, said = read_item(item, self.written)
        if check is None:
            return Outcome(str(item[0]), said)
        if not check.valid:
            return Outcome(check.file, said, tuple(check.errors))
        document, profile = check.document, check.profile
        assert document is not None and profile is not None and check.data is not None
        record = profile_record(
            ProfileResult(
                file=check.file,
                sha256=document.sha256,
                party={"name": profile.party.name, "code": profile.party.code, "as_of": profile.party.as_of.isoformat()},
                findings=self.evaluator.evaluate(check.data),
                inconsistencies=check.warnings,
                positions=document.positions if self.reporter.needs_lines else None,
                gate=self.gate,
                waivers=self.waivers,
            )
        )
        noted = self.waivers.take_observations() if self.waivers is not None else None
        return Outcome(check.file, said, (), self.reporter.render(record), record["summary"], noted)
