"""Marked catalogs for tests: every message the code and the rule files give, mapped to a visible
form, so a test can prove that a format translates all its words (none left in plain English) and
puts each translation where the English was."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from tests.clirun import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import catalogs  # noqa: E402  (scripts/catalogs.py: the same extraction as the real catalogs)

OPEN, CLOSE = "⟦", "⟧"


def bracketed(message: str) -> str:
    return OPEN + message + CLOSE


_CODE_WORDING = re.compile(r"(`[^`]+`\s*=\s*)([^;`]+?)(?=;|$|\.\s|\.$|\s*\(NR5)")


def bracketed_with_codes(message: str) -> str:
    """`bracketed`, and each answer's words in a list of codes marked on their own
    ("⟦`true` = ⟦Yes⟧; `false` = ⟦No⟧.⟧"): the self-check page shows those words apart, as labels,
    and a label cut out of a marked message must still read as marked."""
    return OPEN + _CODE_WORDING.sub(lambda match: f"{match.group(1)}{OPEN}{match.group(2)}{CLOSE}", message) + CLOSE


def marked_locale(
    folder: Path, lang: str = "fr", mark: Callable[[str], str] = bracketed, plural_mark: Callable[[int, str], str] | None = None
) -> Path:
    """A locale folder (for CARTAGENA_LOCALE_DIR) whose `lang` catalogs map every msgid to `mark(msgid)`;
    plural messages give `mark(singular)` for every form, or `plural_mark(index, plural)` for form `index`."""
    for domain in catalogs.MAPPINGS:
        template = catalogs.extract(domain)
        catalog = Catalog(locale=lang, fuzzy=False)
        catalog.mime_headers = [*catalog.mime_headers, ("Plural-Forms", catalogs.PLURAL_FORMS[lang])]
        for message in template:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                forms = range(catalog.num_plurals)
                catalog.add(message.id, tuple(plural_mark(i, message.id[1]) if plural_mark else mark(message.id[1]) for i in forms))
            else:
                catalog.add(message.id, mark(message.id))
        out = folder / lang / "LC_MESSAGES"
        out.mkdir(parents=True, exist_ok=True)
        with (out / f"{domain}.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return folder
