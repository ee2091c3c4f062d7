"""Nothing lost without a word: every question and every option of both cycles' question trees (the
BCH's own, rules/catalog/nr5 and rules/catalog/nr4), answered in every shape the BCH stores, ends in
exactly one place per part: imported into a named profile field, or reported with its question and
why. The accounting is derived from the models' `x-nr5` bindings (engine/nr5/mapping.py), so fields
added to the models are counted without changing this test."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from engine.nr5.document import read_document, to_profile
from engine.nr5.mapping import binding_by_key, bindings, implied, questions
from engine.nr5.nr4_table import TABLE, Differs, Same, Text
from engine.nr5.reading import _nr5_form_keys, nr4_questions
from engine.profile import nr5_codes
from engine.profile.models import Profile

SCHEMAS = {"nr5": "cpbNationalReport5", "nr4": "cpbNationalReport4"}


def _tree(cycle: str) -> dict[str, Any]:
    return {k: q for k, q in (questions() if cycle == "nr5" else nr4_questions()).items() if q.type != "sub-section"}


def _choice(option: Any, shape: int) -> dict[str, Any]:
    item: dict[str, Any] = {"value": option.value}
    if shape % 2:
        item["additionalInformation"] = 25 if option.type == "int" else {"en": "words beside the answer"}
    return item


def _documents(cycle: str) -> list[dict[str, Any]]:
    """Enough documents that every option of every question is chosen once, alternating the shapes:
    free text and numbers bare and as {"value": ...}, choices with and without their text beside."""
    tree = _tree(cycle)
    rounds = max(len(q.options) for q in tree.values())
    out = []
    for n in range(rounds):
        document: dict[str, Any] = {"header": {"schema": SCHEMAS[cycle]}, "government": {"identifier": "xlu"}}
        for key, q in tree.items():
            if q.type in ("option", "term"):
                option = q.options[n % len(q.options)]
                document[key] = [_choice(option, n)] if q.multiple else _choice(option, n)
            elif q.type in ("lstring", "lstringRte"):
                text = {"en": f"text of {key}", "fr": f"texte de {key}"}
                document[key] = {"value": text} if n % 2 else text
            elif q.type == "int":
                document[key] = {"value": n} if n % 2 else n
        out.append(document)
    return out


def _parts(document: dict[str, Any], tree: dict[str, Any]) -> list[str]:
    """The parts given, counted from the document and the question tree alone: each key, and each
    part beside a choice (a free-text language map is one part)."""
    parts = []
    for key, value in document.items():
        parts.append("/" + key)
        if key in tree and tree[key].type not in ("option", "term"):
            continue
        if key.startswith("Q") and isinstance(value, dict):
            parts += [f"/{key}/{name}" for name in value if name != "value"]
        if isinstance(value, list):
            parts += [f"/{key}/{i}/{name}" for i, item in enumerate(value) for name in item if name != "value"]
    return parts


def _field_exists(path: str) -> bool:
    from engine.nr5.mapping import _model_at

    *parent, attribute = path.split(".")
    try:
        model = _model_at(tuple(parent))
    except KeyError:
        return False
    return attribute in model.model_fields


@pytest.mark.parametrize("cycle", ["nr5", "nr4"])
def test_every_part_of_every_answer_is_imported_or_reported_once(cycle: str) -> None:
    tree = _tree(cycle)
    seen_imported: set[str] = set()
    for document in _documents(cycle):
        imported = read_document(document)
        given = _parts(document, tree)
        pointers = [o.pointer for o in imported.outcomes]
        assert sorted(pointers) == sorted(given)  # each part once, none invented
        assert sum(o.imported for o in imported.outcomes) + len(imported.reported) == len(given)
        for outcome in imported.outcomes:
            if outcome.imported:
                assert all(_field_exists(f) for f in outcome.fields if "." in f), outcome
                seen_imported.add(outcome.key or outcome.pointer)
            else:
                assert outcome.why() and "{" not in outcome.why(), outcome  # a reason, fully worded
                assert outcome.key is None or outcome.key in tree or outcome.pointer.startswith("/Q0"), outcome
        profile = to_profile(imported, code="XLU", as_of="2026-02-28")
        Profile.model_validate_json(json.dumps(profile))  # what is imported makes a valid profile
    bound = set(binding_by_key()) | {i.key for i in implied()}
    if cycle == "nr5":
        assert bound <= seen_imported  # every bound question was imported at least once
    else:
        carried = {k for k, e in TABLE.items() if isinstance(e, Same) and e.nr5 in bound}
        assert carried <= seen_imported


def test_the_nr4_table_covers_every_fourth_report_question_and_names_real_nr5_questions() -> None:
    nr4, nr5 = _tree("nr4"), questions()
    assert set(TABLE) == set(nr4)
    for key, entry in TABLE.items():
        if isinstance(entry, (Same, Differs)):
            assert entry.nr5 in nr5, key
        if isinstance(entry, Text):
            assert nr4[key].type in ("lstring", "lstringRte") and (entry.nr5 is None or entry.nr5 in nr5 or entry.nr5 in _nr5_form_keys())
        if isinstance(entry, Same):
            assert nr4[key].type in ("option", "term") and nr5[entry.nr5].type in ("option", "term"), key
            for code in (entry.codes or {}).values():
                assert code in {o.value for o in nr5[entry.nr5].options}, (key, code)


def test_nr4_questions_the_bch_map_pairs_but_that_ask_something_else_are_not_read_as_the_same() -> None:
    # NR4 136 "capacity-building strategy or action plan" is not NR5 124 "needs prioritized"; NR4 16
    # and 17 (mainstreaming initiatives, budget-allocation mechanism) are not NR5 9 and 10
    for nr4 in ("Q136", "Q016", "Q017", "Q018"):
        assert isinstance(TABLE[nr4], Differs)
    document = {"header": {"schema": "cpbNationalReport4"}, "government": {"identifier": "xlu"},
                "Q017": {"value": "true.some", "additionalInformation": {"en": "annual allocation"}}, "Q136": {"value": "true"}}
    imported = read_document(document)
    assert imported.declarations == {}
    lines = [o.line() for o in imported.reported]
    assert "/Q017 (NR4 question 17): a different question from NR5 question 10: NR4 asks whether a mechanism for budget allocations exists; NR5 whether the Party has resources for biosafety from national budgets" in lines
    assert any(line.startswith("/Q136 (NR4 question 136): a different question from NR5 question 124") for line in lines)
    assert "/Q017/additionalInformation (NR4 question 17): free text beside the answer; the profile keeps the answer's code, not its text" in lines


def test_the_guid_codes_are_read_from_the_bch_question_tree_by_their_titles() -> None:
    tree = questions()
    q160 = {o.value: o.title for o in tree["Q160"].options}
    q007 = {o.value: o.title for o in tree["Q007"].options}
    recoding = nr5_codes.recoding("Q160", "answer")
    assert recoding is not None and set(recoding.to_profile) == set(q160)
    for guid, word in recoding.to_profile.items():
        assert q160[guid] == q007[word]  # the same step of the same scale
    assert recoding.to_profile["74B17D51-786F-3D68-3B76-A50121842925"] == "implementation.fullInPlace"
    q161 = nr5_codes.recoding("Q161", "answer")
    assert q161 is not None and set(q161.to_profile) == {o.value for o in tree["Q161"].options}
    assert q161.to_report["instrument.none"] == "9067DB5B-E33B-655D-83A3-32D4D562618F"
    with pytest.raises(KeyError):
        nr5_codes.code_titled("Q161", "One or more national acts")


def test_the_supplementary_protocol_answers_are_bound_both_ways() -> None:
    by_key = {b.key: b for b in bindings()}
    assert by_key["Q159"].field_path == "party.supplementary_protocol.status"
    assert by_key["Q159_adq"].field_path == "party.supplementary_protocol.process_towards_joining"
    assert by_key["Q160"].field_path == "liability_and_redress.measures.answer"
    assert by_key["Q161"].field_path == "liability_and_redress.instruments.answer"
    assert by_key["Q012"].field_path == "national_biosafety_framework.qualified_staff.number"
    assert {(i.key, i.field_path) for i in implied()} >= {
        ("Q098", "national_biosafety_framework.competent_national_authorities.answer"),
        ("Q102_d", "national_biosafety_framework.national_focal_point.answer"),
        ("Q102_d", "national_biosafety_framework.emergency_contact_point.answer"),
        ("Q160", "liability_and_redress.reports_on_implementation.answer"),
    }


def test_a_follow_up_without_its_question_is_reported_not_made_into_an_invalid_declaration() -> None:
    document = {"header": {"schema": "cpbNationalReport5"}, "Q012": {"value": "5+"}, "Q159_adq": {"value": "true"}}
    imported = read_document(document)
    assert imported.declarations == {}
    assert [o.line() for o in imported.reported][1:] == [
        "/Q012 (NR5 question 12): a follow-up answer: its declaration also needs national_biosafety_framework.qualified_staff.answer, which the report does not give",
        "/Q159_adq (NR5 follow-up to question 159): a follow-up answer: its declaration also needs party.supplementary_protocol.status, which the report does not give",
    ]
    with pytest.raises(ValidationError):  # what the old reader wrote
        Profile.model_validate({"party": {"name": "X", "code": "XLU", "as_of": "2026-01-01"},
                                "national_biosafety_framework": {"qualified_staff": {"number": "5+"}}})
