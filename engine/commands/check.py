"""`cartagena check`: check Party profiles against the plan's rules and report the findings."""

from __future__ import annotations

import hashlib
import sys
from typing import Any

import click

from ..engines import ENGINE_CHOICES
from ..exit_codes import ExitCode
from ..output import is_stdout, open_output, output_option, refuse_inputs
from ..reporters import FORMATS
from ..reporters.escaping import terminal_lines
from ..report import FAIL_ON_DUTIES, Gate
from .lang import lang_option


POOL_FROM = 32
"""The fewest files for which `check` starts worker processes without being asked (--jobs)."""


def _fail(message: str, code: ExitCode, command_name: str = "check") -> None:
    click.echo(terminal_lines(f"cartagena {command_name}: {message}"), err=True)
    sys.exit(code)


def batch_jobs(files: int, jobs: int | None) -> int:
    """The processes a batch of `files` runs in: `--jobs` when given; else the cores this command
    may use from POOL_FROM files on (forking costs more than a few profiles), one below."""
    if jobs is not None:
        return jobs
    from ..pool import available_jobs

    return available_jobs() if files >= POOL_FROM else 1


def say(line: str, command_name: str = "check") -> None:
    """One line of `cartagena check` on standard error."""
    click.echo(terminal_lines(f"cartagena {command_name}: {line}"), err=True)


def _validated_rules_and_catalog() -> tuple[Any, Any]:
    from ..catalog.loader import load_catalog
    from ..rulebook.loader import load_rulebook

    catalog = load_catalog()
    return catalog, load_rulebook(catalog=catalog)


def load_rules_and_catalog(command_name: str = "check") -> tuple[Any, Any]:
    """The catalog and the rulebook (validated, or as validated by an earlier run with the same
    files: engine.datacache), or exit 3 with every problem of the tool's own data."""
    from ..catalog.loader import CatalogError
    from ..datacache import cached
    from ..rulebook.loader import RuleFileError

    try:
        catalog, rulebook = cached(_validated_rules_and_catalog)
    except CatalogError as exc:
        _fail("the plan catalog is broken:\n" + "\n".join(exc.problems), ExitCode.INTERNAL_ERROR, command_name)
    except RuleFileError as exc:
        _fail("the rule files are broken:\n" + "\n".join(exc.problems), ExitCode.INTERNAL_ERROR, command_name)
    return catalog, rulebook


def data_sha256(rulebook: Any) -> str:
    """One hash of the rules and the plan catalog they cite: the same hash, the same findings."""
    from ..paths import CATALOG_DIR

    digest = hashlib.sha256(rulebook.digest.encode())
    for path in sorted(CATALOG_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".json"):
            digest.update(path.relative_to(CATALOG_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def select_rules(
    catalog: Any, rules: tuple[Any, ...], goals: tuple[str, ...], rule_ids: tuple[str, ...], command_name: str = "check"
) -> list[Any]:
    """The rules to run, in the plan's order of goals; unknown --goal or --rule exit 2 with suggestions."""
    import difflib

    order = {goal.id: index for index, goal in enumerate(catalog.goals)}
    chosen_goals = []
    for given in goals:
        entry = catalog.locate(given)
        if entry is None or entry.kind != "goal":
            close = [id_ for id_ in catalog.suggest(given) if catalog.entries[id_].kind == "goal"]
            hint = f"; did you mean {', '.join(close)}?" if close else "; `cartagena plan` lists the goals"
            _fail(f"--goal {given!r} is not a goal of the plan{hint}", ExitCode.INVALID_INPUT, command_name)
        chosen_goals.append(entry.id)
    known = {rule.id.casefold(): rule.id for rule in rules}  # case-insensitive, like --goal and explain
    chosen_rules = []
    for given in rule_ids:
        if given.casefold() not in known:
            close = difflib.get_close_matches(given, sorted(known.values()), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else "; `cartagena rules` lists the rules"
            _fail(f"--rule {given!r} is not a rule{hint}", ExitCode.INVALID_INPUT, command_name)
        chosen_rules.append(known[given.casefold()])
    selected = [
        rule
        for rule in rules
        if (not chosen_goals or rule.goal in chosen_goals) and (not chosen_rules or rule.id in chosen_rules)
    ]
    if not selected:  # a usage error, said before any work is done
        given = [f"--goal {' '.join(chosen_goals)}"] * bool(chosen_goals) + [f"--rule {' '.join(chosen_rules)}"] * bool(chosen_rules)
        hint = " together (each --rule must belong to a --goal given)" if chosen_goals and chosen_rules else ""
        _fail(f"{' and '.join(given) or 'the rule files'} select no rule{hint}", ExitCode.INVALID_INPUT, command_name)
    return sorted(selected, key=lambda rule: (order[rule.goal], rule.order))


def read_waivers(path: str, rulebook: Any, command_name: str = "check") -> Any:
    """The waivers of `path`, judged against the day of the run; or exit 2 with every problem in the file."""
    from ..clock import today
    from ..waivers import load_waivers
    from ..wording import counted

    loaded = load_waivers(path, (rule.id for rule in rulebook.rules), today())
    if isinstance(loaded, list):
        click.echo(terminal_lines("\n".join(str(problem) for problem in loaded)), err=True)
        _fail(f"{path}: no profile checked: {counted(len(loaded), 'problem')} in the waivers file", ExitCode.INVALID_INPUT, command_name)
    return loaded


@click.command(name="check")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="text for reading, markdown for filing, html for the Committee's file (self-contained, prints on A4), json for machines, "
    "ndjson for streaming, sarif for code scanning, junit for test dashboards.",
)
@output_option("Write the report to this file instead of standard output.")
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON_DUTIES)),
    default="obligation",
    show_default=True,
    help="Which gaps make the command exit 1: gaps in obligations under the Protocol; those and "
    "commitments of the plan; any gap; or none.",
)
@click.option(
    "--require-declared",
    type=click.Choice(list(FAIL_ON_DUTIES)),
    default="none",
    show_default=True,
    help="Which not-declared findings make the command exit 1, as for --fail-on: so an empty or "
    "half-filled profile can be refused.",
)
@click.option(
    "--brief",
    is_flag=True,
    help="text and markdown: only what needs action in full (gaps; not declared one line each); "
    "met and not applicable as counts.",
)
@click.option(
    "--waivers",
    "waivers_file",
    metavar="FILE",
    help="Waivers the Compliance Committee accepted (YAML or JSON, `cartagena schema --waivers`): a gap a "
    "waiver in force covers is reported waived and fails no gate; an expired waiver no longer applies.",
)
@click.option("--goal", "goals", multiple=True, metavar="GOAL", help="Only the rules of this goal (e.g. A.8); repeatable.")
@click.option("--rule", "rule_ids", multiple=True, metavar="RULE", help="Only this rule (e.g. A.8/documentation-contained-use); repeatable.")
@click.option(
    "--engine",
    "engine_name",
    type=click.Choice(ENGINE_CHOICES),
    default="auto",
    show_default=True,
    help="The rules engine: durable (durable_rules, the engine of record), python (pure Python, the "
    "same findings), or auto: durable_rules where it imports, else python (said once on stderr).",
)
@lang_option(
    "The language of the national report's questions and answers (the BCH's own wording) in "
    "not-declared findings; ids, codes and field names never change. The plan's text stays English."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Processes that check a batch (default: as many as the cores this command may use, for a batch of "
    f"{POOL_FROM} files or more). The report is the same, byte for byte, whatever N.",
)
def command(
    paths: tuple[str, ...],
    output_format: str,
    output_path: str | None,
    fail_on: str,
    require_declared: str,
    brief: bool,
    waivers_file: str | None,
    goals: tuple[str, ...],
    rule_ids: tuple[str, ...],
    engine_name: str,
    lang: str,
    jobs: int | None,
) -> None:
    """Check Party profiles against the Implementation Plan and report, for every rule, whether
    the Party has a gap, has it in place (met), has not declared it, or whether it does not apply.

    Each gap names the plan's objective and indicator, the treaty article, the evidence in the
    profile and the capacity-building activities that would close it. PATH is a profile file or
    a folder of them; invalid profiles are reported and the valid ones still checked.

    \b
    PATH "-" reads one profile from standard input (named <stdin> in messages).

    \b
    A gap that a waiver in force covers is reported waived and fails no gate.

    \b
    Exit codes: 0 nothing fails the gate (--fail-on, --require-declared);
                1 a gap at the --fail-on level, or a not-declared finding at the
                  --require-declared level;
                2 an input is invalid (or an unknown --goal/--rule, or a problem in
                  the --waivers file: then no profile is checked);
                3 the tool's own data is broken;
                130 interrupted (Ctrl+C); 141 standard output was closed before
                the report was written (README, "Exit codes", has them all).
    """
    from contextlib import closing

    from ..checkrun import CheckRun
    from ..collector import settle_for_batch
    from ..engines import EngineUnavailable, choose_engine, engine_provenance
    from ..evaluator import Evaluator
    from ..inputs import expand_inputs
    from ..pool import ordered_map
    from ..profile.validation import build_validator, written_identities
    from ..progress import with_progress
    from ..report import RunTotals, run_header
    from ..reporters import reporter

    refuse_inputs(output_path, [*paths, waivers_file])
    try:
        engine = choose_engine(engine_name)
    except EngineUnavailable as exc:
        _fail(f"--engine durable: {exc}", ExitCode.INVALID_INPUT)
    catalog, rulebook = load_rules_and_catalog()
    rules = select_rules(catalog, rulebook.rules, goals, rule_ids)
    waivers = read_waivers(waivers_file, rulebook) if waivers_file is not None else None
    if engine.fallback_reason is not None:  # said once, after every usage error could have been
        click.echo(f"cartagena check: using the pure-Python engine: {engine.fallback_reason}", err=True)
    output = reporter(output_format)
    if brief:
        if not hasattr(output, "brief"):
            _fail(f"--brief is for the text and markdown formats, not {output_format}", ExitCode.INVALID_INPUT)
        output.brief = True
    gate = Gate(fail_on=fail_on, require_declared=require_declared)
    header = run_header(
        rules=rules,
        catalog=catalog,
        rules_sha256=data_sha256(rulebook),
        selection={"goals": [catalog.locate(goal).id for goal in goals], "rules": sorted({rule.id for rule in rules} if rule_ids else ())},
        gate=gate,
        engine=engine_provenance(engine.name),
        waivers=waivers,
        lang=lang,
    )
    totals = RunTotals(waivers=waivers, lang=lang)
    files, path_problems = expand_inputs(paths)
    workers = batch_jobs(len(files), jobs)
    # the report itself says why a file is invalid only when a person reads it as text: else (a CI
    # log beside a SARIF or JSON file) each problem is also one line on stderr
    echo_problems = not (output_format == "text" and is_stdout(output_path))

    def invalid(file: str, problems: Any) -> None:
        totals.add_invalid(file, list(problems))
        if echo_problems:
            for problem in problems:
                say(f"invalid, not checked: {problem}")

    with open_output(output_path, inputs=[*paths, waivers_file]) as stream, Evaluator(rules, engine=engine.name) as evaluator:
        write = stream.write
        write(output.start(header))
        run = CheckRun(header, output, evaluator, gate, waivers, written_identities([output_path]))
        build_validator()
        settle_for_batch()
        for problem in path_problems:
            invalid(problem.file, [problem])
        with closing(ordered_map(run.outcome, files, workers)) as outcomes:
            for outcome in with_progress(outcomes):
                for line in outcome.said:
                    say(line)
                if outcome.errors:
                    invalid(outcome.file, outcome.errors)
                elif outcome.rendered is not None:
                    if waivers is not None:
                        waivers.merge(outcome.waivers)
                    totals.add_summary(outcome.summary)
                    write(output.place(outcome.rendered))
        write(output.finish(totals.tail()))
    if totals.invalid:
        sys.exit(ExitCode.INVALID_INPUT)
    sys.exit(ExitCode.GAPS if totals.failing else ExitCode.OK)
