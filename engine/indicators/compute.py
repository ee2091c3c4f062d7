"""The indicators over a set of Party profiles, as plain data the reporters render.

Each profile is evaluated once and reduced at once to one small outcome per indicator (counted,
not counted, not declared, excluded): no finding is kept, so memory grows with the number of
Parties (at most one entry per Party code), never with the findings. When several profiles share a
Party code, the one with the latest `as_of` counts (on the same date, the file that sorts last).

Percentages: numerator / denominator x 100, rounded half up to one decimal place, computed exactly
(fractions, not floats); none when the denominator is 0. Changes between cycles are computed on the
Parties present in both sets (each cycle's figures over them), the difference of the two rounded
percentages, so a reader can check them by subtraction; the Parties in one set only are listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Iterable, Mapping

from ..i18n import N_, rule_words, tr
from ..profile.models import REGIONS
from ..rulebook.conditions import evaluate
from ..rulebook.facts import FactPlan
from .definitions import Definition

COUNTED, NOT_COUNTED, NOT_DECLARED, EXCLUDED = "numerator", "not_counted", "not_declared", "excluded"
GROUPS: tuple[str, ...] = (COUNTED, NOT_COUNTED, NOT_DECLARED, EXCLUDED)
# a region value in JSON and CSV (like the profile's own region names); human formats translate it
NO_REGION = N_("no region declared")
ROUNDING = N_("numerator / denominator x 100, rounded half up to one decimal place; none when the denominator is 0")
DUPLICATES = N_("when several profiles share a Party code, the latest as_of counts (on the same date, the file that sorts last)")


def percentage(numerator: int, denominator: int) -> float | None:
    if denominator == 0:
        return None
    exact = Fraction(numerator * 100, denominator)
    value = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(value)


def combine(combination: str, statuses: Iterable[str]) -> str:
    """A Party's outcome for one indicator from the statuses of its rules. Rules that do not apply
    (not_applicable) are left out; when none applies, the Party is outside the denominator. With
    `first_applicable_of` the first rule (in the listed order) that applies decides alone."""
    applying = [status for status in statuses if status != "not_applicable"]
    if not applying:
        return EXCLUDED
    if combination == "first_applicable_of":
        return {"met": COUNTED, "gap": NOT_COUNTED}.get(applying[0], NOT_DECLARED)
    if combination == "all_of":
        if "gap" in applying:
            return NOT_COUNTED
        return NOT_DECLARED if "not_declared" in applying else COUNTED
    if "met" in applying:
        return COUNTED
    return NOT_DECLARED if "not_declared" in applying else NOT_COUNTED


@dataclass
class _Party:
    code: str
    name: str
    as_of: str
    region: str
    file: str
    outcomes: tuple[str, ...]


@dataclass
class Tally:
    """Feeds profiles one at a time; keeps, per Party code, the latest profile's outcomes."""

    definitions: tuple[Definition, ...]
    parties: dict[str, _Party] = field(default_factory=dict)
    # (code, file, as_of, superseded by file, its as_of): what the output names as left out
    superseded: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    profiles: int = 0

    def __post_init__(self) -> None:
        self._computable = [d for d in self.definitions if d.computable]
        self._within = FactPlan([d.within for d in self._computable if d.within is not None])

    def outcomes(self, data: Mapping[str, Any], statuses: Mapping[str, str]) -> tuple[str, ...]:
        fact = self._within.build(data)
        result = []
        for definition in self._computable:
            inside = True if definition.within is None else evaluate(definition.within, fact)
            if inside is None:
                result.append(NOT_DECLARED)
            elif inside is False:
                result.append(EXCLUDED)
            else:
                result.append(combine(definition.combination or "all_of", (statuses[rule] for rule in definition.rules)))
        return tuple(result)

    def add(self, file: str, party: Mapping[str, Any], data: Mapping[str, Any], statuses: Mapping[str, str]) -> None:
        self.add_outcomes(file, party, self.outcomes(data, statuses))

    def add_outcomes(self, file: str, party: Mapping[str, Any], outcomes: tuple[str, ...]) -> None:
        """One valid profile, by its Party and its outcomes (`outcomes`, perhaps made in a worker)."""
        self.profiles += 1
        entry = _Party(party["code"], party["name"], party["as_of"], party.get("region") or NO_REGION, file, outcomes)
        known = self.parties.get(entry.code)
        if known is None:
            self.parties[entry.code] = entry
            return
        newer, older = (entry, known) if (entry.as_of, entry.file) >= (known.as_of, known.file) else (known, entry)
        self.parties[entry.code] = newer
        self.superseded.append((older.code, older.file, older.as_of, newer.file, newer.as_of))

    def groups(self, index: int, parties: Iterable[_Party]) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {group: [] for group in GROUPS}
        for party in parties:
            groups[party.outcomes[index]].append(party.code)
        return groups


def figures(groups: Mapping[str, list[str]]) -> dict[str, Any]:
    numerator = len(groups[COUNTED])
    denominator = numerator + len(groups[NOT_COUNTED])
    return {
        "numerator": numerator,
        "denominator": denominator,
        "percentage": percentage(numerator, denominator),
        "not_declared": len(groups[NOT_DECLARED]),
        "excluded": len(groups[EXCLUDED]),
        "parties": {
            "numerator": list(groups[COUNTED]),
            "denominator": sorted(groups[COUNTED] + groups[NOT_COUNTED]),
            "not_declared": list(groups[NOT_DECLARED]),
            "excluded": list(groups[EXCLUDED]),
        },
    }


def result(tally: Tally, by_region: bool = False, old: Tally | None = None, lang: str = "en") -> dict[str, Any]:
    """Every indicator with its figures (and, asked for, by region and against an older cycle).

    The human words it carries (the rounding and duplicates rules, who each denominator counts
    among, why an indicator is not computable) are in `lang`; ids, codes, region values and the
    indicators' wording (the plan's text, English only here) never change."""
    from ..catalog.present import shown_text

    parties = [tally.parties[code] for code in sorted(tally.parties)]
    common = sorted(set(tally.parties) & set(old.parties)) if old is not None else []
    new_common = [tally.parties[code] for code in common]
    old_common = [old.parties[code] for code in common] if old is not None else []
    regions = [*REGIONS, NO_REGION]
    indicators = []
    index = 0
    for definition in tally.definitions:
        entry: dict[str, Any] = {
            "id": definition.id,
            "goal": definition.goal,
            "wording": shown_text(definition.indicator, lang),
            "computable": definition.computable,
        }
        if definition.judgement is not None:
            # the plan's words stay English (like the wording); how they are read is in `lang`
            entry["judgement"] = {"words": definition.judgement[0], "reading": rule_words(lang, definition.judgement[1])}
        if not definition.computable:
            entry["not_computable"] = rule_words(lang, definition.not_computable)
            indicators.append(entry)
            continue
        entry["counts"] = {definition.combination: list(definition.rules)}
        entry["denominator_parties"] = rule_words(lang, definition.parties)
        if definition.within_raw is not None:
            entry["denominator_within"] = definition.within_raw
        entry.update(figures(tally.groups(index, parties)))
        if by_region:
            entry["regions"] = [
                {"region": region, **figures(tally.groups(index, [p for p in parties if p.region == region]))}
                for region in regions
                if any(p.region == region for p in parties)
            ]
        if old is not None:
            # a cycle is compared with the other on the Parties present in both, never two sets of Parties
            before = figures(old.groups(index, old_common))
            after = figures(tally.groups(index, new_common))
            now, then = set(after["parties"]["numerator"]), set(before["parties"]["numerator"])
            change = None
            if after["percentage"] is not None and before["percentage"] is not None:
                change = float(Decimal(str(after["percentage"])) - Decimal(str(before["percentage"])))
            entry["compare"] = {
                "parties": len(common),
                "old_numerator": before["numerator"],
                "old_denominator": before["denominator"],
                "old_percentage": before["percentage"],
                "numerator": after["numerator"],
                "denominator": after["denominator"],
                "percentage": after["percentage"],
                "percentage_points": change,
                "moved_in": sorted(now - then),
                "moved_out": sorted(then - now),
            }
        indicators.append(entry)
        index += 1
    out: dict[str, Any] = {
        "profiles": tally.profiles,
        "parties": len(parties),
        "rounding": tr(lang, ROUNDING),
        "duplicates": tr(lang, DUPLICATES),
        "superseded": [
            {"code": code, "file": file, "as_of": as_of, "superseded_by": by, "superseded_by_as_of": by_as_of}
            for code, file, as_of, by, by_as_of in sorted(tally.superseded, key=lambda s: (s[0], s[2], s[1]))
        ],
        "party_list": [{"code": p.code, "name": p.name, "as_of": p.as_of, "region": p.region, "file": p.file} for p in parties],
        "indicators": indicators,
    }
    if old is not None:
        out["old_profiles"] = old.profiles
        out["old_parties"] = len(old.parties)
        out["compared"] = {
            "parties": common,
            "only_new": sorted(set(tally.parties) - set(old.parties)),
            "only_old": sorted(set(old.parties) - set(tally.parties)),
        }
    return out
