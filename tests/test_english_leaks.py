"""No English from the code: every command and format, in each of the five languages, run under a
marked catalog (tests/i18nkit.py: every message of the tool shown as ⟦message⟧), leaves no word of
the tool's own outside a mark. What may stay English is taken out first: the plan's and the
articles' text, the BCH's wording, profile values, file names, ids, codes and options, the
validator's problems (tests/leakrun.py lists them; tests/langkit.py `unmarked_words` is the check).

One process per language runs every command (tests/leakrun.py), so the whole test costs five
interpreter starts and five servers, not hundreds of subprocesses; the run's workers share each
language's outputs (made once, under a lock)."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from tests.clirun import ROOT
from tests.i18nkit import OPEN, bracketed_with_codes, marked_locale
from tests.langkit import unmarked_words
from tests.leakrun import IMPORTED, SERVED, make_inputs, runs

LANGS = ("ar", "es", "fr", "ru", "zh")
COMMANDS = ("check", "explain", "indicators", "diff", "init", "export", "import", "serve")
MACHINE_VALUES = ("Africa", "Asia-Pacific", "Central and Eastern Europe", "Latin America and the Caribbean", "Western Europe and others", "no region declared")
"""Region values: codes in JSON and CSV (like the profile's), named in the reader's language elsewhere."""


def expected_outputs(lang: str, folder: Path) -> list[str]:
    return [f"{name}.{syntax}" for name, syntax, _ in runs(make_inputs(folder / "names"), lang)] + list(IMPORTED) + list(SERVED)


@pytest.fixture(scope="session")
def leak_runs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Every output of every command in a language, made with marked catalogs, once per language and
    run: the run's workers share the folder (pytest-xdist's recipe for session data), and a lock
    makes the others wait for the one that makes a language's outputs."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own

    def outputs(lang: str) -> Path:
        folder = shared / f"english-leaks-{lang}"
        with (shared / f"english-leaks-{lang}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (folder / "out" / "data.json").exists():
                locale = marked_locale(folder / "locale", lang, mark=bracketed_with_codes)
                result = subprocess.run(
                    [sys.executable, "-m", "tests.leakrun", lang, str(folder / "out")],
                    cwd=ROOT, capture_output=True, text=True, timeout=600,
                    env={**os.environ, "CARTAGENA_LOCALE_DIR": str(locale), "CARTAGENA_LANG": ""},
                )
                assert result.returncode == 0, result.stderr[-3000:]
        return folder / "out"

    return outputs


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_word_of_the_tools_own_is_left_in_english(leak_runs: Callable[[str], Path], lang: str, command: str) -> None:
    folder = leak_runs(lang)
    data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
    names = [name for name in expected_outputs(lang, folder.parent) if name.startswith(command + "-")]
    assert names
    leaks: dict[str, list[str]] = {}
    for name in names:
        path = folder / name
        assert path.exists(), f"{name} was not written"
        text = path.read_text(encoding="utf-8")
        assert OPEN in text, f"{name} shows no translated word: the marked catalog was not read"
        syntax = path.suffix[1:]
        left = unmarked_words(text, [*data, *(MACHINE_VALUES if syntax in ("json", "ndjson", "csv") else ())], syntax)
        if left:
            leaks[name] = left[:20]
    assert leaks == {}


def test_the_check_finds_english_where_the_code_writes_it(tmp_path: Path) -> None:
    """The check is not blind: a word the code writes without gettext is found, in each syntax, and
    the plan's, the BCH's and the profile's words are not."""
    data = ["Parties have in place functional national biosafety frameworks", "Federation of Sampleland"]
    text = "⟦Goal A.1: Parties have in place functional national biosafety frameworks⟧ (question 7)"
    assert [word.split()[0] for word in unmarked_words(text, data)] == ["question"]
    page = '<p lang="en">Parties have in place functional national biosafety frameworks</p><p title="Open">⟦x⟧</p>'
    assert [word.split()[0] for word in unmarked_words(page, data, "html")] == ["Open"]
    assert [word.split()[0] for word in unmarked_words('{"label": "question 7", "code": "not_declared"}', data, "json")] == ["question"]
    assert unmarked_words("- **⟦Goal⟧**: `A.1` \\(Federation of Sampleland\\) --fail-on none", data, "markdown") == []
