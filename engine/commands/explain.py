"""`cartagena explain ID`: what one item of the plan says, where it sits, the treaty articles behind it,
the national report questions that ask about it, and the capacity-building that serves it.

The explanation is built as data first (`build_explanation`) and then rendered as text or JSON, so other
parts of the tool can add sections to it (e.g. "rules that measure it") by passing `extra_sections`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import click

from ..exit_codes import ExitCode

KIND_LABELS = {
    "goal": "goal",
    "objective": "objective",
    "indicator": "indicator",
    "outcome": "outcome",
    "section": "capacity-building section",
    "key_area": "key area for capacity-building",
    "activity": "capacity-building activity",
    "article": "treaty article",
    "nr5_question": "question of the fifth national report (NR5)",
}


@dataclass
class ExtraSection:
    """A section added to an explanation by another part of the tool.

    `items` are dicts with at least `id` and `text`; they are shown in order under `title`, or `empty`
    when there are none. In JSON the section appears under `extra[key]`.
    """

    key: str
    title: str
    items: list[dict[str, Any]] = field(default_factory=list)
    empty: str = "none"


ExtraSectionSource = Union[ExtraSection, Callable[[Any, Any], Union[ExtraSection, None]]]
"""An ExtraSection, or a function (catalog, entry) -> ExtraSection | None computed for the explained id."""


@click.command(name="explain")
@click.argument("item_id", metavar="ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text to read; json for other programs.",
)
def command(item_id: str, fmt: str) -> None:
    """Explain one item of the plan: what it says, where it sits, the treaty articles behind it (with
    whether each is a duty or an option), the fifth national report (NR5) questions that ask about
    it with their answer options, and the capacity-building activities that serve it.

    ID can be any id shown by `cartagena plan`: a goal (A.8), an objective (A.8.2), an indicator
    (A.10(a), also written A.10a or A.10.a), an outcome (A.8-outcome), a capacity-building section
    (CB.A.6-8), key area (KA.A.6-8.5) or activity (CB.A.6-8.i), a treaty article (CP-18.2(a),
    SP-12) or an NR5 question (Q080, Q102_d, or "question 80" as the reports word it); also a rule
    id (A.1/national-measures, see `cartagena rules`) or a profile field
    (national_biosafety_framework.mainstreaming, see `cartagena schema`). Upper or lower case both work; put ids with
    parentheses in quotes in a shell: 'A.10(a)'.

    \b
    Examples:
      cartagena explain A.8.2
      cartagena explain A.10a
      cartagena explain Q080 --format json
    """
    from ..catalog import CatalogError, load_catalog
    from ..commands.plan import report_broken_catalog

    try:
        catalog = load_catalog()
    except CatalogError as exc:
        report_broken_catalog("explain", exc)
    preface: dict[str, Any] | None = None
    target: str | None = item_id
    if catalog.normalise_id(item_id) is None:
        from .explain_names import UNKNOWN_HINT, resolve

        resolved = resolve(catalog, item_id)
        if resolved is None:
            suggestions = catalog.suggest(item_id)
            hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else f"; {UNKNOWN_HINT}"
            click.echo(f"cartagena explain: unknown id {item_id!r}{hint}", err=True)
            raise SystemExit(ExitCode.INVALID_INPUT)
        target, preface = resolved
        if target is not None and catalog.normalise_id(target) is None:
            target = None
    explanation = build_explanation(catalog, target, [rules_that_measure_it]) if target else {}
    if preface is not None:
        explanation = {"asked_as": preface, **explanation}
    if fmt == "json":
        from ..catalog.present import dumps

        click.echo(dumps(explanation), nl=False)
    else:
        from .explain_names import preface_lines

        lines = preface_lines(preface) if preface is not None else []
        click.echo("\n".join([*lines, *(explanation_lines(explanation) if target else [])]).rstrip("\n"))


def rules_that_measure_it(catalog: Any, entry: Any) -> ExtraSection:
    """The rules of `cartagena check` that cite this item (for a goal: the goal's rules)."""
    from ..rulebook.loader import RuleFileError, load_rulebook

    try:
        rules = load_rulebook(catalog=catalog).rules
    except RuleFileError as exc:
        return ExtraSection("rules", "Rules that check it", [], f"[the rule files are broken: {exc.problems[0]}]")
    cited = {
        "goal": lambda rule: rule.goal == entry.id,
        "objective": lambda rule: entry.id in rule.objectives,
        "indicator": lambda rule: entry.id in rule.indicators,
        "article": lambda rule: entry.id in rule.articles,
        "nr5_question": lambda rule: entry.id in rule.nr5,
        "key_area": lambda rule: entry.id in rule.key_areas,
        "activity": lambda rule: entry.id in rule.activities,
    }.get(entry.kind, lambda rule: False)
    from ..catalog.present import duty_label

    def text(rule: Any) -> str:
        relation = next((b.relation for b in rule.legal_basis if b.article == entry.id), None)
        said = f" [{relation}]" if relation else ""
        return f"[{duty_label(rule.duty, rule.duty_instrument)}] {rule.title}{said}"

    items = [{"id": rule.id, "text": text(rule)} for rule in rules if cited(rule)]
    title = "Rules that recommend it when they find a gap" if entry.kind in ("key_area", "activity") else "Rules that check it"
    return ExtraSection("rules", title, items, "No rule of this tool cites it.")


# --- the explanation as data -----------------------------------------------------------------------


def build_explanation(
    catalog: Any, item_id: str, extra_sections: Sequence[ExtraSectionSource] = ()
) -> dict[str, Any]:
    """Everything `explain` shows about `item_id` (any spelling the catalog accepts), as JSON-ready data.

    Keys: id, kind, kind_label, the item's own fields (text, missing, mends ... or, for an article or
    NR5 question, its own shape), where, articles (+ articles_note when none), nr5_questions,
    capacity_building, extra. Raises KeyError for an unknown id.
    """
    from ..catalog import NO_ARTICLE
    from ..catalog.present import article_json, item_json, section_json

    entry = catalog.locate(item_id)
    if entry is None:
        raise KeyError(item_id)
    item = entry.item
    out: dict[str, Any] = {"id": entry.id, "kind": entry.kind, "kind_label": KIND_LABELS[entry.kind]}
    where: list[dict[str, Any]] = []
    goal_ids: list[str] = []
    tied: set[str] = set()

    if entry.kind in ("goal", "objective", "indicator", "outcome"):
        goal = catalog.goal(entry.goal or entry.id)
        out.update(_own(item_json(item), exclude=("objectives", "indicators", "outcome", "articles", "capacity_building", "articles_note", "objectives_missing")))
        where.append({"kind": "area", "id": goal.area, "text": catalog.area_title(goal.area)})
        if entry.kind != "goal":
            where.append({"kind": "goal", "id": goal.id, "text": goal.text, **({"missing": goal.missing} if goal.missing else {})})
        else:
            out["parts"] = [{"id": p.id, "text": p.text} for p in (*goal.objectives, *goal.indicators, goal.outcome)]
        goal_ids = [goal.id]
        if entry.kind == "objective":
            tied = {a.id for a in catalog.articles_for(goal) if entry.id in a.objectives}
    elif entry.kind in ("section", "key_area", "activity"):
        section = catalog.section(entry.section or entry.id)
        if entry.kind == "section":
            out["title"] = f"Capacity-building serving goal{'s' if len(section.goals) > 1 else ''} {', '.join(section.goals)}"
        else:
            out.update(item_json(item))
            where.append({"kind": "section", "id": section.id, "text": None})
        for g in section.goals:
            goal = catalog.goal(g)
            where.append({"kind": "goal", "id": goal.id, "text": goal.text, **({"missing": goal.missing} if goal.missing else {})})
        goal_ids = list(section.goals)
    elif entry.kind == "article":
        out["article"] = article_json(catalog, item)
        out["text"] = item.summary
        for g in item.goals:
            goal = catalog.goal(g)
            where.append({"kind": "goal", "id": goal.id, "text": goal.text, **({"missing": goal.missing} if goal.missing else {})})
        for o in item.objectives:
            where.append({"kind": "objective", "id": o, "text": catalog.lookup(o).text})
        goal_ids = list(item.goals)
    else:  # nr5_question
        out.update(_question_json(catalog, item, with_parts=True))
        out["text"] = item.title
        where.append({"kind": "nr5_section", "id": item.section, "text": item.section_title})
        if item.parent:
            where.append({"kind": "nr5_question", "id": item.parent, "text": catalog.nr5[item.parent].title})
        related = {item.key, *(item.children), *([item.parent] if item.parent else [])}
        articles = [a for a in catalog.articles if related & set(a.nr5)]
        goal_ids = list(dict.fromkeys(g for a in articles for g in a.goals))
        for g in goal_ids:
            goal = catalog.goal(g)
            where.append({"kind": "goal", "id": goal.id, "text": goal.text, **({"missing": goal.missing} if goal.missing else {})})
    out["where"] = where

    # treaty articles
    if entry.kind == "article":
        articles = []
    elif entry.kind != "nr5_question":
        articles = list(dict.fromkeys(a for g in goal_ids for a in catalog.articles_for(catalog.goal(g))))
        articles.sort(key=lambda a: a.id not in tied)  # stable: the ones tied to this objective first
    out["articles"] = [{**article_json(catalog, a), "tied_to_this_item": a.id in tied} for a in articles]
    if entry.kind != "article" and not articles:
        out["articles_note"] = NO_ARTICLE if entry.kind != "nr5_question" else "no article of the project's reference lists this question"

    # NR5 questions that ask about it
    if entry.kind == "nr5_question":
        out["nr5_questions"] = []
    else:
        via: dict[str, list[str]] = {}
        for a in [item] if entry.kind == "article" else articles:
            for key in a.nr5:
                via.setdefault(key, []).append(a.id)
        out["nr5_questions"] = [
            {**_question_json(catalog, catalog.nr5[k], with_parts=True), "via_articles": ids} for k, ids in via.items()
        ]

    # capacity-building serving it
    section_ids = list(dict.fromkeys(catalog.goal(g).capacity_building for g in goal_ids))
    out["capacity_building"] = [section_json(catalog.section(s)) for s in section_ids]

    extras = []
    for source in extra_sections:
        section_data = source(catalog, entry) if callable(source) else source
        if section_data is not None:
            extras.append({"key": section_data.key, "title": section_data.title, "items": section_data.items, "empty": section_data.empty})
    out["extra"] = extras
    return out


def _own(data: dict[str, Any], exclude: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in exclude}


def _question_json(catalog: Any, q: Any, with_parts: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": q.key,
        "label": q.label,
        "section": q.section_title,
        "title": q.title,
        "type": q.type,
        "multiple": q.multiple,
        "options": [{"value": o.value, "title": o.title} for o in q.options],
    }
    if with_parts and q.children:
        data["parts"] = [_question_json(catalog, catalog.nr5[c], with_parts=False) for c in q.children]
    return data


# --- the explanation as text -----------------------------------------------------------------------


def explanation_lines(ex: dict[str, Any]) -> list[str]:
    """The explanation built by `build_explanation`, as lines of text for a reader."""
    from ..catalog.present import DUTY_WORDS, MEND_KINDS, shown_data, wrap

    lines = [f"{ex['id']}  ({ex['kind_label']})"]
    if ex["kind"] == "section":
        lines += wrap(ex["title"], "  ")
    elif ex["kind"] == "article":
        art = ex["article"]
        lines += wrap(art["label"], "  ")
        lines += wrap(DUTY_WORDS[art["duty"]], "  ", "Duty: ")
        if art.get("duty_note"):
            lines += wrap(art["duty_note"], "        ")
        lines.append("  Reference summary (the project's, not the treaty text):")
        lines += wrap(art["summary"] if art["summary"] is not None else "[none recorded]", "    ")
        for key, head in (("source_note", "Note: "), ("goal_note", "Goals: ")):
            if art.get(key):
                lines += wrap(art[key], "  ", head)
        if art["inferred_goals"]:
            lines += wrap(
                f"the link to goal {', '.join(art['inferred_goals'])} is the project reference's inference; "
                "the plan does not say so in as many words",
                "  ",
                "Inferred: ",
            )
    elif ex["kind"] == "nr5_question":
        lines += wrap(ex["title"], "  ")
        lines += _options_lines(ex, "  ")
        for part in ex.get("parts", ()):
            lines += wrap(part["title"], "    ", f"({part['label'].split('(')[-1].rstrip(')')}) " if "(" in part["label"] else "- ")
            lines += _options_lines(part, "      ")
    else:
        lines += wrap(shown_data(ex), "  ")
        if ex.get("letter_note"):
            lines += wrap(ex["letter_note"], "  ", "Note: ")
        if ex.get("source_note"):
            lines += wrap(ex["source_note"], "  ", "Note: ")
        for mend in ex.get("mends", ()):
            line = f"the source reads \"{mend['source']}\", here \"{mend['reading']}\""
            if mend["kind"] != "line_break_hyphen":
                line += f"; {mend['reason']}"
            lines += wrap(line, "  ", f"Mended ({MEND_KINDS[mend['kind']]}): ")
        for part in ex.get("parts", ()):
            if part is ex.get("parts")[0]:
                lines += ["", "Its objectives, indicators and outcome"]
            lines += wrap(part["text"] if part["text"] is not None else "[missing from the source text]", "  ", f"{part['id']}  ")

    if ex["where"]:
        lines += ["", "Where it sits"]
        names = {"area": "Area", "goal": "Goal", "section": "Capacity-building section", "objective": "Objective",
                 "nr5_section": "NR5 section", "nr5_question": "Part of question"}
        for w in ex["where"]:
            text = w["text"] if w["text"] is not None else (f"[missing from the source text: {w['missing']}]" if w.get("missing") else "")
            lines += wrap(text, "  ", f"{names[w['kind']]} {w['id']}  ")

    if ex["kind"] != "article":
        lines += ["", "Treaty articles behind it (from the project's reference, obligations.md)"]
        if not ex["articles"]:
            lines += wrap(f"None: {ex['articles_note']}.", "  ")
        for art in ex["articles"]:
            mark = "  [the reference ties it to this objective]" if art["tied_to_this_item"] else ""
            lines += wrap(art["label"] + mark, "  ", f"{art['id']}  ")
            lines += wrap(DUTY_WORDS[art["duty"]], "    ", "Duty: ")
            if art["summary"] is not None:
                lines.append("    Reference summary (the project's, not the treaty text):")
                lines += wrap(art["summary"], "      ")
            if art["inferred_goals"]:
                lines += wrap(f"the link to goal {', '.join(art['inferred_goals'])} is the reference's inference", "    ", "Inferred: ")

    if ex["kind"] != "nr5_question":
        lines += ["", "Fifth national report (NR5) questions that ask about it"]
        if not ex["nr5_questions"]:
            lines.append("  None listed.")
        for q in ex["nr5_questions"]:
            lines += wrap(f"{q['label']}, {q['section']} (via {', '.join(q['via_articles'])})", "  ", f"{q['key']}  ")
            lines += wrap(q["title"], "    ")
            lines += _options_lines(q, "    ")
            for part in q.get("parts", ()):
                lines += wrap(part["title"], "      ", f"{part['key']}  ")
                lines += _options_lines(part, "        ")

    lines += ["", "Capacity-building that serves it"]
    if not ex["capacity_building"]:
        lines.append("  None.")
    for sec in ex["capacity_building"]:
        shared = f" (shared by goals {', '.join(sec['goals'])})" if len(sec["goals"]) > 1 else f" (goal {sec['goals'][0]})"
        lines.append(f"  {sec['id']}{shared}")
        lines.append("    Key areas for capacity-building")
        if not sec["key_areas"]:
            lines += wrap(f"[missing from the source text: {sec.get('key_areas_missing')}]", "      ")
        for k in sec["key_areas"]:
            lines += wrap(shown_data(k), "      ", _pad(k["id"], sec["key_areas"]))
        lines.append("    Capacity-building activities")
        if not sec["activities"]:
            lines += wrap(f"[missing from the source text: {sec.get('activities_missing')}]", "      ")
        for a in sec["activities"]:
            lines += wrap(shown_data(a), "      ", _pad(a["id"], sec["activities"]))

    for extra in ex["extra"]:
        lines += ["", extra["title"]]
        if not extra["items"]:
            lines += wrap(extra["empty"], "  ")
        for it in extra["items"]:
            lines += wrap(str(it.get("text") or ""), "  ", f"{it['id']}  ")
    return lines


def _pad(id_: str, siblings: list[dict[str, Any]]) -> str:
    return id_.ljust(max(len(s["id"]) for s in siblings)) + "  "


def _options_lines(q: dict[str, Any], indent: str) -> list[str]:
    from ..catalog.present import wrap

    if not q["options"]:
        return wrap(f"(answered as {q['type'] or 'text'})", indent) if q["type"] not in ("sub-section",) else []
    choice = "choose any" if q["multiple"] else "choose one"
    text = "; ".join(f"{o['title'].rstrip(':')} [{o['value']}]" for o in q["options"])
    return wrap(text, indent, f"Answers ({choice}): ")
