"""Reads the plan catalog (`rules/catalog/`), validates it, and answers "what is this id?".

Every problem found while loading (a YAML syntax error, a field of the wrong shape, an id that does
not resolve) is collected, and all of them are raised together as one `CatalogError` whose lines
read `file: location: problem`, e.g. `goals/A.8.yaml: objectives[1].text: Field required`.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from ..i18n import N_
from .. import paths
from ..catalog.models import (
    Activity,
    Article,
    ArticlesFile,
    CapacityBuildingSection,
    Goal,
    Indicator,
    KeyArea,
    Objective,
    Outcome,
    PlanFile,
)
from ..catalog.nr5 import Nr5Question, flatten
from .. import safe_yaml

ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")

NO_ARTICLE = N_("the project's reference lists no article for this goal")

Item = Union[Goal, Objective, Indicator, Outcome, CapacityBuildingSection, KeyArea, Activity, Article, Nr5Question]


class CatalogError(Exception):
    """The catalog is broken. `problems` holds one `file: location: problem` line per problem."""

    def __init__(self, directory: Path, problems: list[str]):
        self.directory = directory
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Entry:
    """An item of the catalog with where it sits."""

    id: str
    kind: str
    """goal, objective, indicator, outcome, section, key_area, activity, article or nr5_question"""
    item: Any
    goal: str | None = None
    """The goal it belongs to (objectives, indicators, outcomes)."""
    section: str | None = None
    """The capacity-building section it belongs to (key areas, activities)."""


def fold(text: str) -> str:
    """The form under which ids are compared: case-insensitive; `A.10(a)`, `A.10a` and `A.10.a` alike;
    `Q80`, `Q080` and `q080` alike; `Q102(d)` and `Q102_d` alike."""
    s = re.sub(r"\s+", "", text).lower()
    s = s.replace("(", "").replace(")", "").replace("_", "")
    s = re.sub(r"(?<=\d)\.(?=[a-z]+$)", "", s)
    s = re.sub(r"^q0*(\d)", r"q\1", s)
    return s


class Catalog:
    """The plan as data: goals in the plan's order, capacity-building sections, articles, NR5 questions."""

    def __init__(
        self,
        plan: PlanFile,
        goals: list[Goal],
        sections: list[CapacityBuildingSection],
        articles: ArticlesFile,
        nr5: dict[str, Nr5Question],
    ):
        self.plan = plan
        self.goals: tuple[Goal, ...] = tuple(goals)
        self.sections: tuple[CapacityBuildingSection, ...] = tuple(sections)
        self.articles: tuple[Article, ...] = articles.articles
        self.summary_source: str = articles.summary_source
        self.sources = {source.id: source for source in articles.sources}
        """Where the quoted treaty and decision texts were read, by id."""
        self.nr5: dict[str, Nr5Question] = nr5
        self.entries: dict[str, Entry] = {}
        self.duplicates: list[tuple[str, str]] = []
        for goal in self.goals:
            self._add(Entry(goal.id, "goal", goal))
            for o in goal.objectives:
                self._add(Entry(o.id, "objective", o, goal=goal.id))
            for i in goal.indicators:
                self._add(Entry(i.id, "indicator", i, goal=goal.id))
            self._add(Entry(goal.outcome.id, "outcome", goal.outcome, goal=goal.id))
        for section in self.sections:
            self._add(Entry(section.id, "section", section))
            for k in section.key_areas:
                self._add(Entry(k.id, "key_area", k, section=section.id))
            for a in section.activities:
                self._add(Entry(a.id, "activity", a, section=section.id))
        for article in self.articles:
            self._add(Entry(article.id, "article", article))
        for note in plan.notes:
            if note.id in self.entries:
                self.duplicates.append((note.id, "plan note"))
        for key, question in nr5.items():
            self._add(Entry(key, "nr5_question", question))
        self._folded: dict[str, str] = {}
        for id_ in self.entries:
            self._folded.setdefault(fold(id_), id_)

    def _add(self, entry: Entry) -> None:
        if entry.id in self.entries:
            self.duplicates.append((entry.id, entry.kind))
            return
        self.entries[entry.id] = entry

    # --- lookups -------------------------------------------------------------------------------
    def normalise_id(self, user_text: str) -> str | None:
        """The catalog's id for what a user typed (`a.10a` -> `A.10(a)`, `q80` -> `Q080`), or None."""
        return self._folded.get(fold(user_text))

    def locate(self, user_text: str) -> Entry | None:
        id_ = self.normalise_id(user_text)
        return None if id_ is None else self.entries[id_]

    def lookup(self, id_: str) -> Item:
        """The item with this id (any spelling `normalise_id` accepts). Raises KeyError if unknown."""
        entry = self.locate(id_)
        if entry is None:
            raise KeyError(id_)
        return entry.item

    def suggest(self, user_text: str, n: int = 3) -> list[str]:
        """The nearest ids to what a user typed, best first."""
        close = difflib.get_close_matches(fold(user_text), list(self._folded), n=n, cutoff=0.6)
        return [self._folded[c] for c in close]

    def goal(self, goal_id: str) -> Goal:
        return self.entries[goal_id].item

    def section(self, section_id: str) -> CapacityBuildingSection:
        return self.entries[section_id].item

    def article(self, article_id: str) -> Article:
        return self.entries[article_id].item

    def section_for(self, goal: Goal) -> CapacityBuildingSection:
        return self.section(goal.capacity_building)

    def articles_for(self, goal: Goal) -> list[Article]:
        return [self.article(a) for a in goal.articles]

    def area_title(self, area: str) -> str:
        return next(a.title for a in self.plan.areas if a.id == area)


# --- loading -------------------------------------------------------------------------------------


def load_catalog() -> Catalog:
    """The catalog at `engine.paths.CATALOG_DIR`, read and validated once per process."""
    return load_catalog_from(Path(paths.CATALOG_DIR))


@functools.cache
def load_catalog_from(directory: Path) -> Catalog:
    """Reads and validates the catalog in `directory`; raises CatalogError listing every problem."""
    problems: list[str] = []

    def problem(file: str, location: str, text: str) -> None:
        problems.append(f"{file}: {location}: {text}")

    def read_yaml(rel: str) -> Any:
        path = directory / rel
        try:
            with open(path, encoding="utf-8") as fh:
                return safe_yaml.load(fh)
        except FileNotFoundError:
            problem(rel, "(file)", "not found")
        except (OSError, UnicodeDecodeError) as exc:
            problem(rel, "(file)", f"cannot be read: {exc}")
        except safe_yaml.error() as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
            what = getattr(exc, "problem", None) or str(exc)
            problem(rel, where, f"not valid YAML: {what}")
        return None

    def parse(rel: str, model: type[BaseModel], data: Any) -> Any:
        if data is None:
            if (directory / rel).is_file() and not any(p.startswith(f"{rel}:") for p in problems):
                problem(rel, "(file)", "is empty")
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                msg = err["msg"].removeprefix("Value error, ")
                problem(rel, _location(err["loc"]), msg)
            return None

    plan = parse("plan.yaml", PlanFile, read_yaml("plan.yaml"))
    articles = parse("articles.yaml", ArticlesFile, read_yaml("articles.yaml"))
    nr5: dict[str, Nr5Question] = {}
    try:
        nr5 = flatten(json.loads((directory / "nr5" / "questions.json").read_text(encoding="utf-8")))
    except FileNotFoundError:
        problem("nr5/questions.json", "(file)", "not found")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        problem("nr5/questions.json", "(file)", f"not a valid question tree: {exc}")
    if plan is None:
        raise CatalogError(directory, problems)

    goals: list[Goal] = []
    goal_files: dict[str, str] = {}
    for gid in plan.goals:
        rel = f"goals/{gid}.yaml"
        goal = parse(rel, Goal, read_yaml(rel))
        if goal is not None:
            if goal.id != gid:
                problem(rel, "id", f"is {goal.id!r} but plan.yaml lists this file as goal {gid!r}")
            goals.append(goal)
            goal_files[goal.id] = rel
    sections: list[CapacityBuildingSection] = []
    section_files: dict[str, str] = {}
    for sid in plan.capacity_building:
        rel = f"capacity-building/{sid}.yaml"
        section = parse(rel, CapacityBuildingSection, read_yaml(rel))
        if section is not None:
            if section.id != sid:
                problem(rel, "id", f"is {section.id!r} but plan.yaml lists this file as section {sid!r}")
            sections.append(section)
            section_files[section.id] = rel
    for sub, key, listed in (("goals", "goals", plan.goals), ("capacity-building", "capacity_building", plan.capacity_building)):
        for path in sorted((directory / sub).glob("*.yaml")):
            if path.stem not in listed:
                problem(f"{sub}/{path.name}", "(file)", f"not listed under `{key}` in plan.yaml")

    if problems:
        raise CatalogError(directory, problems)

    catalog = Catalog(plan, goals, sections, articles, nr5)
    _cross_check(catalog, goal_files, section_files, problem)
    if problems:
        raise CatalogError(directory, problems)
    return catalog


def _location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def _cross_check(catalog: Catalog, goal_files: dict[str, str], section_files: dict[str, str], problem) -> None:
    plan = catalog.plan
    area_ids = {a.id for a in plan.areas}
    article_ids = {a.id for a in catalog.articles}

    for id_, kind in catalog.duplicates:
        problem("(catalog)", id_, f"id used more than once (again as a {kind})")
    seen_folds: dict[str, str] = {}
    for id_ in catalog.entries:
        other = seen_folds.setdefault(fold(id_), id_)
        if other != id_:
            problem("(catalog)", id_, f"id cannot be told apart from {other!r} when typed by a user")

    for goal in catalog.goals:
        f = goal_files[goal.id]
        if goal.area not in area_ids:
            problem(f, "area", f"{goal.area!r} is not an area of plan.yaml")
        if not goal.id.startswith(goal.area + "."):
            problem(f, "area", f"goal {goal.id} is not in area {goal.area}")
        if not goal.objectives and not goal.objectives_missing:
            problem(f, "objectives", "a goal needs objectives, or `objectives_missing` saying why they are absent")
        if goal.objectives and goal.objectives_missing:
            problem(f, "objectives_missing", "the goal has objectives: drop `objectives_missing`")
        for n, o in enumerate(goal.objectives, 1):
            if o.id != f"{goal.id}.{n}":
                problem(f, f"objectives[{n - 1}].id", f"expected {goal.id}.{n} (objectives are numbered in order)")
        if not goal.indicators:
            problem(f, "indicators", "a goal needs indicators")
        for n, ind in enumerate(goal.indicators):
            expected = chr(ord("a") + n)
            if ind.letter != expected:
                problem(f, f"indicators[{n}].letter", f"expected {expected!r} (letters run a, b, c ... without gaps)")
            if ind.id != f"{goal.id}({ind.letter})":
                problem(f, f"indicators[{n}].id", f"expected {goal.id}({ind.letter})")
        if goal.outcome.id != f"{goal.id}-outcome":
            problem(f, "outcome.id", f"expected {goal.id}-outcome")
        for n, a in enumerate(goal.articles):
            if a not in article_ids:
                problem(f, f"articles[{n}]", f"no article {a!r} in articles.yaml")
            elif goal.id not in catalog.article(a).goals:
                problem(f, f"articles[{n}]", f"articles.yaml does not list goal {goal.id} under {a}")
        if not goal.articles and not goal.articles_note:
            problem(f, "articles_note", "no article is listed: `articles_note` must say so")
        if goal.capacity_building not in section_files:
            problem(f, "capacity_building", f"no capacity-building section {goal.capacity_building!r}")
        elif goal.id not in catalog.section(goal.capacity_building).goals:
            problem(f, "capacity_building", f"section {goal.capacity_building} does not list goal {goal.id}")

    goal_ids = {g.id for g in catalog.goals}
    for section in catalog.sections:
        f = section_files[section.id]
        served = [g for g in section.goals if g in goal_ids]
        for n, g in enumerate(section.goals):
            if g not in goal_ids:
                problem(f, f"goals[{n}]", f"no goal {g!r}")
            elif catalog.goal(g).capacity_building != section.id:
                problem(f, f"goals[{n}]", f"goal {g} names section {catalog.goal(g).capacity_building}, not this one")
        if not served and (section.key_areas or section.activities):
            problem(f, "goals", "key areas and activities serve no goal")
        if not section.key_areas and not section.key_areas_missing:
            problem(f, "key_areas", "no key areas: `key_areas_missing` must say why")
        if not section.activities and not section.activities_missing:
            problem(f, "activities", "no activities: `activities_missing` must say why")
        suffix = section.id.removeprefix("CB.")
        for n, k in enumerate(section.key_areas):
            if k.number != n + 1:
                problem(f, f"key_areas[{n}].number", f"expected {n + 1} (key areas are numbered in order)")
            if k.id != f"KA.{suffix}.{k.number}":
                problem(f, f"key_areas[{n}].id", f"expected KA.{suffix}.{k.number}")
        for n, a in enumerate(section.activities):
            expected = ROMAN[n] if n < len(ROMAN) else "?"
            if a.numeral != expected:
                problem(f, f"activities[{n}].numeral", f"expected {expected!r} (activities are numbered in order)")
            if a.id != f"{section.id}.{a.numeral}":
                problem(f, f"activities[{n}].id", f"expected {section.id}.{a.numeral}")

    objective_goal = {o.id: g.id for g in catalog.goals for o in g.objectives}
    for n, article in enumerate(catalog.articles):
        where = f"articles[{n}]"
        for m, g in enumerate(article.goals):
            if g not in goal_ids:
                problem("articles.yaml", f"{where}.goals[{m}]", f"no goal {g!r}")
            elif article.id not in catalog.goal(g).articles:
                problem("articles.yaml", f"{where}.goals[{m}]", f"goal {g} does not list article {article.id}")
        for m, o in enumerate(article.objectives):
            if o not in objective_goal:
                problem("articles.yaml", f"{where}.objectives[{m}]", f"no objective {o!r}")
            elif objective_goal[o] not in article.goals:
                problem("articles.yaml", f"{where}.objectives[{m}]", f"objective {o} is not under one of the article's goals")
        if article.text_source is not None and article.text_source not in catalog.sources:
            problem("articles.yaml", f"{where}.text_source", f"no source {article.text_source!r} under `sources`")
        for m, key in enumerate(article.nr5):
            if key not in catalog.nr5:
                problem("articles.yaml", f"{where}.nr5[{m}]", f"no NR5 question {key!r} in nr5/questions.json")
