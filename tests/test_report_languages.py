"""`cartagena check --lang`: every word of the tool's own in the reports goes through gettext.

Proved with marked catalogs (tests/i18nkit.py: every msgid shown as "⟦msgid⟧") before any real
translation exists: headings, labels and the rule files' words stand where the English was (that no
word is left unmarked anywhere is tests/test_english_leaks.py, over every command); counted words take the plural form their count takes (Russian, Arabic); the machine formats translate
their messages only, keep ids, codes and keys, record the language and stay valid; English is
unchanged; a translation is escaped like any text."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from tests.clirun import cartagena
from tests.i18nkit import CLOSE, OPEN, catalogs, marked_locale
from tests.referencekit import reference_file
from tests.test_report_schema import validate as validate_report
from tests.test_waivers import WAIVERS

XSA = "profiles/sampleland-no-competent-national-authority.json"
DAY = {"SOURCE_DATE_EPOCH": "1796000000"}  # 2026-11-30: the waivers below are judged on it
HUMAN = ("text", "markdown", "html")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    (folder / "bad.json").write_text('{"party": 1', encoding="utf-8")
    return {"waivers": str(folder / "waivers.yaml"), "bad": str(folder / "bad.json")}


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(marked_locale(tmp_path_factory.mktemp("marked"), "fr"))


def run(*args: str, locale: str | None = None, lang: str = "fr") -> str:
    env = {**DAY, **({"CARTAGENA_LOCALE_DIR": locale} if locale else {})}
    result = cartagena("check", "--engine", "python", "--lang", lang, *args, env=env)
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result.stdout


def runs(inputs: dict[str, str]) -> list[tuple[str, ...]]:
    """Runs that between them show every part of a report: gaps in full, waivers in force, expired
    and unmatched, not-declared hints, an invalid file, --brief and the completeness gate."""
    return [
        ("profiles", inputs["bad"]),
        ("--waivers", inputs["waivers"], XSA),
        ("--brief", "--require-declared", "any", "profiles"),
    ]


def readable(report: str, output_format: str) -> str:
    """The words a reader sees: tags and entities (HTML) and backslash escapes (markdown) undone,
    white space (wrapped lines) made single spaces."""
    if output_format == "html":
        # every style sheet left out (the head's, and each Party's running header for print), and the
        # isolates inside a sentence
        report = re.sub(r"</?bdi[^>]*>", "", re.sub(r"<style>.*?</style>", " ", report, flags=re.S))
        report = html.unescape(re.sub(r"<[^>]*>", " ", report))
    if output_format == "markdown":
        report = re.sub(r"\\(.)", r"\1", report).replace("`", "").replace("**", "")
    return " ".join(re.sub("[\u2066-\u2069]", "", report).split())  # Arabic's isolates (engine/l10n.py) are not words


@pytest.mark.parametrize("output_format", HUMAN)
def test_headings_labels_and_rule_words_are_where_the_english_was(output_format: str, marked: str, inputs: dict[str, str]) -> None:
    report = readable(run("--format", output_format, "--waivers", inputs["waivers"], XSA, locale=marked), output_format)
    english = readable(run("--format", output_format, "--waivers", inputs["waivers"], XSA, lang="en"), output_format)
    marks = ["⟦The Party declared these in place.⟧"]
    if output_format == "text":
        marks += ["⟦NOT APPLICABLE⟧ (8)", "⟦GAPS⟧ (3)", "⟦WAIVED⟧ (1)", "⟦Objective A.1.4: ", "⟦Indicator A.1(d): ", "⟦Legal basis: ", "⟦Evidence: ", "⟦What to do: "]
        marks += ["⟦Key area KA.A.1.3: ", "⟦Activity CB.A.1.iii: ", "⟦Waived: ⟦approved by Compliance Committee, 20th meeting on 12 mai 2026"]
        marks += ["⟦Summary: ⟦⟦3 gaps by rule⟧ (obligations: 2", "⟦Failing: ⟦⟦2 gaps⟧ at --fail-on obligation"]
    elif output_format == "markdown":
        marks += ["⟦Not applicable⟧ (8)", "⟦Gaps⟧ (3)", "⟦Waived⟧ (1)", "⟦Objective A.1.4⟧ :", "⟦Indicator A.1(d)⟧ :", "⟦Legal basis⟧ :", "⟦Evidence⟧ :", "⟦What to do:⟧"]
        marks += ["⟦Key area for capacity-building KA.A.1.3⟧ :", "⟦Capacity-building activity CB.A.1.iii⟧ :", "⟦Rule⟧ | ⟦Goal⟧ | ⟦What it means⟧"]
        marks += ["⟦Summary:⟧ ⟦⟦3 gaps by rule⟧ (obligations: 2"]
    else:
        marks += ["⟦Not applicable⟧ (8)", "⟦Gaps⟧ (3)", "⟦Waived⟧ (1)", "⟦Objective A.1.4⟧", "⟦Indicator A.1(d)⟧", "⟦Legal basis: ", "⟦Evidence (profile field)⟧", "⟦What to do:⟧"]
        marks += ["⟦Key area for capacity-building⟧ KA.A.1.3", "⟦Capacity-building activity⟧ CB.A.1.iii", "⟦Run at⟧", "⟦Waivers that matched no gap⟧"]
        marks += ["⟦Plan text⟧ ⟦Quoted in English and marked so"]
    # the rule file's words: title, message and advice, each translated whole
    marks += [
        "⟦The competent national authorities have adequate institutional capacity⟧",
        "⟦Strengthen the institutional capacity of the competent national authorities, including training of their personnel.⟧",
    ]
    for mark in marks:
        assert mark in report, mark
    # the plan's text is quoted in English, as in the English report
    assert "Competent national authorities have the necessary budget and adequately trained staff" in english
    assert "Competent national authorities have the necessary budget and adequately trained staff" in report


@pytest.mark.parametrize("output_format", ("text", "markdown"))
def test_text_and_markdown_say_why_the_plan_is_english(output_format: str) -> None:
    from engine.reporters.text import plan_language_note

    note = plan_language_note("es")
    assert note and note != plan_language_note("fr") and "English" not in note  # the Spanish catalog's words
    assert " ".join(note.split()) in " ".join(readable(run("--format", output_format, XSA, lang="es"), output_format).split())
    assert "no translation of it is invented" not in run("--format", output_format, XSA, lang="en")


def test_html_marks_the_plan_english_inside_a_translated_page(marked: str) -> None:
    report = run("--format", "html", XSA, locale=marked)
    assert re.search(r'<dt>⟦Objective A\.1\.3⟧</dt><dd lang="en">', report)
    assert re.search(r'<h4 id="[^"]+">⟦Goal A\.1: <span lang="en">Parties have', report)
    assert '<li lang="en">' in report  # the source's notes, in the limits of the source


# --- plural forms: the form each count takes --------------------------------------------------------


def indexed_locale(folder: Path, lang: str) -> Path:
    """Catalogs for `lang` whose plural messages give "⟦index|English⟧" for each plural form."""
    for domain in catalogs.MAPPINGS:
        catalog = Catalog(locale=lang, fuzzy=False)
        catalog.mime_headers = [*catalog.mime_headers, ("Plural-Forms", catalogs.PLURAL_FORMS[lang])]
        for message in catalogs.extract(domain):
            if isinstance(message.id, tuple):
                catalog.add(message.id, tuple(f"{OPEN}{index}|{message.id[1]}{CLOSE}" for index in range(catalog.num_plurals)))
        out = folder / lang / "LC_MESSAGES"
        out.mkdir(parents=True, exist_ok=True)
        with (out / f"{domain}.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return folder


PLURAL_INDEX = {
    "ru": lambda n: 0 if n % 10 == 1 and n % 100 != 11 else 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2,
    "ar": lambda n: 0 if n == 0 else 1 if n == 1 else 2 if n == 2 else 3 if 3 <= n % 100 <= 10 else 4 if n % 100 >= 11 else 5,
}


@pytest.mark.parametrize(("lang", "forms"), [("ru", 3), ("ar", 5)])
def test_counted_words_take_the_plural_form_of_their_count(lang: str, forms: int, tmp_path: Path, inputs: dict[str, str]) -> None:
    locale = str(indexed_locale(tmp_path, lang))
    seen: set[int] = set()
    for output_format in HUMAN:
        report = readable(run("--format", output_format, "profiles", inputs["bad"], locale=locale, lang=lang), output_format)
        counted = re.findall(f"{OPEN}(\\d)\\|(\\d+) ", report)
        assert len(counted) > 20
        for index, count in counted:
            assert int(index) == PLURAL_INDEX[lang](int(count)), (index, count)
            seen.add(int(index))
    assert len(seen) >= forms  # Arabic's sixth form (100-102) needs a count no example reaches


# --- machine formats: messages translated, ids, codes and keys kept, language recorded --------------


def _shape(value: Any) -> Any:
    """A document with its words taken out: keys, ids, codes, statuses and numbers only."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items() if key not in ("lang", "language")}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return "" if isinstance(value, str) and " " in value else value


def test_json_and_ndjson_messages_are_translated_and_valid(marked: str, inputs: dict[str, str]) -> None:
    english = json.loads(run("--format", "json", "--waivers", inputs["waivers"], "profiles", lang="en"))
    french = json.loads(run("--format", "json", "--waivers", inputs["waivers"], "profiles", locale=marked))
    validate_report(french)
    assert (english["lang"], french["lang"]) == ("en", "fr")
    # the plan's items are the same (the NR5 questions in the BCH's French: test_lang_option)
    plan = french["plan"]
    assert list(french.pop("plan")) == list(english.pop("plan"))
    assert _shape(french) == _shape(english)
    details = french["rules"]["details"]["A.1/institutional-capacity"]
    assert details["title"] == "⟦The competent national authorities have adequate institutional capacity⟧"
    assert all(text.startswith(OPEN) for text in details["messages"].values())
    assert details["remediation"]["advice"].startswith(OPEN)
    findings = [finding for profile in french["profiles"] for finding in profile["findings"]]
    # a finding names its rule (report format 2): the message it is shown with is its rule's, translated
    shown = (french["rules"]["details"][finding["rule"]]["messages"].get(finding["status"]) for finding in findings)
    messages = [message for message in shown if message is not None]
    assert messages and all(message.startswith(OPEN) and message.endswith(CLOSE) for message in messages)
    assert all(waiver["why"].startswith(OPEN) for waiver in french["unmatched_waivers"])
    assert plan["A.1.4"]["text"].startswith("Competent national authorities have")  # the plan's text: English
    ndjson = [json.loads(line) for line in run("--format", "ndjson", "profiles", locale=marked).splitlines()]
    assert ndjson[0]["lang"] == "fr"
    assert ndjson[0]["rules"]["details"] == french["rules"]["details"]


def test_sarif_messages_are_translated_and_valid(marked: str) -> None:
    schema = json.loads(reference_file("sarif-2.1.0", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    english = json.loads(run("--format", "sarif", "profiles", lang="en"))
    french = json.loads(run("--format", "sarif", "profiles", locale=marked))
    jsonschema.Draft4Validator(schema).validate(french)
    assert french["runs"][0]["language"] == "fr"
    assert _shape(french) == _shape(english)
    for rule in french["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"].startswith(OPEN) and rule["fullDescription"]["text"].startswith(OPEN)
        for line in rule["help"]["text"].splitlines():  # a label, or an article's (English) label and id
            assert line.startswith(OPEN) or re.fullmatch(f".+ \\(.+\\)\u00a0?: {OPEN}.*{CLOSE}", line), line  # French: a no-break space
    for result in french["runs"][0]["results"]:
        assert result["message"]["text"].startswith(OPEN), result["message"]["text"]


def test_junit_messages_are_translated_and_record_the_language(marked: str) -> None:
    schema = xmlschema.XMLSchema10(str(reference_file("junit", "jenkins-xunit-junit-10.xsd")))
    report = run("--format", "junit", "profiles", locale=marked)
    schema.validate(report)
    root = ET.fromstring(report.encode("utf-8"))
    for suite in root.iter("testsuite"):
        assert [(p.get("name"), p.get("value")) for p in suite.iter("property")] == [("lang", "fr")]
    outcomes = [element for tag in ("failure", "skipped") for element in root.iter(tag)]
    assert len(outcomes) > 50
    assert all(element.get("message", "").startswith(OPEN) for element in outcomes)
    failure = next(root.iter("failure"))
    assert all(line.startswith(OPEN) for line in (failure.text or "").splitlines())
    assert "<properties>" not in run("--format", "junit", "profiles", lang="en")


# --- English unchanged, the same bytes, escaped translations ---------------------------------------


@pytest.mark.parametrize("output_format", ("text", "markdown", "html", "json", "ndjson", "sarif", "junit"))
def test_english_reads_no_catalog_and_the_same_inputs_give_the_same_bytes(output_format: str, marked: str, inputs: dict[str, str]) -> None:
    args = ("--format", output_format, "--waivers", inputs["waivers"], "profiles", inputs["bad"])
    english = run(*args, lang="en")
    assert run(*args, lang="en", locale=marked) == english  # the marked catalogs are never read for English
    assert OPEN not in english
    assert run(*args, locale=marked) == run(*args, locale=marked)


HOSTILE = "<i>*_[x](y)`#|\x1b[2J "


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def test_a_translation_holding_markup_is_escaped_in_every_syntax(tmp_path: Path, inputs: dict[str, str]) -> None:
    locale = str(marked_locale(tmp_path, "es", mark=lambda message: HOSTILE + message))
    args = ("--waivers", inputs["waivers"], "profiles", inputs["bad"])
    page = run("--format", "html", *args, locale=locale, lang="es")
    parser = Tags()
    parser.feed(page)
    assert "i" not in parser.tags
    assert "&lt;i&gt;*_[x](y)`#|\x1b[2J" in page
    markdown = run("--format", "markdown", *args, locale=locale, lang="es")
    assert "<i>" not in markdown
    assert "&lt;i&gt;\\*\\_\\[x\\]\\(y\\)\\`\\#\\|" in markdown
    text = run("--format", "text", *args, locale=locale, lang="es")
    assert "\x1b" not in text and "<i>*_[x](y)`#|\\u001b[2J" in text


def test_the_english_stand_in_for_a_missing_bch_text_is_marked_in_the_reports_words(marked: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.i18n
    from engine.reporters.html import bch_html
    from engine.reporters.layout import bch_words

    monkeypatch.setattr(engine.i18n, "LOCALE_DIR", Path(marked))
    engine.i18n._translations.cache_clear()
    try:
        question = {"text": "Has your country <b>?", "fallback": True}
        assert bch_words(question, lang="fr") == "⟦Has your country <b>? (English)⟧"
        assert bch_html(question, lang="fr") == '⟦<span lang="en">Has your country &lt;b&gt;?</span> (English)⟧'
        assert bch_words(question) == "Has your country <b>? (English)"
        assert bch_words({"text": "Votre pays"}, lang="fr") == "Votre pays"
    finally:
        engine.i18n._translations.cache_clear()
