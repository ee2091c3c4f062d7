"""What `cartagena serve` does with a request, apart from HTTP: validate a profile with the same
code as `validate`, check it with the same Evaluator and report records as `check`, render the
findings of each goal, the HTML audit report, and save atomically into the folder the user named.

Every method takes the bytes of a request body and returns an `Answer` (status, content type,
body): bad input is a 4xx with a message, never an exception.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.present import shown_data
from ..commands.check import data_sha256, select_rules
from ..engines import engine_provenance
from ..evaluator import Evaluator
from ..loader import Problem, parse_document
from ..profile.validation import ProfileCheck, validate_document
from ..report import Gate, ProfileResult, RunTotals, profile_record, run_header
from ..reporters import reporter
from ..reporters.escaping import html_text as esc
from ..reporters.layout import SECTIONS, expand, finding_basis, finding_duty_label, summary_line, upper_first
from ..wording import counted
from .form import FormBuilder, goal_titles, render_pages

FORM_NAME = "the form"
"""How messages name a profile sent by the page (a request body has no file name)."""


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, **headers: str) -> "Answer":
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return cls(status, "application/json; charset=utf-8", body, headers)

    @classmethod
    def text(cls, status: int, message: str) -> "Answer":
        return cls(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


def _problem(problem: Problem) -> dict[str, Any]:
    return {"pointer": problem.pointer or "", "line": problem.line, "column": problem.column, "message": problem.message}


class SelfCheck:
    """The catalog, the rules and one Evaluator, loaded once for the life of the server."""

    def __init__(self, catalog: Any, rulebook: Any, engine: str, save_dir: Path | None = None):
        self.catalog = catalog
        self.rules = select_rules(catalog, rulebook.rules, (), ())
        self.gate = Gate()
        self.evaluator = Evaluator(self.rules, engine=engine)
        self.header = run_header(
            rules=self.rules,
            catalog=catalog,
            rules_sha256=data_sha256(rulebook),
            selection={"goals": [], "rules": []},
            gate=self.gate,
            engine=engine_provenance(self.evaluator.engine_name),
        )
        self.builder = FormBuilder(catalog.nr5, goal_titles(catalog))
        self.goals = [goal.id for goal in catalog.goals]
        self.save_dir = save_dir
        self._evaluate_lock = threading.Lock()  # one rules engine session: one profile at a time
        self._save_lock = threading.Lock()

    def close(self) -> None:
        self.evaluator.close()

    # --- validation and findings ------------------------------------------------------------------

    def validate(self, raw: bytes) -> ProfileCheck | Answer:
        """The profile in a request body, validated as `cartagena validate` would; or the 400 /
        422 answer that says what is wrong (every problem, each at its JSON pointer)."""
        document = parse_document(raw, FORM_NAME)
        if isinstance(document, Problem):
            return Answer.json(400, {"valid": False, "errors": [_problem(document)]})
        check = validate_document(document)
        if not check.valid:
            return Answer.json(
                422,
                {"valid": False, "errors": [_problem(p) for p in check.errors], "warnings": [_problem(p) for p in check.warnings]},
            )
        return check

    def record(self, check: ProfileCheck) -> dict[str, Any]:
        """The profile's record, exactly as `cartagena check` builds it."""
        assert check.document is not None and check.profile is not None and check.data is not None
        party = check.profile.party
        with self._evaluate_lock:
            findings = self.evaluator.evaluate(check.data)
        return profile_record(
            ProfileResult(
                file=FORM_NAME,
                sha256=check.document.sha256,
                party={"name": party.name, "code": party.code, "as_of": party.as_of.isoformat()},
                findings=findings,
                inconsistencies=check.warnings,
                gate=self.gate,
            )
        )

    def check(self, raw: bytes) -> Answer:
        """The findings of every goal (as HTML fragments), the summary, and the warnings."""
        check = self.validate(raw)
        if isinstance(check, Answer):
            return check
        record = self.record(check)
        by_goal: dict[str, list[dict[str, Any]]] = {goal: [] for goal in self.goals}
        for finding in record["findings"]:
            by_goal[finding["goal"]].append(expand(finding, self.header))
        counts = {goal: _counts(findings) for goal, findings in by_goal.items()}
        return Answer.json(
            200,
            {
                "valid": True,
                "errors": [],
                "warnings": [_problem(p) for p in check.warnings],
                "summary": summary_line(record["summary"], record["findings"]),
                "counts": counts,
                "goals": {goal: self.findings_html(goal, findings) for goal, findings in by_goal.items()},
            },
        )

    def findings_html(self, goal: str, findings: list[dict[str, Any]]) -> str:
        if not findings:
            return '<p class="empty">No rule checks this goal yet.</p>'
        parts = [f'<p class="goal-summary">{esc(_counts_line(_counts(findings)))}</p>']
        for status, title, explanation in SECTIONS:
            chosen = [finding for finding in findings if finding["status"] == status]
            if not chosen:
                continue
            items = "".join(_finding_html(finding) for finding in chosen)
            parts.append(
                f'<section class="status {status}"><h3>{esc(title)} ({len(chosen)})</h3>'
                f'<p class="explain">{esc(explanation)}</p><ul class="findings">{items}</ul></section>'
            )
        return "".join(parts)

    # --- pages and downloads ---------------------------------------------------------------------

    def form(self, data: Any) -> str:
        return render_pages(self.builder.pages(data))

    def report_html(self, check: ProfileCheck) -> str:
        """The HTML audit report of this profile: `check --format html`, through its own reporter."""
        record = self.record(check)
        output = reporter("html")
        totals = RunTotals()
        totals.add_profile(record)
        return output.start(self.header) + output.profile(record) + output.finish(totals.tail())

    def save(self, check: ProfileCheck, body: bytes) -> Path:
        """Write the profile into --save-dir as `<code>-profile.json`, atomically: a temporary file in the
        same folder, then os.replace, under a lock, so two tabs saving at once leave one whole file."""
        assert self.save_dir is not None and check.profile is not None
        target = self.save_dir / f"{check.profile.party.code.lower()}-profile.json"
        with self._save_lock:
            handle, temporary = tempfile.mkstemp(prefix=".cartagena-", suffix=".tmp", dir=self.save_dir)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(body)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        return target


def profile_bytes(data: Any) -> bytes:
    """A profile as the file the user downloads: indented JSON, UTF-8, a final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    counts = {status: 0 for status, _, _ in SECTIONS}
    for finding in findings:
        counts[finding["status"]] += 1
    return counts


def _counts_line(counts: dict[str, int]) -> str:
    return (
        f"{counted(counts['gap'], 'gap')}, {counts['not_declared']} not declared, "
        f"{counts['not_applicable']} not applicable, {counts['met']} met"
    )


def _items(label: str, items: list[dict[str, Any]], words: Any) -> str:
    if not items:
        return ""
    rows = "".join(f"<li><b>{esc(item['id'])}</b> {esc(words(item))}</li>" for item in items)
    return f'<div class="part"><span class="part-label">{esc(label)}</span><ul>{rows}</ul></div>'


def _finding_html(finding: dict[str, Any]) -> str:
    duty = upper_first(finding_duty_label(finding))
    parts = [
        f'<li class="finding {esc(finding["status"])}" data-rule="{esc(finding["rule"])}">'
        f'<div class="title"><span class="duty">{esc(duty)}</span> {esc(finding["title"])}</div>'
        f'<p class="message">{esc(finding["message"])}</p>'
    ]
    if finding["status"] == "gap":
        parts.append(_items("Objective", finding["objectives"], shown_data))
        if not finding["objectives"] and finding.get("objectives_missing"):
            parts.append(f'<p class="missing">Objective: {esc(finding["objectives_missing"])}</p>')
        basis = [{"id": entry["article"], "words": f"{upper_first(words)}: {entry.get('summary') or ''}"} for entry, words in finding_basis(finding)]
        parts.append(_items("Legal basis", basis, lambda entry: entry["words"]))
        if not finding["articles"] and finding.get("articles_missing"):
            parts.append(f'<p class="missing">Article: {esc(finding["articles_missing"])}</p>')
        remediation = finding["remediation"]
        if remediation["advice"]:
            parts.append(f'<p class="advice"><b>What to do:</b> {esc(remediation["advice"])}</p>')
        parts.append(_items("Capacity-building activities that would close it", remediation["activities"], shown_data))
    if finding["status"] == "not_declared" and finding.get("undeclared"):
        links = ", ".join(
            f'<a href="#" data-goto="{esc(pointer)}">{esc(pointer)}</a>' for pointer in finding["undeclared"]
        )
        parts.append(f'<p class="undeclared">Answer: {links}</p>')
    parts.append("</li>")
    return "".join(parts)
