"""The glossary (engine/locale/glossary.yaml): every catalog renders each defined term of the
Protocol and the plan as the glossary says, never with a wrong rendering, and never uses a defined
term's rendering for something else; the renderings it takes from the BCH's NR5 form are there.
Typography the catalogs write: French no-break spaces, Chinese full-width punctuation."""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from babel.messages.pofile import read_po

from engine.catalog.nr5 import plain
from engine.catalog.nr5_i18n import i18n_dir
from engine.i18n import DOMAINS
from tests.clirun import ROOT

LOCALE_DIR = ROOT / "engine" / "locale"  # the catalogs of the source tree, whatever CARTAGENA_LOCALE_DIR says
GLOSSARY = LOCALE_DIR / "glossary.yaml"
LANGS = ("ar", "es", "fr", "ru", "zh")


@dataclass(frozen=True)
class Entry:
    """One translated message: its English (singular or plural) and one of its translated forms."""

    domain: str
    english: str
    translation: str


@functools.cache
def _glossary() -> dict[str, Any]:
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))


def glossary() -> list[dict[str, Any]]:
    return copy.deepcopy(_glossary()["terms"])


def not_terms() -> set[str]:
    """The messages whose English uses a term's word in another sense (glossary.yaml `not_terms`)."""
    return {entry["msgid"] for entry in _glossary().get("not_terms", ())}


def entries(lang: str, folder: Path = LOCALE_DIR) -> Iterator[Entry]:
    for domain in DOMAINS:
        with (folder / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for index, string in enumerate(strings):
                if string:
                    yield Entry(domain, ids[min(index, len(ids) - 1)] if index == 0 else ids[-1], string)


_NOT_WORDS = re.compile(
    r"`[^`]*`|--[a-z][a-z-]*(?: [a-z_]+)?|https?://\S+|[\w.-]+\.(?:md|json|ya?ml)\b"
    r"|\b[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)+: \S+"  # an HTTP header as it is sent ("Content-Type: application/json")
)
"""Code spans, command-line options, addresses, file names and HTTP headers: no term of a language is in them."""
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670]")
"""Arabic short vowels and shadda: optional in writing (المحوَّرة = المحورة), so left out of every comparison."""


def words(text: str) -> str:
    # a placeholder stands for a value: "0", so the punctuation around it still reads as it is written
    return _PLACEHOLDER.sub("0", _NOT_WORDS.sub(" ", _ARABIC_MARKS.sub("", text)))


def problems(term: dict[str, Any], lang: str, messages: list[Entry]) -> list[str]:
    """What the catalog of `lang` does against `term`: a message with the term rendered otherwise,
    a wrong rendering, the term's reserved rendering for something else."""
    rendering = term[lang]
    english = re.compile(term["en"])
    english_not = re.compile(term["en_not"]) if term.get("en_not") else None
    use = re.compile(_ARABIC_MARKS.sub("", rendering["use"]))
    avoid = re.compile(rendering["avoid"]) if rendering.get("avoid") else None
    reserved = lang in term.get("reserved", ())
    except_ = re.compile(rendering["reserved_except"]) if rendering.get("reserved_except") else None
    skipped = not_terms()
    found = []
    for message in messages:
        source, translation = words(message.english), words(message.translation)
        has_term = english.search(source) is not None and message.english not in skipped
        if english_not and english_not.search(message.english):
            has_term = False
        if has_term and not use.search(translation):
            found.append(f"{term['id']}: not «{rendering['shown']}»: {message.english!r} -> {message.translation!r}")
        if has_term and avoid and avoid.search(translation):
            found.append(f"{term['id']}: wrong rendering {avoid.pattern!r}: {message.english!r} -> {message.translation!r}")
        if reserved and not has_term and use.search(except_.sub(" ", translation) if except_ else translation) and not english.search(source):
            found.append(f"{term['id']}: «{rendering['shown']}» for something else: {message.english!r} -> {message.translation!r}")
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalog_renders_the_glossary_s_terms_as_the_glossary_says(lang: str) -> None:
    messages = list(entries(lang))
    assert len(messages) > 1000
    found = [problem for term in glossary() for problem in problems(term, lang, messages)]
    assert found == []


def test_every_term_has_a_rendering_and_a_source_in_every_language() -> None:
    terms = glossary()
    assert {"party", "obligation", "commitment", "option", "goal", "objective", "indicator", "national-focal-point",
            "competent-national-authority", "living-modified-organism", "biosafety-clearing-house", "supplementary-protocol",
            "waiver", "gap", "met", "not-declared", "not-applicable", "capacity-building"} <= {term["id"] for term in terms}
    for term in terms:
        re.compile(term["en"])
        assert term.get("meaning"), term["id"]
        for lang in LANGS:
            rendering = term[lang]
            re.compile(rendering["use"])
            assert rendering["shown"] and re.search(rendering["use"], str(rendering["shown"])), (term["id"], lang)
            source = rendering["source"]
            assert set(source) <= {"bch", "bch_site", "protocol", "project"} and source, (term["id"], lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_rendering_taken_from_the_bch_is_in_the_bch_s_own_text(lang: str) -> None:
    form = json.loads((i18n_dir() / f"{lang}.json").read_text(encoding="utf-8"))
    for term in glossary():
        key = term[lang]["source"].get("bch")
        if key:
            assert re.search(term[lang]["use"], plain(form[key])), (term["id"], lang, key, plain(form[key]))


def test_the_glossary_test_fails_on_a_wrong_rendering_and_on_a_term_used_for_something_else() -> None:
    terms = {term["id"]: term for term in glossary()}
    wrong = [
        Entry("cartagena", "obligation under the Cartagena Protocol", "обязанность по Картахенскому протоколу"),
        Entry("cartagena", "commitment under the plan", "обязательство по плану"),
    ]
    found = problems(terms["obligation"], "ru", wrong)
    assert any("not «обязательство" in problem for problem in found)  # the obligation rendered otherwise
    assert any("wrong rendering" in problem for problem in found)  # «обязанность»
    assert any("for something else" in problem for problem in found)  # «обязательство» for a commitment
    concerned = [Entry("cartagena-rules", "the national authorities concerned are informed", "已通知有关国家主管部门")]
    assert problems(terms["competent-national-authority"], "zh", concerned)
    swapped = [Entry("cartagena", "Goal {id}", "الهدف {id}"), Entry("cartagena", "Objective {id}", "الغاية {id}")]
    assert len(problems(terms["goal"], "ar", swapped)) == 2 and len(problems(terms["objective"], "ar", swapped)) == 2
    right = [Entry("cartagena", "obligation under the Cartagena Protocol", "обязательство по Картахенскому протоколу")]
    assert problems(terms["obligation"], "ru", right) == []


# --- typography the catalogs write ------------------------------------------------------------------

# a French high mark (; : ! ?) after a letter or an ordinary space: the no-break space is missing
_NO_BREAK = re.compile(r"(?<=[^\s\u00a0\u202f{(«\[`'\"/])[;:!?](?=\s|$)|[ \t][;:!?](?=\s|$)")
_ASCII_IN_CHINESE = re.compile(r"(?<=[\u3400-\u9fff\uff08\uff09\u3001\u3002])[,;:!?](?!\d)|[,;:!?](?=[\u3400-\u9fff])|\((?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\)")


def test_french_puts_a_no_break_space_before_the_high_punctuation() -> None:
    bad = [f"{entry.english!r} -> {entry.translation!r}" for entry in entries("fr") if _NO_BREAK.search(words(entry.translation))]
    assert bad == []


def test_chinese_punctuation_is_full_width() -> None:
    bad = [f"{entry.english!r} -> {entry.translation!r}" for entry in entries("zh") if _ASCII_IN_CHINESE.search(words(entry.translation))]
    assert bad == []


def test_the_glossary_test_fails_on_a_catalog_with_a_deliberately_wrong_entry(tmp_path: Path) -> None:
    """A real catalog copied and one entry made wrong as it was before this glossary (Russian
    obligation «обязанность», the plan's commitment «обязательство»): the check over the whole
    catalog finds both, and nothing else."""
    from babel.messages.pofile import write_po

    for domain in DOMAINS:
        with (LOCALE_DIR / "ru" / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
            catalog = read_po(handle, locale="ru")
        if domain == "cartagena":
            catalog["obligation under the Cartagena Protocol"].string = "обязанность по Картахенскому протоколу"
            catalog["commitment under the plan"].string = "обязательство по плану"
        folder = tmp_path / "ru" / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"{domain}.po").open("wb") as handle:
            write_po(handle, catalog)
    messages = list(entries("ru", tmp_path))
    found = [problem for term in glossary() for problem in problems(term, "ru", messages)]
    assert len(found) == 4, found  # obligation: not rendered, wrong rendering; «обязательство» for a commitment; commitment: not rendered
    assert all("Картахенскому протоколу" in problem or "по плану" in problem for problem in found)
