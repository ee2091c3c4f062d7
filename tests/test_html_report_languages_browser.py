"""The HTML report in French, Arabic and Chinese in Debian's headless Chromium (as in
test_html_report_browser.py): the page declares its language and direction, the BCH's wording of
NR5 question 7 stands where the English one did, Arabic is laid out right to left with ids still
left to right, and the text is drawn with real Arabic and CJK fonts (no missing glyphs).

Screenshots of the not-declared section are taken in the test's temporary folder; with
CARTAGENA_UPDATE_SCREENSHOT=1 the French and Arabic ones are copied to docs/ (html-report-fr.png,
html-report-ar.png), README's screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.catalog import nr5_i18n
from tests.clirun import cartagena
from tests.browserkit import keep_screenshot
from tests.test_html_report_browser import load

pytestmark = pytest.mark.xdist_group("chromium")

PROFILE = "profiles/demoland-almost-nothing-declared.json"
PARTY = "party-1-XDE"
ROW = f"//section[@id='{PARTY}-not_declared']//tr[th/code[text()='A.1/national-measures']]/td[3]"
# the fonts that hold each script's glyphs on Debian (fonts-noto-core, fonts-noto-cjk)
SCRIPT_FONTS = {"ar": ("Noto Sans Arabic", "Noto Naskh Arabic", "Noto Kufi Arabic"), "zh": ("Noto Sans CJK", "Noto Serif CJK")}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html-lang")
    out = {}
    for lang in ("en", "fr", "ar", "zh"):
        path = folder / f"report-{lang}.html"
        result = cartagena("check", PROFILE, "--format", "html", "--lang", lang, "-o", str(path), "--engine", "python",
                           env={"SOURCE_DATE_EPOCH": "1780000000"})
        assert result.returncode == 0, result.stderr
        out[lang] = path
    return out


def _fonts_drawing(browser: Any, xpath: str) -> list[str]:
    """The platform fonts Chromium used to draw the text of the element at `xpath`, most glyphs first."""
    browser.execute_cdp_cmd("DOM.enable", {})
    browser.execute_cdp_cmd("CSS.enable", {})
    document = browser.execute_cdp_cmd("DOM.getDocument", {"depth": -1})
    found = browser.execute_cdp_cmd("DOM.performSearch", {"query": xpath})
    (node_id,) = browser.execute_cdp_cmd("DOM.getSearchResults", {"searchId": found["searchId"], "fromIndex": 0, "toIndex": 1})["nodeIds"]
    assert document["root"]["nodeId"]
    fonts = browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]
    return [font["familyName"] for font in sorted(fonts, key=lambda f: -f["glyphCount"])]


@pytest.mark.parametrize("lang", ["fr", "ar", "zh"])
def test_the_report_in_a_language_declares_it_and_shows_the_bchs_wording(browser: Any, reports: dict[str, Path], lang: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    urls, console = load(browser, reports["en"])
    assert urls == [reports["en"].as_uri()] and console == []
    english_row = browser.find_element(By.XPATH, ROW).text
    assert nr5_i18n.questions("en")["Q007"].title in english_row
    english_layout = browser.execute_script(
        "const r = document.querySelector('table.meta tr'); return [r.cells[0].getBoundingClientRect().x, r.cells[1].getBoundingClientRect().x]")

    urls, console = load(browser, reports[lang])
    assert urls == [reports[lang].as_uri()] and console == []
    root = browser.find_element(By.TAG_NAME, "html")
    assert root.get_attribute("lang") == lang
    assert browser.execute_script("return getComputedStyle(document.body).direction") == ("rtl" if lang == "ar" else "ltr")
    row = browser.find_element(By.XPATH, ROW).text
    question = nr5_i18n.questions(lang)["Q007"]
    assert question.title in row and nr5_i18n.questions("en")["Q007"].title not in row
    assert "implementation.fullInPlace" in row  # the code a profile holds, unchanged
    # the plan's goal text is marked as English; ids and codes read left to right in every direction
    assert browser.find_elements(By.CSS_SELECTOR, f'#{PARTY}-toc span[lang="en"]')
    assert browser.execute_script("return getComputedStyle(document.querySelector('code')).direction") == "ltr"
    layout = browser.execute_script(
        "const r = document.querySelector('table.meta tr'); return [r.cells[0].getBoundingClientRect().x, r.cells[1].getBoundingClientRect().x]")
    if lang == "ar":  # mirrored: the row's heading cell on the right of its value
        assert layout[0] > layout[1] and english_layout[0] < english_layout[1]
    else:
        assert layout[0] < layout[1]
    if lang in SCRIPT_FONTS:
        # the question's wording: the first <bdi> of the BCH's text (not an isolated Latin run, dir="ltr")
        fonts = _fonts_drawing(browser, f"{ROW}/span[@class='nr5']/bdi[not(@dir)][1]/text()")
        assert fonts[0].startswith(SCRIPT_FONTS[lang]), fonts

    browser.execute_script(f"document.getElementById('{PARTY}-not_declared').scrollIntoView()")
    shot = tmp_path / f"report-{lang}.png"
    assert browser.get_screenshot_as_file(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if lang in ("fr", "ar"):
        keep_screenshot(shot, f"html-report-{lang}.png")
