"""The answers for sign-off (`/download/answers`, engine/serve/answers.py) and the escaping of a
printed page's running header (`escaping.css_string`): every answer in words, what is not answered
said so, the Party's own text inert in HTML and in CSS."""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

import pytest

from engine.reporters.escaping import css_string
from tests.clirun import ROOT
from tests.servekit import Running, serving

JSON = {"Content-Type": "application/json"}
SAMPLE = json.loads((ROOT / "profiles" / "sampleland-no-competent-national-authority.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    yield from serving()


@pytest.mark.parametrize("text", ['a "quoted" name', "back\\slash", "line\nbreak", "</style><script>x</script>", "Ω ω 中文"])
def test_css_string_cannot_end_its_string_or_its_element(text: str) -> None:
    said = css_string(text)
    assert said.startswith('"') and said.endswith('"')
    inner = said[1:-1]
    assert not re.search(r'["\n<>/]', inner) and "\\\\" not in inner.replace("\\5c ", "")
    # a CSS reader gets the text back: each escape is a code point in hex and one space
    assert re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), inner) == " ".join(text.splitlines())


def test_css_string_isolates_latin_runs_in_arabic_and_keeps_a_profile_s_bidi_controls_inert() -> None:
    """The printed report's running header in Arabic: the Party's name, code and date isolated by
    real FSI/PDI (a CSS escape the CSS reader decodes), as in the page's text; an override from the
    profile stays the visible `\\u202e` it is everywhere else."""
    read = lambda said: re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), said[1:-1])  # noqa: E731
    header = "فحص الامتثال Federation of Sampleland (XSA)"
    assert read(css_string(header, "ar")) == "فحص الامتثال \u2068Federation of Sampleland (XSA)\u2069"
    assert read(css_string(header, "fr")) == read(css_string(header)) == header
    assert read(css_string("Party \u202e", "ar")) == "\u2068Party \\u202e\u2069"


def download_answers(server: Running, profile: Any, lang: str = "en") -> str:
    status, headers, body = server.request("POST", f"/download/answers?lang={lang}", json.dumps(profile).encode(), JSON)
    assert status == 200, body
    assert headers["content-disposition"] == f'attachment; filename="{profile["party"]["code"].lower()}-answers.html"'
    return body.decode("utf-8")


def test_every_answer_is_in_words_and_what_is_not_answered_says_so(server: Running) -> None:
    page = download_answers(server, SAMPLE)
    assert page.count("<h2 id=\"g-") == 1 + 14 + 1  # the Party, each goal, the sign-off
    assert "National measures are fully in place" in page and "implementation.fullInPlace" not in page
    assert 'value="' not in page and "<input" not in page  # words, not a form
    assert "Prepared by" in page and "Approved by" in page and "Signature" in page
    bare = {"party": SAMPLE["party"]}
    assert download_answers(server, bare).count('<span class="none">Not answered</span>') > 100


def test_the_party_s_text_is_inert_in_the_page_and_in_its_running_header(server: Running) -> None:
    profile = json.loads(json.dumps(SAMPLE))
    profile["party"]["name"] = 'Evil</style><script>alert(1)</script> "quoted" \u202e'
    page = download_answers(server, profile, "ar")
    assert "<script>" not in page and "</style><script>" not in page
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style and "Evil" in style.group(1) and "<" not in style.group(1).split("@top-center", 1)[1]
    assert '<html lang="ar" dir="rtl">' in page and "\u202e" not in page
