"""Recognising this tool's own outputs among inputs, so a report saved in the folder of profiles is
never read back as a broken profile (`check pf/ --format json -o pf/report.json`, run twice).

A folder run skips such a file with one line on standard error; a file given by name is refused
with one problem naming what it is (`input.report`). Only shapes this tool writes are recognised,
by their marks: `tool.name` "cartagena-compliance" (the JSON reports of check, validate, diff and
indicators), a SARIF run whose driver is this tool, an NDJSON report's header line, and the NR5
draft `export-nr5` writes (a BCH document carrying `x-cartagena-profile`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

TOOL_NAME = "cartagena-compliance"


def report_kind(data: Any) -> str | None:
    """What output of this tool the parsed JSON `data` is, in a few words; None if it is none."""
    if not isinstance(data, dict):
        return None
    tool = data.get("tool")
    if isinstance(tool, dict) and tool.get("name") == TOOL_NAME:
        if "indicators" in data:
            return "a report of `cartagena indicators --format json`"
        if "files" in data:
            return "a report of `cartagena validate --format json`"
        if "old" in data and "new" in data:
            return "a report of `cartagena diff --format json`"
        return "a report of `cartagena check --format json`"
    runs = data.get("runs")
    if isinstance(runs, list) and runs and isinstance(runs[0], dict):
        driver = (runs[0].get("tool") or {}).get("driver") if isinstance(runs[0].get("tool"), dict) else None
        if isinstance(driver, dict) and driver.get("name") == TOOL_NAME:
            return "a report of `cartagena check --format sarif`"
    header = data.get("header")
    if "x-cartagena-profile" in data and isinstance(header, dict) and str(header.get("schema", "")).startswith("cpbNationalReport"):
        return "a national report draft of `cartagena export-nr5`"
    return None


_TOOL = re.compile(rb'"tool"\s*:\s*\{\s*"name"\s*:\s*"cartagena-compliance"')
_SARIF = re.compile(rb'^\s*\{\s*"\$schema"\s*:\s*"[^"]*sarif[^"]*"')
_NDJSON_HEADER_END = re.compile(rb'"tool"\s*:\s*\{\s*"name"\s*:\s*"cartagena-compliance"[^{}]*\}\s*,\s*"type"\s*:\s*"header"\s*\}\s*$')
_SNIFF = 4096
_FIRST_LINE = 4 * 1024 * 1024  # an NDJSON header holds every rule's details: some hundred KB


def sniff_kind(path: Path | str) -> str | None:
    """For a file the profile reader refused before parsing it whole (not JSON, too large): whether
    its first line is an NDJSON report's header, or its first or last bytes hold this tool's mark
    (a JSON report's top-level `tool`, first or last as keys sort; a SARIF run's driver)."""
    try:
        with open(os.fspath(path), "rb") as handle:
            head = handle.read(65536)
            handle.seek(0)
            first = handle.readline(_FIRST_LINE)
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - _SNIFF))
            tail = handle.read(_SNIFF)
    except (OSError, ValueError):
        return None
    if _NDJSON_HEADER_END.search(first):
        return "a report of `cartagena check --format ndjson`"
    if _SARIF.match(head) and b'"name": "cartagena-compliance"' in head:
        return "a report of `cartagena check --format sarif`"
    if _TOOL.search(head[:200]) or _TOOL.search(tail):
        return "a JSON report of cartagena"
    return None


def loaded_kind(path: Path | str, loaded: Any) -> str | None:
    """What output of this tool the file at `path` is, from what the profile reader made of it
    (`engine.loader.load_document`: a Document, or the Problem that refused it); None if none."""
    if hasattr(loaded, "data"):  # a Document
        return report_kind(loaded.data)
    return sniff_kind(path) if getattr(loaded, "code", None) in ("json.syntax", "file.too-large") else None


def output_kind(path: Path | str) -> str | None:
    """What output of this tool the file at `path` is, read as a profile would be; None if none."""
    from .loader import load_document

    return loaded_kind(path, load_document(path))

