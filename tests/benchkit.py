"""The benchmark's profile generator (bench/profiles.py, not a package), loaded once for tests."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from types import ModuleType

from tests.clirun import ROOT


@cache
def bench_profiles() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cartagena_bench_profiles", ROOT / "bench" / "profiles.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
