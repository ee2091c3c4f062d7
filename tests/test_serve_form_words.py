"""What a focal point reads in the self-check form, in each of the six languages (issue 26): no
developers' note, file path, storage code or NR5 key in a label or an answer, no label cut inside a
bracket, the answers of questions 160 and 161 in the page's language (the wording split on each
script's separator), a legend for every group of choices and a label for every field."""

from __future__ import annotations

import html
import re
from typing import Iterator

import pytest

from engine.catalog.nr5_i18n import LANGUAGES
from tests.servekit import Running, serving

LEAKS = ("nr5_codes", "engine/", ".py", "74B17D51", "6BAF09B7", "Q159_adq", "NR5 Q", "`")


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    yield from serving()


def visible_text(page: str) -> str:
    text = re.sub(r"<(style|script|template)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_developer_words_and_no_bracket_left_open(server: Running, lang: str) -> None:
    page = server.request("GET", f"/?lang={lang}")[2].decode()
    text = visible_text(page)
    assert [leak for leak in LEAKS if leak in text] == []
    for label in re.findall(r"<label for=\"[^\"]+\">([^<]*)|<legend>([^<]*)|<span class=\"lead\">([^<]*)", page):
        words = html.unescape("".join(label))
        for opening, closing in (("(", ")"), ("（", "）")):
            assert words.count(opening) == words.count(closing), (lang, words)
    # every choice inside its label, every text field named by a label
    assert not re.search(r"<input type=\"(?:text|date)\" id=\"([^\"]+)\"", page) or all(
        f'<label for="{ident}">' in page for ident in re.findall(r"<input type=\"(?:text|date)\" id=\"([^\"]+)\"", page))
    assert page.count("<fieldset") >= page.count('class="choices"')


@pytest.mark.parametrize("lang", ["zh", "ar", "ru"])
def test_the_answers_of_questions_160_and_161_are_in_the_page_s_language(server: Running, lang: str) -> None:
    page = server.request("GET", f"/?lang={lang}")[2].decode()
    for pointer in ("/liability_and_redress/measures/answer", "/liability_and_redress/instruments/answer"):
        labels = re.findall(rf'name="{re.escape(pointer)}" value="[^"]+" data-kind="[a-z]+"(?: checked)?> <span>(.*?)</span></label>', page)
        assert len(labels) >= 4, (lang, pointer)
        for label in labels:
            words = html.unescape(re.sub(r"<[^>]+>", "", label))
            assert not re.search(r"[A-Za-z]{3,}", words) and "..." not in words, (lang, pointer, words)
