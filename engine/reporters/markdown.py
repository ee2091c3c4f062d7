"""Markdown: a report to file or paste into a document, an issue or a wiki."""

from __future__ import annotations

from typing import Any

import functools
import string

from ..i18n import tr
from ..l10n import bracketed, isolate_runs, labelled, mark, number, stop, with_count
from .layout import (
    finding_basis,
    finding_duty_label,
    goal_words,
    report_lang,
    upper_first,
    shared_answer_words,
    question_hint,
    bch_words,
    HumanReporter,
    sections,
    by_goal,
    expand,
    expired_words,
    invalid_lines,
    provenance_line,
    summary_line,
    text_or_missing,
    totals_line,
    unmatched_words,
    value,
    waiver_words,
)
from .escaping import markdown_code as _code, markdown_text as _md
from .text import plan_language_note

_FORMATTER = string.Formatter()


def _say(lang: str, words: str, **fields: Any) -> str:
    """The tool's `words` (already in `lang`) with `fields` (already markdown) put in. A translation
    is escaped like any text, its `{placeholders}` kept; the English source is written as it is."""
    if lang == "en":
        return words.format(**fields) if fields else words
    if not fields:
        return _md(words)
    return "".join(
        _md(literal) + ("" if name is None else format(fields[name], spec or ""))
        for literal, name, spec, _ in _FORMATTER.parse(words)
    )


def _hint(question: dict[str, Any], lang: str) -> str:
    """The NR5 question to answer, its answer codes as code; in another language, its words escaped."""
    if lang == "en":  # as the English report has always written it
        return question_hint(question, lambda c: _code(str(c)))
    return question_hint(
        question,
        code=lambda c: _code(str(c)),
        words=lambda item, key: _md(bch_words(item, key, lang)),
        lang=lang,
        say=lambda words, **fields: _say(lang, words, **fields),
    )


@functools.cache
def _labels(lang: str) -> dict[str, str]:
    """The report's fixed words in `lang`, as markdown: made once per language and run."""
    return {
        key: _say(lang, words)
        for key, words in {
            "waiver_expired": tr(lang, "Waiver expired."),
            "shared": tr(lang, "Shared answer"),
            "objective": tr(lang, "Objective"),
            "basis": tr(lang, "Legal basis"),
            "summary_note": tr(lang, "(project reference summary)"),
            "evidence": tr(lang, "Evidence"),
            "what_to_do": tr(lang, "What to do:"),
            "summary": tr(lang, "Summary:"),
            "inconsistencies": tr(lang, "Inconsistencies to review:"),
            "rule": tr(lang, "Rule"),
            "goal": tr(lang, "Goal"),
            "meaning": tr(lang, "What it means"),
            "title": tr(lang, "Cartagena Protocol compliance check"),
            "invalid": tr(lang, "Invalid profiles (not checked)"),
            "unmatched": tr(lang, "Waivers that matched no gap"),
        }.items()
    }


def _gap(finding: dict[str, Any], lang: str = "en") -> list[str]:
    # in English the rule's and the plan's words as their files write them; a translation escaped (_say)
    said = _labels(lang)
    duty = _say(lang, upper_first(finding_duty_label(finding, lang)))
    lines = [labelled(f"#### `{finding['rule']}`", _say(lang, finding["title"]), lang), "", f"*{stop(duty, lang)}* {_say(lang, finding['message'])}", ""]
    if finding.get("waiver_expired"):
        lines += [f"**{said['waiver_expired']}** {_md(expired_words(finding['waiver_expired'], lang))}", ""]
    if shared := shared_answer_words(finding, lang):
        lines.append(labelled(f"- **{said['shared']}**", _say(lang, shared), lang))
    objective, indicator = tr(lang, "Objective {id}"), tr(lang, "Indicator {id}")
    for item in finding["objectives"]:
        lines.append(labelled(f"- **{_say(lang, objective, id=item['id'])}**", _say(lang, text_or_missing(item, lang)), lang))
    if not finding["objectives"]:
        lines.append(labelled(f"- **{said['objective']}**", _say(lang, str(finding.get("objectives_missing"))), lang))
    for item in finding["indicators"]:
        lines.append(labelled(f"- **{_say(lang, indicator, id=item['id'])}**", _say(lang, text_or_missing(item, lang)), lang))
    for article, words in finding_basis(finding, lang):
        cited = bracketed("`" + article["article"] + "`", lang)
        basis = labelled(f"{_say(lang, words)} {cited}", _say(lang, article["summary"] or ""), lang)
        lines.append(labelled(f"- **{said['basis']}**", f"{basis} *{said['summary_note']}*", lang))
    for question in finding["nr5"]:
        # TRANSLATORS: a question of the fifth national report as a label, e.g. "NR5 question 102(d)"
        nr5 = _say(lang, tr(lang, "NR5 {label}"), label=_say(lang, question["label"]))
        lines.append(labelled(f"- **{nr5}** {bracketed('`' + question['id'] + '`', lang)}", _say(lang, bch_words(question, lang=lang)), lang))
    on_line, cited_words = tr(lang, " (line {line})"), tr(lang, "; cited: {values}")
    for evidence in finding["evidence"]:
        where = _say(lang, on_line, line=evidence["line"]) if evidence.get("line") else ""
        cited = "".join(
            _say(lang, cited_words, values=mark("list", lang).join(f"{_md(key)} {_md(value(val))}" for key, val in item.items()))
            for item in evidence.get("cited", [])
        )
        lines.append(labelled(f"- **{said['evidence']}**", f"{_code(evidence['pointer'])}{where} = {_code(value(evidence['value']))}{cited}", lang))
    remediation = finding["remediation"]
    lines += ["", f"**{said['what_to_do']}** {_say(lang, remediation['advice'])}", ""]
    area, activity = tr(lang, "Key area for capacity-building {id}"), tr(lang, "Capacity-building activity {id}")
    for item in remediation["key_areas"]:
        lines.append(labelled(f"- {_say(lang, area, id=_code(item['id']))}", _say(lang, text_or_missing(item, lang)), lang))
    for item in remediation["activities"]:
        lines.append(labelled(f"- {_say(lang, activity, id=_code(item['id']))}", _say(lang, text_or_missing(item, lang)), lang))
    return lines + [""]


def render_profile(profile: dict[str, Any], header: dict[str, Any], brief: bool = False) -> list[str]:
    lang = report_lang(header)
    said = _labels(lang)
    party = {key: _md(text) for key, text in profile["party"].items()}
    heading = _say(lang, tr(lang, "{name} ({code}), declarations as of {as_of}"), **party)
    lines = [f"## {heading}", "", _say(lang, tr(lang, "File {file}, sha256 {sha256}."), file=_code(profile["file"]), sha256=_code(profile["sha256"])), ""]
    lines += [f"**{said['summary']}** {stop(_say(lang, summary_line(profile['summary'], lang=lang)), lang)}", ""]
    if profile["inconsistencies"]:
        lines += [f"**{said['inconsistencies']}**", ""]
        lines += [labelled(f"- {_code(p['pointer'])}", _md(p["message"].removeprefix("inconsistent: ")), lang) for p in profile["inconsistencies"]]
        lines.append("")
    findings = [expand(finding, header) for finding in profile["findings"]]
    goal_label = tr(lang, "Goal {id}")
    for status, title, explanation in sections(header):
        count = sum(1 for finding in findings if finding["status"] == status)
        if brief and status in ("met", "not_applicable"):
            lines += [f"### {with_count(_say(lang, title), number(count, lang), lang)}", "", _say(lang, tr(lang, "Not shown ({option})."), option="`--brief`"), ""]
            continue
        lines += [f"### {with_count(_say(lang, title), number(count, lang), lang)}", "", _say(lang, explanation), ""]
        if not count:
            continue
        if status == "gap":
            for goal, grouped in by_goal(findings, status):
                lines += [labelled(f"**{_say(lang, goal_label, id=goal['id'])}**", _say(lang, goal_words(goal, lang)), lang), ""]
                for finding in grouped:
                    lines += _gap(finding, lang)
            continue
        lines += [f"| {said['rule']} | {said['goal']} | {said['meaning']} |", "|---|---|---|"]
        waived, missing_words = tr(lang, "{title} Waived: {waiver}"), tr(lang, "{meaning} Missing: {fields}")
        for finding in findings:
            if finding["status"] == status:
                meaning = _md(finding["message"])
                if status == "waived":
                    meaning = _md(waived.format(title=finding["title"], waiver=waiver_words(finding["waiver"], lang)))
                if finding.get("undeclared"):
                    missing = mark("list", lang).join(_code(pointer).replace("|", "\\|") for pointer in finding["undeclared"])
                    meaning = _say(lang, missing_words, meaning=meaning, fields=missing)
                if status == "not_declared":  # what to write: the NR5 question and its answers
                    meaning += "".join(" " + _hint(q, lang).replace("|", "\\|") for q in finding["nr5"])
                lines.append(f"| `{finding['rule']}` | {finding['goal']['id']} | {meaning} |")
        lines.append("")
    return lines


class Reporter(HumanReporter):
    def start(self, header: dict[str, Any]) -> str:
        super().start(header)
        lang = report_lang(header)
        failing = _say(
            lang,
            tr(lang, "{provenance}, failing on: gaps at {fail_on}, not declared at {require_declared}."),
            provenance=_say(lang, provenance_line(header, lang)),
            fail_on=header["fail_on"],
            require_declared=header["require_declared"],
        )
        note = plan_language_note(lang)
        # in another language than English: why the plan is quoted in English, once at the top
        return self._isolated([f"# {_labels(lang)['title']}", "", failing, "", *([_md(note), ""] if note else [])]) + "\n"

    def profile(self, record: dict[str, Any]) -> str:
        return self._isolated(render_profile(record, self.header, self.brief)) + "\n"

    def _isolated(self, lines: list[str]) -> str:
        """The lines, each Latin run isolated in a right-to-left language (engine/l10n.py)."""
        lang = report_lang(self.header)
        return "\n".join(isolate_runs(line, lang) for line in lines)

    def finish(self, tail: dict[str, Any]) -> str:
        lang = report_lang(self.header)
        said = _labels(lang)
        lines = []
        if tail["invalid"]:
            lines += [f"## {said['invalid']}", ""]
            lines += [labelled(f"- {_code(where)}{' ' + _code(pointer) if pointer else ''}", _md(error["message"]), lang) for where, pointer, error in invalid_lines(tail)]
            lines.append("")
        unmatched = tail.get("unmatched_waivers", [])
        if unmatched:
            lines += [f"## {said['unmatched']}", ""]
            lines += [f"- {_md(unmatched_words(waiver, lang))}" for waiver in unmatched]
            lines.append("")
        lines += [f"**{_say(lang, totals_line(self.header, tail, lang))}**", ""]
        return self._isolated(lines)
