"""`cartagena import-nr5`: a national report document from the BCH, read into a profile."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import click

from ..exit_codes import ExitCode
from ..output import open_output, output_option, refuse_inputs
from ..reporters.escaping import terminal_lines


def _fail(message: str) -> None:
    click.echo(terminal_lines(f"cartagena import-nr5: {message}"), err=True)
    sys.exit(ExitCode.INVALID_INPUT)


@click.command(name="import-nr5")
@click.argument("report", type=click.Path(dir_okay=False), metavar="REPORT.json")
@output_option("The profile to write (never overwritten without --force).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--as-of", "as_of", default=None, help="Date the declarations hold, YYYY-MM-DD (default: today).")
@click.option("--party", "name", default=None, help="The Party's name (the document names only its code).")
@click.option("--code", default=None, help="ISO 3166-1 alpha-3 code, when the document's is alpha-2 or absent.")
def command(report: str, output_path: str | None, force: bool, as_of: str | None, name: str | None, code: str | None) -> None:
    """Read a fifth (cpbNationalReport5) or fourth (cpbNationalReport4) national report document
    into a profile: every answer the profile models, by the NR5 keys its fields carry.

    Answers the profile does not model are listed on standard error. Any problem in the document
    is one line naming the file and JSON pointer; nothing is written and the exit code is 2.
    """
    refuse_inputs(output_path, [report])
    # opened first: an output that cannot be written is said before the document is read
    with open_output(output_path, inputs=[report], overwrite=force) as stream:
        profile, not_imported = _profile_of(report, as_of, name, code)
        for line in not_imported:
            click.echo(terminal_lines(f"cartagena import-nr5: {report}: {line} (not imported)"), err=True)
        stream.write(json.dumps(profile, indent=2, ensure_ascii=False) + "\n")


def _profile_of(report: str, as_of: str | None, name: str | None, code: str | None) -> tuple[dict[str, Any], list[str]]:
    """The profile the document gives, and what it holds that the profile does not model; or exit 2."""
    from pydantic import ValidationError

    from ..loader import Problem, load_document
    from ..nr5.document import DocumentError, read_document, to_profile
    from ..plain_words import value_problem
    from ..profile.models import Profile

    # read as strictly as a profile (size, UTF-8, strict JSON, duplicate keys, nesting)
    loaded = load_document(report)
    if isinstance(loaded, Problem):
        _fail(str(loaded).replace("a profile", "a national report document"))
        raise AssertionError  # pragma: no cover - _fail exits
    try:
        imported = read_document(loaded.data)
    except DocumentError as exc:
        _fail(f"{report}: {exc}")
    try:
        date = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        _fail(f"--as-of {as_of!r} is not a date written YYYY-MM-DD")
    try:
        profile = to_profile(imported, name=name, code=code, as_of=date.isoformat() if date else None)
    except DocumentError as exc:
        _fail(f"{report}: {exc}")
    try:
        Profile.model_validate_json(json.dumps(profile))
    except ValidationError as exc:
        first = exc.errors()[0]
        option = {("party", "code"): code, ("party", "name"): name}
        if option.get(tuple(first["loc"])) is not None:  # what the user typed, not the document
            _fail(f"--{'code' if first['loc'][-1] == 'code' else 'party'}: {value_problem(first)}")
        where = "/".join(map(str, first["loc"]))
        _fail(f"{report}: the answers do not make a valid profile: /{where}: {value_problem(first)}")
    return profile, [*imported.unmodelled, *imported.unmapped]
