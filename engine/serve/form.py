"""The self-check form, generated from the profile's pydantic models and the NR5 question tree.

Nothing here is written per field: every section of `Profile` becomes one page (one goal), every
declaration one question with its NR5 number and the BCH's wording, every `Literal` a set of
choices labelled with the BCH's wording of each answer code, nested models fieldsets, tuples of
models lists of items, and "Not answered" is always the default. Each input is named by the JSON
pointer of the value it sets, so the page's script builds the profile without knowing its shape,
and a validation message at a pointer is shown beside the field that holds it.

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

NOT_ANSWERED = N_("Not answered")
# "`code` = words" in a field's description, each ended by the separator of the language's script
# (`;`, Chinese `；`, Arabic `؛`), a full stop (`.`, `。`) or the NR5 reference
_CODE_WORDING = re.compile(r"`([^`]+)`\s*=\s*([^;；؛`]+?)(?=[;；؛]|$|[.。]\s|[.。]$|\s*[(（]NR5)")
_YES_NO = {"true": N_("Yes"), "false": N_("No")}

LIST_ITEMS: dict[str, tuple[str, str]] = {
    # TRANSLATORS: the heading of one item of a list in the form; {number} counts from 1
    "authorities": (N_("Authority {number}"), N_("Add authority")),
    "evidence": (N_("Evidence {number}"), N_("Add evidence")),
    "issues": (N_("Issue {number}"), N_("Add issue")),
}
"""The words of each list of the profile (by its field name): one item's heading, the button adding one."""


def english(lang: str, html: str) -> str:
    """Words that exist only in English (the plan's text), marked as English in a page in another
    language (and kept left to right, isolated, in a right-to-left one)."""
    if lang == "en":
        return html
    return f'<span lang="en"{ltr(lang)}>{html}</span>'


def ltr(lang: str) -> str:
    """The attribute that keeps ids, codes and pointers left to right in a right-to-left page."""
    return ' dir="ltr"' if lang in RTL_LANGUAGES else ""


def bch_html(lang: str, text: str, fallback: bool) -> str:
    """An NR5 text of the BCH; where the language lacks it, the English stand-in marked so."""
    if not fallback:
        return esc(text)
    # TRANSLATORS: said after a national report text shown in English because the BCH lacks it in this language
    english_words = tr(lang, "(English)")
    return f"{english(lang, esc(text))} {esc(english_words)}"


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


def _plain_description(info: FieldInfo, name: str = "", lang: str = "en") -> str:
    """A field's description (in `lang`: the profile's field descriptions are extracted for
    translation) for a label: without the list of codes and the NR5 reference (shown apart); the
    field's name in words when the description is only the list of codes."""
    text = tr(lang, info.description) if info.description else ""
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

    def __init__(self, nr5: Mapping[str, Nr5Question], goal_titles: Mapping[str, str], lang: str = "en"):
        self.nr5 = nr5  # in `lang`: the BCH's own wording (engine.catalog.nr5_i18n)
        self.goal_titles = goal_titles
        self.lang = lang

    def _described(self, info: FieldInfo, name: str) -> str:
        """A field's own description (the profile format's words, in the page's language), as HTML."""
        return esc(_plain_description(info, name, self.lang))

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

    def _option_labels(self, values: tuple[str, ...], question: Nr5Question | None, info: FieldInfo) -> list[str]:
        """Each answer's label as HTML: the BCH's wording in the page's language, else the wording of
        the profile's field description (translated) or Yes/No; a plain word without wording anywhere
        ("open") reads as itself, capitalised."""
        from_bch = {o.value: o for o in question.options} if question else {}
        description = info.description or ""
        from_model = {code: wording.strip() for code, wording in _CODE_WORDING.findall(tr(self.lang, description) if description else "")}
        in_english = {code: wording.strip() for code, wording in _CODE_WORDING.findall(description)}
        labels = []
        for value in values:
            option = from_bch.get(value)
            if option is not None and option.title:
                labels.append(bch_html(self.lang, option.title.rstrip(" :"), option.fallback))
            elif value in from_model:
                labels.append(esc(from_model[value].rstrip(" :")))
            elif value in in_english:  # a translation that lost the code: the English words, marked so
                labels.append(english(self.lang, esc(in_english[value].rstrip(" :"))))
            elif value in _YES_NO:
                labels.append(esc(tr(self.lang, _YES_NO[value])))
            elif value in REGION_NAMES:
                labels.append(esc(region_name(value, self.lang)))
            else:
                # a code that is already (English) words, shown as itself ("Africa")
                labels.append(english(self.lang, esc((value.capitalize() if value.isalpha() else value).rstrip(" :"))))
        return labels

    def _question_heading(self, question: Nr5Question) -> str:
        parent = self.nr5.get(question.parent) if question.parent else None
        lead = ""
        if parent is not None and parent.title and question.number:  # a lettered part: its question's words first
            lead = f'<span class="lead">{bch_html(self.lang, parent.title, parent.title_fallback)}</span> '
        return f'<span class="nr5">NR5 {esc(self._label(question))}</span> {lead}{bch_html(self.lang, question.title, question.title_fallback)}'

    # --- widgets ----------------------------------------------------------------------------------

    def _choice(self, pointer: str, values: tuple[str, ...], labels: list[str], current: Any, multiple: bool) -> str:
        kind = "multi" if multiple else "choice"
        chosen = set(current) if multiple and isinstance(current, list) else {current}
        items = []
        if not multiple:
            checked = "" if current in values else " checked"
            items.append(
                f'<label class="opt none"><input type="radio" name="{esc(pointer)}" value="" data-kind="choice"{checked}> {esc(tr(self.lang, NOT_ANSWERED))}</label>'
            )
        for value, label in zip(values, labels):
            checked = " checked" if value in chosen else ""
            input_type = "checkbox" if multiple else "radio"
            items.append(
                f'<label class="opt"><input type="{input_type}" name="{esc(pointer)}" value="{esc(value)}" data-kind="{kind}"{checked}> {label}</label>'
            )
        return f'<div class="choices" role="group">{"".join(items)}</div>'

    def _scalar(self, pointer: str, annotation: Any, info: FieldInfo, current: Any) -> str:
        if annotation is bool:
            values, labels = ("true", "false"), [esc(tr(self.lang, _YES_NO["true"])), esc(tr(self.lang, _YES_NO["false"]))]
            shown = {True: "true", False: "false"}.get(current) if isinstance(current, bool) else None
            return self._choice(pointer, values, labels, shown, False).replace('data-kind="choice"', 'data-kind="bool"')
        if annotation is dt.date:
            value = current if isinstance(current, str) else ""
            return f'<input type="date" name="{esc(pointer)}" value="{esc(value)}" data-kind="text">'
        max_length = next((m.max_length for m in info.metadata if getattr(m, "max_length", None)), None)
        limit = f' maxlength="{max_length}"' if max_length else ""
        value = current if isinstance(current, str) else ""
        # what the user writes reads in its own direction in a right-to-left page
        limit += ' dir="auto"' if self.lang in RTL_LANGUAGES else ""
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
            return self._model(parts, annotation, data, keys, legend=esc(label) if label else self._described(info, str(parts[-1])))
        else:
            widget = self._scalar(pointer, annotation, info, current)
        if question is not None and label is None and question.key != (keys[0] if keys else None):
            heading = self._question_heading(question)
        else:
            heading = esc(label) if label else self._described(info, str(parts[-1]))
        return (
            f'<div class="field" data-pointer="{esc(pointer)}"><div class="label">{heading}</div>{widget}'
            f'<div class="messages" aria-live="polite"></div></div>'
        )

    def _model(self, parts: tuple[str | int, ...], model: type[BaseModel], data: Any, keys: list[str], legend: str) -> str:
        """A nested model as a fieldset; `legend` is HTML."""
        inner = "".join(
            self._field((*parts, info.alias or name), info, data, keys) for name, info in model.model_fields.items()
        )
        return (
            f'<fieldset class="group" data-pointer="{esc(json_pointer(parts))}"><legend>{legend}</legend>{inner}'
            f'<div class="messages" aria-live="polite"></div></fieldset>'
        )

    def _list(self, parts: tuple[str | int, ...], item: type[BaseModel], info: FieldInfo, data: Any, keys: list[str]) -> str:
        """A list of items: those the profile has, one empty slot, and a template the script copies."""
        current = _lookup(data, parts)
        count = len(current) if isinstance(current, list) else 0
        heading, add = self._list_words(str(parts[-1]))
        rows = [self._model((*parts, index), item, data, keys, legend=esc(heading.format(number=index + 1))) for index in range(count)]
        # the script puts the item's number where the template says {number}
        template = self._model((*parts, "{index}"), item, {}, keys, legend=esc(heading))
        pointer = json_pointer(parts)
        return (
            f'<div class="field list" data-pointer="{esc(pointer)}"><div class="label">{self._described(info, str(parts[-1]))}</div>'
            f'<div class="items">{"".join(rows)}</div>'
            f'<template>{template}</template>'
            f'<button type="button" class="add" data-list="{esc(pointer)}">{esc(add)}</button>'
            f'<div class="messages" aria-live="polite"></div></div>'
        )

    def _list_words(self, key: str) -> tuple[str, str]:
        """One item's heading (with `{number}`) and the button's words, for the list `key`."""
        if key in LIST_ITEMS:
            heading, add = LIST_ITEMS[key]
            return tr(self.lang, heading), tr(self.lang, add)
        noun = _singular(key)  # a list LIST_ITEMS lacks (tests/test_serve_languages.py fails on one)
        return f"{noun} {{number}}", f"Add {noun.lower()}"

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
        described = self._described(info, str(parts[-1]))
        if question is not None:  # the NR5 question this declaration answers, in its own words
            heading = self._question_heading(question)
        else:  # no NR5 question with these answers: the declaration's words, and the questions it relates to
            # TRANSLATORS: joins the NR5 questions a declaration relates to ("question 10, question 11")
            names = tr(self.lang, ", ").join(self._label(q) for q in related)
            # TRANSLATORS: {questions} are e.g. "question 10, question 11" of the fifth national report (NR5)
            tag = tr(self.lang, "Related to NR5 {questions}").format(questions=names) if related else tr(self.lang, "Not an NR5 question")
            heading = f'<span class="nr5">{esc(tag)}</span> {described}'
        # the profile's own words for the declaration, when the heading shows the BCH's
        # TRANSLATORS: {words} is the profile format's own (English) description of the declaration
        ours = esc(tr(self.lang, "In the profile: {words}")).format(words=described)
        ours = f'<p class="ours">{ours}</p>' if question is not None else ""
        pointer = json_pointer(parts)
        # TRANSLATORS: the label of a declaration's answer in the form
        answer = self._field((*parts, "answer"), answer_info, data, keys, label=tr(self.lang, "Answer"))
        follow_ups = "".join(
            self._field((*parts, info_.alias or name), info_, data, keys)
            for name, info_ in model.model_fields.items()
            if name != "answer"
        )
        declared = _lookup(data, parts)
        open_ = " open" if isinstance(declared, dict) and any(k != "answer" for k in declared) else ""
        details = tr(self.lang, "Details and evidence (optional)")
        return (
            f'<section class="question" data-pointer="{esc(pointer)}" id="q-{esc(pointer.strip("/").replace("/", "-"))}">'
            f'<h3>{heading}</h3>{ours}{answer}'
            f'<details{open_}><summary>{esc(details)}</summary>{follow_ups}</details>'
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
                parts.append(f'<fieldset class="declarations"><legend>{self._described(info, key)}</legend>{inner}</fieldset>')
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
        pages = [Page("party", tr(self.lang, "The Party"), f'<div class="party">{party_html}</div>')]
        for name, goal in SECTION_GOALS.items():
            model = _unwrap(Profile.model_fields[name].annotation)
            pages.append(Page(goal, self.goal_titles.get(goal, goal), self._section(name, model, data)))
        return pages


def goal_titles(catalog: Any, lang: str = "en") -> dict[str, str]:
    """Each goal's words, as the plan has them (or what the source lacks, said plainly in `lang`)."""
    return {goal.id: shown_text(goal, lang) for goal in catalog.goals}


def render_pages(pages: list[Page], lang: str = "en") -> str:
    """The pages with the navigation between them; without the script every page shows. A goal's
    title is the plan's text (English), the party page's the form's own words."""

    def title(page: Page, shown: str) -> str:
        return esc(shown) if page.id == "party" else english(lang, esc(shown))

    nav = "".join(
        f'<li><a href="#page-{esc(page.id)}" data-page="{esc(page.id)}">'
        f'<span class="id"{ltr(lang)}>{esc(page.id if page.id != "party" else "")}</span> {title(page, _short(page.title))}'
        f'<span class="badge" data-badge="{esc(page.id)}"></span></a></li>'
        for page in pages
    )
    body = "".join(
        f'<section class="page" id="page-{esc(page.id)}" data-page="{esc(page.id)}">'
        f'<h2>{_goal_id(page.id, lang)}{title(page, page.title)}</h2>{page.html}</section>'
        for page in pages
    )
    goals = tr(lang, "Goals")
    return f'<nav class="pages" aria-label="{esc(goals)}"><ol>{nav}</ol></nav><div class="form-pages">{body}</div>'


def _goal_id(page_id: str, lang: str) -> str:
    if page_id == "party":
        return ""
    return f'<bdi dir="ltr">{esc(page_id)}</bdi>: ' if lang in RTL_LANGUAGES else esc(page_id + ": ")


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
