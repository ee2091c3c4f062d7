"""The fifth national report (NR5) question tree, as the Biosafety Clearing-House keys it.

`rules/catalog/nr5/questions.json` is a copy of the BCH's own form definition (see its SOURCE.md for
origin and license). Questions are keyed `Q007`, sub-questions `Q102_d`; a few entries are legends
(section headings inside the form) rather than questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..i18n import N_, tr

# TRANSLATORS: a question of the fifth national report, by the number printed on the form, e.g. "question 102(d)"
QUESTION = N_("question {number}")
# TRANSLATORS: an unnumbered question of the national report that follows up a numbered one
FOLLOW_UP = N_("follow-up to question {number}")


@dataclass(frozen=True)
class Nr5Option:
    value: str
    title: str
    fallback: bool = False
    """True when the chosen language lacks this text and the English one is shown instead."""
    type: str = ""
    """The BCH's type of the text a choice of this option carries (`lstring`, `int`), or ""."""


@dataclass(frozen=True)
class Nr5Question:
    key: str
    number: str
    """The number printed on the form ("80", or "d" for a sub-question of 102); may be empty."""
    title: str
    type: str
    section: str
    section_title: str
    multiple: bool = False
    options: tuple[Nr5Option, ...] = ()
    parent: str | None = None
    children: tuple[str, ...] = field(default=())
    title_fallback: bool = False
    """True when the chosen language lacks the title and the English one is shown instead."""

    @property
    def label(self) -> str:
        """How a reader finds the question on the printed form: "question 80", "question 102(d)"
        (in English; `question_label` gives it in a language)."""
        return question_label(self)

    @property
    def printed_number(self) -> str:
        """The number the printed form shows for it ("80", "102(d)"), or the number of the question a
        follow-up follows."""
        if self.parent and self.number:
            return f"{self.parent.lstrip('Q').lstrip('0') or '0'}({self.number})"
        return self.number or self.key[1:].split("_")[0].lstrip("0")


def question_label(question: Nr5Question, lang: str = "en") -> str:
    """How a reader finds the question on the printed form, in `lang`: "question 80", "question
    102(d)", "follow-up to question 155"."""
    return tr(lang, QUESTION if question.number else FOLLOW_UP).format(number=question.printed_number)


# TRANSLATORS: a question of the fourth national report, e.g. "NR4 question 16"
_REPORTS = {"NR5": N_("NR5 {label}"), "NR4": N_("NR4 {label}")}
_ENGLISH_LABEL = re.compile(r"(?:(NR[45]) )?(follow-up to )?question (\S+)")


def label_in(label: str, lang: str = "en") -> str:
    """A label `question_label` gave in English ("question 9", "NR4 question 16", "NR5 follow-up
    to question 155"), kept as data by the NR5 import, in `lang`; any other text as it is."""
    match = _ENGLISH_LABEL.fullmatch(label)
    if lang == "en" or match is None:
        return label
    report, follow_up, number = match.groups()
    said = tr(lang, FOLLOW_UP if follow_up else QUESTION).format(number=number)
    return tr(lang, _REPORTS[report]).format(label=said) if report else said


_TAG = re.compile(r"<[^>]+>")
# some translations start a title with the form's own number ("62-\t" in Arabic): the label says it
_LEADING_NUMBER = re.compile(r"^\s*\d+\s*[-.]?\s*\t")
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}


def plain(text: str) -> str:
    """The BCH form's wording without its markup (<i>, <sup>, <br>, a leading "62-\t"): plain text,
    which every reporter then escapes in its own syntax; the BCH's HTML is never passed through."""
    text = _LEADING_NUMBER.sub("", _TAG.sub("", re.sub(r"<br\s*/?>", " ", text)))
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return re.sub(r"\s+", " ", text).strip()


def flatten(tree: list[dict[str, Any]]) -> dict[str, Nr5Question]:
    """Every question of the tree by key, in form order (legends are left out)."""
    out: dict[str, Nr5Question] = {}

    def walk(q: dict[str, Any], section: dict[str, Any], parent: str | None) -> None:
        if q.get("type") == "legend":
            return
        children = tuple(c["key"] for c in q.get("questions", ()) if c.get("type") != "legend")
        out[q["key"]] = Nr5Question(
            key=q["key"],
            number=str(q.get("number") or ""),
            title=plain(q.get("title") or ""),
            title_fallback=bool(q.get("title_fallback")),
            type=q.get("type", ""),
            section=section["key"],
            section_title=plain(section.get("title") or ""),
            multiple=bool(q.get("multiple")),
            options=tuple(
                Nr5Option(str(o["value"]), plain(o.get("title") or o.get("caption") or ""),
                          bool(o.get("title_fallback") if o.get("title") else o.get("caption_fallback")),
                          str(o.get("type") or ""))
                for o in q.get("options", ())
            ),
            parent=parent,
            children=children,
        )
        for child in q.get("questions", ()):
            walk(child, section, q["key"])

    for section in tree:
        for q in section.get("questions", ()):
            walk(q, section, None)
    return out


_RANGE = re.compile(r"Q(\d+)\s*-\s*Q(\d+)")
_LETTER_RANGE = re.compile(r"Q(\d+)\(([a-z])\)\s*-\s*\(([a-z])\)")
_ONE = re.compile(r"Q(\d+)(?:\(([a-z])\))?")


def keys_from_reference(text: str, known: set[str] | dict[str, Any]) -> list[str]:
    """The BCH keys named by a question reference as obligations.md writes it.

    "Q7, Q8" -> Q007, Q008; "Q102(d)" -> Q102_d; "Q73-Q77" -> the existing questions Q073 ... Q077
    (numbered questions only: their sub-questions come with them); "Q102(a)-(q)" -> Q102_a ... Q102_q.
    Words that are not question references ("BCH record", "(GEF STAR)") are ignored.
    """
    keys: list[str] = []

    def add(key: str) -> None:
        if key not in keys:
            keys.append(key)

    rest = text
    for part in re.split(r"[,;]", rest):
        part = part.strip()
        if m := _LETTER_RANGE.search(part):
            num = int(m.group(1))
            for c in range(ord(m.group(2)), ord(m.group(3)) + 1):
                add(f"Q{num:03d}_{chr(c)}")
        elif m := _RANGE.search(part):
            for num in range(int(m.group(1)), int(m.group(2)) + 1):
                if f"Q{num:03d}" in known:
                    add(f"Q{num:03d}")
        elif m := _ONE.search(part):
            num = int(m.group(1))
            add(f"Q{num:03d}_{m.group(2)}" if m.group(2) else f"Q{num:03d}")
    return keys
