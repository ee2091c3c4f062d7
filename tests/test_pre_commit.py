"""The pre-commit hooks of `.pre-commit-hooks.yaml`, for real, as a user's project meets them: a
`.pre-commit-config.yaml` names this repository and a revision, and `pre-commit run` installs the
hooks into their own environment and runs them on a temporary git repository holding a good and a
bad profile.

The revision is this working tree as it is, uncommitted changes included (committed into a shadow
clone, as `pre-commit try-repo` does), so the hooks tested are the code under test. The hooks'
environment is built once per test worker (one PRE_COMMIT_HOME, one revision) and the tests share
a worker (`xdist_group`): `try-repo` would build it again on every call."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.clirun import ROOT
from tests.sourcekit import copy_source

pytestmark = pytest.mark.xdist_group("pre-commit")

GOOD = ROOT / "profiles" / "examplia-everything-in-place.json"
EMPTY_PARTY = '{"party": {}}\n'
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture(scope="session")
def hooks_revision(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(repository, revision) of this working tree: a shadow clone with the tracked files' changes
    and the untracked files git does not ignore committed on top of HEAD."""
    if shutil.which("git") is None or subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True).returncode:
        pytest.skip("the repository is not a git checkout: pre-commit installs hooks from a git repository")
    shadow = tmp_path_factory.mktemp("hooks-repo") / "repo"
    git("clone", "-q", "--no-hardlinks", str(ROOT), str(shadow), cwd=ROOT)
    env = {**os.environ, **GIT_IDENTITY}
    for name in git("ls-files", "-z", cwd=shadow).split("\0"):  # files deleted in the working tree
        if name and not (ROOT / name).exists():
            (shadow / name).unlink()
    copy_source(shadow)
    git("add", "-A", cwd=shadow)
    git("commit", "-q", "--allow-empty", "--no-verify", "-m", "working tree under test", cwd=shadow, env=env)
    return str(shadow), git("rev-parse", "HEAD", cwd=shadow).strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path: Path, pre_commit_home: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "party-repo"
    (repo / "profiles").mkdir(parents=True)
    shutil.copy(GOOD, repo / "profiles" / "good.json")
    (repo / "profiles" / "bad.json").write_text(EMPTY_PARTY, encoding="utf-8")
    (repo / "package.json").write_text("{}", encoding="utf-8")  # not a profile: the config narrows `files`
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), **GIT_IDENTITY}
    env.pop("PYTHONPATH", None)  # the hook's own environment, not this test run's
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    return repo, env


def configure(project: tuple[Path, dict[str, str]], revision: tuple[str, str], hooks: list[dict[str, Any]]) -> None:
    repo, _ = project
    config = {"repos": [{"repo": revision[0], "rev": revision[1], "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")


def pre_commit(project: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess[str]:
    repo, env = project
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=300)


def run_hook(project: tuple[Path, dict[str, str]], revision: tuple[str, str], hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    """The hook with the options of `.pre-commit-hooks.yaml` (as `try-repo` runs it); --verbose: its
    output even when it passes."""
    configure(project, revision, [{"id": hook}])
    return pre_commit(project, "run", hook, "--verbose", "--files", *files)


def test_the_hooks_file_declares_both_hooks_for_json_profiles() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert sorted(hooks) == ["cartagena-check", "cartagena-validate"]
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["files"] == r"\.json$" and hook["exclude"] == r"\.schema\.json$"


def test_validate_hook_passes_a_good_profile_and_fails_a_bad_one(project, hooks_revision) -> None:
    good = run_hook(project, hooks_revision, "cartagena-validate", "profiles/good.json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "cartagena validate (Party profiles)" in good.stdout and "Passed" in good.stdout
    bad = run_hook(project, hooks_revision, "cartagena-validate", "profiles/good.json", "profiles/bad.json")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "- exit code: 2" in bad.stdout
    assert "profiles/bad.json:1:11: /party/name: missing required property 'name'" in bad.stdout
    assert "2 files checked, 1 invalid" in bad.stdout


def test_check_hook_passes_a_good_profile_and_fails_a_bad_one(project, hooks_revision) -> None:
    good = run_hook(project, hooks_revision, "cartagena-check", "profiles/good.json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "MET (109): not shown (--brief)" in good.stdout  # the hook's default args
    bad = run_hook(project, hooks_revision, "cartagena-check", "profiles/bad.json")
    assert bad.returncode == 1 and "- exit code: 2" in bad.stdout, bad.stdout + bad.stderr


def test_args_in_the_users_config_override_the_options(project, hooks_revision) -> None:
    """A config as README shows it: files narrowed to profiles/, the completeness gate on."""
    repo, _ = project
    configure(project, hooks_revision, [
        {"id": "cartagena-validate", "files": "^profiles/"},
        {"id": "cartagena-check", "files": "^profiles/", "args": ["--require-declared", "any", "--brief"]},
    ])
    (repo / "profiles" / "bad.json").unlink()
    init = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "init", "--party", "Republic of Newland", "--code", "XNL", "--as-of", "2026-01-01",
         "--schema-ref", "", str(repo / "profiles" / "new.json")],
        capture_output=True, text=True,
    )
    assert init.returncode == 0, init.stderr
    passed = pre_commit(project, "run", "--files", "profiles/good.json", "package.json")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    failed = pre_commit(project, "run", "--files", "profiles/good.json", "profiles/new.json")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "cartagena validate (Party profiles)......" in failed.stdout  # valid: an empty profile is valid
    assert "failing: 0 gaps at --fail-on obligation, 113 not declared at --require-declared any" in failed.stdout
