"""`cartagena validate` and `cartagena check` import only what their run needs (issue 25: their cold
starts are measured against check-jsonschema by bench/run.py). Which modules a run imports, not how
long it takes: what a run must never import again."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.clirun import ROOT

NOT_FOR_VALIDATE = (
    # the rules, their engines and the reports of `check`
    "engine.rulebook", "engine.catalog", "engine.evaluator", "engine.engines", "engine.report", "engine.checkrun",
    "engine.pool", "engine.datacache", "engine.waivers", "engine.reporters.text", "engine.reporters.json",
    "durable", "yaml", "babel", "jsonschema", "html",  # (html: HTML reports only)
    # pydantic's plugin lookup (engine.pydantic_plugins): every installed package's metadata
    "importlib.metadata", "email", "zipfile", "csv",
)


def imported_by(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a `python cli.py ARGS` run imports (as `-X importtime` lists them)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(ROOT / "cli.py"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:") and "|" in line}


def test_validate_imports_nothing_it_does_not_use() -> None:
    modules = imported_by("validate", str(ROOT / "profiles" / "examplia-everything-in-place.json"), "--format", "json")
    assert "engine.profile.models" in modules and "pydantic" in modules  # it did validate
    unwanted = sorted(module for module in modules if any(module == name or module.startswith(name + ".") for name in NOT_FOR_VALIDATE))
    assert unwanted == []


COLLECTIONS_WHILE_LOADING = """
import gc, sys
sys.path.insert(0, {root!r})
sys.argv = ["cartagena", "validate", {profile!r}]
from cli import main
during = []
gc.callbacks.append(lambda phase, info: during.append(info["generation"]) if phase == "start" and "pydantic" in sys.modules else None)
try:
    main()
except SystemExit as exc:
    assert exc.code == 0, exc.code
gc.callbacks.clear()
print(len(during))
"""


def test_the_collector_does_not_scan_what_validate_loads() -> None:
    """Loading pydantic and the profile models makes tens of thousands of containers, all kept for
    the run: the collector ran over them some 35 times in a cold start, finding nothing. Now it is
    paused while they load, and they are frozen before it runs again (engine.collector.loading)."""
    script = COLLECTIONS_WHILE_LOADING.format(root=str(ROOT), profile=str(ROOT / "profiles" / "examplia-everything-in-place.json"))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.split()[-1]) == 0


def test_a_check_whose_catalog_and_rules_are_cached_parses_no_yaml(tmp_path) -> None:
    """The plan catalog and the rule files are YAML, read once into the data cache: a later `check`
    loads them from there and does not import PyYAML at all (15 ms of its start)."""
    profile = str(ROOT / "profiles" / "examplia-everything-in-place.json")
    args = ("check", profile, "--format", "json", "--fail-on", "none", "-o", str(tmp_path / "report.json"))
    cache = {"CARTAGENA_CACHE_DIR": str(tmp_path / "cache")}
    assert "yaml" in imported_by(*args, env=cache)  # the first run reads the YAML files and caches them
    assert "yaml" not in imported_by(*args, env=cache)


def test_a_check_of_one_profile_starts_no_process_machinery(tmp_path) -> None:
    """One profile is checked in the command's own process: multiprocessing (and the socket and
    pickle modules it brings) is loaded only by a batch that forks workers."""
    profile = str(ROOT / "profiles" / "examplia-everything-in-place.json")
    modules = imported_by("check", profile, "--format", "json", "--fail-on", "none", "-o", str(tmp_path / "report.json"))
    assert "engine.pool" in modules and "multiprocessing" not in modules


VALIDATORS_BUILT = """
import sys
sys.path.insert(0, {root!r})
from pydantic import BaseModel
import engine.profile.models  # every model of the profile format
from engine.catalog import models  # and of the plan catalog
from engine.loader import load_document
from engine.profile.validation import check_loaded
from pathlib import Path

def built():
    seen, stack = set(), [BaseModel]
    while stack:
        for model in stack.pop().__subclasses__():
            if model not in seen:
                seen.add(model)
                stack.append(model)
    return sorted(model.__module__.split(".")[1] + ":" + model.__name__ for model in seen if model.__module__.startswith("engine.") and model.__pydantic_complete__)

print("at import:", built())
for name in {profiles!r}:
    check = check_loaded(load_document(Path(name)), lambda line: None)
    assert check.valid, check.errors
print("after:", built())
"""


def test_a_check_builds_the_validator_of_the_profile_only() -> None:
    """The models are built when first used (pydantic's `defer_build`): a cold start builds one
    validator, the profile's, not one validator and one serializer per model at import (some 60 ms
    of a cold `check`). An absent section is made without validating (`model_construct`) and the
    checks read instances without serializing them, so no later profile builds another model's
    own validator (in a batch, in each worker, on the first profile without that section)."""
    profiles = [str(path) for path in sorted((ROOT / "profiles").glob("*.json"))]
    script = VALIDATORS_BUILT.format(root=str(ROOT), profiles=profiles)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    at_import, after = result.stdout.splitlines()
    # (the catalog's ArticleReference is built at import: an instance of it is a field's default)
    assert at_import == "at import: ['catalog:ArticleReference']"
    assert after == "after: ['catalog:ArticleReference', 'profile:Profile']"
