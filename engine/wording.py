"""How human messages count things (kept apart from the reporters so `validate` starts fast)."""

from collections.abc import Callable

from .i18n import trn

# every noun a message counts, with its plural forms written out (Babel extracts literal calls only)
_FORMS: dict[str, Callable[[str, int], str]] = {
    "gap": lambda lang, n: trn(lang, "{n} gap", "{n} gaps", n),
    "rule": lambda lang, n: trn(lang, "{n} rule", "{n} rules", n),
    "profile": lambda lang, n: trn(lang, "{n} profile", "{n} profiles", n),
    "file": lambda lang, n: trn(lang, "{n} file", "{n} files", n),
    "problem": lambda lang, n: trn(lang, "{n} problem", "{n} problems", n),
}


def counted(count: int, noun: str, lang: str = "en") -> str:
    """`1 gap`, `2 gaps`, `0 profiles`: every human message counts in proper singular and plural,
    in `lang` the form its count takes there (Russian three, Arabic six); a noun without its forms
    above stays English."""
    if lang == "en" or noun not in _FORMS:
        return f"{count} {noun}{'' if count == 1 else 's'}"
    return _FORMS[noun](lang, count)
