"""Markdown: a report to file or paste into a document, an issue or a wiki."""

from __future__ import annotations

from typing import Any

from .layout import (
    finding_basis,
    finding_duty_label,
    upper_first,
    shared_answer_words,
    question_hint,
    HumanReporter,
    sections,
    by_goal,
    expand,
    expired_words,
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
from .escaping import markdown_code as _code, markdown_text as _md


def _gap(finding: dict[str, Any]) -> list[str]:
    lines = [f"#### `{finding['rule']}`: {finding['title']}", "", f"*{upper_first(finding_duty_label(finding))}.* {finding['message']}", ""]
    if finding.get("waiver_expired"):
        lines += [f"**Waiver expired.** {_md(expired_words(finding['waiver_expired']))}", ""]
    if shared := shared_answer_words(finding):
        lines.append(f"- **Shared answer**: {shared}")
    for objective in finding["objectives"]:
        lines.append(f"- **Objective {objective['id']}**: {text_or_missing(objective)}")
    if not finding["objectives"]:
        lines.append(f"- **Objective**: {finding.get('objectives_missing')}")
    for indicator in finding["indicators"]:
        lines.append(f"- **Indicator {indicator['id']}**: {text_or_missing(indicator)}")
    for article, words in finding_basis(finding):
        lines.append(f"- **Legal basis**: {words} (`{article['article']}`): {article['summary'] or ''} *(project reference summary)*")
    for question in finding["nr5"]:
        lines.append(f"- **NR5 {question['label']}** (`{question['id']}`): {question['text']}")
    for evidence in finding["evidence"]:
        where = f" (line {evidence['line']})" if evidence.get("line") else ""
        cited = "".join(
            "; cited: " + ", ".join(f"{_md(key)} {_md(value(val))}" for key, val in item.items()) for item in evidence.get("cited", [])
        )
        lines.append(f"- **Evidence**: {_code(evidence['pointer'])}{where} = {_code(value(evidence['value']))}{cited}")
    remediation = finding["remediation"]
    lines += ["", f"**What to do:** {remediation['advice']}", ""]
    for area in remediation["key_areas"]:
        lines.append(f"- Key area for capacity-building `{area['id']}`: {text_or_missing(area)}")
    for activity in remediation["activities"]:
        lines.append(f"- Capacity-building activity `{activity['id']}`: {text_or_missing(activity)}")
    return lines + [""]


def render_profile(profile: dict[str, Any], header: dict[str, Any], brief: bool = False) -> list[str]:
    party = {key: _md(text) for key, text in profile["party"].items()}
    lines = [f"## {party_heading({'party': party})}", "", f"File {_code(profile['file'])}, sha256 {_code(profile['sha256'])}.", ""]
    lines += [f"**Summary:** {summary_line(profile['summary'])}.", ""]
    if profile["inconsistencies"]:
        lines += ["**Inconsistencies to review:**", ""]
        lines += [f"- {_code(p['pointer'])}: {_md(p['message'].removeprefix('inconsistent: '))}" for p in profile["inconsistencies"]]
        lines.append("")
    findings = [expand(finding, header) for finding in profile["findings"]]
    for status, title, explanation in sections(header):
        count = sum(1 for finding in findings if finding["status"] == status)
        if brief and status in ("met", "not_applicable"):
            lines += [f"### {title} ({count})", "", "Not shown (`--brief`).", ""]
            continue
        lines += [f"### {title} ({count})", "", explanation, ""]
        if not count:
            continue
        if status == "gap":
            for goal, grouped in by_goal(findings, status):
                lines += [f"**Goal {goal['id']}**: {goal['text'] or '[missing from the source text of the plan]'}", ""]
                for finding in grouped:
                    lines += _gap(finding)
            continue
        lines += ["| Rule | Goal | What it means |", "|---|---|---|"]
        for finding in findings:
            if finding["status"] == status:
                meaning = finding["message"]
                if status == "waived":
                    meaning = f"{finding['title']} Waived: {waiver_words(finding['waiver'])}"
                if finding.get("undeclared"):
                    meaning = _md(meaning) + " Missing: " + ", ".join(_code(pointer).replace("|", "\\|") for pointer in finding["undeclared"])
                else:
                    meaning = _md(meaning)
                if status == "not_declared":  # what to write: the NR5 question and its answers
                    meaning += "".join(" " + question_hint(q, lambda c: _code(str(c))).replace("|", "\\|") for q in finding["nr5"])
                lines.append(f"| `{finding['rule']}` | {finding['goal']['id']} | {meaning} |")
        lines.append("")
    return lines


class Reporter(HumanReporter):
    def start(self, header: dict[str, Any]) -> str:
        super().start(header)
        return f"# Cartagena Protocol compliance check\n\n{provenance_line(header)}, failing on: gaps at {header['fail_on']}, not declared at {header['require_declared']}.\n\n"

    def profile(self, record: dict[str, Any]) -> str:
        return "\n".join(render_profile(record, self.header, self.brief)) + "\n"

    def finish(self, tail: dict[str, Any]) -> str:
        lines = []
        if tail["invalid"]:
            lines += ["## Invalid profiles (not checked)", ""]
            lines += [f"- {_code(where)}{' ' + _code(pointer) if pointer else ''}: {_md(error['message'])}" for where, pointer, error in invalid_lines(tail)]
            lines.append("")
        unmatched = tail.get("unmatched_waivers", [])
        if unmatched:
            lines += ["## Waivers that matched no gap", ""]
            lines += [f"- {_md(unmatched_words(waiver))}" for waiver in unmatched]
            lines.append("")
        lines += [f"**{totals_line(self.header, tail)}**", ""]
        return "\n".join(lines)
