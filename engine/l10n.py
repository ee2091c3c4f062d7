"""How the tool writes numbers, percentages, dates and its own punctuation in each language, and how
it keeps left-to-right runs in order inside right-to-left text: the small primitives every human
format shares (check's reporters, `indicators`, `diff`, `explain`, `init --full`, `serve`).

- Numbers, percentages and dates through Babel's CLDR data for the output language (`1 234,5`,
  `83,3 %`, `31 mars 2026`). English keeps what it always wrote (plain numbers, `83.3%`, ISO
  dates), so English reports and the CI logs that read them do not change.
- Punctuation the code writes between its words (a colon after a label, the separator of a list,
  a parenthesis, a full stop) as each language writes it: Chinese full-width `：；，（）。`, French
  a no-break space before `: ; ! ?`, Arabic `،` and `؛`. The words themselves come from the
  gettext catalogs, which carry their own punctuation.
- Bidi: in a right-to-left language (Arabic), every run of Latin text the tool writes (ids, CLI
  options, article numbers, file names, the plan's English) is isolated so the Unicode bidi
  algorithm cannot reorder it with the text around it: U+2068 FIRST STRONG ISOLATE ... U+2069 POP
  DIRECTIONAL ISOLATE in text and markdown, `<bdi dir="ltr">` in HTML (the isolating characters
  inside `<title>` and SVG text, which take no markup). Without it `--fail-on none` shows as
  `fail-on none--` and `102(d)` as `(d)102`.

Machine formats (JSON, NDJSON, SARIF's and JUnit's structure, CSV) keep raw numbers and ISO dates.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Any

from .catalog.nr5_i18n import RTL_LANGUAGES

FSI, PDI = "\u2068", "\u2069"
"""FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: the isolate of a Latin run in plain text."""

# --- numbers, percentages, dates -------------------------------------------------------------------


def number(value: int | float | Decimal, lang: str = "en") -> str:
    """A count or figure for people: `1234` (English, as always), `1 234` (French), `1.234` (Spanish)."""
    if lang == "en":
        return str(value)
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang)


@functools.cache
def _percent_pattern(lang: str, digits: int) -> Any:
    from babel import Locale
    from babel.numbers import parse_pattern

    locale = Locale.parse(lang)
    pattern = copy.copy(parse_pattern(locale.percent_formats[None].pattern))
    pattern.frac_prec = (digits, digits)
    return locale, pattern


def percent(value: float | int | None, lang: str = "en", digits: int = 1) -> str | None:
    """A percentage (`value` in percent, e.g. 83.3) as the language writes it: `83.3%`, `83,3 %`;
    None when there is none (a denominator of 0; the caller says "n/a" in its words)."""
    if value is None:
        return None
    if lang == "en":
        return f"{value:.{digits}f}%"
    locale, pattern = _percent_pattern(lang, digits)
    return str(pattern.apply(Decimal(str(value)) / 100, locale))


def signed(value: float, lang: str = "en", digits: int = 1) -> str:
    """A signed change, e.g. of percentage points: `+2.5`, `-1,0`."""
    if lang == "en":
        return f"{value:+.{digits}f}"
    from babel.numbers import format_decimal

    fraction = "0" * digits
    return format_decimal(Decimal(str(value)), format=f"+#,##0.{fraction};-#,##0.{fraction}", locale=lang)


_LRM = "\u200e"
_PERCENT_SIGN = re.compile(r"(?<=\d)%")
_LEADING_SIGN = re.compile(r"(?<![\w.,%\u200e])([+\-])(?=\d)")


def marked_signs(text: str) -> str:
    """In right-to-left text, the percent and plus/minus signs of numbers marked left to right as
    CLDR's own symbols for Arabic are (`\u200e%\u200e`, `\u200e+`), which Babel leaves out: without
    the marks the bidi algorithm draws "+2.5" as "2.5+" beside Arabic words. Applied by the
    isolation step, after a writer has escaped the text: a mark the code adds is never shown as
    `\u200e` by the escaping that keeps a profile's own bidi controls inert. Idempotent."""
    return _LEADING_SIGN.sub(_LRM + r"\1", _PERCENT_SIGN.sub(f"{_LRM}%{_LRM}", text))


def date(value: str | dt.date, lang: str = "en") -> str:
    """A date for people: ISO in English (as always), else the language's long form (`31 mars 2026`,
    `2026年3月31日`). A value that is not an ISO date is returned as it is."""
    if lang == "en":
        return str(value)
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    from babel.dates import format_date

    return format_date(day, "long", locale=lang)


def moment(value: dt.datetime, lang: str = "en") -> str:
    """A time of day in UTC, for people: `2026-11-30 10:00:00 UTC` in English, else the language's
    date with a 24-hour time, `UTC` kept as the name of the time scale."""
    utc = value.astimezone(dt.timezone.utc)
    if lang == "en":
        return utc.strftime("%Y-%m-%d %H:%M:%S UTC")
    from babel.dates import format_time, get_datetime_format

    joined = str(get_datetime_format("medium", locale=lang))
    return joined.replace("{1}", date(utc.date(), lang)).replace("{0}", format_time(utc.time(), "HH:mm:ss", locale=lang)) + " UTC"


# --- the code's own punctuation ----------------------------------------------------------------------

_PUNCTUATION: dict[str, dict[str, str]] = {
    "en": {"colon": ": ", "semicolon": "; ", "comma": ", ", "list": ", ", "stop": ".", "open": "(", "close": ")"},
    "fr": {"colon": "\u00a0: ", "semicolon": "\u00a0; ", "comma": ", ", "list": ", ", "stop": ".", "open": "(", "close": ")"},
    "zh": {"colon": "：", "semicolon": "；", "comma": "，", "list": "、", "stop": "。", "open": "（", "close": "）"},
    "ar": {"colon": ": ", "semicolon": "؛ ", "comma": "، ", "list": "، ", "stop": ".", "open": "(", "close": ")"},
}
"""Per language where it differs from English (Spanish and Russian write these as English does)."""


def mark(name: str, lang: str = "en") -> str:
    """One punctuation mark the code writes, as `lang` writes it: colon, semicolon, comma (between
    clauses), list (between the items of a list: Chinese 、), stop, open, close (parentheses);
    spaces included where the language puts them."""
    return _PUNCTUATION.get(lang, _PUNCTUATION["en"])[name]


def labelled(label: str, text: str, lang: str = "en") -> str:
    """`label: text`, with the colon the language writes."""
    return f"{label}{mark('colon', lang)}{text}"


def joined(items: list[str] | tuple[str, ...], lang: str = "en", by: str = "semicolon") -> str:
    """Items one after another, separated as the language separates them (`a; b`, `a；b`)."""
    return mark(by, lang).join(items)


def bracketed(text: str, lang: str = "en") -> str:
    """`(text)`, with the parentheses the language writes."""
    return f"{mark('open', lang)}{text}{mark('close', lang)}"


def with_count(text: str, count: str, lang: str = "en") -> str:
    """`Gaps (3)`: a heading with its count in brackets, spaced as the language spaces them
    (Chinese sets full-width brackets close: `差距（3）`)."""
    return f"{text}{'' if lang == 'zh' else ' '}{bracketed(count, lang)}"


def stop(text: str, lang: str = "en") -> str:
    """A sentence the code ends: `text.` (`text。` in Chinese); nothing added after a mark already there."""
    return text if text.endswith((".", "。", "!", "?", "！", "？")) else text + mark("stop", lang)


# --- bidi: Latin runs kept in order inside right-to-left text ----------------------------------------

# a run: characters that are neither right-to-left letters nor a line or table break; it counts when
# it holds a Latin letter (a number alone is ordered right by the bidi algorithm itself)
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RUN = re.compile(f"[^{_RTL}|*\\n\\r{FSI}{PDI}]+")
_LATIN = re.compile(r"[A-Za-z]")
_NUMBERED = re.compile(r"\d[(\[]")
"""A number with a bracketed part ("26(2)", "102(d)"): out of order in Arabic unless isolated."""
_LEAD = " \t«\"'#>_~=:;,!?،؛"
_TRAIL = " \t:;,.!?«»\"'_~،؛="
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_ENTITY_END = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);$")
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _unmatched(run: str) -> list[int]:
    """Where `run` has a bracket without its pair inside the run: it belongs to the right-to-left
    sentence around ("(السطر 51)"), so the run is cut there."""
    stack: list[int] = []
    cuts: list[int] = []
    for index, char in enumerate(run):
        if char in _PAIRS:
            stack.append(index)
        elif char in ")]}":
            if stack and _PAIRS[run[stack[-1]]] == char:
                stack.pop()
            else:
                cuts.append(index)
    return sorted(cuts + stack)


def _core(part: str, html: bool = False) -> tuple[int, int]:
    """The start and end of the part to isolate: without the spaces, markup and sentence
    punctuation at its ends (they belong to the right-to-left sentence); in HTML an entity's
    closing `;` stays with it."""
    start, end = 0, len(part)
    while start < end and part[start] in _LEAD:
        start += 1
    while end > start and part[end - 1] in _TRAIL:
        if html and part[end - 1] == ";" and _ENTITY_END.search(part[start:end]):
            break
        end -= 1
    return start, end


def isolate_runs(text: str, lang: str = "en", html: bool = False) -> str:
    """Every Latin run of `text` (plain text or a line of markdown) between FSI and PDI, in a
    right-to-left language; any other language's text unchanged. Markdown's own marks at a run's
    ends (`#`, `*`, `|`) stay outside, code spans inside, so headings, emphasis and tables still
    work and a copied id has no hidden character in it. `html`: `text` is HTML text (entities)."""
    if lang not in RTL_LANGUAGES:
        return text
    text = marked_signs(text)
    if not (_LATIN.search(text) or _NUMBERED.search(text)):
        return text

    def latin(run: str) -> bool:
        plain = _ENTITY.sub("", run) if html else run
        return _LATIN.search(plain) is not None or _NUMBERED.search(plain) is not None

    def isolated(part: str) -> str:
        start, end = _core(part, html)
        if start >= end or not latin(part[start:end]):
            return part
        return f"{part[:start]}{FSI}{part[start:end]}{PDI}{part[end:]}"

    def wrap(match: re.Match[str]) -> str:
        run, whole = match.group(), match.string
        if not latin(run) or (whole[match.start() - 1 : match.start()] == FSI and whole[match.end() : match.end() + 1] == PDI):
            return run  # nothing to isolate, or isolated already
        out, previous = [], 0
        for cut in _unmatched(run):
            out += [isolated(run[previous:cut]), run[cut]]
            previous = cut + 1
        return "".join(out) + isolated(run[previous:])

    return _RUN.sub(wrap, text)


def isolate(text: str, lang: str = "en") -> str:
    """One left-to-right value (an id, an option, a file name) isolated as a whole in a
    right-to-left language's text."""
    return f"{FSI}{text}{PDI}" if lang in RTL_LANGUAGES and text else text


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>|<!--.*?-->|<![Dd][Oo][Cc][Tt][Yy][Pp][Ee][^>]*>", re.S)
# inside these the text is not the page's running text: code (isolated by CSS), style and script;
# an element already left to right (dir="ltr", this function's own <bdi dir="ltr">) or in English is
# kept as it is too, but a <bdi> of the BCH's wording (its own direction) has its runs isolated
_SKIP = frozenset({"code", "style", "script", "textarea", "pre", "template"})
# inside these, markup is not allowed or not rendered as HTML: the isolating characters instead
_PLAIN = frozenset({"title", "text", "tspan", "option"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "rect", "line", "path", "circle"})
# an element in a left-to-right language (the plan's English, a language's name in the switch)
_ATTRIBUTE_LANG = re.compile(r"""\blang\s*=\s*["']?(?!ar\b)[a-z]{2}\b""")
_ATTRIBUTE_DIR = re.compile(r"""\bdir\s*=""")
_ATTRIBUTE_LTR = re.compile(r"""\bdir\s*=\s*["']?(?:ltr|auto)\b""")
_INLINE = frozenset({"span", "a", "b", "i", "em", "strong", "label", "cite", "q", "small"})


def isolate_html(page: str, lang: str = "en") -> str:
    """An HTML page (or fragment of whole elements) with every Latin run of its running text in
    `<bdi dir="ltr">`, in a right-to-left language: inside `<title>` and SVG text, which take no
    markup, between FSI and PDI; an inline element in a left-to-right language (the plan's English,
    `lang="en"`) given `dir="ltr"`, which isolates it. Code, style, script and what is already
    isolated (`bdi`, an element with its own `dir`) are left as they are; any other language's page
    is unchanged."""
    if lang not in RTL_LANGUAGES:
        return page
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: name, and whether their text stays as it is
    position = 0
    for match in _TAG.finditer(page):
        out.append(_isolate_text(page[position : match.start()], stack))
        position = match.end()
        tag = match.group(0)
        closing, name = match.group(1), (match.group(2) or "").lower()
        if not name:  # a comment or the doctype
            out.append(tag)
            continue
        if closing:
            while stack and stack.pop()[0] != name:
                pass
        elif not tag.endswith("/>") and name not in _VOID:
            attributes = match.group(3)
            english = _ATTRIBUTE_LANG.search(attributes) is not None
            directed = _ATTRIBUTE_LTR.search(attributes) is not None  # isolated already by its own dir
            if english and name in _INLINE and not _ATTRIBUTE_DIR.search(attributes):
                tag = tag[:-1] + ' dir="ltr">'
            stack.append((name, english or directed or name in _SKIP))
        out.append(tag)
    out.append(_isolate_text(page[position:], stack))
    return "".join(out)


def _isolate_text(text: str, stack: list[tuple[str, bool]]) -> str:
    if not text or any(kept for _, kept in stack):
        return text
    if not (_LATIN.search(text) or _NUMBERED.search(text)):
        return marked_signs(text)
    if any(name in _PLAIN for name, _ in stack):
        return isolate_runs(text, "ar", html=True)
    return re.sub(f"{FSI}([^{PDI}]*){PDI}", r'<bdi dir="ltr">\1</bdi>', isolate_runs(text, "ar", html=True))
