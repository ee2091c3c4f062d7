"""Babel extraction of the words of the rule files and of the indicator catalog (domain
`cartagena-rules`, see engine.i18n).

Babel calls `extract_rules(fileobj, keywords, comment_tags, options)` for each file `babel-rules.cfg`
maps to it and gets `(line, funcname, message, comments)` back; the comment names the rule (or
indicator) and the field, so a translator sees where a message is shown. Reads YAML as data (PyYAML's
safe composer): nothing in a rule file is executed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

RULE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("messages", "gap"),
    ("messages", "met"),
    ("messages", "not_declared"),
    ("messages", "not_applicable"),
    ("remediation", "advice"),
    ("remediation", "why_outside_goal"),
)
"""The words of a rule that reports show, in the order a translator meets them."""

INDICATOR_FIELDS: tuple[tuple[str, ...], ...] = (
    ("denominator", "parties"),
    ("not_computable",),
    ("judgement", "reading"),
)

Extracted = tuple[int, str | None, str, list[str]]


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node
    return None


def _at(node: yaml.Node, path: tuple[str, ...]) -> yaml.ScalarNode | None:
    for key in path:
        found = _child(node, key)
        if found is None:
            return None
        node = found
    return node if isinstance(node, yaml.ScalarNode) and node.value else None


def _items(root: yaml.Node | None, list_key: str) -> list[yaml.Node]:
    found = _child(root, list_key) if root is not None else None
    return list(found.value) if isinstance(found, yaml.SequenceNode) else []


def _extract(fileobj: IO[bytes], list_key: str, fields: tuple[tuple[str, ...], ...]) -> Iterator[Extracted]:
    root = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    for item in _items(root, list_key):
        id_node = _at(item, ("id",))
        ident = id_node.value if id_node is not None else "?"
        for path in fields:
            scalar = _at(item, path)
            if scalar is not None:
                yield scalar.start_mark.line + 1, None, scalar.value, [f"{ident}: {'.'.join(path)}"]


def extract_rules(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]) -> Iterator[Extracted]:
    """A rule file's (rules/<goal>-<name>/rules.yaml) titles, messages and advice."""
    yield from _extract(fileobj, "rules", RULE_FIELDS)


def extract_indicators(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]) -> Iterator[Extracted]:
    """The indicator catalog's (rules/catalog/indicators.yaml) denominator labels and not-computable reasons."""
    yield from _extract(fileobj, "indicators", INDICATOR_FIELDS)


def _models_in(annotation: Any) -> Iterator[type]:
    """The pydantic models an annotation holds (through Optional, tuples, unions)."""
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def extract_profile_fields(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]) -> Iterator[Extracted]:
    """The descriptions of the profile's fields (engine/profile/models.py, read from the models, so
    what the checklist of `init --full` and the form of `serve` show is what is extracted): domain
    `cartagena`, looked up with `tr(lang, description)`."""
    from .profile.models import Profile

    seen: set[type] = set()

    def walk(model: type, path: tuple[str, ...]) -> Iterator[Extracted]:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():  # type: ignore[attr-defined]
            here = (*path, info.alias or name)
            if info.description:
                yield 0, None, info.description, [f"profile field {'.'.join(here)}"]
            for inner in _models_in(info.annotation):
                yield from walk(inner, here)

    yield from walk(Profile, ())
