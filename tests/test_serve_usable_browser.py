"""The self-check page for the people it serves (issue 26), in Debian's headless Chromium with
axe-core: every state of the page in the six languages without a critical or serious violation; a
phone (390x844) with no sideways scrolling and a header under a fifth of the screen; a draft kept
across a reload and discarded on request; goal A.1 completed with the keyboard alone on a phone,
then every answer found again after a reload; problems said once a field is left, in the page's
language, tied to their fields; "To address" across goals, each gap linked to its question; the
answers for sign-off. One axe run per state and language (not per field) keeps the run short.
In CI (CI=true) a missing Chromium or axe-core fails the tests instead of skipping them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from engine.catalog.nr5_i18n import LANGUAGES
from tests.axekit import described, violations
from tests.browserkit import download_into, keep_screenshot, wait_for
from tests.clirun import ROOT, cartagena
from tests.servekit import Running, from_file_menu, serving

pytestmark = pytest.mark.xdist_group("chromium")

SAMPLE = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"
PHONE = (390, 844)


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    yield from serving()


def checked(browser: Any) -> int:
    return int(browser.execute_script("return document.body.getAttribute('data-checked') || '0'"))


def status_line(browser: Any) -> str:
    return str(browser.execute_script("return document.getElementById('status').textContent"))


def party_name(browser: Any) -> str:
    """The Party's name as the form holds it, read in the page (the form may be redrawn meanwhile,
    which would leave an element found before it stale)."""
    return str(browser.execute_script("var i = document.querySelector('input[name=\"/party/name\"]'); return i ? i.value : ''"))


def open_sample(browser: Any, path: Path = SAMPLE) -> None:
    from selenium.webdriver.common.by import By

    before = checked(browser)
    browser.find_element(By.ID, "open-profile").send_keys(str(path))
    wait_for(lambda: checked(browser) > before and party_name(browser),
             "the opened profile")


def show(browser: Any, page: str) -> None:
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, f'nav.pages a[data-page="{page}"]').click()
    wait_for(lambda: browser.find_element(By.ID, f"page-{page}").is_displayed(), f"the page {page}")


def no_violation(browser: Any, state: str) -> None:
    found = violations(browser)
    assert found == [], f"{state}:\n{described(found)}"


def invalid_sample(tmp_path: Path) -> Path:
    """The sample with a Party code that is not one (a problem for "Review answers" to show)."""
    profile = json.loads(SAMPLE.read_text(encoding="utf-8"))
    profile["party"]["code"] = "X1"
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    return path


# --- axe-core on each state of the page, in the six languages ------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_state_of_the_page_passes_axe_in_each_language(browser: Any, server: Running, lang: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}?lang={lang}")
    wait_for(lambda: browser.execute_script("return document.body.classList.contains('scripted')"), "the page's script")
    no_violation(browser, f"{lang}: the empty form")

    open_sample(browser)
    show(browser, "A.1")
    browser.find_element(By.CSS_SELECTOR, "#file-menu summary").click()  # the File menu open over the findings
    wait_for(lambda: "Whole profile" in browser.find_element(By.ID, "summary").text or browser.find_elements(By.CSS_SELECTOR, '[data-findings="A.1"] li'),
             "the findings")
    no_violation(browser, f"{lang}: goal A.1 with its findings and the File menu open")
    browser.find_element(By.CSS_SELECTOR, "#file-menu summary").click()

    show(browser, "A.2")  # question 102's grid
    no_violation(browser, f"{lang}: goal A.2 and its grid")

    before = checked(browser)
    browser.find_element(By.ID, "open-profile").send_keys(str(invalid_sample(tmp_path)))
    wait_for(lambda: checked(browser) > before, "the invalid profile")
    browser.find_element(By.ID, "review").click()
    wait_for(lambda: browser.find_element(By.ID, "page-todo").is_displayed()
             and browser.find_elements(By.CSS_SELECTOR, "#todo-problems a[data-goto]"), "To address with its problems")
    no_violation(browser, f"{lang}: To address after Review, with a problem")
    show(browser, "party")
    assert browser.find_element(By.CSS_SELECTOR, 'input[name="/party/code"]').get_attribute("aria-invalid") == "true"
    no_violation(browser, f"{lang}: the Party with a problem beside its code")


# --- the phone ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_nothing_scrolls_sideways_and_the_header_is_small(browser: Any, server: Running, lang: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(*PHONE)
    browser.get(f"{server.url}?lang={lang}")
    wait_for(lambda: browser.execute_script("return document.body.classList.contains('scripted')"), "the page's script")
    viewport = browser.execute_script("return [window.innerWidth, window.innerHeight]")

    def measure(state: str) -> None:
        wide = browser.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert wide[0] <= wide[1], f"{lang}, {state}: the page is {wide[0]} px wide on a {wide[1]} px screen"
        header = browser.execute_script("return document.querySelector('header.top').getBoundingClientRect().height")
        assert header < 0.2 * viewport[1], f"{lang}, {state}: the header takes {header:.0f} of {viewport[1]} px"
        single = browser.execute_script(
            "var f = document.getElementById('profile-form').getBoundingClientRect(); return f.width / window.innerWidth")
        assert single > 0.85, f"{lang}, {state}: the form is not the one column"

    measure("the empty form")
    open_sample(browser)
    for page in ("A.1", "A.2"):
        show(browser, page)
        measure(f"goal {page}")
    # question 102 on a phone: each answer's words visible, one per line
    option = browser.find_element(By.CSS_SELECTOR, '.grid .row .opt:not(.none) > span')
    assert option.is_displayed() and option.size["width"] > 100
    if lang in ("en", "ar"):  # README's: the top of the page on a phone, then question 102's grid
        for page, name in (("party", f"serve-phone-{lang}.png"), ("A.2", f"serve-phone-grid-{lang}.png")):
            show(browser, page)
            if page == "A.2":
                browser.execute_script("document.querySelector('.grid').scrollIntoView()")
            else:
                browser.execute_script("window.scrollTo(0, 0)")
            shot = tmp_path / name
            assert browser.get_screenshot_as_file(str(shot))
            keep_screenshot(shot, name)
    browser.find_element(By.CSS_SELECTOR, "#file-menu summary").click()
    measure("the File menu open")


# --- nothing typed is lost ------------------------------------------------------------------------------


def answers(browser: Any) -> dict[str, Any]:
    """What the form holds: each text's value and each chosen choice, by input name."""
    return dict(browser.execute_script(
        "var out = {}; document.querySelectorAll('#profile-form [data-kind]').forEach(function (el) {"
        "  if (el.getAttribute('data-kind') === 'text') { if (el.value) out[el.name] = el.value; }"
        "  else if (el.checked && el.value) { (out[el.name] = out[el.name] || []).push(el.value); } });"
        "return out;"))


def reload_page(browser: Any) -> None:
    """Reloads as a person would, accepting the browser's question about leaving if it asks."""
    from selenium.common.exceptions import NoAlertPresentException

    browser.execute_script("location.reload()")
    try:
        browser.switch_to.alert.accept()
    except NoAlertPresentException:
        pass
    wait_for(lambda: browser.execute_script("return document.readyState === 'complete' && document.body.classList.contains('scripted')"),
             "the page reloaded")


def test_the_draft_survives_a_reload_and_can_be_discarded(browser: Any, server: Running) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}?lang=fr")
    name = browser.find_element(By.CSS_SELECTOR, 'input[name="/party/name"]')
    name.send_keys("République d'Exemplie")
    wait_for(lambda: "Brouillon" in browser.find_element(By.ID, "draft").text, "the draft kept")  # kept as it is typed
    assert browser.find_element(By.ID, "discard").is_displayed()
    # the page asks before it is left with answers not downloaded
    leaving = "var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;"
    assert browser.execute_script(leaving) is True
    reload_page(browser)
    wait_for(lambda: party_name(browser) == "République d'Exemplie",
             "the restored draft")
    assert status_line(browser).startswith("Brouillon conservé dans ce navigateur à") or "restauré" in status_line(browser), status_line(browser)
    assert browser.execute_script(leaving) is False  # restored as it was kept: nothing new to lose
    browser.find_element(By.ID, "discard").click()
    wait_for(lambda: browser.execute_script("return document.readyState === 'complete'") and status_line(browser), "the discarded draft")
    assert party_name(browser) == ""
    assert browser.execute_script("return localStorage.getItem('cartagena-serve-draft')") is None
    assert not browser.find_element(By.ID, "discard").is_displayed()


def test_a_downloaded_profile_needs_no_warning_before_leaving(browser: Any, server: Running, tmp_path: Path) -> None:
    download_into(browser, tmp_path / "downloads")
    browser.get(server.url)
    open_sample(browser)
    leaving = "var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;"
    assert browser.execute_script(leaving) is False  # a file just opened: nothing typed yet
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, 'input[name="/party/name"]').send_keys(" (edited)")
    assert browser.execute_script(leaving) is True
    from_file_menu(browser, "download-profile")
    wait_for(lambda: (tmp_path / "downloads" / "xsa-profile.json").exists(), "the download")
    assert browser.execute_script(leaving) is False


# --- the keyboard alone, on a phone ------------------------------------------------------------------------


def focused(browser: Any) -> dict[str, Any]:
    return dict(browser.execute_script(
        "var e = document.activeElement, r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + Math.min(r.height / 2, 10);"
        "var top = document.elementFromPoint(x, y);"
        "return {tag: e.tagName, type: e.type || '', name: e.name || '', value: e.value || '', id: e.id, page: e.getAttribute('data-page'),"
        " text: e.textContent.trim().slice(0, 40), inQuestion: !!e.closest('.answer'), checked: !!e.checked,"
        " groupAnswered: !!(e.closest('.answer') && [...e.closest('.answer').querySelectorAll('input')].some(i => i.checked && i.value)),"
        " visible: r.bottom > 0 && r.top < window.innerHeight && r.height > 0,"
        " uncovered: !!top && (top === e || e.contains(top) || top.contains(e) || !!(e.closest('label') && e.closest('label').contains(top)))};"))


def test_goal_a1_can_be_completed_with_the_keyboard_alone_on_a_phone(browser: Any, server: Running) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(*PHONE)
    browser.get(server.url)
    wait_for(lambda: browser.execute_script("return document.body.classList.contains('scripted')"), "the page's script")

    def press(*keys: str) -> dict[str, Any]:
        ActionChains(browser).send_keys(*keys).perform()
        state = focused(browser)
        assert state["visible"] and state["uncovered"], f"focus hidden: {state}"  # never behind sticky content
        return state

    state = press(Keys.TAB)
    assert state["tag"] == "A" and "form-start" in browser.execute_script("return document.activeElement.getAttribute('href')")
    press(Keys.ENTER)  # the skip link: past the header, the status and the goals
    typed = {"/party/name": "Republic of Keyboardia", "/party/code": "xkb", "/party/as_of": "06302026"}  # the date field in the browser's own order (mm/dd/yyyy here)
    while True:  # the Party's required fields, then on to the link to goal A.1
        state = press(Keys.TAB)
        if state["name"] in typed:
            press(typed.pop(state["name"]))
        if state["tag"] == "A" and state["page"] == "A.1":
            break
        assert len(typed) < 3 or state["name"] != "/party/party_to_protocol_since", state
    assert not typed
    press(Keys.ENTER)
    assert browser.find_element(By.ID, "page-A.1").is_displayed()
    assert browser.execute_script("return document.activeElement.id") == "h-A.1"  # focus moved to the goal
    for _ in range(400):  # every question of A.1: its answer chosen with the arrow keys (or space for a list of boxes)
        state = press(Keys.TAB)
        if state["tag"] == "A" and state["page"] == "A.2":
            break
        if state["inQuestion"] and not state["groupAnswered"]:
            before = checked(browser)
            press(Keys.SPACE if state["type"] == "checkbox" else Keys.ARROW_DOWN)
            wait_for(lambda: checked(browser) > before, "the findings after an answer")
    else:
        raise AssertionError("never reached the end of goal A.1")
    progress = browser.find_element(By.CSS_SELECTOR, '[data-progress="A.1"]').get_attribute("textContent")
    total = len(browser.find_elements(By.CSS_SELECTOR, "[id=\"page-A.1\"] fieldset.question"))
    assert progress == f"{total} of {total} answered" and total >= 10
    given = answers(browser)
    assert given["/party/code"] == "XKB" and given["/party/as_of"] == "2026-06-30"
    assert sum(1 for name in given if name.startswith("/national_biosafety_framework/")) >= total
    reload_page(browser)
    wait_for(lambda: answers(browser) == given, "every answer after the reload")
    assert "Restored the draft" in status_line(browser)


# --- problems, To address, links, sign-off ------------------------------------------------------------


def test_problems_wait_for_the_field_to_be_left_and_speak_the_page_s_language(browser: Any, server: Running) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server.url}?lang=es")
    code = browser.find_element(By.CSS_SELECTOR, 'input[name="/party/code"]')
    code.send_keys("x")
    assert browser.find_element(By.ID, "m-party-code").text == ""  # not on the first keystroke
    browser.find_element(By.CSS_SELECTOR, 'input[name="/party/name"]').click()
    wait_for(lambda: browser.find_element(By.ID, "m-party-code").text, "the code's problem")
    message = browser.find_element(By.ID, "m-party-code").text
    assert "código de tres letras" in message and "must" not in message, message  # plain_words, in Spanish
    assert code.get_attribute("aria-describedby") == "m-party-code" and code.get_attribute("aria-invalid") == "true"
    assert browser.find_element(By.ID, "m-party-as_of").text == ""  # a field not reached: nothing under it
    # announced once: the status line is the only live region that speaks of it
    live = browser.execute_script("return [...document.querySelectorAll('[aria-live]')].map(e => e.id)")
    assert live == ["status"]
    # checked again with the same problem: the status line is not rewritten, so it is not said again
    browser.execute_script("window.statusChanges = 0; new MutationObserver(function (m) { window.statusChanges += m.length; })"
                           ".observe(document.getElementById('status'), {childList: true, characterData: true, subtree: true});")
    before = checked(browser)
    browser.execute_script("document.querySelector('input[name=\"/party/code\"]').dispatchEvent(new Event('change', {bubbles: true}))")
    wait_for(lambda: checked(browser) > before, "the check after the same answer")
    assert browser.execute_script("return window.statusChanges") == 0
    browser.find_element(By.ID, "review").click()
    wait_for(lambda: browser.find_element(By.ID, "m-party-as_of").get_attribute("textContent"), "every problem after Review")
    assert browser.find_element(By.ID, "page-todo").is_displayed()
    links = browser.find_elements(By.CSS_SELECTOR, "#todo-problems a[data-goto]")
    assert sorted(link.get_attribute("data-goto") for link in links) == ["/party/as_of", "/party/code", "/party/name"]
    assert all("/" not in link.text and "(" not in link.text[-2:] for link in links)  # words, no pointer, no mark
    [link for link in links if link.get_attribute("data-goto") == "/party/code"][0].click()
    assert browser.execute_script("return document.activeElement.name") == "/party/code"


def test_to_address_lists_gaps_obligations_first_each_linked_to_its_question(browser: Any, server: Running) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.url)
    open_sample(browser)
    show(browser, "todo")
    gaps = browser.find_elements(By.CSS_SELECTOR, "#todo li.finding.gap")
    duties = [item.get_attribute("class").split()[-1] for item in gaps]
    assert duties == sorted(duties, key=["obligation", "commitment", "option"].index) and duties[0] == "obligation"
    assert browser.find_element(By.CSS_SELECTOR, '[data-badge="todo"]').text == str(len(gaps)) == "4"
    link = gaps[0].find_element(By.CSS_SELECTOR, "a.goto")
    assert link.text.startswith("Go to: The competent national authorities") and "/" not in link.text
    link.click()
    assert browser.find_element(By.ID, "page-A.1").is_displayed()
    assert browser.execute_script("return document.activeElement.name") == "/national_biosafety_framework/competent_national_authorities/answer"
    # in the findings panel, every gap links to its question too
    for item in browser.find_elements(By.CSS_SELECTOR, '[data-findings="A.1"] li.finding.gap'):
        assert item.find_elements(By.CSS_SELECTOR, "a.goto"), item.text


def test_adding_evidence_moves_the_focus_to_the_new_fields(browser: Any, server: Running) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.url)
    show(browser, "A.1")
    question = browser.find_element(By.ID, "f-national_biosafety_framework-national_measures")
    question.find_element(By.CSS_SELECTOR, "details > summary").click()
    question.find_element(By.CSS_SELECTOR, "button.add").click()
    name = browser.execute_script("return document.activeElement.name")
    assert name.startswith("/national_biosafety_framework/national_measures/evidence/0/"), name
    assert browser.execute_script("var r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight")


def test_the_answers_for_sign_off_print_goal_by_goal(browser: Any, server: Running, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from tests.test_html_report_browser import pdf_text, print_to_pdf

    downloads = download_into(browser, tmp_path / "downloads")
    browser.get(f"{server.url}?lang=fr")
    open_sample(browser)
    from_file_menu(browser, "download-answers")
    path = downloads / "xsa-answers.html"
    wait_for(lambda: path.exists() and not list(downloads.glob("*.crdownload")), "the answers for sign-off")
    browser.get(path.as_uri())
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    goals = browser.find_elements(By.CSS_SELECTOR, "main > section h2")
    assert len(goals) == 1 + 14 + 1  # the Party, every goal (A.1-A.10, B.1-B.4), the sign-off
    no_violation(browser, "the answers for sign-off")
    pages = pdf_text(print_to_pdf(browser))
    whole = " ".join(pages)
    assert "Federation of Sampleland" in pages[0] and "Mesures nationales" not in "" and "Approuvé par" in whole
    assert all(f"{number} / {len(pages)}" in text for number, text in enumerate(pages, 1))
    profile = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert cartagena("validate", str(SAMPLE)).returncode == 0 and profile["party"]["name"] in whole


def test_the_findings_panel_scrolls_with_the_keyboard(browser: Any, server: Running) -> None:
    """On a wide screen the findings stand beside the form in a panel of their own height: it is a
    Tab stop, and the arrow and page keys scroll it (axe's scrollable-region-focusable)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(1366, 900)
    browser.get(server.url)
    open_sample(browser)
    show(browser, "A.1")
    panel = "document.getElementById('findings')"
    sizes = browser.execute_script(f"var p = {panel}; return [p.scrollHeight, p.clientHeight, p.tabIndex]")
    assert sizes[0] > sizes[1] and sizes[2] == 0, sizes  # longer than the screen, and in the Tab order
    browser.execute_script(f"{panel}.focus()")
    ActionChains(browser).send_keys(Keys.PAGE_DOWN).perform()
    wait_for(lambda: browser.execute_script(f"return {panel}.scrollTop") > 0, "the panel scrolled by the keyboard")
    ActionChains(browser).send_keys(Keys.HOME).perform()
    wait_for(lambda: browser.execute_script(f"return {panel}.scrollTop") == 0, "the panel back at its top")
