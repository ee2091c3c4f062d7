"""The benchmark's scripts (bench/*.py, not a package), loaded once each for tests."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from types import ModuleType

from tests.clirun import ROOT


@cache
def bench_module(name: str) -> ModuleType:
    """bench/<name>.py as a module."""
    spec = importlib.util.spec_from_file_location(f"cartagena_bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def bench_profiles() -> ModuleType:
    """The profile generator, bench/profiles.py."""
    return bench_module("profiles")
