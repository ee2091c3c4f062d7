"""The HTML audit report and the indicators page for the people who read them (issue 26), in
Debian's headless Chromium with axe-core: no critical or serious violation in each of the six
languages, and on a 390 px phone no sideways scrolling of the page and a chart whose labels and
figures stay on the screen (in Arabic too, figures in order). In CI (CI=true) a missing Chromium or
axe-core fails the tests instead of skipping them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.catalog.nr5_i18n import LANGUAGES
from tests.axekit import described, violations
from tests.clirun import ROOT, cartagena

pytestmark = pytest.mark.xdist_group("chromium")

SAMPLE = "profiles/sampleland-no-competent-national-authority.json"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The report of the sample and the indicators page of the example profiles, in each language."""
    folder = tmp_path_factory.mktemp("pages")
    made = {}
    for lang in LANGUAGES:
        report = folder / f"report-{lang}.html"
        result = cartagena("check", SAMPLE, "--format", "html", "--lang", lang, "-o", str(report), "--engine", "python",
                           env={"SOURCE_DATE_EPOCH": "1780000000"})
        assert result.returncode == 1, result.stderr
        indicators = folder / f"indicators-{lang}.html"
        result = cartagena("indicators", str(ROOT / "profiles"), "--format", "html", "--by", "region", "--lang", lang,
                           "-o", str(indicators), "--engine", "python")
        assert result.returncode == 0, result.stderr
        made[("report", lang)], made[("indicators", lang)] = report, indicators
    return made


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["report", "indicators"])
def test_the_page_passes_axe_and_fits_a_phone(browser: Any, pages: dict[tuple[str, str], Path], kind: str, lang: str) -> None:
    page = pages[(kind, lang)]
    browser.get(page.as_uri())
    found = violations(browser)
    assert found == [], f"{kind} in {lang}:\n{described(found)}"
    landmarks = browser.execute_script("return [!!document.querySelector('main'), !!document.querySelector('header'),"
                                       " !!document.querySelector('meta[name=viewport]')]")
    assert landmarks == [True, True, True]
    browser.set_window_size(390, 844)
    wide = browser.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert wide[0] <= wide[1], f"{kind} in {lang}: {wide[0]} px wide on a {wide[1]} px phone"
    # every bar's label and figures on the screen, and readable (at least 11 px)
    rows = browser.execute_script(
        "return [...document.querySelectorAll('.bar-row')].map(r => [...r.children].filter(c => !c.getAttribute('aria-hidden'))"
        ".map(c => { var b = c.getBoundingClientRect(); return [b.left, b.right, parseFloat(getComputedStyle(c).fontSize)]; }))")
    assert rows
    for row in rows:
        for left, right, size in row:
            assert left >= -1 and right <= wide[1] + 1 and size >= 11, (kind, lang, row)


def test_the_indicators_page_s_figures_keep_their_order_in_arabic(browser: Any, pages: dict[tuple[str, str], Path]) -> None:
    """"6/6؛ not declared 1" never reads "6/61": each figure is isolated, so the numbers drawn left of
    the Arabic words are the numerator and denominator, in order, and the count stands apart."""
    browser.get(pages[("indicators", "ar")].as_uri())
    figures = browser.execute_script(
        "return [...document.querySelectorAll('.bar-figures')].slice(0, 3).map(f => [...f.querySelectorAll('bdi')].map(b => b.textContent))")
    assert figures and all(len(row) == 4 for row in figures), figures
    text = browser.execute_script("return document.querySelector('.bar-figures').innerText")
    numerator, denominator = figures[0][1], figures[0][2]
    assert f"{numerator}/{denominator}" in text and f"{denominator}{figures[0][3]}" not in text.replace(" ", "")


def test_a_lone_region_row_does_not_repeat_the_total(pages: dict[tuple[str, str], Path]) -> None:
    """The example profiles declare no region: the page has no region row under each indicator
    (it would only repeat the total), though `--by region` was asked."""
    page = pages[("indicators", "en")].read_text(encoding="utf-8")
    assert 'class="region"' not in page and "no region declared" not in page
