"""Reading an input file's bytes safely: read-only (without updating the access time where the
system allows it), never blocking on a named pipe, never reading past a size limit (a file bigger
than the limit is refused before it is read, and one that grows while it is read is noticed), and
every way it can fail as one `Problem` in plain words with its code. `engine.loader` reads profiles
(and the waivers file) with it, at `MAX_PROFILE_BYTES`."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from .problems import Problem
from .system_errors import broken_link_message, os_error_message

_O_NOATIME = getattr(os, "O_NOATIME", 0)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NONBLOCK", 0)  # never block on a named pipe; no effect on regular files
)


def _open_read_only(path: Path) -> int:
    """Open read-only, without updating the access time where the system allows it."""
    if _O_NOATIME:
        try:
            return os.open(path, _OPEN_FLAGS | _O_NOATIME)
        except PermissionError:
            pass  # O_NOATIME needs ownership (or CAP_FOWNER); plain read-only then
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.EPERM):
                raise
    return os.open(path, _OPEN_FLAGS)


def size_message(size: int | None, limit: int) -> str:
    """Why a file of `size` bytes (None: more than the limit, its size unknown) is refused."""
    shown = f"{limit:,} bytes ({limit // (1024 * 1024)} MiB)"
    if size is None:
        return f"the file is larger than the limit of {shown} for a profile"
    return f"the file is {size:,} bytes, larger than the limit of {shown} for a profile"


def read_stdin_bounded(name: str, limit: int) -> bytes | Problem:
    """Standard input, at most one byte more than the limit (a bigger input is refused, not read whole)."""
    try:
        raw = sys.stdin.buffer.read(limit + 1)
    except (OSError, AttributeError, ValueError) as exc:  # closed, or not a byte stream
        return Problem(name, None, None, None, f"cannot read standard input: {exc}")
    if len(raw) > limit:
        return Problem(name, None, None, None, size_message(None, limit).replace("the file is", "standard input is"))
    return raw


def read_bounded(path: Path, name: str, limit: int) -> bytes | Problem:
    """The bytes of the regular file at `path` (named `name` in messages), at most `limit` of them."""
    def problem(message: str, code: str = "input.unreadable") -> Problem:
        return Problem(name, None, None, None, message, code)

    try:
        fd = _open_read_only(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return problem(broken_link_message(str(path)), "input.broken-link")
        return problem("no such file or directory", "input.not-found")
    except OSError as exc:
        return problem(os_error_message(exc, "cannot open the file"))
    except ValueError:  # e.g. an embedded NUL character in the path
        return problem("invalid file name")
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return problem("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            return problem("not a regular file (a device, pipe or socket?)")
        if info.st_size > limit:
            return problem(size_message(info.st_size, limit), "file.too-large")
        chunks: list[bytes] = []
        remaining = limit + 1  # one more than the limit: a file that grew is noticed
        while remaining > 0:
            chunk = os.read(fd, min(remaining, max(info.st_size, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        raw = b"".join(chunks)
        if len(raw) > limit:
            return problem(size_message(None, limit), "file.too-large")
        return raw
    except OSError as exc:
        return problem(os_error_message(exc, "cannot read the file"))
    finally:
        os.close(fd)
