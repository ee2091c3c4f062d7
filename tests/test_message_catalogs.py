"""The tool's own words in five languages besides English: gettext catalogs checked with Babel.

Every message the code marks (`tr(lang, "...")`, extracted by Babel) is in every catalog, translated,
not fuzzy, with the same format placeholders as the English; the compiled .mo says what the .po
says; and the check itself catches a tampered catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from engine.i18n import LOCALE_DIR, tr
from tests.clirun import ROOT, cartagena

LANGS = ("ar", "es", "fr", "ru", "zh")
SOURCES = [ROOT / "engine" / "reporters" / "html.py"]
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[sdifr]")


def marked_messages() -> set[str]:
    found: set[str] = set()
    for source in SOURCES:
        for _line, message, _comments, _context in extract_from_file("python", str(source), keywords={"tr": (2,)}):
            found.add(message)
    return found


def catalog_problems(po_path: Path, expected: set[str]) -> list[str]:
    """One line per problem of a catalog: missing, obsolete, untranslated, fuzzy, placeholders differ."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    have = {message.id for message in catalog if message.id}
    problems += [f"missing: {m!r}" for m in sorted(expected - have)]
    problems += [f"not in the code: {m!r}" for m in sorted(have - expected)]
    for message in catalog:
        if not message.id:
            continue
        if not message.string:
            problems.append(f"untranslated: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if sorted(PLACEHOLDER.findall(message.id)) != sorted(PLACEHOLDER.findall(message.string or "")):
            problems.append(f"placeholders differ: {message.id!r} -> {message.string!r}")
    return problems


def test_the_code_marks_messages_for_translation() -> None:
    assert {"Gaps", "Not declared", "Not applicable", "Met", "Provenance", "Obligation"} <= marked_messages()


@pytest.mark.parametrize("lang", LANGS)
def test_each_catalog_is_complete_and_its_placeholders_are_the_englishs(lang: str) -> None:
    assert catalog_problems(LOCALE_DIR / lang / "LC_MESSAGES" / "cartagena.po", marked_messages()) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_catalog_says_what_the_po_says(lang: str) -> None:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    with (folder / "cartagena.po").open("rb") as po, (folder / "cartagena.mo").open("rb") as mo:
        source, compiled = read_po(po), read_mo(mo)
    assert {m.id: m.string for m in source if m.id} == {m.id: m.string for m in compiled if m.id}, (
        "run: pybabel compile -d engine/locale -D cartagena"
    )


def test_the_check_catches_a_tampered_catalog(tmp_path: Path) -> None:
    text = (LOCALE_DIR / "fr" / "LC_MESSAGES" / "cartagena.po").read_text(encoding="utf-8")
    text = text.replace('msgid "Gaps"\nmsgstr "Lacunes"', '#, fuzzy\nmsgid "Gaps"\nmsgstr "Lacunes"')
    text = text.replace('msgid "Met"\nmsgstr "Satisfait"', 'msgid "Met"\nmsgstr ""')
    text = text.replace('msgid "Summary"\nmsgstr "Résumé"', 'msgid "Summary"\nmsgstr "Résumé {n}"')
    text += '\nmsgid "Something else"\nmsgstr "Autre chose"\n'
    tampered = tmp_path / "cartagena.po"
    tampered.write_text(text, encoding="utf-8")
    assert sorted(catalog_problems(tampered, marked_messages() | {"A new message"})) == sorted([
        "missing: 'A new message'",
        "not in the code: 'Something else'",
        "fuzzy: 'Gaps'",
        "placeholders differ: 'Summary' -> 'Résumé {n}'",
        "untranslated: 'Met'",
    ])


def test_the_html_report_uses_the_catalog() -> None:
    assert tr("fr", "Gaps") == "Lacunes" and tr("en", "Gaps") == "Gaps"
    result = cartagena("check", "--format", "html", "--lang", "fr", "--engine", "python", "profiles/demoland-almost-nothing-declared.json")
    assert result.returncode == 0, result.stderr
    assert "<h1>Contrôle de conformité au Protocole de Cartagena</h1>" in result.stdout
    assert re.search(r'<h3 id="party-1-XDE-gap-h">Lacunes \(0\)</h3>', result.stdout)
    assert re.search(r'<h3 id="party-1-XDE-not_declared-h">Non déclaré \(101\)</h3>', result.stdout)
