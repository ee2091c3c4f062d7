"""`cartagena export-nr5`: a profile written out as a draft of the fifth national report's answers."""

from __future__ import annotations

import json
import sys

import click

from ..exit_codes import ExitCode
from ..output import open_output, output_option, refuse_inputs
from ..reporters.escaping import terminal_lines
from .lang import lang_option


@click.command(name="export-nr5")
@click.argument("profile", type=click.Path(dir_okay=False), metavar="PROFILE")
@output_option("The report document to write (never overwritten without --force).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@lang_option("The language key of the draft's free-text answers (the evidence, under each section's \"further details\" question).")
def command(profile: str, output_path: str | None, force: bool, lang: str) -> None:
    """Write the NR5 answers a profile gives, in the BCH's document shape (cpbNationalReport5).

    The declarations travel as the report's answer codes; the evidence of each declaration (the
    instrument, BCH record, address, date, note) as free text under its section's "further details"
    question, keyed by --lang as the BCH keys free text ({"fr": "..."}). The whole profile also
    travels under "x-cartagena-profile", which the BCH ignores, so import-nr5 gives it back.
    `government.identifier` is the profile's code in lower case.

    A profile that `cartagena validate` refuses is not exported: its problems are listed, one line
    each, as validate says them, and the exit code is 2.
    """
    from ..loader import load_document
    from ..nr5.document import write_document
    from ..profile.validation import check_loaded
    from ..wording import counted

    refuse_inputs(output_path, [profile])

    def say(line: str) -> None:
        click.echo(terminal_lines(f"cartagena export-nr5: {line}"), err=True)

    # opened first: an output that cannot be written is said before the profile is read
    with open_output(output_path, inputs=[profile], overwrite=force) as stream:
        check = check_loaded(load_document(profile), say)
        if not check.valid:
            for problem in check.errors:
                click.echo(terminal_lines(str(problem)), err=True)
            say(f"{profile}: not exported: the profile is not valid ({counted(len(check.errors), 'problem')} above)")
            sys.exit(ExitCode.INVALID_INPUT)
        assert check.data is not None
        stream.write(json.dumps(write_document(check.data, lang), indent=2, ensure_ascii=False) + "\n")
