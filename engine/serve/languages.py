"""Which of the six UN languages a request of `cartagena serve` is answered in.

An explicit choice (`?lang=fr` on any route: the page's language switch, and the page's own requests)
comes first; then the browser's `Accept-Language`, when it names one of the six (q-values honoured,
region and script subtags ignored: `es-419` is Spanish, `zh-Hant-TW` Chinese); then the server's
`--lang` (or CARTAGENA_LANG); then English. A `?lang=` that names none of the six is the caller's
mistake: the server answers 400 and lists the six, rather than guess.
"""

from __future__ import annotations

import re

from ..catalog.nr5_i18n import LANGUAGES

_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$|^\*$")
_QUALITY = re.compile(r"^[qQ]\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


def named(tag: str) -> str | None:
    """The language a tag names (`fr`, `FR`, `fr-CA`), if it is one of the six."""
    primary = tag.strip().split("-", 1)[0].split("_", 1)[0].lower()
    return primary if primary in LANGUAGES and _TAG.match(tag.strip().replace("_", "-")) else None


def negotiate(accept_language: str | None) -> str | None:
    """The first of the six in the header's order of preference (highest q first; among equal q,
    the order written); None when it names none of them. A malformed entry is skipped, never an error."""
    if not accept_language:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, entry in enumerate(accept_language.split(",")):
        tag, *parameters = (part.strip() for part in entry.split(";"))
        quality = 1.0
        for parameter in parameters:
            match = _QUALITY.match(parameter)
            if match is None:
                quality = -1.0  # a q we cannot read: the entry is skipped
                break
            quality = float(match.group(1))
        language = named(tag) if tag and _TAG.match(tag) else None
        if language is not None and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else None


def choose(query_values: list[str] | None, accept_language: str | None, default: str) -> str | None:
    """The language of one request; None when `?lang=` names none of the six (a 400)."""
    if query_values:
        return named(query_values[-1])
    return negotiate(accept_language) or default
