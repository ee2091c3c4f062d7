"""Exit codes of every `cartagena` command, decided in one place (documented in README.md)."""

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
    """An input (profile, path, id, option) is invalid or unreadable; valid inputs were still processed.
    `check --waivers`: a problem in the waivers file (then no profile is checked). `cartagena diff`:
    also OLD and NEW of different Parties, a NEW older than OLD, or a Party twice on one side (the
    pairs that can be compared still are). A baseline report made with other rules is not an error:
    it is compared rule by rule and said so on stderr, and the gate decides the code."""
    INTERNAL_ERROR = 3
    """The tool's own data (catalog or rule files) is broken, or an unexpected error happened."""
    OUTPUT_CLOSED = 141
    """Standard output was closed before everything was written (`cartagena check ... | head`): the
    code a shell gives a command ended by SIGPIPE (128 + 13), never mistaken for 1 "gaps found"."""
