"""What the human formats (text, markdown) share: the order of sections and how values read."""

from __future__ import annotations

import functools
import json
from typing import Any, Callable, Iterator

from ..catalog.present import basis_words, duty_label, shown_data
from ..i18n import N_, tr, trn
from ..l10n import date, joined, mark, number
from ..rulebook.model import DUTIES
from ..wording import counted

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("gap", N_("Gaps"), N_("The Party declared that it does not have these in place (or only to some extent).")),
    ("waived", N_("Waived"), N_("Gaps the Compliance Committee accepted until a date (a waiver in force); they fail no gate.")),
    ("not_declared", N_("Not declared"), N_("The profile says nothing about these; declare them to have them checked.")),
    ("not_applicable", N_("Not applicable"), N_("These do not apply to this Party.")),
    ("met", N_("Met"), N_("The Party declared these in place.")),
)
"""The status sections: status, heading and what it means, in English (marked: translated by `sections`)."""


@functools.cache
def _sections(lang: str, waived: bool) -> tuple[tuple[str, str, str], ...]:
    return tuple((status, tr(lang, title), tr(lang, explanation)) for status, title, explanation in SECTIONS if waived or status != "waived")


def sections(header: dict[str, Any], lang: str | None = None) -> tuple[tuple[str, str, str], ...]:
    """The sections of a report, headings and explanations in the report's language (or `lang`):
    `waived` only in a run with waivers (the only runs that can have one)."""
    return _sections(lang or header.get("lang", "en"), "waivers" in header)


def report_lang(header: dict[str, Any]) -> str:
    """The language of a report's words (the run header's `lang`, English when it has none)."""
    return header.get("lang", "en")


def finding_duty_label(finding: dict[str, Any], lang: str = "en") -> str:
    """The duty label of an expanded finding (see `expand`), e.g. "obligation under the Supplementary Protocol"."""
    return duty_label(finding["duty"], finding.get("duty_instrument"), lang)


def upper_first(label: str) -> str:
    """A label at the start of a sentence: only the first letter raised (str.capitalize would lower
    "Supplementary Protocol")."""
    return label[:1].upper() + label[1:]


def finding_basis(finding: dict[str, Any], lang: str = "en") -> Iterator[tuple[dict[str, Any], str]]:
    """Each entry of an expanded finding's legal basis with its words (label, relation), in the rule's order."""
    for entry in finding["legal_basis"]:
        yield entry, basis_words(entry["label"], entry["relation"], entry.get("kind", "article"), lang)


def by_goal(findings: list[dict[str, Any]], status: str) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Findings of one status grouped by goal, in report order (the plan's order of goals)."""
    groups: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for finding in findings:
        if finding["status"] == status:
            groups.setdefault(finding["goal"]["id"], (finding["goal"], []))[1].append(finding)
    yield from groups.values()


def value(shown: Any) -> str:
    """A profile's value as JSON (`json.dumps(shown, ensure_ascii=False)`, made by one encoder)."""
    if type(shown) is str:  # what the encoder itself does with a string, without its other checks
        return _encode_string(shown)
    return _ENCODER.encode(shown)


_ENCODER = json.JSONEncoder(ensure_ascii=False)
_encode_string = json.encoder.encode_basestring  # the C function the encoder uses without ensure_ascii


text_or_missing = shown_data
"""An item's words, with what the source lacks said plainly (the same wording as `cartagena plan`)."""


def goal_words(goal: dict[str, Any], lang: str = "en") -> str:
    """A goal's text (the plan's, English), or what the report says when the source lacks it."""
    return goal["text"] or tr(lang, "[missing from the source text of the plan]")


ENGLISH_MARK = " (English)"
"""Said after an NR5 text the chosen language lacks, where the BCH's English wording stands in."""


def english_mark(text: str, lang: str = "en") -> str:
    """`text` (an NR5 wording that stands in in English) marked as English, in the report's words."""
    # TRANSLATORS: after an NR5 text the BCH lacks in this language, so its English wording stands in
    return tr(lang, "{text} (English)").format(text=text)


def bch_words(item: dict[str, Any], key: str = "text", lang: str = "en") -> str:
    """An NR5 question's (or answer's) wording, marked when it is the English stand-in."""
    return english_mark(item[key], lang) if item.get("fallback") else item[key]


def question_hint(
    question: dict[str, Any], code: Any = str, words: Any = None, ident: Any = str, lang: str = "en", say: Any = None
) -> str:
    """What to write for a not-declared finding: the NR5 question and the answers it allows.

    `code` renders an answer code, `ident` the question's id and `words(item, key)` a BCH text in the
    output's syntax (default: plain text, with the English stand-in marked); `say(words, **fields)`
    puts the fields into the tool's words (default: str.format; a syntax may escape the words first)."""
    words = words or (lambda item, key: bch_words(item, key, lang))
    # the label is the tool's words (translated): put in the output's syntax like the sentence around it
    label = question["label"] if say is None else say(question["label"])
    say = say or (lambda template, **fields: template.format(**fields))
    answers = question.get("answers")
    fields = {"label": label, "id": ident(question["id"]), "text": words(question, "text")}
    if not answers:
        return say(tr(lang, "NR5 {label} ({id}): {text}"), **fields)
    listed = joined([f"{code(answer['value'])} = {words(answer, 'title')}" for answer in answers], lang)
    if question.get("field"):  # the field spells the answers otherwise: its codes, from the BCH's answers
        # TRANSLATORS: {field} is a profile field (e.g. national_biosafety_framework.national_focal_point.answer); {answers} its codes, each "= " the BCH's answers that give it
        return say(tr(lang, "NR5 {label} ({id}): {text} The profile's {field}: {answers}."), answers=listed,
                   field=code(question["field"]), **fields)
    return say(tr(lang, "NR5 {label} ({id}): {text} Answers: {answers}."), answers=listed, **fields)


def distinct_words(count: int, lang: str = "en") -> str:
    """The second count of the summary, worded so it cannot be read as the count by rule."""
    return trn(
        lang,
        "{n} distinct gap in the declaration (an answer several rules read counts once)",
        "{n} distinct gaps in the declaration (an answer several rules read counts once)",
        count,
    )


def shared_answer_words(finding: dict[str, Any], lang: str = "en") -> str | None:
    """What a finding says when other rules read the same answer (so one answer is not read as two gaps)."""
    others = finding.get("shares_answer_with")
    if not others:
        return None
    return tr(lang, "the same answer is also read by {rules}; gaps from one answer count once among the distinct gaps").format(
        rules=mark("list", lang).join(others)
    )


# how many findings of a status, as a summary counts them (gaps counted by rule where it says so)
_STATUS_COUNTS: dict[str, Callable[[str, int], str]] = {
    "gap": lambda lang, n: counted(n, "gap", lang),
    "waived": lambda lang, n: trn(lang, "{n} waived", "{n} waived", n),
    "not_declared": lambda lang, n: trn(lang, "{n} not declared", "{n} not declared", n),
    "not_applicable": lambda lang, n: trn(lang, "{n} not applicable", "{n} not applicable", n),
    "met": lambda lang, n: trn(lang, "{n} met", "{n} met", n),
}


def status_count(status: str, count: int, lang: str = "en") -> str:
    """`3 gaps`, `5 met`: a count of findings of one status, in the form its count takes in `lang`."""
    return _STATUS_COUNTS[status](lang, count)


def listed(items: list[str], lang: str = "en") -> str:
    """Counts one after another in a summary line."""
    # TRANSLATORS: the separator between the counts of a summary line ("3 gaps by rule, 5 met")
    return tr(lang, ", ").join(items)


def summary_line(summary: dict[str, Any], findings: list[dict[str, Any]] | None = None, lang: str = "en") -> str:
    """The counts by status: gaps per rule by duty, distinct gaps, and not-declared findings by duty
    when `findings` are given."""
    gaps = summary["gaps"]
    by_duty = {"obligation": gaps["obligation"], "commitment": gaps["commitment"], "option": gaps["option"]}
    parts = [
        by_duty_words(trn(lang, "{n} gap by rule", "{n} gaps by rule", sum(gaps.values())), by_duty, lang),
        distinct_words(summary["distinct_gaps"], lang),
    ]
    if summary.get("waived"):  # said only where a waiver covered a gap
        parts.append(status_count("waived", summary["waived"], lang))
    parts += [
        status_count("not_declared", summary["not_declared"], lang) if findings is None else not_declared_by_duty(findings, lang),
        status_count("not_applicable", summary["not_applicable"], lang),
        status_count("met", summary["met"], lang),
    ]
    return listed(parts, lang)


def gate_line(header: dict[str, Any], summary: dict[str, Any], lang: str = "en") -> str:
    """What fails the gate: gaps at --fail-on, not-declared findings at --require-declared."""
    return tr(lang, "{gaps} at --fail-on {fail_on}, {not_declared} at --require-declared {require_declared}").format(
        gaps=counted(summary["failing_gaps"], "gap", lang),
        fail_on=header["fail_on"],
        not_declared=status_count("not_declared", summary["failing_not_declared"], lang),
        require_declared=header["require_declared"],
    )


def not_declared_by_duty(findings: list[dict[str, Any]], lang: str = "en") -> str:
    """`5 not declared (2 obligation, 3 commitment, 0 option)`, for the summary at the top of a profile."""
    counts = {duty: 0 for duty in DUTIES}
    for finding in findings:
        if finding["status"] == "not_declared":
            counts[finding["duty"]] += 1
    return by_duty_words(status_count("not_declared", sum(counts.values()), lang), counts, lang)


def by_duty_words(counted_words: str, counts: dict[str, int], lang: str = "en") -> str:
    """A count (its words made by `trn`, which fills only `{n}`) followed by its split by duty, each
    kind named before its number so no noun has to agree with it ("obligations: 3")."""
    # TRANSLATORS: {count} is a counted phrase such as "3 gaps by rule"; each kind of duty is named before its number
    return tr(lang, "{count} (obligations: {obligation}, commitments: {commitment}, options: {option})").format(
        count=counted_words, **{duty: number(count, lang) for duty, count in counts.items()}
    )


def party_heading(profile: dict[str, Any], lang: str = "en") -> str:
    party = profile["party"]
    return tr(lang, "{name} ({code}), declarations as of {as_of}").format(name=party["name"], code=party["code"], as_of=date(party["as_of"], lang))


def expand(finding: dict[str, Any], header: dict[str, Any]) -> dict[str, Any]:
    """A finding record joined with its rule's metadata and the plan texts of the run header (the
    rule's words are in the report's language already: engine.report.rule_details): what the record
    names by id, in full. The parts that depend only on the rule and the status are made once per
    run (a batch repeats them for every Party)."""
    global _EXPANDED
    cached = _EXPANDED
    if cached[0] is not header:  # a new run (or serve's other language): start again
        cached = _EXPANDED = (header, {})
    parts = cached[1]
    status = finding["status"]
    key = (finding["rule"], status)
    static = parts.get(key)
    if static is None:
        static = parts[key] = _static_parts(finding["rule"], status, header)
    full = {**static, **finding}
    undeclared = finding.get("undeclared")
    if status == "not_declared" and undeclared:
        field_key = (finding["rule"], status, *undeclared)
        nr5 = parts.get(field_key)
        if nr5 is None:
            nr5 = parts[field_key] = [_as_the_field_takes(question, undeclared) for question in static["nr5"]]
        full["nr5"] = nr5
    return full


_EXPANDED: tuple[dict[str, Any] | None, dict[tuple[str, ...], Any]] = (None, {})


def _static_parts(rule: str, status: str, header: dict[str, Any]) -> dict[str, Any]:
    """What `expand` adds to every finding of `rule` with `status`."""
    details = header["rules"]["details"][rule]
    plan = header["plan"]
    full: dict[str, Any] = {
        "title": details["title"],
        "message": details["messages"]["gap" if status == "waived" else status],
        "duty": details["duty"],
        "goal": {"id": details["goal"], **plan[details["goal"]]},
    }
    for name in ("objectives", "indicators", "articles", "nr5"):
        full[name] = [{"id": id_, **plan[id_]} for id_ in details[name]]
    full["duty_instrument"] = details.get("duty_instrument")
    full["legal_basis"] = [{**plan[entry["article"]], **entry} for entry in details["legal_basis"]]
    for name in ("objectives_missing", "articles_missing"):
        if name in details:
            full[name] = details[name]
    if status in ("gap", "waived"):
        full["remediation"] = {
            "advice": details["remediation"]["advice"],
            "key_areas": [{"id": id_, **plan[id_]} for id_ in details["remediation"]["key_areas"]],
            "activities": [{"id": id_, **plan[id_]} for id_ in details["remediation"]["activities"]],
        }
    shared = header["rules"]["shared_answers"].get(rule)
    if shared:
        full["shares_answer_with"] = list(shared)
    return full


def _as_the_field_takes(question: dict[str, Any], undeclared: Any) -> dict[str, Any]:
    """An NR5 question whose codes the missing field spells otherwise (question 160's GUIDs for the
    implementation scale; question 102(d)'s availability for a Yes/No declaration it implies): its
    answers as the field's codes, each with the BCH's words of the answers that give it on import."""
    from ..nr5.mapping import bindings, implied

    titles = {a["value"]: a for a in question.get("answers", ())}
    for pointer in undeclared:
        path = ".".join(pointer.strip("/").split("/"))
        for binding in bindings():
            if binding.key == question["id"] and binding.recoding and binding.field_path == path:
                answers = [{**titles[c], "value": binding.to_profile(c)} for c in titles]
                return {**question, "answers": answers, "field": path}
        for item in implied():
            if item.key == question["id"] and item.field_path == path:
                given: dict[str, list[dict[str, Any]]] = {}
                for code, word in item.implication.to_profile.items():
                    given.setdefault(word, []).append(titles[code])
                answers = [{"value": word, "title": " / ".join(a["title"] for a in found),
                            **({"fallback": True} if any(a.get("fallback") for a in found) else {})}
                           for word, found in sorted(given.items(), reverse=True)]
                return {**question, "answers": answers, "field": path}
    return question


def waiver_words(waiver: dict[str, Any], lang: str = "en") -> str:
    """A waiver as the human formats show it: who approved it, when, until when, where it is written, why."""
    fields = {key: waiver[key] for key in ("approved_by", "file", "line", "reason")}
    fields.update(approved_on=date(waiver["approved_on"], lang), expires=date(waiver["expires"], lang))
    if waiver.get("reference"):
        return tr(
            lang,
            "approved by {approved_by} on {approved_on}, in force until {expires} ({file}, line {line}). Reason: {reason} Reference: {reference}",
        ).format(reference=waiver["reference"], **fields)
    return tr(lang, "approved by {approved_by} on {approved_on}, in force until {expires} ({file}, line {line}). Reason: {reason}").format(**fields)


def expired_words(waiver: dict[str, Any], lang: str = "en") -> str:
    """What a gap says when the waiver that covered it has expired (it counts as a gap again)."""
    return tr(lang, "Waiver expired on {expires}, so this is a gap again; it was {waiver}").format(
        expires=date(waiver["expires"], lang), waiver=waiver_words(waiver, lang)
    )


def unmatched_words(waiver: dict[str, Any], lang: str = "en") -> str:
    return tr(lang, "{rule} for {party} ({file}, line {line}): matched no gap: {why}").format(
        **{key: waiver[key] for key in ("rule", "party", "file", "line", "why")}
    )


def provenance_line(header: dict[str, Any], lang: str = "en") -> str:
    """What produced the report: the tool, the rules engine and the rules (their hash)."""
    rules = header["rules"]
    return tr(lang, "cartagena-compliance {version}, engine {engine} ({implementation}), {rules} (sha256 {sha256})").format(
        version=header["tool"]["version"],
        engine=header["engine"]["name"],
        implementation=header["engine"]["implementation"],
        rules=counted(rules["count"], "rule", lang),
        sha256=rules["sha256"],
    )


def totals_line(header: dict[str, Any], tail: dict[str, Any], lang: str = "en") -> str:
    summary = tail["summary"]
    return tr(lang, "Checked {profiles} against {rules} ({invalid} invalid): {counts}; failing: {gate}").format(
        profiles=counted(summary["profiles_checked"], "profile", lang),
        rules=counted(header["rules"]["count"], "rule", lang),
        invalid=number(summary["profiles_invalid"], lang),
        counts=summary_line(summary, lang=lang),
        gate=gate_line(header, summary, lang),
    )


def invalid_lines(tail: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(file with line:column, pointer part, error) for every problem of every invalid file."""
    for invalid in tail["invalid"]:
        for error in invalid["errors"]:
            where = invalid["file"]
            if error.get("line"):
                where += f":{error['line']}" + (f":{error['column']}" if error.get("column") else "")
            pointer = f"{error['pointer'] or '/'}" if error.get("pointer") is not None else ""
            yield where, pointer, error


class HumanReporter:
    """What the text and markdown reporters share: line numbers wanted, the run header kept."""

    needs_lines = True

    def __init__(self) -> None:
        self.header: dict[str, Any] = {}
        self.brief = False  # `check --brief`: met and not applicable as counts only

    def start(self, header: dict[str, Any]) -> str:
        self.header = header
        return ""

    def profile(self, record: dict[str, Any]) -> str:
        raise NotImplementedError

    def render(self, record: dict[str, Any]) -> Any:
        """A profile's part of the report, made wherever the profile is checked (a worker of
        `--jobs`): it depends on the record and the header only."""
        return self.profile(record)

    def place(self, rendered: Any) -> str:
        """A rendered profile as it goes into the report, in the command's process, in order."""
        return rendered
