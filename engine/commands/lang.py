"""`--lang`: the language a command shows the national report's questions and answers in.

One of the six UN languages the BCH shows the NR5 form in; `CARTAGENA_LANG` when the option is
not given; English otherwise. Anything else is a usage error (exit 2) naming the six.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..catalog.nr5_i18n import LANGUAGES

F = TypeVar("F", bound=Callable[..., Any])


def _resolve(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is None:
        from_env = os.environ.get("CARTAGENA_LANG", "").strip()
        if from_env and from_env not in LANGUAGES:
            raise click.BadParameter(f"CARTAGENA_LANG={from_env!r} is not one of {', '.join(LANGUAGES)}", ctx, param)
        return from_env or "en"
    if value not in LANGUAGES:
        raise click.BadParameter(f"{value!r} is not one of {', '.join(LANGUAGES)}", ctx, param)
    return value


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
