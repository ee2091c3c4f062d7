"""`cartagena indicators --lang`: every word of the tool's own in the chosen language (proved with
marked catalogs, tests/i18nkit.py, before any translation exists), the indicators' wording (the
plan's text) English and marked so, counts in the language's plural forms, English unchanged, the
same bytes for the same inputs and language, translated words escaped in each syntax."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from engine.paths import RULE_SCHEMA_DIR
from tests.clirun import ROOT, cartagena
from tests.i18nkit import marked_locale
from tests.langkit import form, marked, plural_locale, table_cells, unmarked_words  # noqa: F401  (marked: a fixture)

PROFILES = ROOT / "profiles"
SIX = "is not one of ar, en, es, fr, ru, zh"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The example profiles with, beside them, an older profile of one Party (superseded), a Party in a
    region, an invalid file; and an earlier cycle of four of them to --compare with."""
    root = tmp_path_factory.mktemp("indicators")
    extra = root / "extra"
    extra.mkdir()
    older = json.loads((PROFILES / "examplia-everything-in-place.json").read_text(encoding="utf-8"))
    older["party"].update(as_of="2026-02-21", region="Africa")
    (extra / "old-examplia.json").write_text(json.dumps(older), encoding="utf-8")
    african = json.loads((PROFILES / "examplia-everything-in-place.json").read_text(encoding="utf-8"))
    african["party"].update(code="XAF", name="Republic of Africania", region="Africa")
    (extra / "africania.json").write_text(json.dumps(african), encoding="utf-8")
    (extra / "broken.json").write_text("[]", encoding="utf-8")
    old = root / "old"
    old.mkdir()
    for path in sorted(PROFILES.glob("*.json"))[:4]:
        shutil.copy(path, old / path.name)
    return {"extra": str(extra), "old": str(old)}


def indicators(inputs: dict[str, str], *args: str, env: dict[str, str] | None = None, code: int = 2) -> str:
    """The full run (duplicates, an invalid file, regions, an earlier cycle): exit 2 for the invalid file."""
    result = cartagena(
        "indicators", str(PROFILES), inputs["extra"], "--by", "region", "--compare", inputs["old"], "--engine", "python", *args, env=env
    )
    assert result.returncode == code, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def english(inputs: dict[str, str]) -> dict[str, Any]:
    """The JSON output in English: the data (the plan's wording, the invalid lines) the outputs quote."""
    return json.loads(indicators(inputs, "--format", "json"))


def test_every_word_of_the_text_format_is_translated(inputs: dict[str, str], marked: dict[str, str], english: dict[str, Any]) -> None:
    data = english
    out = indicators(inputs, "--lang", "fr", env=marked)
    flat = " ".join(out.split())
    for words in [
        "⟦Indicators of the Implementation Plan across Parties⟧",
        "⟦⟦9 profiles⟧ of ⟦8 Parties⟧.⟧",
        "⟦Percentages: ⟦numerator / denominator x 100",
        "⟦Not declared: the Party's profile",
        "⟦Excluded: outside the denominator",
        "⟦The indicators' wording is the plan's text, quoted in English",
        "⟦Duplicates: ⟦when several profiles share a Party code",
        "⟦" + str(Path(inputs["extra"]) / "old-examplia.json") + " (XEX, as of 21 février 2026), superseded by ",  # the date as French writes it
        "⟦Invalid profiles, left out:⟧",
        "⟦Goal A.1⟧",
        "⟦among: ⟦Parties to the Cartagena Protocol⟧⟧",
        "⟦not computable from Party profiles: ⟦",
        "⟦⟦no region declared⟧: ⟦",
        "⟦⟦Africa⟧: ⟦",  # the regional group named in the language
        "⟦among the ⟦",
        "⟦n/a⟧",
    ]:
        assert words in flat, words
    # the percentage as French writes it (Babel): a decimal comma, a no-break space before the sign
    assert re.search(r"⟦\d+,\d\s%\s\(\d+ of ⟦\d+ Part(y|ies)⟧\); not declared: \d+; excluded: \d+⟧", flat)
    data_words = [entry["wording"] for entry in data["indicators"]] + data["invalid"]
    assert unmarked_words(out, data_words) == []


def test_every_word_of_the_markdown_format_is_translated(inputs: dict[str, str], marked: dict[str, str], english: dict[str, Any]) -> None:
    data = english
    out = indicators(inputs, "--format", "markdown", "--lang", "fr", env=marked)
    assert out.startswith("# ⟦Indicators of the Implementation Plan across Parties⟧\n")
    assert "## ⟦Goal A.1⟧" in out
    header = "| ⟦Indicator⟧ | ⟦Wording⟧ | ⟦Among⟧ | ⟦Percentage⟧ | ⟦Numerator⟧ | ⟦Denominator⟧ | ⟦Not declared⟧ | ⟦Excluded⟧ | ⟦Change⟧ |"
    assert out.count(header) == 14
    assert "⟦not computable: ⟦" in out and "⟦Parties to the Cartagena Protocol⟧" in out
    assert ", ⟦no region declared⟧ |" in out
    # the profile's values: the plan's wording, the region a profile declares, the validator's message
    data_words = [entry["wording"] for entry in data["indicators"]] + data["invalid"]
    assert unmarked_words(out, data_words, "markdown") == []


def test_every_word_of_the_html_page_and_its_charts_is_translated(inputs: dict[str, str], marked: dict[str, str], english: dict[str, Any]) -> None:
    data = english
    page = indicators(inputs, "--format", "html", "--lang", "fr", env=marked)
    assert '<html lang="fr">' in page
    assert "<title>⟦Indicators of the Implementation Plan across Parties⟧</title>" in page
    assert "<h2>⟦Goal A.10⟧</h2>" in page
    assert "<th>⟦Indicator⟧</th><th>⟦Wording⟧</th><th>⟦Among⟧</th>" in page
    # the charts: their label and bar captions (each figure isolated)
    assert 'aria-label="⟦Indicators of goal A.10⟧"' in page
    # the percentage as Babel writes it in French (a number, not a word of the catalog)
    assert re.search(r'<span class="bar-figures">⟦<bdi>\d+,\d\u00a0%</bdi>  \(<bdi>\d+</bdi>/<bdi>\d+</bdi>; not declared <bdi>\d+</bdi>\)⟧</span>', page)
    # the wording is the plan's English text, marked so; and one line says why
    wording = html.escape(data["indicators"][0]["wording"])
    assert f'<td lang="en">{wording}</td>' in page
    assert "⟦The indicators&#x27; wording is the plan&#x27;s text, quoted in English" in page
    data_words = [entry["wording"] for entry in data["indicators"]] + data["invalid"]
    assert unmarked_words(page, data_words, "html") == []
    svg_words = {word for label in re.findall(r'aria-label="([^"]*)"', page) for word in re.findall(r"[A-Za-z]{2,}", re.sub(r"⟦[^⟧]*⟧", "", label))}
    assert svg_words == set()


def test_a_goal_without_a_computable_indicator_says_so_in_the_language(marked: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.i18n
    from engine.indicators.html import _chart

    monkeypatch.setattr(engine.i18n, "LOCALE_DIR", Path(marked["CARTAGENA_LOCALE_DIR"]))
    engine.i18n._translations.cache_clear()
    try:
        assert _chart("A.2", [{"computable": False}], "fr") == '<p class="nc">⟦No indicator of this goal is computable from Party profiles.⟧</p>'
    finally:
        engine.i18n._translations.cache_clear()  # the next test reads the catalogs monkeypatch restores


def test_json_records_the_language_and_translates_only_the_human_words(inputs: dict[str, str], marked: dict[str, str], english: dict[str, Any]) -> None:
    french = json.loads(indicators(inputs, "--format", "json", "--lang", "fr", env=marked))
    schema = json.loads((RULE_SCHEMA_DIR / "indicators-report.schema.json").read_text(encoding="utf-8"))
    for output in (english, french):
        jsonschema.validate(output, schema)
    assert (english["lang"], french["lang"]) == ("en", "fr")
    assert french["rounding"] == "⟦" + english["rounding"] + "⟧"
    assert french["duplicates"] == "⟦" + english["duplicates"] + "⟧"
    for old, new in zip(english["indicators"], french["indicators"]):
        # the plan's text; where the source lacks it, the tool's words that say so, translated
        assert new["wording"] == old["wording"] or new["wording"] == f"⟦{old['wording']}⟧"
        for key in ("denominator_parties", "not_computable"):
            if key in old:
                assert new[key] == "⟦" + old[key] + "⟧"
        if "judgement" in old:  # the plan's words quoted as they are; how they are read, translated
            assert new["judgement"] == {"words": old["judgement"]["words"], "reading": "⟦" + old["judgement"]["reading"] + "⟧"}
        # ids, codes, figures and region values never change
        assert {k: v for k, v in new.items() if k not in ("denominator_parties", "not_computable", "judgement", "wording")} == {
            k: v for k, v in old.items() if k not in ("denominator_parties", "not_computable", "judgement", "wording")
        }
    strip = ("lang", "rounding", "duplicates", "indicators")
    assert {k: v for k, v in french.items() if k not in strip} == {k: v for k, v in english.items() if k not in strip}


def test_csv_keeps_its_columns_and_ids_and_translates_the_reason(inputs: dict[str, str], marked: dict[str, str]) -> None:
    english = list(csv.DictReader(io.StringIO(indicators(inputs, "--format", "csv"))))
    french = list(csv.DictReader(io.StringIO(indicators(inputs, "--format", "csv", "--lang", "fr", env=marked))))
    assert [row.keys() for row in french] == [row.keys() for row in english]
    for old, new in zip(english, french):
        for key in ("not_computable", "judgement_reading"):
            assert new[key] == ("⟦" + old[key] + "⟧" if old[key] else "")
        # the wording is the plan's text, or the tool's words saying what the source lacks (translated)
        assert new["wording"] == old["wording"] or new["wording"] == f"⟦{old['wording']}⟧"
        translated = ("not_computable", "judgement_reading", "wording")
        assert {k: v for k, v in new.items() if k not in translated} == {k: v for k, v in old.items() if k not in translated}


def test_counts_take_the_plural_form_the_language_gives_them(tmp_path: Path) -> None:
    """Russian has three forms: 1 (and 21), 2-4, 5-20. One, three and six profiles of as many Parties."""
    env = {"CARTAGENA_LOCALE_DIR": str(plural_locale(tmp_path / "locale", "ru"))}
    folders = {}
    for count in (1, 3, 6):
        folder = tmp_path / str(count)
        folder.mkdir()
        # Examplia first: it has everything in place, so its denominators are 1
        for path in sorted(PROFILES.glob("*.json"), key=lambda path: not path.name.startswith("examplia"))[:count]:
            shutil.copy(path, folder / path.name)
        folders[count] = folder
    for count, index in ((1, 0), (3, 1), (6, 2)):
        out = cartagena("indicators", str(folders[count]), "--engine", "python", "--lang", "ru", env=env).stdout
        assert f"⟦{form(index, f'{count} profiles')} of {form(index, f'{count} Parties')}.⟧" in out
    # a denominator of 1 Party, and one of 0 (an indicator Examplia does not declare)
    one = " ".join(cartagena("indicators", str(folders[1]), "--engine", "python", "--lang", "ru", env=env).stdout.split())
    assert f"(1 of {form(0, '1 Parties')});" in one
    assert f"(0 of {form(2, '0 Parties')});" in one  # 0 takes the form of 5-20


def test_english_is_unchanged_by_the_catalogs_and_the_default(inputs: dict[str, str], marked: dict[str, str]) -> None:
    for output_format in ("text", "markdown", "html", "csv", "json"):
        default = indicators(inputs, "--format", output_format)
        assert indicators(inputs, "--format", output_format, "--lang", "en", env=marked) == default
        assert "⟦" not in default
    text = indicators(inputs)
    assert "9 profiles of 8 Parties." in text and "Indicators of the Implementation Plan across Parties" in text
    page = indicators(inputs, "--format", "html")
    assert '<html lang="en"><head>' in page and 'lang="en">' not in page.split("<body>", 1)[1]


def test_cartagena_lang_is_the_default_and_the_option_wins(inputs: dict[str, str], marked: dict[str, str]) -> None:
    french = indicators(inputs, "--lang", "fr", env=marked)
    assert indicators(inputs, env={**marked, "CARTAGENA_LANG": "fr"}) == french
    assert indicators(inputs, "--lang", "en", env={**marked, "CARTAGENA_LANG": "fr"}) == indicators(inputs)


@pytest.mark.parametrize(("args", "env", "named"), [(("--lang", "xx"), None, "'xx'"), ((), {"CARTAGENA_LANG": "xx"}, "CARTAGENA_LANG='xx'")])
def test_an_unknown_language_is_a_usage_error_naming_the_six(args: tuple[str, ...], env: dict[str, str] | None, named: str) -> None:
    result = cartagena("indicators", str(PROFILES), *args, env=env)
    assert result.returncode == 2 and result.stdout == ""
    assert f"{named} {SIX}" in result.stderr and "Traceback" not in result.stderr


def test_arabic_page_reads_right_to_left_and_its_charts_left_to_right(inputs: dict[str, str], marked: dict[str, str]) -> None:
    page = indicators(inputs, "--format", "html", "--lang", "ar", env=marked)
    assert '<html lang="ar" dir="rtl">' in page
    assert "th,td{text-align:start}" in page
    # each bar's id reads left to right; its figures isolated (no "6/61" for "6/6; ... 1")
    assert page.count('<b dir="ltr">') == page.count('class="bar-row"') > 0 and "<bdi>" in page
    french = indicators(inputs, "--format", "html", "--lang", "fr", env=marked)
    assert 'dir="rtl"' not in french and '<b dir="ltr">' in french


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_same_inputs_and_language_give_the_same_bytes(inputs: dict[str, str], marked: dict[str, str], lang: str) -> None:
    for output_format in ("text", "html", "json"):
        args = ("--format", output_format, "--lang", lang)
        assert indicators(inputs, *args, env=marked) == indicators(inputs, *args, env=marked)


def test_translated_words_are_escaped_in_each_syntax(inputs: dict[str, str], tmp_path: Path) -> None:
    """A translation is the tool's own text, but escaped like any other: no tag, no table cell, no formula."""
    env = {"CARTAGENA_LOCALE_DIR": str(marked_locale(tmp_path, "fr", mark=lambda message: f'=<i>*|"{message}'))}
    page = indicators(inputs, "--format", "html", "--lang", "fr", env=env)
    assert "<i>" not in page and "=&lt;i&gt;*|&quot;Indicators of the Implementation Plan across Parties" in page
    assert 'aria-label="=&lt;i&gt;*|&quot;Indicators of goal A.1"' in page
    markdown = indicators(inputs, "--format", "markdown", "--lang", "fr", env=env)
    assert "<i>" not in markdown and "=\\<i\\>\\*\\|" in markdown
    assert table_cells(markdown) == {9}  # every row as many cells as its header, whatever the words
    rows = list(csv.DictReader(io.StringIO(indicators(inputs, "--format", "csv", "--lang", "fr", env=env))))
    reasons = [row["not_computable"] for row in rows if row["not_computable"]]
    assert reasons and all(reason.startswith("'=<i>*|\"") for reason in reasons)  # never a formula
