"""The self-check page handles every answer (Debian's headless Chromium, selenium): an answer that is
not the server's JSON, no answer at all, a refusal with its message, a download refused; each says
so on the status line in the page's language and leaves every answer typed where it was. Downloads
post the profile as JSON and save the file that comes back, so a 430 KB profile in Chinese
(2.9 MB form-encoded, over the 1 MiB limit) downloads in all three forms, and the page stays."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.browserkit import download_into, wait_for
from tests.clirun import ROOT, cartagena
from tests.servekit import Running, from_file_menu, serving
from tests.test_serve_browser import downloaded

pytestmark = pytest.mark.xdist_group("chromium")

SAMPLE = json.loads((ROOT / "profiles" / "sampleland-no-competent-national-authority.json").read_text(encoding="utf-8"))
NAME = 'input[name="/party/name"]'


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    yield from serving(SAMPLE)


def status_line(browser: Any) -> str:
    return str(browser.execute_script("return document.getElementById('status').textContent"))


def type_name(browser: Any, text: str) -> None:
    """Types into the Party's name as a person would end typing: one change event."""
    browser.execute_script(
        "var el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('change', {bubbles: true}));",
        NAME, text)


def name_value(browser: Any) -> str:
    return str(browser.execute_script("return document.querySelector(arguments[0]).value", NAME))


def replace_fetch(browser: Any, path: str, behaviour: str) -> None:
    """From now on, the page's requests to `path` get `behaviour` instead of the server's answer."""
    browser.execute_script(
        "var real = window.fetch, path = arguments[0], behaviour = arguments[1];"
        "window.fetch = function (url, options) {"
        "  if (String(url).split('?')[0] !== path) return real(url, options);"
        "  if (behaviour === 'network') return Promise.reject(new TypeError('Failed to fetch'));"
        "  if (behaviour === 'html') return Promise.resolve(new Response('<html><body>Bad gateway</body></html>',"
        "    {status: 502, headers: {'Content-Type': 'text/html'}}));"
        "  if (behaviour === 'garbled') return Promise.resolve(new Response('{not json', {status: 200, headers: {'Content-Type': 'application/json'}}));"
        "  return Promise.resolve(new Response(JSON.stringify({message: 'refused for the test'}), {status: 413, headers: {'Content-Type': 'application/json'}}));"
        "};", path, behaviour)


@pytest.mark.parametrize(
    "behaviour, words",
    [
        ("html", "The server answered 502 with something this page cannot read. Your answers are still here; try again."),
        ("garbled", "The server answered 200 with something this page cannot read."),
        ("network", "The server did not answer (Failed to fetch). Is cartagena serve still running?"),
        ("refusal", "refused for the test"),
    ],
)
def test_a_failed_check_says_so_and_keeps_what_was_typed(browser: Any, server: Running, behaviour: str, words: str) -> None:
    browser.get(server.url)
    wait_for(lambda: browser.execute_script("return document.body.getAttribute('data-checked')"), "the first findings")
    replace_fetch(browser, "/api/check", behaviour)
    type_name(browser, "Republic of Examplia, typed")
    wait_for(lambda: words in status_line(browser), f"the words for {behaviour}: {status_line(browser)!r}")
    assert name_value(browser) == "Republic of Examplia, typed"


@pytest.mark.parametrize("button", ["download-profile", "download-report", "download-nr5"])
def test_a_refused_download_says_so_and_the_page_stays(browser: Any, server: Running, button: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server.url)
    wait_for(lambda: browser.execute_script("return document.body.getAttribute('data-checked')"), "the first findings")
    type_name(browser, "Federation of Sampleland, typed")
    wait_for(lambda: "Whole profile" in browser.find_element(By.ID, "summary").text, "the findings")
    replace_fetch(browser, "/" + button.replace("-", "/", 1), "refusal")
    address = browser.current_url
    from_file_menu(browser, button)
    wait_for(lambda: status_line(browser) == "refused for the test", "the refusal's message")
    assert browser.current_url == address and name_value(browser) == "Federation of Sampleland, typed"


def test_a_file_over_the_limit_is_refused_with_a_message_and_the_form_kept(browser: Any, server: Running, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    big = tmp_path / "big.json"
    profile = json.loads(json.dumps(SAMPLE))
    profile["national_biosafety_framework"]["national_measures"]["evidence"] = [{"note": "n" * 9000}] * 170  # 1.5 MB
    big.write_text(json.dumps(profile), encoding="utf-8")
    browser.get(server.url)
    type_name(browser, "Kept while the file is refused")
    browser.find_element(By.ID, "open-profile").send_keys(str(big))
    wait_for(lambda: "big.json cannot be opened" in status_line(browser), "the refusal of the file")
    assert status_line(browser) == "big.json cannot be opened: the request is larger than the limit of 1 MiB"
    assert name_value(browser) == "Kept while the file is refused"


def chinese_profile(size: int = 430_000) -> dict[str, Any]:
    """A valid profile of about `size` bytes of UTF-8, most of it Chinese evidence notes."""
    profile = json.loads(json.dumps(SAMPLE))
    profile["party"]["name"] = "示例联邦"
    sections = [(section, name) for section, value in profile.items() if section != "party" and isinstance(value, dict)
                for name, item in value.items() if isinstance(item, dict) and "answer" in item]
    index = 0
    while len(json.dumps(profile, ensure_ascii=False).encode("utf-8")) < size:
        section, name = sections[index % len(sections)]
        profile[section][name].setdefault("evidence", []).append({"note": "国家生物安全框架的证据。" * 600})
        index += 1
    return profile


def test_a_430_kb_chinese_profile_downloads_in_all_three_forms(browser: Any, server: Running, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    profile = chinese_profile()
    source = tmp_path / "zh.json"
    source.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    assert 420_000 < source.stat().st_size < 1024 * 1024 < 2 * len(json.dumps(profile, ensure_ascii=True))
    folder = download_into(browser, tmp_path / "downloads")
    browser.get(server.url + "?lang=zh")
    before = int(browser.execute_script("return document.body.getAttribute('data-checked') || '0'"))
    browser.find_element(By.ID, "open-profile").send_keys(str(source))
    wait_for(lambda: int(browser.execute_script("return document.body.getAttribute('data-checked') || '0'")) > before
             and name_value(browser) == "示例联邦", "the opened profile")
    address = browser.current_url
    for button, name in (("download-profile", "xsa-profile.json"), ("download-report", "xsa-audit-report.html"),
                         ("download-nr5", "xsa-nr5-draft.json")):
        from_file_menu(browser, button)
        downloaded(folder, name)
        assert browser.current_url == address and name_value(browser) == "示例联邦"
    saved = (folder / "xsa-profile.json").read_text(encoding="utf-8")
    # the profile as the form holds it (the form keeps what it models): every Chinese note, whole
    assert json.loads(saved)["party"] == profile["party"] and len(saved.encode("utf-8")) > 420_000
    assert saved.count("国家生物安全框架的证据。" * 600) == json.dumps(profile, ensure_ascii=False).count("国家生物安全框架的证据。" * 600)
    assert cartagena("validate", str(folder / "xsa-profile.json")).returncode == 0
    assert "示例联邦" in (folder / "xsa-audit-report.html").read_text(encoding="utf-8")
    assert json.loads((folder / "xsa-nr5-draft.json").read_text(encoding="utf-8"))["header"]["schema"] == "cpbNationalReport5"
    console = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert console == []


def test_answers_carried_to_another_language_survive_a_failed_request(browser: Any, server: Running) -> None:
    """The new page cannot reach the server when it asks for the form filled with the answers:
    it says so, and the answers stay in the tab's storage until a reload can use them."""
    from selenium.webdriver.common.by import By

    browser.get(server.url)
    wait_for(lambda: browser.execute_script("return document.body.getAttribute('data-checked')"), "the first findings")
    type_name(browser, "Carried across languages")
    failing = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "(function () { var real = window.fetch; window.fetch = function (url, options) {"
        " if (String(url).indexOf('/api/open') === 0) return Promise.reject(new TypeError('Failed to fetch'));"
        " return real(url, options); }; })();")})
    try:
        browser.find_element(By.CSS_SELECTOR, 'nav.languages a[data-lang="fr"]').click()
        wait_for(lambda: browser.execute_script("return document.documentElement.lang") == "fr" and "Failed to fetch" in status_line(browser),
                 "the French page saying the server did not answer")
        assert "Carried across languages" in browser.execute_script("return sessionStorage.getItem('cartagena-serve-answers')")
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", failing)
    browser.refresh()
    wait_for(lambda: name_value(browser) == "Carried across languages", "the answers restored after the reload")
    assert browser.execute_script("return sessionStorage.getItem('cartagena-serve-answers')") is None
