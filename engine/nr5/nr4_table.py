"""The fourth national report (`cpbNationalReport4`) read as the fifth: the project's own table,
reviewed question by question against the NR4 wording in the BCH's form code (scbd/absch.cbd.int
commit ddbb08b00a72277a4bc6e83cf88e572b3cf4f966: app/app-data/bch/report-analyzer/cpbNationalReport4.js
with app/app-text/report-analyzer/bch-cpbNationalReport4.json, vendored as
rules/catalog/nr4/questions.json) and the NR5 wording (rules/catalog/nr5/questions.json).

The BCH's own map (app/app-data/bch/report-analyzer/mapping/cpbNationalReport5-4.json, vendored as
rules/catalog/nr5/nr5-to-nr4-question-map.json) is a display aid: the NR5 form shows the previous
cycle's answer beside a question. It is followed here only where the two questions ask the same
thing; it links NR4 136 ("capacity-building strategy or action plan") to NR5 124 ("needs
prioritized") and NR4 18 ("permanent staff") to NR5 11 ("qualified staff"), and it lacks NR4 36,
61, 62, 103_adq, 169 and 170, which ask exactly what NR5 27, 53, 53(a), 93_adq, 159 and 159_adq ask.

Each NR4 question with an answer (headings left out) is one of:

* `Same(nr5)`: asks what NR5 question `nr5` asks; its codes are NR5's (an NR4 code NR5 does not
  offer is reported, never guessed), or `codes` maps them, and a code `codes` leaves out is
  reported with `why` (the NR4 answer says less than any NR5 answer: only the others carry over);
* `Differs(nr5, why)`: a related NR5 question that asks something else: reported with `why`;
* `Alone(why)`: no NR5 question asks it: reported;
* `Text(nr5)`: free text (what NR5 question `nr5` asks, where it has one): reported as free text.

Whether an answer then reaches the profile is the NR5 question's binding (engine/nr5/mapping.py),
so declarations added to the models later are read from both cycles without touching this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..i18n import N_


@dataclass(frozen=True)
class Same:
    nr5: str
    codes: Mapping[str, str] | None = None
    why: str | None = None


@dataclass(frozen=True)
class Differs:
    nr5: str
    why: str


@dataclass(frozen=True)
class Alone:
    why: str


@dataclass(frozen=True)
class Text:
    nr5: str | None = None


Entry = Same | Differs | Alone | Text

_PERIOD = N_("the NR5 question asks about the current reporting period only; the NR4 one does not")

_SAME_KEYS: dict[str, str] = {
    # NR4 key: NR5 key, where the wording and the answers are the same (the options' titles may differ
    # in punctuation, "Nothing"/"None" in NR4 167)
    "Q014": "Q007", "Q015": "Q008", "Q021": "Q014", "Q023": "Q016", "Q024": "Q017", "Q025": "Q018",
    "Q027": "Q020", "Q028": "Q021", "Q029": "Q022", "Q030": "Q023", "Q031": "Q024", "Q032_a": "Q025_a",
    "Q032_b": "Q025_b", "Q033": "Q026", "Q034": "Q028", "Q035": "Q029", "Q036": "Q027", "Q039": "Q031",
    "Q040": "Q032", "Q041": "Q033", "Q042": "Q034", "Q043": "Q035", "Q045": "Q037", "Q046": "Q038",
    "Q047": "Q039", "Q048": "Q040", "Q049": "Q041", "Q050": "Q042", "Q051_a": "Q043_a", "Q051_b": "Q043_b",
    "Q053": "Q045", "Q054": "Q046", "Q055": "Q047", "Q056": "Q048", "Q058": "Q050", "Q061": "Q053",
    "Q062": "Q053_a", "Q063": "Q054", "Q066": "Q071", "Q069": "Q068", "Q070_a": "Q069_a", "Q070_b": "Q069_b",
    "Q070_c": "Q069_c", "Q070_d": "Q069_d", "Q072": "Q067", "Q074": "Q155_b", "Q075": "Q055", "Q076": "Q056",
    "Q077": "Q057", "Q078": "Q058", "Q079": "Q061", "Q080": "Q062", "Q081": "Q063", "Q082": "Q064",
    "Q085": "Q073", "Q086": "Q074", "Q087": "Q075", "Q088": "Q077", "Q089": "Q076", "Q091": "Q079",
    "Q092": "Q080", "Q093": "Q081", "Q095": "Q083", "Q097": "Q085", "Q100": "Q087", "Q102": "Q089",
    "Q103": "Q093", "Q103_adq": "Q093_adq", "Q104": "Q094_a", "Q105": "Q095", "Q106": "Q096",
    "Q108": "Q098", "Q109": "Q099", "Q110": "Q100", "Q115": "Q104", "Q121": "Q109", "Q122": "Q110",
    "Q124": "Q112", "Q127": "Q115", "Q128": "Q116", "Q131": "Q118", "Q132": "Q119", "Q133": "Q121",
    "Q134": "Q122", "Q135": "Q123", "Q137": "Q125", "Q139": "Q127", "Q141": "Q128", "Q142": "Q135",
    "Q143": "Q136", "Q144": "Q137", "Q148": "Q130", "Q151": "Q133", "Q153": "Q140", "Q154": "Q141",
    "Q155": "Q142", "Q156": "Q143", "Q158": "Q145", "Q159": "Q146", "Q160": "Q147", "Q162": "Q149",
    "Q163": "Q151", "Q165": "Q155_c", "Q167": "Q153", "Q168": "Q154", "Q169": "Q159", "Q170": "Q159_adq",
    "Q171": "Q160", "Q172": "Q161", "Q173_a": "Q162_a", "Q173_b": "Q162_b", "Q174": "Q163", "Q175": "Q164",
    "Q176": "Q165", "Q177": "Q166", "Q178": "Q167", "Q179": "Q168", "Q180": "Q169", "Q181": "Q170",
    "Q182": "Q171", "Q183": "Q172", "Q184": "Q173",
    **{f"Q112_{letter}": f"Q102_{letter}" for letter in "abcdefghijklmnopq"},
}

_OTHER = "5B6177DD-5E5E-434E-8CB7-D63D67D5EBED"  # NR5's "Other" of questions 82, 84, 86 (titled "Other" in both)

TABLE: dict[str, Entry] = {
    **{nr4: Same(nr5) for nr4, nr5 in _SAME_KEYS.items()},
    # NR4 94, 96, 98: the same question; NR4 codes "Other" as `other`, NR5 as the BCH's "Other" GUID
    **{nr4: Same(nr5, {"lmoSpecific": "lmoSpecific", "nonLmoSpecific": "nonLmoSpecific", "other": _OTHER})
       for nr4, nr5 in (("Q094", "Q082"), ("Q096", "Q084"), ("Q098", "Q086"))},
    # NR4 150 = NR5 131; the BCH's map recodes it ("5-" is a code of stored NR4 data it names)
    "Q150": Same("Q131", {"0": "none", "1+": "1+", "5-": "1+", "5+": "5+", "na": "false.na"}),
    "Q012_party": Alone(N_("whether the country is a Party to the Cartagena Protocol: a profile is a Party's, "
                           "and the date it became one (party.party_to_protocol_since) is not asked")),
    "Q012_partyInProgress": Alone(N_("a non-Party's process towards joining the Cartagena Protocol: a profile is a Party's")),
    "Q016": Differs("Q009", N_("NR4 asks whether initiatives to mainstream biosafety were undertaken; NR5 whether "
                               "biosafety is integrated in strategies, plans, policies or legislation")),
    "Q017": Differs("Q010", N_("NR4 asks whether a mechanism for budget allocations exists; NR5 whether the "
                               "Party has resources for biosafety from national budgets")),
    "Q018": Differs("Q011", N_("NR4 asks about permanent staff; NR5 about qualified staff")),
    "Q019": Differs("Q012", N_("NR4 counts permanent staff; NR5 qualified staff")),
    "Q019_adq": Differs("Q012_adq", N_("NR4 asks whether the number of permanent staff is adequate; NR5 of qualified staff")),
    "Q037": Differs("Q027_a", N_("NR4 asks one question for conditions and prohibitions together; NR5 asks "
                                 "questions 27(a) and 27(b) apart")),
    "Q064": Alone(N_("procedures to identify or train national experts in risk assessment")),
    "Q065_a": Differs("Q070_a", _PERIOD), "Q065_a_adq": Differs("Q070_a_adq", _PERIOD),
    "Q065_b": Differs("Q070_b", _PERIOD), "Q065_b_adq": Differs("Q070_b_adq", _PERIOD),
    "Q065_c": Differs("Q070_c", _PERIOD), "Q065_c_adq": Differs("Q070_c_adq", _PERIOD),
    "Q067": Differs("Q071_a", N_("NR4 asks Yes or No for each training material; NR5 lists the materials used")),
    "Q068": Differs("Q071_a", N_("NR4 asks Yes or No for each training material; NR5 lists the materials used")),
    "Q071_a": Same("Q066_a", {"true": "true"}, N_("NR4 asks whether guidance was adopted or used; its No does not "
                                                  "say that the Party had no access to resource materials")),
    "Q071_b": Same("Q066_b", {"true": "true"}, N_("NR4 asks whether guidance was adopted or used; its No does not "
                                                  "say that the Party had no access to resource materials")),
    "Q073": Alone(N_("common approaches to risk assessment with other countries")),
    "Q083": Alone(N_("infrastructure for monitoring or managing LMOs")),
    "Q099": Alone(N_("guidance on the safe handling, transport and packaging of LMOs")),
    "Q101": Differs("Q088", _PERIOD), "Q101_adq": Differs("Q088_adq", _PERIOD),
    "Q114": Alone(N_("a mechanism to strengthen the capacity of the BCH national focal point")),
    "Q116": Differs("Q105", _PERIOD), "Q117": Differs("Q106", _PERIOD),
    "Q118": Alone(N_("the number of biosafety events organized")),
    "Q119": Alone(N_("the number of biosafety publications")),
    "Q125": Same("Q113", {"false": "false"}, N_("NR4 also counts collaborative activities with other Parties; only "
                                                "its No says that no external support was received")),
    "Q126": Differs("Q114", N_("NR4's channels follow its wider question 125 (support or collaborative activities)")),
    "Q129": Alone(N_("a process to access GEF funds for capacity-building")),
    "Q130": Alone(N_("how easy the process to access GEF funds was")),
    "Q136": Differs("Q124", N_("NR4 asks whether a capacity-building strategy or action plan was developed; NR5 "
                               "whether capacity-building needs were prioritized")),
    "Q140": Same("Q155_d", {"false": "false"}, N_("NR4 also counts cooperation with international bodies; only its "
                                                  "No says that the Party did not cooperate with other Parties")),
    "Q145": Alone(N_("the number of academic institutions offering biosafety courses")),
    "Q145_adq": Alone(N_("whether that number of academic institutions is adequate")),
    "Q146": Alone(N_("the number of educational materials on biosafety")),
    "Q146_adq": Alone(N_("whether that number of educational materials is adequate")),
    "Q147": Same("Q129", {"true": "true", "true.some": "true.some"}, N_(
        "NR4 asks about a mechanism to consult the public, part of what NR5 asks; its No does not say that no "
        "other mechanism for public participation exists")),
    "Q149": Alone(N_("the means used to inform the public of modalities for participation")),
    "Q164": Same("Q150", {"1+": "true", "5+": "true", "10+": "true", "50+": "true"}, N_(
        "NR4 counts peer-reviewed materials used; none of them does not say that no resource materials were used")),
    "Q164_adq": Alone(N_("whether the number of peer-reviewed materials used is adequate")),
    # free text
    "Q013": Text("Q006"), "Q020": Text("Q013"), "Q022": Text("Q015"), "Q026": Text("Q019"), "Q038": Text("Q030"),
    "Q044": Text("Q036"), "Q052": Text("Q044"), "Q057": Text("Q049"), "Q059": Text("Q051"), "Q060": Text("Q052"),
    "Q084": Text("Q072"), "Q090": Text("Q078"), "Q107": Text("Q097"), "Q111": Text("Q101"), "Q113": Text("Q103"),
    "Q120": Text("Q108"), "Q123": Text("Q111"), "Q138": Text("Q126"), "Q152": Text("Q139"), "Q157": Text("Q144"),
    "Q161": Text("Q148"), "Q166": Text("Q152"), "Q185": Text("Q174"), "Q186": Text("Q175"), "Q187": Text("Q176"),
}

FORM_KEYS: frozenset[str] = frozenset({"Q001", "Q009", "Q010", "Q011", "Q012"})
"""Fourth-report keys outside the question tree that the BCH's map names (the reporting country's
details as the report analyzer keys them)."""
