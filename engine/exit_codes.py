"""Exit codes of every `cartagena` command, decided in one place.

README.md's table "Exit codes" is `markdown_table()` (a test compares them), and every command
follows it: `tests/test_exit_policy.py` runs each command through each case.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Everything checked; no input invalid; no gap at or above the --fail-on level."""
    GAPS = 1
    """`cartagena check`: a gap at the --fail-on level, or a not-declared finding at the
    --require-declared level, was found (a waived gap never counts). `cartagena diff`: NEW has a gap
    at the --fail-on level that OLD did not have, or lost a declaration at the --require-declared
    level (the regression gate)."""
    INVALID_INPUT = 2
    """An input (profile, path, id, option, environment variable) is invalid or unreadable, or an
    output cannot be written; valid inputs were still processed."""
    INTERNAL_ERROR = 3
    """The tool itself is broken: its own data (catalog, rule files) or an unexpected error."""
    INTERRUPTED = 130
    """Interrupted (Ctrl+C, SIGINT): 128 + 2, as a shell reports it."""
    OUTPUT_CLOSED = 141
    """Standard output was closed before everything was written (`cartagena check ... | head`): the
    code a shell gives a command ended by SIGPIPE (128 + 13), never mistaken for 1 "gaps found"."""
    TERMINATED = 143
    """Stopped by SIGTERM (a CI job cancelled, `kill`): 128 + 15."""


class Stop(Exception):
    """Ends a command with `code` and one line on standard error, `cartagena COMMAND: message`
    (the command line adds the prefix). Raised where the problem is found, deep or not."""

    def __init__(self, message: str, code: ExitCode = ExitCode.INVALID_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class Terminated(BaseException):
    """SIGTERM arrived (a cancelled CI job, a service manager): unwinds like Ctrl+C, so no output
    file is left half written (the command line raises it from its SIGTERM handler)."""

    requested: bool = False
    """Set by the handler before it raises: a SIGTERM whose exception Python dropped (raised inside
    a weakref callback or a finalizer, "Exception ignored in ...") is still known (`serve` stops)."""


MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "all inputs valid; `check`: nothing fails the gate (no gap at the `--fail-on` level, no "
    "not-declared finding at the `--require-declared` level); `serve`: stopped with Ctrl+C (or SIGTERM)",
    ExitCode.GAPS: "`check`: a gap at the `--fail-on` level, or a not-declared finding at the `--require-declared` "
    "level, was found (a waived gap never counts); `diff`: NEW has a gap at the `--fail-on` level that OLD did not "
    "have (or lost a declaration at the `--require-declared` level)",
    ExitCode.INVALID_INPUT: "an input is invalid: a profile, a path (a missing file or folder: the message names it "
    "and the system's reason), an unknown id, `--goal` or `--rule` (or a selection of no rule), an existing file "
    "for `init` (or for `import-nr5`/`export-nr5` without `--force`), a usage error, a bad `SOURCE_DATE_EPOCH` "
    "(the other inputs are still processed and reported); a problem in a `--waivers` file (then nothing is "
    "checked); for `diff`, OLD and NEW of different Parties, a NEW older than OLD, a Party twice on one side. "
    "Also an output that cannot be written (`-o` in a missing folder, no permission, a full disk: the message "
    "names the path and the system's reason; nothing is written) and an `-o` that is one of the inputs, "
    "or a profile of a folder given as input (refused before anything is read or written)",
    ExitCode.INTERNAL_ERROR: "the tool itself is broken: its own data (plan catalog, rule files, indicator "
    "definitions) or an unexpected error; the message says where. Never a problem of your input or output",
    ExitCode.INTERRUPTED: "interrupted (Ctrl+C): one line on standard error; an output file is not written "
    "(nothing partial is left)",
    ExitCode.OUTPUT_CLOSED: "standard output was closed before everything was written (`cartagena check "
    "profiles/ \\| head -1`): nothing more is written, no message; the code a shell reports for a command ended "
    "by SIGPIPE (128 + 13), so it cannot be mistaken for 1 \"gaps found\"",
    ExitCode.TERMINATED: "stopped by SIGTERM (a cancelled CI job, `kill`): one line on standard error; an output "
    "file is not written",
}


def markdown_table() -> str:
    """README's exit-code table, generated from MEANINGS (the one source)."""
    rows = [f"| {int(code)} | {MEANINGS[code]} |" for code in ExitCode]
    return "\n".join(["| code | meaning |", "|---|---|", *rows]) + "\n"


def summary_line() -> str:
    """The exit codes in one short line (the group's --help)."""
    short = {
        ExitCode.OK: "all well",
        ExitCode.GAPS: "gaps found (check, diff)",
        ExitCode.INVALID_INPUT: "invalid input or unwritable output",
        ExitCode.INTERNAL_ERROR: "the tool's own data is broken",
        ExitCode.INTERRUPTED: "interrupted",
        ExitCode.OUTPUT_CLOSED: "standard output closed (e.g. `| head`)",
        ExitCode.TERMINATED: "terminated (SIGTERM)",
    }
    return "; ".join(f"{int(code)} {short[code]}" for code in ExitCode) + "."
