"""Plain text: for a person at a terminal, or a file to attach to an audit."""

from __future__ import annotations

import functools
import re
import textwrap
from typing import Any, Callable, Iterable

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


def _wrapping(text: str, indent: str) -> tuple[str, ...]:
    # a line that fits is what textwrap would give unless it has whitespace to rewrite, or ends in
    # a space or in a word of other whitespace (U+0085, U+3000, ...: str.strip's), which it drops
    if len(indent) + len(text) <= WIDTH and not _WRAP_CHANGES.search(text) and text.rsplit(" ", 1)[-1].strip():
        return (indent + text,)
    if _SPACED_WORDS.fullmatch(text):
        return _greedy(text, indent)
    return tuple(_wrapper(indent).wrap(text) or [indent])


def _greedy(text: str, indent: str) -> tuple[str, ...]:
    """What textwrap gives for words with one space between them, without its loop over every
    chunk: a line ends at the last place textwrap's chunks end that fits (after a word, the space
    dropped, or after a hyphen where textwrap splits the word: `_word_ends`); where the chunk that
    does not fit is longer than a line, textwrap breaks it (and fills the line before): its own."""
    lines = []
    prefix, rest = indent, text
    while len(rest) > WIDTH - len(prefix):
        room = WIDTH - len(prefix)
        if rest[room] == " ":  # the words before it fill the line exactly
            lines.append(prefix + rest[:room])
            rest = rest[room + 1 :]
        else:
            space = rest.rfind(" ", 0, room)  # before the word that does not fit (-1: the first word)
            start = space + 1
            after = rest.find(" ", room)
            word = rest[start : len(rest) if after < 0 else after]
            ends = _word_ends(word) if "-" in word else ()
            inside = max((end for end in ends if start + end <= room), default=0)  # the last split that fits
            following = min((end for end in ends if end > inside), default=len(word)) - inside
            if start + inside == 0 or following > room:  # a chunk longer than the line: textwrap's own
                return tuple(_wrapper(indent).wrap(text))
            if inside:  # after a hyphen: the rest of the word begins the next line
                lines.append(prefix + rest[: start + inside])
                rest = rest[start + inside :]
            else:  # after a word: its space dropped
                lines.append(prefix + rest[:space])
                rest = rest[start:]
        prefix = indent + "  "
    lines.append(prefix + rest)
    return tuple(lines)


@functools.lru_cache(maxsize=4096)
def _word_ends(word: str) -> tuple[int, ...]:
    """Where textwrap's chunks of `word` end inside it (at hyphens it splits at: `ab-cd` -> (3,))."""
    ends, end = [], 0
    for chunk in _word_chunks(word)[:-1]:
        end += len(chunk)
        ends.append(end)
    return tuple(ends)


_wrapped = functools.lru_cache(maxsize=16384)(_wrapping)
"""`_wrapping`, remembered: the rule and plan texts a run says for every Party (bounded); a
profile's own evidence, seldom the same twice, is wrapped by `_wrapping` itself."""


# what textwrap rewrites even in a line that fits: tabs and the other whitespace it makes spaces
_WRAP_CHANGES = re.compile("[\t\n\x0b\x0c\r]")
# words without whitespace of any kind, one space between them: textwrap's chunks are then each
# word's own chunks (a word splits only at its hyphens) and the spaces; its pattern, which looks
# for hyphens and dashes at every character, was most of the time of wrapping a line of evidence
_SPACED_WORDS = re.compile(r"\S+(?: \S+)*")


class _Wrapper(textwrap.TextWrapper):
    """textwrap's wrapping, its own algorithm and chunks, with spaced words split by `str.split`."""

    def _split_chunks(self, text: str) -> list[str]:
        if not _SPACED_WORDS.fullmatch(text):
            return super()._split_chunks(text)
        words = text.split(" ")
        if "-" not in text:
            chunks = [" "] * (2 * len(words) - 1)
            chunks[::2] = words
            return chunks
        chunks = []
        for word in words:
            if chunks:
                chunks.append(" ")
            chunks += _word_chunks(word) if "-" in word else (word,)
        return chunks


@functools.lru_cache(maxsize=1024)
def _word_chunks(word: str) -> tuple[str, ...]:
    # (its lookarounds stop at a space as at either end of the text: a word splits alone the same)
    return tuple(textwrap.TextWrapper._split_chunks(_wrapper(""), word))


@functools.cache
def _wrapper(indent: str) -> _Wrapper:
    """The wrapper of lines at most WIDTH, the first after `indent`, the others two further in."""
    return _Wrapper(WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _gap_head(finding: dict[str, Any], lang: str) -> list[str]:
    """A gap's or waived gap's first lines: the rule, its duty and its title."""
    return [f"  {finding['rule']} [{finding_duty_label(finding, lang)}]", *_wrap(finding["title"], "    ")]


def _gap_links(finding: dict[str, Any], lang: str) -> list[str]:
    """What a gap links to: the answer it shares, objectives, indicators, legal basis, NR5 questions."""
    lines: list[str] = []
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
    return lines


def _evidence(finding: dict[str, Any], lang: str) -> list[str]:
    """A gap's evidence: the profile's own values (and lines), different in every profile."""
    lines: list[str] = []
    for evidence in finding["evidence"]:
        lines.append(_evidence_text(evidence["pointer"], evidence.get("line"), value(evidence["value"]), lang))
        for cited in evidence.get("cited", []):
            lines.append(_cited_text(joined([f"{key} {value(val)}" for key, val in cited.items()], lang), lang))
    return lines


@functools.lru_cache(maxsize=2048)
def _evidence_text(pointer: str, line: int | None, shown: str, lang: str) -> str:
    # the same answer at the same place recurs in findings that share it and in some profiles (a
    # quarter of them in a generated batch): rendered once while it is among the last (bounded)
    if line:
        said = tr(lang, "Evidence: {pointer} (line {line}) = {value}").format(pointer=pointer, line=line, value=shown)
    else:
        said = tr(lang, "Evidence: {pointer} = {value}").format(pointer=pointer, value=shown)
    return _safe_text(_wrapping(said, "    "), lang)


def _cited_text(values: str, lang: str) -> str:
    return _safe_text(_wrapping(tr(lang, "cited: {values}").format(values=values), "      "), lang)


def _remedy(finding: dict[str, Any], lang: str) -> list[str]:
    """What to do about a gap: the advice, the plan's key areas and activities."""
    remediation = finding["remediation"]
    lines = _wrap(tr(lang, "What to do: {advice}").format(advice=remediation["advice"]), "    ")
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


def plan_language_note(lang: str) -> str | None:
    """Why the plan's words are English in a report in another language (None in English)."""
    if lang == "en":
        return None
    return tr(
        lang,
        "The plan's text (goals, objectives, indicators, key areas and activities) and the articles' summaries "
        "are quoted in English: only the English text of the plan is available here, and no translation of it is invented.",
    )


BLOCKS_KEPT = 4096
"""At most this many rendered blocks are kept for a run: its rules x statuses (x the fields a
not-declared finding misses), its goals and sections; never more however many profiles it checks."""

_BLOCKS: tuple[dict[str, Any] | None, dict[tuple[Any, ...], Any]] = (None, {})


def _blocks(header: dict[str, Any]) -> dict[tuple[Any, ...], Any]:
    """The rendered blocks of the run whose header this is (a new run, or serve's other language,
    starts again: a block depends on the header's language, rules, plan texts and waivers)."""
    global _BLOCKS
    if _BLOCKS[0] is not header:
        _BLOCKS = (header, {})
    return _BLOCKS[1]


def _safe_text(lines: Iterable[str], lang: str) -> str:
    """Lines made terminal-safe after wrapping (a profile's text may hold escapes or CR), then their
    Latin runs isolated in a right-to-left language (engine/l10n.py), joined by line feeds."""
    return "\n".join([isolate_runs(terminal_text(line), lang) for line in lines])


class _Run:
    """One profile's rendering with its run's blocks: the words a finding says for every Party (its
    rule's title, explanation, links to the plan, legal basis, what to do) rendered, made safe and
    joined once per run, and only what the profile itself says (its evidence, its waivers, its
    counts) rendered each time."""

    def __init__(self, header: dict[str, Any]) -> None:
        self.header = header
        self.lang = report_lang(header)
        self.blocks = _blocks(header)

    def block(self, key: tuple[Any, ...], lines: Callable[[], list[str]]) -> str:
        """The block `key` of this run (never empty), rendered by `lines` the first time."""
        found = self.blocks.get(key)
        if found is None:
            found = self.keep(key, _safe_text(lines(), self.lang))
        return found

    def keep(self, key: tuple[Any, ...], found: Any) -> Any:
        if len(self.blocks) < BLOCKS_KEPT:
            self.blocks[key] = found
        return found

    def safe(self, lines: list[str]) -> str:
        return _safe_text(lines, self.lang)

    def gap(self, finding: dict[str, Any]) -> tuple[str, str, str]:
        """A gap's three blocks: its rule, duty, title and message; its links; what to do."""
        found = self.blocks.get(("gap", finding["rule"]))
        if found is None:
            full, lang = expand(finding, self.header), self.lang
            found = self.keep(
                ("gap", finding["rule"]),
                (self.safe([*_gap_head(full, lang), *_wrap(full["message"], "    ")]), self.safe(_gap_links(full, lang)), self.safe(_remedy(full, lang))),
            )
        return found

    def goal(self, finding: dict[str, Any]) -> str:
        """The id of the goal of a finding's rule."""
        found = self.blocks.get(("goal of", finding["rule"]))
        if found is None:
            found = self.keep(("goal of", finding["rule"]), self.header["rules"]["details"][finding["rule"]]["goal"])
        return found

    def findings(self, findings: list[dict[str, Any]], status: str) -> list[str]:
        """The findings of one status (not met) as its section shows them, goal by goal."""
        lang, header = self.lang, self.header
        groups: dict[str, list[dict[str, Any]]] = {}
        for finding in findings:
            groups.setdefault(self.goal(finding), []).append(finding)
        pieces: list[str] = []
        for goal, grouped in groups.items():
            first = grouped[0]
            pieces.append(self.block(("goal", goal), lambda: ["", *_wrap(tr(lang, "Goal {id}: {text}").format(id=goal, text=goal_words(expand(first, header)["goal"], lang)), "")]))
            for finding in grouped:
                rule = finding["rule"]
                if status == "gap":
                    head, links, remedy = self.gap(finding)
                    pieces.append(head)
                    if finding.get("waiver_expired"):
                        pieces.append(self.safe(_wrap(expired_words(finding["waiver_expired"], lang), "    ")))
                    pieces.append(links)
                    pieces += _evidence(finding, lang)
                    pieces += (remedy, "")
                elif status == "waived":
                    waived = _wrap(tr(lang, "Waived: {waiver}").format(waiver=waiver_words(finding["waiver"], lang)), "    ")
                    pieces += (self.block(("waived", rule), lambda: _gap_head(expand(finding, header), lang)), self.safe(waived))
                else:
                    key = ("brief", rule, status, finding["failing"], *finding.get("undeclared", ()))
                    pieces.append(self.block(key, lambda: _brief(expand(finding, header), lang)))
        return pieces


def render_profile(profile: dict[str, Any], header: dict[str, Any], brief: bool = False) -> list[str]:
    """A profile's part of the text report: pieces of terminal-safe text, each one line or more,
    to be joined by line feeds."""
    run = _Run(header)
    lang = run.lang
    by_status: dict[str, list[dict[str, Any]]] = {}
    for finding in profile["findings"]:
        by_status.setdefault(finding["status"], []).append(finding)
    details = header["rules"]["details"]
    # the summary counts not-declared findings by duty: their rules' duties are in the header
    duties = [{"status": "not_declared", "duty": details[f["rule"]]["duty"]} for f in by_status.get("not_declared", ())]
    heading = party_heading(profile, lang)
    lines = [heading, "=" * len(heading), tr(lang, "File: {file} (sha256 {sha256})").format(file=profile["file"], sha256=profile["sha256"])]
    lines += [
        tr(lang, "Summary: {summary}").format(summary=summary_line(profile["summary"], duties, lang)),
        tr(lang, "Failing: {gate}").format(gate=gate_line(header, profile["summary"], lang)),
    ]
    for problem in profile["inconsistencies"]:
        lines += _wrap(
            tr(lang, "Inconsistent: {pointer}: {problem}").format(pointer=problem["pointer"], problem=problem["message"].removeprefix("inconsistent: ")),
            "",
        )
    pieces = [run.safe(lines)]
    for status, title, explanation in sections(header):
        findings = by_status.get(status, [])
        if brief and status in ("met", "not_applicable"):
            pieces.append(run.safe(["", tr(lang, "{title} ({count}): not shown (--brief)").format(title=title.upper(), count=number(len(findings), lang))]))
            continue
        pieces.append(run.safe(["", with_count(title.upper(), number(len(findings), lang), lang)]))
        pieces.append(run.block(("section", status), lambda: _wrap(explanation, "")))
        if status == "met":
            pieces += [run.block(("met", f["rule"]), lambda f=f: ["  " + labelled(f["rule"], expand(f, header)["title"], lang)]) for f in findings]
        else:
            pieces += run.findings(findings, status)
    pieces += ["", ""]
    return pieces


class Reporter(HumanReporter):
    def start(self, header: dict[str, Any]) -> str:
        super().start(header)
        note = plan_language_note(report_lang(header))
        # in another language than English: said once, before the first Party
        return _safe_text(_wrap(note, ""), report_lang(self.header)) + "\n\n" if note else ""

    def profile(self, record: dict[str, Any]) -> str:
        return "\n".join(render_profile(record, self.header, self.brief))

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
        return _safe_text(lines, lang) + "\n"
