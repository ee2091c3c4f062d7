"""Writing what a command makes: to standard output, or to a file written whole or not at all.

Every command that writes a file goes through `open_output` (or `write_output`):

* `-o -` (and no `-o`) is standard output; `-` is never a file name here.
* An output that is one of the command's inputs (the same file, also through a symbolic or hard
  link) or an existing folder is refused before anything is read or written (exit 2).
* The file is written to a hidden temporary file beside it (`.NAME.XXXXXXXX.tmp`, in the same folder,
  so a folder run skips it), flushed to disk (fsync), then renamed into place: a reader sees the old
  file or the whole new one, never a part. On any failure, Ctrl+C or SIGTERM the temporary file is
  removed and the target is left as it was.
* A device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written as it is: there is no
  file to replace, and a rename would put a regular file in its place.
* Without `overwrite`, an existing file is never replaced (checked first, and again atomically at
  the end with a hard link, so a file created meanwhile is not lost either).
* A file that cannot be written (a missing folder, no permission, a full disk) stops the command
  with exit 2 and one line naming the path and the system's reason.

Standard output is made safe too (`robust_stdout`, called once by the command line): Python's
unbuffered standard output (`PYTHONUNBUFFERED=1`, common in CI) drops what a short write leaves
out, silently; the buffered layer put under it writes everything or raises.
"""

from __future__ import annotations

import io
import os
import select
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, TypeVar

import click

from .exit_codes import ExitCode, Stop
from .system_errors import os_error_message

STDOUT = "-"
"""`-o -`: standard output."""

F = TypeVar("F", bound=Callable[..., Any])


def output_option(help_text: str) -> Callable[[F], F]:
    """The `-o/--output FILE` option every command that writes has (the command receives `output_path`)."""
    return click.option(
        "-o",
        "--output",
        "output_path",
        default=None,
        metavar="FILE",
        help=help_text + ' "-" (the default) is standard output. The file is written whole or not at all.',
    )


def is_stdout(target: str | None) -> bool:
    return target is None or target == STDOUT


def _reason(exc: OSError, target: str) -> str:
    if isinstance(exc, FileNotFoundError):
        folder = os.path.dirname(target) or "."
        return f"no such folder: {folder}" if not os.path.isdir(folder) else "no such file or directory"
    return os_error_message(exc, "")


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _read_in_folder(target: str, folder: str) -> bool:
    """Whether a run given `folder` reads the file `target` as one of its profiles (below it, by
    name or through links, named as `engine.inputs` takes a folder's files)."""
    from .inputs import is_read_in_folder

    for below, root in ((os.path.abspath(target), os.path.abspath(folder)), (os.path.realpath(target), os.path.realpath(folder))):
        try:
            relative = os.path.relpath(below, root)
        except ValueError:  # another drive (Windows)
            continue
        if not relative.startswith(os.pardir) and is_read_in_folder(relative):
            return True
    return False


def refuse_inputs(target: str | None, inputs: Iterable[str | None], option: str = "-o") -> None:
    """Stop (exit 2) before anything is read or written when `target` is one of `inputs` (the same
    file, through any link), a file a folder of `inputs` gives that is not one of this tool's own
    outputs (a profile found there: an earlier report there is replaced, and skipped when read), or
    an existing folder. Standard output (None, "-") is never refused. A command calls it first;
    `open_output` again, for what changed meanwhile."""
    if is_stdout(target):
        return
    assert target is not None
    named = f"{option} {target}" if option else target
    if os.path.isdir(target):
        raise Stop(f"{named}: is a folder; give the name of a file to write")
    if not os.path.lexists(target):
        return
    for given in inputs:
        if given in (None, "", STDOUT):
            continue
        if _same(target, given):
            shown = "" if os.path.normpath(given) == os.path.normpath(target) else f" ({given})"
            raise Stop(
                f"{named}: is one of the inputs{shown}; writing there would destroy it before it is read. Choose another file"
            )
        if os.path.isdir(given) and _read_in_folder(target, given):
            from .own_reports import output_kind

            if output_kind(target) is None:
                raise Stop(
                    f"{named}: is a file of the folder {given}, which this run reads, and not one of this tool's reports; "
                    "writing there would destroy it. Choose another file"
                )


class _Sink:
    """The stream a command writes to: `.write(text)`; a write that fails is a Stop naming the file."""

    def __init__(self, stream: TextIO, target: str) -> None:
        self._stream = stream
        self._target = target

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:  # `-o /dev/stdout | head`: a closed pipe, as on standard output (141)
            raise
        except OSError as exc:
            raise Stop(f"{self._target}: cannot write: {_reason(exc, self._target)}") from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise Stop(f"{self._target}: cannot write: {_reason(exc, self._target)}") from exc


class AtomicFile:
    """One output file: a hidden temporary file beside the target, renamed into place by `commit`."""

    def __init__(self, target: str, *, overwrite: bool = True) -> None:
        self.target = target
        self.overwrite = overwrite
        # a symbolic link stays a link: the file it points to is replaced
        self.final = os.path.realpath(target)
        self.folder = os.path.dirname(self.final) or "."
        name = os.path.basename(self.final)[:180]  # room for the suffix within a file name's 255 bytes
        self.temporary = os.path.join(self.folder, f".{name}.{os.urandom(4).hex()}.tmp")
        self.stream: TextIO | None = None

    def open(self) -> TextIO:
        if not self.overwrite and os.path.lexists(self.target):
            raise FileExistsError(self.target)
        descriptor = os.open(self.temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        self.stream = open(descriptor, "w", encoding="utf-8", errors="backslashreplace", newline="")
        return self.stream

    def commit(self) -> None:
        assert self.stream is not None
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        if self.overwrite:
            try:  # a replaced file keeps its permissions
                os.chmod(self.temporary, stat.S_IMODE(os.stat(self.final).st_mode))
            except FileNotFoundError:
                pass
            os.replace(self.temporary, self.final)
        else:
            try:
                os.link(self.temporary, self.final)  # fails if the name exists, even if created meanwhile
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if os.path.lexists(self.final):
                    raise FileExistsError(self.final) from None
                os.replace(self.temporary, self.final)
            else:
                os.unlink(self.temporary)
        _sync_folder(self.folder)

    def discard(self) -> None:
        _close_quietly(self.stream)
        try:
            os.unlink(self.temporary)
        except OSError:
            pass


def _close_quietly(stream: TextIO | None) -> None:
    """Close a stream that is being given up (what it could not write no longer matters)."""
    if stream is not None:
        try:
            stream.close()
        except OSError:
            pass


class DirectFile:
    """An output that is a device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO): written as it
    is. There is no file to replace, and replacing the name would put a regular file in its place."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.stream: TextIO | None = None

    def open(self) -> TextIO:
        self.stream = open(self.target, "w", encoding="utf-8", errors="backslashreplace", newline="")
        return self.stream

    def commit(self) -> None:
        assert self.stream is not None
        self.stream.close()

    def discard(self) -> None:
        _close_quietly(self.stream)


def is_special(target: str) -> bool:
    """Whether `target` (through links) is something other than a regular file or a folder."""
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _sync_folder(folder: str) -> None:
    """The rename itself to disk (POSIX); where a folder cannot be opened or synced, nothing to do."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def exists_message(target: str, hint: str) -> str:
    return f"{target}: already exists; not overwritten ({hint})"


@contextmanager
def open_outputs(
    targets: list[str | None], *, inputs: Iterable[str | None] = (), overwrite: bool = True, hint: str = "use --force", option: str = "-o"
) -> Iterator[list[_Sink | TextIO]]:
    """Streams for `targets` (None or "-": standard output), committed together when the block
    ends normally; on any exception (SystemExit, Ctrl+C included) no file is written. `option` is
    how messages name a target ("" for a command's FILE argument)."""
    inputs = list(inputs)
    files: list[AtomicFile | DirectFile] = []
    streams: list[_Sink | TextIO] = []
    try:
        for target in targets:
            if is_stdout(target):
                streams.append(sys.stdout)
                continue
            assert target is not None
            refuse_inputs(target, inputs, option)
            atomic: AtomicFile | DirectFile = DirectFile(target) if is_special(target) else AtomicFile(target, overwrite=overwrite)
            try:
                stream = atomic.open()
            except FileExistsError:
                raise Stop(exists_message(target, hint)) from None
            except OSError as exc:
                raise Stop(f"{target}: cannot write: {_reason(exc, target)}") from exc
            except ValueError as exc:  # a NUL in the name
                raise Stop(f"{target}: cannot write: invalid file name") from exc
            files.append(atomic)
            streams.append(_Sink(stream, target))
        yield streams
        for atomic in files:
            try:
                atomic.commit()
            except FileExistsError:
                raise Stop(exists_message(atomic.target, hint)) from None
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise Stop(f"{atomic.target}: cannot write: {_reason(exc, atomic.target)}") from exc
    finally:
        for atomic in files:  # after a commit only the (renamed) temporary name is gone: nothing to undo
            atomic.discard()


@contextmanager
def open_output(
    target: str | None, *, inputs: Iterable[str | None] = (), overwrite: bool = True, hint: str = "use --force"
) -> Iterator[_Sink | TextIO]:
    """One output: see `open_outputs`."""
    with open_outputs([target], inputs=inputs, overwrite=overwrite, hint=hint) as (stream,):
        yield stream


def write_output(
    target: str | None, text: str, *, inputs: Iterable[str | None] = (), overwrite: bool = True, hint: str = "use --force"
) -> None:
    """`text`, whole, to `target` (None or "-": standard output)."""
    with open_output(target, inputs=inputs, overwrite=overwrite, hint=hint) as stream:
        stream.write(text)


# --------------------------------------------------------------------------------------------------
# Standard output


class _StandardOutput(io.RawIOBase):
    """File descriptor 1 for a BufferedWriter, which writes again after a short write; a closed pipe
    stays a BrokenPipeError (exit 141), any other failure is a Stop naming standard output, once:
    what is left is then dropped, so the exit (and Python's own flush at exit) says nothing more."""

    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self._descriptor = descriptor
        self._failed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._descriptor

    def isatty(self) -> bool:
        return os.isatty(self._descriptor)

    def write(self, data: Any) -> int:
        while not self._failed:
            try:
                return os.write(self._descriptor, data)
            except BlockingIOError:  # a non-blocking descriptor handed down by the caller: wait, then write
                select.select([], [self._descriptor], [])
            except BrokenPipeError:
                raise
            except OSError as exc:
                self._failed = True
                raise Stop(f"cannot write to standard output: {os_error_message(exc, '')}") from exc
        return len(data)


def robust_stdout() -> None:
    """Put a buffered layer that never drops a short write under `sys.stdout` (see the module's notes)."""
    stream = sys.stdout
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):  # captured (tests) or closed: leave it
        return
    try:
        stream.flush()
    except OSError:
        pass
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_StandardOutput(descriptor)),
        encoding=getattr(stream, "encoding", None) or "utf-8",
        errors="backslashreplace",
        line_buffering=bool(getattr(stream, "line_buffering", False)),
    )


__all__ = [
    "STDOUT",
    "AtomicFile",
    "DirectFile",
    "ExitCode",
    "is_stdout",
    "open_output",
    "open_outputs",
    "output_option",
    "refuse_inputs",
    "robust_stdout",
    "write_output",
]
