"""The HTML report in a real browser: Debian's headless Chromium, driven by selenium through the
DevTools protocol, loads the report of a sample profile, must log no console error and make no
network request, must hold every section, and renders it to PNG and PDF (A4).

The PNG and the PDF are made in the test's temporary folder on every run; with
CARTAGENA_UPDATE_SCREENSHOT=1 the PNG is copied to docs/html-report.png, README's screenshot.
In CI (CI=true) a missing Chromium fails the test instead of skipping it (tests/browserkit.py)."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browserkit import keep_screenshot, requested_urls
from tests.clirun import cartagena

# one Chromium per worker (conftest.py): the browser tests share a worker
pytestmark = pytest.mark.xdist_group("chromium")

PROFILE = "profiles/sampleland-no-competent-national-authority.json"
README_SCREENSHOT = "html-report.png"
A4_POINTS = (595.0, 842.0)


def _pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """The width and height in points of each page of a PDF (its /Type /Page objects' MediaBox)."""
    sizes = []
    for match in re.finditer(rb"/Type\s*/Page[^s].*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data, re.S):
        x0, y0, x1, y1 = (float(number) for number in match.groups())
        sizes.append((x1 - x0, y1 - y0))
    return sizes


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    result = cartagena("check", PROFILE, "--format", "html", "-o", str(path), "--engine", "python", env={"SOURCE_DATE_EPOCH": "1780000000"})
    assert result.returncode == 1, result.stderr  # the sample has gaps in obligations
    return path


def load(browser: Any, page: Path) -> tuple[list[str], list[dict[str, Any]]]:
    """Opens `page` as a file would be opened, its own Content-Security-Policy bypassed so that
    anything it tried to load is a real, visible request: the URLs the browser requested for it,
    and its console errors and warnings."""
    browser.set_window_size(1000, 1400)
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
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


def test_chromium_renders_the_report_with_no_request_and_no_console_error(browser: Any, report: Path, tmp_path: Path) -> None:
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
    assert len(browser.find_elements(By.CSS_SELECTOR, f"#{party}-met tbody tr")) == 102
    assert len(browser.find_elements(By.CSS_SELECTOR, f"#{party}-not_applicable tbody tr")) == 8
    assert len(browser.find_elements(By.CSS_SELECTOR, f"#{party}-summary .bar-row")) == 6
    # every link of the table of contents lands on an element of the page
    for link in browser.find_elements(By.CSS_SELECTOR, f"#{party}-toc a"):
        target = link.get_attribute("href").split("#", 1)[1]
        assert browser.find_elements(By.ID, target), target

    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1000, min(height, 2300))  # provenance, limits and the first Party's summary
    screenshot = tmp_path / "report.png"
    assert browser.get_screenshot_as_file(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    pdf = base64.b64decode(
        browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": True})["data"]
    )
    assert pdf.startswith(b"%PDF-")
    pages = _pdf_pages(pdf)
    assert len(pages) >= 3
    assert all(abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2 for width, height in pages), pages
    keep_screenshot(screenshot, README_SCREENSHOT)


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, as a reader extracts it (pypdf), ligatures undone, spaces collapsed."""
    import io
    import unicodedata

    from pypdf import PdfReader

    return [" ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def print_to_pdf(browser: Any) -> bytes:
    """The page printed as Chromium prints it (DevTools Page.printToPDF), in its own page size (A4)."""
    return base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])


def test_printed_the_verdict_is_on_page_1_and_every_finding_is_on_paper(browser: Any, report: Path) -> None:
    """Paper for the Committee: page 1 says the verdict (with the gate's options), the counts and the
    gaps; every finding of the report, met and not applicable too, is printed; every page has its
    number and a running header naming the Party and the date of the run."""
    import json

    urls, console = load(browser, report)
    assert urls == [report.as_uri()] and console == []
    pages = pdf_text(print_to_pdf(browser))
    first = pages[0]
    assert "Verdict: does not pass. 3 findings fail this run's gate (3 gaps at --fail-on obligation" in first
    for tile in ("Gap: obligation", "Gap: commitment", "Not declared", "Not applicable", "Met"):
        assert tile in first, tile
    assert "A.1/competent-national-authority" in first and "Gaps at a glance" in first  # the table of gaps on page 1
    assert "Provenance" not in first  # the annex is at the end
    whole = " ".join(pages)
    record = json.loads(cartagena("check", PROFILE, "--format", "json", "--engine", "python").stdout)["profiles"][0]
    missing = [f["rule"] for f in record["findings"] if f["rule"] not in whole.replace(" ", "") and f["rule"] not in whole]
    assert missing == [] and len(record["findings"]) == 114
    for number, text in enumerate(pages, 1):
        assert f"{number} / {len(pages)}" in text, (number, text[:200])
    assert all("Federation of Sampleland (XSA): compliance check of 2026-05-28" in text for text in pages[:-2])
    assert "Provenance" in " ".join(pages[-3:])


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
    assert breaks == ["auto", "page"] and rows == "avoid"  # the first Party on page 1, each next one on a new page
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    pages = _pdf_pages(pdf)
    assert all(abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2 for width, height in pages), pages
