"""The official schemas and reference files the tests validate against, vendored under
tests/reference/ with their source and licence (tests/reference/README.md), so a clone with
nothing beside it runs every test."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.clirun import ROOT

REFERENCE = ROOT / "tests" / "reference"


def reference_file(*parts: str) -> Path:
    """A vendored reference file; a missing one is a broken checkout, so the test fails."""
    path = REFERENCE.joinpath(*parts)
    assert path.is_file(), f"vendored reference file missing: {path} (see tests/reference/README.md)"
    return path


def recorded_sha256(manifest: Path) -> dict[str, str]:
    """`sha256sum` output as {relative path: digest}."""
    digests = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        digests[name] = digest
    return digests


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
