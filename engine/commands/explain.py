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
from ..i18n import N_, rule_words, tr, trn
from .. import l10n
from .explain_text import explanation_lines
from .lang import lang_option

KIND_LABELS = {
    "goal": N_("goal"),
    "objective": N_("objective"),
    "indicator": N_("indicator"),
    "outcome": N_("outcome"),
    "section": N_("capacity-building section"),
    "key_area": N_("key area for capacity-building"),
    "activity": N_("capacity-building activity"),
    "article": N_("treaty article"),
    "nr5_question": N_("question of the fifth national report (NR5)"),
}
"""Each kind of item as `explain` names it (English here; shown through `tr`)."""


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
@lang_option("The language of the explanation's own words and of the national report's questions and answers (the BCH's own wording); the plan's and the treaties' text stays English.")
def command(item_id: str, fmt: str, lang: str) -> None:
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

        resolved = resolve(catalog, item_id, lang)
        if resolved is None:
            suggestions = catalog.suggest(item_id)
            hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else f"; {UNKNOWN_HINT}"
            click.echo(f"cartagena explain: unknown id {item_id!r}{hint}", err=True)
            raise SystemExit(ExitCode.INVALID_INPUT)
        target, preface = resolved
        if target is not None and catalog.normalise_id(target) is None:
            target = None
    explanation = build_explanation(catalog, target, [rules_that_measure_it(lang)], lang=lang) if target else {}
    if preface is not None:
        explanation = {"asked_as": preface, **explanation}
    if fmt == "json":
        from ..catalog.present import dumps

        click.echo(dumps(explanation), nl=False)
    else:
        from .explain_names import preface_lines

        lines = preface_lines(preface, lang) if preface is not None else []
        shown = [*lines, *(explanation_lines(explanation) if target else [])]
        click.echo("\n".join(l10n.isolate_runs(line, lang) for line in shown).rstrip("\n"))  # Latin runs kept in order in Arabic


def rules_that_measure_it(lang: str = "en") -> Callable[[Any, Any], ExtraSection]:
    """The section "Rules that check it", in `lang`."""
    return lambda catalog, entry: _rules_that_measure_it(catalog, entry, lang)


def _rules_that_measure_it(catalog: Any, entry: Any, lang: str) -> ExtraSection:
    """The rules of `cartagena check` that cite this item (for a goal: the goal's rules)."""
    from ..rulebook.loader import RuleFileError, load_rulebook

    try:
        rules = load_rulebook(catalog=catalog).rules
    except RuleFileError as exc:
        broken = tr(lang, "[the rule files are broken: {problem}]").format(problem=exc.problems[0])
        return ExtraSection("rules", tr(lang, "Rules that check it"), [], broken)
    cited = {
        "goal": lambda rule: rule.goal == entry.id,
        "objective": lambda rule: entry.id in rule.objectives,
        "indicator": lambda rule: entry.id in rule.indicators,
        "article": lambda rule: entry.id in rule.articles,
        "nr5_question": lambda rule: entry.id in rule.nr5,
        "key_area": lambda rule: entry.id in rule.key_areas,
        "activity": lambda rule: entry.id in rule.activities,
    }.get(entry.kind, lambda rule: False)
    from ..catalog.present import RELATION_WORDS, duty_label

    def text(rule: Any) -> str:
        relation = next((b.relation for b in rule.legal_basis if b.article == entry.id), None)
        if relation and lang != "en":  # English shows the rule file's own word
            relation = tr(lang, RELATION_WORDS.get(relation, relation))
        said = f" [{relation}]" if relation else ""
        return f"[{duty_label(rule.duty, rule.duty_instrument, lang)}] {rule_words(lang, rule.title)}{said}"

    items = [{"id": rule.id, "text": text(rule)} for rule in rules if cited(rule)]
    if entry.kind in ("key_area", "activity"):
        title = tr(lang, "Rules that recommend it when they find a gap")
    else:
        title = tr(lang, "Rules that check it")
    return ExtraSection("rules", title, items, tr(lang, "No rule of this tool cites it."))


# --- the explanation as data -----------------------------------------------------------------------


def build_explanation(
    catalog: Any, item_id: str, extra_sections: Sequence[ExtraSectionSource] = (), lang: str = "en"
) -> dict[str, Any]:
    """Everything `explain` shows about `item_id` (any spelling the catalog accepts), as JSON-ready data.

    Keys: id, kind, kind_label, the item's own fields (text, missing, mends ... or, for an article or
    NR5 question, its own shape), where, articles (+ articles_note when none), nr5_questions,
    capacity_building, extra. Raises KeyError for an unknown id. NR5 questions are in `lang` (the
    BCH's wording; `fallback: true` where it lacks a text and the English one stands in); the plan's
    and the treaty's text is English, the only text of them there is.
    """
    from ..catalog.nr5_i18n import questions
    from ..catalog import NO_ARTICLE
    from ..catalog.present import article_json, item_json, section_json

    entry = catalog.locate(item_id)
    if entry is None:
        raise KeyError(item_id)
    nr5 = catalog.nr5 if lang == "en" else questions(lang)
    item = nr5[entry.id] if entry.kind == "nr5_question" else entry.item
    out: dict[str, Any] = {"id": entry.id, "kind": entry.kind, "kind_label": tr(lang, KIND_LABELS[entry.kind])}
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
            out["title"] = trn(lang, "Capacity-building serving goal {goals}", "Capacity-building serving goals {goals}", len(section.goals)).format(
                goals=l10n.mark("list", lang).join(section.goals)
            )
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
        out.update(_question_json(nr5, item, with_parts=True, lang=lang))
        out["text"] = item.title
        where.append({"kind": "nr5_section", "id": item.section, "text": item.section_title})
        if item.parent:
            where.append({"kind": "nr5_question", "id": item.parent, "text": nr5[item.parent].title})
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
        out["articles_note"] = tr(lang, NO_ARTICLE) if entry.kind != "nr5_question" else tr(lang, "no article of the project's reference lists this question")

    # NR5 questions that ask about it
    if entry.kind == "nr5_question":
        out["nr5_questions"] = []
    else:
        via: dict[str, list[str]] = {}
        for a in [item] if entry.kind == "article" else articles:
            for key in a.nr5:
                via.setdefault(key, []).append(a.id)
        out["nr5_questions"] = [
            {**_question_json(nr5, nr5[k], with_parts=True, lang=lang), "via_articles": ids} for k, ids in via.items()
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
    if lang != "en":  # the language of the NR5 wording above (an English explanation is as it always was)
        out["lang"] = lang
    return out


def _own(data: dict[str, Any], exclude: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in exclude}


def _question_json(nr5: dict[str, Any], q: Any, with_parts: bool, lang: str = "en") -> dict[str, Any]:
    from ..catalog.nr5 import question_label

    data: dict[str, Any] = {
        "key": q.key,
        "label": question_label(q, lang),
        "section": q.section_title,
        "title": q.title,
        **({"fallback": True} if q.title_fallback else {}),
        "type": q.type,
        "multiple": q.multiple,
        "options": [{"value": o.value, "title": o.title, **({"fallback": True} if o.fallback else {})} for o in q.options],
    }
    if with_parts and q.children:
        data["parts"] = [_question_json(nr5, nr5[c], with_parts=False, lang=lang) for c in q.children]
    return data


__all__ = ["ExtraSection", "build_explanation", "command", "explanation_lines", "rules_that_measure_it"]
