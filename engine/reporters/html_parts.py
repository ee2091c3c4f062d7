"""The pieces of the HTML report a Party's section is made of: the report's fixed words, colours,
anchors, the plan's and the BCH's texts marked by language, a gap in full with its evidence, the
brief tables of the other statuses, and the waivers. Every string that comes from a profile or the
catalog goes through `escaping.html_text`."""

from __future__ import annotations

import functools
import html
import re
from types import SimpleNamespace
from typing import Any

from ..catalog.present import INSTRUMENTS
from ..i18n import N_, tr
from ..l10n import date, joined, mark
from ..rulebook.model import DUTIES
from .escaping import html_text as esc
from .layout import (
    SECTIONS,
    english_mark,
    finding_basis,
    finding_duty_label,
    question_hint,
    sections,
    shared_answer_words,
    text_or_missing,
    upper_first,
    value,
)

def say(words: str, **fields: str) -> str:
    """The tool's `words` (in the report's language, from `tr`) as HTML, with `fields` (already HTML)
    put in: a translation is escaped like any text (element content: quotes may stay)."""
    escaped = html.escape(words, quote=False)
    return escaped.format(**fields) if fields else escaped

@functools.cache
def _labels(lang: str) -> SimpleNamespace:
    """The report's fixed words in `lang`, escaped for HTML (`{placeholders}` kept for str.format):
    made once per language and run."""
    words = dict(
        title=tr(lang, "Cartagena Protocol compliance check"),
        provenance=tr(lang, "Provenance"),
        limits=tr(lang, "Limits of the source"),
        summary=tr(lang, "Summary"),
        toc=tr(lang, "Contents by goal"),
        profiles_of_run=tr(lang, "Profiles of this run"),
        duty=tr(lang, "Duty"),
        all=tr(lang, "All"),
        summary_caption=tr(lang, "Findings by duty and status"),
        chart_title=tr(lang, "Findings by status and duty"),
        expired_on=tr(lang, "Waiver expired on {expires}"),
        legal_basis=tr(lang, "Legal basis: {basis} ({article})"),
        summary_note=tr(lang, "(project reference summary; {instrument})"),
        shared_answer=tr(lang, "Shared answer"),
        what_to_do=tr(lang, "What to do:"),
        recommended=tr(lang, "Recommended"),
        id=tr(lang, "Id"),
        text=tr(lang, "Text"),
        cited=tr(lang, "Cited"),
        evidence=tr(lang, "Evidence (profile field)"),
        line=tr(lang, "Line"),
        declared_value=tr(lang, "Declared value"),
        file_line=tr(lang, "{file}, line {line}"),
        none=tr(lang, "None."),
        profile_file=tr(lang, "Profile file"),
        inconsistencies_to_review=tr(lang, "Inconsistencies to review"),
        sections=tr(lang, "Sections: {gap}, {not_declared}, {not_applicable}, {met}."),
        taken_from=tr(lang, "The plan text is taken from: {source}."),
        lacks_caption=tr(lang, "What the rules of this run would cite but the source text lacks"),
        waivers=tr(lang, "Waivers"),
        language=tr(lang, "Language"),
        plan_text=tr(lang, "Plan text"),
        rules_hash=tr(lang, "{rules}, sha256 {sha256}"),
        list_at_end=tr(lang, "the list at the end"),
        run_at=tr(lang, "Run at"),
        tool=tr(lang, "Tool"),
        engine=tr(lang, "Engine"),
        rules=tr(lang, "Rules"),
        fails_on=tr(lang, "Fails on"),
        profiles_row=tr(lang, "Profiles"),
        invalid=tr(lang, "Invalid profiles (not checked)"),
        unmatched=tr(lang, "Waivers that matched no gap"),
    )
    return SimpleNamespace(**{key: say(text) for key, text in words.items()})


# Colours for the chart and badges: each with a contrast ratio of at least 4.5:1 against white
# text, and every bar also labelled in words, so nothing rests on colour alone.
COLOURS = {
    "obligation": "#a4161a",
    "commitment": "#9a4a00",
    "option": "#6d4c00",
    "waived": "#00607a",
    "not_declared": "#4a4a8a",
    "not_applicable": "#5b5b5b",
    "met": "#1e6b34",
}


def anchor(*parts: str) -> str:
    """An id made of the parts, kept to letters, digits, '-' and '.' (valid in a URL fragment)."""
    return "-".join(re.sub(r"[^A-Za-z0-9.]+", "_", part) for part in parts)


def _status_counts(findings: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Findings counted by duty (rows) and status (columns)."""
    counts = {duty: {status: 0 for status, *_ in SECTIONS} for duty in DUTIES}
    for finding in findings:
        counts[finding["duty"]][finding["status"]] += 1
    return counts


_GAP_OF_DUTY = {"obligation": N_("gap: obligation"), "commitment": N_("gap: commitment"), "option": N_("gap: option")}
"""The chart's labels of the gaps of each duty."""


def plan_lang(header: dict[str, Any]) -> str:
    """The attribute that marks the plan's (English) text in a report in another language."""
    return ' lang="en"' if header.get("lang", "en") != "en" else ""


def section_titles(lang: str) -> dict[str, str]:
    """The status sections' headings in `lang` (the tool's own words, from the gettext catalogs)."""
    return {status: title for status, title, _ in sections({"waivers": True}, lang)}


def duty_names(lang: str) -> dict[str, str]:
    return {"obligation": tr(lang, "Obligation"), "commitment": tr(lang, "Commitment"), "option": tr(lang, "Option")}


def english(html: str, en: str) -> str:
    """Plan text inside a sentence, marked as English when the report is in another language."""
    return f"<span{en}>{html}</span>" if en else html


def bch_html(item: dict[str, Any], key: str = "text", lang: str = "en") -> str:
    """An NR5 text in HTML: the BCH's wording (already plain text) escaped, and where the language
    lacks it, the English stand-in marked as English in words and in `lang`."""
    if item.get("fallback"):
        return say(english_mark("{text}", lang), text=f'<span lang="en">{esc(item[key])}</span>')
    return esc(item[key])


def question_hint_html(question: dict[str, Any], lang: str = "en") -> str:
    """The hint, each BCH text isolated (`<bdi>`) so a right-to-left wording keeps its order in a sentence."""
    return question_hint(
        question, code=lambda c: f"<code>{esc(c)}</code>", words=lambda item, key: f"<bdi>{bch_html(item, key, lang)}</bdi>",
        ident=lambda i: f"<code>{esc(i)}</code>", lang=lang, say=say,
    )


def _item(label: str, item: dict[str, Any] | None, note: str | None = None, en: str = "", lang: str = "en") -> str:
    """A term and its plan text (marked English by `en`), or the note on what the source lacks."""
    words = text_or_missing(item, lang) if item is not None else note
    return f"<dt>{label}</dt><dd{en if item is not None else ''}>{esc(words)}</dd>"


def _gap(finding: dict[str, Any], party_id: str, en: str = "", lang: str = "en") -> str:
    said = _labels(lang)
    duty = finding["duty"]
    out = [
        f'<article class="gap {duty}" id="{anchor(party_id, finding["rule"])}">',
        f'<h5><code>{esc(finding["rule"])}</code> {esc(finding["title"])}</h5>',
        f'<p><span class="badge" style="background:{COLOURS[duty]}">{esc(upper_first(finding_duty_label(finding, lang)))}</span> {esc(finding["message"])}</p>',
    ]
    if finding.get("waiver_expired"):
        expired = f'<strong>{said.expired_on.format(expires=esc(date(finding["waiver_expired"]["expires"], lang)))}</strong>'
        sentence = say(tr(lang, "{expired}, so this is a gap again. It was: {waiver}"), expired=expired, waiver=_waiver_cell(finding["waiver_expired"], lang))
        out.append(f'<p class="expired">{sentence}</p>')
    out += [
        '<dl class="links">',
    ]
    for objective in finding["objectives"]:
        out.append(_item(say(tr(lang, "Objective {id}"), id=esc(objective["id"])), objective, en=en, lang=lang))
    if not finding["objectives"]:
        out.append(_item(say(tr(lang, "Objective")), None, finding.get("objectives_missing")))
    for indicator in finding["indicators"]:
        out.append(_item(say(tr(lang, "Indicator {id}"), id=esc(indicator["id"])), indicator, en=en, lang=lang))
    for entry, words in finding_basis(finding, lang):
        instrument = esc(tr(lang, INSTRUMENTS.get(entry.get("instrument") or "none", "")))
        article = f"<code>{esc(entry['article'])}</code>"
        out.append(
            f"<dt>{said.legal_basis.format(basis=esc(words), article=article)}</dt>"
            f"<dd{en}>{esc(entry.get('summary') or '')} <span class=\"note\">"
            f"{said.summary_note.format(instrument=instrument)}</span></dd>"
        )
    if not finding["articles"]:
        out.append(_item(say(tr(lang, "Article")), None, finding.get("articles_missing")))
    for question in finding["nr5"]:
        out.append(f"<dt>{say(tr(lang, 'NR5 {label}'), label=esc(question['label']))}</dt><dd>{bch_html(question, lang=lang)}</dd>")
    shared = shared_answer_words(finding, lang)
    if shared:
        out.append(f"<dt>{said.shared_answer}</dt><dd>{esc(upper_first(shared))}</dd>")
    out.append("</dl>")
    out.append(_evidence(finding["evidence"], lang))
    remediation = finding["remediation"]
    out.append(f"<p><strong>{said.what_to_do}</strong> {esc(remediation['advice'])}</p>")
    recommended = [(tr(lang, "Key area for capacity-building"), area) for area in remediation["key_areas"]]
    recommended += [(tr(lang, "Capacity-building activity"), activity) for activity in remediation["activities"]]
    if recommended:
        out.append(
            f'<table><thead><tr><th scope="col">{said.recommended}</th><th scope="col">{said.id}</th>'
            f'<th scope="col">{said.text}</th></tr></thead><tbody>'
        )
        out += [f'<tr><td class="id">{say(kind)}</td><th scope="row" class="id"><code>{esc(item["id"])}</code></th><td{en}>{esc(text_or_missing(item, lang))}</td></tr>' for kind, item in recommended]
        out.append("</tbody></table>")
    out.append("</article>")
    return "\n".join(out)


def _evidence(evidence: list[dict[str, Any]], lang: str = "en") -> str:
    said = _labels(lang)
    if not evidence:
        return ""
    any_cited = any(item.get("cited") for item in evidence)
    rows = []
    for item in evidence:
        cited = joined([mark("list", lang).join(f"{esc(key)} {esc(value(val))}" for key, val in entry.items()) for entry in item.get("cited", [])], lang)
        rows.append(
            f'<tr><th scope="row"><code>{esc(item["pointer"])}</code></th><td class="n">{esc(item.get("line") or "")}</td>'
            f"<td><code>{esc(value(item['value']))}</code></td>{f'<td>{cited}</td>' if any_cited else ''}</tr>"
        )
    cited_head = f'<th scope="col">{said.cited}</th>' if any_cited else ""
    return (
        f'<table class="evidence"><thead><tr><th scope="col">{said.evidence}</th>'
        f'<th scope="col" class="id">{said.line}</th><th scope="col">{said.declared_value}</th>'
        + cited_head + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _head(*labels: str) -> str:
    """A table's head row of the tool's (translated) column labels."""
    return "<thead><tr>" + "".join(f'<th scope="col">{say(label)}</th>' for label in labels) + "</tr></thead>"


def _brief_table(findings: list[dict[str, Any]], status: str, lang: str = "en") -> str:
    rows = []
    for finding in findings:
        if finding["status"] != status:
            continue
        meaning = esc(finding["message"])
        if finding.get("undeclared"):
            missing = mark("list", lang).join(f"<code>{esc(pointer)}</code>" for pointer in finding["undeclared"])
            meaning = say(tr(lang, "{meaning} Missing: {fields}"), meaning=meaning, fields=missing)
        if status == "not_declared":  # what to write: the NR5 question and its answers, in the report's language
            meaning += "".join(f'<span class="nr5">{question_hint_html(question, lang)}</span>' for question in finding["nr5"])
        rows.append(
            f'<tr><th scope="row"><code>{esc(finding["rule"])}</code></th><td>{esc(finding["goal"]["id"])}</td>'
            f"<td>{esc(finding_duty_label(finding, lang))}</td><td>{meaning}</td></tr>"
        )
    head = _head(tr(lang, "Rule"), tr(lang, "Goal"), tr(lang, "Duty"), tr(lang, "What it means"))
    return f"<table>{head}<tbody>" + "".join(rows) + "</tbody></table>"


def _waiver_cell(waiver: dict[str, Any], lang: str = "en") -> str:
    said = _labels(lang)
    approved = say(
        tr(lang, "Approved by {approved_by} on {approved_on}, in force until {expires}"),
        approved_by=esc(waiver["approved_by"]), approved_on=esc(date(waiver["approved_on"], lang)), expires=esc(date(waiver["expires"], lang)),
    )
    reason = say(tr(lang, "Reason: {reason}"), reason=esc(waiver["reason"]))
    reference = "<br>" + say(tr(lang, "Reference: {reference}"), reference=esc(waiver["reference"])) if waiver.get("reference") else ""
    where = said.file_line.format(file=f"<code>{esc(waiver['file'])}</code>", line=esc(waiver["line"]))
    return f'{approved}<br>{reason}{reference}<br><span class="note">{where}</span>'


def _waived_table(findings: list[dict[str, Any]], lang: str = "en") -> str:
    """The waived gaps, each with its waiver: who approved it, when, until when, why, and where it is written."""
    said = _labels(lang)
    if not findings:
        return f"<p>{said.none}</p>"
    rows = "".join(
        f'<tr><th scope="row"><code>{esc(finding["rule"])}</code></th><td>{esc(finding["title"])}</td>'
        f"<td>{esc(finding_duty_label(finding, lang))}</td><td>{_waiver_cell(finding['waiver'], lang)}</td></tr>"
        for finding in findings
    )
    head = _head(tr(lang, "Rule"), tr(lang, "Gap"), tr(lang, "Duty"), tr(lang, "Waiver"))
    return f"<table>{head}<tbody>{rows}</tbody></table>"


