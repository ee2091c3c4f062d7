"""The files a run reads for its command-line paths (engine.inputs): the same files, order and
problems as the plain listing it replaced (a sorted list of Paths and a set of every real path),
in memory that does not grow by more than a file's name per file (issue 25)."""

from __future__ import annotations

import os
import random
import tracemalloc
from pathlib import Path

import pytest

from engine.inputs import expand_inputs
from engine.loader import STDIN, Problem
from engine.system_errors import broken_link_message, os_error_message


def listing_before_issue_25(paths: list[str]) -> tuple[list[tuple[Path, bool]], list[Problem]]:
    """The listing as it was (os.walk, every Path sorted, a set of every file's real path): the
    reference the compact one must equal."""
    files: list[tuple[Path, bool]] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(path: Path, in_folder: bool = False) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append((path, in_folder))

    for given in paths:
        if given == "":
            problems.append(Problem(given, None, None, None, "empty path", "input.empty-path"))
        elif given == "-":
            if not any(file is STDIN for file, _ in files):
                files.append((STDIN, False))
            else:
                problems.append(Problem("<stdin>", None, None, None, "'-' given twice: standard input holds one profile"))
        elif not os.path.lexists(given):
            problems.append(Problem(given, None, None, None, "no such file or directory", "input.not-found"))
        elif not os.path.exists(given):
            problems.append(Problem(given, None, None, None, broken_link_message(given), "input.broken-link"))
        elif not os.path.isdir(given):
            add(Path(given))
        else:
            found: list[Path] = []
            broken: list[Path] = []
            unreadable: list[tuple[str, str]] = []

            def on_error(exc: OSError, given: str = given, unreadable: list[tuple[str, str]] = unreadable) -> None:
                where = exc.filename if isinstance(exc.filename, str) else given
                unreadable.append((where, f"cannot list this directory: {os_error_message(exc, 'error')}"))

            for dirpath, dirnames, filenames in os.walk(given, onerror=on_error):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if name.endswith(".json") and not name.endswith(".schema.json") and not name.startswith("."):
                        candidate = Path(dirpath) / name
                        (broken if os.path.islink(candidate) and not os.path.exists(candidate) else found).append(candidate)
            problems += [Problem(where, None, None, None, message, "input.unreadable") for where, message in sorted(unreadable)]
            problems += [Problem(str(link), None, None, None, broken_link_message(str(link)), "input.broken-link") for link in sorted(broken)]
            if not found and not broken and not unreadable:
                problems.append(Problem(given, None, None, None, "no profile (*.json) files in this directory "
                                        "(*.schema.json files and hidden folders are skipped)", "input.no-profiles"))
            for path in sorted(found):
                add(path, True)
    return files, problems


FOLDERS = ["a", "a-b", "a.b", "B", "sub", ".hidden", "é", "x.json"]
NAMES = ["a.json", "A.json", "a-b.json", "a.json.json", "b.json", "p.schema.json", ".h.json", "notes.txt", "é.json",
         "\U0001f600.json", "\ue000.json", os.fsdecode(b"\xff.json"), os.fsdecode(b"caf\xe9.json")]


def random_tree(root: Path, rng: random.Random) -> tuple[list[Path], list[Path]]:
    """Folders and files (some named the same at several depths), and links of every kind."""
    folders = [root]
    for _ in range(rng.randint(1, 6)):
        folder = rng.choice(folders) / rng.choice(FOLDERS)
        if not folder.exists():
            folder.mkdir()
            folders.append(folder)
    files = []
    for _ in range(rng.randint(0, 14)):
        path = rng.choice(folders) / rng.choice(NAMES)
        if not path.exists():
            path.write_bytes(b"{}")
            files.append(path)
    for _ in range(rng.randint(0, 5)):
        link = rng.choice(folders) / rng.choice(NAMES)
        if os.path.lexists(link):
            continue
        target = rng.choice([*files, *folders, link.parent / "missing.json", link]) if files else link
        link.symlink_to(os.path.relpath(target, link.parent) if rng.random() < 0.5 else target)
    return folders, files


@pytest.mark.parametrize("seed", range(80))
def test_the_same_files_order_and_problems_as_a_plain_sorted_listing(tmp_path: Path, seed: int) -> None:
    """Nested folders, names that sort differently by parts than as strings (`a/`, `a-b/`), names
    that are not UTF-8, links to files in the same or another folder, to folders, broken and
    looping, and command lines naming a folder twice, a folder and a file in it, a folder and its
    sub-folder, standard input twice."""
    rng = random.Random(seed)
    try:
        folders, files = random_tree(tmp_path, rng)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses some of the names")
    links = [path for path in tmp_path.rglob("*") if path.is_symlink()]
    choices = [*folders, *files, *links, tmp_path / "missing.json"]
    given = [str(rng.choice(choices)) for _ in range(rng.randint(1, 4))]
    given += rng.choice([[], ["-"], ["-", "-"], [""], [str(tmp_path) + "/"], [str(tmp_path / "a" / ".." / "a")]])
    rng.shuffle(given)
    files_found, problems = expand_inputs(given)
    expected_files, expected_problems = listing_before_issue_25(given)
    assert list(files_found) == expected_files
    assert [files_found[index] for index in range(len(files_found))] == expected_files
    assert [files_found[index] for index in range(-len(files_found), 0)] == expected_files
    assert [(str(problem), problem.code) for problem in problems] == [(str(problem), problem.code) for problem in expected_problems]


def test_the_order_of_nested_folders_and_several_inputs(tmp_path: Path) -> None:
    for name in ["d/a-b/x.json", "d/a/z.json", "d/a.json", "d/b.json", "d/a/b/c.json", "e/y.json"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"{}")
    files, problems = expand_inputs([str(tmp_path / "e"), str(tmp_path / "d"), str(tmp_path / "e" / "y.json")])
    assert problems == []
    assert [(path.relative_to(tmp_path).as_posix(), in_folder) for path, in_folder in files] == [
        ("e/y.json", True), ("d/a/b/c.json", True), ("d/a/z.json", True), ("d/a-b/x.json", True), ("d/a.json", True), ("d/b.json", True)]


def test_a_link_to_a_file_of_the_same_folder_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_bytes(b"{}")
    (tmp_path / "a.json").symlink_to("b.json")  # first in order: kept, the file it names dropped
    (tmp_path / "c.json").symlink_to(tmp_path / "b.json")
    files, problems = expand_inputs([str(tmp_path)])
    assert problems == [] and [path.name for path, _ in files] == ["a.json"]


def test_names_that_are_not_utf8_come_back_exactly(tmp_path: Path) -> None:
    name = os.fsdecode(b"r\xe9sum\xe9.json")
    try:
        (tmp_path / name).write_bytes(b"{}")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    files, _ = expand_inputs([str(tmp_path)])
    assert [path for path, _ in files] == [tmp_path / name] and (tmp_path / name).exists()


def _listing_memory(folder: Path) -> tuple[int, int]:
    """(memory the listing of `folder` keeps, the peak while listing it), in bytes."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        files, _ = expand_inputs([str(folder)])
        kept, peak = tracemalloc.get_traced_memory()
        assert len(files) > 0
    finally:
        tracemalloc.stop()
    return kept - before, peak - before


def test_a_folders_listing_keeps_little_more_than_its_names(tmp_path: Path) -> None:
    """Per 1,000 files, named as the benchmark's are: the names (19 bytes each) and where each
    begins (8): 27 KB kept, about 120 KB at the peak (the names of one folder, sorted); the plain
    listing kept 390 KB (a Path, its parts and a real path each) and peaked at 560 KB."""
    sizes = {1000: tmp_path / "small", 3000: tmp_path / "large"}
    for size, folder in sizes.items():
        folder.mkdir()
        for index in range(size):
            (folder / f"p{index:05d}-partial.json").touch()
    (kept_small, peak_small), (kept_large, peak_large) = (_listing_memory(folder) for folder in sizes.values())
    per_thousand_kept = (kept_large - kept_small) / 2
    per_thousand_peak = (peak_large - peak_small) / 2
    assert per_thousand_kept < 40_000, per_thousand_kept
    assert per_thousand_peak < 200_000, per_thousand_peak
