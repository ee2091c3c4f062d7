"""Which profile declaration answers which NR5 question, derived from the models' `x-nr5` metadata.

There is no second table of fields: a declaration's answer attributes (`answer`, `adequate`,
`number`, `status`, ... any attribute holding codes), in the model's order, are each bound to the
first question its `x-nr5` names that is not yet taken by an earlier attribute of the same
declaration and whose options hold every code the attribute can take, single or multiple alike;
or whose codes `engine/profile/nr5_codes.py` recodes (GUIDs of questions 160 and 161, question
159's Yes/No for the Party's status). A question claimed by two declarations is bound to neither
(it would be ambiguous on import). Declarations whose `x-nr5` only points at a related question
(e.g. the national focal point under Q102(d), whose options are about BCH availability) are read
from it on import through an implication of `nr5_codes.py` (`implied()`), never written back.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from ..catalog.nr5 import Nr5Question, flatten
from ..paths import CATALOG_DIR
from ..profile.nr5_codes import Implication, Recoding, implications, recoding


@dataclass(frozen=True)
class Binding:
    path: tuple[str, ...]
    """Where the declaration sits in the profile, e.g. ("national_biosafety_framework", "mainstreaming")."""
    attribute: str
    """The declaration's attribute holding the answer code(s): "answer", "adequate", "number", "status"..."""
    key: str
    multiple: bool
    recoding: Recoding | None = None
    """None: the profile spells the answer with the report's own codes."""

    @property
    def field_path(self) -> str:
        return ".".join((*self.path, self.attribute))

    def to_profile(self, code: str) -> str:
        return self.recoding.to_profile[code] if self.recoding else code

    def to_report(self, code: str) -> str:
        return self.recoding.to_report[code] if self.recoding else code

    @property
    def lossy(self) -> bool:
        """True when a report code stands for several profile codes (question 159's No)."""
        return bool(self.recoding) and len(set(self.recoding.to_report.values())) < len(self.recoding.to_report)


@dataclass(frozen=True)
class Implied:
    """An answer of `key` read, on import only, into the `answer` of the declaration at `path`."""

    path: tuple[str, ...]
    key: str
    implication: Implication
    attribute: str = "answer"

    @property
    def field_path(self) -> str:
        return ".".join((*self.path, self.attribute))


def _optional_inner(annotation: Any) -> Any:
    """`X | None` -> X; anything else unchanged."""
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if args else annotation


def _codes(annotation: Any) -> tuple[frozenset[str], bool] | None:
    """The codes an answer attribute can take, and whether it holds several."""
    annotation = _optional_inner(annotation)
    if typing.get_origin(annotation) is tuple:
        inner = _codes(typing.get_args(annotation)[0])
        return (inner[0], True) if inner else None
    if typing.get_origin(annotation) is typing.Literal:
        return frozenset(str(v) for v in typing.get_args(annotation)), False
    return None


@lru_cache(maxsize=1)
def questions() -> dict[str, Nr5Question]:
    return flatten(json.loads((CATALOG_DIR / "nr5" / "questions.json").read_text(encoding="utf-8")))


def _fits(question: Nr5Question, attribute: str, codes: frozenset[str], multiple: bool) -> Binding | None | bool:
    """True: the codes are the question's own; a Recoding: through it; None: the question does not fit."""
    if question.multiple != multiple:
        return None
    if codes <= {o.value for o in question.options}:
        return True
    found = recoding(question.key, attribute)
    if found is not None and codes == frozenset(found.to_report):
        return found  # type: ignore[return-value]
    return None


@lru_cache(maxsize=1)
def declared_keys() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each declaration's path -> the NR5 keys its `x-nr5` names (in the question tree), model order."""
    from ..profile.models import Profile

    tree = questions()
    out: dict[tuple[str, ...], tuple[str, ...]] = {}

    def walk(model: type[BaseModel], path: tuple[str, ...]) -> None:
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            target = _optional_inner(info.annotation)
            if not (isinstance(target, type) and issubclass(target, BaseModel)):
                continue
            keys = tuple(k for k in extra.get("x-nr5", ()) if k in tree)
            if keys:
                out[(*path, name)] = keys
            else:
                walk(target, (*path, name))

    walk(Profile, ())
    return out


def _model_at(path: tuple[str, ...]) -> type[BaseModel]:
    from ..profile.models import Profile

    model: Any = Profile
    for part in path:
        model = _optional_inner(model.model_fields[part].annotation)
    return model


@lru_cache(maxsize=1)
def bindings() -> tuple[Binding, ...]:
    tree = questions()
    found: list[Binding] = []
    read_otherwise = {(i.key, i.path) for i in implications()}  # an implication, never written back
    for path, keys in declared_keys().items():
        taken: set[str] = {key for key in keys if (key, path) in read_otherwise}
        for attribute, info in _model_at(path).model_fields.items():
            shape = _codes(info.annotation)
            if shape is None:
                continue
            codes, multiple = shape
            for key in keys:
                fit = None if key in taken else _fits(tree[key], attribute, codes, multiple)
                if fit is not None:
                    taken.add(key)
                    found.append(Binding(path, attribute, key, multiple, fit if isinstance(fit, Recoding) else None))
                    break
    claimed: dict[str, int] = {}
    for binding in found:
        claimed[binding.key] = claimed.get(binding.key, 0) + 1
    return tuple(b for b in found if claimed[b.key] == 1)


@lru_cache(maxsize=1)
def implied() -> tuple[Implied, ...]:
    """The implications of `nr5_codes.py`, each checked against the models: the declaration exists,
    its `x-nr5` names the question and its `answer` can take every code the implication gives."""
    declared = declared_keys()
    out = []
    for implication in implications():
        keys = declared.get(implication.path, ())
        if implication.key not in keys:
            raise LookupError(f"{'.'.join(implication.path)}: its x-nr5 does not name {implication.key}")
        shape = _codes(_model_at(implication.path).model_fields["answer"].annotation)
        if shape is None or not set(implication.to_profile.values()) <= shape[0]:
            raise LookupError(f"{'.'.join(implication.path)}.answer cannot hold {sorted(set(implication.to_profile.values()))}")
        out.append(Implied(implication.path, implication.key, implication))
    return tuple(out)


def binding_by_key() -> dict[str, Binding]:
    return {b.key: b for b in bindings()}


def implied_by_key() -> dict[str, tuple[Implied, ...]]:
    out: dict[str, list[Implied]] = {}
    for item in implied():
        out.setdefault(item.key, []).append(item)
    return {key: tuple(items) for key, items in out.items()}
