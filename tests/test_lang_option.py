"""`--lang`: the national report's questions and answers in the BCH's wording in the chosen language,
wherever a command shows them; ids, codes and field names unchanged; the plan's text English and
marked so; same inputs and language, same bytes."""

from __future__ import annotations

import json
import re

import pytest

from engine.catalog import nr5_i18n
from engine.i18n import tr
from tests.clirun import cartagena

ALMOST_NOTHING = "profiles/demoland-almost-nothing-declared.json"
NO_CNA = "profiles/sampleland-no-competent-national-authority.json"
Q7_EN = "Has your country introduced the necessary national measures for the implementation of the Protocol?"
Q7_FR = "Votre pays a-t-il adopté les mesures nationales nécessaires à l’application du Protocole?"
Q7_AR = "هل أدخل بلدك التدابير الوطنية الضرورية لتنفيذ البروتوكول؟"


def check(*args: str, env: dict[str, str] | None = None) -> str:
    result = cartagena("check", "--engine", "python", *args, env=env)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("output_format", ["text", "markdown", "html"])
def test_not_declared_hints_show_the_bchs_french_wording_where_the_english_was(output_format: str) -> None:
    english = check("--format", output_format, ALMOST_NOTHING)
    french = check("--format", output_format, "--lang", "fr", ALMOST_NOTHING)
    flat_en, flat_fr = (re.sub(r"\s+", " ", report) for report in (english, french))
    assert Q7_EN in flat_en and Q7_FR not in flat_en
    assert Q7_FR in flat_fr and Q7_EN not in flat_fr
    # the answer codes stay the codes a profile holds
    assert flat_fr.count("implementation.fullInPlace") == flat_en.count("implementation.fullInPlace") >= 1
    assert "Les mesures nationales sont pleinement en place" in flat_fr


def test_english_is_the_default_and_cartagena_lang_chooses_another() -> None:
    assert check(ALMOST_NOTHING) == check("--lang", "en", ALMOST_NOTHING)
    assert check(ALMOST_NOTHING, env={"CARTAGENA_LANG": "ar"}) == check("--lang", "ar", ALMOST_NOTHING)
    # the option wins over the environment
    assert check("--lang", "en", ALMOST_NOTHING, env={"CARTAGENA_LANG": "ar"}) == check(ALMOST_NOTHING)
    assert Q7_AR in check("--lang", "ar", ALMOST_NOTHING)


@pytest.mark.parametrize(("args", "env", "named"), [
    (("--lang", "de"), None, "'de'"),
    (("--lang", "de_DE.UTF-8"), None, "'de_DE.UTF-8'"),
    ((), {"CARTAGENA_LANG": "klingon"}, "CARTAGENA_LANG='klingon'"),
])
def test_an_unknown_language_is_a_usage_error_naming_the_six(args: tuple[str, ...], env: dict[str, str] | None, named: str) -> None:
    result = cartagena("check", *args, ALMOST_NOTHING, env=env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"cartagena check: --lang: {named} is not one of ar, en, es, fr, ru, zh\n"


@pytest.mark.parametrize(("args", "env"), [
    (("--lang", "FR"), None),
    (("--lang", "fr_FR.UTF-8"), None),
    (("--lang", "fr-CA"), None),
    ((), {"CARTAGENA_LANG": "fr_FR.UTF-8"}),
    ((), {"CARTAGENA_LANG": "FR"}),
    ((), {"CARTAGENA_LANG": "fr_BE@euro"}),
])
def test_a_language_in_any_case_or_as_a_locale_names_it(args: tuple[str, ...], env: dict[str, str] | None) -> None:
    """Issue 21: `--lang FR` and `CARTAGENA_LANG=fr_FR.UTF-8` (as LANG is set on most systems) were refused."""
    assert check(*args, ALMOST_NOTHING, env=env) == check("--lang", "fr", ALMOST_NOTHING)


def test_the_c_locale_is_english() -> None:
    assert check(ALMOST_NOTHING, env={"CARTAGENA_LANG": "C.UTF-8"}) == check(ALMOST_NOTHING)


@pytest.mark.parametrize("lang", nr5_i18n.LANGUAGES)
def test_same_inputs_and_language_give_the_same_bytes(lang: str) -> None:
    for output_format in ("text", "html", "json"):
        env = {"SOURCE_DATE_EPOCH": "1767225600"}
        assert check("--format", output_format, "--lang", lang, ALMOST_NOTHING, env=env) == check(
            "--format", output_format, "--lang", lang, ALMOST_NOTHING, env=env
        )


def _without_words(report: dict) -> dict:
    """The report with the NR5 wording, the rules' words (translated by gettext) and the language
    taken out: what must not change."""
    report = json.loads(json.dumps(report))
    del report["lang"]
    for details in report["rules"]["details"].values():
        details.pop("title"), details.pop("messages"), details["remediation"].pop("advice")
        details["remediation"].pop("why_outside_goal", None)
    for key, item in report["plan"].items():
        if re.fullmatch(r"Q\d+(_\w+)?", key):
            item.pop("text"), item.pop("label")  # the BCH's wording, and the tool's label of the question in the language
            for answer in item.get("answers", ()):
                answer.pop("title")
    return report


def test_json_keeps_ids_codes_and_fields_and_records_its_language() -> None:
    english = json.loads(check("--format", "json", ALMOST_NOTHING))
    chinese = json.loads(check("--format", "json", "--lang", "zh", ALMOST_NOTHING))
    assert (english["lang"], chinese["lang"]) == ("en", "zh")
    assert _without_words(chinese) == _without_words(english)
    assert chinese["plan"]["Q007"]["text"] == nr5_i18n.questions("zh")["Q007"].title
    # the plan's own text is the same English in both
    assert chinese["plan"]["A.1"] == english["plan"]["A.1"]


def test_sarif_records_the_language_of_its_run() -> None:
    for lang in ("en", "ru"):
        sarif = json.loads(check("--format", "sarif", "--lang", lang, NO_CNA))
        assert sarif["runs"][0]["language"] == lang


def test_html_declares_its_language_and_direction_and_marks_the_plan_english() -> None:
    english = check("--format", "html", NO_CNA)
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert 'lang="en"' not in english.split("\n", 2)[2]  # nothing to mark in an English report
    for lang, root in (("fr", '<html lang="fr">'), ("ar", '<html lang="ar" dir="rtl">'), ("zh", '<html lang="zh">')):
        report = check("--format", "html", "--lang", lang, NO_CNA)
        assert report.startswith(f"<!DOCTYPE html>\n{root}\n")
        assert '<tr id="plan-language">' in report  # why the plan's text is English (in the report's words)
        # every objective and indicator of a gap is quoted in English and marked so (its label in the report's words)
        assert re.search(r'<dt>(?:[^<]|</?bdi[^>]*>)*A\.1\.3(?:[^<]|</?bdi[^>]*>)*</dt><dd lang="en">', report)  # ids isolated in Arabic
        assert re.search(r'<dt>(?:[^<]|</?bdi[^>]*>)*A\.1\(c\)(?:[^<]|</?bdi[^>]*>)*</dt><dd lang="en">', report)
        assert not re.search(r"<dt>[^<]*A\.1\.[0-9][^<]*</dt><dd>", report)
        assert re.search(r'A\.1(?:</bdi>)?</a>[^<]*<span lang="en"(?: dir="ltr")?>Parties have', report)


def test_html_escapes_and_never_trusts_the_bchs_markup() -> None:
    report = check("--format", "html", "--lang", "ar", ALMOST_NOTHING)
    for tag in ("<i>", "<sup>", "<u>", "target="):
        assert tag not in report
    assert re.findall(r'<a (?!href="#)', report) == []  # only the report's own links


def test_explain_shows_an_nr5_question_in_the_chosen_language() -> None:
    result = cartagena("explain", "Q007", "--lang", "fr")
    assert result.returncode == 0, result.stderr
    flat = re.sub(r"\s+", " ", result.stdout)
    assert Q7_FR in flat and Q7_EN not in flat
    assert "Les mesures nationales sont pleinement en place [implementation.fullInPlace]" in flat
    # the tool's label in the French catalog's words, the BCH's section title in the BCH's
    assert f"{tr('fr', 'NR5 section')} Article2 Article 2 – Dispositions générales" in flat
    assert tr("fr", "NR5 section") != "NR5 section"
    # the plan's text stays English
    assert f"{tr('fr', 'Goal')} A.1 Parties have in place functional national biosafety frameworks" in flat
    english = cartagena("explain", "Q007")
    assert english.stdout == cartagena("explain", "Q007", "--lang", "en").stdout
    assert Q7_EN in re.sub(r"\s+", " ", english.stdout)


def test_explain_json_records_the_language_and_keeps_keys_and_codes() -> None:
    english = json.loads(cartagena("explain", "A.1.1", "--format", "json").stdout)
    russian = json.loads(cartagena("explain", "A.1.1", "--format", "json", "--lang", "ru").stdout)
    assert "lang" not in english and russian.pop("lang") == "ru"
    question = russian["nr5_questions"][0]
    assert question["key"] == "Q007" and question["title"] == nr5_i18n.questions("ru")["Q007"].title
    assert [o["value"] for o in question["options"]] == [o["value"] for o in english["nr5_questions"][0]["options"]]
    assert russian["text"] == english["text"]  # the plan's objective, in English


def test_explain_refuses_an_unknown_language() -> None:
    result = cartagena("explain", "Q007", "--lang", "pt")
    assert result.returncode == 2
    assert "'pt' is not one of ar, en, es, fr, ru, zh" in result.stderr


def test_init_full_writes_the_checklist_questions_and_answers_in_the_chosen_language(tmp_path) -> None:
    result = cartagena("init", "--party", "Exemple", "--code", "XEA", "--as-of", "2026-01-01", "--full", "--lang", "es", str(tmp_path / "x.json"))
    assert result.returncode == 0, result.stderr
    checklist = (tmp_path / "x.checklist.md").read_text(encoding="utf-8")
    spanish = nr5_i18n.questions("es")["Q007"]
    assert f"  - NR5 pregunta 7 (Q007): {spanish.title}\n" in checklist  # the label in the Spanish catalog's words
    answers = tr("es", "its answers: {answers}").format(answers=f"`implementation.fullInPlace` = {spanish.options[0].title};")
    assert "    - " + answers.split(";")[0] + ";" in checklist
    assert Q7_EN not in checklist
    # the profile itself is the same in every language
    english_dir = tmp_path / "en"
    english_dir.mkdir()
    assert cartagena("init", "--party", "Exemple", "--code", "XEA", "--as-of", "2026-01-01", "--full", str(english_dir / "x.json")).returncode == 0
    assert (english_dir / "x.json").read_bytes() == (tmp_path / "x.json").read_bytes()
    assert f"  - NR5 question 7 (Q007): {Q7_EN}\n" in (english_dir / "x.checklist.md").read_text(encoding="utf-8")
