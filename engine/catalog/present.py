"""How catalog items are shown to a reader: as wrapped text lines, and as JSON-ready dicts."""

from __future__ import annotations

import functools
import json
import textwrap
from typing import Any

from ..catalog.loader import NO_ARTICLE, Catalog
from ..catalog.models import Article, CapacityBuildingSection, Goal, Mend, TextItem
from ..i18n import N_, tr

MAX_WIDTH = 100

FORCE_WORDS = {
    # TRANSLATORS: the force of a treaty paragraph, its modal verb quoted in English
    "shall": N_('"shall": a legal obligation'),
    "shall_endeavour": N_('"shall endeavour": an obligation to try, a commitment'),
    "should": N_('"should": a recommendation, a commitment'),
    "may": N_('"may": an option or a right'),
    "encouraged": N_('"are encouraged": not an obligation'),
    "request": N_("a request of the meeting of the Parties: a commitment, not a treaty obligation"),
    "mixed": N_("a whole article whose paragraphs differ in force (each has its own entry)"),
    "none": N_("no duty of a Party: a status, a goal of the plan, or a decision that asks nothing of a Party"),
}
"""Each `force` of `articles.yaml` as a reader sees it (English here; shown through `tr`)."""

BINDS_WORDS = {
    "each_party": N_("each Party"),
    "the_parties": N_("the Parties, each for its own part"),
    "party_of_import": N_("the Party of import"),
    "party_of_export": N_("the Party of export"),
    "party_of_transit": N_("a Party of transit"),
    "deciding_party": N_("the Party that makes the decision"),
    "competent_authority": N_("the Party's competent authority"),
    "meeting_of_the_parties": N_("the Parties collectively, as their meeting"),
    "secretariat": N_("the Secretariat"),
    "none": N_("no one"),
}
"""Each `binds` of `articles.yaml` as a reader sees it (English here; shown through `tr`)."""


def force_lines(article: Any, indent: str, lang: str = "en") -> list[str]:
    """The force of a paragraph and whom it binds, with the note on how they are read; for `plan`
    and `explain`."""
    lines = wrap(tr(lang, FORCE_WORDS[article["force"]]), indent, tr(lang, "Force: "))
    lines += wrap(tr(lang, BINDS_WORDS[article["binds"]]), indent, tr(lang, "Binds: "))
    if article.get("force_note"):
        lines += wrap(article["force_note"], indent + "  ")
    return lines


def text_lines(article: dict[str, Any], indent: str, lang: str = "en") -> list[str]:
    """A paragraph's words as quoted (each line of it wrapped) and where they were read (`read_in`
    of `article_json`); or why there is no text."""
    lines: list[str] = []
    if article.get("text") is not None:
        lines.append(indent + tr(lang, "Text (word for word):"))
        for line in article["text"].split("\n"):
            lines += wrap(line, indent + "  ")
        source = article.get("read_in")
        if source:
            lines += wrap(f"{source['title']}; {source['where']}", indent, tr(lang, "Read in: "))
    if article.get("text_note"):
        lines += wrap(article["text_note"], indent, tr(lang, "Text: ") if article.get("text") is None else tr(lang, "Note: "))
    return lines


INSTRUMENTS = {
    "cartagena_protocol": N_("the Cartagena Protocol"),
    "supplementary_protocol": N_("the Supplementary Protocol"),
    "decision_of_the_parties": N_("a decision of the meeting of the Parties"),
    "none": N_("no single treaty instrument"),
}
"""How each instrument of `articles.yaml` reads in every output (one place, so every format agrees);
English, marked: `tr(lang, INSTRUMENTS[key])` where shown."""

RELATIONS = {
    "requires": "the article obliges the Party to have this",
    "supports": "the plan's objective serves the article, but the article does not require this measure itself",
    "encourages": "the article encourages this",
}
"""What each relation of a rule to an article of its legal basis means (for a legend or a help text)."""

# the relation as a legal basis shows it, "[requires]": the rule file's own word in English
RELATION_WORDS = {
    # TRANSLATORS: a relation of a rule to an article, shown in brackets: the article requires the measure
    "requires": N_("requires"),
    # TRANSLATORS: a relation of a rule to an article, shown in brackets: the plan's objective serves the article
    "supports": N_("supports"),
    # TRANSLATORS: a relation of a rule to an article, shown in brackets: the article encourages the measure
    "encourages": N_("encourages"),
}

# each duty label whole (a duty with the instrument it arises under), so a language orders its words its own way
_DUTY_LABELS = {
    ("obligation", "cartagena_protocol"): N_("obligation under the Cartagena Protocol"),
    ("obligation", "supplementary_protocol"): N_("obligation under the Supplementary Protocol"),
    ("commitment", "cartagena_protocol"): N_("commitment under the Cartagena Protocol"),
    ("commitment", "supplementary_protocol"): N_("commitment under the Supplementary Protocol"),
    ("commitment", "decision_of_the_parties"): N_("commitment under a decision of the meeting of the Parties"),
    ("commitment", None): N_("commitment under the plan"),
    ("option", None): N_("option the Party may choose"),
}

# TRANSLATORS: the kinds of duty a rule checks, bare: "obligation" under a treaty, "commitment" under the plan, "option" the Party may choose
DUTY_NAMES = {"obligation": N_("obligation"), "commitment": N_("commitment"), "option": N_("option")}
"""The bare kinds of duty (English here; shown through `tr`), as `explain` names a rule's and an older
saved report keeps them."""

DUTY_LABELS: tuple[str, ...] = tuple(_DUTY_LABELS.values())
"""Every label `duty_label` gives, in English (the msgids)."""


@functools.cache
def duty_label(duty: str, instrument: str | None, lang: str = "en") -> str:
    """The kind of duty as every format shows it, lower case, named by the instrument of the paragraph
    whose force carries it (`Rule.duty_instrument`): "obligation under the Cartagena Protocol" (a
    "shall"), "commitment under the Cartagena Protocol" (a "shall endeavour"), "commitment under a
    decision of the meeting of the Parties" (a request), "commitment under the plan" (a rule that
    requires no paragraph). Cached: every finding of a report shows one."""
    key = (duty, None if duty == "option" else instrument)
    # an older saved report (diff) may name a pair this version does not: its bare kind of duty
    return tr(lang, _DUTY_LABELS.get(key) or _DUTY_LABELS.get((duty, None)) or DUTY_NAMES[duty])


def basis_words(label: str, relation: str, kind: str = "article", lang: str = "en") -> str:
    """One entry of a legal basis, e.g. "Article 19, paragraph 2, of the Cartagena Protocol [requires]";
    a pseudo-id (ratification status, plan goal) says what it is. The label (articles.yaml) stays English."""
    if lang != "en":  # English shows the rule file's relation word as it is
        relation = tr(lang, RELATION_WORDS.get(relation, relation))
    if kind == "ratification_status":
        return tr(lang, "{label} (the status of ratification, not an article) [{relation}]").format(label=label, relation=relation)
    if kind == "plan_goal":
        return tr(lang, "{label} (the plan's goal; no single article applies) [{relation}]").format(label=label, relation=relation)
    return tr(lang, "{label} [{relation}]").format(label=label, relation=relation)


MEND_KINDS = {
    "ocr_slip": N_("OCR slip"),
    "line_break_hyphen": N_("line-break hyphen"),
    "stray_text_removed": N_("stray text removed"),
    "restored_words": N_("words restored"),
}


def width() -> int:
    """Lines are wrapped at a fixed width, so output is the same on every terminal and in files."""
    return MAX_WIDTH


def wrap(text: str, indent: str = "", label: str = "", cols: int | None = None) -> list[str]:
    """`text` wrapped with `label` in front and later lines aligned under the text."""
    cols = cols or width()
    lines = textwrap.wrap(
        text,
        width=cols,
        initial_indent=indent + label,
        subsequent_indent=indent + " " * len(label),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [indent + label.rstrip()]


def label(id_: str, siblings: Any) -> str:
    """An id as the first column of a list, padded so the texts of the list line up."""
    return id_.ljust(max(len(s.id) for s in siblings)) + "  "


def shown_words(text: str | None, missing: str | None, fragment: bool, lang: str = "en") -> str:
    """An item's words as a reader should see them: missing and fragmentary parts said plainly (the
    plan's text and the catalog's note on what is missing stay English; the tool's words are in `lang`)."""
    if text is None:
        return tr(lang, "[missing from the source text: {missing}]").format(missing=missing)
    if fragment:
        return tr(lang, "...{text} [fragment: {missing}]").format(text=text, missing=missing)
    return text


def shown_text(item: TextItem, lang: str = "en") -> str:
    return shown_words(item.text, item.missing, item.fragment, lang)


def shown_data(data: dict[str, Any], lang: str = "en") -> str:
    """shown_words for an item as plain data (JSON output): a fragment is text that carries `missing`."""
    return shown_words(data.get("text"), data.get("missing"), bool(data.get("fragment") or (data.get("text") and data.get("missing"))), lang)


def mend_line(mend: Mend) -> str:
    line = f"mended ({MEND_KINDS[mend.kind]}): the source reads \"{mend.source}\", here \"{mend.reading}\""
    return line if mend.kind == "line_break_hyphen" else f"{line}; {mend.reason}"


def item_lines(item: TextItem, indent: str, label: str, with_mends: bool = False) -> list[str]:
    lines = wrap(shown_text(item), indent, label)
    sub = indent + " " * len(label)
    notes = [getattr(item, "letter_note", None), item.source_note if with_mends else None]
    for note in notes:
        if note:
            lines += wrap(f"note: {note}", sub)
    if with_mends:
        for mend in item.mends:
            lines += wrap(mend_line(mend), sub)
    return lines


def section_heading(catalog: Catalog, section: CapacityBuildingSection) -> str:
    if len(section.goals) > 1:
        return f"Capacity-building ({section.id}, shared by goals {_and(section.goals)})"
    return f"Capacity-building ({section.id})"


def section_lines(section: CapacityBuildingSection, indent: str, with_mends: bool = False) -> list[str]:
    lines = [f"{indent}Key areas for capacity-building"]
    if not section.key_areas:
        lines += wrap(f"[missing from the source text: {section.key_areas_missing}]", indent + "  ")
    for k in section.key_areas:
        lines += item_lines(k, indent + "  ", label(k.id, section.key_areas), with_mends)
    lines.append(f"{indent}Capacity-building activities")
    if not section.activities:
        lines += wrap(f"[missing from the source text: {section.activities_missing}]", indent + "  ")
    for a in section.activities:
        lines += item_lines(a, indent + "  ", label(a.id, section.activities), with_mends)
    return lines


def article_lines(catalog: Catalog, article: Article, indent: str, first: str = "") -> list[str]:
    lines = wrap(f"{article.label}", indent, f"{article.id}  {first}")
    sub = indent + "  "
    lines += force_lines(article.model_dump(), sub)
    if article.summary is not None:
        lines.append(f"{sub}Reference summary (the project's, not the treaty text):")
        lines += wrap(article.summary, sub + "  ")
    if article.source_note:
        lines += wrap(article.source_note, sub, "Note: ")
    if article.inferred or article.inferred_goals:
        lines += wrap(
            f"the link to goal {_and(article.inferred_goals)} is the project's inference; the plan "
            "does not say so in as many words",
            sub,
            "Inferred: ",
        )
    if article.goal_note:
        lines += wrap(article.goal_note, sub, "Goals: ")
    return lines


def no_article_line(indent: str) -> list[str]:
    return wrap(f"None: {NO_ARTICLE}.", indent)


def _and(ids: tuple[str, ...] | list[str]) -> str:
    ids = list(ids)
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


# --- JSON ----------------------------------------------------------------------------------------


def item_json(item: Any) -> dict[str, Any]:
    """An item as JSON: every field it has, optional fields only when set (text is always there)."""
    return item.model_dump(mode="json", exclude_defaults=True)


def article_json(catalog: Catalog, article: Article) -> dict[str, Any]:
    data = article.model_dump(mode="json")
    data["summary_source"] = catalog.summary_source
    if article.text_source is not None:
        source = catalog.sources[article.text_source]
        data["read_in"] = {"title": source.title, "where": source.where, "notes": source.notes}
    return data


def goal_json(catalog: Catalog, goal: Goal) -> dict[str, Any]:
    data: dict[str, Any] = {"id": goal.id, "area": goal.area, "text": goal.text}
    for key in ("missing", "fragment", "mends"):
        if getattr(goal, key):
            data[key] = item_json(goal)[key]
    data["objectives"] = [item_json(o) for o in goal.objectives]
    if goal.objectives_missing:
        data["objectives_missing"] = goal.objectives_missing
    data["indicators"] = [item_json(i) for i in goal.indicators]
    data["outcome"] = item_json(goal.outcome)
    data["articles"] = list(goal.articles)
    if not goal.articles:
        data["articles_note"] = goal.articles_note or NO_ARTICLE
    data["capacity_building"] = goal.capacity_building
    return data


def section_json(section: CapacityBuildingSection) -> dict[str, Any]:
    data: dict[str, Any] = {"id": section.id, "goals": list(section.goals)}
    data["key_areas"] = [item_json(k) for k in section.key_areas]
    if section.key_areas_missing:
        data["key_areas_missing"] = section.key_areas_missing
    data["activities"] = [item_json(a) for a in section.activities]
    if section.activities_missing:
        data["activities_missing"] = section.activities_missing
    return data


def dumps(data: Any) -> str:
    """Deterministic JSON for output: fixed key order, UTF-8 characters kept, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
