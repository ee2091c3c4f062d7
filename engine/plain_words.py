"""Plain words for what a person typed wrong: pydantic's error types (a profile, `init --code`) and
click's usage errors (options, arguments, commands), as sentences a national focal point understands,
each saying what to write instead.

One table, used by every command (`validate`, `check`, `init`, `import-nr5`, `export-nr5`, the
command line's usage errors) and by the self-check page's form. Every sentence goes through `tr`, so
the page can say it in the Party's language; the command line says it in English (README,
Languages: problem messages stay English so CI logs can be searched).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from .i18n import N_, tr, trn

_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")
_BCH_RECORD = r"^\S{1,100}$"
_WEB_ADDRESS = r"^https?://\S+$"
_PARTY_CODE = r"^[A-Z]{3}$"


# --------------------------------------------------------------------------------------------------
# A value as the sentence names it


def json_word(value: Any) -> str:
    """`value` as it is written in JSON (true, null, 5, "x")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    shown = str(value)
    return '"' + (shown if len(shown) <= 60 else shown[:57] + "...") + '"'


def got(value: Any, lang: str = "en") -> str:
    """What was written instead, in a few words ("got the number 5", "got a list")."""
    if isinstance(value, bool) or value is None:
        return tr(lang, "got {value}").format(value=json_word(value))
    if isinstance(value, (int, float)):
        return tr(lang, "got the number {value}").format(value=json_word(value))
    if isinstance(value, str):
        return tr(lang, "got {value}").format(value=json_word(value))
    if isinstance(value, (list, tuple)):
        return tr(lang, "got a list")
    if isinstance(value, dict):
        return tr(lang, "got an object")
    return ""


def _with_got(sentence: str, value: Any, lang: str) -> str:
    said = got(value, lang)
    return f"{sentence}, {said}" if said else sentence


# --------------------------------------------------------------------------------------------------
# pydantic errors (one error dict of ValidationError.errors())


def _allowed(error: dict[str, Any]) -> list[str]:
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return [match.replace("\\'", "'") for match in _QUOTED.findall(expected)]


def _listed(values: Iterable[str]) -> str:
    return ", ".join(f'"{value}"' for value in values)


def _literal(error: dict[str, Any], lang: str) -> str:
    value = error.get("input")
    allowed = _allowed(error)
    listed = _listed(allowed)
    if isinstance(value, (bool, int, float)) and json_word(value) in allowed:
        return tr(lang, 'write the answer in double quotes: "{value}" (the answers are codes: {allowed})').format(
            value=json_word(value), allowed=listed
        )
    if isinstance(value, str):
        same = [option for option in allowed if option.casefold() == value.casefold()]
        if same:
            return tr(lang, 'the answer codes are case-sensitive: write "{close}", not "{value}"').format(close=same[0], value=value)
        close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
        if close:
            return tr(lang, '"{value}" is not one of the answers {allowed}; did you mean "{close}"?').format(
                value=value, allowed=listed, close=close[0]
            )
    return _with_got(tr(lang, "must be one of {allowed}").format(allowed=listed), value, lang)


def _party_code(value: Any, lang: str) -> str:
    """Whatever is wrong with a Party code, say what one looks like."""
    if isinstance(value, str) and re.fullmatch(_PARTY_CODE, value.upper()):
        return tr(lang, 'must be in capitals: write "{upper}" (a three-letter code, ISO 3166-1 alpha-3)').format(upper=value.upper())
    return _with_got(tr(lang, "must be a three-letter code in capitals (ISO 3166-1 alpha-3), e.g. XEX"), value, lang)


def _pattern(error: dict[str, Any], lang: str) -> str:
    value = error.get("input")
    pattern = str((error.get("ctx") or {}).get("pattern", ""))
    if pattern == _PARTY_CODE:
        return _party_code(value, lang)
    if pattern == _BCH_RECORD:
        return _with_got(tr(lang, "must be a BCH record identifier, without spaces, e.g. BCH-CNA-XEA-12345-1"), value, lang)
    if pattern == _WEB_ADDRESS:
        return _with_got(tr(lang, "must be a web address that starts with http:// or https://, without spaces"), value, lang)
    return _with_got(tr(lang, "does not have the form this field needs ({pattern})").format(pattern=pattern), value, lang)


def _date(error: dict[str, Any], lang: str) -> str:
    value = error.get("input")
    if isinstance(value, str) and _DATE_SHAPE.match(value):
        return tr(lang, "{value} is not a date that exists (the month or the day is out of range)").format(value=value)
    if isinstance(value, str):
        return _with_got(tr(lang, 'must be a date written YYYY-MM-DD, e.g. "2026-03-31"'), value, lang)
    return _with_got(tr(lang, 'must be a date written YYYY-MM-DD in double quotes, e.g. "2026-03-31"'), value, lang)


def _boolean(error: dict[str, Any], lang: str) -> str:
    value = error.get("input")
    if isinstance(value, str) and value.strip().casefold() in ("true", "false"):
        return tr(lang, 'must be true or false without quotes: remove the quotes around "{value}"').format(value=value)
    return _with_got(tr(lang, "must be true or false, without quotes"), value, lang)


def _text(error: dict[str, Any], lang: str) -> str:
    value = error.get("input")
    if value is None:
        return tr(lang, "must be a text in double quotes; leave the property out if there is nothing to say")
    if isinstance(value, (bool, int, float)):
        return _with_got(tr(lang, 'must be a text in double quotes, e.g. "{value}"').format(value=json_word(value)), value, lang)
    return _with_got(tr(lang, "must be a text in double quotes"), value, lang)


def _length(error: dict[str, Any], lang: str) -> str:
    kind = error["type"]
    context = error.get("ctx") or {}
    value = error.get("input")
    if kind == "string_too_short":
        return tr(lang, "must not be empty: write the text, or leave the property out")
    if kind == "string_too_long":
        length = len(value) if isinstance(value, str) else 0
        return trn(lang, "is {length} characters long; at most {n} character is allowed",
                   "is {length} characters long; at most {n} characters are allowed", int(context.get("max_length", 0)), length=length)
    if kind == "too_short":
        return trn(lang, "must list at least {n} item", "must list at least {n} items", int(context.get("min_length", 1)))
    actual = int(context.get("actual_length") or (len(value) if isinstance(value, (list, tuple)) else 0))
    return trn(lang, "lists {actual} items; at most {n} item is allowed", "lists {actual} items; at most {n} items are allowed",
               int(context.get("max_length", 0)), actual=actual)


def unknown_property(key: str, allowed: list[str], lang: str = "en") -> str:
    """A property the format does not have, with the nearest allowed name (a typo drops a declaration)."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return tr(lang, "unknown property '{key}'; did you mean '{close}'?").format(key=key, close=close[0])
    if allowed:
        return tr(lang, "unknown property '{key}'; allowed here: {allowed}").format(key=key, allowed=", ".join(allowed))
    return tr(lang, "unknown property '{key}'").format(key=key)


def value_problem(error: dict[str, Any], lang: str = "en") -> str:
    """One pydantic error of a profile (or of `init`'s options) as a plain sentence, without its place.
    `extra_forbidden` needs the allowed names: see `unknown_property`."""
    kind = error["type"]
    location = error.get("loc") or ()
    if kind == "missing":
        return tr(lang, "missing required property '{name}'").format(name=location[-1] if location else "")
    if kind == "extra_forbidden":
        return unknown_property(str(location[-1]) if location else "", [], lang)
    if tuple(location[-2:]) == ("party", "code"):
        return _party_code(error.get("input"), lang)
    if kind == "value_error":  # a model's own check: its words are marked N_ where they are written
        return tr(lang, str(error.get("msg", "")).removeprefix("Value error, "))
    if kind == "literal_error":
        return _literal(error, lang)
    if kind == "string_pattern_mismatch":
        return _pattern(error, lang)
    if kind.startswith("date"):
        return _date(error, lang)
    if kind == "bool_type" or kind == "bool_parsing":
        return _boolean(error, lang)
    if kind == "string_type":
        return _text(error, lang)
    if kind in ("string_too_short", "string_too_long", "too_short", "too_long"):
        return _length(error, lang)
    if kind in ("tuple_type", "list_type"):
        return _with_got(tr(lang, "must be a list in square brackets [ ]"), error.get("input"), lang)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _with_got(tr(lang, "must be an object in braces {{ }}").format(), error.get("input"), lang)
    text = str(error.get("msg", ""))  # a type the profile format cannot raise today: pydantic's words
    return _with_got(text[:1].lower() + text[1:], error.get("input"), lang)


def field_problem(error: dict[str, Any], lang: str = "en") -> str:
    """One pydantic error as the self-check page says it beside its field: the same sentences as
    `value_problem`, but a person filling in a form has no "property" to add or to leave out."""
    kind = error["type"]
    if kind == "missing" and tuple(error.get("loc") or ()) == ("party",):
        return tr(lang, "fill in the Party: its name, its three-letter code and the date of these answers")
    if kind == "missing":
        return tr(lang, "this answer is required: fill it in")
    if kind == "string_too_short":
        return tr(lang, "must not be empty: write the text, or clear the field")
    if kind == "string_type" and error.get("input") is None:
        return tr(lang, "must not be empty: write the text, or clear the field")
    return value_problem(error, lang)


# --------------------------------------------------------------------------------------------------
# click's usage errors


def _option_name(param: Any) -> str:
    opts = list(getattr(param, "opts", []) or [])
    if opts:
        return max(opts, key=len)
    return str(getattr(param, "human_readable_name", "") or getattr(param, "name", ""))


_ARGUMENT_WORDS = {
    "PATH...": N_("give at least one profile file or folder (PATH)"),
    "FILE": N_("give the name of the file to write (FILE; - writes to standard output)"),
    "PROFILE": N_("give the profile file to export (PROFILE)"),
    "REPORT.json": N_("give the national report document to import (REPORT.json)"),
    "ID": N_("give an id of the plan, e.g. A.8.2 (`cartagena plan` lists them)"),
    "OLD": N_("give OLD and NEW: two profiles, folders or saved reports"),
    "NEW": N_("give OLD and NEW: two profiles, folders or saved reports"),
}


def _choice(exc: Any, option: str, lang: str) -> str:
    choices = [str(choice) for choice in exc.param.type.choices]
    found = _QUOTED.match(exc.message or "")
    if found is None:
        return tr(lang, "{option} must be one of: {choices}").format(option=option, choices=", ".join(choices))
    value = found.group(1)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    sentence = tr(lang, '{option} must be one of: {choices}; got "{value}"').format(option=option, choices=", ".join(choices), value=value)
    return sentence + (tr(lang, '; did you mean "{close}"?').format(close=close[0]) if close else "")


def _bad_parameter(exc: Any, command: str, lang: str) -> str:
    import click

    param = exc.param
    option = _option_name(param) if param is not None else ""
    kind = getattr(param, "type", None)
    message = str(exc.message or "")
    value = _QUOTED.match(message)
    if isinstance(kind, click.Choice):
        return _choice(exc, option, lang)
    if isinstance(kind, click.IntRange):
        number = re.match(r"^(-?\d+) is not in the range", message)
        low, high = kind.min, kind.max
        if high is None:  # no upper bound (--jobs): "from 1 to None" said nothing
            if number:
                return tr(lang, "{option} must be a whole number of at least {low}; got {value}").format(option=option, low=low, value=number.group(1))
            return tr(lang, '{option} must be a whole number of at least {low}; got "{value}"').format(
                option=option, low=low, value=value.group(1) if value else ""
            )
        if number:
            return tr(lang, "{option} must be a whole number from {low} to {high}; got {value}").format(option=option, low=low, high=high, value=number.group(1))
        return tr(lang, '{option} must be a whole number from {low} to {high}; got "{value}"').format(
            option=option, low=low, high=high, value=value.group(1) if value else ""
        )
    if isinstance(kind, click.Path) and value is None:
        value = re.search(r"'((?:[^'\\]|\\.)*)'", message)
    if isinstance(kind, click.Path) and value is not None:
        path = value.group(1)
        if message.endswith("does not exist."):
            return tr(lang, "{option} {path}: no such file or folder").format(option=option, path=path)
        if message.endswith("is a directory."):
            return tr(lang, "{option} {path}: is a folder; give a file").format(option=option, path=path)
        if message.endswith("is a file."):
            return tr(lang, "{option} {path}: is a file; give a folder").format(option=option, path=path)
        if "not writable" in message:
            return tr(lang, "{option} {path}: cannot be written (permission denied)").format(option=option, path=path)
        if "not readable" in message:
            return tr(lang, "{option} {path}: cannot be read (permission denied)").format(option=option, path=path)
    return f"{option}: {message}" if option else message


def usage_problem(exc: Any, commands: Iterable[str] = (), lang: str = "en") -> str:
    """One click usage error as a plain sentence saying what to type instead."""
    import click

    ctx = exc.ctx
    command = ctx.command_path if ctx is not None else "cartagena"
    message = str(exc.message or "")
    if isinstance(exc, click.NoSuchOption):
        close = [option for option in (exc.possibilities or [])]
        if close:
            return tr(lang, "there is no option {option}; did you mean {close}?").format(option=exc.option_name, close=", ".join(sorted(close)))
        return tr(lang, "there is no option {option}; `{command} --help` lists the options").format(option=exc.option_name, command=command)
    unknown = re.match(r"^No such command '((?:[^'\\]|\\.)*)'", message)
    if unknown:
        name = unknown.group(1)
        close = difflib.get_close_matches(name, list(commands), n=1, cutoff=0.5)
        if close:
            return tr(lang, 'there is no command "{name}"; did you mean {close}? (`cartagena --help` lists the commands)').format(name=name, close=close[0])
        return tr(lang, 'there is no command "{name}"; `cartagena --help` lists the commands').format(name=name)
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        if isinstance(param, click.Argument):
            name = str(param.human_readable_name)
            if name in _ARGUMENT_WORDS:
                return tr(lang, _ARGUMENT_WORDS[name])
            return tr(lang, "give {name}").format(name=name)
        return tr(lang, "the option {option} is required (`{command} --help` says what it takes)").format(option=_option_name(param), command=command)
    if isinstance(exc, click.BadParameter):
        return _bad_parameter(exc, command, lang)
    if isinstance(exc, click.BadOptionUsage):
        if "requires" in message and "argument" in message:
            return tr(lang, "{option} needs a value after it").format(option=exc.option_name)
        if "does not take a value" in message:
            return tr(lang, "{option} takes no value").format(option=exc.option_name)
    extra = re.match(r"^Got unexpected extra arguments? \((.*)\)$", message)
    if extra:
        return tr(lang, "unexpected extra argument: {arguments} (`{command} --help` shows what it takes)").format(
            arguments=extra.group(1), command=command
        )
    if message.startswith("Missing command"):
        return tr(lang, "give a command, e.g. cartagena check PROFILE; `cartagena --help` lists them")
    return message


__all__ = ["field_problem", "got", "json_word", "unknown_property", "usage_problem", "value_problem"]
