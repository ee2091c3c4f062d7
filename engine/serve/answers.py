"""The Party's answers goal by goal, for sign-off: one self-contained HTML page (inline CSS, no
script, nothing loaded; A4 in print, page numbers and a running header), the questions in the
BCH's words of the page's language and each answer in words, as the form shows them (the form's
own `FormBuilder` words them), what is not answered said so, and lines for the signatures.

Every text from the profile goes through `escaping.html_text`; the running header (Party, date)
is a CSS string, escaped for CSS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..catalog.nr5_i18n import RTL_LANGUAGES
from ..i18n import N_, tr
from ..l10n import date, isolate_html, joined, labelled, mark, number
from ..profile.models import SECTION_GOALS, Profile
from ..reporters.escaping import css_string, html_text as esc
from ..rulebook.fields import _literal_values, _unwrap_optional as _unwrap
from .form import FormBuilder, _extra, _is_model, _lookup, _tuple_item
from .wording import NOT_ANSWERED, YES_NO, english

STYLE = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #444; } }
:root { color-scheme: light; }
body { font: 10.5pt/1.45 "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 190mm; padding: 6mm; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 2px solid #1a1a1a; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 0; font-weight: 600; }
.meta { color: #333; }
.q { border-bottom: 1px solid #ccc; padding: 2mm 0; break-inside: avoid; }
.q .nr5 { font-weight: 700; margin-inline-end: 1.5mm; }
.a { margin: 1mm 0 0; }
.a b { font-weight: 700; }
.none { color: #555; font-style: italic; }
dl { margin: 1mm 0 0; display: grid; grid-template-columns: minmax(30%, auto) 1fr; gap: 0.5mm 4mm; font-size: 9.5pt; }
dt { color: #333; } dd { margin: 0; overflow-wrap: anywhere; }
.signoff { margin-top: 10mm; break-inside: avoid; }
.signoff table { width: 100%; border-collapse: collapse; }
.signoff th, .signoff td { border: 1px solid #777; padding: 3mm; text-align: start; vertical-align: top; }
.signoff td { height: 14mm; }
[dir="rtl"] dd, [dir="rtl"] .a { unicode-bidi: plaintext; }
"""


SIGNOFF_ROLES = (N_("Prepared by"), N_("Approved by"))
SIGNOFF_COLUMNS = (N_("Name and function"), N_("Signature"), N_("Date"))
"""The sign-off table: who prepared and who approved the answers, each with a signature and a date."""


class AnswerSheet:
    """The answers of one profile in words, with the form's own wording (`builder`)."""

    def __init__(self, builder: FormBuilder):
        self.builder = builder
        self.lang = builder.lang

    def _words(self, values: tuple[str, ...], info: FieldInfo, keys: list[str], current: Any) -> str:
        """The chosen answer(s) in words, or "Not answered"."""
        labels = dict(zip(values, self.builder.option_labels(values, self.builder._question_for(values, keys), info)))
        chosen = [labels[value] for value in (current if isinstance(current, list) else [current]) if value in labels]
        if not chosen:
            return f'<span class="none">{esc(tr(self.lang, NOT_ANSWERED))}</span>'
        return mark("list", self.lang).join(f"<b>{label}</b>" for label in chosen)

    def _value(self, parts: tuple[str | int, ...], info: FieldInfo, data: Any, keys: list[str]) -> list[tuple[str, str]]:
        """(label, value) of every field given under `parts` (HTML), in the model's order."""
        annotation = _unwrap(info.annotation)
        current = _lookup(data, parts)
        if current is None:
            return []
        label = self.builder._described(info, str(parts[-1]))
        item = _tuple_item(annotation)
        if item is not None and _is_model(item):
            heading, _ = self.builder._list_words(str(parts[-1]))
            rows: list[tuple[str, str]] = []
            for index in range(len(current) if isinstance(current, list) else 0):
                inner = self._model((*parts, index), item, data, keys)
                rows.append((esc(heading.format(number=number(index + 1, self.lang))), joined([labelled(name, value, self.lang) for name, value in inner], self.lang)))
            return rows
        if _is_model(annotation):
            return [(f"{label} — {name}", value) for name, value in self._model(parts, annotation, data, keys)]
        values = _literal_values(annotation) or (_literal_values(item) if item is not None else None)
        if annotation is bool:
            return [(label, f"<b>{esc(tr(self.lang, YES_NO['true' if current else 'false']))}</b>")]
        if values is not None:
            return [(label, self._words(values, info, keys, current))]
        shown = date(current, self.lang) if annotation is dt.date and isinstance(current, str) and _is_date(current) else str(current)  # as the language writes a date
        return [(label, f'<span dir="auto">{esc(shown)}</span>')]

    def _model(self, parts: tuple[str | int, ...], model: type[BaseModel], data: Any, keys: list[str]) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        for name, info in model.model_fields.items():
            rows += self._value((*parts, info.alias or name), info, data, keys)
        return rows

    def _declaration(self, parts: tuple[str | int, ...], info: FieldInfo, data: Any) -> str:
        keys = list(_extra(info).get("x-nr5", ()))
        model = _unwrap(info.annotation)
        if not _is_model(model) or "answer" not in model.model_fields:
            rows = self._value(parts, info, data, keys)
            heading = self.builder._described(info, str(parts[-1]))
            answer = rows[0][1] if rows else f'<span class="none">{esc(tr(self.lang, NOT_ANSWERED))}</span>'
            return f'<div class="q"><h3>{heading}</h3><p class="a">{answer}</p></div>'
        answer_info = model.model_fields["answer"]
        values = self.builder._answer_values(model)
        question = self.builder._question_for(values, keys)
        heading = self.builder.question_heading(question) if question is not None else self.builder._described(info, str(parts[-1]))
        answer = self._words(values, answer_info, keys, _lookup(data, (*parts, "answer")))
        details = []
        for name, sub in model.model_fields.items():
            if name != "answer":
                details += self._value((*parts, sub.alias or name), sub, data, keys)
        more = "<dl>" + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in details) + "</dl>" if details else ""
        return f'<div class="q"><h3>{heading}</h3><p class="a">{answer}</p>{more}</div>'

    def goal(self, name: str, data: Any) -> str:
        model = _unwrap(Profile.model_fields[name].annotation)
        out = []
        for field_name, info in model.model_fields.items():
            key = info.alias or field_name
            annotation = _unwrap(info.annotation)
            if _is_model(annotation) and "answer" not in annotation.model_fields and not _extra(info).get("x-nr5"):
                out += [self._declaration((name, key, sub.alias or sub_name), sub, data) for sub_name, sub in annotation.model_fields.items()]
            else:
                out.append(self._declaration((name, key), info, data))
        return "".join(out)

    def party(self, data: Any) -> str:
        model = _unwrap(Profile.model_fields["party"].annotation)
        rows: list[tuple[str, str]] = []
        for name, info in model.model_fields.items():
            rows += self._value(("party", info.alias or name), info, data, list(_extra(info).get("x-nr5", ())))
        return "<dl>" + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows) + "</dl>"


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def answers_html(builder: FormBuilder, goal_titles: dict[str, str], data: dict[str, Any]) -> str:
    """The whole page of a valid profile's answers (`data`), in the builder's language."""
    lang = builder.lang
    sheet = AnswerSheet(builder)
    party = data["party"]
    title = tr(lang, "Answers for sign-off")
    # TRANSLATORS: the running header of each printed page: the Party's name and code, and the date of the answers
    running = tr(lang, "{party} ({code}), answers as of {date}").format(party=party["name"], code=party["code"], date=date(party["as_of"], lang))
    direction = ' dir="rtl"' if lang in RTL_LANGUAGES else ""
    goals = []
    for name, goal in SECTION_GOALS.items():
        words = english(lang, esc(goal_titles.get(goal, goal)))
        goals.append(f'<section aria-labelledby="g-{esc(goal)}"><h2 id="g-{esc(goal)}"><bdi dir="ltr">{esc(goal)}</bdi> {words}</h2>{sheet.goal(name, data)}</section>')
    signoff_rows = "".join(
        f'<tr><th scope="row">{esc(tr(lang, role))}</th><td></td><td></td><td></td></tr>' for role in SIGNOFF_ROLES
    )
    head = "".join(f'<th scope="col">{esc(tr(lang, column))}</th>' for column in SIGNOFF_COLUMNS)
    signoff = tr(lang, "Sign-off")
    intro = tr(lang, "The answers of the self-check form, goal by goal, as they stand; questions not answered are said so.")
    page = f"""<!DOCTYPE html>
<html lang="{lang}"{direction}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{esc(title)}</title><style>{STYLE}@page {{ @top-center {{ content: {css_string(running, lang)}; font-size: 8pt; color: #444; }} }}</style></head>
<body><header><h1>{esc(title)}</h1><p class="meta">{esc(running)}</p><p class="meta">{esc(intro)}</p></header>
<main><section aria-labelledby="g-party"><h2 id="g-party">{esc(tr(lang, "The Party"))}</h2>{sheet.party(data)}</section>
{"".join(goals)}
<section class="signoff" aria-labelledby="g-signoff"><h2 id="g-signoff">{esc(signoff)}</h2>
<table><thead><tr><td></td>{head}</tr></thead><tbody>{signoff_rows}</tbody></table></section></main>
</body></html>
"""
    return isolate_html(page, lang)  # Latin runs (names, ids, the plan's English) kept in order in Arabic
