"""How catalog items are shown to a reader: as wrapped text lines, and as JSON-ready dicts."""

from __future__ import annotations

from ..i18n import N_

import json
import textwrap
from typing import Any

from ..catalog.loader import NO_ARTICLE, Catalog
from ..catalog.models import Article, CapacityBuildingSection, Goal, Mend, TextItem

MAX_WIDTH = 100

DUTY_WORDS = {
    "shall": N_("shall (a legal obligation)"),
    "may": N_("may (an option)"),
    "encouraged": N_("encouraged (not an obligation)"),
    "none": N_("no duty word in the reference summary"),
}

INSTRUMENTS = {
    "cartagena_protocol": "the Cartagena Protocol",
    "supplementary_protocol": "the Supplementary Protocol",
    "decision_of_the_parties": "a decision of the meeting of the Parties",
    "none": "no single treaty instrument",
}
"""How each instrument of `articles.yaml` reads in every output (one place, so every format agrees)."""

RELATIONS = {
    "requires": "the article obliges the Party to have this",
    "supports": "the plan's objective serves the article, but the article does not require this measure itself",
    "encourages": "the article encourages this",
}
"""What each relation of a rule to an article of its legal basis means (for a legend or a help text)."""

_DUTY_LABELS = {"commitment": "commitment under the plan", "option": "option the Party may choose"}


def duty_label(duty: str, instrument: str | None) -> str:
    """The kind of duty as every format shows it, lower case: an obligation names its instrument."""
    if duty == "obligation":
        return f"obligation under {INSTRUMENTS[instrument or 'none']}"
    return _DUTY_LABELS[duty]


def basis_words(label: str, relation: str, kind: str = "article") -> str:
    """One entry of a legal basis, e.g. "Article 19, paragraph 2, of the Cartagena Protocol [requires]";
    a pseudo-id (ratification status, plan goal) says what it is."""
    what = {"ratification_status": " (the status of ratification, not an article)", "plan_goal": " (the plan's goal; no single article applies)"}
    return f"{label}{what.get(kind, '')} [{relation}]"


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


def shown_words(text: str | None, missing: str | None, fragment: bool) -> str:
    """An item's words as a reader should see them: missing and fragmentary parts said plainly."""
    if text is None:
        return f"[missing from the source text: {missing}]"
    if fragment:
        return f"...{text} [fragment: {missing}]"
    return text


def shown_text(item: TextItem) -> str:
    return shown_words(item.text, item.missing, item.fragment)


def shown_data(data: dict[str, Any]) -> str:
    """shown_words for an item as plain data (JSON output): a fragment is text that carries `missing`."""
    return shown_words(data.get("text"), data.get("missing"), bool(data.get("fragment") or (data.get("text") and data.get("missing"))))


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
    lines += wrap(DUTY_WORDS[article.duty], sub, "Duty: ")
    if article.duty_note:
        lines += wrap(article.duty_note, sub + "      ")
    if article.summary is not None:
        lines.append(f"{sub}Reference summary (the project's, not the treaty text):")
        lines += wrap(article.summary, sub + "  ")
    if article.source_note:
        lines += wrap(article.source_note, sub, "Note: ")
    if article.inferred or article.inferred_goals:
        lines += wrap(
            f"the link to goal {_and(article.inferred_goals)} is the project reference's inference; the plan "
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
