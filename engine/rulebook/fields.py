"""What a rule may read: every field of the profile format, its kind and its allowed values,
derived from the pydantic models (so a rule naming a field that does not exist fails to load).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from ..profile.models import Profile

Kind = Literal["enum", "enum_set", "date", "bool", "int", "text", "array", "object"]


@dataclass(frozen=True)
class FieldSpec:
    path: str
    kind: Kind
    values: tuple[str, ...] = ()
    items: "dict[str, FieldSpec] | None" = None  # for arrays of objects: fields of one item, relative to it
    nr5: tuple[str, ...] = ()
    goal: str | None = None

    @property
    def pointer(self) -> str:
        return "/" + self.path.replace(".", "/")


def _unwrap_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _literal_values(annotation: Any) -> tuple[str, ...] | None:
    if typing.get_origin(annotation) is Literal:
        return tuple(str(value) for value in typing.get_args(annotation))
    return None


def _walk(model: type[BaseModel], prefix: str, out: dict[str, FieldSpec], nr5: tuple[str, ...], goal: str | None) -> None:
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key.startswith("$"):
            continue
        path = f"{prefix}{key}"
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        field_nr5 = tuple(extra.get("x-nr5", ())) or nr5
        field_goal = extra.get("x-goal", goal)
        annotation = _unwrap_optional(info.annotation)
        values = _literal_values(annotation)
        if values is not None:
            out[path] = FieldSpec(path, "enum", values, nr5=field_nr5, goal=field_goal)
        elif annotation is bool:
            out[path] = FieldSpec(path, "bool", nr5=field_nr5, goal=field_goal)
        elif annotation is int:
            out[path] = FieldSpec(path, "int", nr5=field_nr5, goal=field_goal)
        elif annotation is dt.date:
            out[path] = FieldSpec(path, "date", nr5=field_nr5, goal=field_goal)
        elif annotation is str:
            out[path] = FieldSpec(path, "text", nr5=field_nr5, goal=field_goal)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out[path] = FieldSpec(path, "object", nr5=field_nr5, goal=field_goal)
            _walk(annotation, f"{path}.", out, field_nr5, field_goal)
        elif typing.get_origin(annotation) is tuple:
            item = typing.get_args(annotation)[0]
            item_values = _literal_values(item)
            if item_values is not None:
                out[path] = FieldSpec(path, "enum_set", item_values, nr5=field_nr5, goal=field_goal)
            elif isinstance(item, type) and issubclass(item, BaseModel):
                if item.__name__ == "Evidence":
                    continue  # evidence is shown in findings, never tested by a rule
                item_fields: dict[str, FieldSpec] = {}
                _walk(item, "", item_fields, field_nr5, field_goal)
                out[path] = FieldSpec(path, "array", items=item_fields, nr5=field_nr5, goal=field_goal)
            else:  # pragma: no cover - the models have no other kind of tuple
                raise TypeError(f"unsupported field type at {path}: {annotation!r}")
        else:  # pragma: no cover
            raise TypeError(f"unsupported field type at {path}: {annotation!r}")


@cache
def profile_fields() -> dict[str, FieldSpec]:
    """Dotted path (e.g. `handling_transport_packaging_identification.documentation_contained_use.answer`) -> spec."""
    out: dict[str, FieldSpec] = {}
    _walk(Profile, "", out, (), None)
    return out
