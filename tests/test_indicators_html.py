"""The HTML page of `cartagena indicators`, rendered in headless Chromium: self-contained (no
script, no external request), one chart per goal with a bar per computable indicator (drawn in
HTML, each labelled with its id, its wording and its figures in words).
It takes a screenshot in a temporary folder; with CARTAGENA_UPDATE_SCREENSHOT=1 it becomes the one
shown in README (docs/indicators-page.png). In CI (CI=true) a missing Chromium fails the test;
elsewhere it skips (tests/browserkit.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browserkit import keep_screenshot, requested_urls
from tests.clirun import ROOT, cartagena

pytestmark = pytest.mark.xdist_group("chromium")


def test_page_renders_with_a_chart_per_goal(browser: Any, tmp_path: Path) -> None:
    result = cartagena("indicators", str(ROOT / "profiles"), "--format", "html")
    assert result.returncode == 0
    page = result.stdout
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "no external request"
    path = tmp_path / "indicators.html"
    path.write_text(page, encoding="utf-8")
    browser.set_window_size(1200, 1400)
    browser.get(path.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    rendered = browser.page_source
    assert rendered.count('<figure class="chart"') == 14  # one chart per goal, A.1 ... B.4
    assert rendered.count("<section") == 14
    assert 'aria-label="Indicators of goal A.10"' in rendered
    a10 = browser.execute_script(
        "return [...document.querySelectorAll('.bar-row')].find(r => r.querySelector('b').textContent === 'A.10(a)').innerText")
    assert "83.3%" in a10 and "5/6" in a10  # 5 of the 6 example Parties that declare it are Parties to the SP
    assert requested_urls(browser.get_log("performance")) == [path.as_uri()]
    shot = tmp_path / "page.png"
    assert browser.get_screenshot_as_file(str(shot)) and shot.stat().st_size > 10_000
    keep_screenshot(shot, "indicators-page.png")


def test_file_names_are_escaped_in_html_and_markdown(tmp_path: Path) -> None:
    import json

    party = {"name": "<b>Party</b>", "code": "XAA"}
    (tmp_path / "<i>new.json").write_text(json.dumps({"party": {**party, "as_of": "2026-01-01"}}), encoding="utf-8")
    (tmp_path / "<i>old.json").write_text(json.dumps({"party": {**party, "as_of": "2020-01-01"}}), encoding="utf-8")
    page = cartagena("indicators", str(tmp_path), "--format", "html").stdout
    assert "<i>" not in page and "&lt;i&gt;old.json" in page
    assert "<b>" not in page
    markdown = cartagena("indicators", str(tmp_path), "--format", "markdown").stdout
    assert "<i>" not in markdown and "\\<i\\>old.json" in markdown
