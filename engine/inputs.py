"""The files a command reads for its command-line paths (`expand_inputs`), held compactly.

Folders are listed once, before any file is read (a broken link or an unlistable folder is
reported first), but a folder's files are kept as one bytes string of their names relative to it
and an array of where each begins: a few bytes per file, not a Path, a str and a set entry each, so
a batch's peak memory does not grow with its size (issue 25). A `(Path, in_folder)` pair is made
when the run takes it.

Duplicates (the same file reached twice: named twice, a folder and a file in it, overlapping
folders, a symbolic link to another file) are dropped, the first occurrence kept, by real path.
Only the few paths that can repeat another are kept in a set: the files named, and the symbolic
links found in folders. Two plain files of folders have the same real path only if the folders
overlap; then the earlier folder's sorted listing is searched, not a set of every file.
"""

from __future__ import annotations

import bisect
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

from .loader import STDIN, STDIN_NAME, Problem
from .system_errors import broken_link_message, os_error_message

Item = tuple[Path, bool]
"""One file to read, and whether it was found in a folder (not named)."""

_NAME_ORDER = os.path.normcase if os.name == "nt" else None
"""How names sort: as Path compares them (case-folded on Windows)."""


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _is_profile_name(name: str) -> bool:
    return name.endswith(".json") and not name.endswith(".schema.json") and not _is_hidden(name)


def is_read_in_folder(relative: str) -> bool:
    """Whether a folder's file at `relative` (to the folder) is among the files it gives."""
    *folders, name = relative.split(os.sep)
    return _is_profile_name(name) and not any(_is_hidden(part) for part in folders)


def _resolved(path: str | Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


_CHILD: Callable[[Path, str], Path] | None = getattr(Path, "_make_child_relpath", None)
"""How Path makes a folder's child from its parts (Python 3.8-3.12), without parsing it again."""


def _below(base: Path, relative: str) -> Path:
    """`base / relative`, without interning its names: Python 3.11's Path interns every part it
    parses (`sys.intern`), and a new name per file grows the interpreter's table of interned strings,
    a step of half a MiB somewhere in a batch of thousands (issue 25)."""
    if _CHILD is None:
        return base / relative
    path = base
    for part in relative.split(os.sep):
        path = _CHILD(path, part)
    return path


def _relative(key: str, root: str) -> str | None:
    """`key` relative to the folder `root` (both real paths), or None when not below it."""
    prefix = root if root.endswith(os.sep) else root + os.sep
    return key[len(prefix):] if key.startswith(prefix) and len(key) > len(prefix) else None


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _entries(folder: str, on_error: Callable[[OSError], None], broken: list[str]) -> tuple[list[str], set[str]]:
    """The entries of `folder` that can give profiles, sorted: profile files, and sub-folders
    (marked by a trailing NUL, which no name holds and which keeps a folder where Path sorts its
    files); and which of those files are symbolic links. As `os.walk` sees them: a link to a folder
    is not entered, an entry whose kind cannot be read is a file, a folder that fails while being
    listed gives nothing. Broken links are added to `broken`."""
    names: list[str] = []
    links: set[str] = set()
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                if _is_hidden(name):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if not _is_link(entry):
                        names.append(name + "\0")
                elif _is_profile_name(name):
                    if _is_link(entry):
                        path = os.path.join(folder, name)
                        if not os.path.exists(path):
                            broken.append(path)
                            continue
                        links.add(name)
                    names.append(name)
    except OSError as exc:
        on_error(exc)
        return [], set()
    names.sort(key=_NAME_ORDER)
    return names, links


class _Listing(Sequence[Item]):
    """A sequence of files whose `_item(index)` is asked only for an index in range."""

    @overload
    def __getitem__(self, index: int) -> Item: ...
    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...
    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._item(index)

    def _item(self, index: int) -> Item:
        raise NotImplementedError


class FolderFiles(_Listing):
    """The profile files below one folder given, in the order Path sorts them, held as their
    relative names (file-system encoded, so any name comes back exactly) in one bytes string."""

    def __init__(self, given: str, on_error: Callable[[OSError], None], broken: list[str]) -> None:
        self.base = Path(given)
        self.root = _resolved(given)
        names = bytearray()
        self.starts = array("Q", [0])
        self.links = array("Q")  # indexes of the files that are symbolic links (few)
        entries, links = _entries(given, on_error, broken)
        stack = [(given, "", iter(entries), links)]
        while stack:
            folder, prefix, pending, links = stack[-1]
            name = next(pending, None)
            if name is None:
                stack.pop()
            elif name.endswith("\0"):
                below = os.path.join(folder, name[:-1])
                entries, below_links = _entries(below, on_error, broken)
                stack.append((below, prefix + name[:-1] + os.sep, iter(entries), below_links))
            else:
                if name in links:
                    self.links.append(len(self.starts) - 1)
                names += os.fsencode(prefix + name)
                self.starts.append(len(names))
        self.names = bytes(names)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def relative(self, index: int) -> str:
        return os.fsdecode(self.names[self.starts[index]:self.starts[index + 1]])

    def _item(self, index: int) -> Item:
        return (_below(self.base, self.relative(index)), True)

    def __iter__(self) -> Iterator[Item]:
        for index in range(len(self)):
            yield self._item(index)

    def find(self, relative: str) -> int | None:
        """The index of the file `relative` (to the folder), by binary search in Path's order."""
        target = self._order(relative)
        low, high = 0, len(self)
        while low < high:
            middle = (low + high) // 2
            if self._order(self.relative(middle)) < target:
                low = middle + 1
            else:
                high = middle
        return low if low < len(self) and self.relative(low) == relative else None

    @staticmethod
    def _order(relative: str) -> list[str]:
        parts = relative.split(os.sep)
        return [_NAME_ORDER(part) for part in parts] if _NAME_ORDER else parts

    def keep_only(self, dropped: Sequence[int]) -> None:
        """Drops the files at the (ascending) indexes `dropped`."""
        gone = set(dropped)
        names = bytearray()
        starts, links = array("Q", [0]), array("Q")
        old_links = set(self.links)
        for index in range(len(self)):
            if index in gone:
                continue
            if index in old_links:
                links.append(len(starts) - 1)
            names += self.names[self.starts[index]:self.starts[index + 1]]
            starts.append(len(names))
        self.names, self.starts, self.links = bytes(names), starts, links


class Inputs(_Listing):
    """The files to read, in order: named files as given, each folder's files where it was given."""

    def __init__(self) -> None:
        self._groups: list[list[Item] | FolderFiles] = []
        self._ends: list[int] = []  # the index after each group's last file
        self._reached: set[str] = set()  # real paths of the files named and of the links found
        self._stdin = False

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def _item(self, index: int) -> Item:
        group = bisect.bisect_right(self._ends, index)
        return self._groups[group][index - (self._ends[group - 1] if group else 0)]

    def __iter__(self) -> Iterator[Item]:
        for group in self._groups:
            yield from group

    def _folders(self) -> list[FolderFiles]:
        return [group for group in self._groups if isinstance(group, FolderFiles)]

    def add_stdin(self) -> bool:
        """Standard input, once: False if it is already there."""
        if self._stdin:
            return False
        self._stdin = True
        self._append(STDIN)
        return True

    def add_file(self, path: Path) -> None:
        """A file named, unless it is already there."""
        key = _resolved(path)
        if key not in self._reached and not self._listed(key, self._folders()):
            self._reached.add(key)
            self._append(path)

    def _append(self, path: Path) -> None:
        last = self._groups[-1] if self._groups else None
        if isinstance(last, list):
            last.append((path, False))
            self._ends[-1] += 1
        else:
            self._groups.append([(path, False)])
            self._ends.append(len(self) + 1)

    def add_folder(self, folder: FolderFiles) -> None:
        """A folder's files, less those already there (checked file by file only where one could
        be: the folder has links, overlaps a folder given before, or holds a file named before)."""
        root = folder.root
        earlier = [other for other in self._folders() if other.root == root or _relative(other.root, root) or _relative(root, other.root)]
        if earlier or folder.links or any(_relative(key, root) for key in self._reached):
            links = set(folder.links)
            dropped = []
            for index in range(len(folder)):
                relative = folder.relative(index)
                if index in links:
                    key = _resolved(folder.base / relative)
                    repeated = key in self._reached or self._listed(key, self._folders(), folder, index)
                    self._reached.add(key)
                else:
                    key = os.path.join(root, relative)  # no link below the folder: its real path
                    repeated = key in self._reached or self._listed(key, earlier)
                if repeated:
                    dropped.append(index)
            if dropped:
                folder.keep_only(dropped)
        if len(folder):
            self._groups.append(folder)
            self._ends.append(len(self) + len(folder))

    @staticmethod
    def _listed(key: str, folders: Iterable[FolderFiles], current: FolderFiles | None = None, before: int = 0) -> bool:
        """Whether the real path `key` is a plain file (not a link) of one of `folders`, or of
        `current` before its file `before`."""
        for folder in folders:
            relative = _relative(key, folder.root)
            if relative is not None and folder.find(relative) is not None:
                return True
        if current is not None:
            relative = _relative(key, current.root)
            index = current.find(relative) if relative is not None else None
            return index is not None and index < before
        return False


def expand_paths(paths: Iterable[str]) -> tuple[list[Path], list[Problem]]:
    """The files to read for command-line `paths` (see `expand_inputs`), and the problems."""
    found, problems = expand_inputs(paths)
    return [path for path, _ in found], problems


def expand_inputs(paths: Iterable[str]) -> tuple[Inputs, list[Problem]]:
    """The files to read for command-line `paths`, each with whether it was found in a folder (not
    named), and a Problem for each path that gives none.

    A file is taken as given (whatever its name). A directory gives every `*.json` file below it,
    recursively, sorted, skipping `*.schema.json` (schemas are not profiles), hidden files and
    folders (`.git`, `.venv`, ...) and symbolic links to folders. The same file reached twice is
    kept once (its first occurrence). Order: the paths as given, files sorted within a directory
    (as Paths sort: by their parts). Problems: a missing path, a broken symbolic link (given, or
    found in a directory), a directory that cannot be listed, a directory without any profile file.
    """
    files = Inputs()
    problems: list[Problem] = []
    for given in paths:
        if given == "":
            problems.append(Problem(given, None, None, None, "empty path", "input.empty-path"))
        elif given == "-":
            if not files.add_stdin():
                problems.append(Problem(STDIN_NAME, None, None, None, "'-' given twice: standard input holds one profile"))
        elif not os.path.lexists(given):
            problems.append(Problem(given, None, None, None, "no such file or directory", "input.not-found"))
        elif not os.path.exists(given):
            problems.append(Problem(given, None, None, None, broken_link_message(given), "input.broken-link"))
        elif not os.path.isdir(given):
            files.add_file(Path(given))
        else:
            problems.extend(_add_folder(files, given))
    return files, problems


def _add_folder(files: Inputs, given: str) -> list[Problem]:
    """Lists the folder `given` into `files`; the problems it gives."""
    broken: list[str] = []
    unreadable: list[tuple[str, str]] = []

    def on_error(exc: OSError) -> None:
        where = exc.filename if isinstance(exc.filename, str) else given
        unreadable.append((where, f"cannot list this directory: {os_error_message(exc, 'error')}"))

    folder = FolderFiles(given, on_error, broken)
    problems = [Problem(where, None, None, None, message, "input.unreadable") for where, message in sorted(unreadable)]
    for link in sorted(broken, key=Path):
        problems.append(Problem(str(Path(link)), None, None, None, broken_link_message(str(Path(link))), "input.broken-link"))
    if not len(folder) and not broken and not unreadable:
        problems.append(
            Problem(
                given,
                None,
                None,
                None,
                "no profile (*.json) files in this directory (*.schema.json files and hidden folders are skipped)",
                "input.no-profiles",
            )
        )
    files.add_folder(folder)
    return problems
