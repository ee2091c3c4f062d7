"""The choice of rules engine (`check --engine`), the fallback when durable_rules cannot be imported,
and the commands that need no engine at all.

Run with durable_rules unimportable in subprocesses, whatever this test process has: PYTHONPATH puts
tests/without_durable/ (a C core that fails to load, as on Python 3.13) or a folder where durable
is missing first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirun import ROOT, cartagena
from tests.rulekit import DURABLE_PROBLEM, needs_durable

WITHOUT_DURABLE = {"PYTHONPATH": str(ROOT / "tests" / "without_durable")}
EXAMPLIA = "profiles/examplia-everything-in-place.json"
FALLBACK = (
    "cartagena check: using the pure-Python engine: durable_rules is installed but failed to import "
    "(ImportError: durable_rules_engine: undefined symbol: PyEval_CallObject (simulated by tests/without_durable, "
    "as on Python 3.13))\n"
)


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, **env})


def test_auto_falls_back_to_the_pure_engine_and_says_so_once_on_stderr() -> None:
    result = cartagena("check", "profiles/", "--format", "json", "--fail-on", "none", env=WITHOUT_DURABLE)
    assert result.returncode == 0, result.stderr
    assert result.stderr == FALLBACK
    report = json.loads(result.stdout)
    assert report["engine"] == {"name": "python", "implementation": "cartagena-compliance pure-Python engine"}
    assert report["summary"]["profiles_checked"] == 7


def test_explicit_python_engine_says_nothing_on_stderr() -> None:
    result = cartagena("check", EXAMPLIA, "--engine", "python", env=WITHOUT_DURABLE)
    assert (result.returncode, result.stderr) == (0, "")
    assert "engine python (cartagena-compliance pure-Python engine)" in result.stdout


def test_durable_engine_asked_for_where_it_cannot_run_is_a_clear_usage_error() -> None:
    result = cartagena("check", EXAMPLIA, "--engine", "durable", env=WITHOUT_DURABLE)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "cartagena check: --engine durable: the durable engine cannot run here: durable_rules is installed but failed "
        "to import (ImportError: durable_rules_engine: undefined symbol: PyEval_CallObject (simulated by "
        "tests/without_durable, as on Python 3.13)); use --engine python (or auto)\n"
    )


def test_a_missing_durable_rules_is_named_as_not_installed(tmp_path: Path) -> None:
    # `None` in sys.modules is how Python says "no such module" (ModuleNotFoundError)
    code = (
        "import sys; sys.modules['durable'] = None; sys.modules['durable_rules_engine'] = None\n"
        "from engine.engines import durable_problem; print(durable_problem())"
    )
    result = _python(code, {})
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "durable_rules is not installed (no module named 'durable_rules_engine'); install it with: "
        "pip install durable-rules==2.0.28 (needs a C compiler and the Python headers)\n"
    )


def test_a_failing_import_is_named_with_its_error_not_a_guess_about_the_python_version(tmp_path: Path) -> None:
    (tmp_path / "durable_rules_engine.py").write_text("raise OSError('libfoo.so: cannot open shared object file')\n")
    result = _python("from engine.engines import durable_problem; print(durable_problem())", {"PYTHONPATH": str(tmp_path)})
    assert result.stdout == "durable_rules is installed but failed to import (OSError: libfoo.so: cannot open shared object file)\n"


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("--version",),
        ("plan", "--goal", "A.8"),
        ("explain", "A.8.2"),
        ("schema",),
        ("validate", "profiles/"),
        ("rules",),
        ("check", "--help"),
    ],
)
def test_commands_that_need_no_engine_never_import_one(args: tuple[str, ...]) -> None:
    """A spy on the import system records every attempt to import durable_rules."""
    code = (
        "import sys\n"
        "attempts = []\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('durable', 'durable_rules_engine'):\n"
        "            attempts.append(name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Spy())\n"
        "import cli\n"
        "try:\n"
        f"    cli.main({list(args)!r})\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "sys.stderr.write(f'\\nexit={code} attempts={attempts}\\n')\n"
    )
    result = _python(code, {})
    assert result.stderr.rstrip().endswith("exit=0 attempts=[]"), result.stderr[-500:]


@needs_durable
def test_auto_uses_durable_rules_where_it_imports() -> None:
    result = cartagena("check", EXAMPLIA, "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["engine"]["name"] == "durable"


def test_durable_rules_imports_in_ci_where_it_can() -> None:
    """The durable engine's tests skip where durable_rules cannot run; in CI on Python 3.11-3.12,
    where it installs and must import, that would hide them, so this fails instead."""
    if os.environ.get("CI") == "true" and sys.version_info < (3, 13):
        assert DURABLE_PROBLEM is None, f"durable_rules must import in CI on Python {sys.version.split()[0]}: {DURABLE_PROBLEM}"


@needs_durable
def test_the_durable_release_is_the_installed_metadatas_version() -> None:
    """Read off the metadata beside the package (no importlib.metadata at start-up): the same answer."""
    from importlib.metadata import version

    from engine.engines import durable_release

    assert durable_release() == version("durable-rules")
