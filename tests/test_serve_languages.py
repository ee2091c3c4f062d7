"""`cartagena serve` in the six UN languages, over HTTP: the page's language from Accept-Language
(q-values, region subtags), `?lang=` overriding it, `--lang` when the browser names none of the six,
bad values answered 400 without a traceback; the BCH's wording of the NR5 questions in the page; the
findings, the HTML report and the NR5 draft in the chosen language. With tests/i18nkit.py's marked
catalogs a real `cartagena serve --lang fr` shows every word of its own marked, none left in English."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import typing
from typing import Any, Iterator

import pytest

from engine.catalog.nr5_i18n import LANGUAGE_NAMES, LANGUAGES, questions
from engine.catalog.present import duty_label
from engine.profile.models import Profile
from engine.reporters.escaping import html_text as esc
from engine.reporters.layout import summary_line, upper_first
from engine.serve import form as form_module
from engine.serve.app import duty_words, summary_words
from engine.serve.languages import negotiate
from tests.clirun import ROOT, cartagena
from tests.langkit import unmarked_words
from tests.i18nkit import CLOSE, OPEN, marked_locale
from tests.servekit import Running, serving

SAMPLE = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"
JSON = {"Content-Type": "application/json", "X-Cartagena-Request": "1"}


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    yield from serving(json.loads(SAMPLE.read_text(encoding="utf-8")))


def page(server: Running, path: str = "/", accept: str | None = None) -> tuple[int, dict[str, str], str]:
    status, headers, body = server.request("GET", path, headers={"Accept-Language": accept} if accept else {})
    return status, headers, body.decode("utf-8")


def html_lang(text: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', text)
    assert match, text[:200]
    return match.group(1)


def q7(lang: str) -> str:
    return esc(questions(lang)["Q007"].title)


# --- choosing the language ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, expected",
    [
        ("es-ES,es;q=0.9,en;q=0.5", "es"),
        ("es-419", "es"),
        ("fr-CA", "fr"),
        ("zh-CN,zh;q=0.9", "zh"),
        ("zh-Hant-TW", "zh"),
        ("en;q=0.3, ru;q=0.8, fr;q=0.5", "ru"),  # the highest q, not the first written
        ("fr;q=0.5, ar;q=0.5", "fr"),  # equal q: the order written
        ("de-DE, de;q=0.9, ar;q=0.2", "ar"),  # German is none of the six: the next the browser accepts
        ("de-DE,de;q=0.9", None),
        ("fr;q=0, en;q=0.1", "en"),  # q=0: not acceptable
        ("*", None),
        ("fr;q=nonsense, es", "es"),  # a malformed entry is skipped
        (";;,,", None),
        ("", None),
    ],
)
def test_accept_language_is_read_with_its_q_values_and_region_subtags(header: str, expected: str | None) -> None:
    assert negotiate(header) == expected


def test_a_spanish_browser_gets_the_spanish_page_with_the_bch_s_spanish_wording(server: Running) -> None:
    status, headers, text = page(server, accept="es-ES,es;q=0.9,en;q=0.5")
    assert status == 200 and html_lang(text) == "es" and headers["content-language"] == "es"
    assert "accept-language" in headers["vary"].lower()
    assert q7("es") in text and q7("en") not in text and q7("es") != q7("en")
    # the script asks for findings and downloads in the page's language
    assert 'action="/download/report?lang=es"' in text and 'action="/download/nr5?lang=es"' in text


def test_the_highest_q_value_wins(server: Running) -> None:
    _, _, text = page(server, accept="en;q=0.3, ru;q=0.8, fr;q=0.5")
    assert html_lang(text) == "ru" and q7("ru") in text


def test_an_unsupported_language_falls_back_to_the_server_s_default() -> None:
    for running in serving():
        _, _, text = page(running, accept="de-DE,de;q=0.9")
        assert html_lang(text) == "en" and q7("en") in text
    for running in serving(lang="fr"):  # `serve --lang fr`
        _, _, text = page(running, accept="de-DE,de;q=0.9")
        assert html_lang(text) == "fr" and q7("fr") in text
        _, _, text = page(running)  # no header at all
        assert html_lang(text) == "fr"


def test_the_explicit_choice_overrides_accept_language(server: Running) -> None:
    _, headers, text = page(server, "/?lang=fr", accept="es-ES,es;q=0.9")
    assert html_lang(text) == "fr" and headers["content-language"] == "fr" and q7("fr") in text
    _, _, text = page(server, "/?lang=FR-ca", accept="es")  # forgiving case and region
    assert html_lang(text) == "fr"


@pytest.mark.parametrize("value", ["xx", "de", "", "fr;q=1", "<script>", "e%20n"])
def test_a_bad_language_is_answered_400_with_the_six_named(server: Running, value: str) -> None:
    status, headers, body = server.request("GET", f"/?lang={value}")
    text = json.loads(body)["message"]
    assert status == 400 and headers["content-type"].startswith("application/json"), text
    assert "Traceback" not in text and all(f"{code} ({LANGUAGE_NAMES[code]})" in text for code in LANGUAGES)
    status, _, body = server.request("POST", f"/api/check?lang={value}", SAMPLE.read_bytes(), JSON)
    assert status == 400 and "is not a language of this page" in json.loads(body)["message"] and b"Traceback" not in body


def test_every_page_has_the_language_switch_each_language_named_in_its_own(server: Running) -> None:
    for lang in LANGUAGES:
        _, _, text = page(server, f"/?lang={lang}")
        switch = re.search(r'<nav class="languages"[^>]*>(.*?)</nav>', text)
        assert switch, lang
        for code in LANGUAGES:
            assert f'<a href="/?lang={code}" hreflang="{code}" lang="{code}"' in switch.group(1)
            assert f">{LANGUAGE_NAMES[code]}</a>" in switch.group(1)
        assert switch.group(1).count('aria-current="true"') == 1 and f'data-lang="{lang}" aria-current="true"' in switch.group(1)


def test_arabic_is_right_to_left_with_ids_kept_left_to_right(server: Running) -> None:
    _, _, text = page(server, accept="ar")
    assert '<html lang="ar" dir="rtl">' in text
    assert '<span class="id" dir="ltr">A.1</span>' in text and '<h2 id="h-A.1" tabindex="-1"><span class="id" dir="ltr">A.1</span> ' in text
    _, _, english = page(server, accept="en")
    assert '<html lang="en">' in english and 'dir="ltr"' not in english and "<bdi" not in english
    css = server.request("GET", "/static/style.css")[2].decode()
    # mirrored by logical properties; no physical left/right, and no words in the style sheet
    assert not re.search(r"\b(?:margin|padding|border)-(?:left|right)\b|\bleft:|\bright:", css)
    assert not re.search(r'content:\s*"[^"]*[A-Za-z]', css)


def test_the_plan_s_text_stays_english_marked_so_with_one_line_saying_why(server: Running) -> None:
    _, _, french = page(server, "/?lang=fr")
    assert french.count('class="plan-language"') == 1
    assert '<h2><span lang="en">' not in french and re.search(r'<h2 id="h-A\.1" tabindex="-1"><span class="id">A\.1</span> <span lang="en">[^<]+</span></h2>', french)
    _, _, english = page(server, "/?lang=en")
    assert 'class="plan-language"' not in english and '<span lang="en">' not in english


# --- findings and downloads in the chosen language -------------------------------------------------------


def test_the_report_download_is_in_the_chosen_language(server: Running) -> None:
    for lang in ("fr", "ar", "zh"):
        status, headers, body = server.request("POST", f"/download/report?lang={lang}", SAMPLE.read_bytes(), JSON)
        report = body.decode("utf-8")
        assert status == 200 and headers["content-disposition"] == 'attachment; filename="xsa-audit-report.html"'
        assert re.search(rf'<html lang="{lang}"', report) and "Federation of Sampleland" in report
    status, _, body = server.request("POST", "/download/report", SAMPLE.read_bytes(), {**JSON, "Accept-Language": "es"})
    assert status == 200 and '<html lang="es"' in body.decode("utf-8")


def test_the_nr5_draft_is_export_nr5_s_in_the_page_language(server: Running) -> None:
    for lang in LANGUAGES:
        expected = cartagena("export-nr5", str(SAMPLE), "--lang", lang).stdout
        status, _, body = server.request("POST", f"/download/nr5?lang={lang}", SAMPLE.read_bytes(), JSON)
        assert status == 200 and body.decode("utf-8") == expected, lang


def test_in_english_the_findings_words_are_the_reports(server: Running) -> None:
    result = server.post_json("/api/check?lang=en", SAMPLE.read_bytes())[1]
    checked = json.loads(cartagena("check", str(SAMPLE), "--format", "json").stdout)["profiles"][0]
    assert result["summary"] == summary_line(checked["summary"], checked["findings"])
    assert summary_words("en", checked["summary"], checked["findings"]) == result["summary"]
    for duty, instrument in [("obligation", i) for i in ("cartagena_protocol", "supplementary_protocol", "decision_of_the_parties", None)] + [("commitment", None), ("option", None)]:
        assert duty_words("en", duty, instrument) == upper_first(duty_label(duty, instrument))
    assert result["badges"]["A.1"] == "3 gaps" and result["badges"]["A.3"] == ""


def test_every_list_of_the_profile_has_its_words() -> None:
    lists: set[str] = set()

    def walk(model: Any) -> None:
        for name, info in model.model_fields.items():
            for annotation in (info.annotation, *typing.get_args(info.annotation)):
                item = form_module._tuple_item(annotation)
                if item is not None and form_module._is_model(item):
                    lists.add(info.alias or name)
                    walk(item)
                elif form_module._is_model(annotation):
                    walk(annotation)

    walk(Profile)
    assert lists and lists == set(form_module.LIST_ITEMS)


def test_serve_refuses_an_unknown_lang_option() -> None:
    result = cartagena("serve", "--port", "0", "--lang", "xx")
    assert result.returncode == 2 and "'xx' is not one of ar, en, es, fr, ru, zh" in result.stderr and "Traceback" not in result.stderr


# --- every word of the form's own is translated (marked catalogs) ---------------------------------------


@pytest.fixture(scope="module")
def marked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `cartagena serve --lang fr --profile SAMPLE` whose catalogs mark every word: its URL."""
    locale = marked_locale(tmp_path_factory.mktemp("locale"), "fr")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "serve", "--port", "0", "--engine", "python", "--lang", "fr", "--profile", str(SAMPLE)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "CARTAGENA_LOCALE_DIR": str(locale), "CARTAGENA_LANG": ""},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line + (process.stderr.read() if process.stderr else "")
        yield match.group(1)
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _request(port: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": f"127.0.0.1:{port}", "X-Cartagena-Request": "1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_with_marked_catalogs_every_word_of_the_page_is_translated(marked_server: str) -> None:
    status, body = _request(marked_server, "GET", "/")  # no Accept-Language: --lang fr
    text = body.decode("utf-8")
    assert status == 200 and html_lang(text) == "fr"
    assert f"<title>{OPEN}Cartagena Protocol self-check{CLOSE}</title>" in text
    assert f'<details><summary>{OPEN}Details and evidence (optional){CLOSE}</summary>' in text
    # no word of the page's own is left unmarked: tests/test_english_leaks.py reads the whole page in every language
    # the script's words: every one marked, and the JSON safe inside the page
    messages = json.loads(re.search(r'<script type="application/json" id="messages">(.*?)</script>', text, re.S).group(1))
    assert messages and all(value.startswith(OPEN) and value.endswith(CLOSE) for value in messages.values()), messages


def test_with_marked_catalogs_the_findings_and_messages_are_translated(marked_server: str) -> None:
    status, body = _request(marked_server, "POST", "/api/check", SAMPLE.read_bytes(), JSON)
    result = json.loads(body)
    assert status == 200 and result["valid"]
    assert result["summary"].startswith(f"{OPEN}{OPEN}4 gaps by rule{CLOSE}")
    assert result["badges"]["A.1"] == f"{OPEN}3 gaps{CLOSE}"
    findings = "".join(result["goals"].values())
    assert f"{OPEN}obligation under the Cartagena Protocol{CLOSE}" in findings
    assert f"{OPEN}One or more competent national authorities are designated{CLOSE}" in findings  # rule_words
    # every word of the findings marked: tests/test_english_leaks.py reads /api/check's answer in every language
    # problems: the status line counted by the server, in the page's language
    broken = json.loads(SAMPLE.read_text())
    broken["party"]["code"] = "lower"
    status, body = _request(marked_server, "POST", "/api/check?lang=fr", json.dumps(broken).encode(), JSON)
    result = json.loads(body)
    assert status == 422 and result["status"].startswith(f"{OPEN}1 problem") and result["errors"][0]["message"] in result["status"]
    # a download of an invalid profile says so in the page's language, with the problems for the fields
    status, body = _request(marked_server, "POST", "/download/report", json.dumps(broken).encode(), JSON)
    result = json.loads(body)
    assert status == 422 and result["message"].startswith(f"{OPEN}1 problem") and result["errors"][0]["pointer"] == "/party/code"
    # the report: the HTML reporter's own words in French (its marking is the reporters' work)
    status, body = _request(marked_server, "POST", "/download/report", SAMPLE.read_bytes(), JSON)
    assert status == 200 and '<html lang="fr"' in body.decode("utf-8") and f"{OPEN}Provenance{CLOSE}" in body.decode("utf-8")


def test_with_marked_catalogs_english_is_unchanged(marked_server: str) -> None:
    status, body = _request(marked_server, "GET", "/?lang=en")
    assert status == 200 and OPEN not in body.decode("utf-8")
    status, body = _request(marked_server, "POST", "/api/check?lang=en", SAMPLE.read_bytes(), JSON)
    assert OPEN not in body.decode("utf-8")


@pytest.mark.parametrize(
    "method, path, body, headers, status",
    [
        ("GET", "/", None, {"Host": "rebound.example"}, 403),
        ("GET", "/nowhere", None, {}, 404),
        ("PUT", "/api/check", b"{}", {}, 405),
        ("GET", "/?lang=xx", None, {}, 400),
        ("GET", "/", b"{}", {}, 400),
        ("POST", "/api/check", b"{}", {"Content-Type": "application/json", "Origin": "http://evil.example"}, 403),
        ("POST", "/api/check", b"{}", {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"}, 403),
        ("POST", "/api/check", b"{}", {"Content-Type": "application/json", "X-Cartagena-Request": "0"}, 403),
        ("POST", "/api/check", b"{}", {"Content-Type": "text/plain"}, 415),
        ("POST", "/api/check", b"{}", {"Content-Type": "application/json", "Content-Length": "2000000"}, 413),
        ("POST", "/api/save", SAMPLE.read_bytes(), {"Content-Type": "application/json"}, 403),  # saving is off
    ],
)
def test_with_marked_catalogs_every_refusal_is_json_in_the_page_language(
    marked_server: str, method: str, path: str, body: bytes | None, headers: dict[str, str], status: int
) -> None:
    """Every error of the server is JSON with a message in the page's language (--lang fr here)."""
    if path.startswith("/?lang=") or headers.get("Content-Length"):
        got, answer = _raw_request(marked_server, method, path, headers)
    else:
        got, answer = _request(marked_server, method, path, body, headers)
    message = json.loads(answer)["message"]
    assert got == status and message.startswith(OPEN) and unmarked_words(message) == [], message


def _raw_request(port: str, method: str, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    """A request whose head says more than its body (a Content-Length announced, no body sent)."""
    import socket

    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "X-Cartagena-Request: 1", *(f"{k}: {v}" for k, v in headers.items())]
    with socket.create_connection(("127.0.0.1", int(port)), timeout=30) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body
