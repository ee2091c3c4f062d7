"""`cartagena schema`: print the profile's JSON Schema (or a waivers file's), or where it is installed."""

from __future__ import annotations

import sys

import click


@click.command(name="schema")
@click.option("--path", "show_path", is_flag=True, help="Print the location of the schema file instead of its content.")
@click.option("--report", "of_report", is_flag=True, help="The JSON Schema of `check --format json` reports instead.")
@click.option("--waivers", "of_waivers", is_flag=True, help="The schema of a waivers file (`check --waivers FILE`) instead.")
def command(show_path: bool, of_report: bool, of_waivers: bool) -> None:
    """Print the JSON Schema of a profile (draft 2020-12), for editors and other validators.

    \b
    Examples:
      cartagena schema > profile.schema.json
      cartagena schema --path
      cartagena schema --report > report.schema.json
      cartagena schema --waivers > waivers.schema.json
    """
    from ..exit_codes import ExitCode
    from ..paths import PROFILE_SCHEMA_PATH, RULE_SCHEMA_DIR, WAIVERS_SCHEMA_PATH

    if of_report and of_waivers:
        click.echo("cartagena schema: --report and --waivers: one schema at a time", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    path = RULE_SCHEMA_DIR / "report.schema.json" if of_report else WAIVERS_SCHEMA_PATH if of_waivers else PROFILE_SCHEMA_PATH
    if show_path:
        click.echo(str(path))
        return
    sys.stdout.write(path.read_text(encoding="utf-8"))
