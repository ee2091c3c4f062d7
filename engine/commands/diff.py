"""`cartagena diff OLD NEW`: what changed between two reporting cycles, per Party and goal; a
regression gate for CI (exit 1 when NEW has a failing gap OLD did not have)."""

from __future__ import annotations

import sys

import click

from ..engines import ENGINE_CHOICES
from ..exit_codes import ExitCode
from ..output import open_output, output_option, refuse_inputs
from ..report import FAIL_ON_DUTIES, Gate
from ..reporters.escaping import terminal_lines
from ..reporters.diff import DIFF_FORMATS
from .lang import lang_option


@click.command(name="diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--format", "output_format", type=click.Choice(list(DIFF_FORMATS)), default="text", show_default=True,
              help="text for reading, markdown for filing, json for machines, html (self-contained) for the Committee's file.")
@output_option("Write the comparison to this file instead of standard output.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON_DUTIES)), default="obligation", show_default=True,
              help="Which new gaps make the command exit 1 (as for check).")
@click.option("--require-declared", type=click.Choice(list(FAIL_ON_DUTIES)), default="none", show_default=True,
              help="Which declarations lost (declared in OLD, not in NEW) make the command exit 1.")
@click.option("--waivers", "waivers_file", metavar="FILE", help="Waivers applied to the profiles checked (as for check): a waived gap is no new gap.")
@click.option("--engine", "engine_name", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
              help="The rules engine for the profiles checked (as for check).")
@lang_option(
    "The language of the tool's own words: headings, labels, kinds of change, statuses, rule titles, "
    "notes and the problems the comparison finds (json records it and carries them too); ids, kinds, "
    "statuses and codes in json never change. The plan's text stays English."
)
def command(
    old: str, new: str, output_format: str, output_path: str | None, fail_on: str, require_declared: str, waivers_file: str | None,
    engine_name: str, lang: str,
) -> None:
    """Show what changed between two reporting cycles: per Party and goal, gaps closed, new gaps,
    newly declared, no longer declared, and every other change of status.

    OLD and NEW are each a profile, a folder of profiles (Parties matched by code), or a saved
    report of `cartagena check --format json` (a baseline). Profiles are checked with the current
    rules; a report made with other rules is compared rule by rule, and said so.

    \b
    Exit codes: 0 no failing change;
                1 NEW has a gap at the --fail-on level that OLD did not have (or a declaration
                  lost at the --require-declared level);
                2 an input is invalid, OLD and NEW are not the same Party, NEW is older
                  than OLD, or a Party is twice on one side;
                3 the tool's own data is broken; 130 interrupted (Ctrl+C);
                141 standard output was closed (README, "Exit codes", has them all).
    """
    from ..diff import build_diff, evaluator_function, read_source
    from ..engines import EngineUnavailable, choose_engine, engine_provenance
    from ..evaluator import Evaluator
    from ..reporters.diff import problem_line, renderer
    from .check import _fail, data_sha256, load_rules_and_catalog, read_waivers, say, select_rules

    inputs = [old, new, waivers_file]
    refuse_inputs(output_path, inputs)
    try:
        engine = choose_engine(engine_name)
    except EngineUnavailable as exc:
        _fail(f"--engine durable: {exc}", ExitCode.INVALID_INPUT, "diff")
    catalog, rulebook = load_rules_and_catalog("diff")
    rules = select_rules(catalog, rulebook.rules, (), (), "diff")
    waivers = read_waivers(waivers_file, rulebook, "diff") if waivers_file is not None else None
    if engine.fallback_reason is not None:
        click.echo(f"cartagena diff: using the pure-Python engine: {engine.fallback_reason}", err=True)
    gate = Gate(fail_on=fail_on, require_declared=require_declared)
    with open_output(output_path, inputs=inputs) as stream:
        with Evaluator(rules, engine=engine.name) as evaluator:
            evaluate = evaluator_function(evaluator, gate, waivers)

            def read(path: str) -> object:
                return read_source(path, evaluate, lang, outputs=[output_path], say=lambda line: say(line, "diff"))

            before, after = read(old), read(new)
        diff = build_diff(
            before, after, rules=rules, catalog=catalog, rules_sha256=data_sha256(rulebook), gate=gate,
            engine=engine_provenance(engine.name), waivers=waivers, lang=lang,
        )
        stream.write(renderer(output_format)(diff))
    for note in diff["notes"]:
        click.echo(terminal_lines(f"cartagena diff: {note}"), err=True)
    for problem in diff["problems"]:
        click.echo(terminal_lines(problem_line(problem)), err=True)
    if diff["problems"]:
        sys.exit(ExitCode.INVALID_INPUT)
    sys.exit(ExitCode.GAPS if diff["summary"]["failing"] else ExitCode.OK)
