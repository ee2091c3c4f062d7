"""Writing a command's result: to standard output, or to a file never overwritten without --force
(`import-nr5`, `export-nr5`, and `init`, which has no --force)."""

from __future__ import annotations

import sys

import click

from ..exit_codes import ExitCode


def write_output(command: str, output: str | None, text: str, force: bool, hint: str = "use --force") -> None:
    """`hint` ends the message when the file exists: what the user can do about it."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        with open(output, "w" if force else "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        click.echo(f"cartagena {command}: {output}: already exists; not overwritten ({hint})", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    except OSError as exc:
        click.echo(f"cartagena {command}: {output}: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
