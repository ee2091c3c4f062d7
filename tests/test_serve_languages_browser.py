"""`cartagena serve`'s language switch in a real browser (Debian's headless Chromium, selenium): a
focal point answers questions in English (a choice, a free-text note, two items of a list), switches
to French, then Arabic, then Chinese, and finds every answer kept each time; the French page shows
the BCH's French wording of question 7 where the English was, the Arabic page is right to left. No
console errors, no request outside the server.

Screenshots of the form in French, Arabic and Chinese are taken in the test's temporary folder; with
CARTAGENA_UPDATE_SCREENSHOT=1 they are copied to docs/ (serve-fr.png, serve-ar.png, serve-zh.png,
shown in README)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from engine.catalog.nr5_i18n import questions
from tests.browserkit import keep_screenshot, requested_urls, wait_for
from tests.servekit import Running, serving
from tests.test_serve_browser import checked

pytestmark = pytest.mark.xdist_group("chromium")

MEASURES = "/national_biosafety_framework/national_measures"
AUTHORITIES = "/national_biosafety_framework/competent_national_authorities"
NOTE = f"{MEASURES}/evidence/0/note"
ANSWERS = {
    "/party/name": "République d'Examplia & «Co»",
    "/party/code": "XEA",
    "/party/as_of": "2026-06-30",
    NOTE: "Loi n° 7 de 2012,\nsection 12 <b>non</b>",
    f"{AUTHORITIES}/authorities/0/name": "Office of Biosafety",
    f"{AUTHORITIES}/authorities/1/name": "Ministry of Agriculture",
}
CHOICES = {f"{MEASURES}/answer": "implementation.fullInPlace", f"{AUTHORITIES}/answer": "true"}


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    yield from serving()


def field(browser: Any, pointer: str) -> Any:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, f'[name="{pointer}"]')


def type_into(browser: Any, pointer: str, text: str) -> None:
    """Sets a field as typing would end, with one change event (no half-typed code sent to check)."""
    browser.execute_script(
        "var el = document.querySelector('[name=\"' + arguments[0] + '\"]'); el.value = arguments[1];"
        "el.dispatchEvent(new Event('change', {bubbles: true}));", pointer, text)


def settle(browser: Any, before: int) -> None:
    wait_for(lambda: checked(browser) > before, "the findings")


def switch_to(browser: Any, lang: str) -> None:
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, f'nav.languages a[data-lang="{lang}"]').click()
    wait_for(lambda: browser.execute_script("return document.documentElement.lang") == lang and checked(browser) > 0,
             f"the page in {lang} filled with the answers")


def assert_answers_kept(browser: Any) -> None:
    for pointer, value in ANSWERS.items():
        assert field(browser, pointer).get_attribute("value") == value.strip(), pointer
    from selenium.webdriver.common.by import By

    for pointer, value in CHOICES.items():
        assert browser.find_element(By.CSS_SELECTOR, f'input[name="{pointer}"][value="{value}"]').is_selected(), pointer
    assert browser.find_element(By.ID, "page-A.1").is_displayed()  # the goal shown is kept too


def screenshot(browser: Any, folder: Path, lang: str) -> None:
    target = folder / f"serve-{lang}.png"
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.get_screenshot_as_file(str(target))
    keep_screenshot(target, target.name)


def test_switching_language_keeps_every_answer(browser: Any, server: Running, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(1400, 1300)
    browser.get(server.url)  # Chromium runs with --lang=en-GB: the English page
    assert browser.execute_script("return document.documentElement.lang") == "en"
    for pointer in ("/party/name", "/party/code"):
        browser.execute_script("document.querySelector('[name=\"' + arguments[0] + '\"]').value = arguments[1]", pointer, ANSWERS[pointer])
    before = checked(browser)
    type_into(browser, "/party/as_of", ANSWERS["/party/as_of"])
    settle(browser, before)

    browser.find_element(By.CSS_SELECTOR, 'nav.pages a[data-page="A.1"]').click()
    for pointer, value in CHOICES.items():
        before = checked(browser)
        browser.find_element(By.CSS_SELECTOR, f'input[name="{pointer}"][value="{value}"]').find_element(By.XPATH, "..").click()
        settle(browser, before)
    # a free-text field in the folded details, and two items of a list added with its button
    for section in ("f-national_biosafety_framework-national_measures", "f-national_biosafety_framework-competent_national_authorities"):
        browser.find_element(By.CSS_SELECTOR, f"#{section} details > summary").click()
    for pointer in (NOTE, f"{AUTHORITIES}/authorities/0/name", f"{AUTHORITIES}/authorities/1/name"):
        if not browser.find_elements(By.CSS_SELECTOR, f'[name="{pointer}"]'):  # the list's button adds the item
            browser.find_element(By.CSS_SELECTOR, f'button.add[data-list="{pointer.rsplit("/", 2)[0]}"]').click()
        before = checked(browser)
        type_into(browser, pointer, ANSWERS[pointer])
        settle(browser, before)
    english_q7 = questions("en")["Q007"].title
    heading = "#f-national_biosafety_framework-national_measures h3"
    assert english_q7 in browser.find_element(By.CSS_SELECTOR, heading).text

    switch_to(browser, "fr")
    assert_answers_kept(browser)
    french_q7 = browser.find_element(By.CSS_SELECTOR, heading).text
    assert questions("fr")["Q007"].title in french_q7 and english_q7 not in french_q7
    assert "CP-19.2" in browser.find_element(By.CSS_SELECTOR, '[data-findings="A.1"]').text  # the findings are back
    screenshot(browser, tmp_path, "fr")

    switch_to(browser, "ar")
    assert_answers_kept(browser)
    assert browser.execute_script("return document.documentElement.dir") == "rtl"
    assert browser.execute_script("return getComputedStyle(document.querySelector('main')).direction") == "rtl"
    assert questions("ar")["Q007"].title in browser.find_element(By.CSS_SELECTOR, heading).text
    screenshot(browser, tmp_path, "ar")

    switch_to(browser, "zh")
    assert_answers_kept(browser)
    assert questions("zh")["Q007"].title in browser.find_element(By.CSS_SELECTOR, heading).text
    screenshot(browser, tmp_path, "zh")

    # an explicit reload keeps the language chosen (it is in the address) and starts from the server's profile
    browser.refresh()
    wait_for(lambda: browser.execute_script("return document.documentElement.lang") == "zh", "the reloaded page")

    console = [entry["message"] for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert console == []
    origin = server.url.rstrip("/")
    assert all(url.startswith(origin) or url.startswith("data:") for url in requested_urls(browser.get_log("performance")))
