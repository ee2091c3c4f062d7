"""The companion checklist `init --full` writes: every declaration of every section, where it goes
in the profile, the NR5 question it answers and the answers allowed, read from the models."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from ..nr5.mapping import _codes, _optional_inner, questions


def _md(text: str) -> str:
    """Profile-independent text, but the BCH wording may hold characters Markdown reads."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def checklist(name: str, code: str, file_name: str) -> str:
    from .models import Profile

    tree = questions()
    lines = [
        f"# Checklist for {_md(file_name)}: {_md(name)} ({code})",
        "",
        "Every declaration the profile can hold. Leave out what is not yet answered: an absent",
        "declaration is *not declared*, which is not a declared No (`\"answer\": \"false\"`).",
        "Write the declaration at its path, e.g. `national_biosafety_framework.mainstreaming` is",
        '`"national_biosafety_framework": {"mainstreaming": {"answer": "true"}}`; then run',
        f"`cartagena validate {file_name}` and `cartagena check {file_name}`.",
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
                    need = "required" if info.is_required() else "optional"
                    lines.extend(["", f"- [ ] `{'.'.join((*path, field_name))}` ({need}): {_md(info.description or '')}"])
                continue
            here = (*path, info.alias or field_name)
            if "answer" in target.model_fields or "status" in target.model_fields:
                entry(target, info, here)
            else:
                lines.extend(["", f"{'#' * min(depth + 2, 4)} `{'.'.join(here)}`"])
                if info.description:
                    lines.extend(["", _md(info.description)])
                walk(target, here, depth + 1)

    def entry(target: type[BaseModel], info: Any, here: tuple[str, ...]) -> None:
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        lines.extend(["", f"- [ ] `{'.'.join(here)}`: {_md(info.description or '')}"])
        for key in extra.get("x-nr5", ()):
            if key in tree:
                lines.append(f"  - NR5 {tree[key].label} ({key}): {_md(tree[key].title)}")
        for attribute, sub in target.model_fields.items():
            if attribute == "evidence":
                continue
            shape = _codes(sub.annotation)
            allowed = f" one of {', '.join(f'`{c}`' for c in sorted(shape[0]))} —" if shape else ""
            several = " (a list)" if shape and shape[1] else ""
            need = "required" if sub.is_required() else "optional"
            lines.append(f"  - `{attribute}` ({need}){several}:{allowed} {_md(sub.description or '')}".rstrip())
        if "evidence" in target.model_fields:
            lines.append("  - `evidence` (optional): a list of {instrument, bch_record, url, date, note}")

    walk(Profile, (), 0)
    return "\n".join(lines) + "\n"
