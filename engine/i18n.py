"""The tool's own words in the chosen language, through gettext.

Two message domains, each a `.po` file per language under `engine/locale/<lang>/LC_MESSAGES/`
(what a translator edits) and the `.mo` gettext reads, compiled from it:

- `cartagena`: the words written in the code. Marked where they are written as `tr(lang, "Words")`,
  `trn(lang, "{n} gap", "{n} gaps", n)` (plural forms as each language has them) or, where the
  language is not known yet (a table at import time), `N_("Words")` and translated with `tr` where
  shown. Placeholders are `str.format` names, filled after translation.
- `cartagena-rules`: the words of the rule files (each rule's title, messages and advice) and of
  `rules/catalog/indicators.yaml` (denominator labels and the reasons an indicator is not
  computable), extracted by `engine/i18n_extract.py`, looked up with `rule_words(lang, text)`.

English is the source: it has no catalog. Never translated: the plan's and the treaties' text (only
the English text is here), the BCH's NR5 wording (the BCH's own six languages, engine.catalog.nr5_i18n),
ids, codes and field names. `python scripts/catalogs.py` extracts, updates and compiles both
domains; tests/test_message_catalogs.py fails on any message untranslated, fuzzy, missing or whose
placeholders differ from the English.
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

# CARTAGENA_LOCALE_DIR: a folder of catalogs to use instead of the package's (a translator trying a
# catalog in progress; the tests' marked catalogs, tests/i18nkit.py)
LOCALE_DIR = Path(os.environ.get("CARTAGENA_LOCALE_DIR") or Path(__file__).resolve().parent / "locale")
DOMAIN = "cartagena"
RULES_DOMAIN = "cartagena-rules"
DOMAINS = (DOMAIN, RULES_DOMAIN)


@functools.cache
def _translations(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    # a missing catalog means English words, never a failure (tests check every catalog is there)
    return gettext.translation(domain, str(LOCALE_DIR), languages=[lang], fallback=True)


def tr(lang: str, message: str) -> str:
    """`message` (English, the msgid) in `lang`."""
    return _translations(lang).gettext(message)


class _Keep(dict[str, object]):
    """Fills the placeholders it has and leaves the others as they are (for a later `.format`)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def trn(lang: str, singular: str, plural: str, count: int, **fields: object) -> str:
    """The form of `singular`/`plural` that `count` takes in `lang` (Russian has three forms,
    Arabic six, Chinese one), with `{n}` and the given `fields` filled in; any other placeholder is
    left for the caller's `.format`. The number is written as the language writes it (engine/l10n.py)."""
    shown: object = count
    if lang != "en":
        from .l10n import number

        shown = number(count, lang)
    return _translations(lang).ngettext(singular, plural, count).format_map(_Keep(n=shown, **fields))


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; `tr` translates it where it is shown."""
    return message


def rule_words(lang: str, text: str) -> str:
    """A rule file's (or the indicator catalog's) English words in `lang`."""
    if lang == "en" or not text:
        return text
    return _translations(lang, RULES_DOMAIN).gettext(text)
