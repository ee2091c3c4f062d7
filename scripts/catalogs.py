"""Extract, update and compile the gettext catalogs of the tool's own words (see engine/i18n.py).

    python scripts/catalogs.py            extract both domains to engine/locale/<domain>.pot, merge
                                          them into every language's .po (a new or changed message
                                          untranslated, never guessed), compile each .po to its .mo
    python scripts/catalogs.py --check    exit 1 if a .pot, .po or .mo is not what the code gives

A translator edits `engine/locale/<lang>/LC_MESSAGES/<domain>.po` with any PO editor (Poedit,
Weblate, Lokalize...) and runs this script; tests/test_message_catalogs.py then says what is left.
Run from the repository root, so Babel finds the rule-file extractor (engine.i18n_extract).
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.frontend import parse_mapping_cfg  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from engine.i18n import DOMAIN, LOCALE_DIR, RULES_DOMAIN  # noqa: E402

LANGS = ("ar", "es", "fr", "ru", "zh")
KEYWORDS = {"tr": (2,), "trn": (2, 3), "N_": None}
MAPPINGS = {DOMAIN: ROOT / "babel.cfg", RULES_DOMAIN: ROOT / "babel-rules.cfg"}
# a fixed date: the same sources give byte-identical catalogs
EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)
HEADER = {"ar": "Arabic", "es": "Spanish", "fr": "French", "ru": "Russian", "zh": "Chinese"}
# gettext's usual plural rules (Babel's CLDR data would give French and Spanish a third form)
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "zh": "nplurals=1; plural=0;",
}
REVIEW_NOTE = (
    "# {language} translation of cartagena-compliance's own words (domain {domain}).\n"
    "# Written by the project, not by a native speaker: offered for review. Corrections are welcome\n"
    "# as an issue or a pull request changing this file (see README, Languages)."
)


def extract(domain: str) -> Catalog:
    """The messages the sources give for `domain`, with where each is and the extractor's comments."""
    with MAPPINGS[domain].open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project="cartagena-compliance", creation_date=EPOCH, revision_date=EPOCH, fuzzy=False)
    catalog.header_comment = f"# The English messages of cartagena-compliance (domain {domain}); see engine/i18n.py."
    for filename, line, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=False, include_previous=False, include_lineno=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def merged(template: Catalog, lang: str, domain: str) -> Catalog:
    """The language's catalog brought up to the template (a new catalog where there is none)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="cartagena-compliance", creation_date=EPOCH, fuzzy=False)
    catalog.mime_headers = [*catalog.mime_headers, ("Plural-Forms", PLURAL_FORMS[lang])]
    catalog.header_comment = REVIEW_NOTE.format(language=HEADER[lang], domain=domain)
    catalog.creation_date = catalog.revision_date = EPOCH
    catalog.update(template, no_fuzzy_matching=True)  # a guessed translation misleads more than a missing one
    catalog.obsolete.clear()  # no stale entries left to confuse a translator (git keeps them)
    return catalog


def planned() -> dict[Path, bytes]:
    """Every catalog file as the sources and the translations give it."""
    files: dict[Path, bytes] = {}
    for domain in (DOMAIN, RULES_DOMAIN):
        template = extract(domain)
        files[LOCALE_DIR / f"{domain}.pot"] = _po_bytes(template)
        for lang in LANGS:
            catalog = merged(template, lang, domain)
            folder = LOCALE_DIR / lang / "LC_MESSAGES"
            files[folder / f"{domain}.po"] = _po_bytes(catalog)
            files[folder / f"{domain}.mo"] = _mo_bytes(catalog)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a catalog file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, content in planned().items():
        if path.exists() and path.read_bytes() == content:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    for path in stale:
        print(f"{'out of date' if args.check else 'written'}: {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
