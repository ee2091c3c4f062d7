"""What `pip install .` puts on a machine: one import name of its own, every module and data file,
a console script that works from anywhere, and dependencies that install as wheels on the Python
versions this machine lacks (3.13, 3.14), where only the pure-Python engine runs.

These tests build the wheel (pip fetches setuptools from the package registry) and ask the registry
for wheels, so they need the network that CI has.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from functools import cache
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from tests.clirun import ROOT
from tests.sourcekit import copy_source

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE = "cartagena_compliance"


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the working tree: setuptools builds in the source folder
    (build/, *.egg-info), which must stay untouched by tests running in parallel."""
    out = tmp_path_factory.mktemp("wheel")
    source = copy_source(tmp_path_factory.mktemp("wheel-source"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (built,) = out.glob("cartagena_compliance-*.whl")
    return built


@cache
def _names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_the_wheel_adds_no_top_level_import_name_but_its_own(wheel: Path) -> None:
    top = {name.split("/")[0] for name in _names(wheel)}
    dist_info = {name for name in top if name.endswith(".dist-info")}
    assert top - dist_info == {PACKAGE}, f"foreign top-level names: {sorted(top - dist_info - {PACKAGE})}"
    with zipfile.ZipFile(wheel) as archive:
        (top_level,) = [name for name in archive.namelist() if name.endswith("top_level.txt")]
        assert archive.read(top_level).decode().split() == [PACKAGE]
        (entry_points,) = [name for name in archive.namelist() if name.endswith("entry_points.txt")]
        assert "cartagena = cartagena_compliance.cli:main" in archive.read(entry_points).decode()


def test_the_wheel_holds_every_module_and_data_file_of_the_repository(wheel: Path) -> None:
    names = set(_names(wheel))
    expected = {f"{PACKAGE}/cli.py"}
    for folder, patterns in (("engine", ("*.py", "*.js", "*.css")), ("rules", ("*.py", "*.yaml", "*.json", "*.md")), ("profiles", ("*.py", "*.json"))):
        for pattern in patterns:
            for path in (ROOT / folder).rglob(pattern):
                if "__pycache__" not in path.parts:
                    expected.add(f"{PACKAGE}/{path.relative_to(ROOT).as_posix()}")
    missing = sorted(expected - names)
    assert not missing, f"not in the wheel: {missing[:20]}"
    assert not [name for name in names if name.startswith(f"{PACKAGE}/tests/") or name.startswith(f"{PACKAGE}/bench/")]


def test_the_installed_command_runs_from_any_folder_and_the_generic_names_stay_out(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-compile", "--target", str(target), str(wheel)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(path.name for path in target.iterdir() if not path.name.endswith(".dist-info")) == ["bin", PACKAGE]
    env = {**os.environ, "PYTHONPATH": str(target)}  # the dependencies come from this test's environment
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys, cartagena_compliance.cli as cli\n"
        f"assert cli.__file__.startswith({str(target)!r}), cli.__file__\n"
        "cli.main(sys.argv[1:])\n"
    )
    check = subprocess.run(
        [sys.executable, "-c", code, "check", str(ROOT / "profiles"), "--fail-on", "none", "--engine", "python"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120,
    )
    assert check.returncode == 0, check.stderr
    assert "Checked 7 profiles against 114 rules (0 invalid)" in check.stdout
    for generic in ("engine", "rules", "profiles", "cli"):
        probe = subprocess.run(
            [sys.executable, "-c", f"import importlib.util, sys; sys.exit(importlib.util.find_spec({generic!r}) is not None)"],
            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60,
        )
        assert probe.returncode == 0, f"`import {generic}` resolves after installing the wheel"


def _runtime_requirements(python_version: str) -> list[Requirement]:
    """The project's dependencies whose environment marker holds on that Python (pip evaluates
    markers for the running interpreter only, even with --python-version)."""
    environment = {"python_version": python_version, "python_full_version": f"{python_version}.0"}
    out = []
    for line in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            out.append(requirement)
    return out


@pytest.mark.parametrize("python_version", ["3.11", "3.12", "3.13", "3.14"])
def test_requires_python_admits_every_supported_version(python_version: str) -> None:
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(f"{python_version}.0")


def test_durable_rules_is_required_only_where_it_can_import() -> None:
    names = {version: {req.name for req in _runtime_requirements(version)} for version in ("3.11", "3.12", "3.13", "3.14")}
    assert "durable-rules" in names["3.11"] and "durable-rules" in names["3.12"]
    assert "durable-rules" not in names["3.13"] and "durable-rules" not in names["3.14"]
    assert Marker("python_version < '3.13'") in {Requirement(line).marker for line in PYPROJECT["project"]["dependencies"]}


@pytest.mark.parametrize("python_version", ["3.13", "3.14"])
def test_every_runtime_dependency_resolves_as_a_wheel(python_version: str, tmp_path: Path) -> None:
    requirements = [str(req) for req in _runtime_requirements(python_version)]
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "--python-version", python_version,
         "--dest", str(tmp_path), *requirements],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    wheels = sorted(path.name for path in tmp_path.iterdir())
    assert wheels and all(name.endswith(".whl") for name in wheels), wheels
    tag = "cp" + python_version.replace(".", "")
    for binary in ("pydantic_core", "rpds_py", "pyyaml"):  # the compiled ones: built for that Python
        assert any(name.lower().startswith(binary) and f"-{tag}-" in name for name in wheels), (binary, wheels)


def test_the_readme_install_without_a_compiler_names_exactly_the_other_dependencies() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"pip install --no-deps \. && pip install ((?:'[^']+' ?)+)", readme)
    assert match, "README: the install without durable-rules is missing"
    named = {(req.name, req.specifier) for req in map(Requirement, re.findall(r"'([^']+)'", match.group(1)))}
    expected = {(req.name, req.specifier) for req in _runtime_requirements("3.11") if req.name != "durable-rules"}
    assert named == expected
