"""`cartagena init`: write a new, empty profile for a Party, ready to fill in."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from ..exit_codes import ExitCode
from .lang import lang_option


def empty_profile(name: str, code: str, as_of: dt.date, schema_ref: str | None) -> dict[str, Any]:
    """Every section present and nothing declared: a valid profile where every rule is not declared."""
    from ..profile.models import Profile

    profile: dict[str, Any] = {}
    if schema_ref:
        profile["$schema"] = schema_ref
    profile["party"] = {"name": name, "code": code, "as_of": as_of.isoformat()}
    for key, info in Profile.model_fields.items():
        if key in ("schema_", "party"):
            continue
        profile[info.alias or key] = {"mandatory_information": {}} if key == "biosafety_clearing_house" else {}
    return profile


# the profile's field behind each option, for messages
_OPTIONS = {"name": "party", "code": "code", "as_of": "as-of"}


@click.command(name="init")
@click.argument("path", metavar="FILE")
@click.option("--party", "name", required=True, help='The Party\'s name, e.g. "Republic of Examplia".')
@click.option("--code", required=True, help="ISO 3166-1 alpha-3 code, e.g. XEA.")
@click.option(
    "--as-of",
    "as_of",
    default=None,
    help="Date on which the declarations hold, YYYY-MM-DD (default: today).",
)
@click.option(
    "--schema-ref",
    default=None,
    help="Value of \"$schema\" in the new file (default: the schema's $id, the same wherever the file is "
    "copied; README explains how an editor maps it to the schema); use --schema-ref '' to leave it out.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Also write FILE's checklist (FILE with .checklist.md): every declaration, its NR5 question and allowed answers.",
)
@lang_option("--full: the language of the checklist (its NR5 questions and answers in the BCH's own wording).")
def command(path: str, name: str, code: str, as_of: str | None, schema_ref: str | None, full: bool, lang: str) -> None:
    """Write a new profile for a Party with every section present and nothing declared.

    Fill it in with any editor that reads JSON Schema (the file names the schema in "$schema"),
    then run `cartagena validate FILE` and `cartagena check FILE`. An existing file is never
    overwritten. FILE "-" writes the profile to standard output (its "$schema" then relative to
    the current folder).

    \b
    Example:
      cartagena init --party "Republic of Examplia" --code XEA --as-of 2026-02-28 examplia.json
    """
    from pydantic import ValidationError

    from ..clock import local_today
    from ..loader import parse_document
    from ..output import open_outputs
    from ..plain_words import value_problem
    from ..profile.models import PROFILE_SCHEMA_ID, Profile
    from ..profile.validation import check_loaded

    target = Path(path)
    try:
        date = dt.date.fromisoformat(as_of) if as_of else local_today()
    except ValueError:
        shape = "is not a date that exists" if as_of and len(as_of) == 10 and as_of[4] == as_of[7] == "-" else "is not a date written YYYY-MM-DD"
        click.echo(f"cartagena init: --as-of {as_of!r} {shape}", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    to_stdout = path == "-"
    # the $id, not a path: a path into this installation breaks once the file is shared
    reference = PROFILE_SCHEMA_ID if schema_ref is None else (schema_ref or None)
    profile = empty_profile(name, code, date, reference)
    try:
        Profile.model_validate_json(json.dumps(profile))
    except ValidationError as exc:
        problems = "; ".join(f"--{_OPTIONS.get(str(error['loc'][-1]), str(error['loc'][-1]))}: {value_problem(error)}" for error in exc.errors())
        click.echo(f"cartagena init: {problems}", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    text = json.dumps(profile, indent=2, ensure_ascii=False) + "\n"
    if to_stdout and full:
        click.echo("cartagena init: --full writes a checklist beside the profile: give a file name, not -", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    # an as-of date nobody means (1900, 2099) is said once, as every command says it
    check_loaded(parse_document(text.encode("utf-8"), "-" if to_stdout else path), lambda line: click.echo(f"cartagena init: {line}", err=True))
    hint = "choose another name or remove it"
    targets: list[str | None] = [path]
    if full:
        companion = target.with_name(target.stem + ".checklist.md")
        targets.append(str(companion))
    with open_outputs(targets, overwrite=False, hint=hint, option="") as streams:  # `-` is standard output, never a file named "-"
        streams[0].write(text)
        if full:
            from ..profile.checklist import checklist

            streams[1].write(checklist(name, code, target.name, lang))
    if to_stdout:
        return
    if full:
        click.echo(f"wrote {companion}: every declaration {path} can hold, with its NR5 question and allowed answers")
    click.echo(f"wrote {path}: a profile for {name} ({code}) as of {date.isoformat()}, nothing declared yet")
