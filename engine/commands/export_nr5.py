"""`cartagena export-nr5`: a profile written out as a draft of the fifth national report's answers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..exit_codes import ExitCode


@click.command(name="export-nr5")
@click.argument("profile", type=click.Path(dir_okay=False), metavar="PROFILE")
@click.option("-o", "--output", default=None, help="Report document to write (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def command(profile: str, output: str | None, force: bool) -> None:
    """Write the NR5 answers a profile gives, in the BCH's document shape (cpbNationalReport5).

    Only answer codes travel: evidence, dates and names have no place among the report's coded
    answers. `government.identifier` is the profile's code in lower case.
    """
    from pydantic import ValidationError

    from ..nr5.output import write_output
    from ..nr5.document import write_document
    from ..profile.models import Profile

    try:
        text = Path(profile).read_text(encoding="utf-8")
        Profile.model_validate_json(text)
        data = json.loads(text)
    except OSError as exc:
        click.echo(f"cartagena export-nr5: {profile}: cannot read: {exc.strerror or exc}", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    except (ValidationError, ValueError):
        click.echo(f"cartagena export-nr5: {profile}: not a valid profile (run `cartagena validate {profile}`)", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    out = json.dumps(write_document(data), indent=2, ensure_ascii=False) + "\n"
    write_output("export-nr5", output, out, force)
