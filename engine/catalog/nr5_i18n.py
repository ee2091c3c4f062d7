"""The fifth national report's own wording in the six UN languages, as the BCH ships it.

`rules/catalog/nr5/i18n/` holds the BCH's language files (`en.json` the source, `ar`, `es`, `fr`,
`ru`, `zh`) and `questions-text-keys.json`, the question tree with every text replaced by its key
(see that folder's SOURCE.md). Joining the two gives the form in one language; a key a language
lacks falls back to English and is marked `<field>_fallback: true`, so a reader is told. Nothing
here is machine-translated: every text is the BCH's own.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import paths
from .nr5 import Nr5Question, flatten

LANGUAGES: tuple[str, ...] = ("ar", "en", "es", "fr", "ru", "zh")
"""The six UN languages the BCH shows the form in, which `--lang` accepts."""

LANGUAGE_NAMES: dict[str, str] = {
    "ar": "العربية", "en": "English", "es": "Español", "fr": "Français", "ru": "Русский", "zh": "中文",
}

RTL_LANGUAGES: frozenset[str] = frozenset({"ar"})

_TEXT_FIELDS = ("title", "description", "footnote", "caption")


def i18n_dir(catalog_dir: Path | None = None) -> Path:
    return Path(catalog_dir or paths.CATALOG_DIR) / "nr5" / "i18n"


def _read(directory: Path, name: str) -> Any:
    return json.loads((directory / name).read_text(encoding="utf-8"))


def join(keys_tree: Any, strings: dict[str, Any], english: dict[str, Any]) -> Any:
    """The question tree with every `<field>_key` replaced by that text in `strings`.

    A list of keys is joined with "<br>", as the BCH does. A key missing from `strings` takes the
    English text and adds `<field>_fallback: true` beside it.
    """
    if isinstance(keys_tree, list):
        return [join(item, strings, english) for item in keys_tree]
    if not isinstance(keys_tree, dict):
        return keys_tree
    out: dict[str, Any] = {}
    for name, value in keys_tree.items():
        field = name.removesuffix("_key")
        if name.endswith("_key") and field in _TEXT_FIELDS:
            keys = value if isinstance(value, list) else [value]
            missing = [k for k in keys if not isinstance(strings.get(k), str)]
            out[field] = "<br>".join(strings[k] if k not in missing else english[k] for k in keys)
            if missing:
                out[f"{field}_fallback"] = True
        else:
            out[name] = join(value, strings, english)
    return out


@functools.cache
def _tree(lang: str, directory: Path) -> list[dict[str, Any]]:
    english = _read(directory, "en.json")
    strings = english if lang == "en" else _read(directory, f"{lang}.json")
    return join(_read(directory, "questions-text-keys.json"), strings, english)


def question_tree(lang: str, catalog_dir: Path | None = None) -> list[dict[str, Any]]:
    """The BCH question tree (as `nr5/questions.json` has it) in `lang`, with the BCH's markup kept."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return _tree(lang, i18n_dir(catalog_dir))


@functools.cache
def _questions(lang: str, directory: Path) -> dict[str, Nr5Question]:
    return flatten(_tree(lang, directory))


def questions(lang: str, catalog_dir: Path | None = None) -> dict[str, Nr5Question]:
    """Every NR5 question by BCH key in `lang`, its markup stripped (see `nr5.plain`)."""
    question_tree(lang, catalog_dir)  # validates lang
    return _questions(lang, i18n_dir(catalog_dir))


@dataclass(frozen=True)
class Outdated:
    lang: str
    key: str
    reason: str


def outdated(directory: Path | None = None) -> list[Outdated]:
    """Translations made from an English text that has changed since: their `#meta` md5 no longer
    matches the md5 of today's English text (or the translation has no md5 at all)."""
    directory = directory or i18n_dir()
    english = _read(directory, "en.json")
    found: list[Outdated] = []
    for lang in LANGUAGES:
        if lang == "en":
            continue
        strings = _read(directory, f"{lang}.json")
        hashes = strings.get("#meta", {}).get("hashes", {})
        for key in strings:
            if key == "#meta" or key not in english:
                continue
            now = hashlib.md5(english[key].encode("utf-8")).hexdigest()
            if key not in hashes:
                found.append(Outdated(lang, key, "no md5 of the English text it was made from"))
            elif hashes[key] != now:
                found.append(Outdated(lang, key, f"made from English text with md5 {hashes[key]}, today's is {now}"))
    return found
