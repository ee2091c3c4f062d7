"""Validates profile files: reading (engine.loader), the profile format (pydantic models, the same
rules as the committed JSON Schema) and the checks the schema cannot express (engine.profile.checks).

Every problem becomes one `file:line:column: /pointer: message` line; a batch reports every file.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from pydantic import BaseModel, ValidationError

from ..loader import Document, Problem, expand_paths, json_pointer, load_document
from ..profile.checks import check_profile
from ..profile.models import Profile


@dataclass
class ProfileCheck:
    """The outcome of validating one input: its document and profile when readable and valid."""

    file: str
    document: Document | None = None
    profile: Profile | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # inconsistencies: flagged, not invalid
    data: dict[str, Any] | None = None  # the parsed file: what the Party wrote (absent or null = not declared)

    @property
    def valid(self) -> bool:
        return not self.errors and self.profile is not None


def _field_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (through Optional and tuple[...])."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        for inner in typing.get_args(candidate):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def _model_at(location: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that holds the object at `location` (a pydantic loc), to list its allowed keys."""
    model: type[BaseModel] | None = Profile
    for part in location:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        info = next((f for name, f in model.model_fields.items() if (f.alias or name) == part), None)
        if info is None:
            return None
        model = _field_model(info.annotation)
    return model


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _describe_input(value: Any) -> str:
    if isinstance(value, bool):
        return f"got {str(value).lower()}"
    if value is None:
        return "got null"
    if isinstance(value, (int, float)):
        return f"got the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"got \"{shown}\""
    if isinstance(value, list):
        return "got an array"
    if isinstance(value, dict):
        return "got an object"
    return ""


_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _code(error: dict[str, Any]) -> str:
    """The stable code of one pydantic error (README "Problem codes")."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return "profile.unknown-property"
    if kind == "missing":
        return "profile.missing-property"
    if tuple(error["loc"]) == ("party", "code"):
        return "profile.party-code"
    if kind.startswith("date"):
        return "profile.invalid-date"
    if kind.endswith("_type") or kind in ("model_attributes_type", "list_type", "dict_type"):
        return "profile.wrong-type"
    return "profile.invalid-value"


def _message(error: dict[str, Any]) -> tuple[str, bool]:
    """A plain message for one pydantic error, and whether it points at a key (not a value)."""
    kind = error["type"]
    location = error["loc"]
    if kind == "extra_forbidden":
        key = str(location[-1])
        model = _model_at(tuple(location[:-1]))
        allowed = _allowed_keys(model) if model else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (f"; allowed here: {', '.join(allowed)}" if allowed else "")
        return f"unknown property '{key}'{hint}", True
    if kind == "missing":
        return f"missing required property '{location[-1]}'", False
    text = error["msg"]
    if text.startswith("Value error, "):
        return text.removeprefix("Value error, "), False
    if tuple(location) == ("party", "code"):  # whatever is wrong with it, say what a code looks like
        return f"must be three capital letters (ISO 3166-1 alpha-3, e.g. XEA), {_describe_input(error.get('input'))}", False
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        given = error.get("input")
        if isinstance(given, str) and _DATE_SHAPE.match(given):
            return f"{given} is not a date that exists (the month or the day is out of range)", False
        return f"must be a date written YYYY-MM-DD, {_describe_input(given)}", False
    described = _describe_input(error.get("input"))
    return f"{text[0].lower()}{text[1:]}{', ' + described if described else ''}", False


def schema_problems(document: Document, exc: ValidationError) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        pointer = json_pointer(error["loc"])
        message, at_key = _message(error)
        problems.append(document.problem(pointer, message, at_key=at_key, code=_code(error)))
    return problems


def validate_document(document: Document) -> ProfileCheck:
    check = ProfileCheck(document.display_name, document=document)
    if not isinstance(document.data, dict):  # pragma: no cover - the loader refuses non-objects
        check.errors.append(Problem(document.display_name, "", None, None, "a profile must be a JSON object", "profile.not-object"))
        return check
    try:
        profile = Profile.model_validate_json(document.raw)
    except ValidationError as exc:
        check.errors.extend(sorted(schema_problems(document, exc), key=_position))
        return check
    data = document.data  # what the Party wrote, exactly: pydantic has just checked it
    for semantic in check_profile(profile, data):
        if semantic.severity == "error":
            check.errors.append(document.problem(semantic.pointer, semantic.message, code=semantic.code))
        else:
            check.warnings.append(document.problem(semantic.pointer, f"inconsistent: {semantic.message}", code=semantic.code))
    if not check.errors:
        check.profile = profile
        check.data = data
    check.errors.sort(key=_position)
    check.warnings.sort(key=_position)
    return check


def _position(problem: Problem) -> tuple[int, int, str]:
    return (problem.line or 0, problem.column or 0, problem.pointer or "")


def iter_checks(paths: Iterable[str]) -> Iterator[ProfileCheck]:
    """One ProfileCheck per path that gave no file, then one per file found, in a stable order;
    one at a time, so a batch of any size is read in constant memory."""
    files, path_problems = expand_paths(paths)
    for problem in path_problems:
        yield ProfileCheck(problem.file, errors=[problem])
    for path in files:
        loaded = load_document(path)
        if isinstance(loaded, Problem):
            yield ProfileCheck(loaded.file, errors=[loaded])
        else:
            yield validate_document(loaded)

