"""How the self-check form words things: the BCH's wording of questions and answers in the page's
language (English, marked so, where the BCH lacks it), the profile's field descriptions cleaned for a
label a person reads (no codes, no NR5 keys, no file paths, no developers' notes, in any script), and
the attributes that keep English runs and ids in order in a right-to-left page."""

from __future__ import annotations

import re

from pydantic.fields import FieldInfo

from ..catalog.nr5_i18n import RTL_LANGUAGES
from ..i18n import N_, tr
from ..reporters.escaping import html_text as esc

NOT_ANSWERED = N_("Not answered")
YES_NO = {"true": N_("Yes"), "false": N_("No")}

# "`code` = words" in a field's description, each ended by the separator of the language's script
# (`;`, Chinese `；`, Arabic `؛`), a full stop (`.`, `。`) or the NR5 reference
CODE_WORDING = re.compile(r"`([^`]+)`\s*=\s*([^;；؛`]+?)(?=[;；؛]|$|[.。]\s|[.。]$|。|\s*[(（]NR5)")

# a bracketed aside a person filling in the form has no use for: the NR5 keys (Q010_adq), the BCH's
# storage codes, a file of this project; in ASCII or full-width brackets, in any language
_DEVELOPER_ASIDE = re.compile(
    r"\s*[(（][^()（）]*(?:NR5|nr5|\.py|engine/|[0-9A-F]{8}\.\.\.|\bQ\d{3}|`)[^()（）]*[)）][.。]?"
)
_NR5_KEY = re.compile(r"^NR5 Q[^:：]*[:：]\s*")
_CODE = re.compile(r"`[^`]*`")


def english(lang: str, html: str) -> str:
    """Words that exist only in English (the plan's text), marked as English in a page in another
    language (and kept left to right, isolated, in a right-to-left one)."""
    if lang == "en":
        return html
    return f'<span lang="en"{ltr(lang)}>{html}</span>'


def ltr(lang: str) -> str:
    """The attribute that keeps ids and codes left to right in a right-to-left page."""
    return ' dir="ltr"' if lang in RTL_LANGUAGES else ""


def bch_html(lang: str, text: str, fallback: bool) -> str:
    """An NR5 text of the BCH; where the language lacks it, the English stand-in marked so."""
    if not fallback:
        return esc(text)
    # TRANSLATORS: said after a national report text shown in English because the BCH lacks it in this language
    english_words = tr(lang, "(English)")
    return f"{english(lang, esc(text))} {esc(english_words)}"


def plain_description(info: FieldInfo, name: str = "", lang: str = "en") -> str:
    """A field's description (in `lang`) for a label a person reads: without the list of codes, the
    NR5 keys and any note meant for developers; the field's name in words when nothing is left."""
    text = tr(lang, info.description) if info.description else ""
    text = _DEVELOPER_ASIDE.sub("", text)
    text = _NR5_KEY.sub("", text)
    cut = text.find("`")
    if cut >= 0:
        text = text[:cut]
        for opening in ("(", "（"):  # a parenthesis the list of codes was inside
            closing = ")" if opening == "(" else "）"
            if text.count(opening) > text.count(closing):
                text = text[: text.rfind(opening)]
    text = _CODE.sub("", text).strip().rstrip(":;,：；，؛ ").strip()
    return text[:1].upper() + text[1:] if text else name.replace("_", " ").capitalize()


def code_wordings(info: FieldInfo, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """The words of each answer code a field's description gives: in `lang`, and in English."""
    description = info.description or ""
    # the developers' asides out first: in Chinese one follows the last wording with no space
    said = _DEVELOPER_ASIDE.sub("", tr(lang, description)) if description else ""
    translated = {code: words.strip() for code, words in CODE_WORDING.findall(said)}
    english_words = {code: words.strip() for code, words in CODE_WORDING.findall(_DEVELOPER_ASIDE.sub("", description))}
    return translated, english_words
