"""Where a profile and the fifth national report spell an answer differently, and answers that say
something another declaration asks. `engine/nr5/mapping.py` joins these to the models' `x-nr5`.

Every code of the BCH is read from `rules/catalog/nr5/questions.json` (a copy of the BCH's own form
data, scbd/absch.cbd.int commit ddbb08b00a72277a4bc6e83cf88e572b3cf4f966,
app/app-data/bch/report-analyzer/cpbNationalReport5.js), never typed here: a code is found by the
option's English title, and a title that is not there exactly once fails the tests
(`tests/test_nr5_accounting.py`).

Two kinds of link:

* a **recoding** carries a declaration both ways when the BCH stores another code for the same
  answer: question 160 stores the implementation scale as GUIDs (`74B17D51-...` = "National measures
  are fully in place", the words of question 7's `implementation.fullInPlace`), question 161 its
  instruments as GUIDs, question 159 Yes/No where the profile says `party` / `signatory` / `neither`;
* an **implication** reads, on import only, what an answer says about another declaration: question
  102(d) (contact details of the authorities, focal points and emergency contacts, available and in
  the BCH?) says whether they exist; question 98 (coordination among several competent national
  authorities) whether any was designated; an answer to question 160 that the Party reports on the
  Supplementary Protocol. An implication fills a declaration only where nothing else declares it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from ..i18n import N_
from ..paths import CATALOG_DIR


@dataclass(frozen=True)
class Recoding:
    """Report code <-> profile code for one question and one declaration attribute."""

    key: str
    attribute: str
    to_profile: Mapping[str, str]
    to_report: Mapping[str, str]
    notes: Mapping[str, str] = field(default_factory=dict)
    """Report code -> why the imported word says more or less than the report (a lossy code)."""


@dataclass(frozen=True)
class Implication:
    """What an answer to `key` says about the declaration at `path` (its `answer`); a code absent
    from `to_profile` says nothing about it."""

    key: str
    path: tuple[str, ...]
    to_profile: Mapping[str, str]
    why: str


@lru_cache(maxsize=1)
def _options() -> dict[str, dict[str, str]]:
    """Question key -> {English option title: code}, from the BCH's question tree."""
    from ..catalog.nr5 import flatten

    tree = flatten(json.loads((CATALOG_DIR / "nr5" / "questions.json").read_text(encoding="utf-8")))
    return {key: {o.title: o.value for o in q.options} for key, q in tree.items()}


def code_titled(key: str, title: str) -> str:
    """The BCH's code of the option of question `key` titled `title` (KeyError if there is none)."""
    return _options()[key][title]


# The profile's words for question 161 (engine/profile/models.py SupplementaryInstrumentCode) and the
# BCH's title of the option each one means.
SUPPLEMENTARY_INSTRUMENT_TITLES: dict[str, str] = {
    "instrument.nationalLaws": "One or more national laws",
    "instrument.nationalRegulations": "One or more national regulations",
    "instrument.guidelines": "One or more sets of guidelines",
    "instrument.none": "No instruments are in place",
}


@lru_cache(maxsize=1)
def recodings() -> tuple[Recoding, ...]:
    # question 160 asks question 7's question of the Supplementary Protocol, on the same five-step
    # scale with the same titles: the profile keeps question 7's words for both
    scale = {title: word for title, word in _options()["Q007"].items()}
    q160 = {code_titled("Q160", title): word for title, word in scale.items()}
    q161 = {code_titled("Q161", title): word for word, title in SUPPLEMENTARY_INSTRUMENT_TITLES.items()}
    yes, no = code_titled("Q159", "Yes"), code_titled("Q159", "No")
    return (
        Recoding("Q160", "answer", q160, {w: c for c, w in q160.items()}),
        Recoding("Q161", "answer", q161, {w: c for c, w in q161.items()}),
        Recoding(
            "Q159", "status", {yes: "party", no: "neither"}, {"party": yes, "signatory": no, "neither": no},
            notes={no: N_("question 159 asks only whether the Party is a Party to the Supplementary Protocol; "
                          "imported as `neither`: write `signatory` if it signed")},
        ),
    )


def recoding(key: str, attribute: str) -> Recoding | None:
    return next((r for r in recodings() if r.key == key and r.attribute == attribute), None)


_NFP = ("national_biosafety_framework", "national_focal_point")
_CNA = ("national_biosafety_framework", "competent_national_authorities")
_NOTIFIED = ("national_biosafety_framework", "authorities_notified_to_secretariat")
_EMERGENCY = ("national_biosafety_framework", "emergency_contact_point")
_REPORTS = ("liability_and_redress", "reports_on_implementation")


@lru_cache(maxsize=1)
def implications() -> tuple[Implication, ...]:
    on_bch = code_titled("Q102_d", "Information available and in the BCH")
    partly = code_titled("Q102_d", "Information available but only partially available in the BCH")
    not_on_bch = code_titled("Q102_d", "Information available but not in the BCH")
    available = {on_bch: "true", partly: "true", not_on_bch: "true"}
    one = code_titled("Q098", "Not applicable, only one competent national authority was designated")
    none = code_titled("Q098", "Not applicable, no competent national authority was designated")
    several = {code_titled("Q098", "Yes"): "true", code_titled("Q098", "No"): "true"}
    return (
        # question 98 asks the designation itself: it comes before 102(d)
        Implication("Q098", _CNA, {**several, one: "true", none: "false"},
                    "question 98: only one, several or no competent national authority designated"),
        Implication("Q102_d", _NFP, available,
                    "question 102(d): the focal point's contact details exist (available, in the BCH or not)"),
        Implication("Q102_d", _CNA, available,
                    "question 102(d): the authorities' contact details exist (available, in the BCH or not)"),
        Implication("Q102_d", _NOTIFIED, {on_bch: "true"},
                    "question 102(d): the contact details are in the BCH, through which the Secretariat makes them available"),
        Implication("Q102_d", _EMERGENCY, {on_bch: "true", not_on_bch: "false"},
                    "question 102(d): the emergency contacts are, or are not, in the BCH"),
        Implication("Q160", _REPORTS, {code: "true" for code in _options()["Q160"].values()},
                    "question 160 answered: the Party reports on its implementation of the Supplementary Protocol"),
    )
