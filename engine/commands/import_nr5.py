"""`cartagena import-nr5`: national report documents from the BCH, read into profiles."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from ..exit_codes import ExitCode
from ..profile.models import REGIONS
from .lang import lang_option


def _fail(message: str) -> None:
    click.echo(f"cartagena import-nr5: {message}", err=True)
    sys.exit(ExitCode.INVALID_INPUT)


@click.command(name="import-nr5")
@click.argument("report", type=click.Path(), metavar="REPORT.json|DIR")
@click.option("-o", "--output", default=None, help="Profile to write (default: standard output); with a folder of reports, the folder to write one profile per report into.")
@click.option("--force", is_flag=True, help="Overwrite output files that exist.")
@click.option("--as-of", "as_of", default=None, help="Date the declarations hold, YYYY-MM-DD (default: today).")
@click.option("--party", "name", default=None, help="The Party's name (the document names only its code); one report only.")
@click.option("--code", default=None, help="ISO 3166-1 alpha-3 code, when the document's is alpha-2 or absent; one report only.")
@click.option("--region", type=click.Choice(REGIONS), default=None, help="The regional group of every imported Party not in --regions.")
@click.option("--regions", "regions_file", default=None, metavar="TABLE.csv", help="Your table of Parties: identifier,code,name,region (the BCH's identifier, alpha-3 code, name, regional group).")
@click.option("--report", "report_file", default=None, metavar="FILE", help="Write where every part of each document went (JSON) to FILE.")
@lang_option("The language of the messages and of the summary.")
def command(report: str, output: str | None, force: bool, as_of: str | None, name: str | None, code: str | None,
            region: str | None, regions_file: str | None, report_file: str | None, lang: str) -> None:
    """Read fifth (cpbNationalReport5) or fourth (cpbNationalReport4) national report documents into
    profiles: every answer the profile models, by the NR5 keys its fields carry.

    Every part of a document the profile does not take is listed on standard error with its
    question and why (and in --report FILE). A problem in a document is one line naming the file
    and JSON pointer; that document gives no profile and the exit code is 2. A folder gives one
    profile per report in the -o folder, named by Party code and cycle (xlu-nr5.json), and a table
    of what each report gave and lost.
    """
    from ..nr5.batch import Options, Result, import_one, report_json, summary_table
    from ..nr5.output import write_output
    from ..nr5.regions import read_table
    from ..loader import Problem, expand_paths

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
    folder = os.path.isdir(report)
    if folder and (name or code):
        _fail("--party and --code name one Party: give them with one report, or use --regions for a folder")
    if folder and output is None:
        _fail(f"{report} is a folder: give -o OUTDIR, the folder to write one profile per report into")
    files, problems = expand_paths([report]) if folder else ([Path(report)], [])
    for problem in problems:
        _fail(str(problem))
    results: list[Result] = [import_one(path, options) for path in files]
    if folder:
        _place(results, Path(output), force)  # type: ignore[arg-type]
    for result in results:
        if result.problem:
            click.echo(f"cartagena import-nr5: {result.problem}", err=True)
            continue
        assert result.imported is not None
        for outcome in result.imported.outcomes:
            if not outcome.imported:
                click.echo(f"cartagena import-nr5: {result.file}: {outcome.line(lang)} ({_not_imported(lang)})", err=True)
            elif outcome.note:
                click.echo(f"cartagena import-nr5: {result.file}: {outcome.pointer}: {_note(lang, outcome.note)}", err=True)
    for result in results:
        if result.profile is not None and (result.target is not None or not folder):
            text = json.dumps(result.profile, indent=2, ensure_ascii=False) + "\n"
            write_output("import-nr5", str(result.target) if result.target else output, text, force)
    if report_file is not None:
        write_output("import-nr5", report_file, json.dumps(report_json(results, lang), indent=2, ensure_ascii=False, sort_keys=True) + "\n", force)
    if folder:
        click.echo(summary_table(results, lang), nl=False)
    if any(r.problem for r in results):
        sys.exit(ExitCode.INVALID_INPUT)


def _not_imported(lang: str) -> str:
    from ..i18n import tr

    return tr(lang, "not imported")


def _note(lang: str, note: str) -> str:
    from ..i18n import tr

    return tr(lang, "note: {note}").format(note=tr(lang, note))


def _place(results: list["Result"], folder: Path, force: bool) -> None:  # type: ignore[name-defined]
    """Each profile's file in `folder`, named by code and cycle; before anything is written: a name
    two reports would share is refused for the second, an existing file (without --force) refuses
    the whole run."""
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
    existing = [r.target for r in results if r.target is not None and r.target.exists()]
    if existing and not force:
        for target in existing:
            click.echo(f"cartagena import-nr5: {target}: already exists; not overwritten (use --force); nothing written", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"{folder}: cannot create the folder: {exc.strerror or exc}")
