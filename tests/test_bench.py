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
        [sys.executable, str(RUN), "--quick", "--workdir", str(tmp_path / "work"), "--output", str(output)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(output.read_text(encoding="utf-8"))
    assert {"machine", "settings", "generated", "cold_start", "batch", "targets"} <= set(results)
    assert {"python", "cpu_count", "platform"} <= set(results["machine"])
    assert results["settings"]["seed"] == 20260630
    assert results["settings"]["sizes"] == [20, 40]
    assert results["settings"]["repeat"] == 1
    assert {"validate_s", "check_s", "check_jsonschema_s"} <= set(results["cold_start"])
    for size in ("20", "40"):
        batch = results["batch"][size]
        assert batch["profiles"] == int(size)
        for key in ("check_s", "check_profiles_per_s", "check_rss_mib", "in_process_profiles_per_s", "floor_profiles_per_s",
                    "evaluate_share_of_check", "evaluate_share_of_in_process_loop"):
            assert key in batch
        assert {"import_s", "rulebook_s", "load_s", "validate_s", "evaluate_s", "loop_s"} <= set(batch["in_process"])
        assert {"load", "validate", "profile_data", "evaluate", "floor_loop"} <= set(batch["per_profile_ms"])
    names = [row["name"] for row in results["targets"]]
    assert any("validate" in name for name in names) and any("batch" in name for name in names)
    assert "cold validate / check-jsonschema" in done.stdout  # the table is printed
    serve = results["serve"]  # the `serve` phase: figures, not a verdict on them (timing is the benchmark's)
    assert serve["keep_alive_check"]["requests"] == 50 and serve["burst"]["connections"] == 100
    assert {"rss_idle_mib", "rss_after_mib", "rss_peak_mib"} <= set(serve["large_burst"])
    # every generated profile is valid
    for folder in ("n20", "n40"):
        check = subprocess.run([sys.executable, "cli.py", "validate", str(tmp_path / "work" / folder)], cwd=REPO, capture_output=True, text=True, timeout=300)
        assert check.returncode == 0, check.stdout[-3000:]
