"""`cartagena diff --lang`: every word of the tool's own in the chosen language (proved with marked
catalogs, tests/i18nkit.py), the plan's goal texts English and marked so, counts in the language's
plural forms, English unchanged, the JSON recording the language of the words it carries, the same
bytes for the same inputs and language, translated words escaped in each syntax."""

from __future__ import annotations

import copy
import html
import itertools
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from engine.catalog.present import INSTRUMENTS, duty_label
from engine.diff import DUTY_LABELS
from engine.paths import DIFF_SCHEMA_PATH
from engine.reporters.escaping import markdown_text
from tests.clirun import cartagena
from tests.i18nkit import marked_locale
from tests.langkit import form, marked, plural_locale, table_cells, unmarked_words  # noqa: F401  (marked: a fixture)
from tests.test_diff import cycles, write

DAY = {"SOURCE_DATE_EPOCH": "1796000000"}  # 2026-11-30: the waiver below is in force
SIX = "is not one of ar, en, es, fr, ru, zh"
WAIVERS = """\
waivers:
  - rule: A.1/authorities-notified
    party: XSA
    reason: Notification follows the designation.
    approved_by: Compliance Committee, 20th meeting
    approved_on: 2026-05-12
    expires: 2027-05-12
    reference: CBD/CP/CC/20/5, recommendation 3
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Sampleland in two cycles (a gap closed, a new gap now waived, a declaration new, one lost), a
    Party only in OLD and one only in NEW; a saved report of other rules; a profile of another Party."""
    root = tmp_path_factory.mktemp("diff")
    old, new = cycles()
    only_old, only_new = copy.deepcopy(old), copy.deepcopy(new)
    only_old["party"].update(code="XOB", name="Oldonia")
    only_new["party"].update(code="XNB", name="Newonia")
    paths = {
        "old": str(Path(write(root / "old" / "xsa.json", old)).parent),
        "new": str(Path(write(root / "new" / "xsa.json", new)).parent),
        "waivers": str(root / "waivers.yaml"),
    }
    write(root / "old" / "xob.json", only_old)
    write(root / "new" / "xnb.json", only_new)
    Path(paths["waivers"]).write_text(WAIVERS, encoding="utf-8")
    paths["new_file"] = str(root / "new" / "xsa.json")
    report = json.loads(cartagena("check", "--engine", "python", "--format", "json", str(root / "old" / "xsa.json")).stdout)
    report["rules"]["sha256"] = "0" * 64
    paths["report"] = write(root / "report.json", report)
    other = copy.deepcopy(old)
    other["party"].update(code="XZZ", name="Zedland")
    paths["other"] = write(root / "other.json", other)
    return paths


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return cartagena("diff", *args, "--engine", "python", env={**DAY, **(env or {})})


def folders(inputs: dict[str, str], *args: str, env: dict[str, str] | None = None) -> str:
    """OLD and NEW folders with the waivers: exit 1 (the Party only in NEW has new gaps)."""
    result = run(inputs["old"], inputs["new"], "--waivers", inputs["waivers"], *args, env=env)
    assert result.returncode == 1, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def english(inputs: dict[str, str]) -> dict[str, Any]:
    return json.loads(folders(inputs, "--format", "json"))


def quoted(diff: dict[str, Any], escape: Any = str) -> list[str]:
    """What the output quotes, as the format writes it: the plan's goal texts, the profiles' and the
    waiver's values, rule ids, file names."""
    out: list[str] = [diff["old"]["path"], diff["new"]["path"]]
    for party in diff["parties"]:
        out += [party["party"]["name"], party["new"]["file"]]
        for goal in party["goals"]:
            out.append(goal["text"])
            for change in goal["changes"]:
                out.append(change["rule"])
                waiver = change.get("waiver")
                if waiver:
                    out += [waiver["approved_by"], waiver["reason"], waiver["reference"], waiver["file"]]
    for party in diff["only_in_old"]:
        out += [party["name"], party["file"]]
    return [escape(item) for item in out]


def test_every_word_of_the_text_format_is_translated(inputs: dict[str, str], marked: dict[str, str], english: dict[str, Any]) -> None:
    out = folders(inputs, "--lang", "fr", env=marked)
    lines = out.splitlines()
    assert lines[0] == "⟦Changes between reporting cycles⟧"
    assert lines[1].startswith(f"⟦OLD {inputs['old']} (⟦profiles⟧, ⟦2 profiles⟧)⟧ -> ⟦NEW ")
    for words in [
        "⟦The goals' texts are the plan's, quoted in English",
        "⟦Newonia (XNB), as of 31 mars 2026, only in NEW (its gaps are new)⟧",  # the date as French writes it
        "⟦Federation of Sampleland (XSA), as of 28 février 2026 -> 31 mars 2026⟧",
        "⟦Goal A.1: Parties have in place functional national biosafety frameworks⟧",
        "⟦⟦(not in OLD)⟧ -> ⟦gap⟧ [⟦obligation under the Cartagena Protocol⟧]⟧  ⟦FAILS⟧",
        "⟦⟦met⟧ -> ⟦waived⟧ [⟦obligation under the Cartagena Protocol⟧]⟧",
        "⟦⟦not declared⟧ -> ⟦met⟧ [⟦commitment under the plan⟧]⟧",
        "⟦waived: ⟦approved by Compliance Committee, 20th meeting on 12 mai 2026",
        "; ⟦110 unchanged⟧⟧",
        "⟦Only in OLD, not compared: ⟦Oldonia (XOB), as of 28 février 2026, ",
        "⟦cartagena-compliance ",
        "⟦Compared ⟦2 Parties⟧: ⟦⟦3 new gaps⟧, ⟦1 gaps closed⟧, ⟦1 newly declared⟧, ⟦1 no longer declared⟧, ⟦1 other changes⟧⟧; ⟦⟦3 changes failing⟧ (new gaps",
    ]:
        assert words in out, words
    kinds = [line for line in lines if line.startswith("  ⟦")]
    assert {line.split("⟧")[0][3:] for line in kinds} == {"new gap", "gap closed", "newly declared", "no longer declared", "changed"}
    # the rules line up after the longest kind in the language
    assert len({line.index(" A.") for line in kinds}) == 1
    assert unmarked_words(out, quoted(english)) == []


def test_every_word_of_the_markdown_format_is_translated(inputs: dict[str, str], marked: dict[str, str], english: dict[str, Any]) -> None:
    out = folders(inputs, "--format", "markdown", "--lang", "fr", env=marked)
    assert out.startswith("# ⟦Changes between reporting cycles⟧\n")
    assert "| ⟦Change⟧ | ⟦Rule⟧ | ⟦From -> to⟧ | ⟦Fails⟧ |" in out
    assert "### ⟦Goal A.1: Parties have in place functional national biosafety frameworks⟧" in out
    assert "| **⟦yes⟧** |" in out and "| ⟦no⟧ |" in out
    assert "## ⟦Only in OLD (not compared)⟧" in out
    assert "**⟦⟦⟦3 new gaps⟧, " in out
    assert unmarked_words(out, quoted(english), "markdown") == []


def test_every_word_of_the_html_page_is_translated(inputs: dict[str, str], marked: dict[str, str], english: dict[str, Any]) -> None:
    page = folders(inputs, "--format", "html", "--lang", "fr", env=marked)
    assert '<html lang="fr"><head>' in page
    assert "<title>⟦Changes between reporting cycles⟧</title>" in page
    assert "<th>⟦Change⟧</th><th>⟦Rule⟧</th><th>⟦From -&gt; to⟧</th><th>⟦Fails⟧</th>" in page
    # the goal's text is the plan's English, marked so inside the translated heading
    assert '<h3>⟦Goal A.1: <span lang="en">Parties have in place functional national biosafety frameworks</span>⟧</h3>' in page
    assert "<td>⟦yes⟧</td>" in page and "<td>⟦no⟧</td>" in page
    assert unmarked_words(page, quoted(english), "html") == []


def test_rule_titles_come_from_the_rule_files_catalog(inputs: dict[str, str], marked: dict[str, str], english: dict[str, Any]) -> None:
    titles = [change["title"] for party in english["parties"] for goal in party["goals"] for change in goal["changes"]]
    markdown = folders(inputs, "--format", "markdown", "--lang", "fr", env=marked)
    page = folders(inputs, "--format", "html", "--lang", "fr", env=marked)
    for title in titles:
        assert markdown_text(f"⟦{title}⟧") in markdown
        assert html.escape(f"⟦{title}⟧") in page


def test_the_notes_and_problems_the_comparison_finds_are_translated(inputs: dict[str, str], marked: dict[str, str]) -> None:
    noted = run(inputs["report"], inputs["new_file"], "--lang", "fr", env=marked)
    assert noted.returncode == 1
    note = f"⟦{inputs['report']}: the report was made with other rules (rules.sha256 {'0' * 64}, current "
    assert f"⟦Note: {note}" in noted.stdout and f"cartagena diff: {note}" in noted.stderr
    mismatched = run(inputs["other"], inputs["new_file"], "--lang", "fr", env=marked)
    assert mismatched.returncode == 2
    problem = f"{inputs['new_file']}: ⟦not the same Party: OLD {inputs['other']} is Zedland (XZZ), NEW is Federation of Sampleland (XSA)⟧"
    assert f"⟦Problem: {problem}⟧" in mismatched.stdout and problem in mismatched.stderr
    swapped = run(inputs["new_file"], str(Path(inputs["old"]) / "xsa.json"), "--lang", "fr", env=marked)
    assert swapped.returncode == 2 and "⟦NEW is older than OLD: XSA as of 2026-02-28 in NEW, 2026-03-31 in OLD " in swapped.stderr
    broken = dict(json.loads(Path(inputs["report"]).read_text(encoding="utf-8")), rules={})
    path = Path(inputs["report"]).with_name("broken-report.json")
    path.write_text(json.dumps(broken), encoding="utf-8")
    unreadable = run(str(path), inputs["new_file"], "--lang", "fr", env=marked)
    assert unreadable.returncode == 2 and "⟦not a report of `cartagena check --format json`: ⟦no rules.sha256⟧⟧" in unreadable.stderr


def test_json_records_the_language_and_carries_its_words(inputs: dict[str, str], marked: dict[str, str], english: dict[str, Any]) -> None:
    french = json.loads(folders(inputs, "--format", "json", "--lang", "fr", env=marked))
    schema = json.loads(DIFF_SCHEMA_PATH.read_text(encoding="utf-8"))
    for output in (english, french):
        jsonschema.validate(output, schema)
    assert (english["lang"], french["lang"]) == ("en", "fr")
    changes = [
        (old, new)
        for party_en, party_fr in zip(english["parties"], french["parties"])
        for goal_en, goal_fr in zip(party_en["goals"], party_fr["goals"])
        for old, new in zip(goal_en["changes"], goal_fr["changes"])
    ]
    assert changes
    for old, new in changes:
        assert new["title"] == f"⟦{old['title']}⟧" and new["duty_label"] == f"⟦{old['duty_label']}⟧"
        # ids, kinds, statuses and codes never change
        assert {k: v for k, v in new.items() if k not in ("title", "duty_label")} == {k: v for k, v in old.items() if k not in ("title", "duty_label")}
    assert [goal["text"] for party in french["parties"] for goal in party["goals"]] == [
        goal["text"] for party in english["parties"] for goal in party["goals"]
    ]


def test_every_duty_label_is_marked_for_translation() -> None:
    # a duty named by the instrument of the paragraph that carries it (issue 23: commitments too)
    labels = {duty_label(duty, instrument) for duty in ("obligation", "commitment", "option") for instrument in (*INSTRUMENTS, None)}
    assert labels | {"obligation", "commitment", "option"} == set(DUTY_LABELS)
    assert duty_label("commitment", "cartagena_protocol") == "commitment under the Cartagena Protocol"


def test_the_local_provenance_and_waiver_words_say_what_the_check_reports_say(english: dict[str, Any]) -> None:
    """engine.reporters.diff words them in a language; in English they must read as layout's do."""
    from engine.reporters import layout
    from engine.reporters.diff import provenance, waiver_words

    assert provenance(english) == layout.provenance_line(english)
    waivers = [change["waiver"] for party in english["parties"] for goal in party["goals"] for change in goal["changes"] if change.get("waiver")]
    assert waivers
    for waiver in waivers + [{key: value for key, value in waivers[0].items() if key != "reference"}]:
        assert waiver_words(waiver) == layout.waiver_words(waiver)


def test_counts_take_the_plural_form_the_language_gives_them(inputs: dict[str, str], tmp_path: Path) -> None:
    """Russian: 1 (and 21) form 0, 2-4 form 1, 0 and 5-20 form 2."""
    env = {"CARTAGENA_LOCALE_DIR": str(plural_locale(tmp_path, "ru"))}
    out = folders(inputs, "--lang", "ru", env=env)
    assert f"({form(2, 'profiles')}" not in out  # "profiles" (the kind of source) is no count
    assert f"{form(1, '2 profiles')})" in out
    # Sampleland: 0 new gaps (0 takes the form of 5-20), one of each other kind, 98 rules unchanged
    assert (
        f"⟦{form(2, '0 new gaps')}, {form(0, '1 gaps closed')}, {form(0, '1 newly declared')}, "
        f"{form(0, '1 no longer declared')}, {form(0, '1 other changes')}⟧; {form(2, '110 unchanged')}⟧" in out
    )
    assert f"⟦Compared {form(1, '2 Parties')}: ⟦{form(1, '3 new gaps')}, " in out
    assert f"⟦{form(1, '3 changes failing')} (new gaps" in out


def test_english_is_unchanged_by_the_catalogs_and_the_default(inputs: dict[str, str], marked: dict[str, str]) -> None:
    for output_format in ("text", "markdown", "html", "json"):
        default = folders(inputs, "--format", output_format)
        assert folders(inputs, "--format", output_format, "--lang", "en", env=marked) == default
        assert "⟦" not in default
    assert '<html lang="en"><head>' in folders(inputs, "--format", "html")
    assert "Compared 2 Parties: 3 new gaps, 1 gap closed, 1 newly declared, 1 no longer declared, 1 other change; 3 changes failing" in folders(inputs)


def test_cartagena_lang_is_the_default_and_the_option_wins(inputs: dict[str, str], marked: dict[str, str]) -> None:
    assert folders(inputs, env={**marked, "CARTAGENA_LANG": "fr"}) == folders(inputs, "--lang", "fr", env=marked)
    assert folders(inputs, "--lang", "en", env={**marked, "CARTAGENA_LANG": "fr"}) == folders(inputs)


@pytest.mark.parametrize(("args", "env", "named"), [(("--lang", "xx"), None, "'xx'"), ((), {"CARTAGENA_LANG": "xx"}, "CARTAGENA_LANG='xx'")])
def test_an_unknown_language_is_a_usage_error_naming_the_six(
    inputs: dict[str, str], args: tuple[str, ...], env: dict[str, str] | None, named: str
) -> None:
    result = run(inputs["old"], inputs["new"], *args, env=env)
    assert result.returncode == 2 and result.stdout == ""
    assert f"{named} {SIX}" in result.stderr and "Traceback" not in result.stderr


def test_arabic_page_reads_right_to_left(inputs: dict[str, str], marked: dict[str, str]) -> None:
    page = folders(inputs, "--format", "html", "--lang", "ar", env=marked)
    assert '<html lang="ar" dir="rtl"><head>' in page
    assert '[dir="rtl"] p, [dir="rtl"] td' in page  # the check report's style: English keeps its punctuation
    # the plan's English isolated inside the right-to-left page (engine/l10n.py isolate_html)
    assert '<span lang="en" dir="ltr">Parties have in place functional national biosafety frameworks</span>' in page


@pytest.mark.parametrize(("lang", "output_format"), list(itertools.product(["fr", "ar"], ["text", "html", "json"])))
def test_same_inputs_and_language_give_the_same_bytes(inputs: dict[str, str], marked: dict[str, str], lang: str, output_format: str) -> None:
    args = ("--format", output_format, "--lang", lang)
    assert folders(inputs, *args, env=marked) == folders(inputs, *args, env=marked)


def test_translated_words_are_escaped_in_each_syntax(inputs: dict[str, str], tmp_path: Path) -> None:
    env = {"CARTAGENA_LOCALE_DIR": str(marked_locale(tmp_path, "fr", mark=lambda message: f"<i>*_|{message}"))}
    page = folders(inputs, "--format", "html", "--lang", "fr", env=env)
    assert "<i>" not in page and "<title>&lt;i&gt;*_|Changes between reporting cycles</title>" in page
    markdown = folders(inputs, "--format", "markdown", "--lang", "fr", env=env)
    # no tag: "<" backslash-escaped in the tool's words, an entity in text the format quotes
    assert not re.search(r"(?<!\\)<i>", markdown) and "# \\<i>\\*\\_\\|Changes between reporting cycles" in markdown
    assert table_cells(markdown) == {4}  # whatever the words
    text = folders(inputs, "--lang", "fr", env={"CARTAGENA_LOCALE_DIR": str(marked_locale(tmp_path / "esc", "fr", mark=lambda m: "\x1b[31m" + m))})
    assert "\x1b" not in text and "\\u001b[31mChanges between reporting cycles" in text
