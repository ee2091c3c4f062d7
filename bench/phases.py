"""The benchmark's in-process measurements, each run in a fresh child by bench/run.py
(`run.py --worker MODE DIR`), each printing its figures as one JSON object:

* `cli-json`, `cli-text`: the real `cartagena check DIR --format json|text --jobs 1` loop, run by
  the command itself in this process, phase by phase: the functions it calls for each profile are
  wrapped with a clock where they are looked up (reading and parsing `load_document`, validating
  `check_loaded`, `Evaluator.evaluate`, building the record `profile_record`, the reporter's
  `render`); what is left of the loop (placing, writing, the totals) is `rest`.
* `engines`: both rules engines side by side on the same validated profiles.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path
from typing import Any, Callable


class CommandFailed(RuntimeError):
    pass


def _clocked(owner: Any, name: str, totals: dict[str, float], phase: str) -> None:
    """Replaces `owner.name` by the same function adding its time to `totals[phase]`."""
    original = getattr(owner, name)
    clock = time.perf_counter

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = clock()
        try:
            return original(*args, **kwargs)
        finally:
            totals[phase] += clock() - started

    setattr(owner, name, timed)


def cli_worker(folder: str, output_format: str) -> int:
    clock = time.perf_counter
    start = clock()
    from click.testing import CliRunner  # noqa: F401 - imported before the clock, as click is by the command

    import cli
    from engine import checkrun, evaluator
    from engine.profile import validation
    from engine.reporters import FORMATS

    imported = clock()
    totals = dict.fromkeys(("read_parse", "validate", "evaluate", "record", "render"), 0.0)
    reporter_class = import_module(FORMATS[output_format], "engine.reporters").Reporter
    _clocked(validation, "load_document", totals, "read_parse")
    _clocked(validation, "check_loaded", totals, "validate")
    _clocked(evaluator.Evaluator, "evaluate", totals, "evaluate")
    _clocked(checkrun, "profile_record", totals, "record")
    _clocked(reporter_class, "render", totals, "render")
    files = sorted(Path(folder).glob("*.json"))
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / f"report.{output_format}"
        argv = ["check", folder, "--format", output_format, "--fail-on", "none", "--jobs", "1", "-o", str(out)]
        began = clock()
        try:
            cli.cartagena.main(args=argv, prog_name="cartagena", standalone_mode=False)
        except SystemExit as exc:  # pragma: no cover - standalone_mode=False returns instead
            if exc.code not in (0, None):
                raise CommandFailed(f"check exited {exc.code}") from exc
        ended = clock()
        written = out.stat().st_size
    phases = sum(totals.values())
    json.dump(
        {
            "mode": f"cli-{output_format}",
            "files": len(files),
            "import_s": imported - start,
            "command_s": ended - began,
            **{f"{phase}_s": seconds for phase, seconds in totals.items()},
            "rest_s": ended - began - phases,
            "report_bytes": written,
        },
        sys.stdout,
    )
    return 0


def engines_worker(folder: str) -> int:
    """Both rules engines side by side on the same profiles, read and validated first: per profile,
    the engine alone on the built flat facts (`Evaluator.statuses_of_fact`), the rules engine's
    part with the fact (`Evaluator.decide`), and the whole `Evaluator.evaluate` (with each
    finding's evidence). Best of 3 passes."""
    from engine.commands.check import load_rules_and_catalog, select_rules
    from engine.engines import durable_problem
    from engine.evaluator import Evaluator
    from engine.inputs import expand_paths
    from engine.loader import load_document
    from engine.profile.validation import validate_document

    catalog, rulebook = load_rules_and_catalog()
    rules = select_rules(catalog, rulebook.rules, (), ())
    files, _ = expand_paths([folder])
    datas = [validate_document(load_document(path)).data for path in files]
    figures: dict[str, Any] = {"profiles": len(datas), "durable_unavailable": durable_problem()}
    statuses: dict[str, list[Any]] = {}
    for name in ("durable", "python") if figures["durable_unavailable"] is None else ("python",):
        with Evaluator(rules, engine=name) as evaluator:
            facts = [evaluator.flat_fact(data) for data in datas]
            for step in ("engine", "decide", "evaluate"):
                run: Callable[[Any], Any]
                run, inputs = (evaluator.statuses_of_fact, facts) if step == "engine" else (getattr(evaluator, step), datas)
                best = math.inf
                for _ in range(3):
                    started = time.perf_counter()
                    results = [run(item) for item in inputs]
                    best = min(best, time.perf_counter() - started)
                figures[f"{name}_{step}_ms"] = best / len(datas) * 1000
                if step == "decide":
                    statuses[name] = results
    figures.update(libraries_per_profile(files, rules) if figures["durable_unavailable"] is None else {})
    if len(statuses) == 2 and statuses["durable"] != statuses["python"]:
        raise CommandFailed("the engines disagree on the generated profiles")
    json.dump(figures, sys.stdout)
    return 0


def _best_ms(run: Callable[[Any], Any], inputs: list[Any], passes: int = 3) -> float:
    """Milliseconds per input of `run`, the best of `passes` passes over all of them. Nothing `run`
    gives is kept, as `check` keeps nothing of a profile: the engines' loop above keeps `decide`'s
    statuses to compare the engines, and holding a pass's 1,000 validated profiles measured pydantic
    at 0.69-0.89 ms per profile instead of 0.25 (the collector walking what is held)."""
    best = math.inf
    for _ in range(passes):
        started = time.perf_counter()
        for item in inputs:
            run(item)
        best = min(best, time.perf_counter() - started)
    return best / len(inputs) * 1000


def libraries_per_profile(files: list[Path], rules: Any) -> dict[str, float]:
    """The calls into the three libraries that `check` cannot do without, per profile, alone:
    orjson parsing the file, pydantic-core validating it against the profile models (strict, as
    `check` does, the file's bytes in), and durable_rules deciding the rules on the built fact (its
    assert, each fired action read, its retract, per ruleset: `DurableEvaluator.run_messages`, the
    messages made beforehand). No Python of this project runs inside them: their sum is the least a
    profile can cost in this design, whatever the rest does (bench/verdicts.py `design_bound`)."""
    import orjson

    from engine.evaluator import Evaluator
    from engine.profile.models import Profile
    from engine.profile.validation import build_validator

    build_validator()
    raws = [path.read_bytes() for path in files]
    datas = [orjson.loads(raw) for raw in raws]
    with Evaluator(rules, engine="durable") as evaluator:
        adapter = evaluator.rules_engine.adapter
        messages = [adapter.messages(evaluator.flat_fact(data)) for data in datas]
        return {
            "library_json_parse_ms": _best_ms(orjson.loads, raws),
            "library_pydantic_validate_ms": _best_ms(Profile.__pydantic_validator__.validate_json, raws),
            "library_durable_rules_ms": _best_ms(adapter.run_messages, messages),
        }


def floor_rules() -> list[tuple[list[str], Any]]:
    """For bench/floor.py: per rule, the keys of the first field it decides on, and a value to compare."""
    from engine.commands.check import load_rules_and_catalog

    _, rulebook = load_rules_and_catalog()
    return [(rule.decides_on[0].split("."), True) for rule in rulebook.rules if rule.decides_on]


def worker(mode: str, folder: str) -> int:
    if mode == "engines":
        return engines_worker(folder)
    if mode in ("cli-json", "cli-text"):
        return cli_worker(folder, mode.split("-", 1)[1])
    if mode == "floor-rules":  # DIR is the file to write
        Path(folder).write_text(json.dumps(floor_rules()), encoding="utf-8")
        return 0
    raise SystemExit(f"bench: unknown worker mode {mode!r}")
