"""Writing a command's JSON result: to standard output, or to a file never overwritten without --force."""

from __future__ import annotations

import sys

import click

from ..exit_codes import ExitCode


def write_output(command: str, output: str | None, text: str, force: bool) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        with open(output, "w" if force else "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        click.echo(f"cartagena {command}: {output}: already exists; not overwritten (use --force)", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    except OSError as exc:
        click.echo(f"cartagena {command}: {output}: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
