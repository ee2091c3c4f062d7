"""A broken catalog gives `file: location: problem` lines, never a traceback; the schema stays in sync."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from engine import paths  # noqa: E402
from engine.catalog import CatalogError, load_catalog, load_catalog_from  # noqa: E402
from engine.catalog.schema import SCHEMA_PATH, render  # noqa: E402


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """A copy of the catalog in a temporary directory that the tool reads instead of the real one."""
    target = tmp_path / "catalog"
    shutil.copytree(paths.CATALOG_DIR, target)
    monkeypatch.setattr(paths, "CATALOG_DIR", target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(directory: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog_from(directory)
    return info.value.problems


def test_copy_loads(broken):
    assert load_catalog().goals[0].id == "A.1"


def test_field_of_wrong_shape(broken):
    _edit(broken / "goals" / "A.8.yaml", "- id: A.8.2\n  text: ", "- id: A.8.2\n  txt: ")
    problems = _problems(broken)
    assert "goals/A.8.yaml: objectives[1].text: Field required" in problems
    assert "goals/A.8.yaml: objectives[1].txt: Extra inputs are not permitted" in problems


def test_yaml_syntax_error(broken):
    (broken / "goals" / "A.2.yaml").write_text("id: A.2\nobjectives: [\n", encoding="utf-8")
    problems = _problems(broken)
    assert len(problems) == 1 and problems[0].startswith("goals/A.2.yaml: line ")
    assert "not valid YAML" in problems[0]


def test_links_that_do_not_resolve(broken):
    _edit(broken / "goals" / "A.5.yaml", "- CP-15.1\n", "- CP-99\n")
    _edit(broken / "articles.yaml", "  - Q079\n", "  - Q999\n")
    problems = _problems(broken)
    assert "goals/A.5.yaml: articles[0]: no article 'CP-99' in articles.yaml" in problems
    assert any(p.startswith("articles.yaml: articles[22].nr5[0]: no NR5 question 'Q999'") for p in problems)
    assert any(p.startswith("articles.yaml: articles[29].goals[0]: goal A.5 does not list article CP-15.1") for p in problems)


def test_a_quoted_text_needs_its_source(broken):
    _edit(broken / "articles.yaml", "  text_source: cp-text\n", "  text_source: nowhere\n")
    problems = _problems(broken)
    assert "articles.yaml: articles[0].text_source: no source 'nowhere' under `sources`" in problems


def test_no_text_needs_a_note(broken):
    _edit(broken / "articles.yaml", "  text_note: 'not a provision of either Protocol: the plan''s goal B.4, where no single article applies'\n", "")
    problems = _problems(broken)
    assert any("text is null: `text_note` must say why the project has no verified text" in p for p in problems), problems


def test_missing_text_needs_a_reason(broken):
    _edit(broken / "goals" / "A.3.yaml", "- id: A.3.1\n  text: Parties submit complete national reports within the established deadline",
          "- id: A.3.1\n  text: null")
    problems = _problems(broken)
    assert "goals/A.3.yaml: objectives[0]: text is null, so `missing` must say why" in problems


def test_duplicate_and_gap(broken):
    _edit(broken / "goals" / "A.6.yaml", "- id: A.6(b)\n  letter: b", "- id: A.6(c)\n  letter: c")
    problems = _problems(broken)
    assert "goals/A.6.yaml: indicators[1].letter: expected 'b' (letters run a, b, c ... without gaps)" in problems
    assert "(catalog): A.6(c): id used more than once (again as a indicator)" in problems


def test_file_not_listed_and_file_missing(broken):
    (broken / "goals" / "A.7.yaml").rename(broken / "goals" / "A.77.yaml")
    problems = _problems(broken)
    assert "goals/A.7.yaml: (file): not found" in problems
    assert "goals/A.77.yaml: (file): not listed under `goals` in plan.yaml" in problems


@pytest.mark.parametrize("args", [["plan"], ["explain", "A.8.2"], ["plan", "--format", "json"]])
def test_commands_on_a_broken_catalog(broken, args):
    from cli import cartagena

    _edit(broken / "capacity-building" / "CB.A.4.yaml", "numeral: i", "numeral: I")
    result = CliRunner().invoke(cartagena, args)
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "the plan catalog" in result.stderr and "is broken" in result.stderr
    assert "  capacity-building/CB.A.4.yaml: activities[0].numeral: String should match pattern" in result.stderr


def test_committed_schema_is_generated():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), (
        "rules/schema/catalog.schema.json is out of date: run `python -m engine.catalog.schema`"
    )


def test_catalog_files_match_the_schema():
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    files = [paths.CATALOG_DIR / "plan.yaml", paths.CATALOG_DIR / "articles.yaml",
             *sorted((paths.CATALOG_DIR / "goals").glob("*.yaml")),
             *sorted((paths.CATALOG_DIR / "capacity-building").glob("*.yaml"))]
    for f in files:
        assert not list(validator.iter_errors(yaml.safe_load(f.read_text(encoding="utf-8")))), f


def test_validate_does_not_import_the_catalog():
    code = "import cli, sys; cli.COMMANDS; print('engine.catalog' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
