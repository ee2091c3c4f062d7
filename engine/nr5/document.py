"""A national report document (`cpbNationalReport5`, or `cpbNationalReport4` through the question map)
read into a profile, and a profile written out as an NR5 draft, using `mapping.bindings()`."""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ..i18n import N_, tr
from ..paths import CATALOG_DIR
from ..catalog.nr5 import Nr5Question
from .mapping import Binding, binding_by_key, bindings, questions

NR5_SCHEMA = "cpbNationalReport5"
NR4_SCHEMA = "cpbNationalReport4"
REST = "x-cartagena-profile"
"""Top-level key of an exported draft holding what the coded answers cannot carry (evidence, dates,
names, the Party's facts, undeclared-in-NR5 declarations). The BCH form reads only keys matching
`^Q`, so it ignores this one; a document from the BCH itself never has it."""


class DocumentError(ValueError):
    """A problem in a report document; `str()` is one line: JSON pointer and problem."""


# why an answer of an imported report is left out ("<pointer>: <why>"): said by import-nr5 on
# stderr (English, as every stderr line) and by the self-check page in its language
# TRANSLATORS: why an answer of an imported national report (a free-text question) is left out of the profile
FREE_TEXT = N_("free text; a profile keeps evidence, not free text")
# TRANSLATORS: why an answer of an imported national report is left out of the profile
NOT_MODELLED = N_("answered, but no profile declaration models it")
# TRANSLATORS: why the free text beside an imported answer is left out of the profile
NO_PLACE = N_("the profile has no place for this free text")
# TRANSLATORS: why an answer of an imported fourth national report is left out of the profile
NO_COUNTERPART = N_("fourth-report question with no fifth-report counterpart")
LEFT_OUT = (FREE_TEXT, NOT_MODELLED, NO_PLACE, NO_COUNTERPART)


def left_out_words(line: str, lang: str = "en") -> str:
    """A line of `Imported.unmodelled` / `unmapped` in `lang` (the pointer kept, the reason translated)."""
    where, _, why = line.partition(": ")
    return f"{where}: {tr(lang, why)}" if why in LEFT_OUT else line


@dataclass
class Imported:
    declarations: dict[str, Any]
    """The profile's sections, holding every bound answer."""
    code: str | None
    rest: dict[str, Any] = field(default_factory=dict)
    """The exported draft's `x-cartagena-profile`, if any: the profile minus its coded answers."""
    unmodelled: list[str] = field(default_factory=list)
    """One line per answer (or part of one) in the document that no profile declaration models."""
    unmapped: list[str] = field(default_factory=list)
    """NR4 documents only: one line per answer that cannot be mapped (no fifth-report question, or
    an answer the fifth-report question does not offer)."""


def _nr4_to_nr5() -> dict[str, tuple[str, dict[str, str]]]:
    """Fourth-report key -> (fifth-report key, fourth-report code -> fifth-report code where they differ)."""
    table = json.loads((CATALOG_DIR / "nr5" / "nr5-to-nr4-question-map.json").read_text(encoding="utf-8"))
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for nr5, nr4 in table.items():
        if nr5 == "schema":
            continue
        if isinstance(nr4, dict):
            out[nr4["question"]] = (nr5, dict(nr4.get("valueMapping", {})))
        else:
            out[nr4] = (nr5, {})
    return out


def _recoded(value: Any, codes: dict[str, str]) -> Any:
    """A fourth-report answer written in the fifth report's codes."""
    if isinstance(value, list):
        return [_recoded(item, codes) for item in value]
    if isinstance(value, dict) and isinstance(value.get("value"), str):
        return {**value, "value": codes.get(value["value"], value["value"])}
    return value


def _pointer(key: str, *rest: str | int) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in (key, *rest))


def _code(item: Any, where: str, allowed: set[str]) -> str:
    if not isinstance(item, dict) or "value" not in item:
        raise DocumentError(f'{where}: an answer is an object {{"value": CODE}}, found {json.dumps(item)[:60]}')
    value = item["value"]
    if not isinstance(value, str) or value not in allowed:
        raise DocumentError(f"{where}/value: {json.dumps(value)[:60]} is not an answer of this question (allowed: {', '.join(sorted(allowed))})")
    return value


def _form_keys() -> set[str]:
    """Fifth-report keys the form writes outside the question tree (Q001-Q006: the reporting
    country's details, Q005 whether it is a Party), as the NR4 question map names them."""
    table = json.loads((CATALOG_DIR / "nr5" / "nr5-to-nr4-question-map.json").read_text(encoding="utf-8"))
    return {key for key in table if key != "schema"}


def _answer(question: Nr5Question, value: Any, raw_key: str) -> Any:
    """The answer checked against its question's type: codes for options, a language map for text."""
    where = _pointer(raw_key)
    if question.type == "option":
        allowed = {o.value for o in question.options}
        if question.multiple:
            if not isinstance(value, list):
                raise DocumentError(f"{where}: this question takes several answers (a list of {{\"value\": CODE}}), found a single one")
            for i, item in enumerate(value):
                info = item.get("additionalInformation") if isinstance(item, dict) else None
                if info is not None and not isinstance(info, (str, dict)):
                    raise DocumentError(f"{where}/{i}/additionalInformation: expected free text or a language map")
            return list(dict.fromkeys(_code(item, f"{where}/{i}", allowed) for i, item in enumerate(value)))
        if isinstance(value, list):
            raise DocumentError(f"{where}: this question takes one answer ({{\"value\": CODE}}), found a list")
        return _code(value, where, allowed)
    if question.type in ("lstring", "lstringRte"):
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise DocumentError(f'{where}: free text is a language map, e.g. {{"en": "..."}}')
    elif question.type == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        raise DocumentError(f"{where}: expected a whole number, found {json.dumps(value)[:60]}")
    return value


def read_document(document: Any) -> Imported:
    """The bound answers of a report document; raises DocumentError on the first problem found."""
    if not isinstance(document, dict):
        raise DocumentError("/: a national report document is a JSON object")
    schema = document.get("header", {}).get("schema") if isinstance(document.get("header"), dict) else None
    schema = schema or document.get("schema")
    if schema not in (NR5_SCHEMA, NR4_SCHEMA):
        raise DocumentError(f"/header/schema: {json.dumps(schema)} is not a national report ({NR5_SCHEMA} or {NR4_SCHEMA})")
    tree = questions()
    bound = binding_by_key()
    known_outside_tree = _form_keys()
    from_nr4 = _nr4_to_nr5() if schema == NR4_SCHEMA else None
    out = Imported({}, None)
    government = document.get("government")
    if government is not None:
        identifier = government.get("identifier") if isinstance(government, dict) else None
        if not isinstance(identifier, str) or not identifier.isalpha() or len(identifier) not in (2, 3):
            raise DocumentError("/government/identifier: expected a country code (two or three letters)")
        out.code = identifier.upper() if len(identifier) == 3 else None
    rest = document.get(REST, {})
    if not isinstance(rest, dict):
        raise DocumentError(f"/{REST}: expected an object (the part of a profile the coded answers do not carry)")
    out.rest = rest
    for raw_key in sorted(k for k in document if k.startswith("Q")):
        value = document[raw_key]
        key = raw_key
        if from_nr4 is not None:
            if raw_key not in from_nr4:
                out.unmapped.append(f"/{raw_key}: {NO_COUNTERPART}")
                continue
            key, codes = from_nr4[raw_key]
            value = _recoded(value, codes)
            if key in tree:
                try:
                    _answer(tree[key], value, raw_key)
                except DocumentError as exc:  # the cycles' answer codes differ: not an error in the document
                    out.unmapped.append(f"{exc} (fifth-report {key})")
                    continue
        if key not in tree and key not in known_outside_tree:
            raise DocumentError(f"{_pointer(raw_key)}: no question {raw_key} in the {schema} question tree")
        answer = _answer(tree[key], value, raw_key) if key in tree else value
        binding = bound.get(key)
        if binding is None and key in tree and tree[key].type in FREE_TEXT_TYPES:
            out.unmodelled.append(f"{_pointer(raw_key)}: {FREE_TEXT}")
            continue
        if binding is None:
            out.unmodelled.append(f"{_pointer(raw_key)}: {NOT_MODELLED}")
            continue
        if isinstance(value, list):
            out.unmodelled.extend(
                f"{_pointer(raw_key, i)}/additionalInformation: {NO_PLACE}"
                for i, item in enumerate(value) if isinstance(item, dict) and "additionalInformation" in item)
        if binding.multiple and not answer:
            continue
        _put(out.declarations, binding, answer)
    return out


def merged(rest: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """`rest` with the coded answers laid over it (the answers win: they are the report's)."""
    out = dict(rest)
    for key, value in answers.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def to_profile(imported: Imported, *, name: str | None = None, code: str | None = None, as_of: str | None = None) -> dict[str, Any]:
    """The profile an imported document makes: its answers laid over the draft's `x-cartagena-profile`,
    the Party named by `name` / `code` / `as_of` where given, else by the document (a report names only
    its code: the name defaults to it, the date to today). Raises DocumentError when no code is known."""
    party = imported.rest.get("party", {}) if isinstance(imported.rest.get("party"), dict) else {}
    party_code = code or imported.code or party.get("code")
    if not party_code:
        raise DocumentError("/government/identifier: no alpha-3 code known for it; give --code")
    known = {
        "name": name or party.get("name") or party_code,
        "code": party_code,
        "as_of": as_of or party.get("as_of") or dt.date.today().isoformat(),
    }
    profile = merged(imported.rest, {**imported.declarations, "party": {**imported.declarations.get("party", {}), **known}})
    return {"party": profile.pop("party"), **profile}


def _put(sections: dict[str, Any], binding: Binding, answer: Any) -> None:
    node = sections
    for part in binding.path:
        node = node.setdefault(part, {})
    node[binding.attribute] = answer


def _get(profile: dict[str, Any], binding: Binding) -> Any:
    node: Any = profile
    for part in (*binding.path, binding.attribute):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


FREE_TEXT_TYPES = ("lstring", "lstringRte")


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
    return {key: {lang: "\n".join(found)} for key, found in lines.items()}


def write_document(profile: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """An NR5 draft: every question the profile answers, in form order, with the evidence as free
    text in `lang`; the country code as given."""
    document: dict[str, Any] = {"header": {"schema": NR5_SCHEMA}}
    document["government"] = {"identifier": str(profile["party"]["code"]).lower()}
    rest = copy.deepcopy({k: v for k, v in profile.items() if k != "$schema"})
    for binding in bindings():
        node = rest
        for part in binding.path:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(binding.attribute, None)
    answers: dict[str, Any] = dict(free_text_answers(profile, lang))
    for binding in bindings():
        value = _get(profile, binding)
        if value is not None:
            answers[binding.key] = [{"value": v} for v in value] if binding.multiple else {"value": value}
    for key in questions():  # the form's order
        if key in answers:
            document[key] = answers[key]
    document[REST] = rest
    return document
