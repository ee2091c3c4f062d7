"""The self-check form, generated from the profile's pydantic models and the NR5 question tree.

Nothing here is written per field: every section of `Profile` becomes one page (one goal), every
declaration one question with its NR5 number and the BCH's wording, every `Literal` a set of
choices labelled with the BCH's wording of each answer code, nested models fieldsets, tuples of
models lists of items, and "Not answered" is always the default. Each input is named by the JSON
pointer of the value it sets, so the page's script builds the profile without knowing its shape,
and a validation message at a pointer is shown beside the field that holds it.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from typing import Any, Mapping

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..catalog.nr5 import Nr5Question
from ..catalog.present import shown_text
from ..loader import json_pointer
from ..profile.models import SECTION_GOALS, Profile
from ..reporters.escaping import html_text as esc
from ..rulebook.fields import _literal_values, _unwrap_optional as _unwrap

NOT_ANSWERED = "Not answered"
_CODE_WORDING = re.compile(r"`([^`]+)`\s*=\s*([^;`]+?)(?=;|$|\.\s|\.$|\s*\(NR5)")
_YES_NO = {"true": "Yes", "false": "No"}


@dataclass(frozen=True)
class Page:
    """One page of the form: the party, or one goal of the plan."""

    id: str  # "party" or the goal id, e.g. "A.1"
    title: str
    html: str


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _tuple_item(annotation: Any) -> Any | None:
    if typing.get_origin(annotation) is tuple:
        args = typing.get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
    return None


def _lookup(data: Any, pointer_parts: tuple[str | int, ...]) -> Any:
    for part in pointer_parts:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        else:
            if not isinstance(data, dict):
                return None
            data = data.get(part)
    return data


def _extra(info: FieldInfo) -> dict[str, Any]:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def _plain_description(info: FieldInfo, name: str = "") -> str:
    """A field's description for a label: without the list of codes and the NR5 reference (shown
    apart); the field's name in words when the description is only the list of codes."""
    text = info.description or ""
    text = re.sub(r"\s*\(NR5 [^)]*\)|\s*\(no NR5 question asks this\)", "", text)
    text = re.sub(r"^NR5 Q[^:]*:\s*", "", text)
    cut = text.find("`")
    if cut >= 0:
        text = text[:cut]
        if text.count("(") > text.count(")"):  # a parenthesis the list of codes was inside
            text = text[: text.rfind("(")]
    text = text.strip().rstrip(":;,").strip()
    return text[:1].upper() + text[1:] if text else name.replace("_", " ").capitalize()


class FormBuilder:
    """Renders the pages of the form for the profile data given (a dict; possibly invalid)."""

    def __init__(self, nr5: Mapping[str, Nr5Question], goal_titles: Mapping[str, str]):
        self.nr5 = nr5
        self.goal_titles = goal_titles

    # --- the wording of questions and answers ----------------------------------------------------

    def _question_for(self, values: tuple[str, ...], keys: list[str]) -> Nr5Question | None:
        """The NR5 question among `keys` whose answer options are exactly these codes (else none)."""
        for key in keys:
            question = self.nr5.get(key)
            if question is not None and question.options and {o.value for o in question.options} == set(values):
                return question
        return None

    def _option_labels(self, values: tuple[str, ...], question: Nr5Question | None, info: FieldInfo) -> list[str]:
        from_bch = {o.value: o.title for o in question.options} if question else {}
        from_model = {code: wording.strip() for code, wording in _CODE_WORDING.findall(info.description or "")}
        # a plain word without wording anywhere ("open") reads as itself, capitalised
        return [(from_bch.get(v) or from_model.get(v) or _YES_NO.get(v) or (v.capitalize() if v.isalpha() else v)).rstrip(" :") for v in values]

    def _question_heading(self, question: Nr5Question) -> str:
        parent = self.nr5.get(question.parent) if question.parent else None
        lead = ""
        if parent is not None and parent.title and question.number:  # a lettered part: its question's words first
            lead = f'<span class="lead">{esc(parent.title)}</span> '
        return f'<span class="nr5">NR5 {esc(question.label)}</span> {lead}{esc(question.title)}'

    # --- widgets ----------------------------------------------------------------------------------

    def _choice(self, pointer: str, values: tuple[str, ...], labels: list[str], current: Any, multiple: bool) -> str:
        kind = "multi" if multiple else "choice"
        chosen = set(current) if multiple and isinstance(current, list) else {current}
        items = []
        if not multiple:
            checked = "" if current in values else " checked"
            items.append(
                f'<label class="opt none"><input type="radio" name="{esc(pointer)}" value="" data-kind="choice"{checked}> {NOT_ANSWERED}</label>'
            )
        for value, label in zip(values, labels):
            checked = " checked" if value in chosen else ""
            input_type = "checkbox" if multiple else "radio"
            items.append(
                f'<label class="opt"><input type="{input_type}" name="{esc(pointer)}" value="{esc(value)}" data-kind="{kind}"{checked}> {esc(label)}</label>'
            )
        return f'<div class="choices" role="group">{"".join(items)}</div>'

    def _scalar(self, pointer: str, annotation: Any, info: FieldInfo, current: Any) -> str:
        if annotation is bool:
            values, labels = ("true", "false"), ["Yes", "No"]
            shown = {True: "true", False: "false"}.get(current) if isinstance(current, bool) else None
            return self._choice(pointer, values, labels, shown, False).replace('data-kind="choice"', 'data-kind="bool"')
        if annotation is dt.date:
            value = current if isinstance(current, str) else ""
            return f'<input type="date" name="{esc(pointer)}" value="{esc(value)}" data-kind="text">'
        max_length = next((m.max_length for m in info.metadata if getattr(m, "max_length", None)), None)
        limit = f' maxlength="{max_length}"' if max_length else ""
        value = current if isinstance(current, str) else ""
        if max_length is not None and max_length > 300:
            return f'<textarea name="{esc(pointer)}" rows="2" data-kind="text"{limit}>{esc(value)}</textarea>'
        return f'<input type="text" name="{esc(pointer)}" value="{esc(value)}" data-kind="text"{limit}>'

    def _field(self, parts: tuple[str | int, ...], info: FieldInfo, data: Any, keys: list[str], label: str | None = None) -> str:
        """One field of a model at `parts`: its label, its widget, and a place for its messages."""
        pointer = json_pointer(parts)
        annotation = _unwrap(info.annotation)
        current = _lookup(data, parts)
        values = _literal_values(annotation)
        item = _tuple_item(annotation)
        question = None
        if values is not None:
            question = self._question_for(values, keys)
            widget = self._choice(pointer, values, self._option_labels(values, question, info), current, False)
        elif item is not None and _literal_values(item) is not None:
            item_values = _literal_values(item) or ()
            question = self._question_for(item_values, keys)
            widget = self._choice(pointer, item_values, self._option_labels(item_values, question, info), current, True)
        elif item is not None and _is_model(item):
            return self._list(parts, item, info, data, keys)
        elif _is_model(annotation):
            return self._model(parts, annotation, data, keys, legend=label or _plain_description(info, str(parts[-1])))
        else:
            widget = self._scalar(pointer, annotation, info, current)
        if question is not None and label is None and question.key != (keys[0] if keys else None):
            heading = self._question_heading(question)
        else:
            heading = esc(label or _plain_description(info, str(parts[-1])))
        return (
            f'<div class="field" data-pointer="{esc(pointer)}"><div class="label">{heading}</div>{widget}'
            f'<div class="messages" aria-live="polite"></div></div>'
        )

    def _model(self, parts: tuple[str | int, ...], model: type[BaseModel], data: Any, keys: list[str], legend: str) -> str:
        inner = "".join(
            self._field((*parts, info.alias or name), info, data, keys) for name, info in model.model_fields.items()
        )
        return (
            f'<fieldset class="group" data-pointer="{esc(json_pointer(parts))}"><legend>{esc(legend)}</legend>{inner}'
            f'<div class="messages" aria-live="polite"></div></fieldset>'
        )

    def _list(self, parts: tuple[str | int, ...], item: type[BaseModel], info: FieldInfo, data: Any, keys: list[str]) -> str:
        """A list of items: those the profile has, one empty slot, and a template the script copies."""
        current = _lookup(data, parts)
        count = len(current) if isinstance(current, list) else 0
        noun = _singular(str(parts[-1]))
        rows = [self._model((*parts, index), item, data, keys, legend=f"{noun} {index + 1}") for index in range(count)]
        template = self._model((*parts, "{index}"), item, {}, keys, legend=f"{noun} {{number}}")
        pointer = json_pointer(parts)
        return (
            f'<div class="field list" data-pointer="{esc(pointer)}"><div class="label">{esc(_plain_description(info, str(parts[-1])))}</div>'
            f'<div class="items">{"".join(rows)}</div>'
            f'<template>{template}</template>'
            f'<button type="button" class="add" data-list="{esc(pointer)}">Add {esc(noun.lower())}</button>'
            f'<div class="messages" aria-live="polite"></div></div>'
        )

    # --- questions and pages ----------------------------------------------------------------------

    def _declaration(self, parts: tuple[str | int, ...], info: FieldInfo, data: Any) -> str:
        """One declaration: the NR5 question it answers, its answer, and its follow-up fields folded."""
        keys = list(_extra(info).get("x-nr5", ()))
        model = _unwrap(info.annotation)
        if not _is_model(model) or "answer" not in model.model_fields:
            return self._field(parts, info, data, keys)
        answer_info = model.model_fields["answer"]
        answer_type = answer_info.annotation
        values = _literal_values(answer_type) or _literal_values(_tuple_item(answer_type)) or ()
        question = self._question_for(values, keys)
        related = [self.nr5[key] for key in keys if key in self.nr5]
        if question is not None:  # the NR5 question this declaration answers, in its own words
            heading = self._question_heading(question)
        else:  # no NR5 question with these answers: the declaration's words, and the questions it relates to
            names = ", ".join(q.label for q in related)
            tag = f"Related to NR5 {names}" if related else "Not an NR5 question"
            heading = f'<span class="nr5">{esc(tag)}</span> {esc(_plain_description(info, str(parts[-1])))}'
        # the profile's own words for the declaration, when the heading shows the BCH's
        ours = f'<p class="ours">In the profile: {esc(_plain_description(info, str(parts[-1])))}</p>' if question is not None else ""
        pointer = json_pointer(parts)
        answer = self._field((*parts, "answer"), answer_info, data, keys, label="Answer")
        follow_ups = "".join(
            self._field((*parts, info_.alias or name), info_, data, keys)
            for name, info_ in model.model_fields.items()
            if name != "answer"
        )
        declared = _lookup(data, parts)
        open_ = " open" if isinstance(declared, dict) and any(k != "answer" for k in declared) else ""
        return (
            f'<section class="question" data-pointer="{esc(pointer)}" id="q-{esc(pointer.strip("/").replace("/", "-"))}">'
            f'<h3>{heading}</h3>{ours}{answer}'
            f'<details{open_}><summary>Details and evidence (optional)</summary>{follow_ups}</details>'
            f'<div class="messages" aria-live="polite"></div></section>'
        )

    def _section(self, name: str, model: type[BaseModel], data: Any) -> str:
        parts: list[str] = []
        for field_name, info in model.model_fields.items():
            key = info.alias or field_name
            annotation = _unwrap(info.annotation)
            if _is_model(annotation) and "answer" not in annotation.model_fields and not _extra(info).get("x-nr5"):
                # a group of declarations (A.2's categories of mandatory information)
                inner = "".join(
                    self._declaration((name, key, sub_key), sub_info, data)
                    for sub_key, sub_info in ((i.alias or n, i) for n, i in annotation.model_fields.items())
                )
                parts.append(f'<fieldset class="declarations"><legend>{esc(_plain_description(info, key))}</legend>{inner}</fieldset>')
            else:
                parts.append(self._declaration((name, key), info, data))
        return "".join(parts)

    def pages(self, data: Any) -> list[Page]:
        """The party page, then one page per goal, in the profile's (the plan's) order."""
        party_info = Profile.model_fields["party"]
        party_model = _unwrap(party_info.annotation)
        party_html = "".join(
            self._field(("party", info.alias or name), info, data, list(_extra(info).get("x-nr5", ())))
            for name, info in party_model.model_fields.items()
        )
        pages = [Page("party", "The Party", f'<div class="party">{party_html}</div>')]
        for name, goal in SECTION_GOALS.items():
            model = _unwrap(Profile.model_fields[name].annotation)
            pages.append(Page(goal, self.goal_titles.get(goal, goal), self._section(name, model, data)))
        return pages


def goal_titles(catalog: Any) -> dict[str, str]:
    """Each goal's words, as the plan has them (or what the source lacks, said plainly)."""
    return {goal.id: shown_text(goal) for goal in catalog.goals}


def render_pages(pages: list[Page], current: str = "party") -> str:
    """The pages with the navigation between them; without the script every page shows."""
    nav = "".join(
        f'<li><a href="#page-{esc(page.id)}" data-page="{esc(page.id)}">'
        f'<span class="id">{esc(page.id if page.id != "party" else "")}</span> {esc(_short(page.title))}'
        f'<span class="badge" data-badge="{esc(page.id)}"></span></a></li>'
        for page in pages
    )
    body = "".join(
        f'<section class="page" id="page-{esc(page.id)}" data-page="{esc(page.id)}">'
        f'<h2>{esc(page.id + ": " if page.id != "party" else "")}{esc(page.title)}</h2>{page.html}</section>'
        for page in pages
    )
    return f'<nav class="pages" aria-label="Goals"><ol>{nav}</ol></nav><div class="form-pages">{body}</div>'


def _short(title: str, width: int = 48) -> str:
    return title if len(title) <= width else title[: width - 1].rsplit(" ", 1)[0] + "…"


def _singular(key: str) -> str:
    """`authorities` -> `Authority`, `evidence` -> `Evidence`: the name of one item of a list."""
    word = key.replace("_", " ")
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("s"):
        word = word[:-1]
    return word[:1].upper() + word[1:]
