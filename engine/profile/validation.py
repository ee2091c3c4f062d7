"""Validates profile files: reading (engine.loader), the profile format (pydantic models, the same
rules as the committed JSON Schema) and the checks the schema cannot express (engine.profile.checks).

Every problem becomes one `file:line:column: /pointer: message` line; a batch reports every file.
"""

from __future__ import annotations

import os
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from pydantic import BaseModel, ValidationError

from ..inputs import expand_inputs
from ..loader import STDIN, Document, Problem, json_pointer, load_document
from ..own_reports import loaded_kind
from ..profile.checks import check_profile
from ..profile.plausibility import date_warnings
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


def _message(error: dict[str, Any], lang: str = "en", form: bool = False) -> tuple[str, bool]:
    """A plain message for one pydantic error (engine.plain_words), and whether it points at a key
    (not a value). `form`: the words of a field of the self-check page, which has no properties."""
    from ..plain_words import field_problem, unknown_property, value_problem  # only a file with problems needs it

    if form and error["type"] != "extra_forbidden":  # a key the form never writes: a file opened in it
        return field_problem(error, lang), False
    if error["type"] == "extra_forbidden":
        location = error["loc"]
        model = _model_at(tuple(location[:-1]))
        return unknown_property(str(location[-1]), _allowed_keys(model) if model else [], lang), True
    return value_problem(error, lang), False


def schema_problems(document: Document, exc: ValidationError, lang: str = "en", form: bool = False) -> list[Problem]:
    """One problem per pydantic error, in plain words (in `lang`; `form`: as the self-check page says them)."""
    problems = []
    for error in exc.errors(include_url=False):
        pointer = json_pointer(error["loc"])
        message, at_key = _message(error, lang, form)
        problems.append(document.problem(pointer, message, at_key=at_key, code=_code(error)))
    return problems


def build_validator() -> None:
    """Builds the profile format's validator now. The models are built when first used
    (`defer_build`: a cold `check` of one profile builds one validator, not one per model and a
    serializer each); a batch builds it before it forks its workers, so they share it, and
    `serve` before its first request."""
    Profile.model_rebuild()


def validate_document(document: Document, lang: str = "en", form: bool = False) -> ProfileCheck:
    """Validates a document read: its format, then the checks the schema cannot express. The
    format's problems in `lang` (the command line keeps English; the self-check page passes its
    own language and `form`, for the words of a field)."""
    check = ProfileCheck(document.display_name, document=document)
    if not isinstance(document.data, dict):  # pragma: no cover - the loader refuses non-objects
        check.errors.append(Problem(document.display_name, "", None, None, "a profile must be a JSON object", "profile.not-object"))
        return check
    try:
        profile = Profile.model_validate_json(document.raw)
    except ValidationError as exc:
        check.errors.extend(sorted(schema_problems(document, exc, lang, form), key=_position))
        return check
    data = document.data  # what the Party wrote, exactly: pydantic has just checked it
    for semantic in check_profile(profile, data, document.raw):
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


def _say_on_stderr(line: str) -> None:
    sys.stderr.write(f"cartagena: {line}\n")


def _identity(path: Path | str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


def own_report_problem(path: Path, loaded: Document | Problem) -> Problem | None:
    """A problem naming what this tool's output `path` is, if it is one (see engine.own_reports)."""
    kind = loaded_kind(path, loaded)
    if kind is None:
        return None
    return Problem(str(path), None, None, None, f"is {kind}, not a profile", "input.report")


def check_loaded(loaded: Document | Problem, say: Callable[[str], None] | None = None) -> ProfileCheck:
    """The ProfileCheck of one file as read; its date warnings said through `say`."""
    if isinstance(loaded, Problem):
        return ProfileCheck(loaded.file, errors=[loaded])
    check = validate_document(loaded)
    for warning in date_warnings(check.profile, check.document):
        (say or _say_on_stderr)(str(warning))
    return check


def written_identities(outputs: Iterable[str | None]) -> set[tuple[int, int]]:
    """The files a run writes (never read back by it), by device and inode."""
    return {identity for identity in (_identity(output) for output in outputs if output not in (None, "-")) if identity}


def check_file(path: Path, in_folder: bool, written: set[tuple[int, int]], say: Callable[[str], None]) -> ProfileCheck | None:
    """The ProfileCheck of one file of `expand_inputs`, or None when a folder's file is skipped
    (one of the run's outputs, or one of this tool's reports: said through `say`)."""
    if in_folder and written and _identity(path) in written:
        say(f"{path}: skipped: this run writes its output there")
        return None
    loaded = load_document(path)
    own = own_report_problem(path, loaded) if path is not STDIN else None
    if own is not None:
        if in_folder:
            say(f"{path}: skipped: {own.message}")
            return None
        return ProfileCheck(own.file, errors=[own])
    return check_loaded(loaded, say)


def iter_checks(
    paths: Iterable[str], *, outputs: Iterable[str | None] = (), say: Callable[[str], None] | None = None
) -> Iterator[ProfileCheck]:
    """One ProfileCheck per path that gave no file, then one per file found, in a stable order;
    one at a time, so a batch of any size is read in constant memory (a caller that drops each
    check before asking for the next keeps one file in memory, never two).

    A file found in a folder is skipped, with one line through `say` (default: standard error),
    when it is one of `outputs` (what this run writes: never read back) or one of this tool's own
    reports (engine.own_reports); a report given by name is a problem (`input.report`). Valid
    profiles' date warnings (engine.profile.plausibility) are said through `say` too.
    """
    say = say or _say_on_stderr
    files, path_problems = expand_inputs(paths)
    written = written_identities(outputs)
    for problem in path_problems:
        yield ProfileCheck(problem.file, errors=[problem])
    for path, in_folder in files:
        check = check_file(path, in_folder, written, say)
        if check is not None:
            yield check
        # let go of this file's check (its bytes, data and model) before the next file is read: kept
        # alive across the next read, each file's blocks sat between the next one's, and the
        # fragmented heap grew over a batch (issue 25)
        del check
