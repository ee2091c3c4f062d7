"""The pre-commit hooks of `.pre-commit-hooks.yaml`, for real: `pre-commit try-repo` installs this
repository (as committed at HEAD) into its own environment and runs the hooks on a temporary git
repository holding a good and a bad profile."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.clirun import ROOT

GOOD = ROOT / "profiles" / "examplia-everything-in-place.json"
EMPTY_PARTY = '{"party": {}}\n'


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None or subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True).returncode:
        pytest.skip("the repository is not a git checkout: pre-commit installs hooks from a git repository")
    home = tmp_path_factory.mktemp("pre-commit-home")
    repo = tmp_path_factory.mktemp("party-repo")
    (repo / "profiles").mkdir()
    shutil.copy(GOOD, repo / "profiles" / "good.json")
    (repo / "profiles" / "bad.json").write_text(EMPTY_PARTY, encoding="utf-8")
    (repo / "package.json").write_text("{}", encoding="utf-8")  # not a profile: the config narrows `files`
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    env.pop("PYTHONPATH", None)  # the hook's own environment, not this test run's
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    return repo, env


def pre_commit(project: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess[str]:
    repo, env = project
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=300)


def try_repo(project: tuple[Path, dict[str, str]], hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    # --verbose: the hook's output even when it passes
    return pre_commit(project, "try-repo", str(ROOT), hook, "--verbose", "--files", *files)


def test_the_hooks_file_declares_both_hooks_for_json_profiles() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert sorted(hooks) == ["cartagena-check", "cartagena-validate"]
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["files"] == r"\.json$" and hook["exclude"] == r"\.schema\.json$"


def test_validate_hook_passes_a_good_profile_and_fails_a_bad_one(project) -> None:
    good = try_repo(project, "cartagena-validate", "profiles/good.json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "cartagena validate (Party profiles)" in good.stdout and "Passed" in good.stdout
    bad = try_repo(project, "cartagena-validate", "profiles/good.json", "profiles/bad.json")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "- exit code: 2" in bad.stdout
    assert "profiles/bad.json:1:11: /party/name: missing required property 'name'" in bad.stdout
    assert "2 files checked, 1 invalid" in bad.stdout


def test_check_hook_passes_a_good_profile_and_fails_a_bad_one(project) -> None:
    good = try_repo(project, "cartagena-check", "profiles/good.json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "MET (109): not shown (--brief)" in good.stdout  # the hook's default args
    bad = try_repo(project, "cartagena-check", "profiles/bad.json")
    assert bad.returncode == 1 and "- exit code: 2" in bad.stdout, bad.stdout + bad.stderr


def test_args_in_the_users_config_override_the_options(project) -> None:
    """A config as README shows it: files narrowed to profiles/, the completeness gate on."""
    repo, _ = project
    head = git("rev-parse", "HEAD", cwd=ROOT).strip()
    config = {
        "repos": [
            {
                "repo": str(ROOT),
                "rev": head,
                "hooks": [
                    {"id": "cartagena-validate", "files": "^profiles/"},
                    {"id": "cartagena-check", "files": "^profiles/", "args": ["--require-declared", "any", "--brief"]},
                ],
            }
        ]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
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
