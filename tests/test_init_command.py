"""`cartagena init` writes an empty profile that validates, and never overwrites."""

from __future__ import annotations

import json

import jsonschema

from engine.paths import PROFILE_SCHEMA_PATH
from engine.profile.models import PROFILE_SCHEMA_ID, Profile
from tests.clirun import cartagena


def test_init_writes_every_section_with_nothing_declared_and_it_validates(tmp_path) -> None:
    target = tmp_path / "examplia.json"
    result = cartagena("init", "--party", "Republic of Examplia", "--code", "XEX", "--as-of", "2026-02-28", str(target))
    assert result.returncode == 0, result.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["party"] == {"name": "Republic of Examplia", "code": "XEX", "as_of": "2026-02-28"}
    sections = set(Profile.model_fields) - {"schema_", "party"}
    assert sections <= set(data)
    assert data["biosafety_clearing_house"] == {"mandatory_information": {}}
    assert all(data[section] in ({}, {"mandatory_information": {}}) for section in sections)
    # "$schema" is the schema's $id: the same wherever the file goes (README: mapping it in an editor)
    schema = json.loads(PROFILE_SCHEMA_PATH.read_text(encoding="utf-8"))
    assert data["$schema"] == schema["$id"] == PROFILE_SCHEMA_ID
    jsonschema.Draft202012Validator(schema).validate(data)
    validated = cartagena("validate", str(target))
    assert validated.returncode == 0 and "1 file checked, 0 invalid" in validated.stdout
    checked = cartagena("check", str(target), "--format", "json")
    report = json.loads(checked.stdout)
    statuses = {finding["status"] for finding in report["profiles"][0]["findings"]}
    assert checked.returncode == 0 and statuses <= {"not_declared"}


def test_init_refuses_to_overwrite(tmp_path) -> None:
    target = tmp_path / "p.json"
    target.write_text("keep me", encoding="utf-8")
    result = cartagena("init", "--party", "X", "--code", "XAA", str(target))
    assert result.returncode == 2
    assert "already exists; not overwritten" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert "Traceback" not in result.stderr


def test_init_rejects_a_bad_code_or_date(tmp_path) -> None:
    bad_code = cartagena("init", "--party", "X", "--code", "xx", str(tmp_path / "a.json"))
    assert bad_code.returncode == 2 and "--code" in bad_code.stderr and not (tmp_path / "a.json").exists()
    bad_date = cartagena("init", "--party", "X", "--code", "XAA", "--as-of", "2026-13-01", str(tmp_path / "b.json"))
    assert bad_date.returncode == 2 and "--as-of" in bad_date.stderr


def test_init_full_writes_a_checklist_and_the_file_still_validates_once_copied(tmp_path) -> None:
    target = tmp_path / "a" / "xlu.json"
    target.parent.mkdir()
    result = cartagena("init", "--full", "--party", "Lusitania Minor", "--code", "XLU", "--as-of", "2026-01-01", str(target))
    assert result.returncode == 0, result.stderr
    checklist = (tmp_path / "a" / "xlu.checklist.md").read_text(encoding="utf-8")
    assert "- [ ] `national_biosafety_framework.national_measures`" in checklist
    assert "  - NR5 question 7 (Q007): Has your country introduced the necessary national measures" in checklist
    assert "`implementation.partiallyInPlace`" in checklist
    assert "- [ ] `biosafety_clearing_house.mandatory_information.q`" in checklist
    elsewhere = tmp_path / "b" / "copy.json"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(target.read_bytes())
    assert json.loads(elsewhere.read_text(encoding="utf-8"))["$schema"] == PROFILE_SCHEMA_ID
    validated = cartagena("validate", str(elsewhere))
    assert validated.returncode == 0 and "1 file checked, 0 invalid" in validated.stdout
    again = cartagena("init", "--full", "--party", "L", "--code", "XLU", str(tmp_path / "a" / "xlu.json"))
    assert again.returncode == 2
