"""`cartagena check --format ndjson`: header line first, one line per profile, the tail last, each
with a `type`; the same data as the JSON report; byte-identical run to run."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clirun import ROOT, cartagena


def test_ndjson_is_the_json_report_one_record_a_line(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    args = ("check", "--engine", "python", str(ROOT / "profiles"), str(tmp_path / "bad.json"))
    first = cartagena(*args, "--format", "ndjson")
    assert first.returncode == 2
    assert cartagena(*args, "--format", "ndjson").stdout == first.stdout
    records = [json.loads(line) for line in first.stdout.splitlines()]
    assert [r["type"] for r in records] == ["header"] + ["profile"] * 7 + ["tail"]
    report = json.loads(cartagena(*args, "--format", "json").stdout)
    assert [{k: v for k, v in r.items() if k != "type"} for r in records[1:-1]] == report["profiles"]
    assert {k: v for k, v in records[-1].items() if k != "type"} == {"invalid": report["invalid"], "summary": report["summary"]}
    assert records[0]["tool"] == report["tool"] and records[0]["rules"] == report["rules"]
    gap = next(f for p in report["profiles"] for f in p["findings"] if f["status"] == "gap")
    assert report["report_format"] == records[0]["report_format"] == 2
    # a finding names its rule; its words are in the header, once; its evidence is where the pointer says
    assert set(gap) == {"rule", "status", "failing", "evidence"} and report["rules"]["details"][gap["rule"]]["messages"]["gap"]
    assert all(set(item) <= {"pointer", "value", "cited"} for item in gap["evidence"])
