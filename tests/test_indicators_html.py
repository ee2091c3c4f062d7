"""The HTML page of `cartagena indicators`, rendered in headless Chromium: self-contained (no
script, no external request), one inline SVG chart per goal with a bar per computable indicator.
With CARTAGENA_SCREENSHOT=1 it saves the screenshot shown in README (docs/indicators-page.png),
otherwise it takes it in a temporary folder. In CI (CI=true) a missing
Chromium fails the test; elsewhere it skips."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clirun import ROOT, cartagena


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    return found


def test_page_renders_with_a_chart_per_goal(tmp_path: Path) -> None:
    result = cartagena("indicators", str(ROOT / "profiles"), "--format", "html")
    assert result.returncode == 0
    page = result.stdout
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "no external request"
    path = tmp_path / "indicators.html"
    path.write_text(page, encoding="utf-8")
    chromium = _chromium()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = dom.stdout
    assert rendered.count("<svg") == 14  # one chart per goal, A.1 ... B.4
    assert rendered.count("<section") == 14
    assert 'aria-label="Indicators of goal A.10"' in rendered
    assert "A.10(a): 83.3%" in rendered  # 5 of the 6 example Parties that declare it are Parties to the SP
    shot = ROOT / "docs" / "indicators-page.png" if os.environ.get("CARTAGENA_SCREENSHOT") == "1" else tmp_path / "page.png"
    taken = subprocess.run(
        [chromium, *flags, "--window-size=1200,1400", f"--screenshot={shot}", path.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert taken.returncode == 0 and shot.stat().st_size > 10_000


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
