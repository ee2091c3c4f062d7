"""The tool's own words in the chosen language, through gettext.

Catalogs: `engine/locale/<lang>/LC_MESSAGES/cartagena.po` (what a translator edits, checked with
Babel by tests/test_message_catalogs.py) and the `.mo` gettext reads, compiled from it with
`pybabel compile -d engine/locale -D cartagena`. A message is marked where it is written as
`tr(lang, "Words")`: Babel extracts the second argument (`-k tr:2`). English is the source: it has
no catalog. Only the messages marked so far are translated; every other word is English.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "cartagena"


@functools.cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    # a missing catalog means English words, never a failure (tests check every catalog is there)
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def tr(lang: str, message: str) -> str:
    """`message` (English, the msgid) in `lang`."""
    return _translations(lang).gettext(message)
