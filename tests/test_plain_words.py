"""Issue 21: every message a person reads is in plain words. `engine.plain_words` turns each error
type the profile format can raise (pydantic) and each click usage error into a sentence that says
what to write instead; every sentence goes through gettext, so the self-check page can reuse them."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from engine.profile.models import Profile
from tests.clirun import ROOT, cartagena
from tests.i18nkit import marked_locale

BASE = json.loads((ROOT / "profiles" / "examplia-everything-in-place.json").read_text(encoding="utf-8"))


def _errors(change: dict[str, Any]) -> list[dict[str, Any]]:
    document = copy.deepcopy(BASE)
    for path, value in change.items():
        node = document
        parts = path.split("/")
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(parts[-1])] = value
        else:
            node[parts[-1]] = value
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate_json(json.dumps(document))
    return caught.value.errors(include_url=False)


# every error type the profile format can raise (found by putting each kind of wrong value at each
# place of a full profile), with a bad value that raises it and the sentence a focal point reads
CASES: dict[str, tuple[dict[str, Any], str]] = {
    "bool_type": ({"party/developing_country_or_economy_in_transition": "true"},
                  'must be true or false without quotes: remove the quotes around "true"'),
    "bool_type (number)": ({"party/gef_star_eligible": 1}, "must be true or false, without quotes, got the number 1"),
    "literal_error": ({"national_biosafety_framework/national_measures/answer": "implementation.full"},
                      '"implementation.full" is not one of the answers "implementation.fullInPlace", "implementation.partiallyInPlace", '
                      '"implementation.temporaryMeasures", "implementation.draftMeasures", "implementation.none"; did you mean "implementation.fullInPlace"?'),
    "literal_error (no quotes)": ({"national_biosafety_framework/mainstreaming/answer": True},
                                  'write the answer in double quotes: "true" (the answers are codes: "true", "true.some", "false")'),
    "literal_error (case)": ({"party/region": "africa"}, 'the answer codes are case-sensitive: write "Africa", not "africa"'),
    "literal_error (other)": ({"party/supplementary_protocol/status": 5}, 'must be one of "party", "signatory", "neither", got the number 5'),
    "string_pattern_mismatch (code)": ({"party/code": "X1"}, 'must be a three-letter code in capitals (ISO 3166-1 alpha-3), e.g. XEX, got "X1"'),
    "string_pattern_mismatch (lower case code)": ({"party/code": "xex"}, 'must be in capitals: write "XEX" (a three-letter code, ISO 3166-1 alpha-3)'),
    "string_pattern_mismatch (url)": ({"national_biosafety_framework/instruments/evidence/0/url": "www.example.org"},
                                      'must be a web address that starts with http:// or https://, without spaces, got "www.example.org"'),
    "string_too_short": ({"party/name": ""}, "must not be empty: write the text, or leave the property out"),
    "string_too_long": ({"party/name": "x" * 201}, "is 201 characters long; at most 200 characters are allowed"),
    "string_type": ({"party/name": 5}, 'must be a text in double quotes, e.g. "5", got the number 5'),
    "string_type (null)": ({"party/name": None}, "must be a text in double quotes; leave the property out if there is nothing to say"),
    "date_type": ({"party/as_of": 20260331}, 'must be a date written YYYY-MM-DD in double quotes, e.g. "2026-03-31", got the number 20260331'),
    "date_parsing": ({"party/as_of": "31/03/2026"}, 'must be a date written YYYY-MM-DD, e.g. "2026-03-31", got "31/03/2026"'),
    "date_parsing (no such day)": ({"party/as_of": "2026-02-30"}, "2026-02-30 is not a date that exists (the month or the day is out of range)"),
    "missing": ({"party": {"name": "X", "code": "XEX"}}, "missing required property 'as_of'"),
    "model_type": ({"party": []}, "must be an object in braces { }, got a list"),
    "tuple_type": ({"national_biosafety_framework/national_measures/evidence": "Biosafety Act"},
                   'must be a list in square brackets [ ], got "Biosafety Act"'),
    "too_short": ({"national_biosafety_framework/instruments/answer": []}, "must list at least 1 item"),
    "too_long": ({"national_biosafety_framework/instruments/answer": ["instrument.biosafetyGuidelines"] * 6},
                 "lists 6 items; at most 5 items are allowed"),
    "value_error": ({"national_biosafety_framework/national_measures/evidence": [{}]},
                    "an evidence entry needs at least one of: instrument, bch_record, url, date, note"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_error_type_of_the_profile_format_reads_as_a_plain_sentence(case: str) -> None:
    from engine.plain_words import value_problem

    change, sentence = CASES[case]
    errors = _errors(change)
    kind = case.split(" (")[0]
    error = next(error for error in errors if error["type"] == kind)
    assert value_problem(error) == sentence


def test_every_error_type_the_format_can_raise_is_in_the_table() -> None:
    """Every kind of wrong value at every place of a full profile raises only types CASES covers."""
    bad = [1, 1.5, "x", "", "true", True, None, [], {}, ["x"], "x" * 20000, "2026-13-45", [{}] * 201, {"zz": 1}]
    found: set[str] = set()

    def places(node: Any, path: list[str]) -> Any:
        yield path
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in children:
            yield from places(child, [*path, str(key)])

    for path in list(places(BASE, []))[1:]:
        for value in bad:
            try:
                found.update(error["type"] for error in _errors({"/".join(path): value}))
            except BaseException:  # the value happened to be valid there
                continue
    covered = {case.split(" (")[0] for case in CASES} | {"extra_forbidden"}
    assert found <= covered, found - covered


def test_validate_says_remove_the_quotes(tmp_path: Path) -> None:
    profile = copy.deepcopy(BASE)
    profile["party"]["developing_country_or_economy_in_transition"] = "true"
    (tmp_path / "p.json").write_text(json.dumps(profile, indent=2), encoding="utf-8")
    result = cartagena("validate", "p.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.splitlines()[0] == (
        'p.json:13:52: /party/developing_country_or_economy_in_transition: must be true or false without quotes: '
        'remove the quotes around "true"'
    )


def test_init_says_what_a_code_looks_like(tmp_path: Path) -> None:
    result = cartagena("init", "--party", "Republic of Examplia", "--code", "Examplia", "new.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == 'cartagena init: --code: must be a three-letter code in capitals (ISO 3166-1 alpha-3), e.g. XEX, got "Examplia"\n'
    assert not (tmp_path / "new.json").exists()


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["chek", "p.json"], 'cartagena: there is no command "chek"; did you mean check? (`cartagena --help` lists the commands)'),
        (["check"], "cartagena check: give at least one profile file or folder (PATH)"),
        (["check", "p.json", "--format", "xml"],
         'cartagena check: --format must be one of: html, json, junit, markdown, ndjson, sarif, text; got "xml"; did you mean "html"?'),
        (["check", "p.json", "--fial-on", "none"], "cartagena check: there is no option --fial-on; did you mean --fail-on?"),
        (["check", "p.json", "-o"], "cartagena check: -o needs a value after it"),
        (["serve", "--port", "http"], 'cartagena serve: --port must be a whole number from 0 to 65535; got "http"'),
        (["serve", "--port", "70000"], "cartagena serve: --port must be a whole number from 0 to 65535; got 70000"),
        (["check", "p.json", "--jobs", "0"], "cartagena check: --jobs must be a whole number of at least 1; got 0"),
        (["indicators", "p.json", "--jobs", "two"], 'cartagena indicators: --jobs must be a whole number of at least 1; got "two"'),
        (["init", "--party", "X", "--code", "XEX"], "cartagena init: give the name of the file to write (FILE; - writes to standard output)"),
        (["init", "--code", "XEX", "new.json"], "cartagena init: the option --party is required (`cartagena init --help` says what it takes)"),
        (["explain"], "cartagena explain: give an id of the plan, e.g. A.8.2 (`cartagena plan` lists them)"),
        (["schema", "extra"], "cartagena schema: unexpected extra argument: extra (`cartagena schema --help` shows what it takes)"),
        (["--colour"], "cartagena: there is no option --colour; `cartagena --help` lists the options"),
        (["serve", "--save-dir", "no-such-folder"], "cartagena serve: --save-dir no-such-folder: no such file or folder"),
    ],
)
def test_usage_errors_are_one_plain_line(tmp_path: Path, args: list[str], line: str) -> None:
    result = cartagena(*args, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", line + "\n")


def test_got_names_each_kind_of_value() -> None:
    from engine.plain_words import got

    assert [got(value) for value in (True, None, 3, "x", [1], {"a": 1})] == [
        "got true", "got null", "got the number 3", 'got "x"', "got a list", "got an object",
    ]


def test_every_sentence_goes_through_the_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With catalogs that mark every message (⟦...⟧), no sentence of the table is left unmarked."""
    import engine.i18n as i18n
    from engine.plain_words import usage_problem, value_problem

    monkeypatch.setattr(i18n, "LOCALE_DIR", marked_locale(tmp_path))
    i18n._translations.cache_clear()
    try:
        for case, (change, _) in CASES.items():
            kind = case.split(" (")[0]
            error = next(error for error in _errors(change) if error["type"] == kind)
            words = value_problem(error, "fr")
            assert words.startswith("⟦"), (case, words)
        import click

        from cli import cartagena as group

        context = click.Context(group)
        assert usage_problem(click.UsageError("No such command 'chek'.", context), ["check"], "fr").startswith("⟦")
    finally:
        i18n._translations.cache_clear()
