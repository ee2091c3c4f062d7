"""Importing national report documents, one or a folder of them: each read with the profiles'
strict reader (engine/loader.py), imported (reading.py), made a valid profile, and accounted for in
the `--report` JSON (rules/schema/import-report.schema.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..i18n import tr
from ..loader import Problem, load_document
from ..reporters.escaping import terminal_text
from .answers import DocumentError
from .reading import Imported, read_document
from .regions import PartyRow


@dataclass
class Options:
    name: str | None = None
    code: str | None = None
    as_of: str | None = None
    region: str | None = None
    table: dict[str, PartyRow] = field(default_factory=dict)


@dataclass
class Result:
    """One document: its profile (None when it could not be imported) and where every part went."""

    file: str
    imported: Imported | None = None
    profile: dict[str, Any] | None = None
    problem: str | None = None
    target: Path | None = None

    @property
    def name(self) -> str:
        """How the profile is named in a folder: the Party's code and the cycle (`col-nr5.json`)."""
        assert self.profile is not None and self.imported is not None
        return f"{self.profile['party']['code'].lower()}-{self.imported.cycle}.json"


def import_one(path: Path, options: Options) -> Result:
    from pydantic import ValidationError

    from ..profile.models import Profile
    from .document import to_profile

    name = str(path)
    document = load_document(path)
    if isinstance(document, Problem):
        return Result(name, problem=str(document).replace("a profile must be", "a national report document must be")
                      .replace("profiles must be", "national report documents must be").replace("for a profile", "for a document"))
    try:
        imported = read_document(document.data)
        row = options.table.get((imported.identifier or "").lower())
        profile = to_profile(
            imported,
            name=options.name or (row.name if row else None),
            code=options.code or (row.code if row else None),
            as_of=options.as_of,
            region=(row.region if row and row.region else None) or options.region,
        )
    except DocumentError as exc:
        return Result(name, problem=f"{name}: {exc}")
    try:
        Profile.model_validate_json(json.dumps(profile))
    except ValidationError as exc:
        from ..plain_words import value_problem

        first = exc.errors()[0]
        typed = {("party", "code"): ("--code", options.code), ("party", "name"): ("--party", options.name)}.get(tuple(first["loc"]))
        if typed is not None and typed[1] is not None:  # what the user typed, not the document: say so
            return Result(name, imported, problem=f"{typed[0]}: {value_problem(first)}")
        return Result(name, imported, problem=f"{name}: the answers do not make a valid profile: "
                                              f"{'.'.join(map(str, first['loc']))}: {value_problem(first)}")
    return Result(name, imported, profile)


def report_json(results: list[Result], lang: str) -> dict[str, Any]:
    """The `--report` document: per report, where each part went; the reports that could not be read."""
    reports = []
    for result in results:
        if result.imported is None or result.profile is None:
            continue
        outcomes = result.imported.outcomes
        reports.append({
            "file": result.file,
            "party": result.profile["party"]["code"],
            "cycle": result.imported.cycle,
            "profile": str(result.target) if result.target else None,
            "parts": len(outcomes),
            "imported": sum(1 for o in outcomes if o.imported),
            "not_imported": sum(1 for o in outcomes if not o.imported),
            "outcomes": [o.as_dict(lang) for o in outcomes],
        })
    return {
        "tool": {"name": "cartagena-compliance", "version": __version__},
        "lang": lang,
        "reports": reports,
        "invalid": [{"file": r.file, "message": r.problem} for r in results if r.problem],
    }


def summary_table(results: list[Result], lang: str) -> str:
    """What each report gave and lost, one row each (a folder import's standard output)."""
    head = [tr(lang, "report"), tr(lang, "Party"), tr(lang, "cycle"), tr(lang, "profile"),
            tr(lang, "parts"), tr(lang, "imported"), tr(lang, "not imported")]
    rows = [head]
    for r in results:
        if r.problem or r.imported is None or r.profile is None:
            rows.append([terminal_text(r.file), "-", "-", tr(lang, "not imported (see above)"), "-", "-", "-"])
            continue
        outcomes = r.imported.outcomes
        imported = sum(1 for o in outcomes if o.imported)
        rows.append([terminal_text(r.file), r.profile["party"]["code"], r.imported.cycle.upper(), terminal_text(r.target or "-"),
                     str(len(outcomes)), str(imported), str(len(outcomes) - imported)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() + "\n" for row in rows)
