"""Plain text: for a person at a terminal, or a file to attach to an audit."""

from __future__ import annotations

import textwrap
from typing import Any

from .layout import (
    finding_basis,
    finding_duty_label,
    shared_answer_words,
    question_hint,
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
    unmatched_words,
    value,
    waiver_words,
)
from .escaping import terminal_text

WIDTH = 100


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]


def _gap(finding: dict[str, Any]) -> list[str]:
    lines = [f"  {finding['rule']} [{finding_duty_label(finding)}]", *_wrap(finding["title"], "    ")]
    lines += _wrap(finding["message"], "    ")
    if finding.get("waiver_expired"):
        lines += _wrap(expired_words(finding["waiver_expired"]), "    ")
    if shared := shared_answer_words(finding):
        lines += _wrap(f"Shared answer: {shared}", "    ")
    for objective in finding["objectives"]:
        lines += _wrap(f"Objective {objective['id']}: {text_or_missing(objective)}", "    ")
    if not finding["objectives"]:
        lines += _wrap(f"Objective: {finding.get('objectives_missing')}", "    ")
    for indicator in finding["indicators"]:
        lines += _wrap(f"Indicator {indicator['id']}: {text_or_missing(indicator)}", "    ")
    for article, words in finding_basis(finding):
        lines += _wrap(f"Legal basis: {words} ({article['article']}): {article['summary'] or ''} [project reference summary]", "    ")
    for question in finding["nr5"]:
        lines += _wrap(f"NR5 {question['label']} ({question['id']}): {question['text']}", "    ")
    for evidence in finding["evidence"]:
        where = f" (line {evidence['line']})" if evidence.get("line") else ""
        lines += _wrap(f"Evidence: {evidence['pointer']}{where} = {value(evidence['value'])}", "    ")
        for cited in evidence.get("cited", []):
            lines += _wrap("cited: " + "; ".join(f"{key} {value(val)}" for key, val in cited.items()), "      ")
    remediation = finding["remediation"]
    lines += _wrap(f"What to do: {remediation['advice']}", "    ")
    for area in remediation["key_areas"]:
        lines += _wrap(f"Key area {area['id']}: {text_or_missing(area)}", "      ")
    for activity in remediation["activities"]:
        lines += _wrap(f"Activity {activity['id']}: {text_or_missing(activity)}", "      ")
    return lines


def _brief(finding: dict[str, Any]) -> list[str]:
    failing = " [fails --require-declared]" if finding["status"] == "not_declared" and finding["failing"] else ""
    lines = [f"  {finding['rule']}: {finding['title']}{failing}"]
    lines += _wrap(finding["message"], "    ")
    if finding.get("undeclared"):
        lines += _wrap("Missing: " + ", ".join(finding["undeclared"]), "    ")
    if finding["status"] == "not_declared":
        for question in finding["nr5"]:
            lines += _wrap(question_hint(question), "    ")
    return lines


def _waived(finding: dict[str, Any]) -> list[str]:
    lines = [f"  {finding['rule']} [{finding_duty_label(finding)}]", *_wrap(finding["title"], "    ")]
    return lines + _wrap(f"Waived: {waiver_words(finding['waiver'])}", "    ")


def render_profile(profile: dict[str, Any], header: dict[str, Any], brief: bool = False) -> list[str]:
    heading = party_heading(profile)
    lines = [heading, "=" * len(heading), f"File: {profile['file']} (sha256 {profile['sha256']})"]
    lines += [
        f"Summary: {summary_line(profile['summary'], profile['findings'])}",
        f"Failing: {gate_line(header, profile['summary'])}",
    ]
    for problem in profile["inconsistencies"]:
        lines += _wrap(f"Inconsistent: {problem['pointer']}: {problem['message'].removeprefix('inconsistent: ')}", "")
    findings = [expand(finding, header) for finding in profile["findings"]]
    for status, title, explanation in sections(header):
        count = sum(1 for finding in findings if finding["status"] == status)
        if brief and status in ("met", "not_applicable"):
            lines += ["", f"{title.upper()} ({count}): not shown (--brief)"]
            continue
        lines += ["", f"{title.upper()} ({count})", *_wrap(explanation, "")]
        if status == "met":
            lines += [f"  {finding['rule']}: {finding['title']}" for finding in findings if finding["status"] == "met"]
            continue
        for goal, grouped in by_goal(findings, status):
            lines += ["", *_wrap(f"Goal {goal['id']}: {goal['text'] or '[missing from the source text of the plan]'}", "")]
            for finding in grouped:
                lines += _gap(finding) if status == "gap" else _waived(finding) if status == "waived" else _brief(finding)
                if status == "gap":
                    lines.append("")
    lines += ["", ""]
    return lines


class Reporter(HumanReporter):
    def profile(self, record: dict[str, Any]) -> str:
        # each line made terminal-safe after wrapping: a profile's text may hold escapes or CR
        return "\n".join(map(terminal_text, render_profile(record, self.header, self.brief)))

    def finish(self, tail: dict[str, Any]) -> str:
        lines = [f"{where}:{' ' + pointer + ':' if pointer else ''} {error['message']} (not checked)" for where, pointer, error in invalid_lines(tail)]
        for waiver in tail.get("unmatched_waivers", []):
            lines += _wrap(f"Waiver {unmatched_words(waiver)}", "")
        lines.append(provenance_line(self.header))
        lines.append(totals_line(self.header, tail))
        return "\n".join(map(terminal_text, lines)) + "\n"
