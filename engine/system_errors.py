"""What the operating system said, in plain words: one wording for every command, input or output."""

from __future__ import annotations

import errno
import os


def os_error_message(exc: OSError, fallback: str) -> str:
    """The reason of `exc` in a few plain words; `fallback` says what failed when the reason is rare
    ("" when the message already says it)."""
    code = exc.errno
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return "no such file or directory"
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return "is a directory, not a file"
    if code == errno.ELOOP:
        return "too many levels of symbolic links (a symbolic link loop?)"
    if code == errno.ENAMETOOLONG:
        return "file name too long"
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return "no such file or directory (a part of the path is not a directory)"
    if code == errno.ENOSPC:
        return "no space left on the device"
    if code == errno.EROFS:
        return "read-only file system"
    if code == errno.EDQUOT:
        return "disk quota exceeded"
    reason = exc.strerror or exc.__class__.__name__
    said = f"{reason[:1].lower()}{reason[1:]}"
    return f"{fallback}: {said}" if fallback else said


def broken_link_message(path: str) -> str:
    """Why the symbolic link `path` leads nowhere, in plain words."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "too many levels of symbolic links (a symbolic link loop?)"
    try:
        target = os.readlink(path)
    except OSError:
        return "broken symbolic link (its target does not exist)"
    return f"broken symbolic link (its target '{target}' does not exist)"
