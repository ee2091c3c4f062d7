"""What the language tests share, beside tests/i18nkit.py: marked catalogs (one whose plural forms
differ by index, so a test can prove that a count chooses its form as the language's rule says:
Russian 1, 2-4, 5-20, 21..., not "1 or not 1"), THE checker of words an output has left outside
every marked translation (`unmarked_words`, for text, markdown, HTML, JSON, NDJSON, XML and CSV:
tests/test_english_leaks.py and the indicators and diff language tests), and the cells of a
markdown table's rows."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.i18nkit import CLOSE, OPEN, marked_locale

_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")


def form(index: int, message: str) -> str:
    """What `plural_locale` gives for plural form `index` of `message` (the English plural, {n} filled)."""
    return f"{OPEN}{index}|{message}{CLOSE}"


def plural_locale(folder: Path, lang: str = "ru") -> Path:
    """A locale folder (for CARTAGENA_LOCALE_DIR): every message bracketed, plural form i as `form(i, plural)`."""
    return marked_locale(folder, lang, plural_mark=form)


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a run with marked catalogs for French and Arabic (import it into a test module)."""
    folder = tmp_path_factory.mktemp("locale")
    for lang in ("fr", "ar"):
        marked_locale(folder, lang)
    return {"CARTAGENA_LOCALE_DIR": str(folder)}


# --- THE checker: words of the tool's own left outside every marked translation -------------------------

_ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u061c"), None)
_CODE = re.compile(r"^[A-Za-z0-9_.:+\-/()#=]+$")
"""A whole machine value without a space: an id, a code, a key (JSON, CSV and XML values)."""
_NOT_WORDS = re.compile(
    r"""
      https?://\S+
    | \b[0-9a-f]{64}\b
    | (?:[\w.~-]*/)+[\w.~-]+/?                       # paths, JSON pointers, rule ids (A.1/competent-...)
    | [\w.-]+\.(?:json|ya?ml|md|html|xml|csv|sarif)\b  # file names
    | --[a-z][a-z-]*(?:\ (?:obligation|commitment|option|any|none|region|text|markdown|html|json|ndjson|sarif|junit|csv|ar|en|es|fr|ru|zh)\b)?
    | \b(?:[AB]\.\d+(?:\.\d+)?(?:\.?\(?[a-z]\)?)?(?:-outcome)?|(?:CB|KA)\.[AB]\.\d+(?:-\d+)?(?:\.[a-z0-9]+)?
         |(?:CP|SP|MOP)-[\w./()-]*[\w)]|Q\d{3}(?:_[A-Za-z0-9]+)*)
    | \b[a-z]+(?:\.[A-Za-z0-9+-]+)+\b | \b[a-z]+[A-Z][A-Za-z0-9]*\b | \b[A-Z][a-z]+\d+\b   # answer codes, BCH keys
    | \b[0-9A-F]{8}(?:-[0-9A-F]{4}){3}-[0-9A-F]{12}\b     # the BCH's answer ids
    | \b[a-z]+(?:_[a-z0-9]+)+(?:\.[a-z0-9_]+)*\b                 # profile fields (national_biosafety_framework.x)
    | \bcartagena\ [a-z][a-z0-9-]*                       # the program and its command ("cartagena import-nr5:")
    | \b(?:NR5|NR4|sha256|UTC|cartagena-compliance|cartagena|cooperation)\b | \b[A-Z]{3}\b  # names; ids; Party codes
    """,
    re.X,
)
"""What is not a word of a language wherever it stands: addresses, hashes, paths and pointers, file
names, CLI options with their values, the plan's, the articles' and the NR5 questions' ids, the
names of the report (NR5), the hash, the time scale and the tool."""


_NODE = "\x00"
"""Between two text nodes of a page: where a translation a page cut short (a field's description
before its list of codes) ends."""
_CUT = re.compile(f"{OPEN}[^{OPEN}{CLOSE}{_NODE}]*(?={_NODE}|$)")


def _innermost_first(text: str) -> str:
    while True:  # a translation holds others (its placeholders' values): take out the innermost first
        stripped = _MARKED.sub(" ", text)
        if stripped == text:
            return _CUT.sub(" ", text).replace(_NODE, " ")
        text = stripped


class _Page(HTMLParser):
    """An HTML page's running text, and the attributes a reader meets (aria-label, title, alt,
    placeholder); the JSON a page carries for its script, as JSON."""

    HUMAN = ("aria-label", "title", "alt", "placeholder", "aria-description")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.json: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.texts.extend(f" {value} " for name, value in attrs if name in self.HUMAN and value)
        if tag == "bdi":  # an isolate inside a sentence (engine/l10n.py): the text around it goes on
            return
        if tag in ("script", "style"):
            self._in.append("json" if ("type", "application/json") in attrs else tag)
        elif tag not in ("input", "meta", "link", "br", "img", "hr", "wbr", "rect", "line"):
            self.texts.append(_NODE)

    def handle_endtag(self, tag: str) -> None:
        if tag == "bdi":
            return
        if tag in ("script", "style") and self._in:
            self._in.pop()
        self.texts.append(_NODE)

    def handle_data(self, data: str) -> None:
        if not self._in:
            self.texts.append(data)
        elif self._in[-1] == "json":
            self.json.append(data)


def _pieces(output: str, syntax: str) -> list[str]:
    """The texts of `output` a reader reads, each as one piece: a report's running text, a JSON
    value, an XML attribute."""
    if syntax == "html":
        page = _Page()
        page.feed(output)
        return ["".join(page.texts), *(piece for data in page.json for piece in _pieces(data, "json"))]
    if syntax in ("json", "ndjson"):
        values: list[str] = []
        documents = [json.loads(line) for line in output.splitlines() if line.strip()] if syntax == "ndjson" else [json.loads(output)]
        for document in documents:
            values += strings(document)
        out: list[str] = []
        for value in values:
            if _CODE.match(value):
                continue
            out += _pieces(value, "html") if "</" in value else _pieces(value, "markdown")
        return out
    if syntax == "xml":
        import xml.etree.ElementTree as ET

        out = []
        for element in ET.fromstring(output.encode("utf-8")).iter():
            out += [element.text or "", element.tail or ""]
            out += [value for name, value in element.attrib.items() if name in ("name", "message", "value") and not _CODE.match(value)]
        return out
    if syntax == "csv":
        import csv
        import io

        return [cell for row in csv.reader(io.StringIO(output)) for cell in row if not _CODE.match(cell)]
    if syntax == "markdown":
        # code spans hold ids, codes and pointers, never the tool's words
        return [re.sub(r"`[^`]*`", " ", re.sub(r"\\(.)", r"\1", output)).replace("**", " ")]
    return [output]


def strings(value: Any) -> list[str]:
    """Every string of a JSON value, at any depth."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def _without(text: str, item: str) -> str:
    """`text` with every whole occurrence of `item` taken out (not one inside a longer word or id:
    "party" stays in "A.10/party-to-supplementary-protocol")."""

    def joined(position: int) -> bool:  # the character at `position` continues a word or an id
        if not 0 <= position < len(text):
            return False
        char = text[position]
        if char.isalnum() or char in "_/":
            return True
        return char in "-." and position + 1 < len(text) and text[position + 1].isalnum()

    parts, start = [], 0
    while (found := text.find(item, start)) >= 0:
        end = found + len(item)
        before = found > 0 and (joined(found - 1) or (text[found - 1] == "." and found > 1 and text[found - 2].isalnum()))
        inside = (item[0].isalnum() and before) or (item[-1].isalnum() and joined(end))
        parts.append(text[start:found] + (item if inside else " "))
        start = end
    return "".join(parts) + text[start:]


def unmarked_words(output: str, data: Iterable[str] = (), syntax: str = "auto") -> list[str]:
    """THE check of every language test: the words (two Latin letters or more) of `output` that are
    neither inside a marked translation (⟦...⟧, tests/i18nkit.py) nor in `data` (the texts that are
    not the tool's words: the plan's, the BCH's, the profiles', file names, as the output shows them
    unescaped) nor ids, codes, paths or options (`_NOT_WORDS`); each is English the tool wrote
    without gettext. `syntax`: text, markdown, html, json, ndjson, xml, csv (auto: html for a page,
    else text). Each word is given with a little of the text around it, to find it."""
    if syntax == "auto":
        syntax = "html" if re.search(r"<(?:!DOCTYPE|html|p|table|ul|h[1-6]|div|section)\b", output) else "text"
    # each text also as the markdown reading below sees it, its code spans taken out (a catalog note
    # quoting `text` in a JSON value)
    items = [text for item in data if item and item.strip() for text in (item, re.sub(r"`[^`]*`", " ", item))]
    wanted = sorted({" ".join(item.split()) for item in items if item.strip()}, key=len, reverse=True)
    found: list[str] = []
    for piece in _pieces(output, syntax):
        text = " ".join(html.unescape(piece).translate(_ISOLATES).replace(_NODE, f" {_NODE} ").split())
        text = _innermost_first(text)
        for item in wanted:
            if item in text:
                text = _without(text, item)
        text = _NOT_WORDS.sub(" ", text)
        for match in re.finditer(r"[A-Za-z]{2,}", text):
            found.append(f"{match.group()} [{text[max(0, match.start() - 30):match.end() + 30].strip()}]")
    return sorted(set(found))


def table_cells(markdown: str) -> set[int]:
    """How many cells the rows of the markdown's tables have (a "|" a translation brings must not add one)."""
    return {len(re.findall(r"(?<!\\)\|", row)) - 1 for row in re.findall(r"(?m)^\| .*\|$", markdown)}
