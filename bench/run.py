"""The benchmark: speed and memory of `cartagena validate` and `cartagena check`, in one run.

    pip install -e '.[bench]'
    python bench/run.py                      # sizes 1000,10000, 5 repetitions (a few minutes)
    python bench/run.py --quick              # a tiny run (sizes 20,40, 1 repetition): does it work?

It generates synthetic valid profiles from a fixed seed (bench/profiles.py), then measures (the
median of --repeat runs, each in a fresh process):

* cold start of `validate` and of `check` on one profile, against `check-jsonschema` on the same
  file with the committed schema;
* `indicators DIR --format json --by region` over N profiles: wall time and peak RSS;
* `check DIR --format json --fail-on none` over N profiles in one process: wall time, profiles per
  second, peak RSS (pinned to one core with `taskset -c 0` where available);
* the same work in-process, phase by phase (imports, rulebook, then per profile: load_document,
  validate_document, profile_data, Evaluator.evaluate), and the floor: load and validate only;
* `cartagena serve` (bench/serve_load.py): `POST /api/check` on a kept-open connection (requests/s,
  p50/p95/p99), a burst of new connections (p99, resets), and RSS before and after 20 requests of
  1 MiB at once (`--skip-serve` leaves this phase out).

It prints a table (figure, target, met/missed) and writes every figure as JSON (--output).
Exit status: 0 when every measurement ran (whatever the targets; --strict: 1 if one is missed),
2 when a command failed (e.g. a generated profile was invalid).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
SCHEMA = REPO / "profiles" / "schema" / "profile.schema.json"

# `python bench/run.py` puts bench/ first on sys.path, where profiles.py would hide the `profiles`
# package (the schema's home): take it off, and put the repository root on.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_SEED = 20260630
TARGETS = {
    "validate_vs_check_jsonschema": 0.75,  # ours / check-jsonschema, at most
    "check_vs_check_jsonschema": 1.5,
    "profiles_per_second": 1000.0,  # at least
    "rss_growth": 1.2,  # RSS at the largest size / RSS at the smallest, at most
    "python_engine_profiles_per_second": 2000.0,  # `check --engine python --format json`, at least
    "python_engine_speedup": 10.0,  # per-profile rule evaluation, durable / python, at least
    "indicators_seconds": 10.0,  # `indicators DIR --by region` over the largest size, at most
    "serve_keep_alive_p50_ms": 10.0,  # `serve`: POST /api/check on a kept-open connection, p50, at most
    "serve_burst_p99_ms": 300.0,  # `serve`: 500 new connections, 50 at a time, p99, at most
    "serve_rss_after_over_idle": 1.5,  # `serve`: RSS after 20 requests of 1 MiB / RSS idle, at most
}


def load_bench_module(file: str, name: str) -> Any:
    """A module of bench/ (`file`), under a `name` that does not clash with the repository's packages."""
    spec = importlib.util.spec_from_file_location(name, BENCH_DIR / file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def load_generator() -> Any:
    """bench/profiles.py, under a name that does not clash with the `profiles` package."""
    return load_bench_module("profiles.py", "cartagena_bench_profiles")


# --- the in-process worker (runs in a fresh child: `run.py --worker MODE DIR`) --------------------


def engines_worker(folder: str) -> int:
    """Both rules engines side by side on the same profiles, read and validated first: per profile,
    the engine alone on the built flat facts (`Evaluator.statuses_of_fact`), the rules engine's
    part with the fact (`Evaluator.decide`), and the whole `Evaluator.evaluate` (with each
    finding's evidence). Best of 3 passes; prints JSON."""
    from engine.commands.check import load_rules_and_catalog, select_rules
    from engine.engines import durable_problem
    from engine.evaluator import Evaluator
    from engine.loader import expand_paths, load_document
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
                run, inputs = (evaluator.statuses_of_fact, facts) if step == "engine" else (getattr(evaluator, step), datas)
                best = math.inf
                for _ in range(3):
                    started = time.perf_counter()
                    results = [run(item) for item in inputs]
                    best = min(best, time.perf_counter() - started)
                figures[f"{name}_{step}_ms"] = best / len(datas) * 1000
                if step == "decide":
                    statuses[name] = results
    if len(statuses) == 2 and statuses["durable"] != statuses["python"]:
        raise CommandFailed("the engines disagree on the generated profiles")
    json.dump(figures, sys.stdout)
    return 0


def worker(mode: str, folder: str) -> int:
    """Times the phases of checking (mode `evaluate`) or only validating (mode `floor`) every
    profile of `folder`, in this process; prints the figures as JSON."""
    if mode == "engines":
        return engines_worker(folder)
    clock = time.perf_counter
    start = clock()
    from engine.loader import Problem, expand_paths, load_document
    from engine.profile.validation import validate_document

    evaluator = None
    profile_data: Callable[[Any], Any] | None = None
    if mode == "evaluate":
        from engine.commands.check import load_rules_and_catalog, select_rules
        from engine.evaluator import Evaluator, profile_data
    imported = clock()
    if mode == "evaluate":
        catalog, rulebook = load_rules_and_catalog()
        evaluator = Evaluator(select_rules(catalog, rulebook.rules, (), ()))
    ready = clock()
    files, problems = expand_paths([folder])
    load_s = validate_s = data_s = evaluate_s = 0.0
    invalid = len(problems)
    findings = 0
    for path in files:
        t0 = clock()
        document = load_document(path)
        t1 = clock()
        load_s += t1 - t0
        if isinstance(document, Problem):
            invalid += 1
            continue
        check = validate_document(document)
        t2 = clock()
        validate_s += t2 - t1
        if not check.valid:
            invalid += 1
            continue
        if evaluator is not None and profile_data is not None:
            data = check.data  # as `cartagena check` does
            t3 = clock()
            findings += len(evaluator.evaluate(data))
            t4 = clock()
            data_s += t3 - t2
            evaluate_s += t4 - t3
    done = clock()
    if evaluator is not None:
        evaluator.close()
    json.dump(
        {
            "mode": mode,
            "files": len(files),
            "invalid": invalid,
            "findings": findings,
            "import_s": imported - start,
            "rulebook_s": ready - imported,
            "startup_s": ready - start,
            "load_s": load_s,
            "validate_s": validate_s,
            "profile_data_s": data_s,
            "evaluate_s": evaluate_s,
            "loop_s": done - ready,
            "total_s": done - start,
        },
        sys.stdout,
    )
    return 0


def generate_into(workdir: Path, seed: int, sizes: list[int]) -> int:
    """Writes the profiles: `n<size>/` per size (the first `size` profiles) and `one/profile.json`
    (the first complete one, for cold starts); prints what it wrote as JSON."""
    generator = load_generator()
    profiles = generator.generate(max(sizes), seed)
    for size in sizes:
        folder = workdir / f"n{size}"
        if folder.exists():
            shutil.rmtree(folder)
        generator.write_profiles(profiles[:size], folder)
    index = next((i for i, (style, _) in enumerate(profiles) if style == "complete"), 0)
    sample = workdir / "one" / "profile.json"
    sample.parent.mkdir(parents=True, exist_ok=True)
    sample.write_text(json.dumps(profiles[index][1], indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sizes_in_bytes = [len(json.dumps(profile, indent=2, ensure_ascii=False)) + 1 for _, profile in profiles]
    json.dump(
        {
            "sample_index": index,
            "sample_style": profiles[index][0],
            "styles": dict(collections.Counter(style for style, _ in profiles)),
            "mean_bytes": statistics.fmean(sizes_in_bytes),
            "max_bytes": max(sizes_in_bytes),
        },
        sys.stdout,
    )
    return 0


# --- running children ----------------------------------------------------------------------------


class CommandFailed(RuntimeError):
    def __init__(self, message: str, *, out_of_memory: bool = False, wall: float | None = None):
        super().__init__(message)
        self.out_of_memory = out_of_memory
        self.wall = wall


MEMORY_LIMIT: int | None = None
"""Address-space limit of every measured child, in bytes (--max-memory-gib): a run that would
exhaust a shared machine's memory fails with MemoryError instead, and is reported as such.
Set with prlimit(2) on the started child, not in a preexec_fn: that would make subprocess fork
instead of vfork, and a forked child's ru_maxrss counts this process's memory too."""


def _limit_memory(pid: int) -> bool:
    try:
        import resource

        resource.prlimit(pid, resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError):  # not Linux, or the child has already gone
        return False
    return True


def run_child(argv: list[str], *, expect: int = 0, capture: bool = False) -> tuple[float, float | None, str]:
    """Runs `argv` from the repository root; (wall seconds, peak RSS of that child in MiB, stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            argv, cwd=REPO, stdin=subprocess.DEVNULL, stdout=out if capture else subprocess.DEVNULL, stderr=err,
        )
        limited = MEMORY_LIMIT is not None and _limit_memory(child.pid)
        rss: float | None = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
            # Linux reports KiB, macOS bytes.
            rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        else:  # pragma: no cover - Windows
            child.wait()
            wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if child.returncode != expect:
            stderr = err.read().decode("utf-8", "replace")
            raise CommandFailed(
                f"{' '.join(argv)} exited {child.returncode} (expected {expect}):\n{stderr[-3000:]}",
                out_of_memory=limited and "MemoryError" in stderr,
                wall=wall,
            )
    return wall, rss, stdout


def launcher(choice: str) -> tuple[list[str], str]:
    """How to start `cartagena`: the console script next to this Python, or `python cli.py`."""
    script = Path(sys.executable).parent / ("cartagena.exe" if os.name == "nt" else "cartagena")
    if choice == "script" or (choice == "auto" and script.exists()):
        if not script.exists():
            sys.exit(f"bench: no console script at {script} (pip install -e .)")
        return [str(script)], f"console script {script}"
    return [sys.executable, "cli.py"], f"{sys.executable} cli.py (from {REPO})"


def check_jsonschema() -> str | None:
    beside = Path(sys.executable).parent / "check-jsonschema"
    return str(beside) if beside.exists() else shutil.which("check-jsonschema")


def pin_prefix(enabled: bool) -> tuple[list[str], str]:
    if not enabled:
        return [], "not pinned (--no-pin)"
    taskset = shutil.which("taskset")
    if taskset and sys.platform.startswith("linux"):
        return [taskset, "-c", "0"], "pinned to CPU 0 (taskset -c 0)"
    return [], "not pinned (taskset not available)"


def median(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


# --- the measurements ----------------------------------------------------------------------------


def measure(args: argparse.Namespace) -> dict[str, Any]:
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    sizes = sorted(set(args.sizes))
    ours, launcher_note = launcher(args.launcher)
    pin, pin_note = pin_prefix(not args.no_pin)
    cjs = check_jsonschema()

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    log(f"generating {max(sizes)} profiles (seed {args.seed}) into {workdir}")
    # In a child: on Linux a child's ru_maxrss starts from its parent's RSS at spawn, so this
    # process must stay small (it never imports the engine nor holds the profiles).
    started = time.perf_counter()
    _, _, out = run_child(
        [sys.executable, str(BENCH_DIR / "run.py"), "--generate", str(workdir), "--seed", str(args.seed),
         "--sizes", ",".join(map(str, sizes))],
        capture=True,
    )
    generated = json.loads(out)
    generated_s = time.perf_counter() - started
    folders = {size: workdir / f"n{size}" for size in sizes}
    sample = workdir / "one" / "profile.json"
    sample_index, sample_style = generated["sample_index"], generated["sample_style"]

    # Every generated profile must be valid: `validate` over the largest folder exits 0.
    log("validating the generated profiles")
    run_child(ours + ["validate", str(folders[sizes[-1]])])

    cold: dict[str, list[float | None]] = collections.defaultdict(list)
    commands: dict[str, list[str]] = {
        "validate": pin + ours + ["validate", str(sample)],
        "check": pin + ours + ["check", str(sample), "--format", "json", "--fail-on", "none"],
    }
    if cjs:
        commands["check_jsonschema"] = pin + [cjs, "--schemafile", str(SCHEMA), str(sample)]
    log(f"cold starts on one profile: {', '.join(commands)} ({args.repeat} each, after one warm-up)")
    for argv in commands.values():
        run_child(argv)  # warm-up: .pyc files written, files in the page cache
    for _ in range(args.repeat):
        for name, argv in commands.items():  # interleaved, so that drift hits all alike
            wall, rss, _ = run_child(argv)
            cold[f"{name}_s"].append(wall)
            cold[f"{name}_rss_mib"].append(rss)

    batch: dict[int, dict[str, Any]] = {}
    worker_argv = pin + [sys.executable, str(BENCH_DIR / "run.py"), "--worker"]
    for size in sizes:
        folder = str(folders[size])
        log(f"batch of {size}: check, indicators, in-process, floor ({args.repeat} each)")
        samples: dict[str, list[Any]] = collections.defaultdict(list)
        check_failure = None
        for _ in range(args.repeat):
            if check_failure is None:
                try:
                    wall, rss, _ = run_child(pin + ours + ["check", folder, "--format", "json", "--fail-on", "none"])
                except CommandFailed as exc:
                    if not exc.out_of_memory:
                        raise
                    check_failure = f"ran out of the {MEMORY_LIMIT / 2**30:g} GiB memory limit after {exc.wall:.0f} s"
                    log(f"check over {size} profiles {check_failure}")
                    wall = rss = None
                samples["check_s"].append(wall)
                samples["check_rss_mib"].append(rss)
            # validate streams its report like check: its peak RSS must not grow with the batch either
            wall, rss, _ = run_child(pin + ours + ["validate", folder, "--format", "json"])
            samples["validate_s"].append(wall)
            samples["validate_rss_mib"].append(rss)
            wall, rss, _ = run_child(pin + ours + ["check", folder, "--format", "json", "--fail-on", "none", "--engine", "python"])
            samples["check_python_s"].append(wall)
            samples["check_python_rss_mib"].append(rss)
            _, _, out = run_child(worker_argv + ["engines", folder], capture=True)
            for key, value in json.loads(out).items():
                if key.endswith("_ms"):
                    samples[f"engines.{key}"].append(value)
            wall, rss, _ = run_child(pin + ours + ["indicators", folder, "--format", "json", "--by", "region"])
            samples["indicators_s"].append(wall)
            samples["indicators_rss_mib"].append(rss)
            for mode in ("evaluate", "floor"):
                wall, rss, out = run_child(worker_argv + [mode, folder], capture=True)
                figures = json.loads(out)
                if figures["invalid"] or figures["files"] != size:
                    raise CommandFailed(f"in-process {mode} over {folder}: {figures['files']} files, {figures['invalid']} invalid")
                samples[f"{mode}_wall_s"].append(wall)
                samples[f"{mode}_rss_mib"].append(rss)
                for key, value in figures.items():
                    if key.endswith("_s") and value is not None:
                        samples[f"{mode}.{key}"].append(value)
        medians = {key: median(values) for key, values in samples.items()}
        if check_failure:
            medians["check_s"] = medians["check_rss_mib"] = None
        per = lambda key: None if medians[key] is None else medians[key] / size * 1000  # noqa: E731 - ms per profile
        batch[size] = {
            "profiles": size,
            "check_failed": check_failure,
            "check_s": medians["check_s"],
            "check_profiles_per_s": size / medians["check_s"] if medians["check_s"] else None,
            "check_rss_mib": medians["check_rss_mib"],
            "validate_s": medians["validate_s"],
            "validate_rss_mib": medians["validate_rss_mib"],
            "check_python_s": medians["check_python_s"],
            "check_python_profiles_per_s": size / medians["check_python_s"],
            "check_python_rss_mib": medians["check_python_rss_mib"],
            "engines_per_profile_ms": {key.split(".", 1)[1]: value for key, value in medians.items() if key.startswith("engines.")},
            "indicators_s": medians["indicators_s"],
            "indicators_rss_mib": medians["indicators_rss_mib"],
            "in_process": {key.split(".", 1)[1]: value for key, value in medians.items() if key.startswith("evaluate.")}
            | {"wall_s": medians["evaluate_wall_s"], "rss_mib": medians["evaluate_rss_mib"]},
            "floor": {key.split(".", 1)[1]: value for key, value in medians.items() if key.startswith("floor.")}
            | {"wall_s": medians["floor_wall_s"], "rss_mib": medians["floor_rss_mib"]},
            "per_profile_ms": {
                "check_cli": per("check_s"),
                "load": per("evaluate.load_s"),
                "validate": per("evaluate.validate_s"),
                "profile_data": per("evaluate.profile_data_s"),
                "evaluate": per("evaluate.evaluate_s"),
                "in_process_loop": per("evaluate.loop_s"),
                "floor_loop": per("floor.loop_s"),
            },
            "in_process_profiles_per_s": size / medians["evaluate.loop_s"],
            "floor_profiles_per_s": size / medians["floor.loop_s"],
            "evaluate_share_of_check": medians["evaluate.evaluate_s"] / medians["check_s"] if medians["check_s"] else None,
            "evaluate_share_of_in_process_loop": medians["evaluate.evaluate_s"] / medians["evaluate.loop_s"],
            "samples": dict(samples),
        }

    cold_medians = {key: median(values) for key, values in cold.items()}
    serve = None if args.skip_serve else measure_serve(args.quick)
    return {
        "benchmark": "cartagena bench/run.py",
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": {
            "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
            "platform": platform.platform(),
            "machine": platform.machine(),
            "processor": platform.processor() or None,
            "cpu_count": os.cpu_count(),
            "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "load_average_before": load_before,
            "load_average_after": os.getloadavg() if hasattr(os, "getloadavg") else None,
        },
        "settings": {
            "seed": args.seed,
            "sizes": sizes,
            "repeat": args.repeat,
            "quick": args.quick,
            "launcher": launcher_note,
            "pinning": pin_note,
            "check_jsonschema": cjs,
            "memory_limit_gib": MEMORY_LIMIT / 2**30 if MEMORY_LIMIT else None,
            "workdir": str(workdir),
            "sample_profile": {"file": str(sample), "index": sample_index, "style": sample_style, "bytes": sample.stat().st_size},
        },
        "generated": {
            "count": max(sizes),
            "styles": generated["styles"],
            "mean_bytes": generated["mean_bytes"],
            "max_bytes": generated["max_bytes"],
            "seconds": generated_s,
        },
        "cold_start": {**cold_medians, "samples": dict(cold)},
        "batch": {str(size): figures for size, figures in batch.items()},
        "serve": serve,
    }


def measure_serve(quick: bool) -> dict[str, Any]:
    """The `serve` phase: one fresh `cartagena serve --quiet`, the clients of bench/serve_load.py."""
    module = load_bench_module("serve_load.py", "cartagena_bench_serve_load")
    log("serve: keep-alive POST /api/check, a burst of new connections, 20 requests of 1 MiB")
    return module.measure(connections=100 if quick else 500, concurrency=50, keep_alive_requests=50 if quick else 500)


def assess(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets, each with its figure and whether it is met."""
    cold = results["cold_start"]
    sizes = results["settings"]["sizes"]
    rows: list[dict[str, Any]] = []

    def row(name: str, figure: float | None, target: float, at_most: bool, unit: str, detail: str, failed: bool = False) -> None:
        met = False if failed else None if figure is None else (figure <= target if at_most else figure >= target)
        rows.append({"name": name, "figure": figure, "target": target, "at_most": at_most, "unit": unit, "met": met, "detail": detail})

    cjs = cold.get("check_jsonschema_s")
    fmt = lambda seconds: "n/a" if seconds is None else f"{seconds * 1000:.0f} ms"  # noqa: E731
    row(
        "cold validate / check-jsonschema",
        cold["validate_s"] / cjs if cjs else None,
        TARGETS["validate_vs_check_jsonschema"], True, "x",
        f"validate {fmt(cold['validate_s'])} vs check-jsonschema {fmt(cjs)}",
    )
    row(
        "cold check / check-jsonschema",
        cold["check_s"] / cjs if cjs else None,
        TARGETS["check_vs_check_jsonschema"], True, "x",
        f"check {fmt(cold['check_s'])} vs check-jsonschema {fmt(cjs)}",
    )
    for size in sizes:
        figures = results["batch"][str(size)]
        row(
            f"batch check (auto: durable), {size}",
            figures["check_profiles_per_s"],
            TARGETS["profiles_per_second"], False, "profiles/s",
            figures["check_failed"] or (
                f"{figures['check_s']:.2f} s wall, peak RSS {figures['check_rss_mib']:.0f} MiB"
                if figures["check_rss_mib"] else f"{figures['check_s']:.2f} s wall"
            ),
            failed=bool(figures["check_failed"]),
        )
    for size in sizes:
        figures = results["batch"][str(size)]
        row(
            f"batch check --engine python, {size}",
            figures["check_python_profiles_per_s"],
            TARGETS["python_engine_profiles_per_second"], False, "profiles/s",
            f"{figures['check_python_s']:.2f} s wall, peak RSS {figures['check_python_rss_mib'] or 0:.0f} MiB",
        )
        engines = figures["engines_per_profile_ms"]
        for step, what in (("engine", "the engine alone on built facts"), ("decide", "with building the flat fact")):
            durable, python = engines.get(f"durable_{step}_ms"), engines.get(f"python_{step}_ms")
            row(
                f"durable/python ({step}), {size}",
                durable / python if durable and python else None,
                TARGETS["python_engine_speedup"], False, "x",
                f"per profile: durable {durable or 0:.3f} ms, python {python or 0:.3f} ms ({what})",
            )
    small, large = results["batch"][str(sizes[0])], results["batch"][str(sizes[-1])]
    if len(sizes) > 1 and small["check_rss_mib"] and large["check_failed"]:
        row(
            f"peak RSS {sizes[-1]} / {sizes[0]}", None, TARGETS["rss_growth"], True, "x",
            f"{sizes[-1]}: {large['check_failed']} vs {small['check_rss_mib']:.0f} MiB at {sizes[0]}", failed=True,
        )
    elif len(sizes) > 1 and small["check_rss_mib"] and large["check_rss_mib"]:
        row(
            f"peak RSS {sizes[-1]} / {sizes[0]}",
            large["check_rss_mib"] / small["check_rss_mib"],
            TARGETS["rss_growth"], True, "x",
            f"{large['check_rss_mib']:.0f} MiB vs {small['check_rss_mib']:.0f} MiB",
        )
    if len(sizes) > 1 and small["validate_rss_mib"] and large["validate_rss_mib"]:
        row(
            f"validate peak RSS {sizes[-1]} / {sizes[0]}",
            large["validate_rss_mib"] / small["validate_rss_mib"],
            TARGETS["rss_growth"], True, "x",
            f"{large['validate_rss_mib']:.0f} MiB vs {small['validate_rss_mib']:.0f} MiB",
        )
    row(
        f"indicators, {sizes[-1]} profiles",
        large["indicators_s"],
        TARGETS["indicators_seconds"], True, "s",
        f"indicators --by region: peak RSS {large['indicators_rss_mib']:.0f} MiB" if large["indicators_rss_mib"] else "indicators --by region",
    )
    if len(sizes) > 1 and small["indicators_rss_mib"] and large["indicators_rss_mib"]:
        row(
            f"indicators peak RSS {sizes[-1]} / {sizes[0]}",
            large["indicators_rss_mib"] / small["indicators_rss_mib"],
            TARGETS["rss_growth"], True, "x",
            f"{large['indicators_rss_mib']:.0f} MiB vs {small['indicators_rss_mib']:.0f} MiB",
        )
    serve = results.get("serve")
    if serve:
        kept, burst, large = serve["keep_alive_check"], serve["burst"], serve["large_burst"]
        row("serve keep-alive POST /api/check p50", kept["p50_ms"], TARGETS["serve_keep_alive_p50_ms"], True, "ms",
            f"{kept['requests_per_s']:.0f} requests/s; p95 {kept['p95_ms']:.1f} ms, p99 {kept['p99_ms']:.1f} ms over {kept['requests']}")
        row(f"serve burst of {burst['connections']} connections p99", burst["p99_ms"], TARGETS["serve_burst_p99_ms"], True, "ms",
            f"p50 {burst['p50_ms']:.1f} ms, p95 {burst['p95_ms']:.1f} ms; {burst['connections_per_s']:.0f} connections/s; "
            f"failures {burst['failures'] or 'none'}", failed=bool(burst["failures"]))
        row("serve RSS after 20 x 1 MiB / idle", large["rss_after_over_idle"], TARGETS["serve_rss_after_over_idle"], True, "x",
            f"idle {large['rss_idle_mib']:.0f} MiB, peak {large['rss_peak_mib']:.0f} MiB, after {large['rss_after_mib']:.0f} MiB")
    return rows


def table(results: dict[str, Any]) -> str:
    lines = []
    rows = results["targets"]
    width = max(len(row["name"]) for row in rows)
    lines.append(f"{'target':<{width}}  {'figure':>12}  {'target':>12}  {'':<20}  detail")
    for row in rows:
        decimals = 2 if row["unit"] in ("x", "s") else 1 if row["unit"] == "ms" else 0
        figure = "n/a" if row["figure"] is None else f"{row['figure']:.{decimals}f}"
        unit = row["unit"] if row["unit"] in ("x", "s", "ms") else "/s"
        target = f"{'<=' if row['at_most'] else '>='} {row['target']:g}{unit}"
        if row["met"] is None:
            verdict = "skipped"
        elif row["figure"] is None:
            verdict = "MISSED (failed)"
        else:
            ratio = row["figure"] / row["target"]
            verdict = f"{'met' if row['met'] else 'MISSED'} ({ratio:.2f}x target)"
        lines.append(f"{row['name']:<{width}}  {figure + (unit if row['figure'] is not None else ''):>12}  {target:>12}  {verdict:<20}  {row['detail']}")
    lines.append("")
    lines.append("per profile (ms)      " + "  ".join(f"{size:>9}" for size in results["settings"]["sizes"]))
    keys = [
        ("check (CLI wall / N)", "check_cli"),
        ("in-process loop", "in_process_loop"),
        ("  load_document", "load"),
        ("  validate_document", "validate"),
        ("  profile_data", "profile_data"),
        ("  Evaluator.evaluate", "evaluate"),
        ("floor (load+validate)", "floor_loop"),
    ]
    for label, key in keys:
        cells = [results["batch"][str(size)]["per_profile_ms"][key] for size in results["settings"]["sizes"]]
        lines.append(f"{label:<22}" + "  ".join(f"{'n/a':>9}" if cell is None else f"{cell:>9.3f}" for cell in cells))
    for label, key in (
        ("durable: engine alone", "durable_engine_ms"),
        ("durable: decide", "durable_decide_ms"),
        ("durable: evaluate", "durable_evaluate_ms"),
        ("python: engine alone", "python_engine_ms"),
        ("python: decide", "python_decide_ms"),
        ("python: evaluate", "python_evaluate_ms"),
    ):
        cells = [results["batch"][str(size)]["engines_per_profile_ms"].get(key) for size in results["settings"]["sizes"]]
        lines.append(f"{label:<22}" + "  ".join(f"{'n/a':>9}" if cell is None else f"{cell:>9.3f}" for cell in cells))
    lines.append("")
    lines.append("in one process         " + "  ".join(f"{size:>9}" for size in results["settings"]["sizes"]))
    other = [
        ("startup: imports (s)", lambda b: b["in_process"]["import_s"], "{:>9.3f}"),
        ("startup: rulebook (s)", lambda b: b["in_process"]["rulebook_s"], "{:>9.3f}"),
        ("in-process profiles/s", lambda b: b["in_process_profiles_per_s"], "{:>9.0f}"),
        ("floor profiles/s", lambda b: b["floor_profiles_per_s"], "{:>9.0f}"),
        ("evaluate share, check", lambda b: b["evaluate_share_of_check"], "{:>9.1%}"),
        ("evaluate share, loop", lambda b: b["evaluate_share_of_in_process_loop"], "{:>9.1%}"),
        ("check peak RSS (MiB)", lambda b: b["check_rss_mib"], "{:>9.0f}"),
        ("check python RSS (MiB)", lambda b: b["check_python_rss_mib"], "{:>9.0f}"),
        ("validate peak RSS (MiB)", lambda b: b["validate_rss_mib"], "{:>9.0f}"),
        ("indicators wall (s)", lambda b: b["indicators_s"], "{:>9.2f}"),
        ("indicators RSS (MiB)", lambda b: b["indicators_rss_mib"], "{:>9.0f}"),
        ("in-process RSS (MiB)", lambda b: b["in_process"]["rss_mib"], "{:>9.0f}"),
        ("floor RSS (MiB)", lambda b: b["floor"]["rss_mib"], "{:>9.0f}"),
    ]
    for label, get, form in other:
        cells = []
        for size in results["settings"]["sizes"]:
            value = get(results["batch"][str(size)])
            cells.append(f"{'n/a':>9}" if value is None else form.format(value))
        lines.append(f"{label:<23}" + "  ".join(cells))
    settings, machine = results["settings"], results["machine"]
    lines.append("")
    lines.append(
        f"medians of {settings['repeat']} runs; seed {settings['seed']}; {settings['launcher']}; {settings['pinning']}; "
        f"Python {machine['python']}, {machine['cpu_count']} CPUs, {machine['platform']}"
    )
    if machine["load_average_before"] is not None:
        lines.append(f"load average (1 min) before {machine['load_average_before'][0]:.2f}, after {machine['load_average_after'][0]:.2f}")
    lines.append(f"cold starts on {settings['sample_profile']['file']} ({settings['sample_profile']['style']}, {settings['sample_profile']['bytes']} bytes)")
    return "\n".join(lines)


def git_commit() -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated batch sizes (default 1000,10000)")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of each measurement; medians are reported (default 5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed of the generated profiles (default {DEFAULT_SEED})")
    parser.add_argument("--quick", action="store_true", help="a tiny run: sizes 20,40 and 1 repetition (unless given)")
    parser.add_argument("--workdir", help="where to write the generated profiles (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder of profiles")
    parser.add_argument("--output", default=str(BENCH_DIR / "results" / "latest.json"), help="the JSON figures (default bench/results/latest.json)")
    parser.add_argument("--launcher", choices=["auto", "script", "cli"], default="auto", help="auto: the `cartagena` console script if installed beside this Python, else `python cli.py`")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the measured processes to CPU 0")
    parser.add_argument(
        "--max-memory-gib", type=float, default=8.0,
        help="address-space limit of each measured process (default 8; 0: none): a run over it is reported as failed",
    )
    parser.add_argument("--skip-serve", action="store_true", help="leave out the `cartagena serve` phase")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--generate", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return args
    explicit = argv if argv is not None else sys.argv[1:]
    if args.quick:
        if not any(arg.startswith("--sizes") for arg in explicit):
            args.sizes = "20,40"
        if not any(arg.startswith("--repeat") for arg in explicit):
            args.repeat = 1
    try:
        args.sizes = [int(size) for size in str(args.sizes).split(",") if size.strip()]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, e.g. 1000,10000")
    if not args.sizes or min(args.sizes) < 1 or args.repeat < 1:
        parser.error("--sizes and --repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        mode, folder = args.worker
        return worker(mode, folder)
    if args.generate:
        return generate_into(Path(args.generate), args.seed, args.sizes)
    global MEMORY_LIMIT
    MEMORY_LIMIT = int(args.max_memory_gib * 2**30) if args.max_memory_gib > 0 else None
    temporary = not args.workdir
    if temporary:
        args.workdir = tempfile.mkdtemp(prefix="cartagena-bench-")
    try:
        results = measure(args)
    except CommandFailed as exc:
        log(f"a command failed: {exc}")
        return 2
    finally:
        if temporary and not args.keep:
            shutil.rmtree(args.workdir, ignore_errors=True)
    results["targets"] = assess(results)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nfigures written to {output}")
    missed = [row for row in results["targets"] if row["met"] is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
