"""`cartagena schema`: print the profile's JSON Schema, or where it is installed."""

from __future__ import annotations

import sys

import click


@click.command(name="schema")
@click.option("--path", "show_path", is_flag=True, help="Print the location of the schema file instead of its content.")
def command(show_path: bool) -> None:
    """Print the JSON Schema of a profile (draft 2020-12), for editors and other validators.

    \b
    Examples:
      cartagena schema > profile.schema.json
      cartagena schema --path
    """
    from ..paths import PROFILE_SCHEMA_PATH

    if show_path:
        click.echo(str(PROFILE_SCHEMA_PATH))
        return
    sys.stdout.write(PROFILE_SCHEMA_PATH.read_text(encoding="utf-8"))
