"""The tool's own words in five languages besides English: gettext catalogs checked with Babel.

Both domains (`cartagena`: the words in the code and the profile's field descriptions;
`cartagena-rules`: the rule files' titles, messages and advice, and the indicator catalog's labels)
as `scripts/catalogs.py` extracts them: every message in every catalog, translated, not fuzzy, every
plural form given, the same format placeholders as the English; the catalogs up to date with the
sources (`scripts/catalogs.py --check`); the compiled .mo says what the .po says; and the check
itself catches a tampered catalog."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from engine.i18n import DOMAINS, LOCALE_DIR, rule_words, tr, trn
from tests.clirun import ROOT, cartagena
from tests.i18nkit import catalogs

LANGS = ("ar", "es", "fr", "ru", "zh")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[sdifr]")
NPLURALS = {"ar": 6, "es": 2, "fr": 2, "ru": 3, "zh": 1}


class _Keeping(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def extracted(domain: str) -> Catalog:
    return catalogs.extract(domain)


def expected_ids(domain: str) -> set[object]:
    return {message.id for message in extracted(domain) if message.id}


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def catalog_problems(po_path: Path, expected: set[object], nplurals: int | None = None) -> list[str]:
    """One line per problem of a catalog: missing, not in the code, untranslated, fuzzy, a plural
    form missing, placeholders differing from the English."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    have = {message.id for message in catalog if message.id}
    problems += [f"missing: {m!r}" for m in sorted(expected - have, key=str)]
    problems += [f"not in the code: {m!r}" for m in sorted(have - expected, key=str)]
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if isinstance(message.id, tuple):  # plural forms: each may leave {n} out ("one" in words)
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if nplurals is not None and len(forms) != nplurals or not all(forms):
                problems.append(f"untranslated: {message.id!r} (plural forms {len(forms)}, given {sum(map(bool, forms))})")
            allowed = set(_placeholders(message.id[1]))
            for form in forms:
                if not set(_placeholders(form or "")) <= allowed or set(_placeholders(message.id[1])) - {"{n}"} - set(_placeholders(form or "")):
                    problems.append(f"placeholders differ: {message.id!r} -> {form!r}")
            continue
        if not message.string:
            problems.append(f"untranslated: {message.id!r}")
        elif _placeholders(message.id) != _placeholders(message.string):
            problems.append(f"placeholders differ: {message.id!r} -> {message.string!r}")
    return problems


def test_the_code_and_the_rule_files_give_messages_to_translate() -> None:
    code, rules = expected_ids("cartagena"), expected_ids("cartagena-rules")
    assert {"Gaps", "Not declared", "Not applicable", "Met", "Provenance"} <= code
    assert "Name of the competent national authority." in code  # a profile field's description, read from the models
    assert "National measures to implement the Protocol are fully in place" in rules  # a rule's title
    assert any(isinstance(m, tuple) for m in code)  # counted words with plural forms


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", LANGS)
def test_each_catalog_is_complete_and_its_placeholders_are_the_englishs(lang: str, domain: str) -> None:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    assert catalog_problems(path, expected_ids(domain), NPLURALS[lang]) == []


def test_the_catalogs_are_up_to_date_with_the_sources() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "catalogs.py"), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr + "\nrun: python scripts/catalogs.py"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_catalog_says_what_the_po_says(lang: str, domain: str) -> None:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    with (folder / f"{domain}.po").open("rb") as po, (folder / f"{domain}.mo").open("rb") as mo:
        source, compiled = read_po(po), read_mo(mo)
    def strings(catalog: Catalog) -> dict[object, object]:
        def frozen(value: object) -> object:
            return tuple(value) if isinstance(value, (list, tuple)) else value

        return {frozen(m.id): frozen(m.string) for m in catalog if m.id}

    assert strings(source) == strings(compiled), "run: python scripts/catalogs.py"


def test_the_check_catches_a_tampered_catalog(tmp_path: Path) -> None:
    text = (LOCALE_DIR / "fr" / "LC_MESSAGES" / "cartagena.po").read_text(encoding="utf-8")
    text = text.replace('msgid "Gaps"\nmsgstr "Lacunes"', '#, fuzzy\nmsgid "Gaps"\nmsgstr "Lacunes"')
    text = text.replace('msgid "Met"\nmsgstr "Satisfait"', 'msgid "Met"\nmsgstr ""')
    text = text.replace('msgid "Summary"\nmsgstr "Résumé"', 'msgid "Summary"\nmsgstr "Résumé {n}"')
    text += '\nmsgid "Something else"\nmsgstr "Autre chose"\n'
    text += '\nmsgid "{n} thing"\nmsgid_plural "{n} things"\nmsgstr[0] "{n} chose"\nmsgstr[1] ""\n'
    tampered = tmp_path / "cartagena.po"
    tampered.write_text(text, encoding="utf-8")
    expected = expected_ids("cartagena") | {"A new message", ("{n} thing", "{n} things")}
    assert sorted(catalog_problems(tampered, expected, 2)) == sorted([
        "missing: 'A new message'",
        "not in the code: 'Something else'",
        "fuzzy: 'Gaps'",
        "placeholders differ: 'Summary' -> 'Résumé {n}'",
        "untranslated: 'Met'",
        "untranslated: ('{n} thing', '{n} things') (plural forms 2, given 1)",
    ])


def test_gettext_gives_the_catalogs_words_and_plural_forms() -> None:
    assert tr("fr", "Gaps") == "Lacunes" and tr("en", "Gaps") == "Gaps"
    title = "National measures to implement the Protocol are fully in place"
    assert rule_words("en", title) == title and rule_words("fr", title) not in ("", title)
    with (LOCALE_DIR / "ru" / "LC_MESSAGES" / "cartagena.po").open("rb") as handle:
        russian = read_po(handle)
    # a message whose three Russian forms (one, few, many) all differ, each chosen by its count
    plural = next(m for m in russian if isinstance(m.id, tuple) and len(set(m.string)) == 3 and "{n}" in m.string[0])
    for count, form in ((1, 0), (21, 0), (3, 1), (24, 1), (5, 2), (11, 2), (12, 2)):
        assert trn("ru", plural.id[0], plural.id[1], count) == plural.string[form].format_map(_Keeping(n=str(count))), count


def test_the_html_report_uses_the_catalog() -> None:
    result = cartagena("check", "--format", "html", "--lang", "fr", "--engine", "python", "profiles/demoland-almost-nothing-declared.json")
    assert result.returncode == 0, result.stderr
    assert "<h1>Contrôle de conformité au Protocole de Cartagena</h1>" in result.stdout
    assert re.search(r'<h3 id="party-1-XDE-gap-h">Lacunes \(0\)</h3>', result.stdout)
    assert re.search(r'<h3 id="party-1-XDE-not_declared-h">Non déclaré \(113\)</h3>', result.stdout)
