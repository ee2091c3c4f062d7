"""Saving a profile into `cartagena serve --save-dir DIR`: whole or not at all.

The bytes go to a temporary file beside the target (`.cartagena-<pid>-<random>.tmp`, created with
O_EXCL and mode 0666 so the kernel applies the user's umask, as for any new file), are fsynced,
take the existing file's mode when there is one, replace the target with `os.replace`, and the
folder itself is fsynced so the rename survives a power cut. A temporary file whose writer is gone
(kill -9 between create and rename) is removed at start-up and before each save; one of a live
process (another `serve` on the same folder) is left alone.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import threading
from pathlib import Path

TEMPORARY = re.compile(r"^\.cartagena-(\d+)-[0-9a-f]+\.tmp$")
_OLD_TEMPORARY = re.compile(r"^\.cartagena-[A-Za-z0-9_]+\.tmp$")  # tempfile.mkstemp's names (before the pid was in them)


class FolderProblem(Exception):
    """The --save-dir folder no longer exists (`missing`), or this process may not write into it."""

    def __init__(self, folder: Path, missing: bool):
        super().__init__(str(folder))
        self.folder = folder
        self.missing = missing


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_orphans(folder: Path) -> list[str]:
    """Removes the temporary files of saves whose process is gone; returns their names."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = TEMPORARY.match(entry.name)
        orphan = (match is not None and not _alive(int(match.group(1)))) or (match is None and _OLD_TEMPORARY.match(entry.name))
        if orphan and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
                removed.append(entry.name)
            except OSError:
                pass
    return removed


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    except OSError:  # some file systems cannot fsync a folder; the rename is done all the same
        pass
    finally:
        os.close(descriptor)


class Saver:
    """Writes `<code>-profile.json` files into one folder, one save at a time."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._lock = threading.Lock()
        remove_orphans(folder)

    def save(self, name: str, body: bytes) -> Path:
        """Writes `body` as `folder/name`, atomically; FolderProblem when the folder cannot take it."""
        target = self.folder / name
        with self._lock:
            if not self.folder.is_dir():
                raise FolderProblem(self.folder, missing=True)
            remove_orphans(self.folder)
            temporary, descriptor = self._create()
            try:
                try:
                    os.fchmod(descriptor, stat.S_IMODE(os.stat(target).st_mode))  # keep the existing file's mode
                except FileNotFoundError:
                    pass  # a new file: 0666 less the umask, as created
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(body)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.replace(temporary, target)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
            _fsync_folder(self.folder)
        return target

    def _create(self) -> tuple[Path, int]:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        while True:
            temporary = self.folder / f".cartagena-{os.getpid()}-{secrets.token_hex(6)}.tmp"
            try:
                return temporary, os.open(temporary, flags, 0o666)
            except FileExistsError:
                continue
            except (FileNotFoundError, NotADirectoryError) as exc:
                raise FolderProblem(self.folder, missing=True) from exc
            except PermissionError as exc:
                raise FolderProblem(self.folder, missing=False) from exc
