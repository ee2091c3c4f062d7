"""The user's table of Parties for `import-nr5 --regions FILE`: the BCH's country identifier, the
profile's alpha-3 code, the name and the regional group.

No table of the Parties' regional groups is vendored: the BCH's own code has none (its report
analyzer asks the CBD thesaurus API at run time for the members of each regional group,
scbd/absch.cbd.int commit ddbb08b00a72277a4bc6e83cf88e572b3cf4f966,
app/views/report-analyzer/reports.js `DefaultRegions` and `/api/v2013/thesaurus/terms/...`), and
no verifiable public copy was found. The user supplies it, as CSV:

    identifier,code,name,region
    co,COL,Colombia,Latin America and the Caribbean

`identifier` is the report's `government.identifier` (any case; alpha-2 from the BCH), `code` the
profile's ISO 3166-1 alpha-3 code (may be empty when the identifier is alpha-3), `name` optional,
`region` one of the five regional groups (profile `party.region`). Read as strictly as a profile:
at most 5 MiB, UTF-8 without a byte order mark (engine/loader.py).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from ..loader import Problem, read_text
from ..profile.models import REGIONS


@dataclass(frozen=True)
class PartyRow:
    code: str | None
    name: str | None
    region: str | None


def read_table(path: str) -> dict[str, PartyRow] | Problem:
    """identifier (lower case) -> row; or the one Problem that makes the table unusable."""
    read = read_text(path)  # a profile's rules: size limit, a regular file, UTF-8 without BOM, no NUL
    if isinstance(read, Problem):
        return read
    text = read[1]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if "identifier" not in header or "region" not in header:
        return Problem(path, None, 1, 1, "the first line must name the columns identifier, code, name, region "
                       "(identifier and region required)")
    table: dict[str, PartyRow] = {}
    for row in reader:
        line = reader.line_num
        identifier = (row.get("identifier") or "").strip().lower()
        code = (row.get("code") or "").strip().upper() or (identifier.upper() if len(identifier) == 3 else "")
        region = (row.get("region") or "").strip()
        if not re.fullmatch(r"[a-z]{2,3}", identifier):
            return Problem(path, None, line, None, f"identifier {identifier!r} is not a country code of two or three letters")
        if not re.fullmatch(r"[A-Z]{3}", code):
            return Problem(path, None, line, None, f"{identifier}: code {code!r} is not an ISO 3166-1 alpha-3 code")
        if region and region not in REGIONS:
            return Problem(path, None, line, None, f"{identifier}: region {region!r} is not one of: {', '.join(REGIONS)}")
        if identifier in table:
            return Problem(path, None, line, None, f"{identifier}: given twice")
        table[identifier] = PartyRow(code, (row.get("name") or "").strip() or None, region or None)
    return table
