"""`cartagena import-nr5`: a national report document from the BCH, read into a profile."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..exit_codes import ExitCode


def _fail(message: str) -> None:
    click.echo(f"cartagena import-nr5: {message}", err=True)
    sys.exit(ExitCode.INVALID_INPUT)


@click.command(name="import-nr5")
@click.argument("report", type=click.Path(dir_okay=False), metavar="REPORT.json")
@click.option("-o", "--output", default=None, help="Profile to write (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--as-of", "as_of", default=None, help="Date the declarations hold, YYYY-MM-DD (default: today).")
@click.option("--party", "name", default=None, help="The Party's name (the document names only its code).")
@click.option("--code", default=None, help="ISO 3166-1 alpha-3 code, when the document's is alpha-2 or absent.")
def command(report: str, output: str | None, force: bool, as_of: str | None, name: str | None, code: str | None) -> None:
    """Read a fifth (cpbNationalReport5) or fourth (cpbNationalReport4) national report document
    into a profile: every answer the profile models, by the NR5 keys its fields carry.

    Answers the profile does not model are listed on standard error. Any problem in the document
    is one line naming the file and JSON pointer; nothing is written and the exit code is 2.
    """
    from pydantic import ValidationError

    from ..nr5.output import write_output
    from ..nr5.document import DocumentError, read_document, to_profile
    from ..profile.models import Profile

    try:
        document = json.loads(Path(report).read_text(encoding="utf-8"))
    except OSError as exc:
        _fail(f"{report}: cannot read: {exc.strerror or exc}")
    except UnicodeDecodeError:
        _fail(f"{report}: not UTF-8 text")
    except json.JSONDecodeError as exc:
        _fail(f"{report}: line {exc.lineno} column {exc.colno}: not valid JSON: {exc.msg}")
    try:
        imported = read_document(document)
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
        _fail(f"{report}: the answers do not make a valid profile: {'.'.join(map(str, first['loc']))}: {first['msg']}")
    for line in (*imported.unmodelled, *imported.unmapped):
        click.echo(f"cartagena import-nr5: {report}: {line} (not imported)", err=True)
    text = json.dumps(profile, indent=2, ensure_ascii=False) + "\n"
    write_output("import-nr5", output, text, force)
