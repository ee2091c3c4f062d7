"""What the language tests of `indicators` and `diff` share, beside tests/i18nkit.py: marked catalogs
(one whose plural forms differ by index, so a test can prove that a count chooses its form as the
language's rule says: Russian 1, 2-4, 5-20, 21..., not "1 or not 1"), the words an output has left
outside every marked translation, and the cells of a markdown table's rows."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.i18nkit import CLOSE, OPEN, marked_locale

_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")


def form(index: int, message: str) -> str:
    """What `plural_locale` gives for plural form `index` of `message` (the English plural, {n} filled)."""
    return f"{OPEN}{index}|{message}{CLOSE}"


def plural_locale(folder: Path, lang: str = "ru") -> Path:
    """A locale folder (for CARTAGENA_LOCALE_DIR): every message bracketed, plural form i as `form(i, plural)`."""
    return marked_locale(folder, lang, plural_mark=form)


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a run with marked catalogs for French and Arabic (import it into a test module)."""
    folder = tmp_path_factory.mktemp("locale")
    for lang in ("fr", "ar"):
        marked_locale(folder, lang)
    return {"CARTAGENA_LOCALE_DIR": str(folder)}


def unmarked_words(output: str, data: Iterable[str] = ()) -> list[str]:
    """The words of `output` outside every marked translation, once the `data` strings (the plan's
    text, file names, other modules' messages: as the output writes them) are taken out. An HTML
    page's style and tags are left out (its attributes' words are asserted on their own)."""
    text = re.sub(r"<style>.*?</style>", " ", output, flags=re.S)
    text = " ".join(text.split())
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(" ".join(item.split()), " ")
    text = re.sub(r"<[^>]+>", " ", text)
    while True:  # a translation holds others (its placeholders' values): take out the innermost first
        stripped = _MARKED.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    return sorted(set(re.findall(r"[A-Za-z]{2,}", html.unescape(text))))


def table_cells(markdown: str) -> set[int]:
    """How many cells the rows of the markdown's tables have (a "|" a translation brings must not add one)."""
    return {len(re.findall(r"(?<!\\)\|", row)) - 1 for row in re.findall(r"(?m)^\| .*\|$", markdown)}
