"""What the human formats of `cartagena indicators` share: the figure of one row, in words."""

from __future__ import annotations

from typing import Any, Iterator


def shown_percentage(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def figure(entry: dict[str, Any]) -> str:
    """`50.0% (3 of 6 Parties); not declared: 1; excluded: 2`"""
    return (
        f"{shown_percentage(entry['percentage'])} ({entry['numerator']} of {entry['denominator']} Parties); "
        f"not declared: {entry['not_declared']}; excluded: {entry['excluded']}"
    )


def change(compare: dict[str, Any]) -> str:
    points = compare["percentage_points"]
    shown = "n/a" if points is None else f"{points:+.1f} points"
    moved = []
    if compare["moved_in"]:
        moved.append("in: " + ", ".join(compare["moved_in"]))
    if compare["moved_out"]:
        moved.append("out: " + ", ".join(compare["moved_out"]))
    return f"change {shown} (was {shown_percentage(compare['old_percentage'])})" + (f"; moved {'; '.join(moved)}" if moved else "")


def by_goal(result: dict[str, Any]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    goals: dict[str, list[dict[str, Any]]] = {}
    for entry in result["indicators"]:
        goals.setdefault(entry["goal"], []).append(entry)
    yield from goals.items()


def notes(result: dict[str, Any]) -> list[str]:
    """The lines every human format shows under its title: what was counted and how."""
    lines = [
        f"{result['profiles']} profile(s) of {result['parties']} Party(ies).",
        f"Percentages: {result['rounding']}.",
        "Not declared: the Party's profile does not declare what decides the indicator; outside the denominator, shown beside it.",
        "Excluded: outside the denominator because the indicator's rules do not apply to the Party (not_applicable) "
        "or the Party is not among those the wording counts.",
    ]
    if result["superseded"]:
        lines.append(f"Duplicates: {result['duplicates']}; left out:")
        lines += [f"  {s['file']} ({s['code']}, as of {s['as_of']}), superseded by {s['superseded_by']} (as of {s['superseded_by_as_of']})" for s in result["superseded"]]
    if result["invalid"]:
        lines.append("Invalid profiles, left out:")
        lines += [f"  {line}" for line in result["invalid"]]
    return lines
