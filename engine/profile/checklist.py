"""The companion checklist `init --full` writes: every declaration of every section, where it goes
in the profile, the NR5 question it answers and the answers allowed, read from the models."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from ..catalog.nr5 import question_label
from ..i18n import tr
from ..l10n import bracketed, isolate_runs, joined, labelled
from ..nr5.mapping import _codes, _optional_inner, questions


def _md(text: str) -> str:
    """Profile-independent text, but the BCH wording may hold characters Markdown reads."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def checklist(name: str, code: str, file_name: str, lang: str = "en") -> str:
    """The checklist in `lang`: its own words and the fields' descriptions through gettext, the NR5
    questions and answers in the BCH's wording of that language."""
    from ..catalog.nr5_i18n import questions as questions_in
    from .models import Profile

    tree = questions() if lang == "en" else questions_in(lang)

    def described(info: Any) -> str:
        return _md(tr(lang, info.description)) if info.description else ""

    def bch(text: str, fallback: bool) -> str:
        return _md(text) + (" " + tr(lang, "(English)") if fallback else "")

    required, optional = tr(lang, "required"), tr(lang, "optional")
    lines = [
        "# " + tr(lang, "Checklist for {file}: {party} ({code})").format(file=_md(file_name), party=_md(name), code=code),
        "",
        # TRANSLATORS: Markdown; keep the backticks, the asterisks and the JSON between backticks as they are
        tr(lang, "Every declaration the profile can hold. Leave out what is not yet answered: an absent\n"
          "declaration is *not declared*, which is not a declared No (`\"answer\": \"false\"`).\n"
          "Write the declaration at its path, e.g. `national_biosafety_framework.mainstreaming` is\n"
          '`"national_biosafety_framework": {{"mainstreaming": {{"answer": "true"}}}}`; then run\n'
          "`cartagena validate {file}` and `cartagena check {file}`.").format(file=file_name),
    ]

    def walk(model: type[BaseModel], path: tuple[str, ...], depth: int) -> None:
        for field_name, info in model.model_fields.items():
            if field_name == "schema_":
                continue
            target = _optional_inner(info.annotation)
            if typing.get_origin(target) is tuple:
                continue
            if not (isinstance(target, type) and issubclass(target, BaseModel)):
                if path:  # a fact such as party.party_to_protocol_since
                    need = required if info.is_required() else optional
                    lines.extend(["", "- [ ] " + labelled(f"`{'.'.join((*path, field_name))}` {bracketed(need, lang)}", described(info), lang)])
                continue
            here = (*path, info.alias or field_name)
            if "answer" in target.model_fields or "status" in target.model_fields:
                entry(target, info, here)
            else:
                lines.extend(["", f"{'#' * min(depth + 2, 4)} `{'.'.join(here)}`"])
                if info.description:
                    lines.extend(["", described(info)])
                walk(target, here, depth + 1)

    def entry(target: type[BaseModel], info: Any, here: tuple[str, ...]) -> None:
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        lines.extend(["", "- [ ] " + labelled(f"`{'.'.join(here)}`", described(info), lang)])
        for key in extra.get("x-nr5", ()):
            if key in tree:
                question = tree[key]
                said = tr(lang, "NR5 {label} ({id}): {text}").format(label=question_label(question, lang), id=key, text=bch(question.title, question.title_fallback))
                lines.append(f"  - {said}")
                if question.options:  # what each code a declaration may hold means on the form
                    answers = joined([f"`{o.value}` = {bch(o.title, o.fallback)}" for o in question.options], lang)
                    lines.append("    - " + tr(lang, "its answers: {answers}").format(answers=answers))
        for attribute, sub in target.model_fields.items():
            if attribute == "evidence":
                continue
            shape = _codes(sub.annotation)
            allowed = " " + tr(lang, "one of {codes} —").format(codes=", ".join(f"`{c}`" for c in sorted(shape[0]))) if shape else ""
            several = " " + tr(lang, "(a list)") if shape and shape[1] else ""
            need = required if sub.is_required() else optional
            lines.append(labelled(f"  - `{attribute}` {bracketed(need, lang)}{several}", f"{allowed} {described(sub)}".strip(), lang).rstrip())
        if "evidence" in target.model_fields:
            evidence = tr(lang, "a list of {fields}").format(fields="{instrument, bch_record, url, date, note}")
            lines.append(labelled(f"  - `evidence` {bracketed(optional, lang)}", evidence, lang))

    walk(Profile, (), 0)
    return "\n".join(isolate_runs(line, lang) for line in lines) + "\n"
