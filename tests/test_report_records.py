"""engine/report.py: the records of a profile's findings made together (evidence records shared),
for the formats that show no line (JSON, NDJSON) and for those that do (evidence located), are
`finding_record`'s, at every gate."""

from __future__ import annotations

import json

import pytest

from engine.positions import PositionIndex
from engine.report import FAIL_ON_DUTIES, REPORT_STATUSES, Gate, finding_records, finding_record, shows_place
from engine.rulebook.model import DUTIES
from tests.clirun import ROOT
from tests.rulekit import evaluator

LEVELS = list(FAIL_ON_DUTIES)


@pytest.mark.parametrize("profile", sorted((ROOT / "profiles").glob("*.json")), ids=lambda path: path.stem)
def test_the_records_are_finding_records_at_every_gate(profile) -> None:
    findings = evaluator("python").evaluate(json.loads(profile.read_text(encoding="utf-8")))
    for fail_on in LEVELS:
        for require_declared in LEVELS:
            gate = Gate(fail_on, require_declared)
            assert finding_records(findings, gate) == [finding_record(finding, None, gate) for finding in findings]
            positions = PositionIndex(profile.read_text(encoding="utf-8"))
            located = finding_records(findings, gate, positions)
            assert located == [finding_record(finding, positions, gate) for finding in findings]
            shown = any(shows_place(finding.status, gate.failing(finding.status, finding.rule.duty)) and finding.evidence for finding in findings)
            assert (located != finding_records(findings, gate)) == shown  # located where, and only where, shown


def test_the_gate_table_is_the_gate() -> None:
    for fail_on in LEVELS:
        for require_declared in LEVELS:
            gate = Gate(fail_on, require_declared)
            assert gate.table == {(status, duty): gate.failing(status, duty) for status in REPORT_STATUSES for duty in DUTIES}
