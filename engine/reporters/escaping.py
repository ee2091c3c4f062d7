"""How text from a profile is made inert in each output syntax: one function per syntax, used by
every reporter of that syntax. A Party name or an evidence value is data; it must never become a
tag, a heading, a link or a terminal command, nor reorder the text around it.

Control characters (C0 but tab and line breaks, DEL, C1) and the bidirectional controls (embeddings,
overrides, isolates, marks) are never written raw, in any syntax: each is shown as a visible
`\\uXXXX`, the same in the terminal, markdown, HTML, CSV and XML. A right-to-left override in a
Party's name would otherwise turn the heading of the Committee's file around, and ESC, BEL or
backspace would act on the terminal of whoever runs `cat report.md`. JSON keeps the data exactly
(`json_text`: the same characters as `\\uXXXX` escapes, which every JSON reader decodes)."""

from __future__ import annotations

import re

# Characters that carry markdown meaning inside a line: emphasis, code, links and images, tables,
# strikethrough, headings ("#" also closes an ATX heading), and the backslash itself. The report
# never puts profile text at the start of a line, where "-", "+", "1." or "=" would also count.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#!|~])")
# every character shown escaped: C0 (but tab, line feed, carriage return), DEL, C1, bidi controls
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# what a terminal must not receive raw: every character of Unicode's category Cc (C0 with tab and
# line breaks, DEL, C1) and the bidi controls (tests/test_report_escaping.py checks it is exactly that)
_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# what JSON leaves raw of them (json.dumps escapes C0 itself), and the line separators JavaScript reads as line ends
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: object) -> str:
    """`text` with every control and bidirectional control character shown as `\\uXXXX` (tab and
    line breaks kept)."""
    return _UNSAFE.sub(_escape, str(text))


def json_text(dumped: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with DEL, C1 and bidi controls written as
    `\\uXXXX` escapes: the same data for a JSON reader, inert for a person who prints the file
    (they can only occur inside strings, where the escape is valid)."""
    return _JSON_UNSAFE.sub(_escape, dumped)


def html_text(text: object) -> str:
    """`text` for HTML element content or an attribute value in double or single quotes."""
    import html  # (here: the html module loads its entities, 2 ms of every start that writes no HTML)

    return html.escape(visible(text), quote=True)


def markdown_text(text: object) -> str:
    """`text` inside a line of markdown: markdown syntax backslash-escaped, HTML made entities, one line."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", visible(" ".join(str(text).splitlines())))
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_code(text: object) -> str:
    """`text` as a markdown code span, fenced with more backticks than it holds (CommonMark 6.1)."""
    body = visible(" ".join(str(text).splitlines()))
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or longest else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def terminal_text(text: object) -> str:
    """`text` safe to print to a terminal: every control character (ESC of colour codes and OSC 8
    links, CR, BEL, C1 controls such as CSI, DEL) and bidirectional override shown as a visible
    `\\uXXXX` escape instead of acting on the terminal."""
    text = str(text)
    return _TERMINAL_UNSAFE.sub(_escape, text) if _TERMINAL_UNSAFE.search(text) else text


def terminal_lines(text: object) -> str:
    """`text` made terminal-safe line by line (its line feeds kept): a message on standard error
    that names a file or quotes a profile."""
    return "\n".join(terminal_text(line) for line in str(text).split("\n"))


def css_string(text: object, lang: str = "en") -> str:
    """`text` as a CSS string in double quotes, inside a `<style>` element (a printed page's running
    header): every character but letters, digits and spaces written as a CSS escape, so no quote,
    backslash, line break or `</style>` can end the string or the element. In a right-to-left
    language its Latin runs (a Party's name and code, a date) are isolated after the text is made
    inert, so the isolates are real characters (`\\2068 `), not shown escapes."""
    shown = " ".join(visible(text).splitlines())
    if lang != "en":
        from ..l10n import isolate_runs  # (l10n reads the catalogs' languages: not needed in English)

        shown = isolate_runs(shown, lang)
    return '"' + "".join(char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in shown) + '"'
