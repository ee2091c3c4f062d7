"""`cartagena explain ID`: text and JSON for every kind of id; unknown ids give one line and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from cli import cartagena  # noqa: E402
from engine.catalog import load_catalog  # noqa: E402
from engine.commands.explain import ExtraSection, build_explanation, explanation_lines  # noqa: E402


def run(*args):
    return CliRunner().invoke(cartagena, list(args))


def explain_json(item_id):
    result = run("explain", item_id, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_objective_text():
    result = run("explain", "A.8.2")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("A.8.2  (objective)\n  Parties have measures in place to fulfil the documentation")
    for text in ("Goal A.8  Parties have measures in place to fulfil the handling",
                 "CP-18.2(a)  Article 18, paragraph 2(a), of the Cartagena Protocol  [the reference ties it",
                 "Reference summary (the project's, not the treaty text):",
                 "Q080  question 80", "Answers (choose one): Yes [true]; Yes, to some extent [true.some]; No [false]",
                 "CB.A.6-8 (shared by goals A.6, A.7, A.8)",
                 "CB.A.6-8.i    Provide training on LMO documentation and identification requirements"):
        assert text in out, text


def test_objective_articles_tied_first():
    data = explain_json("A.8.2")
    assert [a["id"] for a in data["articles"]] == ["CP-18.2(a)", "CP-18.2(b)", "CP-18.2(c)", "MOP-BS-III/10", "CP-18.1"]
    assert [a["tied_to_this_item"] for a in data["articles"]] == [True, True, True, True, False]
    assert [q["key"] for q in data["nr5_questions"]] == ["Q080", "Q081", "Q082", "Q083", "Q084", "Q085", "Q086", "Q079"]
    assert data["nr5_questions"][0]["via_articles"] == ["CP-18.2(a)"]
    assert [s["id"] for s in data["capacity_building"]] == ["CB.A.6-8"]
    assert len(data["capacity_building"][0]["activities"]) == 6


@pytest.mark.parametrize("typed", ["A.10(a)", "A.10a", "a.10.A"])
def test_indicator_spellings(typed):
    data = explain_json(typed)
    assert data["id"] == "A.10(a)" and data["kind"] == "indicator"
    assert data["text"] == "Percentage of Parties to the Cartagena Protocol that have become Parties to the Supplementary Protocol"
    assert [a["id"] for a in data["articles"]] == ["SP-status", "SP-5.1", "SP-5.2", "SP-5.3", "SP-10.1", "SP-12.1", "SP-16.3"]
    assert "Q159" in [q["key"] for q in data["nr5_questions"]]


def test_activity():
    data = explain_json("CB.A.6-8.i")
    assert data["kind"] == "activity"
    assert [w["id"] for w in data["where"]] == ["CB.A.6-8", "A.6", "A.7", "A.8"]
    assert "CP-18.2(a)" in [a["id"] for a in data["articles"]]


def test_nr5_question():
    result = run("explain", "Q080")
    assert result.exit_code == 0
    assert "Has your country taken measures to require that documentation accompanying LMOs-FFP" in result.output
    data = explain_json("q80")
    assert data["kind"] == "nr5_question" and data["label"] == "question 80"
    assert [o["value"] for o in data["options"]] == ["true", "true.some", "false"]
    assert [a["id"] for a in data["articles"]] == ["CP-18.2(a)"]
    assert [w["id"] for w in data["where"]] == ["Article18", "A.8"]


def test_article():
    data = explain_json("cp-18.2(a)")
    assert data["kind"] == "article" and data["article"]["force"] == "shall" and data["article"]["binds"] == "each_party"
    assert "not the treaty text" in data["article"]["summary_source"]
    assert [q["key"] for q in data["nr5_questions"]] == ["Q080", "Q081", "Q082"]
    out = run("explain", "CP-17.2").output
    assert "Inferred: the link to goal A.7" in out


def test_goal_a6_rests_on_the_supported_articles():
    data = explain_json("A.6")
    assert [a["id"] for a in data["articles"]] == ["CP-17", "CP-18.2", "CP-25"]
    assert "articles_note" not in data


def test_missing_parts():
    out = run("explain", "B.3(c)").output
    assert "[missing from the source text:" in out
    data = explain_json("B.3f")
    assert data["fragment"] is True and data["letter_note"]


def test_unknown_id():
    result = run("explain", "A.8.9")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "cartagena explain: unknown id 'A.8.9'; did you mean: A.8.2, A.8.1, A.9?\n"


def test_unknown_id_from_the_command_line():
    result = subprocess.run([sys.executable, "cli.py", "explain", "nothing-like-it"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("cartagena explain: unknown id 'nothing-like-it'")


def test_extra_sections_hook():
    catalog = load_catalog()
    rules = ExtraSection(key="rules", title="Rules that measure it", items=[{"id": "A8-R1", "text": "a rule"}])
    computed = lambda cat, entry: ExtraSection("ids", f"Computed for {entry.id}")  # noqa: E731
    ex = build_explanation(catalog, "A.8.2", [rules, computed, lambda cat, entry: None])
    assert [e["key"] for e in ex["extra"]] == ["rules", "ids"]
    lines = explanation_lines(ex)
    assert "Rules that measure it" in lines and "  A8-R1  a rule" in lines and "Computed for A.8.2" in lines


def test_every_id_explains():
    catalog = load_catalog()
    for id_ in catalog.entries:
        ex = build_explanation(catalog, id_)
        assert explanation_lines(ex)
        json.dumps(ex)


def test_explain_accepts_question_n_rule_ids_and_profile_fields() -> None:
    from tests.clirun import cartagena as run

    question = run("explain", "question 7")
    assert question.returncode == 0 and question.stdout.startswith("question 7 is NR5 Q007:\n\nQ007  (question of the fifth national report (NR5))\n")
    rule = run("explain", "A.1/national-measures", "--format", "json")
    data = json.loads(rule.stdout)
    assert data["asked_as"]["kind"] == "rule" and data["asked_as"]["reads"] == ["national_biosafety_framework.national_measures.answer"]
    assert data["id"] == "A.1.1"
    field = run("explain", "national_biosafety_framework.mainstreaming")
    assert field.returncode == 0
    assert field.stdout.splitlines()[2] == "  Rules that read it: A.1/mainstreaming"
    assert "\nQ009  (question of the fifth national report (NR5))\n" in field.stdout
    unknown = run("explain", "nonsense.thing")
    assert unknown.returncode == 2 and "`cartagena rules` the rule ids, `cartagena schema` the profile's fields" in unknown.stderr
