"""`cartagena validate`: check that profile files are readable and follow the profile format."""

from __future__ import annotations

import inspect
import sys
from typing import Any, Callable, Iterable

import click

from .. import __version__
from ..exit_codes import ExitCode
from ..indented_json import indented
from ..loader import MAX_PROFILE_BYTES
from ..output import is_stdout, open_output, output_option, refuse_inputs
from ..reporters.escaping import json_text, terminal_lines, terminal_text
from ..wording import counted


def _file_record(check: Any) -> dict[str, Any]:
    return {
        "file": check.file,
        "valid": check.valid,
        "sha256": check.document.sha256 if check.document else None,
        "errors": [problem.as_dict() for problem in check.errors],
        "inconsistencies": [problem.as_dict() for problem in check.warnings],
    }


def _indented(value: Any, prefix: str) -> str:
    """`value` as `json.dumps(indent=2)` writes it at the depth of `prefix`, without the cycle of
    closures that call leaves per file (engine.indented_json)."""
    return json_text(indented(value, prefix))


def _write_report(checks: Iterable[Any], output_format: str, write: Callable[[str], Any]) -> bool:
    """Writes each file's result as it comes (nothing kept but counts: memory stays flat over any
    number of files); the same bytes as one `json.dumps(indent=2)` of the whole report. True if
    every file is valid."""
    files = invalid = flagged = 0
    if output_format == "json":
        write('{\n  "tool": ' + _indented({"name": "cartagena-compliance", "version": __version__}, "  ") + ',\n  "files": [')
    for check in checks:
        files += 1
        invalid += not check.valid
        flagged += bool(check.warnings)
        if output_format == "json":
            write(("\n" if files == 1 else ",\n") + "    " + _indented(_file_record(check), "    "))
        else:
            write("".join(f"{terminal_text(str(problem))}\n" for problem in (*check.errors, *check.warnings)))
        del check  # not alive while the next file is read (engine.profile.validation.iter_checks)
    if output_format == "json":
        summary = {"files": files, "invalid": invalid, "with_inconsistencies": flagged}
        write(("\n  ]" if files else "]") + ',\n  "summary": ' + _indented(summary, "  ") + "\n}\n")
    else:
        line = f"{counted(files, 'file')} checked, {invalid} invalid"
        if flagged:
            line += f", {flagged} with inconsistencies to review"
        write(line + "\n")
    return invalid == 0


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
@output_option("Write the result to this file instead of standard output.")
def command(paths: tuple[str, ...], output_format: str, output_path: str | None) -> None:
    """Check that profile files are valid: readable UTF-8 JSON that follows the profile format.

    PATH is a profile file or a folder (every *.json file below it; *.schema.json files are
    skipped). Every problem of every file is reported as

        file:line:column: /json/pointer: message

    Unknown properties are errors (a misspelt name would silently drop a declaration), and
    checks the format cannot express are made too: dates after the as-of date are errors;
    contradictory declarations are flagged as "inconsistent" for review without making the
    file invalid.

    PATH "-" reads one profile from standard input (named <stdin> in messages).

    \b
    Exit codes: 0 every file is valid;
                2 a file is invalid or a path gives no file;
                130 interrupted (Ctrl+C); 141 standard output was closed before
                the report was written (README, "Exit codes", has them all).
    """
    from ..collector import loading, settle_for_batch

    refuse_inputs(output_path, paths)
    with loading():  # pydantic and the profile models, the most of a cold start: frozen unscanned
        from ..profile.validation import build_validator, iter_checks
        from ..progress import with_progress

        build_validator()
        settle_for_batch()

    def say(line: str) -> None:
        click.echo(terminal_lines(f"cartagena validate: {line}"), err=True)

    # in json, or in a file, each problem is also one line on stderr: a CI log says why it failed
    echo_problems = not (output_format == "text" and is_stdout(output_path))

    def said(checks: Iterable[Any]) -> Iterable[Any]:
        for check in checks:
            if echo_problems:
                for problem in check.errors:
                    say(f"invalid: {problem}")
            yield check
            del check  # as in _write_report

    with open_output(output_path, inputs=paths) as stream:
        all_valid = _write_report(said(with_progress(iter_checks(paths, outputs=[output_path], say=say))), output_format, stream.write)
    sys.exit(ExitCode.OK if all_valid else ExitCode.INVALID_INPUT)


# cleaned first: appended to the raw docstring, the new line's zero indent would keep click from
# dedenting the rest (the mangled help of issue 9)
command.help = inspect.cleandoc(command.help or "") + f"\n\nA profile file may be at most {MAX_PROFILE_BYTES // (1024 * 1024)} MiB."
