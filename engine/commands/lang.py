"""`--lang`: the language a command shows the national report's questions and answers in.

One of the six UN languages the BCH shows the NR5 form in; `CARTAGENA_LANG` when the option is
not given; English otherwise. Written in any case and as a locale names it (`FR`, `fr_FR.UTF-8`,
`zh-Hans`, `ar_EG@latin`), as `LANG` is set on most systems; `C` and `POSIX` (no locale) are English.
Anything else is a usage error (exit 2) naming the six.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..catalog.nr5_i18n import LANGUAGES

F = TypeVar("F", bound=Callable[..., Any])


def language_of(value: str) -> str | None:
    """The language `value` names (`fr`, `FR`, `fr_FR.UTF-8`, `fr-CA`), or None if none of LANGUAGES."""
    base = value.strip().split(".", 1)[0].split("@", 1)[0]
    if base.upper() in ("C", "POSIX"):
        return "en"
    language = base.replace("-", "_").split("_", 1)[0].casefold()
    return language if language in LANGUAGES else None


def _resolve(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is None:
        from_env = os.environ.get("CARTAGENA_LANG", "").strip()
        if not from_env:
            return "en"
        language = language_of(from_env)
        if language is None:
            raise click.BadParameter(f"CARTAGENA_LANG={from_env!r} is not one of {', '.join(LANGUAGES)}", ctx, param)
        return language
    language = language_of(value)
    if language is None:
        raise click.BadParameter(f"{value!r} is not one of {', '.join(LANGUAGES)}", ctx, param)
    return language


def lang_option(help_text: str) -> Callable[[F], F]:
    """The --lang option, resolved to one of LANGUAGES (the command receives `lang`)."""
    return click.option(
        "--lang",
        "lang",
        default=None,
        metavar="|".join(LANGUAGES),
        callback=_resolve,
        help=help_text + " Default: CARTAGENA_LANG, else en.",
    )
