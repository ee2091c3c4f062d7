"""`cartagena indicators`: the plan's indicators across Party profiles (numerator, denominator,
percentage, not declared), optionally by region and against an older cycle."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..engines import ENGINE_CHOICES
from ..exit_codes import ExitCode
from ..indicators import FORMATS
from ..output import open_output, output_option, refuse_inputs
from ..reporters.escaping import terminal_lines
from .check import POOL_FROM, _fail, batch_jobs, load_rules_and_catalog, say
from .lang import lang_option

NAME = "indicators"


def tally_paths(
    paths: tuple[str, ...], definitions: Any, evaluator: Any, invalid: list[str], outputs: tuple[str | None, ...] = (), jobs: int | None = None
) -> Any:
    """Reads every profile of `paths` once, keeping only each Party's outcomes (memory flat); a
    batch over `jobs` processes (default as `check`: the cores, from POOL_FROM files on)."""
    from contextlib import closing

    from ..indicators.compute import Tally
    from ..indicators.run import IndicatorRun
    from ..inputs import expand_inputs
    from ..pool import ordered_map
    from ..profile.validation import written_identities

    files, path_problems = expand_inputs(paths)
    invalid.extend(str(problem) for problem in path_problems)
    run = IndicatorRun(Tally(definitions), evaluator, written_identities(outputs))
    with closing(ordered_map(run.outcome, files, batch_jobs(len(files), jobs))) as outcomes:
        for outcome in outcomes:
            for line in outcome.said:
                say(line, NAME)
            if outcome.errors:
                invalid.extend(outcome.errors)
            elif outcome.party is not None:
                run.tally.add_outcomes(outcome.file, outcome.party, outcome.outcomes)
    return run.tally


@click.command(name=NAME)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="text for reading, markdown for filing, json and csv for machines, html for a page with charts.")
@output_option("Write the indicators to this file instead of standard output.")
@click.option("--by", "by", type=click.Choice(["region"]), default=None, help="Break every indicator down by region.")
@click.option("--compare", "old_paths", multiple=True, metavar="OLD_PATH",
              help="Profiles of an earlier cycle: each indicator's change in percentage points and who moved; repeatable.")
@click.option("--engine", "engine_name", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
              help="The rules engine, as for `cartagena check`.")
@lang_option(
    "The language of the tool's own words: headings, labels, notes, who each denominator counts among and "
    "why an indicator is not computable (in json and csv too); ids, codes, region values and field names "
    "never change. The indicators' wording is the plan's text and stays English."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help=f"Processes that read a batch (default: as many as the cores this command may use, for {POOL_FROM} files or "
    "more). The output is the same, byte for byte, whatever N.",
)
def command(
    paths: tuple[str, ...],
    output_format: str,
    output_path: str | None,
    by: str | None,
    old_paths: tuple[str, ...],
    engine_name: str,
    lang: str,
    jobs: int | None,
) -> None:
    """The plan's indicators across Parties: for every indicator of the catalog, its wording, how
    many Parties count (numerator) among how many (denominator), the percentage, and how many did
    not declare it (outside the denominator, shown beside it); or why it cannot be computed from
    Party profiles. When several profiles share a Party code, the latest as_of counts.

    \b
    Exit codes: 0 all inputs valid; 2 an input is invalid (the valid ones still count);
                3 the tool's own data is broken; 130 interrupted (Ctrl+C);
                141 standard output was closed (README, "Exit codes", has them all).
    """
    from ..collector import settle_for_batch
    from ..engines import EngineUnavailable, choose_engine
    from ..evaluator import Evaluator
    from ..indicators.definitions import IndicatorFileError, load_definitions
    from ..profile.validation import build_validator

    inputs = [*paths, *old_paths]
    refuse_inputs(output_path, inputs)
    try:
        engine = choose_engine(engine_name)
    except EngineUnavailable as exc:
        _fail(f"--engine durable: {exc}", ExitCode.INVALID_INPUT, NAME)
    catalog, rulebook = load_rules_and_catalog(NAME)
    try:
        definitions = load_definitions(catalog, rulebook)
    except IndicatorFileError as exc:
        _fail("the indicator definitions are broken:\n" + "\n".join(exc.problems), ExitCode.INTERNAL_ERROR, NAME)
    if engine.fallback_reason is not None:
        click.echo(f"cartagena {NAME}: using the pure-Python engine: {engine.fallback_reason}", err=True)
    used = {rule_id for definition in definitions for rule_id in definition.rules}
    rules = [rule for rule in rulebook.rules if rule.id in used]
    build_validator()  # before the workers fork: they share it
    settle_for_batch()
    invalid: list[str] = []
    old_invalid: list[str] = []
    with open_output(output_path, inputs=inputs) as stream:
        with Evaluator(rules, engine=engine.name) as evaluator:
            tally = tally_paths(paths, definitions, evaluator, invalid, (output_path,), jobs)
            old = tally_paths(old_paths, definitions, evaluator, old_invalid, (output_path,), jobs) if old_paths else None
        write_indicators(stream, output_format, tally, old, by, engine, lang, invalid, old_invalid)
    for line in invalid + old_invalid:
        click.echo(terminal_lines(f"cartagena {NAME}: invalid, left out: {line}"), err=True)
    sys.exit(ExitCode.INVALID_INPUT if invalid or old_invalid else ExitCode.OK)


def write_indicators(
    stream: Any, output_format: str, tally: Any, old: Any, by: str | None, engine: Any, lang: str, invalid: list[str], old_invalid: list[str]
) -> None:
    """The indicators of the run in `output_format`, to `stream`."""
    from .. import __version__
    from ..engines import engine_provenance
    from ..indicators import renderer
    from ..indicators.compute import result

    data = {
        "tool": {"name": "cartagena-compliance", "version": __version__},
        "engine": engine_provenance(engine.name),
        # the language of the human words the output carries; ids, codes and field names never change
        "lang": lang,
        **result(tally, by_region=by == "region", old=old, lang=lang),
        "invalid": invalid,
    }
    if old is not None:
        data["old_invalid"] = old_invalid
    stream.write(renderer(output_format)(data))
