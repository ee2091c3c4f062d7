"""No profile leaves garbage only the collector can free (issue 25): `check` and `indicators` ran
with the collector off, so a reference cycle made per profile (`_dates_after`'s recursive inner
function) was never freed, 0.7 MiB per 1,000 profiles without limit. Each profile's work, in every
format and with either engine, must now leave no cycle, and the collector stays on. `validate`
likewise: its JSON writer left a cycle per file (json.dumps with an indent), and it held each file
until the next was read, which fragmented the heap. (How RSS grows over a batch is measured by the
benchmark: bench/run.py fits its slope.)"""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from engine.checkrun import CheckRun
from engine.commands.check import load_rules_and_catalog, select_rules
from engine.engines import engine_provenance
from engine.evaluator import Evaluator
from engine.inputs import expand_inputs
from engine.profile.validation import iter_checks
from engine.report import Gate, run_header
from engine.reporters import FORMATS, reporter
from tests.benchkit import bench_profiles
from tests.clirun import ROOT


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated profiles, the examples, and files that are not valid (a pydantic error, bad JSON)."""
    folder = tmp_path_factory.mktemp("batch")
    generator = bench_profiles()
    generator.write_profiles(generator.generate(24, seed=11), folder / "generated")
    shutil.copytree(ROOT / "profiles", folder / "examples", ignore=shutil.ignore_patterns("schema", "*.py"))
    broken = json.loads((ROOT / "profiles" / "examplia-everything-in-place.json").read_text(encoding="utf-8"))
    broken["party"]["as_of"] = "someday"
    (folder / "invalid.json").write_text(json.dumps(broken), encoding="utf-8")
    (folder / "not-json.json").write_text("{", encoding="utf-8")
    return folder


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _cycles(work: Iterator[object]) -> int:
    """How many objects only the collector could free after `work` (the first item warms caches)."""
    items = iter(work)
    next(items)
    gc.collect()
    for _ in items:
        pass
    return gc.collect()


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_checking_a_profile_leaves_no_reference_cycle(batch: Path, engine: str, output_format: str, collector_off: None) -> None:
    catalog, rulebook = load_rulebook_once()
    rules = select_rules(catalog, rulebook.rules, (), ())
    header = run_header(rules=rules, catalog=catalog, rules_sha256="0" * 64, selection={"goals": [], "rules": []}, gate=Gate(),
                        engine=engine_provenance(engine))  # type: ignore[arg-type]
    output = reporter(output_format)
    output.start(header)
    files, _ = expand_inputs([str(batch)])
    with Evaluator(rules, engine=engine) as evaluator:
        run = CheckRun(header, output, evaluator, Gate("any", "obligation"))

        def work() -> Iterator[object]:
            for item in files:
                outcome = run.outcome(item)
                if outcome.rendered is not None:
                    yield output.place(outcome.rendered)
                else:
                    yield outcome

        assert _cycles(work()) == 0


def test_the_statuses_of_indicators_leave_no_reference_cycle(batch: Path, engine: str, collector_off: None) -> None:
    catalog, rulebook = load_rulebook_once()
    with Evaluator(rulebook.rules, engine=engine) as evaluator:
        assert _cycles(evaluator.statuses(check.data) if check.valid else check for check in iter_checks([str(batch)], say=lambda line: None)) == 0


def load_rulebook_once() -> tuple[object, object]:
    return load_rules_and_catalog()


@pytest.mark.parametrize(
    "command",
    [["check", "--engine", "python", "--format", "json"], ["indicators", "--engine", "python", "--format", "json"], ["validate", "--format", "json"]],
)
def test_the_collector_stays_on(command: list[str]) -> None:
    """`gc.freeze()` after start-up, never `gc.disable()`: the collector runs, less often."""
    from cli import cartagena
    from engine.collector import BATCH_THRESHOLD

    assert gc.isenabled()
    before = gc.get_threshold()
    try:
        result = CliRunner().invoke(cartagena, [command[0], str(ROOT / "profiles" / "examplia-everything-in-place.json"), *command[1:]])
        assert result.exit_code == 0, result.output
        assert gc.isenabled()
        assert gc.get_threshold() == (BATCH_THRESHOLD, *before[1:])
    finally:
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*before)


def test_indented_json_leaves_no_reference_cycle(collector_off: None) -> None:
    """The json module's indenting encoder leaves a cycle of closures per call; engine.indented_json none."""
    from engine.indented_json import indented

    record = {"file": "a.json", "valid": False, "sha256": None, "errors": [{"line": 1, "message": "é"}], "inconsistencies": []}
    indented(record, "    ")
    gc.collect()
    for _ in range(20):
        indented(record, "    ")
    assert gc.collect() == 0


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_validating_and_writing_a_file_leaves_no_reference_cycle(batch: Path, output_format: str, collector_off: None) -> None:
    """`validate --format json` wrote each file's record with `json.dumps(indent=2)`, whose encoder
    leaves a cycle of closures per call: garbage of ~1,500 files before each collection."""
    from engine.commands.validate import _write_report

    written: list[str] = []
    _write_report(iter_checks([str(batch)], say=lambda line: None), output_format, written.append)  # caches warmed
    gc.collect()
    _write_report(iter_checks([str(batch)], say=lambda line: None), output_format, written.append)
    assert gc.collect() == 0


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """The collector as it was after a command run in this process (which freezes and tunes it)."""
    before = gc.get_threshold()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*before)


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_validate_holds_one_file_at_a_time(batch: Path, output_format: str, monkeypatch: pytest.MonkeyPatch, collector_restored: None) -> None:
    """When a file is read, no earlier file's check (its bytes, data and model) is alive: not in
    iter_checks, the command's generators nor the writer's loop. One kept across the next read left
    each file's blocks between the next one's, and the fragmented heap grew over a batch."""
    import weakref

    from cli import cartagena
    from engine.profile import validation

    read = validation.check_file
    earlier: list[weakref.ref[object]] = []
    alive_at_read: list[int] = []

    def check_file(*args: object, **kwargs: object) -> object:
        alive_at_read.append(sum(ref() is not None for ref in earlier))
        check = read(*args, **kwargs)  # type: ignore[arg-type]
        if check is not None:
            earlier.append(weakref.ref(check))
        return check

    monkeypatch.setattr(validation, "check_file", check_file)
    result = CliRunner().invoke(cartagena, ["validate", str(batch), "--format", output_format])
    assert result.exit_code == 2, result.output  # the batch holds two invalid files
    assert len(alive_at_read) > 20
    assert set(alive_at_read) == {0}


def test_progress_on_a_terminal_holds_one_item_at_a_time() -> None:
    import io
    import weakref

    from engine.progress import with_progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    class Item:
        pass

    made: list[weakref.ref[Item]] = []
    alive_when_made: list[int] = []

    def items() -> Iterator[Item]:
        for _ in range(5):
            alive_when_made.append(sum(ref() is not None for ref in made))
            item = Item()
            made.append(weakref.ref(item))
            yield item
            del item

    for item in with_progress(items(), stream=Terminal()):
        del item
    assert alive_when_made == [0] * 5


def test_loading_pauses_the_collector_and_gives_it_back_as_it_was() -> None:
    from engine.collector import loading

    assert gc.isenabled()
    with loading():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ImportError), loading():
        raise ImportError("a module that fails to load")
    assert gc.isenabled()
    gc.disable()
    try:
        with loading():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()
