"""The result of a `cartagena check` run as plain data, built and written one profile at a time.

A run has a header (`run_header`: the tool, the rules with their metadata, and the text of every
plan item they cite, once) and one record per profile (`profile_record`: findings carrying the
rule's id, the status, whether it fails the gate and the evidence; nothing the header holds).
Reporters join the two (`engine.reporters.layout.expand`); the JSON format prints them as they
are. Nothing grows with the number of profiles but the running summary and the list of invalid files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterable

from . import __version__
from .evaluator import Finding
from .i18n import rule_words, tr
from .loader import Problem
from .rulebook.model import DUTIES, Rule

if TYPE_CHECKING:  # the waivers module (and YAML) is loaded only by a run that has waivers
    from .waivers import Waivers

FAIL_ON_DUTIES: dict[str, tuple[str, ...]] = {
    "obligation": ("obligation",),
    "commitment": ("obligation", "commitment"),
    "any": DUTIES,
    "none": (),
}
"""Which gaps make `cartagena check` exit 1, per --fail-on level (and which not-declared findings,
per --require-declared level: the same levels)."""

REPORT_FORMAT = 2
"""The shape of the JSON and NDJSON reports (the header's `report_format`). 2: a finding names its
rule by id, and its words, duty and links to the plan are in the header once (issue 25); a report
without `report_format` is format 1, whose findings repeated them. README "JSON report" has both."""

REPORT_STATUSES: tuple[str, ...] = ("gap", "waived", "not_declared", "not_applicable", "met")
"""Every status a report gives: the evaluator's four, and `waived` (a gap a waiver in force covers,
engine.waivers), kept apart from all of them."""


@dataclass(frozen=True)
class Gate:
    """What makes a run fail: gaps at the --fail-on level, not-declared findings at the
    --require-declared level. The one place that decides whether a finding is failing; every
    reporter reads the `failing` flag of the finding records and the counts of the summaries."""

    fail_on: str = "obligation"
    require_declared: str = "none"

    def failing(self, status: str, duty: str) -> bool:
        """Whether a finding of this status and duty fails the run; a waived gap never does."""
        if status == "gap":
            return duty in FAIL_ON_DUTIES[self.fail_on]
        if status == "not_declared":
            return duty in FAIL_ON_DUTIES[self.require_declared]
        return False

    @cached_property
    def table(self) -> dict[tuple[str, str], bool]:
        """`failing` for every status and duty, worked out once (a batch asks it of every finding)."""
        return {(status, duty): self.failing(status, duty) for status in REPORT_STATUSES for duty in DUTIES}


def _text_item(catalog: Any, item_id: str) -> dict[str, Any]:
    item = catalog.lookup(item_id)
    out: dict[str, Any] = {"text": item.text}
    if item.text is None or getattr(item, "fragment", False):
        out["missing"] = item.missing
    return out


def _goal_gaps(catalog: Any, goal_id: str, field_name: str, lang: str = "en") -> str | None:
    """What the source lacks for a goal: the catalog's own note (English), else the tool's words."""
    goal = catalog.goal(goal_id)
    if field_name == "objectives" and not goal.objectives:
        return goal.objectives_missing
    if field_name == "articles" and not goal.articles:
        return getattr(goal, "articles_note", None) or tr(lang, "the project's reference lists no article for this goal")
    return None


def rule_links(rule: Rule) -> dict[str, Any]:
    """The rule's kind of duty and its links to the plan, the treaties and the national report."""
    return {
        "duty": rule.duty,
        "goal": rule.goal,
        "objectives": list(rule.objectives),
        "indicators": list(rule.indicators),
        "articles": list(rule.articles),
        "nr5": list(rule.nr5),
    }


def shared_answers(rules: Iterable[Rule]) -> dict[str, tuple[str, ...]]:
    """For each rule, the other rules whose condition reads one of the same profile answers (e.g.
    NR5 question 10, the national budget, under A.1.4 and B.2.1): one answer, several findings."""
    readers: dict[str, list[str]] = {}
    for rule in rules:
        for path in rule.decides_on:
            readers.setdefault(path, []).append(rule.id)
    shared: dict[str, list[str]] = {}
    for ids in readers.values():
        for id_ in ids:
            shared.setdefault(id_, [])
            shared[id_] += [other for other in ids if other != id_ and other not in shared[id_]]
    return {id_: tuple(others) for id_, others in shared.items() if others}


def distinct_gaps(findings: Iterable[Finding], shared: dict[str, tuple[str, ...]]) -> int:
    """Gaps in a declaration counted once per group of rules that read the same answer."""
    gaps = {finding.rule.id for finding in findings if finding.status == "gap"}
    seen: set[str] = set()
    groups = 0
    for id_ in sorted(gaps):
        if id_ in seen:
            continue
        groups += 1
        stack = [id_]
        while stack:  # every gap linked to this one through a shared answer
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(other for other in shared.get(current, ()) if other in gaps)
    return groups


def rule_details(rule: Rule, catalog: Any, lang: str = "en") -> dict[str, Any]:
    """A rule's metadata for the run header, its words (title, messages, advice) in `lang`: once
    per rule and run, so every finding and every format reads them from here."""
    details: dict[str, Any] = {
        "title": rule_words(lang, rule.title),
        **rule_links(rule),
        "messages": {status: rule_words(lang, text) for status, text in sorted(rule.messages.items())},
        "legal_basis": [
            {
                "article": basis.article,
                "relation": basis.relation,
                "instrument": basis.instrument,
                "force": catalog.article(basis.article).force,
                "binds": catalog.article(basis.article).binds,
            }
            for basis in rule.legal_basis
        ],
        "duty_basis": rule.duty_basis,
        "duty_instrument": rule.duty_instrument,
        "remediation": {"advice": rule_words(lang, rule.advice), "key_areas": list(rule.key_areas), "activities": list(rule.activities)},
    }
    if rule.why_outside_goal:
        details["remediation"]["why_outside_goal"] = rule_words(lang, rule.why_outside_goal)
    for name in ("objectives", "articles"):
        if not details[name]:
            details[f"{name}_missing"] = _goal_gaps(catalog, rule.goal, name, lang)
    return details


def _question_text(question: Any, lang: str = "en") -> dict[str, Any]:
    """An NR5 question's label (in `lang`), wording and answers; `fallback: true` where the language
    lacks the BCH's text and the English one stands in (English itself never falls back)."""
    from .catalog.nr5 import question_label

    # the answers, so a not-declared finding can say what to write
    answers = [{"value": o.value, "title": o.title, **({"fallback": True} if o.fallback else {})} for o in question.options]
    return {
        "label": question_label(question, lang),
        "text": question.title,
        **({"fallback": True} if question.title_fallback else {}),
        **({"answers": answers} if answers else {}),
    }


def plan_texts(rules: Iterable[Rule], catalog: Any, lang: str = "en") -> dict[str, dict[str, Any]]:
    """The text of every goal, objective, indicator, article, NR5 question, key area and activity the rules cite.

    The plan's and the treaty's text is English (the only text of them there is); NR5 questions are
    in `lang`, the BCH's own wording."""
    from .catalog.nr5_i18n import questions

    nr5 = catalog.nr5 if lang == "en" else questions(lang)
    texts: dict[str, dict[str, Any]] = {}
    for rule in rules:
        texts.setdefault(rule.goal, _text_item(catalog, rule.goal))
        for id_ in (*rule.objectives, *rule.indicators, *rule.key_areas, *rule.activities):
            texts.setdefault(id_, _text_item(catalog, id_))
        for id_ in rule.articles:
            article = catalog.article(id_)
            texts.setdefault(
                id_,
                {
                    "label": article.label,
                    "kind": article.kind,
                    "instrument": article.instrument,
                    "force": article.force,
                    "binds": article.binds,
                    "summary": article.summary,
                    "text": article.text,
                },
            )
        for key in rule.nr5:
            texts.setdefault(key, _question_text(nr5[key], lang))
    return dict(sorted(texts.items()))


def run_header(
    *,
    rules: list[Rule],
    catalog: Any,
    rules_sha256: str,
    selection: dict[str, list[str]],
    gate: Gate,
    engine: dict[str, str],
    waivers: Waivers | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    header = {
        "tool": {"name": "cartagena-compliance", "version": __version__},
        "report_format": REPORT_FORMAT,
        "engine": engine,
        "rules": {
            "sha256": rules_sha256,
            "count": len(rules),
            "selection": selection,
            "details": {rule.id: rule_details(rule, catalog, lang) for rule in rules},
            "shared_answers": {id_: list(others) for id_, others in sorted(shared_answers(rules).items())},
        },
        "plan": plan_texts(rules, catalog, lang),
        "fail_on": gate.fail_on,
        "require_declared": gate.require_declared,
        # the language of the human words the report carries (NR5 questions); ids and codes never change
        "lang": lang,
    }
    if waivers is not None:
        header["waivers"] = waivers.header()
    return header


def shows_place(status: str, failing: bool) -> bool:
    """Whether a finding's evidence is located (line, column, region) for a format that shows
    lines: what needs action (gaps, waived gaps, failing findings), the only findings whose
    evidence any format shows."""
    return failing or status == "gap"


def finding_record(finding: Finding, positions: Any = None, gate: Gate = Gate()) -> dict[str, Any]:
    """A finding as the report carries it: the rule by its id (its words, duty, links to the plan
    and shared answers are in the run header, once), the status, whether it fails the gate, the
    evidence (located when `positions` is given and the finding is one that shows it)."""
    return finding_records([finding], gate, positions)[0]


def finding_records(findings: list[Finding], gate: Gate, positions: Any = None) -> list[dict[str, Any]]:
    """`finding_record` of every finding of a profile. The same evidence is read by every rule
    that reads its answer: its record is made once per profile (JSON writes it as often as it is
    read), and located once more where a finding shows it."""
    table = gate.table
    plain: dict[int, dict[str, Any]] = {}  # id of an Evidence -> its record, without a place
    located: dict[int, dict[str, Any]] = {}  # ... with its place (`positions.located`)
    records = []
    for rule, status, evidence, undeclared in findings:
        failing = table[status, rule.duty]
        placed = positions is not None and shows_place(status, failing)
        shown: list[dict[str, Any]] = []
        for item in evidence:
            record = plain.get(id(item))
            if record is None:
                record = plain[id(item)] = {"pointer": item.pointer, "value": item.value}
                if item.cited:
                    record["cited"] = item.cited
            if placed:
                place = located.get(id(item))
                if place is None:
                    # line and column of the value, and the start and end of it or of its nearest
                    # existing ancestor when it is missing (SARIF regions)
                    place = located[id(item)] = {**record, **positions.located(item.pointer)}
                record = place
            shown.append(record)
        finding_record = {"rule": rule.id, "status": status, "failing": failing, "evidence": shown}
        if undeclared:
            finding_record["undeclared"] = list(undeclared)
        records.append(finding_record)
    return records


_SHARED: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}


def _shared_for(findings: list[Finding]) -> dict[str, tuple[str, ...]]:
    """shared_answers of the rules behind a profile's findings, made once per selection of rules."""
    key = tuple(finding.rule.id for finding in findings)
    if key not in _SHARED:
        _SHARED.clear()  # one selection per run; keep no more than the last
        _SHARED[key] = shared_answers(finding.rule for finding in findings)
    return _SHARED[key]


def empty_summary() -> dict[str, Any]:
    summary: dict[str, Any] = {"gaps": {duty: 0 for duty in DUTIES}, "distinct_gaps": 0}
    for status in REPORT_STATUSES:
        if status != "gap":
            summary[status] = 0
    summary["failing_gaps"] = summary["failing_not_declared"] = 0
    return summary


def summarise(records: list[dict[str, Any]], findings: list[Finding]) -> dict[str, Any]:
    """Counts of finding records by status (gaps per rule, by duty), how many of them fail the gate,
    and `distinct_gaps`: gaps counted once per answer that several rules read."""
    summary = empty_summary()
    # a waived gap is no gap here either: only the findings whose record is still a gap
    still_gaps = [finding for finding, record in zip(findings, records) if record["status"] == "gap"]
    summary["distinct_gaps"] = distinct_gaps(still_gaps, _shared_for(findings))
    for finding, record in zip(findings, records):
        status = record["status"]
        if status == "gap":
            summary["gaps"][finding.rule.duty] += 1
        else:
            summary[status] += 1
        if record["failing"]:
            summary["failing_gaps" if status == "gap" else "failing_not_declared"] += 1
    return summary


@dataclass
class ProfileResult:
    file: str
    sha256: str
    party: dict[str, Any]
    findings: list[Finding]
    inconsistencies: list[Problem] = field(default_factory=list)
    positions: Any = None  # the document's PositionIndex, for the formats that show lines
    gate: Gate = Gate()
    waivers: Waivers | None = None


def profile_record(result: ProfileResult) -> dict[str, Any]:
    findings = finding_records(result.findings, result.gate, result.positions)
    if result.waivers is not None:
        result.waivers.apply(findings, result.party["code"])
    return {
        "file": result.file,
        "sha256": result.sha256,
        "party": result.party,
        "summary": summarise(findings, result.findings),
        "findings": findings,
        "inconsistencies": [problem.as_dict() for problem in result.inconsistencies],
    }


@dataclass
class RunTotals:
    """What the end of a run reports: counts over every profile, and the invalid files."""

    profiles_checked: int = 0
    summary: dict[str, Any] = field(default_factory=empty_summary)
    invalid: list[dict[str, Any]] = field(default_factory=list)
    waivers: Waivers | None = None
    lang: str = "en"  # the language of the waivers' words (why one matched no gap)

    def add_profile(self, record: dict[str, Any]) -> None:
        self.add_summary(record["summary"])

    def add_summary(self, summary: dict[str, Any]) -> None:
        """One checked profile, by its record's summary."""
        self.profiles_checked += 1
        for duty, count in summary["gaps"].items():
            self.summary["gaps"][duty] += count
        for key in ("distinct_gaps", "waived", "met", "not_declared", "not_applicable", "failing_gaps", "failing_not_declared"):
            self.summary[key] += summary[key]

    @property
    def failing(self) -> int:
        """Findings that fail the gate (gaps and not-declared): the run exits 1 when there are any."""
        return self.summary["failing_gaps"] + self.summary["failing_not_declared"]

    def add_invalid(self, file: str, problems: list[Problem]) -> None:
        self.invalid.append({"file": file, "errors": [problem.as_dict() for problem in problems]})

    def tail(self) -> dict[str, Any]:
        tail = {
            "invalid": self.invalid,
            "summary": {
                "profiles_checked": self.profiles_checked,
                "profiles_invalid": len(self.invalid),
                **self.summary,
            },
        }
        if self.waivers is not None:
            tail.update(self.waivers.tail(self.lang))
        return tail
