"""bench/run.py works: a tiny run (--quick) exits 0, writes its figures as JSON, and every profile
it generates is valid. No timing is asserted here: timing belongs to the benchmark, not the tests."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchkit import bench_profiles

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / "bench" / "run.py"

needs_check_jsonschema = pytest.mark.skipif(
    not (Path(sys.executable).parent / "check-jsonschema").exists() and shutil.which("check-jsonschema") is None,
    reason="check-jsonschema is not installed (pip install -e '.[bench]')",
)


def test_generated_profiles_validate(tmp_path: Path) -> None:
    generator = bench_profiles()
    profiles = generator.generate(60, seed=7)
    assert generator.generate(60, seed=7) == profiles, "the same seed gives the same profiles"
    styles = {style for style, _ in profiles}
    assert {"complete", "partial", "sparse"} <= styles
    statuses = {profile["party"].get("supplementary_protocol", {}).get("status") for _, profile in profiles}
    assert {"party", "neither"} <= statuses
    generator.write_profiles(profiles, tmp_path / "profiles")
    done = subprocess.run(
        [sys.executable, "cli.py", "validate", str(tmp_path / "profiles"), "--format", "json"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["summary"]["files"] == 60
    assert report["summary"]["invalid"] == 0
    # inconsistencies do not make a profile invalid; the generator avoids those it knows of
    assert report["summary"]["with_inconsistencies"] <= 6


def test_a_complete_profile_answers_every_declaration() -> None:
    generator = bench_profiles()
    rng = random.Random(1)
    for index in range(200):
        style, profile = generator.generate_profile(rng, index)
        if style == "complete":
            break
    else:  # pragma: no cover
        pytest.fail("no complete profile in 200")
    declarations, _ = generator._layout()
    missing = [
        path for path in declarations
        if generator._get(profile, path) is None
        and not (path.startswith("liability_and_redress.") and profile["party"].get("supplementary_protocol", {}).get("status") != "party")
    ]
    assert missing == []


@needs_check_jsonschema
def test_quick_run(tmp_path: Path) -> None:
    output = tmp_path / "latest.json"
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--workdir", str(tmp_path / "work"), "--output", str(output), "--readme"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(output.read_text(encoding="utf-8"))
    assert {"machine", "settings", "generated", "cold_start", "headline", "memory", "serve", "targets"} <= set(results)
    assert {"python", "cpu_count", "cpus_usable", "platform", "load_average_before"} <= set(results["machine"])
    assert results["settings"]["seed"] == 20260630
    assert results["settings"]["sizes"] == [20, 40] and results["settings"]["headline"] == 40
    assert results["settings"]["repeat"] == 1
    assert {"validate_s", "check_s", "check_uncached_s", "check_jsonschema_s"} <= set(results["cold_start"])
    # the batch side by side with the floor the benchmark carries, in the same run
    head = results["headline"]
    assert head["profiles"] == 40
    for name in ("floor", "check_json", "check_text", "check_json_jobs1", "check_python_json"):
        assert {"s", "profiles_per_s", "rss_mib", "x_floor"} <= set(head[name])
    assert head["floor"]["x_floor"] == 1.0
    # the real CLI loop, phase by phase, in both formats
    for mode in ("cli-json", "cli-text"):
        phases = {f"{phase}_ms_per_profile" for phase in ("read_parse", "validate", "evaluate", "record", "render", "rest", "command")}
        assert phases <= set(head[mode])
        assert all(head[mode][key] > 0 for key in phases - {"rest_ms_per_profile"})
    # memory fitted against the number of profiles: a slope, per command
    memory = results["memory"]
    assert set(memory["sizes"]) == {"20", "40"}
    assert set(memory["rss_slope_mib_per_1000"]) == {"check", "validate", "indicators"}
    names = [row["name"] for row in results["targets"]]
    for expected in ("cold validate / check-jsonschema", "cold check / check-jsonschema", "batch check --format json / floor, 40",
                     "batch check --format text / floor, 40", "batch check --format json per core, 40", "check RSS slope, 20-40",
                     "serve keep-alive POST /api/check p50"):
        assert expected in names
    # the three libraries' calls alone, and what they leave of each batch target
    engines = head["engines_per_profile_ms"]
    assert all(engines[name] > 0 for name in ("library_json_parse_ms", "library_pydantic_validate_ms", "library_durable_rules_ms"))
    assert "the libraries' floor per profile" in done.stdout
    assert "cold validate / check-jsonschema" in done.stdout  # the table is printed
    assert "| figure | measured | target | |" in done.stdout  # and README's, with --readme
    serve = results["serve"]  # the `serve` phase: figures, not a verdict on them (timing is the benchmark's)
    assert serve["keep_alive_check"]["requests"] == 50 and serve["burst"]["connections"] == 100
    assert {"rss_idle_mib", "rss_after_mib", "rss_peak_mib"} <= set(serve["large_burst"])
    # every generated profile is valid
    for folder in ("n20", "n40"):
        check = subprocess.run([sys.executable, "cli.py", "validate", str(tmp_path / "work" / folder)], cwd=REPO, capture_output=True, text=True, timeout=300)
        assert check.returncode == 0, check.stdout[-3000:]


def test_the_design_bound_is_the_time_left_beside_the_libraries() -> None:
    """Per profile, the wall time a target allows, less the start-up (once) and the libraries' calls."""
    from tests.benchkit import bench_module

    verdicts = bench_module("verdicts")
    libraries = {"library_json_parse_ms": 0.05, "library_pydantic_validate_ms": 0.25, "library_durable_rules_ms": 0.2}
    results = {
        "cold_start": {"check_s": 0.3},
        "headline": {
            "profiles": 2000, "default_jobs": 2, "engines_per_profile_ms": libraries,
            "floor": {"s": 0.25}, "check_json": {"s": 2.3}, "check_text": {"s": 4.3},
        },
    }
    bound = verdicts.design_bound(results)
    assert bound["libraries_ms"] == pytest.approx(0.5)
    assert bound["steady_per_core"] == pytest.approx(2000)
    # 1,000/s per core over 2 jobs: 2,000 profiles in 1.0 s; 0.7 s after the start, 1,000 per job
    assert bound["targets"]["json per core"]["wall_s"] == pytest.approx(1.0)
    assert bound["targets"]["json per core"]["left_ms"] == pytest.approx(0.2)
    assert bound["targets"]["json / floor"]["left_ms"] == pytest.approx(0.45)  # 5 x 0.25 s
    assert bound["targets"]["text / floor"]["left_ms"] == pytest.approx(1.7)  # 10 x 0.25 s
    assert bound["targets"]["json per core"]["today_ms"] == pytest.approx(1.5)
    assert bound["targets"]["text / floor"]["today_ms"] == pytest.approx(3.5)
    assert any("0.200 ms left; today 1.500 ms" in line for line in verdicts.design_bound_lines(results))
    del libraries["library_durable_rules_ms"]  # durable_rules unavailable: no bound
    assert verdicts.design_bound(results) is None


def test_the_rss_slope_is_a_least_squares_fit() -> None:
    """A linear leak shows as its slope (a ratio of two sizes hid 0.7 MiB per 1,000 profiles)."""
    from tests.benchkit import bench_module

    run = bench_module("run")
    assert run.rss_slope([(1000, 50.0), (2000, 50.7), (5000, 52.8), (10000, 56.3)]) == pytest.approx(0.7, abs=1e-9)
    assert run.rss_slope([(1000, 50.0), (10000, 50.0)]) == 0
    assert run.rss_slope([(1000, 50.0)]) is None


def test_the_floor_does_one_lookup_and_one_predicate_per_rule(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"x": {"answer": True}, "y": {"answer": False}}), encoding="utf-8")
    (folder / "b.json").write_text(json.dumps({"x": {"answer": False}}), encoding="utf-8")
    (folder / "notes.txt").write_text("not a profile", encoding="utf-8")
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([[["x", "answer"], True], [["y", "answer"], False], [["z", "answer"], True]]), encoding="utf-8")
    done = subprocess.run([sys.executable, str(REPO / "bench" / "floor.py"), str(rules), str(folder)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines == [{"file": str(folder / "a.json"), "met": [0, 1]}, {"file": str(folder / "b.json"), "met": []}]
