"""Every number stays in order in Arabic: the HTML report (`check --lang ar`) and the indicators page
(`indicators --lang ar`) drawn by Chromium, and the rendered text read back character by character.
Inside a right-to-left paragraph the bidi algorithm reorders a Latin run it has not been told is one
unit: "--fail-on none" is drawn "fail-on none--", "102(d)" as "(d)102". engine/l10n.py isolates each
run (`<bdi dir="ltr">`, `dir="ltr"`, FSI/PDI in SVG text); this test measures where Chromium put each
character of every run of digits and Latin letters and requires it left of the next one.

It can fail: the same pages with their isolation taken out show runs drawn out of order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.clirun import cartagena
from tests.test_html_report_browser import load
from tests.test_waivers import WAIVERS

pytestmark = pytest.mark.xdist_group("chromium")

# every run of Latin letters and digits (with the marks inside ids, numbers and options) in the
# rendered text, and whether its characters are drawn left to right; out of order: the run and its place
OUT_OF_ORDER = r"""
const found = [];
document.querySelectorAll('details').forEach(d => { d.open = true; });
const run = /[A-Za-z0-9+\-\u200e][A-Za-z0-9.,:\/()%+_\-\u200e]*[A-Za-z0-9)%\u200e]/g;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let runs = 0;
while (walker.nextNode()) {
  const node = walker.currentNode;
  const parent = node.parentElement;
  if (!parent || parent.closest('style, script, title')) continue;
  let match;
  run.lastIndex = 0;
  while ((match = run.exec(node.data))) {
    // a closing parenthesis the run does not open belongs to the Arabic sentence around it
    let text = match[0];
    while (text.endsWith(')') && (text.match(/\(/g) || []).length < (text.match(/\)/g) || []).length) text = text.slice(0, -1);
    const boxes = [];
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(node, match.index + i);
      range.setEnd(node, match.index + i + 1);
      const box = range.getBoundingClientRect();
      if (box.width > 0) boxes.push([box.left, box.top]);
    }
    if (boxes.length < 2) continue;
    runs += 1;
    for (let i = 1; i < boxes.length; i++) {
      const sameLine = Math.abs(boxes[i][1] - boxes[i - 1][1]) < 3;
      if (sameLine && boxes[i][0] < boxes[i - 1][0] - 0.5) {
        found.push(text + '  «' + node.data.slice(Math.max(0, match.index - 25), match.index + text.length + 25) + '»');
        break;
      }
    }
  }
}
return [runs, found];
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Arabic HTML report (gaps, a waiver in force and one expired, not declared, an invalid
    file: ids, options, article numbers, dates and counts in Arabic sentences) and indicators page
    (by region, against an earlier cycle: percentages, points, ratios)."""
    folder = tmp_path_factory.mktemp("bidi")
    (folder / "waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    (folder / "bad.json").write_text('{"party": 1', encoding="utf-8")
    day = {"SOURCE_DATE_EPOCH": "1796000000"}
    report = folder / "report-ar.html"
    result = cartagena("check", "profiles/sampleland-no-competent-national-authority.json", "profiles/demoland-almost-nothing-declared.json",
                       str(folder / "bad.json"), "--waivers", str(folder / "waivers.yaml"), "--format", "html", "--lang", "ar",
                       "--engine", "python", "-o", str(report), env=day)
    assert result.returncode in (1, 2), result.stderr
    indicators = folder / "indicators-ar.html"
    result = cartagena("indicators", "profiles", "--by", "region", "--compare", "profiles", "--format", "html", "--lang", "ar",
                       "--engine", "python", env=day)
    assert result.returncode == 0, result.stderr
    indicators.write_text(result.stdout, encoding="utf-8")
    return {"report": report, "indicators": indicators}


def _out_of_order(browser: Any, page: Path) -> tuple[int, list[str]]:
    urls, console = load(browser, page)
    assert console == [] and urls == [page.as_uri()]
    runs, found = browser.execute_script(OUT_OF_ORDER)
    return runs, found


@pytest.mark.parametrize("name", ["report", "indicators"])
def test_every_number_and_id_of_the_arabic_page_is_drawn_in_order(browser: Any, pages: dict[str, Path], name: str) -> None:
    runs, found = _out_of_order(browser, pages[name])
    assert runs > (500 if name == "report" else 200)  # the check looked at the page's numbers, ids, options and dates
    assert found == []


def _without_isolation(page: str) -> str:
    """The page as it was before engine/l10n.py: no <bdi>, no dir added to English spans, no FSI/PDI,
    no left-to-right mark on the percent and plus signs."""
    page = re.sub(r'<bdi dir="ltr">(.*?)</bdi>', r"\1", page, flags=re.S)
    page = page.replace('<span lang="en" dir="ltr">', '<span lang="en">')
    return page.replace("\u2068", "").replace("\u2069", "").replace("\u200e", "")


@pytest.mark.parametrize("name", ["report", "indicators"])
def test_the_check_sees_runs_drawn_out_of_order_without_isolation(browser: Any, pages: dict[str, Path], name: str, tmp_path: Path) -> None:
    bare = tmp_path / f"{name}-without-isolation.html"
    bare.write_text(_without_isolation(pages[name].read_text(encoding="utf-8")), encoding="utf-8")
    runs, found = _out_of_order(browser, bare)
    assert found, "without isolation some runs must be drawn out of order, or the check above proves nothing"
    if name == "report":  # the issue's own examples: an option and its value, a lettered question
        assert any(item.startswith("--fail-on") or item.startswith("--require-declared") or "(d)" in item for item in found), found[:10]
