"""`cartagena validate`: check that profile files are readable and follow the profile format."""

from __future__ import annotations

import json
import sys

import click

from .. import __version__
from ..exit_codes import ExitCode
from ..loader import MAX_PROFILE_BYTES


def _text(checks: list) -> str:
    lines = []
    for check in checks:
        lines += [str(problem) for problem in check.errors]
        lines += [str(problem) for problem in check.warnings]
    invalid = sum(not check.valid for check in checks)
    flagged = sum(bool(check.warnings) for check in checks)
    files = len(checks)
    summary = f"{files} file{'s' if files != 1 else ''} checked, {invalid} invalid"
    if flagged:
        summary += f", {flagged} with inconsistencies to review"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _json(checks: list) -> str:
    payload = {
        "tool": {"name": "cartagena-compliance", "version": __version__},
        "files": [
            {
                "file": check.file,
                "valid": check.valid,
                "sha256": check.document.sha256 if check.document else None,
                "errors": [problem.as_dict() for problem in check.errors],
                "inconsistencies": [problem.as_dict() for problem in check.warnings],
            }
            for check in checks
        ],
        "summary": {
            "files": len(checks),
            "invalid": sum(not check.valid for check in checks),
            "with_inconsistencies": sum(bool(check.warnings) for check in checks),
        },
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


@click.command(name="validate")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per problem and a summary; json: for machines.",
)
def command(paths: tuple[str, ...], output_format: str) -> None:
    """Check that profile files are valid: readable UTF-8 JSON that follows the profile format.

    PATH is a profile file or a folder (every *.json file below it; *.schema.json files are
    skipped). Every problem of every file is reported as

        file:line:column: /json/pointer: message

    Unknown properties are errors (a misspelt name would silently drop a declaration), and
    checks the format cannot express are made too: dates after the as-of date are errors;
    contradictory declarations are flagged as "inconsistent" for review without making the
    file invalid.

    \b
    Exit codes: 0 every file is valid; 2 a file is invalid or a path gives no file.
    """
    from ..profile.validation import validate_paths

    checks = validate_paths(paths)
    output = _json(checks) if output_format == "json" else _text(checks)
    sys.stdout.write(output)
    sys.exit(ExitCode.INVALID_INPUT if any(not check.valid for check in checks) else ExitCode.OK)


command.help = (command.help or "") + f"\n\nA profile file may be at most {MAX_PROFILE_BYTES // (1024 * 1024)} MiB."
