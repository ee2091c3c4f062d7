"""`cartagena import-nr5`: national report documents from the BCH, read into profiles."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..exit_codes import ExitCode
from ..output import is_stdout, open_output, output_option, refuse_inputs, write_output
from ..profile.models import REGIONS
from ..reporters.escaping import terminal_lines
from .lang import lang_option

if TYPE_CHECKING:  # imported where the command runs (start-up stays light)
    from ..nr5.batch import Result


def _fail(message: str) -> None:
    _say(message)
    sys.exit(ExitCode.INVALID_INPUT)


def _say(message: str) -> None:
    click.echo(terminal_lines(f"cartagena import-nr5: {message}"), err=True)


class _NothingToWrite(Exception):
    """The one report gave no profile: its output file is not written at all."""


@click.command(name="import-nr5")
@click.argument("report", type=click.Path(), metavar="REPORT.json|DIR")
@output_option("The profile to write, never overwritten without --force; with a folder of reports, the folder to write one profile "
               "per report into.")
@click.option("--force", is_flag=True, help="Overwrite output files that exist.")
@click.option("--as-of", "as_of", default=None, help="Date the declarations hold, YYYY-MM-DD (default: today).")
@click.option("--party", "name", default=None, help="The Party's name (the document names only its code); one report only.")
@click.option("--code", default=None, help="ISO 3166-1 alpha-3 code, when the document's is alpha-2 or absent; one report only.")
@click.option("--region", type=click.Choice(REGIONS), default=None, help="The regional group of every imported Party not in --regions.")
@click.option("--regions", "regions_file", default=None, metavar="TABLE.csv", help="Your table of Parties: identifier,code,name,region (the BCH's identifier, alpha-3 code, name, regional group).")
@click.option("--report", "report_file", default=None, metavar="FILE", help="Write where every part of each document went (JSON) to FILE.")
@lang_option("The language of the messages and of the summary.")
def command(report: str, output_path: str | None, force: bool, as_of: str | None, name: str | None, code: str | None,
            region: str | None, regions_file: str | None, report_file: str | None, lang: str) -> None:
    """Read fifth (cpbNationalReport5) or fourth (cpbNationalReport4) national report documents into
    profiles: every answer the profile models, by the NR5 keys its fields carry.

    Every part of a document the profile does not take is listed on standard error with its
    question and why (and in --report FILE). A problem in a document is one line naming the file
    and JSON pointer; that document gives no profile and the exit code is 2. A folder gives one
    profile per report in the -o folder, named by Party code and cycle (xlu-nr5.json), and a table
    of what each report gave and lost.
    """
    from ..nr5.batch import Options, import_one, report_json, summary_table
    from ..nr5.regions import read_table
    from ..inputs import expand_paths
    from ..loader import Problem

    folder = os.path.isdir(report)
    inputs = [report, regions_file]
    if not folder:  # a folder's outputs are refused one by one, before any is written (_place)
        refuse_inputs(output_path, inputs)
    refuse_inputs(report_file, inputs, "--report")
    try:
        date = dt.date.fromisoformat(as_of).isoformat() if as_of else None
    except ValueError:
        _fail(f"--as-of {as_of!r} is not a date written YYYY-MM-DD")
    options = Options(name=name, code=code, as_of=date, region=region)
    if regions_file is not None:
        table = read_table(regions_file)
        if isinstance(table, Problem):
            _fail(str(table))
        options.table = table  # type: ignore[assignment]
    if folder and (name or code):
        _fail("--party and --code name one Party: give them with one report, or use --regions for a folder")
    if folder and is_stdout(output_path):
        _fail(f"{report} is a folder: give -o OUTDIR, the folder to write one profile per report into")
    if folder:
        files, problems = expand_paths([report])
        for problem in problems:
            _fail(str(problem))
        results: list[Result] = [import_one(path, options) for path in files]
        _place(results, Path(str(output_path)), force, [*map(str, files), regions_file])
        _say_outcomes(results, lang)
        for result in results:
            if result.profile is not None and result.target is not None:
                write_output(str(result.target), _profile_text(result.profile), inputs=[*map(str, files), regions_file], overwrite=force)
    else:
        try:  # the output opened first: one that cannot be written is said before the report is read
            with open_output(output_path, inputs=inputs, overwrite=force) as stream:
                results = [import_one(Path(report), options)]
                _say_outcomes(results, lang)
                if results[0].profile is None:
                    raise _NothingToWrite
                stream.write(_profile_text(results[0].profile))
        except _NothingToWrite:
            pass
    if report_file is not None:
        write_output(report_file, json.dumps(report_json(results, lang), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                     inputs=inputs, overwrite=force)
    if folder:
        click.echo(summary_table(results, lang), nl=False)
    if any(r.problem for r in results):
        sys.exit(ExitCode.INVALID_INPUT)


def _profile_text(profile: dict[str, object]) -> str:
    return json.dumps(profile, indent=2, ensure_ascii=False) + "\n"


def _say_outcomes(results: list[Result], lang: str) -> None:
    """Each report's problem, or every part of it not imported (and each note), on stderr."""
    for result in results:
        if result.problem:
            _say(result.problem)
            continue
        assert result.imported is not None
        for outcome in result.imported.outcomes:
            if not outcome.imported:
                _say(f"{result.file}: {outcome.line(lang)} ({_not_imported(lang)})")
            elif outcome.note:
                _say(f"{result.file}: {outcome.pointer}: {_note(lang, outcome.note)}")


def _not_imported(lang: str) -> str:
    from ..i18n import tr

    return tr(lang, "not imported")


def _note(lang: str, note: str) -> str:
    from ..i18n import tr

    return tr(lang, "note: {note}").format(note=tr(lang, note))


def _place(results: list[Result], folder: Path, force: bool, inputs: list[str | None]) -> None:
    """Each profile's file in `folder`, named by code and cycle; before anything is written: a name
    two reports would share is refused for the second, an existing file (without --force) refuses
    the whole run, and so does one that is an input (a report, the regions table: exit 2)."""
    taken: dict[str, str] = {}
    for result in results:
        if result.profile is None:
            continue
        name = result.name
        if name in taken:
            result.problem = f"{result.file}: gives the same profile as {taken[name]} ({name}); not imported"
            result.profile = None
            continue
        taken[name] = result.file
        result.target = folder / name
    for result in results:
        if result.target is not None:
            refuse_inputs(str(result.target), inputs, "")
    existing = [r.target for r in results if r.target is not None and r.target.exists()]
    if existing and not force:
        for target in existing:
            _say(f"{target}: already exists; not overwritten (use --force); nothing written")
        sys.exit(ExitCode.INVALID_INPUT)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"{folder}: cannot create the folder: {exc.strerror or exc}")
