"""The other names `explain` accepts beside catalog ids: a rule id (A.1/national-measures), a profile
field path (national_biosafety_framework.mainstreaming, or as a JSON pointer) and an NR5 question as
the reports word it ("question 7", "question 102(d)"). Each is resolved to the catalog id it is about,
with a short preface saying what the name is."""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel


UNKNOWN_HINT = (
    "`cartagena plan` lists the ids of the plan, `cartagena rules` the rule ids, `cartagena schema` the "
    "profile's fields (write them as national_biosafety_framework.mainstreaming); NR5 questions are "
    "Q007 or 'question 7'"
)

_QUESTION = re.compile(r"question\s+(\d+)\s*(?:\(?\s*([a-z])\s*\)?)?")


def _field(path: str) -> tuple[str, Any] | None:
    """The model field at a dotted path (the `answer` attribute stands for its declaration)."""
    from ..nr5.mapping import _optional_inner
    from ..profile.models import Profile

    parts = [p for p in path.replace("/", ".").split(".") if p]
    if parts and parts[-1] == "answer":
        parts = parts[:-1]
    model: Any = Profile
    info = None
    for part in parts:
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        info = model.model_fields[part]
        model = _optional_inner(info.annotation)
        if typing.get_origin(model) is tuple:
            model = typing.get_args(model)[0]
    return (".".join(parts), info) if info is not None else None


def resolve(catalog: Any, name: str, lang: str = "en") -> tuple[str | None, dict[str, Any]] | None:
    """(catalog id to explain or None, preface) for a rule id, field path or "question N"; None if
    none. The preface's words (a rule's title, a field's description) are in `lang`."""
    from ..i18n import rule_words, tr

    if m := _QUESTION.fullmatch(name.strip().lower()):
        key = f"Q{int(m.group(1)):03d}" + (f"_{m.group(2)}" if m.group(2) else "")
        if key in catalog.nr5:
            return key, {"kind": "nr5_question_label", "name": name, "key": key}
        return None
    from ..rulebook.loader import RuleFileError, load_rulebook

    try:
        rules = load_rulebook(catalog=catalog).rules
    except RuleFileError:
        rules = ()
    for rule in rules:
        if rule.id.lower() == name.strip().lower():
            target = rule.objectives[0] if rule.objectives else rule.goal
            return target, {
                "kind": "rule", "id": rule.id, "title": rule_words(lang, rule.title), "duty": rule.duty, "goal": rule.goal,
                "nr5": list(rule.nr5), "reads": list(rule.reads),
            }
    found = _field(name.strip())
    if found is None:
        return None
    path, info = found
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    keys = [k for k in extra.get("x-nr5", ()) if k in catalog.nr5]
    readers = [r.id for r in rules if any(p == path or p.startswith(path + ".") for p in (x.replace("/", ".").strip(".") for x in r.reads))]
    target = keys[0] if keys else (extra.get("x-goal") or None)
    text = tr(lang, info.description) if info.description else ""
    return target, {"kind": "profile_field", "path": path, "text": text, "nr5": keys, "rules": readers}


def preface_lines(preface: dict[str, Any], lang: str = "en") -> list[str]:
    """What the name given to `explain` is, before the explanation of the catalog item it is about."""
    from ..catalog.present import DUTY_NAMES
    from ..i18n import tr
    from ..l10n import mark

    if preface["kind"] == "nr5_question_label":
        return [tr(lang, "{name} is NR5 {key}:").format(name=preface["name"], key=preface["key"]), ""]
    if preface["kind"] == "rule":
        what = tr(lang, "(rule of `cartagena check`, {duty})").format(duty=tr(lang, DUTY_NAMES[preface["duty"]]))
        lines = [f"{preface['id']}  {what}", f"  {preface['title']}"]
        lines += ["  " + tr(lang, "Reads: {fields}").format(fields=mark("list", lang).join(preface["reads"]))] if preface["reads"] else []
        lines += ["  " + tr(lang, "NR5: {questions}").format(questions=mark("list", lang).join(preface["nr5"]))] if preface["nr5"] else []
        return [*lines, "", tr(lang, "It measures:"), ""]
    kind = tr(lang, "(profile field)")
    lines = [f"{preface['path']}  {kind}", "  " + preface["text"]]
    readers = mark("list", lang).join(preface["rules"]) or tr(lang, "none")
    lines.append("  " + tr(lang, "Rules that read it: {rules}").format(rules=readers))
    return [*lines, ""]
