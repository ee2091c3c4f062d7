"""The benchmark's targets, and its figures as tables: the terminal's (every target, met or missed,
and where the time goes) and README's performance table (`python bench/run.py --readme`, pasted
under README's "Benchmark"), both from the JSON figures of one run (bench/run.py)."""

from __future__ import annotations

from typing import Any

TARGETS = {
    "validate_vs_check_jsonschema": 0.5,  # cold, ours / check-jsonschema, at most
    "check_vs_check_jsonschema": 0.8,
    "profiles_per_second_per_core": 1000.0,  # batch `check --format json`, default jobs, at least
    "json_vs_floor": 5.0,  # batch `check --format json` whole process / the floor script, at most
    "text_vs_floor": 10.0,  # the same in the default text format
    "rss_slope_mib_per_1000": 0.1,  # peak RSS against profiles, 1,000-10,000, at most
    "python_engine_speedup": 10.0,  # per-profile rule evaluation, durable / python, at least
    "indicators_seconds": 10.0,  # `indicators DIR --by region` over the largest size, at most
    "serve_keep_alive_p50_ms": 10.0,  # `serve`: POST /api/check on a kept-open connection, p50, at most
    "serve_burst_p99_ms": 300.0,  # `serve`: 500 new connections, 50 at a time, p99, at most
    "serve_rss_after_over_idle": 1.5,  # `serve`: RSS after 20 requests of 1 MiB / RSS idle, at most
}


def assess(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets, each with its figure and whether it is met."""
    cold, head, memory = results["cold_start"], results["headline"], results["memory"]
    size, jobs = head["profiles"], head["default_jobs"]
    rows: list[dict[str, Any]] = []

    def row(name: str, figure: float | None, target: float, at_most: bool, unit: str, detail: str, failed: bool = False) -> None:
        met = False if failed else None if figure is None else (figure <= target if at_most else figure >= target)
        rows.append({"name": name, "figure": figure, "target": target, "at_most": at_most, "unit": unit, "met": met, "detail": detail})

    cjs = cold.get("check_jsonschema_s")
    ms = lambda seconds: "n/a" if seconds is None else f"{seconds * 1000:.0f} ms"  # noqa: E731
    row("cold validate / check-jsonschema", cold["validate_s"] / cjs if cjs else None, TARGETS["validate_vs_check_jsonschema"], True, "x",
        f"validate {ms(cold['validate_s'])} vs check-jsonschema {ms(cjs)}")
    row("cold check / check-jsonschema", cold["check_s"] / cjs if cjs else None, TARGETS["check_vs_check_jsonschema"], True, "x",
        f"check {ms(cold['check_s'])} (rulebook cache off: {ms(cold.get('check_uncached_s'))}) vs check-jsonschema {ms(cjs)}")
    floor = head["floor"]
    for name, label in (("check_json", "json"), ("check_text", "text")):
        figures = head[name]
        row(f"batch check --format {label} / floor, {size}", figures["x_floor"], TARGETS[f"{label}_vs_floor"], True, "x",
            f"{figures['s']:.2f} s ({figures['profiles_per_s']:.0f}/s, {jobs} jobs) vs floor {floor['s']:.2f} s ({floor['profiles_per_s']:.0f}/s)")
    figures = head["check_json"]
    row(f"batch check --format json per core, {size}", figures["profiles_per_s_per_core"], TARGETS["profiles_per_second_per_core"], False,
        "profiles/s", f"{figures['profiles_per_s']:.0f}/s over {jobs} jobs; --jobs 1: {head['check_json_jobs1']['profiles_per_s']:.0f}/s")
    slopes = memory["rss_slope_mib_per_1000"]
    sizes = list(memory["sizes"])
    for name in ("check", "validate", "indicators"):
        first, last = memory["sizes"][sizes[0]][f"{name}_rss_mib"], memory["sizes"][sizes[-1]][f"{name}_rss_mib"]
        detail = f"peak RSS {first or 0:.0f} MiB at {sizes[0]}, {last or 0:.0f} MiB at {sizes[-1]}"
        if name == "indicators":  # it keeps its tallies by region: figure only
            rows.append({"name": "indicators RSS slope", "figure": slopes[name], "target": None, "at_most": True, "unit": "MiB/1000", "met": None, "detail": detail})
        else:
            row(f"{name} RSS slope, {sizes[0]}-{sizes[-1]}", slopes[name], TARGETS["rss_slope_mib_per_1000"], True, "MiB/1000",
                f"{detail} ({'--jobs 1' if name == 'check' else 'one process'})")
    engines = head["engines_per_profile_ms"]
    durable, python = engines.get("durable_engine_ms"), engines.get("python_engine_ms")
    row(f"durable/python (engine alone), {size}", durable / python if durable and python else None, TARGETS["python_engine_speedup"], False, "x",
        f"per profile: durable {durable or 0:.3f} ms, python {python or 0:.3f} ms")
    largest = memory["sizes"][sizes[-1]]
    default_jobs = largest.get("indicators_default_jobs_s")
    row(f"indicators, {sizes[-1]} profiles", default_jobs if default_jobs is not None else largest["indicators_s"], TARGETS["indicators_seconds"], True, "s",
        f"indicators --by region, default --jobs ({results['machine']['cpus_usable']} cores); one process, pinned: {largest['indicators_s'] or 0:.2f} s"
        if default_jobs is not None else "indicators --by region")
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


LIBRARIES = ("library_json_parse_ms", "library_pydantic_validate_ms", "library_durable_rules_ms")


def design_bound(results: dict[str, Any]) -> dict[str, Any] | None:
    """What the three libraries `check` is built on (orjson, pydantic-core, durable_rules) leave of
    each batch target: per profile, their calls alone (bench/phases.py `libraries_per_profile`), and,
    for the whole-process wall time a target allows, the time per profile left for everything else
    (reading the file and its limits, the semantic checks, the findings and their evidence, the
    record, the report, the parent writing it), next to what everything else takes today. The cold
    start of one profile's `check` is counted once, as the batch pays it before it forks; each of
    the default jobs takes its share of the profiles. None when a figure is missing (durable_rules
    unavailable, no cold start)."""
    head, cold = results["headline"], results["cold_start"]
    engines = head.get("engines_per_profile_ms", {})
    if any(engines.get(name) is None for name in LIBRARIES) or not cold.get("check_s"):
        return None
    libraries = sum(engines[name] for name in LIBRARIES)
    size, jobs, start = head["profiles"], head["default_jobs"], cold["check_s"]
    share = -(-size // jobs)  # profiles per job
    floor = head["floor"]["s"]
    allowed = {
        "json per core": (size / (TARGETS["profiles_per_second_per_core"] * jobs), head["check_json"]["s"]),
        "json / floor": (TARGETS["json_vs_floor"] * floor, head["check_json"]["s"]),
        "text / floor": (TARGETS["text_vs_floor"] * floor, head["check_text"]["s"]),
    }
    left = {
        name: {
            "wall_s": wall,
            "left_ms": (wall - start) / share * 1000 - libraries,
            "today_ms": (today - start) / share * 1000 - libraries,
        }
        for name, (wall, today) in allowed.items()
    }
    return {"libraries_ms": libraries, "start_s": start, "per_job": share, "steady_per_core": 1000 / libraries, "targets": left}


def design_bound_lines(results: dict[str, Any]) -> list[str]:
    bound = design_bound(results)
    if bound is None:
        return ["the libraries' floor: n/a (durable_rules unavailable or no cold start)"]
    engines = results["headline"]["engines_per_profile_ms"]
    parts = ", ".join(f"{name.removeprefix('library_').removesuffix('_ms').replace('_', ' ')} {engines[name]:.3f}" for name in LIBRARIES)
    lines = [
        f"the libraries' floor per profile: {bound['libraries_ms']:.3f} ms ({parts}): at most "
        f"{bound['steady_per_core']:,.0f} profiles/s per core if nothing else ran",
        f"  per profile left for everything else, start-up {bound['start_s'] * 1000:.0f} ms counted once, {bound['per_job']} profiles per job:",
    ]
    for name, figures in bound["targets"].items():
        lines.append(f"    {name:<14} wall {figures['wall_s']:>5.2f} s allowed: {figures['left_ms']:>6.3f} ms left; today {figures['today_ms']:.3f} ms")
    return lines


def _figure(row: dict[str, Any]) -> str:
    if row["figure"] is None:
        return "n/a"
    unit = row["unit"]
    if unit == "x":
        return f"{row['figure']:.2f}x"
    if unit == "ms":
        return f"{row['figure']:.1f} ms"
    if unit == "s":
        return f"{row['figure']:.2f} s"
    if unit == "MiB/1000":
        return f"{row['figure']:.3f} MiB per 1,000"
    return f"{row['figure']:,.0f}/s"


def _target(row: dict[str, Any]) -> str:
    if row["target"] is None:
        return "(figure only)"
    unit = {"x": "x", "ms": " ms", "s": " s", "MiB/1000": " MiB per 1,000"}.get(row["unit"], "/s")
    return f"{'<=' if row['at_most'] else '>='} {row['target']:,g}{unit}"


def _verdict(row: dict[str, Any]) -> str:
    if row["met"] is None:
        return "" if row["target"] is None else "skipped"
    if row["figure"] is None:
        return "MISSED (failed)"
    return "met" if row["met"] else "MISSED"


def phases_table(results: dict[str, Any]) -> list[str]:
    head = results["headline"]
    lines = [f"the CLI loop per profile (ms), {head['profiles']} profiles, --jobs 1, in-process:       json      text"]
    for phase in ("read_parse", "validate", "evaluate", "record", "render", "rest", "command"):
        cells = [head[mode].get(f"{phase}_ms_per_profile") for mode in ("cli-json", "cli-text")]
        label = {"command": "whole command", "rest": "rest (place, write, start)"}.get(phase, phase)
        lines.append(f"  {label:<72}" + "".join(f"{'n/a':>10}" if cell is None else f"{cell:>10.3f}" for cell in cells))
    lines.append("")
    lines.append(f"whole processes, {head['profiles']} profiles:    seconds   profiles/s   x floor   peak RSS MiB")
    for name in ("floor", "check_json", "check_text", "check_json_jobs1", "check_python_json"):
        figures = head[name]
        lines.append(f"  {name:<28}{figures['s']:>9.2f}{figures['profiles_per_s']:>13.0f}{figures['x_floor']:>10.2f}{figures['rss_mib'] or 0:>15.0f}")
    engines = head["engines_per_profile_ms"]
    lines.append("")
    lines.append("engines per profile (ms): " + ", ".join(
        f"{key.removesuffix('_ms')} {value:.3f}" for key, value in sorted(engines.items()) if value is not None and key not in LIBRARIES
    ))
    lines.append("")
    lines.extend(design_bound_lines(results))
    return lines


def table(results: dict[str, Any]) -> str:
    rows = results["targets"]
    width = max(len(row["name"]) for row in rows)
    lines = [f"{'target':<{width}}  {'figure':>22}  {'target':>22}  {'':<8}  detail"]
    for row in rows:
        lines.append(f"{row['name']:<{width}}  {_figure(row):>22}  {_target(row):>22}  {_verdict(row):<8}  {row['detail']}")
    lines.append("")
    lines.extend(phases_table(results))
    settings, machine = results["settings"], results["machine"]
    lines.append("")
    lines.append(
        f"medians of {settings['repeat']} runs ({settings.get('cold_repeat', settings['repeat'])} for cold starts); seed {settings['seed']}; {settings['launcher']}; {settings['pinning']}; "
        f"Python {machine['python']}, {machine['cpu_count']} CPUs ({machine['cpus_usable']} usable), {machine['platform']}"
    )
    if machine["load_average_before"] is not None:
        lines.append(f"load average (1 min) before {machine['load_average_before'][0]:.2f}, after {machine['load_average_after'][0]:.2f}")
    return "\n".join(lines)


def readme_table(results: dict[str, Any]) -> str:
    """README's performance table (markdown), with the run it comes from."""
    machine, settings = results["machine"], results["settings"]
    load = machine["load_average_before"]
    lines = [
        f"Figures of `{results['command']}` ({results['when'][:10]}, commit {str(results['commit'])[:10]}; medians of "
        f"{settings['repeat']} interleaved runs, {settings.get('cold_repeat', settings['repeat'])} for cold starts; Python {machine['python']}, {machine['cpus_usable']} usable CPUs"
        + (f", load average {load[0]:.2f} at the start" if load else "") + "):",
        "",
        "| figure | measured | target | |",
        "|---|---|---|---|",
    ]
    for row in results["targets"]:
        verdict = _verdict(row)
        lines.append(f"| {row['name']} | {_figure(row)}: {row['detail']} | {_target(row)} | {'**' + verdict + '**' if verdict.startswith('MISSED') else verdict} |")
    lines.extend(["", "```", *design_bound_lines(results), "```"])
    return "\n".join(lines)
