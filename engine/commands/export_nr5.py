"""`cartagena export-nr5`: a profile written out as a draft of the fifth national report's answers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..exit_codes import ExitCode
from .lang import lang_option


@click.command(name="export-nr5")
@click.argument("profile", type=click.Path(dir_okay=False), metavar="PROFILE")
@click.option("-o", "--output", default=None, help="Report document to write (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@lang_option("The language key of the draft's free-text answers (the evidence, under each section's \"further details\" question).")
def command(profile: str, output: str | None, force: bool, lang: str) -> None:
    """Write the NR5 answers a profile gives, in the BCH's document shape (cpbNationalReport5).

    The declarations travel as the report's answer codes; the evidence of each declaration (the
    instrument, BCH record, address, date, note) as free text under its section's "further details"
    question, keyed by --lang as the BCH keys free text ({"fr": "..."}). The whole profile also
    travels under "x-cartagena-profile", which the BCH ignores, so import-nr5 gives it back.
    `government.identifier` is the profile's code in lower case.
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
    out = json.dumps(write_document(data, lang), indent=2, ensure_ascii=False) + "\n"
    write_output("export-nr5", output, out, force)
