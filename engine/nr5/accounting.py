"""Where each part of a national report document went: into named profile fields, or reported as
not modelled with the question and why. `engine/nr5/reading.py` gives one `Outcome` per part; the
counts prove that nothing is lost without a word (tests/test_nr5_accounting.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..catalog.nr5 import label_in
from ..i18n import N_, tr

# why a part is not imported (English msgids, translated where shown)
FREE_TEXT = N_("free text; a profile keeps evidence, not free text")
BESIDE = N_("free text beside the answer; the profile keeps the answer's code, not its text")
NOT_MODELLED = N_("no profile declaration models this question")
EMPTY = N_("an empty answer: nothing was chosen")
UNKNOWN_PART = N_("not a part of an answer the BCH writes (value, additionalInformation)")
OUTSIDE_TREE = N_("the reporting country's details, outside the question tree: the profile does not model them")
NO_COUNTERPART = N_("this fourth-report answer has no counterpart among the answers of NR5 {question}")
DIFFERS = N_("a different question from NR5 {question}: {why}")
ALONE = N_("no NR5 question asks this: {why}")
CODES_LEFT = N_("read as NR5 {question} only in part: {why}")
INCOMPLETE = N_("a follow-up answer: its declaration also needs {needed}, which the report does not give")
FORM_FIELDS: dict[str, str] = {
    "header": N_("the record's metadata (schema, identifier, languages): read for the report's cycle, not an answer"),
    "contact": N_("the contact person of the report: the profile does not model it"),
    "stakeholders": N_("free text: who was consulted in preparing the report"),
    "date": N_("the date of submission: whether a report was submitted is declared under national_reports, "
               "which a document alone cannot tell (a draft has this date too)"),
    "reportPeriodStartDate": N_("the period the report covers: a profile holds declarations as of one date (party.as_of)"),
    "reportPeriodEndDate": N_("the period the report covers: a profile holds declarations as of one date (party.as_of)"),
    "notes": N_("the form's private notes"),
}
UNKNOWN_FIELD = N_("not a field of the BCH's national report form")


@dataclass
class Outcome:
    """One part of the document: `fields` it was imported into, or `reason` it was not."""

    pointer: str
    key: str | None = None
    """The question key as the document has it (NR4 keys for a fourth report), None for other keys."""
    question: str | None = None
    """How a reader finds the question: "question 9", "fourth-report question 16"."""
    fields: tuple[str, ...] = ()
    reason: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    """Placeholders of `reason`; `why` is the NR4 table's words (translated in their own right)."""
    note: str | None = None

    @property
    def imported(self) -> bool:
        return bool(self.fields)

    def why(self, lang: str = "en") -> str:
        values = {k: (tr(lang, v) if k == "why" else label_in(v, lang) if k == "question" else v) for k, v in self.values.items()}
        return tr(lang, self.reason).format(**values) if self.reason else ""

    def line(self, lang: str = "en") -> str:
        """One line for stderr: pointer, question, why."""
        where = f"{self.pointer} ({label_in(self.question, lang)})" if self.question else self.pointer
        return f"{where}: {self.why(lang)}"

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        question = label_in(self.question, lang) if self.question else self.question
        out: dict[str, Any] = {"pointer": self.pointer, "question": question, "key": self.key}
        if self.fields:
            out["imported_into"] = list(self.fields)
        else:
            out["reason"] = self.why(lang)
        if self.note:
            out["note"] = tr(lang, self.note)
        return out
