"""`cartagena indicators --format csv`: one row per indicator (and per region with --by region);
the Parties of each group are listed, space-separated, so every number can be traced."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..reporters.escaping import visible

COLUMNS = (
    "indicator", "goal", "region", "computable", "numerator", "denominator", "percentage", "not_declared", "excluded",
    "numerator_parties", "denominator_parties", "not_declared_parties", "excluded_parties",
    "compared_parties", "compared_percentage", "old_percentage", "percentage_points", "moved_in", "moved_out",
    "only_in_this_set", "only_in_earlier_set", "not_computable", "wording", "judgement_words", "judgement_reading",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, bool):
        return str(value).lower()
    text = visible(str(value))  # a control character never reaches a spreadsheet or a terminal raw
    # a spreadsheet must not run a cell as a formula
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(entry: dict[str, Any], region: dict[str, Any] | None, compared: dict[str, Any] | None = None) -> dict[str, Any]:
    figures = region or entry
    row: dict[str, Any] = {
        "indicator": entry["id"], "goal": entry["goal"], "region": region["region"] if region else "",
        "computable": entry["computable"], "not_computable": entry.get("not_computable"), "wording": entry["wording"],
    }
    if "judgement" in entry and region is None:
        row.update({"judgement_words": entry["judgement"]["words"], "judgement_reading": entry["judgement"]["reading"]})
    if entry["computable"]:
        row.update({key: figures[key] for key in ("numerator", "denominator", "percentage", "not_declared", "excluded")})
        row.update({f"{group}_parties": figures["parties"][group] for group in ("numerator", "denominator", "not_declared", "excluded")})
        if region is None and "compare" in entry:
            # the change is over the Parties present in both sets; those in one set only are named
            compare = entry["compare"]
            row.update({key: compare[key] for key in ("old_percentage", "percentage_points", "moved_in", "moved_out")})
            row.update({"compared_parties": (compared or {}).get("parties", []), "compared_percentage": compare["percentage"],
                        "only_in_this_set": (compared or {}).get("only_new", []),
                        "only_in_earlier_set": (compared or {}).get("only_old", [])})
    return row


def render(result: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in result["indicators"]:
        for region in [None, *entry.get("regions", [])]:
            row = _row(entry, region, result.get("compared"))
            writer.writerow([_cell(row.get(column)) for column in COLUMNS])
    return out.getvalue()
