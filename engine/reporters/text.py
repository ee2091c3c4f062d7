"""Plain text: for a person at a terminal, or a file to attach to an audit."""

from __future__ import annotations

import functools
import re
import textwrap
from typing import Any

from ..i18n import tr
from ..l10n import isolate_runs, joined, labelled, mark, number, with_count
from .layout import (
    finding_basis,
    finding_duty_label,
    goal_words,
    report_lang,
    shared_answer_words,
    question_hint,
    bch_words,
    HumanReporter,
    sections,
    by_goal,
    expand,
    expired_words,
    gate_line,
    invalid_lines,
    party_heading,
    provenance_line,
    summary_line,
    text_or_missing,
    totals_line,
    value,
    waiver_words,
)
from .escaping import terminal_text

WIDTH = 100


def _wrap(text: str, indent: str) -> list[str]:
    """`text` in lines of at most WIDTH, the first after `indent`, the others two further in."""
    return list(_wrapped(text, indent))


@functools.lru_cache(maxsize=16384)
def _wrapped(text: str, indent: str) -> tuple[str, ...]:
    # a batch says the same rule and plan texts for every Party: each is wrapped once (bounded)
    # a line that fits is what textwrap would give unless it has whitespace to rewrite, or ends in
    # a space or in a word of other whitespace (U+0085, U+3000, ...: str.strip's), which it drops
    if len(indent) + len(text) <= WIDTH and not _WRAP_CHANGES.search(text) and text.rsplit(" ", 1)[-1].strip():
        return (indent + text,)
    return tuple(textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [indent])


# what textwrap rewrites even in a line that fits: tabs and the other whitespace it makes spaces
_WRAP_CHANGES = re.compile("[\t\n\x0b\x0c\r]")


def _gap(finding: dict[str, Any], lang: str = "en") -> list[str]:
    lines = [f"  {finding['rule']} [{finding_duty_label(finding, lang)}]", *_wrap(finding["title"], "    ")]
    lines += _wrap(finding["message"], "    ")
    if finding.get("waiver_expired"):
        lines += _wrap(expired_words(finding["waiver_expired"], lang), "    ")
    if shared := shared_answer_words(finding, lang):
        lines += _wrap(tr(lang, "Shared answer: {shared}").format(shared=shared), "    ")
    for objective in finding["objectives"]:
        lines += _wrap(tr(lang, "Objective {id}: {text}").format(id=objective["id"], text=text_or_missing(objective, lang)), "    ")
    if not finding["objectives"]:
        lines += _wrap(tr(lang, "Objective: {missing}").format(missing=finding.get("objectives_missing")), "    ")
    for indicator in finding["indicators"]:
        lines += _wrap(tr(lang, "Indicator {id}: {text}").format(id=indicator["id"], text=text_or_missing(indicator, lang)), "    ")
    for article, words in finding_basis(finding, lang):
        lines += _wrap(
            tr(lang, "Legal basis: {basis} ({article}): {summary} [project reference summary]").format(
                basis=words, article=article["article"], summary=article["summary"] or ""
            ),
            "    ",
        )
    for question in finding["nr5"]:
        lines += _wrap(tr(lang, "NR5 {label} ({id}): {text}").format(label=question["label"], id=question["id"], text=bch_words(question, lang=lang)), "    ")
    for evidence in finding["evidence"]:
        shown = {"pointer": evidence["pointer"], "value": value(evidence["value"])}
        if evidence.get("line"):
            lines += _wrap(tr(lang, "Evidence: {pointer} (line {line}) = {value}").format(line=evidence["line"], **shown), "    ")
        else:
            lines += _wrap(tr(lang, "Evidence: {pointer} = {value}").format(**shown), "    ")
        for cited in evidence.get("cited", []):
            lines += _wrap(tr(lang, "cited: {values}").format(values=joined([f"{key} {value(val)}" for key, val in cited.items()], lang)), "      ")
    remediation = finding["remediation"]
    lines += _wrap(tr(lang, "What to do: {advice}").format(advice=remediation["advice"]), "    ")
    for area in remediation["key_areas"]:
        lines += _wrap(tr(lang, "Key area {id}: {text}").format(id=area["id"], text=text_or_missing(area, lang)), "      ")
    for activity in remediation["activities"]:
        lines += _wrap(tr(lang, "Activity {id}: {text}").format(id=activity["id"], text=text_or_missing(activity, lang)), "      ")
    return lines


def _brief(finding: dict[str, Any], lang: str = "en") -> list[str]:
    if finding["status"] == "not_declared" and finding["failing"]:
        lines = ["  " + tr(lang, "{rule}: {title} [fails --require-declared]").format(rule=finding["rule"], title=finding["title"])]
    else:
        lines = ["  " + labelled(finding["rule"], finding["title"], lang)]
    lines += _wrap(finding["message"], "    ")
    if finding.get("undeclared"):
        lines += _wrap(tr(lang, "Missing: {fields}").format(fields=mark("list", lang).join(finding["undeclared"])), "    ")
    if finding["status"] == "not_declared":
        for question in finding["nr5"]:
            lines += _wrap(question_hint(question, lang=lang), "    ")
    return lines


def _waived(finding: dict[str, Any], lang: str = "en") -> list[str]:
    lines = [f"  {finding['rule']} [{finding_duty_label(finding, lang)}]", *_wrap(finding["title"], "    ")]
    return lines + _wrap(tr(lang, "Waived: {waiver}").format(waiver=waiver_words(finding["waiver"], lang)), "    ")


def plan_language_note(lang: str) -> str | None:
    """Why the plan's words are English in a report in another language (None in English)."""
    if lang == "en":
        return None
    return tr(
        lang,
        "The plan's text (goals, objectives, indicators, key areas and activities) and the articles' summaries "
        "are quoted in English: only the English text of the plan is available here, and no translation of it is invented.",
    )


def render_profile(profile: dict[str, Any], header: dict[str, Any], brief: bool = False) -> list[str]:
    lang = report_lang(header)
    heading = party_heading(profile, lang)
    findings = [expand(finding, header) for finding in profile["findings"]]
    lines = [heading, "=" * len(heading), tr(lang, "File: {file} (sha256 {sha256})").format(file=profile["file"], sha256=profile["sha256"])]
    lines += [
        tr(lang, "Summary: {summary}").format(summary=summary_line(profile["summary"], findings, lang)),
        tr(lang, "Failing: {gate}").format(gate=gate_line(header, profile["summary"], lang)),
    ]
    for problem in profile["inconsistencies"]:
        lines += _wrap(
            tr(lang, "Inconsistent: {pointer}: {problem}").format(pointer=problem["pointer"], problem=problem["message"].removeprefix("inconsistent: ")),
            "",
        )
    for status, title, explanation in sections(header):
        count = sum(1 for finding in findings if finding["status"] == status)
        if brief and status in ("met", "not_applicable"):
            lines += ["", tr(lang, "{title} ({count}): not shown (--brief)").format(title=title.upper(), count=number(count, lang))]
            continue
        lines += ["", with_count(title.upper(), number(count, lang), lang), *_wrap(explanation, "")]
        if status == "met":
            lines += ["  " + labelled(finding["rule"], finding["title"], lang) for finding in findings if finding["status"] == "met"]
            continue
        for goal, grouped in by_goal(findings, status):
            lines += ["", *_wrap(tr(lang, "Goal {id}: {text}").format(id=goal["id"], text=goal_words(goal, lang)), "")]
            for finding in grouped:
                lines += _gap(finding, lang) if status == "gap" else _waived(finding, lang) if status == "waived" else _brief(finding, lang)
                if status == "gap":
                    lines.append("")
    lines += ["", ""]
    return lines


class Reporter(HumanReporter):
    def start(self, header: dict[str, Any]) -> str:
        super().start(header)
        note = plan_language_note(report_lang(header))
        # in another language than English: said once, before the first Party
        return "\n".join(self._safe(_wrap(note, ""))) + "\n\n" if note else ""

    def _safe(self, lines: list[str]) -> list[str]:
        """Each line made terminal-safe after wrapping (a profile's text may hold escapes or CR), then
        its Latin runs isolated in a right-to-left language (engine/l10n.py)."""
        lang = report_lang(self.header)
        return [isolate_runs(terminal_text(line), lang) for line in lines]

    def profile(self, record: dict[str, Any]) -> str:
        return "\n".join(self._safe(render_profile(record, self.header, self.brief)))

    def finish(self, tail: dict[str, Any]) -> str:
        lang = report_lang(self.header)
        lines = [
            (tr(lang, "{where}: {pointer}: {problem} (not checked)") if pointer else tr(lang, "{where}: {problem} (not checked)")).format(
                where=where, pointer=pointer, problem=error["message"]
            )
            for where, pointer, error in invalid_lines(tail)
        ]
        for waiver in tail.get("unmatched_waivers", []):
            lines += _wrap(
                tr(lang, "Waiver {rule} for {party} ({file}, line {line}): matched no gap: {why}").format(
                    **{key: waiver[key] for key in ("rule", "party", "file", "line", "why")}
                ),
                "",
            )
        lines.append(provenance_line(self.header, lang))
        lines.append(totals_line(self.header, tail, lang))
        return "\n".join(self._safe(lines)) + "\n"
