"""`cartagena serve` in a real browser: Debian's headless Chromium driven by selenium opens the page,
fills in the Party, answers three questions of goal A.1 and sees the findings change, downloads the
profile (and validates it) and the HTML audit report, and opens a profile file. No request may
leave the server's origin and the console must stay free of errors.

Screenshots of the form and of the findings are taken in the test's temporary folder on every run;
with CARTAGENA_UPDATE_SCREENSHOT=1 they are copied to docs/ (README's screenshots). The time from a
changed answer to the findings drawn is printed (`-s` shows it), never asserted.
In CI (CI=true) a missing Chromium fails the test instead of skipping it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.browserkit import download_into, keep_screenshot, requested_urls, wait_for
from tests.clirun import ROOT, cartagena
from tests.servekit import Running, from_file_menu, serving

pytestmark = pytest.mark.xdist_group("chromium")

SCREENSHOTS = {"form": "serve-form.png", "findings": "serve-findings.png"}
SAMPLE = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    yield from serving()


def checked(browser: Any) -> int:
    return int(browser.execute_script("return document.body.getAttribute('data-checked') || '0'"))


def answer(browser: Any, pointer: str, value: str) -> float:
    """Clicks the choice `value` of the question at `pointer` and waits for the findings: the time
    (ms) from the change event to the findings drawn, as the page measured it."""
    from selenium.webdriver.common.by import By

    before = checked(browser)
    choice = browser.find_element(By.CSS_SELECTOR, f'input[name="{pointer}"][value="{value}"]')
    choice.find_element(By.XPATH, "..").click()
    wait_for(lambda: checked(browser) > before, f"the findings after answering {pointer}")
    return float(browser.execute_script("return document.body.getAttribute('data-latency-ms')"))


def status_of(browser: Any, rule: str) -> str:
    from selenium.webdriver.common.by import By

    item = browser.find_element(By.CSS_SELECTOR, f'[data-findings="A.1"] li[data-rule="{rule}"]')
    return item.get_attribute("class").split()[1]


def downloaded(folder: Path, name: str) -> Path:
    path = folder / name
    wait_for(lambda: path.exists() and not list(folder.glob("*.crdownload")), f"the download {name} (the folder has {sorted(p.name for p in folder.iterdir())})")
    return path


def save_screenshot(browser: Any, folder: Path, name: str, element: Any = None) -> None:
    target = folder / SCREENSHOTS[name]
    assert (element or browser).screenshot(str(target)) if element is not None else browser.get_screenshot_as_file(str(target))
    keep_screenshot(target, SCREENSHOTS[name])


def test_a_focal_point_answers_questions_sees_findings_and_downloads(browser: Any, server: Running, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    downloads = download_into(browser, tmp_path / "downloads")
    browser.get(server.url)
    assert "Start with the Party" in browser.find_element(By.ID, "status").text

    browser.find_element(By.CSS_SELECTOR, 'input[name="/party/name"]').send_keys("Republic of Examplia")
    code = browser.find_element(By.CSS_SELECTOR, 'input[name="/party/code"]')
    code.send_keys("xe")  # too short: a problem, said once the field is left, not while typing
    assert browser.find_element(By.CSS_SELECTOR, '[data-pointer="/party/code"] .messages').text == ""
    browser.find_element(By.CSS_SELECTOR, 'input[name="/party/as_of"]').click()  # leaves the code
    wait_for(lambda: "three-letter code" in browser.find_element(By.CSS_SELECTOR, '[data-pointer="/party/code"]').text,
             "the message beside the code")
    assert code.get_attribute("aria-invalid") == "true" and code.get_attribute("value") == "XE"  # upper-cased
    # the date not reached yet: no message under it, though the profile lacks it
    assert browser.find_element(By.CSS_SELECTOR, '[data-pointer="/party/as_of"] .messages').text == ""
    assert "1 problem to fix" in browser.find_element(By.ID, "status").text
    code.send_keys("a")  # corrected: checked again as it is typed, the red border goes
    wait_for(lambda: not code.get_attribute("aria-invalid"), "the code's problem cleared")
    before = checked(browser)
    browser.execute_script(
        "var d = document.querySelector('input[name=\"/party/as_of\"]'); d.value = '2026-06-30';"
        "d.dispatchEvent(new Event('change', {bubbles: true}));"
    )
    wait_for(lambda: checked(browser) > before and "Whole profile:" in browser.find_element(By.ID, "summary").text, "the first findings")
    assert browser.find_element(By.CSS_SELECTOR, '[data-pointer="/party/code"] .messages').text == ""
    summary_before = browser.find_element(By.ID, "summary").text

    browser.find_element(By.CSS_SELECTOR, 'nav.pages a[data-page="A.1"]').click()
    assert browser.find_element(By.ID, "page-A.1").is_displayed() and not browser.find_element(By.ID, "page-A.2").is_displayed()
    for rule in ("A.1/national-measures", "A.1/competent-national-authority", "A.1/national-focal-point"):
        assert status_of(browser, rule) == "not_declared"

    latencies = [
        answer(browser, "/national_biosafety_framework/national_measures/answer", "implementation.fullInPlace"),
        answer(browser, "/national_biosafety_framework/competent_national_authorities/answer", "false"),
        answer(browser, "/national_biosafety_framework/national_focal_point/answer", "true"),
    ]
    assert status_of(browser, "A.1/national-measures") == "met"
    assert status_of(browser, "A.1/national-focal-point") == "met"
    assert status_of(browser, "A.1/competent-national-authority") == "gap"
    gap = browser.find_element(By.CSS_SELECTOR, '[data-findings="A.1"] li[data-rule="A.1/competent-national-authority"]').text
    assert "A.1.3" in gap and "CP-19.1" in gap and "CB.A.1.iii" in gap
    assert browser.find_element(By.ID, "summary").text != summary_before
    assert browser.find_element(By.CSS_SELECTOR, '[data-badge="A.1"]').text.endswith("gap") or "gap" in browser.find_element(
        By.CSS_SELECTOR, '[data-badge="A.1"]').text
    # a few more changes for the figure: the time from a changed answer to the findings drawn
    for value in ("true", "false", "true", "false", "true", "false", "true"):
        latencies.append(answer(browser, "/national_biosafety_framework/mainstreaming/answer", value if value != "true" else "true.some"))
    print(f"\ncartagena serve: changed answer -> findings drawn: median {sorted(latencies)[len(latencies) // 2]:.1f} ms, "
          f"max {max(latencies):.1f} ms over {len(latencies)} changes: {', '.join(f'{ms:.0f}' for ms in latencies)}")

    browser.set_window_size(1400, 1300)
    browser.execute_script("window.scrollTo(0, 0)")
    save_screenshot(browser, tmp_path, "form")
    save_screenshot(browser, tmp_path, "findings", browser.find_element(By.ID, "findings"))

    from_file_menu(browser, "download-profile")
    profile_file = downloaded(downloads, "xea-profile.json")
    result = cartagena("validate", str(profile_file))
    assert result.returncode == 0, result.stdout + result.stderr
    profile = json.loads(profile_file.read_text(encoding="utf-8"))
    assert profile["party"] == {"name": "Republic of Examplia", "code": "XEA", "as_of": "2026-06-30"}
    assert profile["national_biosafety_framework"]["competent_national_authorities"] == {"answer": "false"}
    assert profile["national_biosafety_framework"]["national_measures"] == {"answer": "implementation.fullInPlace"}

    from_file_menu(browser, "download-report")
    report = downloaded(downloads, "xea-audit-report.html").read_text(encoding="utf-8")
    assert "Republic of Examplia" in report and "One or more competent national authorities are designated" in report

    console = [entry["message"] for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    # the only ones: Chromium logs each 422 the unfinished Party got (the problem shown beside the code)
    assert console and all(message.endswith("/api/check?lang=en - Failed to load resource: the server responded with a status of 422 "
                                            "(Unprocessable Entity)") for message in console), console
    origin = server.url.rstrip("/")
    assert all(url.startswith(origin) or url.startswith("data:") for url in requested_urls(browser.get_log("performance")))


def test_opening_a_profile_fills_the_form_and_shows_its_findings(browser: Any, server: Running) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.url)
    before = checked(browser)
    browser.find_element(By.ID, "open-profile").send_keys(str(SAMPLE))
    wait_for(lambda: checked(browser) > before and "Opened the profile" in browser.find_element(By.ID, "status").text, "the opened profile")
    assert browser.find_element(By.CSS_SELECTOR, 'input[name="/party/name"]').get_attribute("value") == "Federation of Sampleland"
    assert browser.find_element(By.ID, "summary").text.startswith("Whole profile: 4 gaps by rule (obligations: 3, commitments: 1, options: 0)")
    browser.find_element(By.CSS_SELECTOR, 'nav.pages a[data-page="A.1"]').click()
    assert status_of(browser, "A.1/competent-national-authority") == "gap"
    assert browser.find_element(
        By.CSS_SELECTOR, 'input[name="/national_biosafety_framework/national_measures/answer"][value="implementation.fullInPlace"]'
    ).is_selected()


def test_opening_an_nr5_document_fills_the_form_and_the_nr5_draft_comes_back(browser: Any, server: Running, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    downloads = download_into(browser, tmp_path / "downloads")
    report = tmp_path / "xea-nr5.json"
    report.write_text(json.dumps({
        "header": {"schema": "cpbNationalReport5"}, "government": {"identifier": "xea"},
        "Q007": {"value": "implementation.draftMeasures"}, "Q009": {"value": "false"},
        "Q008": [{"value": "instrument.biosafetyGuidelines", "additionalInformation": {"en": "Guidelines 2020"}}],
    }), encoding="utf-8")
    browser.get(server.url)
    before = checked(browser)
    browser.find_element(By.ID, "open-nr5").send_keys(str(report))
    wait_for(lambda: checked(browser) > before and "Opened the NR5 document" in browser.find_element(By.ID, "status").text,
             "the opened NR5 document")
    assert "1 of its answers has no place in the profile and was left out" in browser.find_element(By.ID, "status").text
    assert browser.find_element(By.CSS_SELECTOR, 'input[name="/party/code"]').get_attribute("value") == "XEA"
    browser.find_element(By.CSS_SELECTOR, 'nav.pages a[data-page="A.1"]').click()
    assert browser.find_element(
        By.CSS_SELECTOR, 'input[name="/national_biosafety_framework/national_measures/answer"][value="implementation.draftMeasures"]'
    ).is_selected()
    assert status_of(browser, "A.1/national-measures") == "gap"
    assert status_of(browser, "A.1/mainstreaming") == "gap"

    from_file_menu(browser, "download-nr5")
    draft = downloaded(downloads, "xea-nr5-draft.json")
    from_file_menu(browser, "download-profile")
    profile = downloaded(downloads, "xea-profile.json")
    assert draft.read_text(encoding="utf-8") == cartagena("export-nr5", str(profile)).stdout
    document = json.loads(draft.read_text(encoding="utf-8"))
    assert document["Q007"] == {"value": "implementation.draftMeasures"} and document["Q009"] == {"value": "false"}
