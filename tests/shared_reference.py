"""The reference material shared beside the project (../shared/reference): official schemas that
the machine formats are validated against. Missing locally, the tests that need it skip; in CI
(env CI=true) they fail, so a broken checkout cannot pass unvalidated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.clirun import ROOT



def _find_reference() -> Path:
    """CARTAGENA_SHARED_REFERENCE if set, else ROOT.parent/shared/reference, else the same beside any
    ancestor (a git worktree may sit one level deeper than the main checkout)."""
    if os.environ.get("CARTAGENA_SHARED_REFERENCE"):
        return Path(os.environ["CARTAGENA_SHARED_REFERENCE"])
    for folder in ROOT.parents:
        if (folder / "shared" / "reference").is_dir():
            return folder / "shared" / "reference"
    return ROOT.parent / "shared" / "reference"


REFERENCE = _find_reference()


def reference_file(*parts: str) -> Path:
    path = REFERENCE.joinpath(*parts)
    if not path.is_file():
        message = f"shared reference file missing: {path}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
