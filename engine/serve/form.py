"""The self-check form, generated from the profile's pydantic models and the NR5 question tree.

Nothing here is written per field: every section of `Profile` becomes one page (one goal), every
declaration one question (a `fieldset` whose `legend` is the BCH's wording, with its number), every
`Literal` a set of choices one per line labelled with the BCH's wording of each answer code, nested
models fieldsets, tuples of models lists of items, and "Not answered" is always the default. A group
of declarations that share their answers (question 102's categories) is one grid. Each input is
named by the JSON pointer of the value it sets, so the page's script builds the profile without
knowing its shape, and a validation message at a pointer is shown beside the field that holds it
(`aria-describedby`); every input has a label a person reads, with no pointer, code or key in it.

In one of the six UN languages: the BCH's wording of that language (English, marked so, where it
lacks a text), the form's own words and the profile's field descriptions through gettext; the
plan's text stays English, marked `lang="en"`; ids stay left to right in an Arabic page.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from typing import Any, Mapping

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..catalog.nr5 import Nr5Question, question_label
from ..catalog.nr5_i18n import RTL_LANGUAGES
from ..catalog.present import shown_text
from ..i18n import N_, tr
from ..loader import json_pointer
from ..profile.models import SECTION_GOALS, Profile
from ..profile.regions import REGION_NAMES, region_name
from ..reporters.escaping import html_text as esc
from ..rulebook.fields import _literal_values, _unwrap_optional as _unwrap
from .wording import NOT_ANSWERED, YES_NO, bch_html, code_wordings, english, plain_description

LIST_ITEMS: dict[str, tuple[str, str]] = {
    # TRANSLATORS: the heading of one item of a list in the form; {number} counts from 1
    "authorities": (N_("Authority {number}"), N_("Add authority")),
    "evidence": (N_("Evidence {number}"), N_("Add evidence")),
    "issues": (N_("Issue {number}"), N_("Add issue")),
}
"""The words of each list of the profile (by its field name): one item's heading, the button adding one."""

FIELD_NAMES = {"status": N_("Status"), "answer": N_("Answer")}
"""A field whose description is only its list of codes, named in words."""

CODE_WORDS = {"open": N_("Open"), "resolved": N_("Resolved")}
"""Answer codes that are English words and have no wording in the BCH or the description."""


def field_id(pointer: str) -> str:
    """The id of the input (or group) that sets the value at `pointer`: the pointer's tokens joined by
    '-' (a list item's template keeps `{index}`, replaced with the item's number by the script)."""
    return "f" + re.sub(r"[^A-Za-z0-9_{}.-]", "_", pointer.replace("/", "-"))


def required_mark(lang: str) -> str:
    # TRANSLATORS: beside a field that must be filled in
    words = tr(lang, "(required)")
    return f' <span class="required">{esc(words)}</span>'


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


def _messages(pointer: str) -> str:
    """The place of a field's problems, named by the inputs' `aria-describedby` (not a live region:
    the status line announces problems once)."""
    return f'<p class="messages" id="m{field_id(pointer)[1:]}"></p>'


class FormBuilder:
    """Renders the pages of the form for the profile data given (a dict; possibly invalid)."""

    def __init__(self, nr5: Mapping[str, Nr5Question], goal_titles: Mapping[str, str], lang: str = "en"):
        self.nr5 = nr5  # in `lang`: the BCH's own wording (engine.catalog.nr5_i18n)
        self.goal_titles = goal_titles
        self.lang = lang
        self.names: dict[str, str] = {}  # pointer -> how a link names its question ("Question 12"), filled by rendering

    def _described(self, info: FieldInfo, name: str) -> str:
        """A field's own description (the profile format's words, in the page's language), as HTML."""
        text = plain_description(info, name, self.lang)
        if name in FIELD_NAMES and text == name.replace("_", " ").capitalize():
            text = tr(self.lang, FIELD_NAMES[name])
        return esc(text)

    def _label(self, question: Nr5Question) -> str:
        """How the printed form numbers the question ("question 7", "question 102(d)"), in the page's language."""
        return question_label(question, self.lang)

    # --- the wording of questions and answers ----------------------------------------------------

    def _question_for(self, values: tuple[str, ...], keys: list[str]) -> Nr5Question | None:
        """The NR5 question among `keys` whose answer options are exactly these codes (else none)."""
        for key in keys:
            question = self.nr5.get(key)
            if question is not None and question.options and {o.value for o in question.options} == set(values):
                return question
        return None

    def option_labels(self, values: tuple[str, ...], question: Nr5Question | None, info: FieldInfo) -> list[str]:
        """Each answer's label as HTML: the BCH's wording in the page's language, else the wording of
        the profile's field description (translated) or Yes/No; a plain word without wording anywhere
        ("open") reads as itself, capitalised."""
        from_bch = {o.value: o for o in question.options} if question else {}
        from_model, in_english = code_wordings(info, self.lang)
        labels = []
        for value in values:
            option = from_bch.get(value)
            if option is not None and option.title:
                labels.append(bch_html(self.lang, option.title.rstrip(" :"), option.fallback))
            elif value in from_model:
                labels.append(esc(from_model[value].rstrip(" :：")))
            elif value in in_english:  # a translation that lost the code: the English words, marked so
                labels.append(english(self.lang, esc(in_english[value].rstrip(" :"))))
            elif value in YES_NO:
                labels.append(esc(tr(self.lang, YES_NO[value])))
            elif value in CODE_WORDS:
                labels.append(esc(tr(self.lang, CODE_WORDS[value])))
            elif value in REGION_NAMES:
                labels.append(esc(region_name(value, self.lang)))
            else:
                # a code that is already (English) words, shown as itself ("Africa")
                labels.append(english(self.lang, esc((value.capitalize() if value.isalpha() else value).rstrip(" :"))))
        return labels

    def _number(self, question: Nr5Question) -> str:
        return f'<span class="nr5">{esc(_upper_first(self._label(question)))}</span>'

    def question_heading(self, question: Nr5Question, lead: bool = True) -> str:
        """The question's number and the BCH's words; a lettered part's question's words first."""
        parent = self.nr5.get(question.parent) if question.parent else None
        lead_in = ""
        if lead and parent is not None and parent.title and question.number:
            lead_in = f'<span class="lead">{bch_html(self.lang, parent.title, parent.title_fallback)}</span> '
        return f"{self._number(question)} {lead_in}{bch_html(self.lang, question.title, question.title_fallback)}"

    # --- widgets ----------------------------------------------------------------------------------

    def choice(self, pointer: str, values: tuple[str, ...], labels: list[str], current: Any, multiple: bool, kind: str = "") -> str:
        """Choices one per line, each input inside its label; "Not answered" first for a single choice."""
        kind = kind or ("multi" if multiple else "choice")
        chosen = set(current) if multiple and isinstance(current, list) else {current}
        described = f' aria-describedby="m{field_id(pointer)[1:]}"'
        items = []
        if not multiple:
            checked = "" if current in values else " checked"
            items.append(
                f'<label class="opt none"><input type="radio"{described} name="{esc(pointer)}" value="" data-kind="{kind}"{checked}>'
                f" <span>{esc(tr(self.lang, NOT_ANSWERED))}</span></label>"
            )
        input_type = "checkbox" if multiple else "radio"
        for value, label in zip(values, labels):
            checked = " checked" if value in chosen else ""
            items.append(
                f'<label class="opt"><input type="{input_type}"{described} name="{esc(pointer)}" value="{esc(value)}" data-kind="{kind}"{checked}>'
                f" <span>{label}</span></label>"
            )
        return f'<div class="choices">{"".join(items)}</div>'

    def _scalar(self, pointer: str, annotation: Any, info: FieldInfo, current: Any, required: bool) -> str:
        ident = field_id(pointer)
        value = current if isinstance(current, str) else ""
        named = f'id="{ident}" name="{esc(pointer)}"'
        common = f'data-kind="text" aria-describedby="m{ident[1:]}"' + (" required" if required else "")
        if annotation is dt.date:
            return f'<input type="date" {named} value="{esc(value)}" {common}>'
        max_length = next((m.max_length for m in info.metadata if getattr(m, "max_length", None)), None)
        limit = f' maxlength="{max_length}"' if max_length else ""
        # what the user writes reads in its own direction in a right-to-left page
        limit += ' dir="auto"' if self.lang in RTL_LANGUAGES else ""
        if pointer == "/party/code":  # a code in capitals, whatever the keyboard typed (the script upper-cases it)
            limit += ' autocapitalize="characters" spellcheck="false" autocomplete="off" class="code"'
        if max_length is not None and max_length > 300:
            return f'<textarea {named} {common} rows="2"{limit}>{esc(value)}</textarea>'
        return f'<input type="text" {named} value="{esc(value)}" {common}{limit}>'

    def field(self, parts: tuple[str | int, ...], info: FieldInfo, data: Any, keys: list[str]) -> str:
        """One field of a model at `parts`: a labelled input, or a fieldset of choices, with the place
        of its messages."""
        pointer = json_pointer(parts)
        annotation = _unwrap(info.annotation)
        current = _lookup(data, parts)
        values = _literal_values(annotation)
        item = _tuple_item(annotation)
        required = info.is_required() and not _is_model(annotation) and item is None
        mark = required_mark(self.lang) if required else ""
        self.names.setdefault(pointer, plain_description(info, str(parts[-1]), self.lang))
        if item is not None and _is_model(item):
            return self._list(parts, item, info, data, keys)
        if _is_model(annotation):
            return self._model(parts, annotation, data, keys, legend=self._described(info, str(parts[-1])))
        multiple = item is not None and _literal_values(item) is not None
        question = None
        if values is not None or multiple or annotation is bool:
            if annotation is bool:
                values, labels, kind = ("true", "false"), [esc(tr(self.lang, YES_NO["true"])), esc(tr(self.lang, YES_NO["false"]))], "bool"
                current = {True: "true", False: "false"}.get(current) if isinstance(current, bool) else None
            else:
                values = values if values is not None else (_literal_values(item) or ())
                question = self._question_for(values, keys)
                labels, kind = self.option_labels(values, question, info), ""
            widget = self.choice(pointer, values, labels, current, multiple, kind)
            legend = self._described(info, str(parts[-1]))
            if question is not None and question.key != (keys[0] if keys else None):  # a follow-up NR5 question: its own words
                legend = self.question_heading(question)
            return (
                f'<fieldset class="field" data-pointer="{esc(pointer)}" id="{field_id(pointer)}">'
                f"<legend>{legend}{mark}</legend>{widget}{_messages(pointer)}</fieldset>"
            )
        label = f'<label for="{field_id(pointer)}">{self._described(info, str(parts[-1]))}{mark}</label>'
        widget = self._scalar(pointer, annotation, info, current, required)
        return f'<div class="field" data-pointer="{esc(pointer)}">{label}{widget}{_messages(pointer)}</div>'

    def _model(self, parts: tuple[str | int, ...], model: type[BaseModel], data: Any, keys: list[str], legend: str) -> str:
        """A nested model as a fieldset; `legend` is HTML."""
        inner = "".join(self.field((*parts, info.alias or name), info, data, keys) for name, info in model.model_fields.items())
        pointer = json_pointer(parts)
        return (
            f'<fieldset class="group" data-pointer="{esc(pointer)}" id="{field_id(pointer)}"><legend>{legend}</legend>{inner}'
            f"{_messages(pointer)}</fieldset>"
        )

    def _list(self, parts: tuple[str | int, ...], item: type[BaseModel], info: FieldInfo, data: Any, keys: list[str]) -> str:
        """A list of items: those the profile has, and a template the script copies (focus goes to
        the new item's first field)."""
        current = _lookup(data, parts)
        count = len(current) if isinstance(current, list) else 0
        heading, add = self._list_words(str(parts[-1]))
        rows = [self._model((*parts, index), item, data, keys, legend=esc(heading.format(number=index + 1))) for index in range(count)]
        # the script puts the item's number where the template says {number}
        template = self._model((*parts, "{index}"), item, {}, keys, legend=esc(heading))
        pointer = json_pointer(parts)
        label_id = field_id(pointer) + "-label"
        return (
            f'<div class="field list" data-pointer="{esc(pointer)}"><p class="label" id="{label_id}">{self._described(info, str(parts[-1]))}</p>'
            f'<div class="items">{"".join(rows)}</div>'
            f"<template>{template}</template>"
            f'<button type="button" class="add" data-list="{esc(pointer)}" aria-describedby="{label_id}">{esc(add)}</button>'
            f"{_messages(pointer)}</div>"
        )

    def _list_words(self, key: str) -> tuple[str, str]:
        """One item's heading (with `{number}`) and the button's words, for the list `key`."""
        if key in LIST_ITEMS:
            heading, add = LIST_ITEMS[key]
            return tr(self.lang, heading), tr(self.lang, add)
        noun = _singular(key)  # a list LIST_ITEMS lacks (tests/test_serve_languages.py fails on one)
        return f"{noun} {{number}}", f"Add {noun.lower()}"

    # --- questions and pages ----------------------------------------------------------------------

    def _answer_values(self, model: type[BaseModel]) -> tuple[str, ...]:
        answer_type = model.model_fields["answer"].annotation
        return _literal_values(answer_type) or _literal_values(_tuple_item(answer_type)) or ()

    def declaration(self, parts: tuple[str | int, ...], info: FieldInfo, data: Any, lead: bool = True, css: str = "question") -> str:
        """One declaration: a fieldset whose legend is the NR5 question it answers, its answer's
        choices, and its follow-up fields folded."""
        keys = list(_extra(info).get("x-nr5", ()))
        model = _unwrap(info.annotation)
        if not _is_model(model) or "answer" not in model.model_fields:
            return self.field(parts, info, data, keys)
        answer_info = model.model_fields["answer"]
        values = self._answer_values(model)
        multiple = _tuple_item(answer_info.annotation) is not None
        question = self._question_for(values, keys)
        related = [self.nr5[key] for key in keys if key in self.nr5]
        described = self._described(info, str(parts[-1]))
        if question is not None:  # the NR5 question this declaration answers, in its own words
            heading = self.question_heading(question, lead)
        else:  # no NR5 question with these answers: the declaration's words, and the questions it relates to
            # TRANSLATORS: joins the NR5 questions a declaration relates to ("question 10, question 11")
            names = tr(self.lang, ", ").join(self._label(q) for q in related)
            # TRANSLATORS: {questions} are e.g. "question 10, question 11" of the fifth national report (NR5)
            tag = tr(self.lang, "Related to NR5 {questions}").format(questions=names) if related else tr(self.lang, "Not an NR5 question")
            heading = f'<span class="nr5">{esc(tag)}</span> {described}'
        # the profile's own words for the declaration, when the heading shows the BCH's
        # TRANSLATORS: {words} is the profile format's own description of the declaration
        ours = esc(tr(self.lang, "In the profile: {words}")).format(words=described)
        ours = f'<p class="ours">{ours}</p>' if question is not None and lead else ""
        pointer = json_pointer(parts)
        self.names[pointer] = _upper_first(self._label(question)) if question is not None else plain_description(info, str(parts[-1]), self.lang)
        answer_pointer = json_pointer((*parts, "answer"))
        current = _lookup(data, (*parts, "answer"))
        labels = self.option_labels(values, question, answer_info)
        answer = (
            f'<div class="field answer" data-pointer="{esc(answer_pointer)}">{self.choice(answer_pointer, values, labels, current, multiple)}'
            f"{_messages(answer_pointer)}</div>"
        )
        follow_ups = "".join(
            self.field((*parts, info_.alias or name), info_, data, keys) for name, info_ in model.model_fields.items() if name != "answer"
        )
        declared = _lookup(data, parts)
        open_ = " open" if isinstance(declared, dict) and any(k != "answer" for k in declared) else ""
        details = tr(self.lang, "Details and evidence (optional)")
        more = f'<details{open_}><summary>{esc(details)}</summary>{follow_ups}</details>' if follow_ups else ""
        return (
            f'<fieldset class="{css}" data-pointer="{esc(pointer)}" id="{field_id(pointer)}" aria-describedby="m{field_id(pointer)[1:]}">'
            f'<legend><h3>{heading}</h3></legend>{ours}{answer}{more}{_messages(pointer)}</fieldset>'
        )

    def _grid(self, name: str, key: str, info: FieldInfo, model: type[BaseModel], data: Any) -> str | None:
        """Declarations that share one NR5 question and its answers (question 102's categories) as
        one grid: the question's words once, then a row per category with the same columns."""
        fields = [(sub_info.alias or sub_name, sub_info) for sub_name, sub_info in model.model_fields.items()]
        models = [_unwrap(sub_info.annotation) for _, sub_info in fields]
        if len(fields) < 3 or not all(_is_model(m) and "answer" in m.model_fields for m in models):
            return None
        answers = {self._answer_values(m) for m in models}
        if len(answers) != 1:
            return None
        questions = [self._question_for(next(iter(answers)), list(_extra(sub_info).get("x-nr5", ()))) for _, sub_info in fields]
        parents = {q.parent for q in questions if q is not None}
        if None in questions or len(parents) != 1:
            return None
        parent = self.nr5.get(next(iter(parents)) or "")
        first = questions[0]
        assert first is not None
        values = next(iter(answers))
        heads = [esc(tr(self.lang, NOT_ANSWERED)), *self.option_labels(values, first, models[0].model_fields["answer"])]
        columns = "".join(f"<span>{head}</span>" for head in heads)
        title = bch_html(self.lang, parent.title, parent.title_fallback) if parent is not None and parent.title else self._described(info, key)
        number = self._number(parent) if parent is not None else ""
        rows = "".join(
            self.declaration((name, key, sub_key), sub_info, data, lead=False, css="question row") for sub_key, sub_info in fields
        )
        pointer = json_pointer((name, key))
        return (
            f'<section class="grid" data-pointer="{esc(pointer)}" id="{field_id(pointer)}" aria-labelledby="{field_id(pointer)}-h">'
            f'<h3 id="{field_id(pointer)}-h">{number} {title}</h3>'
            f'<div class="grid-head" aria-hidden="true"><span></span>{columns}</div>{rows}</section>'
        )

    def _section(self, name: str, model: type[BaseModel], data: Any) -> str:
        parts: list[str] = []
        for field_name, info in model.model_fields.items():
            key = info.alias or field_name
            annotation = _unwrap(info.annotation)
            if _is_model(annotation) and "answer" not in annotation.model_fields and not _extra(info).get("x-nr5"):
                # a group of declarations (A.2's categories of mandatory information)
                grid = self._grid(name, key, info, annotation, data)
                if grid is not None:
                    parts.append(grid)
                    continue
                inner = "".join(
                    self.declaration((name, key, sub_key), sub_info, data)
                    for sub_key, sub_info in ((i.alias or n, i) for n, i in annotation.model_fields.items())
                )
                parts.append(f'<section class="declarations"><h3>{self._described(info, key)}</h3>{inner}</section>')
            else:
                parts.append(self.declaration((name, key), info, data))
        return "".join(parts)

    def name_of(self, pointer: str) -> str:
        """How a link names the question that holds `pointer` (its nearest named field)."""
        if not self.names:
            self.pages({})
        path = pointer
        while path and path not in self.names:
            path = path[: path.rfind("/")]
        return self.names.get(path, "")

    def pages(self, data: Any) -> list[Page]:
        """The party page, then one page per goal, in the profile's (the plan's) order."""
        party_info = Profile.model_fields["party"]
        party_model = _unwrap(party_info.annotation)
        party_html = "".join(
            self.field(("party", info.alias or name), info, data, list(_extra(info).get("x-nr5", ())))
            for name, info in party_model.model_fields.items()
        )
        pages = [Page("party", tr(self.lang, "The Party"), f'<div class="party">{party_html}</div>')]
        for name, goal in SECTION_GOALS.items():
            model = _unwrap(Profile.model_fields[name].annotation)
            pages.append(Page(goal, self.goal_titles.get(goal, goal), self._section(name, model, data)))
        return pages


def goal_titles(catalog: Any, lang: str = "en") -> dict[str, str]:
    """Each goal's words, as the plan has them (or what the source lacks, said plainly in `lang`)."""
    return {goal.id: shown_text(goal, lang) for goal in catalog.goals}


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _singular(key: str) -> str:
    """`authorities` -> `Authority`, `evidence` -> `Evidence`: the name of one item of a list."""
    word = key.replace("_", " ")
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("s"):
        word = word[:-1]
    return word[:1].upper() + word[1:]
