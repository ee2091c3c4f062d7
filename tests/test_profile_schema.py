"""The profile's JSON Schema is generated from the pydantic models and cannot drift from them."""

from __future__ import annotations

import json

import jsonschema
import pytest

from engine.paths import PROFILE_SCHEMA_PATH, PROFILES_DIR
from engine.profile.models import PROFILE_SCHEMA_ID, Profile
from engine.profile.schema import render_schema
from engine.rulebook.fields import profile_fields

EXAMPLES = sorted(PROFILES_DIR.glob("*.json"))


def committed_schema() -> dict:
    return json.loads(PROFILE_SCHEMA_PATH.read_text(encoding="utf-8"))


def test_committed_schema_is_the_one_generated_from_the_models() -> None:
    assert PROFILE_SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(), (
        "profiles/schema/profile.schema.json is out of date: run python -m engine.profile.schema"
    )


def test_schema_is_draft_2020_12_with_an_id() -> None:
    schema = committed_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == PROFILE_SCHEMA_ID


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_schema_and_models_accept_every_example(path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(committed_schema(), format_checker=jsonschema.FormatChecker()).validate(data)
    Profile.model_validate_json(path.read_bytes())


def test_there_are_seven_example_profiles_of_fictional_parties() -> None:
    assert len(EXAMPLES) == 7
    for path in EXAMPLES:
        code = json.loads(path.read_text(encoding="utf-8"))["party"]["code"]
        assert code.startswith("X") and "XAA" <= code <= "XZZ", f"{path.name}: {code} is not in ISO's user-assigned range"


@pytest.mark.parametrize(
    "bad",
    [
        {"party": {"name": "A", "code": "XAA", "as_of": "2026-01-01", "unknown": 1}},
        {"party": {"name": "A", "code": "xaa", "as_of": "2026-01-01"}},
        {"party": {"name": "A", "code": "XAA", "as_of": "2026-01-01"}, "national_biosafety_framework": {"mainstreaming": {"answer": "yes"}}},
        {"party": {"name": "A", "code": "XAA", "as_of": "2026-01-01"}, "national_biosafety_framework": {"mainstreaming": {"answer": True}}},
        {"party": {"name": "A", "code": "XAA", "as_of": "2026-01-01"}, "national_biosafety_framework": {"mainstraming": {"answer": "true"}}},
        {"party": {"name": "A", "code": "XAA"}},
    ],
)
def test_schema_and_models_reject_the_same_bad_profiles(bad: dict) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(committed_schema()).validate(bad)
    with pytest.raises(Exception):
        Profile.model_validate_json(json.dumps(bad))


def test_every_declaration_names_the_nr5_questions_it_answers_in_its_description() -> None:
    schema = committed_schema()
    described = 0
    for definition in schema["$defs"].values():
        for name, prop in definition.get("properties", {}).items():
            if "x-nr5" in prop and prop["x-nr5"]:
                described += 1
                for key in prop["x-nr5"]:
                    assert f"NR5 {key}" in prop["description"], f"{name}: description does not name {key}"
    assert described > 80


def test_rule_field_registry_covers_every_section() -> None:
    sections = {path.split(".")[0] for path in profile_fields()}
    assert set(Profile.model_fields) - {"schema_"} == sections
