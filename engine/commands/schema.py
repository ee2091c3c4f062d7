"""`cartagena schema`: print the profile's JSON Schema, or where it is installed."""

from __future__ import annotations

import sys

import click


@click.command(name="schema")
@click.option("--path", "show_path", is_flag=True, help="Print the location of the schema file instead of its content.")
@click.option("--report", "of_report", is_flag=True, help="The JSON Schema of `check --format json` reports instead.")
def command(show_path: bool, of_report: bool) -> None:
    """Print the JSON Schema of a profile (draft 2020-12), for editors and other validators.

    \b
    Examples:
      cartagena schema > profile.schema.json
      cartagena schema --path
      cartagena schema --report > report.schema.json
    """
    from ..paths import PROFILE_SCHEMA_PATH, RULE_SCHEMA_DIR

    path = RULE_SCHEMA_DIR / "report.schema.json" if of_report else PROFILE_SCHEMA_PATH
    if show_path:
        click.echo(str(path))
        return
    sys.stdout.write(path.read_text(encoding="utf-8"))
