"""A national report document (`cpbNationalReport5`, or `cpbNationalReport4` through the question map)
read into a profile, and a profile written out as an NR5 draft, using `mapping.bindings()`."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from ..paths import CATALOG_DIR
from .mapping import Binding, binding_by_key, bindings, questions

NR5_SCHEMA = "cpbNationalReport5"
NR4_SCHEMA = "cpbNationalReport4"
REST = "x-cartagena-profile"
"""Top-level key of an exported draft holding what the coded answers cannot carry (evidence, dates,
names, the Party's facts, undeclared-in-NR5 declarations). The BCH form reads only keys matching
`^Q`, so it ignores this one; a document from the BCH itself never has it."""


class DocumentError(ValueError):
    """A problem in a report document; `str()` is one line: JSON pointer and problem."""


@dataclass
class Imported:
    declarations: dict[str, Any]
    """The profile's sections, holding every bound answer."""
    code: str | None
    rest: dict[str, Any] = field(default_factory=dict)
    """The exported draft's `x-cartagena-profile`, if any: the profile minus its coded answers."""
    unmodelled: list[str] = field(default_factory=list)
    """Question keys answered in the document that no profile declaration models."""
    unmapped: list[str] = field(default_factory=list)
    """Fourth-report keys that have no fifth-report question (NR4 documents only)."""


def _nr4_to_nr5() -> dict[str, str]:
    table = json.loads((CATALOG_DIR / "nr5" / "nr5-to-nr4-question-map.json").read_text(encoding="utf-8"))
    return {nr4: nr5 for nr5, nr4 in table.items() if nr5 != "schema"}


def _pointer(key: str, *rest: str | int) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in (key, *rest))


def _code(item: Any, where: str, allowed: set[str]) -> str:
    if not isinstance(item, dict) or "value" not in item:
        raise DocumentError(f'{where}: an answer is an object {{"value": CODE}}, found {json.dumps(item)[:60]}')
    value = item["value"]
    if not isinstance(value, str) or value not in allowed:
        raise DocumentError(f"{where}/value: {json.dumps(value)[:60]} is not an answer of this question (allowed: {', '.join(sorted(allowed))})")
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
                out.unmapped.append(raw_key)
                continue
            key = from_nr4[raw_key]
        if key not in tree:
            raise DocumentError(f"{_pointer(raw_key)}: no question {raw_key} in the {schema} question tree")
        binding = bound.get(key)
        if binding is None:
            out.unmodelled.append(key)
            continue
        allowed = {o.value for o in tree[key].options}
        if binding.multiple:
            if not isinstance(value, list):
                raise DocumentError(f"{_pointer(raw_key)}: this question takes several answers (a list of {{\"value\": CODE}}), found a single one")
            if not value:
                continue
            codes = [_code(item, _pointer(raw_key, i), allowed) for i, item in enumerate(value)]
            answer: Any = list(dict.fromkeys(codes))
        else:
            if isinstance(value, list):
                raise DocumentError(f"{_pointer(raw_key)}: this question takes one answer ({{\"value\": CODE}}), found a list")
            answer = _code(value, _pointer(raw_key), allowed)
        _put(out.declarations, binding, answer)
    return out


def merged(rest: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """`rest` with the coded answers laid over it (the answers win: they are the report's)."""
    out = dict(rest)
    for key, value in answers.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


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


def write_document(profile: dict[str, Any]) -> dict[str, Any]:
    """An NR5 draft: every question the profile answers, in form order; the country code as given."""
    document: dict[str, Any] = {"header": {"schema": NR5_SCHEMA}}
    document["government"] = {"identifier": str(profile["party"]["code"]).lower()}
    rest = copy.deepcopy({k: v for k, v in profile.items() if k != "$schema"})
    for binding in bindings():
        node = rest
        for part in binding.path:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(binding.attribute, None)
    order = list(questions())
    for binding in sorted(bindings(), key=lambda b: order.index(b.key)):
        value = _get(profile, binding)
        if value is None:
            continue
        document[binding.key] = [{"value": v} for v in value] if binding.multiple else {"value": value}
    document[REST] = rest
    return document
