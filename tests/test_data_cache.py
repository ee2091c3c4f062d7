"""The validated rulebook and catalog cached between runs (engine.datacache, issue 25): the same
report with or without it, rebuilt when the rule files change (stale), when the entry is damaged
(corrupt) or gone (deleted), and never a failure when it cannot be written."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from engine import datacache, paths
from engine.commands.check import _validated_rules_and_catalog
from tests.clirun import ROOT

PROFILE = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"


def check(cache: Path | None, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`cartagena check PROFILE --format json` with the cache in `cache` (None: turned off)."""
    import os

    env = {key: value for key, value in os.environ.items() if key not in ("CARTAGENA_CACHE_DIR", "CARTAGENA_NO_CACHE")}
    env.update({"CARTAGENA_CACHE_DIR": str(cache)} if cache is not None else {"CARTAGENA_NO_CACHE": "1"})
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "check", str(PROFILE), "--format", "json", "--engine", "python", "--fail-on", "none"],
        cwd=tmp_path, capture_output=True, text=True, timeout=180, env=env, stdin=subprocess.DEVNULL,
    )


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{datacache.SUFFIX}"))


def test_the_report_is_the_same_without_the_cache_on_its_first_run_and_from_it(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = check(None, tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    assert not cache.exists()
    first = check(cache, tmp_path)  # validates, then writes the entry
    (entry,) = entries(cache)
    second = check(cache, tmp_path)  # reads it
    assert first.stdout == second.stdout == fresh.stdout
    assert first.stderr == second.stderr == ""
    assert entries(cache) == [entry]


def test_a_hit_does_not_read_the_rule_files_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARTAGENA_CACHE_DIR", str(tmp_path))
    built: list[Any] = []

    def build() -> Any:
        built.append(_validated_rules_and_catalog())
        return built[-1]

    catalog, rulebook = datacache.cached(build)
    again_catalog, again_rulebook = datacache.cached(build)
    assert len(built) == 1
    assert again_rulebook.digest == rulebook.digest and again_rulebook.rules == rulebook.rules
    assert [goal.id for goal in again_catalog.goals] == [goal.id for goal in catalog.goals]


@pytest.fixture
def copied_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the rule files and catalog that the key is computed from (engine.paths points at it)."""
    rules = tmp_path / "rules"
    shutil.copytree(paths.RULES_DIR, rules)
    monkeypatch.setattr(paths, "RULES_DIR", rules)
    monkeypatch.setattr(paths, "CATALOG_DIR", rules / "catalog")
    monkeypatch.setenv("CARTAGENA_CACHE_DIR", str(tmp_path / "cache"))
    return rules


def test_an_edited_rule_file_makes_the_entry_stale(copied_rules: Path, tmp_path: Path) -> None:
    calls: list[int] = []
    before = datacache.data_key()
    datacache.cached(lambda: calls.append(1) or "first")
    rule_file = next(copied_rules.glob("*/rules.yaml"))
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert datacache.data_key() != before
    assert datacache.cached(lambda: calls.append(2) or "second") == "second"  # not what the old files gave
    assert calls == [1, 2]
    (entry,) = entries(tmp_path / "cache")  # the stale entry is removed when the new one is written
    assert datacache.data_key() in entry.name


def test_an_edited_catalog_file_makes_the_entry_stale(copied_rules: Path) -> None:
    before = datacache.data_key()
    plan = copied_rules / "catalog" / "plan.yaml"
    plan.write_bytes(plan.read_bytes() + b"\n")
    assert datacache.data_key() != before


def damage_truncated(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[:-100])


def damage_flipped(entry: Path) -> None:
    content = bytearray(entry.read_bytes())
    content[len(content) // 2] ^= 0xFF
    entry.write_bytes(bytes(content))


def damage_resealed(entry: Path) -> None:
    """A sealed entry whose pickle names a class that does not exist (code that moved)."""
    import hashlib

    payload = b"\x80\x04\x95\x1d\x00\x00\x00\x00\x00\x00\x00\x8c\x06engine\x94\x8c\x0cNoSuchThing\x94\x93\x94."
    entry.write_bytes(datacache.MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "damage",
    [damage_truncated, damage_flipped, damage_resealed, lambda entry: entry.write_bytes(b""), lambda entry: entry.write_text("not an entry")],
    ids=["truncated", "a-byte-changed", "sealed-but-unloadable", "empty", "foreign"],
)
def test_a_corrupt_entry_is_never_trusted(tmp_path: Path, damage: Any) -> None:
    cache = tmp_path / "cache"
    fresh = check(None, tmp_path)
    check(cache, tmp_path)
    (entry,) = entries(cache)
    damage(entry)
    assert datacache.read_entry(entry) is None
    again = check(cache, tmp_path)
    assert again.returncode == fresh.returncode and again.stdout == fresh.stdout and again.stderr == ""
    assert datacache.read_entry(entry) is not None  # replaced by a sound one


def test_an_entry_is_read_only_whole_and_sealed(tmp_path: Path) -> None:
    entry = tmp_path / f"x{datacache.SUFFIX}"
    datacache.write_entry(entry, {"rules": (1, 2, 3)})
    assert datacache.read_entry(entry) == {"rules": (1, 2, 3)}
    assert entry.read_bytes().startswith(datacache.MAGIC)
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".tmp-")]
    assert pickle.loads(entry.read_bytes().split(b"\n", 2)[2]) == {"rules": (1, 2, 3)}


def test_a_deleted_cache_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = check(cache, tmp_path)
    shutil.rmtree(cache)
    again = check(cache, tmp_path)
    assert again.stdout == first.stdout and again.stderr == ""
    assert len(entries(cache)) == 1


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way\n", encoding="utf-8")
    fresh = check(None, tmp_path)
    result = check(blocked / "cache", tmp_path)  # a folder under a file: cannot be made
    assert result.returncode == fresh.returncode and result.stdout == fresh.stdout and result.stderr == ""
    assert blocked.read_text(encoding="utf-8") == "in the way\n"


def test_the_cache_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CARTAGENA_CACHE_DIR", raising=False)
    monkeypatch.delenv("CARTAGENA_NO_CACHE", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert datacache.cache_dir() == tmp_path / "cartagena-compliance"
    monkeypatch.setenv("CARTAGENA_NO_CACHE", "1")
    assert datacache.cache_dir() is None
