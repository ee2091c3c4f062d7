"""`--lang` on `explain`, `init --full` and `export-nr5`: the tool's own words through the gettext
catalogs (proved with marked catalogs, tests/i18nkit.py, so nothing is left in English by
mistake), the plan's text quoted in English, the NR5 draft's free text under the language's key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from engine.l10n import mark
from tests.clirun import cartagena
from tests.i18nkit import CLOSE, OPEN, marked_locale

EVERYTHING = "profiles/examplia-everything-in-place.json"
OBJECTIVE_A82 = "Parties"  # the start of a plan text: quoted as the plan words it, never marked


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {"CARTAGENA_LOCALE_DIR": str(marked_locale(tmp_path_factory.mktemp("locale"), "fr"))}


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = cartagena(*args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def headings(text: str) -> list[str]:
    """The explanation's section headings: unindented lines that are not the first (the id) line."""
    return [line for line in text.splitlines()[1:] if line and not line.startswith(" ")]


@pytest.mark.parametrize("item", ["A.8.2", "CB.A.6-8", "CP-18.2(a)", "Q080", "A.10(a)", "KA.A.6-8.1"])
def test_every_heading_and_label_of_explain_is_translated(item: str, marked: dict[str, str]) -> None:
    english = run("explain", item)
    french = run("explain", item, "--lang", "fr", env=marked)
    assert headings(english), english
    for heading in headings(french):
        assert heading.startswith(OPEN) and heading.endswith(CLOSE), heading
    assert len(headings(french)) == len(headings(english))
    first = french.splitlines()[0]
    assert f"({OPEN}" in first and first.endswith(f"{CLOSE})"), first  # the kind of item
    # the one line saying why the plan's text is English, then the text itself as the plan words it
    assert f"{OPEN}The plan's and the treaties' text is quoted in English" in re.sub(r"\s+", " ", french)
    for label in ("Duty: ", "Answers (choose one): ", "Answers (choose any): "):
        if label in english:  # every label of the English run is marked in the French one (and no word
            assert OPEN + label in french  # is left unmarked anywhere: tests/test_english_leaks.py)


def test_explain_keeps_the_plans_text_in_english_and_translates_the_rules_titles(marked: dict[str, str]) -> None:
    english = run("explain", "A.8.2", "--format", "json")
    french = run("explain", "A.8.2", "--format", "json", "--lang", "fr", env=marked)
    en, fr = json.loads(english), json.loads(french)
    assert fr["text"] == en["text"] and OPEN not in fr["text"]
    assert fr["kind_label"] == f"{OPEN}objective{CLOSE}" and fr["lang"] == "fr" and "lang" not in en
    rules_en, rules_fr = en["extra"][0], fr["extra"][0]
    assert rules_fr["title"] == f"{OPEN}Rules that check it{CLOSE}"
    assert [item["id"] for item in rules_fr["items"]] == [item["id"] for item in rules_en["items"]]
    title = rules_en["items"][0]["text"].split("] ", 1)[1]  # "[obligation under …] Title"
    assert f"{OPEN}{title}{CLOSE}" in rules_fr["items"][0]["text"]


def test_explain_of_a_rule_or_field_translates_its_preface(marked: dict[str, str]) -> None:
    rule = run("explain", "A.8/documentation-contained-use", "--lang", "fr", env=marked).splitlines()
    assert rule[0].startswith("A.8/documentation-contained-use  ⟦(rule of `cartagena check`, {duty})⟧".replace("{duty}", "⟦obligation⟧"))
    assert rule[1].startswith(f"  {OPEN}Documentation of LMOs destined for contained use")
    field = run("explain", "national_biosafety_framework.mainstreaming", "--lang", "fr", env=marked).splitlines()
    assert field[0].endswith(f"{OPEN}(profile field){CLOSE}") and field[1].startswith(f"  {OPEN}")


def test_explain_in_english_is_unchanged_by_the_catalogs(marked: dict[str, str]) -> None:
    assert run("explain", "A.8.2", env=marked) == run("explain", "A.8.2")


def test_the_checklist_of_init_full_is_in_the_chosen_language(tmp_path: Path, marked: dict[str, str]) -> None:
    run("init", "--party", "Examplia", "--code", "XEA", "--as-of", "2026-01-01", "--full", "--lang", "fr",
        str(tmp_path / "p.json"), env=marked)
    lines = (tmp_path / "p.checklist.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# {OPEN}Checklist for p.json: Examplia (XEA){CLOSE}"
    assert lines[2].startswith(f"{OPEN}Every declaration the profile can hold.")
    entries = [line for line in lines if line.startswith("- [ ] `")]
    assert len(entries) > 50
    colon = mark("colon", "fr")  # the French colon, a no-break space before it
    for entry in entries:  # every declaration's description, from the models, is translated
        assert entry.split("`" + colon, 1)[-1].startswith(OPEN) or ")" + colon + OPEN in entry, entry
    assert f"({OPEN}optional{CLOSE})" in "\n".join(lines)  # no word left unmarked: tests/test_english_leaks.py


def test_the_checklist_in_english_is_what_it_was(tmp_path: Path, marked: dict[str, str]) -> None:
    for folder, env in (("a", marked), ("b", None)):
        (tmp_path / folder).mkdir()
        result = cartagena("init", "--party", "Examplia", "--code", "XEA", "--as-of", "2026-01-01", "--full", "p.json", cwd=tmp_path / folder, env=env)
        assert result.returncode == 0, result.stderr
    checklist = (tmp_path / "a" / "p.checklist.md").read_text(encoding="utf-8")
    assert checklist == (tmp_path / "b" / "p.checklist.md").read_text(encoding="utf-8")
    assert OPEN not in checklist and "Every declaration the profile can hold." in checklist


def export(*args: str, env: dict[str, str] | None = None) -> dict:
    return json.loads(run("export-nr5", EVERYTHING, *args, env=env))


def test_export_puts_the_evidence_as_free_text_under_the_languages_key() -> None:
    profile = json.loads(Path(EVERYTHING).read_text(encoding="utf-8"))
    french, english = export("--lang", "fr"), export()
    # free text as the BCH's NR5 form binds it: {"value": {"fr": "..."}}
    free = {key: value["value"] for key, value in french.items() if key.startswith("Q") and isinstance(value, dict) and isinstance(value["value"], dict)}
    assert free and all(list(value) == ["fr"] for value in free.values())
    assert {key: list(value["value"]) for key, value in english.items() if key in free} == {key: ["en"] for key in free}
    # Article 2's "further details" question carries the evidence of question 7 (national measures)
    instrument = profile["national_biosafety_framework"]["national_measures"]["evidence"][0]["instrument"]
    assert instrument in french["Q013"]["value"]["fr"]
    # the record says its language, as the BCH's form does; the coded answers are the same
    assert (french["header"]["languages"], english["header"]["languages"]) == (["fr"], ["en"])
    same = lambda document: {key: value for key, value in document.items() if key not in free and key != "header"}  # noqa: E731
    assert same(french) == same(english)


def test_export_words_its_free_text_with_the_catalogs(marked: dict[str, str]) -> None:
    text = export("--lang", "fr", env=marked)["Q013"]["value"]["fr"]
    # "{question}: {evidence}" and "Question {number}" are both the catalog's
    assert text.startswith(f"{OPEN}{OPEN}Question 7{CLOSE}: "), text


def test_import_gives_the_profile_back_and_says_the_free_text_is_not_imported(tmp_path: Path) -> None:
    draft = tmp_path / "draft.json"
    draft.write_text(run("export-nr5", EVERYTHING, "--lang", "es"), encoding="utf-8")
    result = cartagena("import-nr5", str(draft))
    assert result.returncode == 0, result.stderr
    profile = json.loads(Path(EVERYTHING).read_text(encoding="utf-8"))
    profile.pop("$schema", None)
    assert json.loads(result.stdout) == profile
    assert "/Q013 (NR5 question 13): free text; a profile keeps evidence, not free text (not imported)" in result.stderr


def test_export_with_an_unknown_language_is_a_usage_error() -> None:
    result = cartagena("export-nr5", EVERYTHING, "--lang", "de")
    assert result.returncode == 2 and "ar, en, es, fr, ru, zh" in result.stderr and "Traceback" not in result.stderr


def test_the_same_profile_and_language_give_the_same_bytes() -> None:
    assert run("export-nr5", EVERYTHING, "--lang", "zh") == run("export-nr5", EVERYTHING, "--lang", "zh")
