"""A national report document read into a profile (`reading.py` reads it, `to_profile` makes the
profile), and a profile written out as an NR5 draft in the shapes the BCH's NR5 form writes
(`answers.py` says which), using `mapping.bindings()`."""

from __future__ import annotations

import copy
from typing import Any

from ..clock import local_today
from ..i18n import tr
from .answers import FREE_TEXT_TYPES, DocumentError
from .mapping import Binding, bindings, questions
from .reading import NR4_SCHEMA, NR5_SCHEMA, REST, Imported, read_document

__all__ = ["DocumentError", "Imported", "NR4_SCHEMA", "NR5_SCHEMA", "REST", "merged", "read_document",
           "to_profile", "write_document"]


def merged(rest: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """`rest` with the coded answers laid over it (the answers win: they are the report's)."""
    out = dict(rest)
    for key, value in answers.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def to_profile(imported: Imported, *, name: str | None = None, code: str | None = None, as_of: str | None = None,
               region: str | None = None) -> dict[str, Any]:
    """The profile an imported document makes: its answers laid over the draft's `x-cartagena-profile`,
    the Party named by `name` / `code` / `as_of` / `region` where given, else by the document (a report
    names only its code: the name defaults to it, the date to today). Raises DocumentError when no
    code is known."""
    party = imported.rest.get("party", {}) if isinstance(imported.rest.get("party"), dict) else {}
    party_code = code or imported.code or party.get("code")
    if not party_code:
        raise DocumentError("/government/identifier: no alpha-3 code known for it; give --code (or a --regions table)")
    known = {
        "name": name or party.get("name") or party_code,
        "code": party_code,
        "as_of": as_of or party.get("as_of") or local_today().isoformat(),
        **({"region": region} if region else {}),
    }
    profile = merged(imported.rest, {**imported.declarations, "party": {**imported.declarations.get("party", {}), **known}})
    return {"party": profile.pop("party"), **profile}


def _get(profile: dict[str, Any], binding: Binding) -> Any:
    node: Any = profile
    for part in (*binding.path, binding.attribute):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node



def _evidence_words(item: dict[str, Any], lang: str) -> str:
    """One piece of evidence as words: the instrument, the BCH record, the address, the date, the note."""
    parts = [str(item["instrument"])] if item.get("instrument") else []
    if item.get("bch_record"):
        parts.append(tr(lang, "BCH record {record}").format(record=item["bch_record"]))
    parts += [str(item[name]) for name in ("url", "date", "note") if item.get(name)]
    return ", ".join(parts)


def free_text_answers(profile: dict[str, Any], lang: str = "en") -> dict[str, dict[str, str]]:
    """The free text a draft can carry: each section's "further details" question (its last free-text
    question) gets the evidence the profile gives for that section's declarations, one line per
    declaration, under the language's key (`{"fr": "..."}`), as the BCH stores free text."""
    tree = questions()
    last_free_text: dict[str, str] = {}
    for key, question in tree.items():
        if question.type in FREE_TEXT_TYPES:
            last_free_text[question.section] = key
    lines: dict[str, list[str]] = {}
    seen: set[tuple[str, ...]] = set()
    order = list(tree)
    for binding in sorted(bindings(), key=lambda b: order.index(b.key)):
        target = last_free_text.get(tree[binding.key].section)
        node: Any = profile
        for part in binding.path:
            node = node.get(part) if isinstance(node, dict) else None
        evidence = node.get("evidence") if isinstance(node, dict) else None
        if target is None or binding.path in seen or not isinstance(evidence, list):
            continue
        seen.add(binding.path)
        words = "; ".join(filter(None, (_evidence_words(item, lang) for item in evidence if isinstance(item, dict))))
        if words:
            label = tr(lang, "Question {number}").format(number=tree[binding.key].printed_number)
            lines.setdefault(target, []).append(tr(lang, "{question}: {evidence}").format(question=label, evidence=words))
    # the NR5 form binds free text to `binding[key].value` (answers.py): {"value": {"fr": "..."}}
    return {key: {"value": {lang: "\n".join(found)}} for key, found in lines.items()}


def write_document(profile: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """An NR5 draft: every question the profile answers, in form order, in the BCH's codes (GUIDs
    where the BCH has them), with the evidence as free text in `lang`; the country code as given."""
    # the header as the BCH's form starts a record (app/views/forms/edit/edit.js, setDocument):
    # schema and languages, the language of its free text; the BCH gives the identifier
    document: dict[str, Any] = {"header": {"schema": NR5_SCHEMA, "languages": [lang]}}
    document["government"] = {"identifier": str(profile["party"]["code"]).lower()}
    rest = copy.deepcopy({k: v for k, v in profile.items() if k != "$schema"})
    for binding in bindings():
        node = rest
        for part in binding.path:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict) and not binding.lossy:  # a lossy code keeps the profile's own word beside it
            node.pop(binding.attribute, None)
    answers: dict[str, Any] = dict(free_text_answers(profile, lang))
    for binding in bindings():
        value = _get(profile, binding)
        if value is not None:
            answers[binding.key] = ([{"value": binding.to_report(v)} for v in value] if binding.multiple
                                    else {"value": binding.to_report(value)})
    for key in questions():  # the form's order
        if key in answers:
            document[key] = answers[key]
    document[REST] = rest
    return document
