"""The plan catalog's file formats, as pydantic models (the JSON Schema of the catalog is generated from them).

Every text of the plan is an item with an `id` and its `text` in the plan's own words. Where the
source text lacks something, `text` is null and `missing` says why; where only part of an item
survives, `fragment: true` and `missing` says what is lost; every correction of the extracted source
text is a `mend` (what the source reads, what the catalog reads, and why).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..pydantic_plugins import skip_plugin_lookup

skip_plugin_lookup()  # before the first model is built

_GOAL_ID = r"^[AB]\.\d+$"
_SECTION_ID = r"^CB\.[AB]\.\d+(-\d+)?$"
_NR5_KEY = r"^Q\d{3}(_[a-z0-9]+)*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Mend(_Model):
    """One correction of the extracted source text."""

    source: str = Field(description="What the extracted source text reads (joined across lines).")
    reading: str = Field(description="What the catalog reads instead; it occurs in the item's text.")
    kind: Literal["ocr_slip", "line_break_hyphen", "stray_text_removed", "restored_words"]
    reason: str


class TextItem(_Model):
    """An item of the plan with its words, and what is known about their faithfulness."""

    id: str
    text: str | None = Field(description="The plan's words; null where the source text lacks them.")
    missing: str | None = Field(
        default=None, description="Why the text, or part of it, is absent. Required when text is null."
    )
    fragment: bool = Field(default=False, description="Only part of the item survives in the source.")
    mends: tuple[Mend, ...] = Field(default=(), description="Every correction made to the source text.")
    source_note: str | None = Field(default=None, description="Where in the source the text was found, if unusual.")

    @model_validator(mode="after")
    def _faithful(self) -> TextItem:
        if self.text is None and not self.missing:
            raise ValueError("text is null, so `missing` must say why")
        if self.text is not None and self.missing and not self.fragment:
            raise ValueError("has both text and `missing`: mark it `fragment: true` or drop `missing`")
        if self.fragment and self.text is None:
            raise ValueError("`fragment: true` needs the surviving text")
        for mend in self.mends:
            if self.text is None or mend.reading not in self.text:
                raise ValueError(f"mend reading {mend.reading!r} does not occur in the text")
        return self


class Objective(TextItem):
    id: str = Field(pattern=r"^[AB]\.\d+\.\d+$", description="e.g. A.1.1")


class Indicator(TextItem):
    id: str = Field(pattern=r"^[AB]\.\d+\([a-z]\)$", description="e.g. A.1(a): the plan's own letter")
    letter: str = Field(pattern=r"^[a-z]$")
    letter_note: str | None = Field(default=None, description="How the letter was found, where the source lacks it.")


class Outcome(TextItem):
    id: str = Field(pattern=r"^[AB]\.\d+-outcome$", description="e.g. A.1-outcome")


class Goal(TextItem):
    """One goal of the Implementation Plan: a file `goals/<ID>.yaml`."""

    id: str = Field(pattern=_GOAL_ID, description="e.g. A.1")
    area: Literal["A", "B"]
    objectives: tuple[Objective, ...]
    objectives_missing: str | None = Field(
        default=None, description="Why objectives are absent (required when there are none)."
    )
    indicators: tuple[Indicator, ...]
    outcome: Outcome
    articles: tuple[str, ...] = Field(description="Ids of articles.yaml entries behind this goal.")
    articles_note: str | None = Field(default=None, description="Required when no article is listed.")
    capacity_building: str = Field(pattern=_SECTION_ID, description="The capacity-building section serving the goal.")


class KeyArea(TextItem):
    id: str = Field(pattern=r"^KA\.[AB]\.\d+(-\d+)?\.\d+$", description="e.g. KA.A.6-8.5")
    number: int = Field(ge=1, description="The plan's number: (1), (2) ...")


class Activity(TextItem):
    id: str = Field(pattern=r"^CB\.[AB]\.\d+(-\d+)?\.[ivxl]+$", description="e.g. CB.A.6-8.vi")
    numeral: str = Field(pattern=r"^[ivxl]+$", description="The plan's numeral: (i), (ii) ...")


class CapacityBuildingSection(_Model):
    """Key areas for capacity-building and activities serving one or more goals: `capacity-building/<ID>.yaml`."""

    id: str = Field(pattern=_SECTION_ID, description="e.g. CB.A.2-3 (serves A.2 and A.3)")
    goals: tuple[str, ...] = Field(min_length=1)
    key_areas: tuple[KeyArea, ...]
    key_areas_missing: str | None = Field(default=None, description="Why key areas are absent (required when none).")
    activities: tuple[Activity, ...]
    activities_missing: str | None = Field(default=None, description="Why activities are absent (required when none).")


class ArticleReference(_Model):
    """The project reference's own cells for this article (obligations.md)."""

    article: str | None = None
    nr5: str | None = None


Force = Literal["shall", "shall_endeavour", "should", "may", "encouraged", "request", "mixed", "none"]
"""The modal verb of a paragraph as the treaty (or decision) words it: `shall`; `shall_endeavour`;
`should`; `may` (an option or a right); `encouraged` ("are encouraged"); `request` (a decision of the
meeting of the Parties "requests" Parties); `mixed` (an entry for a whole article whose paragraphs
differ: each is recorded under its own id); `none` (no provision: a status, a goal of the plan)."""

Binds = Literal[
    "each_party",
    "the_parties",
    "party_of_import",
    "party_of_export",
    "party_of_transit",
    "deciding_party",
    "competent_authority",
    "meeting_of_the_parties",
    "secretariat",
    "none",
]
"""Whom the paragraph binds: `each_party` ("Each Party shall"); `the_parties` ("The Parties shall",
each Party for its own part); a Party in a role (`party_of_import`, `party_of_export`,
`party_of_transit`, `deciding_party`: "A Party that makes a final decision"); `competent_authority`
(the Party's own authority, Supplementary Protocol Article 5.2); `meeting_of_the_parties` (the Parties
collectively, as their meeting); `secretariat`; `none`."""

PARTY_BOUND: frozenset[str] = frozenset(
    {"each_party", "the_parties", "party_of_import", "party_of_export", "party_of_transit", "deciding_party", "competent_authority"}
)
"""The `binds` values under which a paragraph's duty falls on a Party (each for its own part, or in
its role), as opposed to the meeting of the Parties or the Secretariat."""


class TextSource(_Model):
    """Where the quoted text of the treaties and decisions was read (`articles.yaml` `sources`)."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    where: str = Field(description="Repository, path and commit, or address, of the copy that was read.")
    notes: str = Field(description="How the quotes relate to the copy: what was changed (nothing but layout), its quirks.")


class Article(_Model):
    """A paragraph of a treaty (or a decision) behind one or more goals (an entry of `articles.yaml`)."""

    id: str = Field(
        pattern=r"^(CP|SP)-[A-Za-z0-9.()\-]+$|^MOP-BS-[IVX]+/\d+$|^cooperation$",
        description="e.g. CP-18.2(a), SP-12.1, MOP-BS-I/7",
    )
    instrument: Literal["cartagena_protocol", "supplementary_protocol", "decision_of_the_parties", "none"]
    kind: Literal["article", "decision", "ratification_status", "plan_goal"] = Field(
        default="article",
        description="What the entry is: a treaty article, a decision of the meeting of the Parties, the status of "
        "ratification (SP-status), or the plan's goal where no single article applies (cooperation, goal B.4).",
    )
    label: str = Field(description='e.g. "Article 18, paragraph 2(a), of the Cartagena Protocol"')
    force: Force = Field(description="The paragraph's modal verb as the text words it (see `Force`).")
    binds: Binds = Field(description="Whom the paragraph binds (see `Binds`).")
    force_note: str | None = Field(
        default=None, description="Why the force or whom it binds is read so: a paragraph mixing verbs, a passive voice."
    )
    text: str | None = Field(
        description="The paragraph word for word, as read in `text_source`; null where the project has no verified text."
    )
    text_source: str | None = Field(default=None, description="The id of the `sources` entry the text was read in.")
    text_note: str | None = Field(default=None, description="Required when text is null: why there is no text, and what is known.")
    summary: str | None = Field(description="The project's reference summary (obligations.md), NOT the treaty text.")
    source_note: str | None = Field(default=None, description="Why the entry exists when the reference has no row for it.")
    goals: tuple[str, ...]
    goal_note: str | None = None
    objectives: tuple[str, ...] = Field(default=(), description="Objectives the reference names for this article.")
    inferred: bool = Field(description="The link to the plan is the project's inference (the plan does not say so).")
    inferred_goals: tuple[str, ...] = Field(default=(), description="Goals linked by inference only.")
    nr5: tuple[str, ...] = Field(description="Fifth national report questions, as BCH keys (Q080, Q102_d).")
    reference: ArticleReference = ArticleReference()

    @property
    def binds_a_party(self) -> bool:
        return self.binds in PARTY_BOUND

    @model_validator(mode="after")
    def _consistent(self) -> Article:
        if self.summary is None and not self.source_note:
            raise ValueError("summary is null (no row of the project's reference): `source_note` must say why the entry exists")
        if self.text is None and not self.text_note:
            raise ValueError("text is null: `text_note` must say why the project has no verified text")
        if self.text is not None and not self.text_source:
            raise ValueError("a quoted text needs `text_source`: where it was read")
        if not set(self.inferred_goals) <= set(self.goals):
            raise ValueError("inferred_goals must be among goals")
        if self.inferred and set(self.inferred_goals) != set(self.goals):
            raise ValueError("inferred: true means every goal link is inferred: list them all in inferred_goals")
        if not self.inferred and self.goals and set(self.inferred_goals) == set(self.goals):
            raise ValueError("every goal link is inferred, so `inferred` must be true")
        for key in self.nr5:
            if not re.match(_NR5_KEY, key):
                raise ValueError(f"nr5 key {key!r} is not a BCH key like Q080 or Q102_d")
        return self


class ArticlesFile(_Model):
    """`articles.yaml`."""

    summary_source: str
    sources: tuple[TextSource, ...] = Field(min_length=1, description="Where the quoted texts were read.")
    articles: tuple[Article, ...] = Field(min_length=1)


class Period(_Model):
    start: int
    end: int


class Source(_Model):
    name: str
    notes: tuple[str, ...]


class Area(_Model):
    id: Literal["A", "B"]
    title: str


class PlanNote(_Model):
    """A note of the plan on how to read it, quoted with its paragraph number."""

    id: str = Field(pattern=r"^note\.[a-z-]+$")
    paragraph: int
    topic: str
    text: str


class PlanFile(_Model):
    """`plan.yaml`: the plan's metadata, the order of goals and sections, and the plan's notes."""

    title: str
    period: Period
    source: Source
    areas: tuple[Area, ...]
    goals: tuple[str, ...] = Field(min_length=1, description="Goal ids in the plan's order; one goals/<ID>.yaml each.")
    capacity_building: tuple[str, ...] = Field(
        min_length=1, description="Section ids in order; one capacity-building/<ID>.yaml each."
    )
    notes: tuple[PlanNote, ...]
