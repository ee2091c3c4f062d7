"""`cartagena schema`: print the profile's JSON Schema (or a waivers file's), or where it is installed."""

from __future__ import annotations

import sys

import click


@click.command(name="schema")
@click.option("--path", "show_path", is_flag=True, help="Print the location of the schema file instead of its content.")
@click.option("--waivers", "of_waivers", is_flag=True, help="The schema of a waivers file (`check --waivers FILE`) instead of a profile's.")
def command(show_path: bool, of_waivers: bool) -> None:
    """Print the JSON Schema of a profile (draft 2020-12), for editors and other validators.

    \b
    Examples:
      cartagena schema > profile.schema.json
      cartagena schema --path
      cartagena schema --waivers > waivers.schema.json
    """
    from ..paths import PROFILE_SCHEMA_PATH, WAIVERS_SCHEMA_PATH

    path = WAIVERS_SCHEMA_PATH if of_waivers else PROFILE_SCHEMA_PATH
    if show_path:
        click.echo(str(path))
        return
    sys.stdout.write(path.read_text(encoding="utf-8"))
