"""The HTML report in a real browser: Debian's headless Chromium, driven by selenium through the
DevTools protocol, loads the report of a sample profile, must log no console error and make no
network request, must hold every section, and renders it to PNG and PDF (A4).

The PNG and the PDF are saved to build/html-report/ (report.png, report.pdf) on every run; with
CARTAGENA_UPDATE_SCREENSHOT=1 the PNG is also copied to docs/html-report.png, README's screenshot.
In CI (CI=true) a missing Chromium fails the test instead of skipping it."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.clirun import ROOT, cartagena

PROFILE = "profiles/sampleland-no-competent-national-authority.json"
OUTPUT = ROOT / "build" / "html-report"
SCREENSHOT = OUTPUT / "report.png"
PDF = OUTPUT / "report.pdf"
README_SCREENSHOT = ROOT / "docs" / "html-report.png"
A4_POINTS = (595.0, 842.0)


def _browser_or_skip() -> tuple[str, str]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        chromium = None
    if not (chromium and driver):
        message = "chromium, chromium-driver and selenium are needed (installed by .ci/run)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return chromium, driver


def _pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """The width and height in points of each page of a PDF (its /Type /Page objects' MediaBox)."""
    sizes = []
    for match in re.finditer(rb"/Type\s*/Page[^s].*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data, re.S):
        x0, y0, x1, y1 = (float(number) for number in match.groups())
        sizes.append((x1 - x0, y1 - y0))
    return sizes


def requested_urls(performance_log: list[dict[str, Any]]) -> list[str]:
    """The URL of every request the browser was about to send, from its DevTools network events."""
    urls = []
    for entry in performance_log:
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    result = cartagena("check", PROFILE, "--format", "html", "-o", str(path), "--engine", "python", env={"SOURCE_DATE_EPOCH": "1780000000"})
    assert result.returncode == 1, result.stderr  # the sample has gaps in obligations
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium, driver_path = _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,1400",
                 "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        # the report's own Content-Security-Policy would block a request before the network sees
        # it; bypassed here, so anything the page tried to load would be a real, visible request
        driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
        yield driver
    finally:
        driver.quit()


def load(browser: Any, page: Path) -> tuple[list[str], list[dict[str, Any]]]:
    """Opens `page`: the URLs the browser requested for it, and its console errors and warnings."""
    browser.get_log("performance"), browser.get_log("browser")  # what earlier pages logged
    browser.get(page.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    console = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    return requested_urls(browser.get_log("performance")), console


def test_the_browser_check_sees_a_request_a_page_would_make(browser: Any, report: Path, tmp_path: Path) -> None:
    """The checks below can fail: a report with one image and one CSS background is caught."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text(report.read_text(encoding="utf-8").replace(
        "<main>", '<main><img src="http://127.0.0.1:9/x.png" alt=""><p style="background:url(http://127.0.0.1:9/b.png)">x</p>'), encoding="utf-8")
    urls, console = load(browser, leaky)
    assert urls == [leaky.as_uri(), "http://127.0.0.1:9/x.png", "http://127.0.0.1:9/b.png"]
    assert len(console) == 2


def test_chromium_renders_the_report_with_no_request_and_no_console_error(browser: Any, report: Path) -> None:
    from selenium.webdriver.common.by import By

    urls, console = load(browser, report)
    assert urls == [report.as_uri()]  # the document, nothing else
    assert console == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0

    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    party = "party-1-XSA"
    for section_id in ("provenance", "limits", f"{party}-summary", f"{party}-toc", f"{party}-gap", f"{party}-not_declared",
                       f"{party}-not_applicable", f"{party}-met", "profiles"):
        assert browser.find_elements(By.ID, section_id), section_id
    assert len(browser.find_elements(By.CSS_SELECTOR, f"#{party}-gap article.gap")) == 4
    assert len(browser.find_elements(By.CSS_SELECTOR, f"#{party}-met details tbody tr")) == 102
    assert len(browser.find_elements(By.CSS_SELECTOR, f"#{party}-not_applicable details tbody tr")) == 8
    assert browser.find_elements(By.CSS_SELECTOR, f"#{party}-summary svg rect")
    # every link of the table of contents lands on an element of the page
    for link in browser.find_elements(By.CSS_SELECTOR, f"#{party}-toc a"):
        target = link.get_attribute("href").split("#", 1)[1]
        assert browser.find_elements(By.ID, target), target

    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1000, min(height, 2300))  # provenance, limits and the first Party's summary
    OUTPUT.mkdir(parents=True, exist_ok=True)
    assert browser.get_screenshot_as_file(str(SCREENSHOT))
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    pdf = base64.b64decode(
        browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": True})["data"]
    )
    PDF.write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    pages = _pdf_pages(pdf)
    assert len(pages) >= 3
    assert all(abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2 for width, height in pages), pages
    if os.environ.get("CARTAGENA_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(SCREENSHOT, README_SCREENSHOT)


def test_in_print_each_party_starts_a_new_a4_page(browser: Any, tmp_path: Path) -> None:
    two = tmp_path / "two.html"
    result = cartagena("check", PROFILE, "profiles/examplia-everything-in-place.json", "--format", "html", "-o", str(two), "--engine", "python")
    assert result.returncode == 1, result.stderr
    urls, console = load(browser, two)
    assert urls == [two.as_uri()] and console == []
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        breaks = browser.execute_script("return [...document.querySelectorAll('section.party')].map(s => getComputedStyle(s).breakBefore)")
        rows = browser.execute_script("return getComputedStyle(document.querySelector('tr')).breakInside")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert breaks == ["page", "page"] and rows == "avoid"
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    pages = _pdf_pages(pdf)
    assert all(abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2 for width, height in pages), pages
