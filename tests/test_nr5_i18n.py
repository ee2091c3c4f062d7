"""The NR5 form's wording in the six languages (rules/catalog/nr5/i18n, the BCH's own files): the
join gives the project's English tree exactly, every question and answer the profile models has its
text in every language or a marked English fallback, and a stale translation is caught."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from engine.catalog import nr5_i18n
from engine.catalog.nr5 import plain
from tests.clirun import ROOT
from tests.referencekit import recorded_sha256, reference_file, sha256

CATALOG = ROOT / "rules" / "catalog"
I18N = CATALOG / "nr5" / "i18n"


def modelled_keys() -> list[str]:
    """Every BCH key an `x-nr5` of the profile models names (through the generated schema)."""
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(node.get("x-nr5", ()))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(json.loads((ROOT / "profiles" / "schema" / "profile.schema.json").read_text(encoding="utf-8")))
    return sorted(keys)


def test_joining_with_english_gives_the_projects_question_tree_exactly() -> None:
    english = json.loads((CATALOG / "nr5" / "questions.json").read_text(encoding="utf-8"))
    assert nr5_i18n.question_tree("en") == english


NR5_SUMS = recorded_sha256(reference_file("national-report-5", "SHA256SUMS"))


@pytest.mark.parametrize("name", sorted(NR5_SUMS))
def test_the_package_data_is_the_bchs_text_unchanged(name: str) -> None:
    """The package's copy of the BCH's question tree, map and wording has the digests recorded when
    it was taken from scbd/absch.cbd.int (tests/reference/README.md)."""
    assert sha256(CATALOG / "nr5" / name) == NR5_SUMS[name]


def test_every_nr5_file_of_the_package_is_recorded() -> None:
    package = {str(path.relative_to(CATALOG / "nr5")) for path in (CATALOG / "nr5").rglob("*") if path.is_file()}
    assert package == set(NR5_SUMS)


def test_the_copy_keeps_the_mit_notice() -> None:
    source = (I18N / "SOURCE.md").read_text(encoding="utf-8")
    assert "License: MIT, Copyright (c) 2013 Secretariat of the Convention on Biological Diversity" in source


@pytest.mark.parametrize("lang", nr5_i18n.LANGUAGES)
def test_every_modelled_question_and_answer_has_its_text_in_each_language(lang: str) -> None:
    english = nr5_i18n.questions("en")
    there = nr5_i18n.questions(lang)
    strings = json.loads((I18N / f"{lang}.json").read_text(encoding="utf-8"))
    keys = modelled_keys()
    assert len(keys) > 20
    for key in keys:
        question, source = there[key], english[key]
        assert question.title, key
        assert [o.value for o in question.options] == [o.value for o in source.options], key
        if question.title_fallback:
            assert question.title == source.title
        elif lang != "en":
            # the BCH's own text for that key, not the English one (a few are the same word in both)
            assert question.title in {plain(v) for v in strings.values() if isinstance(v, str)}, key
        for option, english_option in zip(question.options, source.options):
            assert option.title, (key, option.value)
            if option.fallback:
                assert option.title == english_option.title
    # the shipped files lack no text the tree uses: nothing falls back today
    assert not any(q.title_fallback or any(o.fallback for o in q.options) for q in there.values())


def test_question_7_in_french_is_the_bchs_wording() -> None:
    question = nr5_i18n.questions("fr")["Q007"]
    assert question.title == "Votre pays a-t-il adopté les mesures nationales nécessaires à l’application du Protocole?"
    assert question.options[0].title == "Les mesures nationales sont pleinement en place"


def test_the_bchs_markup_and_leading_numbers_are_stripped() -> None:
    arabic = nr5_i18n.questions("ar")["Q062"]
    assert not arabic.title.startswith("62")
    assert "\t" not in arabic.title
    for lang in nr5_i18n.LANGUAGES:
        for question in nr5_i18n.questions(lang).values():
            for text in (question.title, question.section_title, *(o.title for o in question.options)):
                assert "<" not in text and ">" not in text, (lang, question.key, text)


def tampered_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog" / "nr5" / "i18n"
    shutil.copytree(I18N, folder)
    return folder


def test_a_key_missing_in_a_language_falls_back_to_english_and_is_marked(tmp_path: Path) -> None:
    folder = tampered_copy(tmp_path)
    french = json.loads((folder / "fr.json").read_text(encoding="utf-8"))
    del french["article2_question7_title"], french["article2_question7_options1_title"]
    (folder / "fr.json").write_text(json.dumps(french, ensure_ascii=False), encoding="utf-8")
    question = nr5_i18n.questions("fr", tmp_path / "catalog")["Q007"]
    assert question.title == "Has your country introduced the necessary national measures for the implementation of the Protocol?"
    assert question.title_fallback
    assert [o.fallback for o in question.options] == [False, True, False, False, False]
    assert question.options[1].title == "National measures are partially in place"
    assert question.options[0].title == "Les mesures nationales sont pleinement en place"


def test_no_translation_is_outdated() -> None:
    assert nr5_i18n.outdated() == []


def test_the_outdated_check_catches_a_changed_english_text(tmp_path: Path) -> None:
    folder = tampered_copy(tmp_path)
    english = json.loads((folder / "en.json").read_text(encoding="utf-8"))
    english["article2_question7_title"] += " (amended)"
    (folder / "en.json").write_text(json.dumps(english, ensure_ascii=False), encoding="utf-8")
    found = nr5_i18n.outdated(folder)
    assert sorted((o.lang, o.key) for o in found) == [(lang, "article2_question7_title") for lang in ("ar", "es", "fr", "ru", "zh")]
    assert "today's is" in found[0].reason


def test_the_outdated_check_catches_a_translation_without_its_md5(tmp_path: Path) -> None:
    folder = tampered_copy(tmp_path)
    spanish = json.loads((folder / "es.json").read_text(encoding="utf-8"))
    del spanish["#meta"]["hashes"]["yes"]
    (folder / "es.json").write_text(json.dumps(spanish, ensure_ascii=False), encoding="utf-8")
    assert [(o.lang, o.key) for o in nr5_i18n.outdated(folder)] == [("es", "yes")]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="ar, en, es, fr, ru, zh"):
        nr5_i18n.questions("de")
