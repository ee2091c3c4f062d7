"""`cartagena plan`: the tree, one goal in full, JSON, and a clear line for an unknown goal."""

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


def run(*args):
    return CliRunner().invoke(cartagena, list(args))


def test_tree():
    result = run("plan")
    assert result.exit_code == 0, result.output
    out = result.output
    for text in ("A. AREAS FOR IMPLEMENTATION", "B. ENABLING ENVIRONMENT", "A.1  Parties have in place functional",
                 "A.1.1  ", "A.1(a)  Percentage of Parties that have measures in place", "Outcome",
                 "Key areas for capacity-building", "CB.A.1.i    Provide training on the development",
                 "Capacity-building (CB.A.6-8, shared by goals A.6, A.7 and A.8)",
                 "Capacity-building: see CB.A.2-3 under goal A.2", "Paragraph 18:"):
        assert text in out, text
    assert out.index("A.10  ") < out.index("B.1  ") < out.index("B.4  ")
    # shared sections are printed once
    assert out.count("KA.A.6-8.1") == 1 and out.count("CB.A.2-3.iv") == 1
    # B.3's missing parts are said plainly
    b3 = out[out.index("\nB.3  "):out.index("\nB.4  ")]
    assert b3.count("[missing from the source text:") == 10  # goal, objectives, (a)-(e), outcome, key areas, activities
    assert "...decisions available to the public [fragment:" in b3


def test_one_goal_in_full():
    result = run("plan", "--goal", "a.8")
    assert result.exit_code == 0, result.output
    out = result.output
    for text in ("A.8.2  Parties have measures in place to fulfil the documentation requirements", "A.8(d)",
                 "Treaty articles behind this goal", "CP-18.2(a)  Article 18, paragraph 2(a), of the Cartagena Protocol",
                 'Force: "shall": a legal obligation', "Binds: each Party",
                 "Reference summary (the project's, not the treaty text):",
                 "KA.A.6-8.5", "CB.A.6-8.vi"):
        assert text in out, text
    assert "A.9" not in out


def test_goal_a4_shows_article_34_and_decision():
    out = run("plan", "--goal", "A.4").output
    assert "CP-34  Article 34 of the Cartagena Protocol" in out
    assert "MOP-BS-I/7  Decision BS-I/7 of the meeting of the Parties" in out


def test_goal_view_shows_mends():
    out = run("plan", "--goal", "A.1").output
    assert 'the source reads "Hovide", here "Provide"' in out


@pytest.mark.parametrize("goal, hint", [("A.11", "did you mean: A.1"), ("A.8.2", "not a goal"), ("zz", "the goals are")])
def test_unknown_goal(goal, hint):
    result = run("plan", "--goal", goal)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"cartagena plan: unknown goal '{goal}'") and hint in lines[0]


def test_json_shape():
    result = run("plan", "--format", "json")
    assert result.exit_code == 0
    assert result.output.endswith("}\n")
    data = json.loads(result.output)
    assert list(data) == ["plan", "goals", "capacity_building", "articles"]
    assert {"title", "period", "source", "areas", "notes"} <= set(data["plan"])
    assert [g["id"] for g in data["goals"]][:2] == ["A.1", "A.2"] and len(data["goals"]) == 14
    for goal in data["goals"]:
        assert {"id", "area", "text", "objectives", "indicators", "outcome", "articles", "capacity_building"} <= set(goal)
        for item in (*goal["objectives"], *goal["indicators"], goal["outcome"]):
            assert "id" in item and "text" in item
            if item["text"] is None:
                assert item["missing"]
    for section in data["capacity_building"]:
        assert {"id", "goals", "key_areas", "activities"} <= set(section)
        for item in (*section["key_areas"], *section["activities"]):
            assert "id" in item and "text" in item
    b3 = next(g for g in data["goals"] if g["id"] == "B.3")
    assert b3["text"] is None and b3["missing"] and b3["objectives"] == [] and b3["objectives_missing"]
    assert b3["outcome"] == {"id": "B.3-outcome", "text": None, "missing": b3["outcome"]["missing"]}
    assert next(g for g in data["goals"] if g["id"] == "A.4")["articles"] == ["CP-34", "MOP-BS-I/7"]
    art = next(a for a in data["articles"] if a["id"] == "CP-18.2(a)")
    assert art["force"] == "shall" and art["binds"] == "each_party" and "not the treaty text" in art["summary_source"]
    assert art["text"].startswith("Each Party shall take measures to require that documentation accompanying:\na) Living")
    assert art["read_in"]["where"].startswith("github.com/statengeneraal/laws-markdown")
    a1i = data["capacity_building"][0]["activities"][0]
    assert a1i["id"] == "CB.A.1.i" and a1i["mends"][0]["source"] == "Hovide"


def test_json_is_deterministic():
    assert run("plan", "--format", "json").output == run("plan", "--format", "json").output


def test_json_one_goal():
    data = json.loads(run("plan", "--goal", "A.2", "--format", "json").output)
    assert [g["id"] for g in data["goals"]] == ["A.2"]
    assert [s["id"] for s in data["capacity_building"]] == ["CB.A.2-3"]
    # the paragraphs that create each category of mandatory information (issue 23), in the register's order
    assert [a["id"] for a in data["articles"]] == [
        "CP-10.3", "CP-11.1", "CP-11.5", "CP-11.6", "CP-6.1", "CP-12.1", "CP-13.1", "CP-14.4", "CP-20.3", "CP-25.3"
    ]


def test_help_for_a_policy_officer():
    out = run("plan", "--help").output
    assert "--goal" in out and "cartagena plan --goal A.8" in out


def test_from_the_command_line():
    result = subprocess.run([sys.executable, "cli.py", "plan", "--goal", "B.3"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "[missing from the source text:" in result.stdout
