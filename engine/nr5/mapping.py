"""Which profile declaration answers which NR5 question, derived from the models' `x-nr5` metadata.

There is no second table: a declaration is bound to the first question its `x-nr5` names whose
options contain every code the declaration's `answer` (or `adequate`) can take, with the same
single/multiple shape. Declarations whose `x-nr5` only points at a related question (e.g. the
national focal point under Q102(d), whose options are about BCH availability) stay unbound, and a
question claimed by two declarations is bound to neither (it would be ambiguous on import).
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


@dataclass(frozen=True)
class Binding:
    path: tuple[str, ...]
    """Where the declaration sits in the profile, e.g. ("national_biosafety_framework", "mainstreaming")."""
    attribute: str
    """The declaration's attribute holding the answer code(s): "answer" or "adequate"."""
    key: str
    multiple: bool

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


@lru_cache(maxsize=1)
def bindings() -> tuple[Binding, ...]:
    from ..profile.models import Profile

    tree = questions()
    found: list[Binding] = []

    def walk(model: type[BaseModel], path: tuple[str, ...]) -> None:
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            target = _optional_inner(info.annotation)
            if not (isinstance(target, type) and issubclass(target, BaseModel)):
                continue
            keys = [k for k in extra.get("x-nr5", ()) if k in tree]
            if not keys:
                walk(target, (*path, name))
                continue
            for attribute in ("answer", "adequate"):
                if attribute not in target.model_fields:
                    continue
                shape = _codes(target.model_fields[attribute].annotation)
                if shape is None:
                    continue
                codes, multiple = shape
                candidates = [k for k in keys if k.endswith("_adq") == (attribute == "adequate")]
                for key in candidates:
                    question = tree[key]
                    if question.multiple == multiple and codes <= {o.value for o in question.options}:
                        found.append(Binding((*path, name), attribute, key, multiple))
                        break

    walk(Profile, ())
    claimed: dict[str, int] = {}
    for binding in found:
        claimed[binding.key] = claimed.get(binding.key, 0) + 1
    return tuple(b for b in found if claimed[b.key] == 1)


def binding_by_key() -> dict[str, Binding]:
    return {b.key: b for b in bindings()}
