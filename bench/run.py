"""The benchmark: speed and memory of `cartagena check`, `validate`, `indicators` and `serve`, in one run.

    pip install -e '.[bench]'
    python bench/run.py                      # the full run (about 10-15 minutes on 2 cores)
    python bench/run.py --quick              # a tiny run (sizes 20,40, 1 repetition): does it work?

It generates synthetic valid profiles from a fixed seed (bench/profiles.py), then measures, as the
median of --repeat runs interleaved (each in a fresh process):

* cold start of `validate` and of `check` on one profile, against `check-jsonschema` on the same
  file with the committed schema (and `check` with its rulebook cache turned off, for the record):
  medians of --cold-repeat (default 15) runs each, interleaved, the order rotated every round;
* the batch of --headline profiles (default 2,000), side by side: the floor (bench/floor.py: read,
  parse, one lookup and one predicate per rule, one JSON line out), `check --format json` and
  `check` in text with the default --jobs (the cores usable), `check --format json --jobs 1`, and
  `check --engine python --format json`: wall time of the whole process, profiles per second (and
  per core), each as a multiple of the floor;
* the real CLI loop phase by phase (bench/phases.py: `check --jobs 1` run in-process with a clock
  on each step: read and parse, validate, evaluate, record, render, the rest), in json and text;
  both rules engines side by side;
* peak RSS of `check --format json --jobs 1`, `validate` and `indicators --by region` at each of
  --sizes (default 1000,2000,5000,10000), fitted against the number of profiles (least squares):
  the slope in MiB per 1,000 profiles, which a leak cannot hide from (a ratio of two sizes can);
* `cartagena serve` (bench/serve_load.py): `POST /api/check` on a kept-open connection (requests/s,
  p50/p95/p99), a burst of new connections (p99, resets), and RSS before and after 20 requests of
  1 MiB at once (`--skip-serve` leaves this phase out).

Every child runs with bytecode written (PYTHONDONTWRITEBYTECODE unset: the warm-up writes the .pyc
files, as an installed package has them) and the rulebook cache in the work folder (filled by the
warm-up, as by any earlier run). It prints a table (figure, target, met/missed) and README's
performance table (`--readme`), and writes every figure as JSON (--output).
Exit status: 0 when every measurement ran (whatever the targets; --strict: 1 if one is missed),
2 when a command failed (e.g. a generated profile was invalid).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
SCHEMA = REPO / "profiles" / "schema" / "profile.schema.json"

# `python bench/run.py` puts bench/ first on sys.path, where profiles.py would hide the `profiles`
# package (the schema's home): take it off, and put the repository root on.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_SEED = 20260630


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


def run_child(argv: list[str], *, expect: int = 0, capture: bool = False, env: dict[str, str] | None = None) -> tuple[float, float | None, str]:
    """Runs `argv` from the repository root; (wall seconds, peak RSS of that child in MiB, stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            argv, cwd=REPO, stdin=subprocess.DEVNULL, stdout=out if capture else subprocess.DEVNULL, stderr=err,
            env={**os.environ, **env} if env else None,
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


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def rss_slope(points: list[tuple[int, float | None]]) -> float | None:
    """Least-squares slope of peak RSS (MiB) against profiles, in MiB per 1,000 profiles."""
    present = [(size, rss) for size, rss in points if rss is not None]
    if len({size for size, _ in present}) < 2:
        return None
    mean_x = statistics.fmean(size for size, _ in present)
    mean_y = statistics.fmean(rss for _, rss in present)
    over = sum((size - mean_x) * (rss - mean_y) for size, rss in present)
    under = sum((size - mean_x) ** 2 for size, _ in present)
    return over / under * 1000


def measure_cold(args: argparse.Namespace, ours: list[str], pin: list[str], sample: Path) -> dict[str, Any]:
    cjs = check_jsonschema()
    commands: dict[str, list[str]] = {
        "validate": pin + ours + ["validate", str(sample)],
        "check": pin + ours + ["check", str(sample), "--format", "json", "--fail-on", "none"],
        "check_uncached": pin + ours + ["check", str(sample), "--format", "json", "--fail-on", "none"],
    }
    if cjs:
        commands["check_jsonschema"] = pin + [cjs, "--schemafile", str(SCHEMA), str(sample)]
    log(f"cold starts on one profile: {', '.join(commands)} ({args.cold_repeat} each, after one warm-up)")
    env = {"check_uncached": {"CARTAGENA_NO_CACHE": "1"}}
    for name, argv in commands.items():
        run_child(argv, env=env.get(name))  # warm-up: .pyc files written, the rulebook cached, files in the page cache
    cold: dict[str, list[float | None]] = collections.defaultdict(list)
    names = list(commands)
    for round_ in range(args.cold_repeat):
        # interleaved, so that drift hits all alike; each round starts one command later, so that
        # none always runs first or right after the same one
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            wall, rss, _ = run_child(commands[name], env=env.get(name))
            cold[f"{name}_s"].append(wall)
            cold[f"{name}_rss_mib"].append(rss)
    return {**{key: median(values) for key, values in cold.items()}, "check_jsonschema": cjs, "samples": dict(cold)}


def measure_headline(args: argparse.Namespace, ours: list[str], folder: Path, rules_file: Path) -> dict[str, Any]:
    """The batch side by side with the floor, whole processes, not pinned (default --jobs: the cores)."""
    size = args.headline
    runs: dict[str, list[str]] = {
        "floor": [sys.executable, str(BENCH_DIR / "floor.py"), str(rules_file), str(folder)],
        "check_json": ours + ["check", str(folder), "--format", "json", "--fail-on", "none"],
        "check_text": ours + ["check", str(folder), "--fail-on", "none"],
        "check_json_jobs1": ours + ["check", str(folder), "--format", "json", "--fail-on", "none", "--jobs", "1"],
        "check_python_json": ours + ["check", str(folder), "--format", "json", "--fail-on", "none", "--engine", "python"],
    }
    worker = [sys.executable, str(BENCH_DIR / "run.py"), "--worker"]
    log(f"batch of {size} side by side: {', '.join(runs)}; the CLI loop phase by phase; the engines ({args.repeat} each)")
    samples: dict[str, list[Any]] = collections.defaultdict(list)
    for _ in range(args.repeat):
        for name, argv in runs.items():
            wall, rss, _ = run_child(argv)
            samples[f"{name}_s"].append(wall)
            samples[f"{name}_rss_mib"].append(rss)
        for mode in ("cli-json", "cli-text", "engines"):
            _, _, out = run_child(worker + [mode, str(folder)], capture=True)
            for key, value in json.loads(out).items():
                if isinstance(value, float):
                    samples[f"{mode}.{key}"].append(value)
    medians = {key: median(values) for key, values in samples.items()}
    jobs = usable_cores()
    # what `check` does without --jobs (engine.commands.check.POOL_FROM: not imported, this process stays small)
    figures: dict[str, Any] = {"profiles": size, "default_jobs": jobs if size >= 32 else 1, "samples": dict(samples)}
    floor = medians["floor_s"]
    for name in runs:
        wall = medians[f"{name}_s"]
        figures[name] = {
            "s": wall,
            "profiles_per_s": size / wall,
            "rss_mib": medians[f"{name}_rss_mib"],
            "x_floor": wall / floor,
        }
    used = figures["default_jobs"]
    for name in ("check_json", "check_text", "check_python_json"):
        figures[name]["profiles_per_s_per_core"] = figures[name]["profiles_per_s"] / used
    figures["check_json_jobs1"]["profiles_per_s_per_core"] = figures["check_json_jobs1"]["profiles_per_s"]
    for mode in ("cli-json", "cli-text"):
        figures[mode] = {
            key.split(".", 1)[1].removesuffix("_s") + "_ms_per_profile": value / size * 1000
            for key, value in medians.items() if key.startswith(f"{mode}.") and key.endswith("_s") and not key.endswith("import_s")
        } | {"import_s": medians.get(f"{mode}.import_s")}
    figures["engines_per_profile_ms"] = {key.split(".", 1)[1]: value for key, value in medians.items() if key.startswith("engines.")}
    return figures


def measure_memory(args: argparse.Namespace, ours: list[str], pin: list[str], folders: dict[int, Path]) -> dict[str, Any]:
    """Peak RSS at each size, one process (--jobs 1, pinned), fitted against the number of profiles;
    and at the largest size the time of `indicators` as a user runs it (default --jobs, not pinned)."""
    log(f"memory over sizes {', '.join(map(str, folders))}: check --jobs 1, validate, indicators ({args.repeat} each)")
    per_size: dict[str, dict[str, Any]] = {}
    for size, folder in folders.items():
        samples: dict[str, list[Any]] = collections.defaultdict(list)
        for _ in range(args.repeat):
            for name, argv in (
                ("check", ours + ["check", str(folder), "--format", "json", "--fail-on", "none", "--jobs", "1"]),
                ("validate", ours + ["validate", str(folder), "--format", "json"]),
                ("indicators", ours + ["indicators", str(folder), "--format", "json", "--by", "region", "--jobs", "1"]),
            ):
                try:
                    wall, rss, _ = run_child(pin + argv)
                except CommandFailed as exc:
                    if not exc.out_of_memory:
                        raise
                    log(f"{name} over {size} profiles ran out of the memory limit after {exc.wall:.0f} s")
                    wall = rss = None
                samples[f"{name}_s"].append(wall)
                samples[f"{name}_rss_mib"].append(rss)
        if size == max(folders):  # the time a user waits: the command as run, its default --jobs, not pinned
            for _ in range(args.repeat):
                wall, _, _ = run_child(ours + ["indicators", str(folder), "--format", "json", "--by", "region"])
                samples["indicators_default_jobs_s"].append(wall)
        per_size[str(size)] = {key: median(values) for key, values in samples.items()} | {"samples": dict(samples)}
    slopes = {
        name: rss_slope([(size, per_size[str(size)][f"{name}_rss_mib"]) for size in folders])
        for name in ("check", "validate", "indicators")
    }
    return {"sizes": per_size, "rss_slope_mib_per_1000": slopes}


def measure(args: argparse.Namespace) -> dict[str, Any]:
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    sizes = sorted(set(args.sizes))
    ours, launcher_note = launcher(args.launcher)
    pin, pin_note = pin_prefix(not args.no_pin)
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ["CARTAGENA_CACHE_DIR"] = str(workdir / "cache")  # the children's rulebook cache
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the children write and use .pyc files, as installed code has them
    every = sorted(set(sizes) | {args.headline})
    log(f"generating {max(every)} profiles (seed {args.seed}) into {workdir}")
    # In a child: on Linux a child's ru_maxrss starts from its parent's RSS at spawn, so this
    # process must stay small (it never imports the engine nor holds the profiles).
    started = time.perf_counter()
    _, _, out = run_child(
        [sys.executable, str(BENCH_DIR / "run.py"), "--generate", str(workdir), "--seed", str(args.seed),
         "--sizes", ",".join(map(str, every))],
        capture=True,
    )
    generated = json.loads(out)
    generated_s = time.perf_counter() - started
    folders = {size: workdir / f"n{size}" for size in every}
    sample = workdir / "one" / "profile.json"
    rules_file = workdir / "floor-rules.json"
    run_child([sys.executable, str(BENCH_DIR / "run.py"), "--worker", "floor-rules", str(rules_file)])
    log("validating the generated profiles")
    run_child(ours + ["validate", str(folders[max(every)])])  # every generated profile must be valid

    cold = measure_cold(args, ours, pin, sample)
    headline = measure_headline(args, ours, folders[args.headline], rules_file)
    memory = measure_memory(args, ours, pin, {size: folders[size] for size in sizes})
    serve = None if args.skip_serve else measure_serve(args.quick)
    return {
        "benchmark": "cartagena bench/run.py",
        "command": " ".join(["python", "bench/run.py", *sys.argv[1:]]),
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
            "cpus_usable": usable_cores(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg() if hasattr(os, "getloadavg") else None,
        },
        "settings": {
            "seed": args.seed,
            "sizes": sizes,
            "headline": args.headline,
            "repeat": args.repeat,
            "cold_repeat": args.cold_repeat,
            "quick": args.quick,
            "launcher": launcher_note,
            "pinning": f"{pin_note}, for the cold starts and the memory runs; the batch side by side is not pinned",
            "check_jsonschema": cold["check_jsonschema"],
            "memory_limit_gib": MEMORY_LIMIT / 2**30 if MEMORY_LIMIT else None,
            "workdir": str(workdir),
            "sample_profile": {"file": str(sample), "index": generated["sample_index"], "style": generated["sample_style"], "bytes": sample.stat().st_size},
        },
        "generated": {
            "count": max(every),
            "styles": generated["styles"],
            "mean_bytes": generated["mean_bytes"],
            "max_bytes": generated["max_bytes"],
            "seconds": generated_s,
        },
        "cold_start": cold,
        "headline": headline,
        "memory": memory,
        "serve": serve,
    }


def measure_serve(quick: bool) -> dict[str, Any]:
    """The `serve` phase: one fresh `cartagena serve --quiet`, the clients of bench/serve_load.py."""
    module = load_bench_module("serve_load.py", "cartagena_bench_serve_load")
    log("serve: keep-alive POST /api/check, a burst of new connections, 20 requests of 1 MiB")
    return module.measure(connections=100 if quick else 500, concurrency=50, keep_alive_requests=50 if quick else 500)


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
    parser.add_argument("--sizes", default="1000,2000,5000,10000", help="batch sizes whose peak RSS is fitted (default 1000,2000,5000,10000)")
    parser.add_argument("--headline", type=int, default=2000, help="the batch measured side by side with the floor (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each measurement; medians are reported (default 3)")
    parser.add_argument(
        "--cold-repeat", type=int, default=15,
        help="runs of each cold start (a fraction of a second each; their medians are compared; default 15)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed of the generated profiles (default {DEFAULT_SEED})")
    parser.add_argument("--quick", action="store_true", help="a tiny run: sizes 20,40, headline 40 and 1 repetition (unless given)")
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
    parser.add_argument("--readme", action="store_true", help="also print README's performance table (markdown) from this run")
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
        if not any(arg.startswith("--headline") for arg in explicit):
            args.headline = 40
        if not any(arg.startswith("--repeat") for arg in explicit):
            args.repeat = 1
        if not any(arg.startswith("--cold-repeat") for arg in explicit):
            args.cold_repeat = 1
    try:
        args.sizes = [int(size) for size in str(args.sizes).split(",") if size.strip()]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, e.g. 1000,10000")
    if not args.sizes or min(args.sizes) < 1 or args.repeat < 1 or args.cold_repeat < 1 or args.headline < 1:
        parser.error("--sizes, --headline, --repeat and --cold-repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        mode, folder = args.worker
        return load_bench_module("phases.py", "cartagena_bench_phases").worker(mode, folder)
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
    verdicts = load_bench_module("verdicts.py", "cartagena_bench_verdicts")
    results["targets"] = verdicts.assess(results)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(verdicts.table(results))
    if args.readme:
        print("\nREADME's table (paste under README's \"Benchmark\"):\n")
        print(verdicts.readme_table(results))
    print(f"\nfigures written to {output}")
    missed = [row for row in results["targets"] if row["met"] is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
