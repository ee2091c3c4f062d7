"""How text from a profile is made inert in each output syntax: one function per syntax, used by
every reporter of that syntax. A Party name or an evidence value is data; it must never become a
tag, a heading, a link or a terminal command."""

from __future__ import annotations

import html
import re
import unicodedata

# Characters that carry markdown meaning inside a line: emphasis, code, links and images, tables,
# strikethrough, headings ("#" also closes an ATX heading), and the backslash itself. The report
# never puts profile text at the start of a line, where "-", "+", "1." or "=" would also count.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#!|~])")
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def html_text(text: object) -> str:
    """`text` for HTML element content or an attribute value in double or single quotes."""
    return html.escape(str(text), quote=True)


def markdown_text(text: object) -> str:
    """`text` inside a line of markdown: markdown syntax backslash-escaped, HTML made entities, one line."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_code(text: object) -> str:
    """`text` as a markdown code span, fenced with more backticks than it holds (CommonMark 6.1)."""
    body = " ".join(str(text).splitlines())
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or longest else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def terminal_text(text: object) -> str:
    """`text` safe to print to a terminal: every control character (ESC of colour codes and OSC 8
    links, CR, BEL, C1 controls such as CSI, DEL) and bidirectional override shown as a visible
    `\\uXXXX` escape instead of acting on the terminal."""
    return "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS else char for char in str(text)
    )
