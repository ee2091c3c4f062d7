"""What `cartagena serve` does with a request, apart from HTTP: validate a profile with the same
code as `validate`, check it with the same Evaluator and report records as `check`, render the
findings of each goal, the HTML audit report, and save into the folder the user named (saving.py).

Every method takes the bytes of a request body and returns an `Answer` (status, content type,
body): bad input is a 4xx with a message, never an exception.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..catalog.nr5_i18n import questions
from ..catalog.present import basis_words, shown_data
from ..commands.check import data_sha256, select_rules
from ..engines import engine_provenance
from ..evaluator import Evaluator
from ..i18n import N_, rule_words, tr, trn
from ..l10n import isolate_html, isolate_runs, labelled
from ..loader import Problem, parse_document
from ..profile.validation import ProfileCheck, build_validator, validate_document
from ..report import Gate, ProfileResult, RunTotals, profile_record, run_header
from ..reporters import reporter
from ..reporters.escaping import html_text as esc
from ..reporters.layout import SECTIONS, expand, upper_first
from .form import FormBuilder, Page, field_id, goal_titles
from .pages import form_html
from .wording import english, ltr
from .saving import Saver

# TRANSLATORS: where a profile checked in the self-check page comes from, in place of a file name
FORM_NAME = N_("the form")
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
    def error(cls, status: int, message: str, **headers: str) -> "Answer":
        """A refusal or a failure: `{"message": ...}`, the words the page shows (in its language)."""
        return cls.json(status, {"message": message}, **headers)


IN_THE_PAGE_LANGUAGE = frozenset({
    "profile.unknown-property", "profile.missing-property", "profile.party-code", "profile.invalid-date", "profile.wrong-type",
    "profile.invalid-value",
})
"""The problems said in the page's language (engine/plain_words.py); the others (the consistency
checks of engine/profile/checks.py, the reader's) are English, and marked so for the page."""


def _problem(problem: Problem, lang: str = "en") -> dict[str, Any]:
    said = {"pointer": problem.pointer or "", "line": problem.line, "column": problem.column, "message": problem.message}
    if lang != "en" and problem.code not in IN_THE_PAGE_LANGUAGE:
        said["lang"] = "en"
    return said


def status_words(lang: str) -> dict[str, tuple[str, str]]:
    """Each status's heading and explanation in the findings, as the reports word them (a
    self-check has no waivers, so no `waived`)."""
    from ..reporters.layout import sections

    return {status: (title, explanation) for status, title, explanation in sections({}, lang)}


def duty_words(lang: str, duty: str, instrument: str | None) -> str:
    """A finding's duty, as the reports label it, first letter raised."""
    from ..catalog.present import duty_label
    from ..reporters.layout import upper_first

    return upper_first(duty_label(duty, instrument, lang))


def summary_words(lang: str, summary: dict[str, Any], findings: list[dict[str, Any]]) -> str:
    """The counts of the whole profile by status: the reports' summary line, in `lang`."""
    from ..reporters.layout import summary_line

    return summary_line(summary, findings, lang)


@dataclass(frozen=True)
class Language:
    """What the server needs to answer in one language: the run header (NR5 texts in that language,
    for the HTML report) and the form builder (the BCH's wording of questions and answers)."""

    header: dict[str, Any]
    builder: FormBuilder


class SelfCheck:
    """The catalog, the rules and one Evaluator, loaded once for the life of the server."""

    def __init__(self, catalog: Any, rulebook: Any, engine: str, save_dir: Path | None = None):
        self.catalog = catalog
        self.rules = select_rules(catalog, rulebook.rules, (), ())
        self.gate = Gate()
        self.evaluator = Evaluator(self.rules, engine=engine)
        self._rules_sha256 = data_sha256(rulebook)
        self._languages: dict[str, Language] = {}
        self._language_lock = threading.Lock()
        self.goals = [goal.id for goal in catalog.goals]
        self.save_dir = save_dir
        self.saver = Saver(save_dir) if save_dir is not None else None
        self._evaluate_lock = threading.Lock()  # one rules engine session: one profile at a time
        self.header = self.language("en").header
        build_validator()  # (the first request would build it)

    def language(self, lang: str) -> Language:
        """The header and form builder of `lang`, made on its first request and kept."""
        with self._language_lock:
            if lang not in self._languages:
                header = run_header(
                    rules=self.rules,
                    catalog=self.catalog,
                    rules_sha256=self._rules_sha256,
                    selection={"goals": [], "rules": []},
                    gate=self.gate,
                    engine=engine_provenance(self.evaluator.engine_name),
                    lang=lang,
                )
                nr5 = self.catalog.nr5 if lang == "en" else questions(lang)
                self._languages[lang] = Language(header, FormBuilder(nr5, goal_titles(self.catalog, lang), lang))
            return self._languages[lang]

    def close(self) -> None:
        self.evaluator.close()

    # --- validation and findings ------------------------------------------------------------------

    def validate(self, raw: bytes, lang: str = "en") -> ProfileCheck | Answer:
        """The profile in a request body, validated as `cartagena validate` would; or the 400 /
        422 answer that says what is wrong (every problem, each at its JSON pointer, in the plain
        words of `engine/plain_words.py` in `lang`, as a form's field says them)."""
        document = parse_document(raw, FORM_NAME)
        if isinstance(document, Problem):
            return Answer.json(400, {"valid": False, "errors": [_problem(document, lang)]})
        check = validate_document(document, lang, form=True)
        if not check.valid:
            return Answer.json(
                422,
                {"valid": False, "errors": [_problem(p, lang) for p in check.errors], "warnings": [_problem(p, lang) for p in check.warnings]},
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

    def check(self, raw: bytes, lang: str = "en") -> Answer:
        """The findings of every goal (as HTML fragments), the summary, the warnings, and the words
        the page shows for them in `lang` (`status`, `badges`: counted, so said here, not by the script)."""
        check = self.validate(raw, lang)
        if isinstance(check, Answer):
            return counted(check, lang)
        record = self.record(check)
        header = self.language(lang).header
        names = self.language(lang).builder.name_of
        by_goal: dict[str, list[dict[str, Any]]] = {goal: [] for goal in self.goals}
        findings = [expand(finding, header) for finding in record["findings"]]
        for finding in findings:
            by_goal[finding["goal"]["id"]].append(finding)
        counts = {goal: _counts(findings) for goal, findings in by_goal.items()}
        warnings = [_problem(p, lang) for p in check.warnings]
        return Answer.json(
            200,
            {
                "valid": True,
                "errors": [],
                "warnings": warnings,
                "status": trn(lang, "{n} answer looks inconsistent (marked in orange).", "{n} answers look inconsistent (marked in orange).", len(warnings)) if warnings else "",
                "summary": isolate_runs(summary_words(lang, record["summary"], findings), lang),
                "counts": counts,
                "badges": {goal: trn(lang, "{n} gap", "{n} gaps", count["gap"]) if count["gap"] else "" for goal, count in counts.items()},
                "goals": {goal: self.findings_html(goal, findings, lang) for goal, findings in by_goal.items()},
                "todo": isolate_html(todo_html([finding for findings in by_goal.values() for finding in findings], names, lang), lang),
                "todo_count": sum(count["gap"] for count in counts.values()),
            },
        )

    def findings_html(self, goal: str, findings: list[dict[str, Any]], lang: str = "en") -> str:
        names = self.language(lang).builder.name_of
        if not findings:
            nothing = tr(lang, "No rule checks this goal yet.")
            return f'<p class="empty">{esc(nothing)}</p>'
        parts = [f'<p class="goal-summary">{esc(_counts_line(lang, _counts(findings)))}</p>']
        for status, (title, explanation) in status_words(lang).items():
            chosen = [finding for finding in findings if finding["status"] == status]
            if not chosen:
                continue
            items = "".join(_finding_html(finding, names, lang) for finding in chosen)
            parts.append(
                f'<section class="status {status}"><h3>{esc(title)} ({len(chosen)})</h3>'
                f'<p class="explain">{esc(explanation)}</p><ul class="findings">{items}</ul></section>'
            )
        return isolate_html("".join(parts), lang)

    # --- pages and downloads ---------------------------------------------------------------------

    def pages(self, data: Any, lang: str = "en") -> list[Page]:
        return self.language(lang).builder.pages(data)

    def form(self, data: Any, lang: str = "en") -> str:
        """The form's content filled with `data`: "To address" and every page."""
        return isolate_html(form_html(self.pages(data, lang), lang), lang)

    def report_html(self, check: ProfileCheck, lang: str = "en") -> str:
        """The HTML audit report of this profile: `check --format html --lang`, through its own reporter."""
        record = {**self.record(check), "file": tr(lang, FORM_NAME)}
        output = reporter("html")
        totals = RunTotals()
        totals.add_profile(record)
        return output.start(self.language(lang).header) + output.profile(record) + output.finish(totals.tail())

    def answers_html(self, check: ProfileCheck, lang: str = "en") -> str:
        """The Party's answers goal by goal, for sign-off (answers.py)."""
        from .answers import answers_html

        assert check.data is not None
        return answers_html(self.language(lang).builder, goal_titles(self.catalog, lang), check.data)

    def save(self, check: ProfileCheck, body: bytes) -> Path:
        """Write the profile into --save-dir as `<code>-profile.json`, whole or not at all (saving.py)."""
        assert self.saver is not None and check.profile is not None
        return self.saver.save(f"{check.profile.party.code.lower()}-profile.json", body)


def counted(answer: Answer, lang: str) -> Answer:
    """A validation answer with its counted words in `lang` (`status`, the page's status line, and
    `message`, as every refusal has)."""
    payload = json.loads(answer.body)
    errors = payload["errors"]
    # the same words for each number of problems the page may show (it shows only those of the
    # fields a person has left, until "Review answers"): counted here, in the language's plural
    shown = [
        isolate_runs(trn(lang, "{n} problem to fix (marked in red; the first: {first}).", "{n} problems to fix (marked in red; the first: {first}).", n, first="{first}"), lang)
        for n in range(1, len(errors) + 1)
    ]  # shown as text by the script: Latin runs isolated in a right-to-left page
    words = isolate_runs(trn(
        lang,
        "{n} problem to fix (marked in red; the first: {first}). The findings shown are those of the last valid answers.",
        "{n} problems to fix (marked in red; the first: {first}). The findings shown are those of the last valid answers.",
        len(errors),
        first=errors[0]["message"] if errors else "",
    ), lang)
    return Answer.json(answer.status, {**payload, "status": words, "message": words, "counted": shown})


def profile_bytes(data: Any) -> bytes:
    """A profile as the file the user downloads: indented JSON, UTF-8, a final newline."""
    from ..indented_json import indented  # json.dumps(indent=2)'s text, without its cycle per call

    return (indented(data) + "\n").encode("utf-8")


def _counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    counts = {status: 0 for status, _, _ in SECTIONS}
    for finding in findings:
        counts[finding["status"]] += 1
    return counts


def _counts_line(lang: str, counts: dict[str, int]) -> str:
    from ..reporters.layout import listed

    return listed([
        trn(lang, "{n} gap", "{n} gaps", counts["gap"]),
        trn(lang, "{n} not declared", "{n} not declared", counts["not_declared"]),
        trn(lang, "{n} not applicable", "{n} not applicable", counts["not_applicable"]),
        trn(lang, "{n} met", "{n} met", counts["met"]),
    ], lang)


def _items(lang: str, label: str, items: list[dict[str, Any]], words: Any) -> str:
    """A labelled list of plan items (or articles): their ids, and their English words marked so."""
    if not items:
        return ""
    rows = "".join(f"<li><b{ltr(lang)}>{esc(item['id'])}</b> {english(lang, esc(words(item)))}</li>" for item in items)
    return f'<div class="part"><span class="part-label">{esc(label)}</span><ul>{rows}</ul></div>'


def go_to(pointer: str, names: Callable[[str], str], lang: str) -> str:
    """A link to the question that holds `pointer`, named as a person reads it ("Go to question 12")."""
    name = names(pointer)
    # TRANSLATORS: a link to a question of the form; {question} names it, e.g. "Question 12" or "The Party's name"
    words = tr(lang, "Go to: {question}").format(question=name) if name else tr(lang, "Go to the question")
    return f'<a href="#{esc(field_id(pointer))}" class="goto" data-goto="{esc(pointer)}">{esc(words)}</a>'


def todo_html(findings: list[dict[str, Any]], names: Callable[[str], str], lang: str) -> str:
    """"To address": the gaps across goals, obligations first (then commitments, options), each
    with its goal and a link to its question."""
    order = {"obligation": 0, "commitment": 1, "option": 2}
    gaps = sorted((f for f in findings if f["status"] == "gap"), key=lambda f: (order.get(f["duty"], 3), f["goal"]["id"]))
    if not gaps:
        nothing = tr(lang, "No gap: every rule checked is met, not declared or not applicable.")
        return f'<p class="empty">{esc(nothing)}</p>'
    rows = []
    for finding in gaps:
        duty = duty_words(lang, finding["duty"], finding.get("duty_instrument"))
        pointer = finding["evidence"][0]["pointer"] if finding.get("evidence") else ""
        link = go_to(pointer, names, lang) if pointer else ""
        # TRANSLATORS: {goal} is a goal id such as A.1
        goal = esc(tr(lang, "Goal {goal}")).format(goal=f"<bdi{ltr(lang)}>{esc(finding['goal']['id'])}</bdi>")
        rows.append(
            f'<li class="finding gap {esc(finding["duty"])}" data-rule="{esc(finding["rule"])}"><div class="title"><span class="duty">{esc(duty)}</span> '
            f'{esc(rule_words(lang, finding["title"]))}</div><p class="where">{goal} {link}</p></li>'
        )
    heading = esc(tr(lang, "Gaps, obligations first"))
    return f'<h3>{heading}</h3><ol class="todo">{"".join(rows)}</ol>'


def _basis(finding: dict[str, Any], lang: str) -> str:
    """The legal basis of a gap: each article's id, its label and the project's summary (English,
    marked so) with the relation in the page's words ("[exige]")."""
    rows = []
    for entry in finding["legal_basis"]:
        # the words around the label in the page's language; the label itself the articles' English
        # (split at a placeholder before escaping: the escaping shows a NUL as a visible \u0000)
        before, _, after = basis_words("\x00", entry["relation"], entry.get("kind", "article"), lang).partition("\x00")
        words = esc(before) + english(lang, esc(entry["label"])) + esc(after)
        summary = english(lang, esc(entry.get("summary") or ""))
        rows.append(f"<li><b{ltr(lang)}>{esc(entry['article'])}</b> {labelled(upper_first(words), summary, lang)}</li>")
    return f'<div class="part"><span class="part-label">{esc(tr(lang, "Legal basis"))}</span><ul>{"".join(rows)}</ul></div>' if rows else ""


def _finding_html(finding: dict[str, Any], names: Callable[[str], str], lang: str = "en") -> str:
    duty = duty_words(lang, finding["duty"], finding.get("duty_instrument"))
    parts = [
        f'<li class="finding {esc(finding["status"])}" data-rule="{esc(finding["rule"])}">'
        f'<div class="title"><span class="duty">{esc(duty)}</span> {esc(rule_words(lang, finding["title"]))}</div>'
        f'<p class="message">{esc(rule_words(lang, finding["message"]))}</p>'
    ]
    if finding["status"] == "gap" and finding.get("evidence"):
        parts.append(f'<p class="where">{go_to(finding["evidence"][0]["pointer"], names, lang)}</p>')
    if finding["status"] == "gap":
        # TRANSLATORS: heading of the plan's objectives a gap falls short of
        parts.append(_items(lang, tr(lang, "Objective"), finding["objectives"], lambda item: shown_data(item, lang)))
        if not finding["objectives"] and finding.get("objectives_missing"):
            # TRANSLATORS: {words} say (in English) why the plan's source names no objective here
            missing = esc(tr(lang, "Objective: {words}")).format(words=english(lang, esc(finding["objectives_missing"])))
            parts.append(f'<p class="missing">{missing}</p>')
        parts.append(_basis(finding, lang))
        if not finding["articles"] and finding.get("articles_missing"):
            # TRANSLATORS: {words} say (in English) why no single article applies here
            missing = esc(tr(lang, "Article: {words}")).format(words=english(lang, esc(finding["articles_missing"])))
            parts.append(f'<p class="missing">{missing}</p>')
        remediation = finding["remediation"]
        if remediation["advice"]:
            what_to_do = tr(lang, "What to do:")
            parts.append(f'<p class="advice"><b>{esc(what_to_do)}</b> {esc(rule_words(lang, remediation["advice"]))}</p>')
        parts.append(_items(lang, tr(lang, "Capacity-building activities that would close it"), remediation["activities"], lambda item: shown_data(item, lang)))
    if finding["status"] == "not_declared" and finding.get("undeclared"):
        links = " ".join(go_to(pointer, names, lang) for pointer in finding["undeclared"])
        parts.append(f'<p class="undeclared where">{links}</p>')
    parts.append("</li>")
    return "".join(parts)
