"""`cartagena rules`: list the rules with what they check and what stands behind them."""

from __future__ import annotations

import json
import sys
import textwrap
from typing import Any

import click

from ..wording import counted


def rule_record(rule: Any, catalog: Any) -> dict[str, Any]:
    from ..catalog.present import duty_label
    from ..rulebook.conditions import describe

    return {
        "id": rule.id,
        "title": rule.title,
        "goal": rule.goal,
        "duty": rule.duty,
        "duty_label": duty_label(rule.duty, rule.duty_instrument),
        # the paragraph whose force carries the duty (engine/rulebook/legal.py); null: the plan's alone
        "duty_basis": rule.duty_basis,
        "objectives": list(rule.objectives),
        "indicators": list(rule.indicators),
        "articles": list(rule.articles),
        "legal_basis": [
            {
                "article": basis.article,
                "label": catalog.article(basis.article).label,
                "kind": catalog.article(basis.article).kind,
                "relation": basis.relation,
                "instrument": basis.instrument,
                "force": catalog.article(basis.article).force,
                "binds": catalog.article(basis.article).binds,
                "summary": catalog.article(basis.article).summary,
            }
            for basis in rule.legal_basis
        ],
        "nr5": list(rule.nr5),
        "applies_when": describe(rule.applies_when) if rule.applies_when is not None else None,
        "condition": describe(rule.condition),
        "reads": ["/" + path.replace(".", "/") for path in rule.reads],
        "remediation": {
            "advice": rule.advice,
            "key_areas": list(rule.key_areas),
            "activities": list(rule.activities),
            **({"why_outside_goal": rule.why_outside_goal} if rule.why_outside_goal else {}),
        },
        "file": f"rules/{rule.file.parent.name}/{rule.file.name}",
    }


@click.command(name="rules")
@click.option("--goal", "goals", multiple=True, metavar="GOAL", help="Only the rules of this goal (e.g. A.8); repeatable.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(goals: tuple[str, ...], output_format: str) -> None:
    """List every rule: its id, kind of duty, the objectives, indicators, articles and NR5
    questions it cites, when it applies, what it checks, and the activities it recommends.

    \b
    Examples:
      cartagena rules --goal A.8
      cartagena rules --format json
    """
    from ..catalog.present import BINDS_WORDS, FORCE_WORDS, basis_words
    from ..commands.check import load_rules_and_catalog, select_rules

    catalog, rulebook = load_rules_and_catalog("rules")
    rules = select_rules(catalog, rulebook.rules, goals, (), "rules")
    records = [rule_record(rule, catalog) for rule in rules]
    if output_format == "json":
        sys.stdout.write(json.dumps({"rules": records}, indent=2, ensure_ascii=False) + "\n")
        return
    lines = []
    for record in records:
        lines.append(f"{record['id']}  [{record['duty_label']}]  {record['title']}")
        links = (
            f"objectives {', '.join(record['objectives']) or '(missing from the source)'}; "
            f"indicators {', '.join(record['indicators']) or '(missing from the source)'}; "
            f"articles {', '.join(record['articles']) or '(none in the reference)'}; "
            f"NR5 {', '.join(record['nr5']) or '(none)'}"
        )
        lines += textwrap.wrap(links, 100, initial_indent="    ", subsequent_indent="      ")
        for basis in record["legal_basis"]:
            words = basis_words(basis["label"], basis["relation"], basis["kind"])
            force = f"{FORCE_WORDS[basis['force']]}; binds {BINDS_WORDS[basis['binds']]}"
            carries = ", carries the duty" if basis["article"] == record["duty_basis"] else ""
            lines += textwrap.wrap(
                f"legal basis: {words} ({basis['article']}: {force}{carries})", 100, initial_indent="    ", subsequent_indent="      "
            )
        if record["applies_when"]:
            lines += textwrap.wrap(f"applies when: {record['applies_when']}", 100, initial_indent="    ", subsequent_indent="      ")
        lines += textwrap.wrap(f"met when: {record['condition']}", 100, initial_indent="    ", subsequent_indent="      ")
        activities = ", ".join(record["remediation"]["activities"]) or "(none in the source)"
        lines += textwrap.wrap(f"recommends: {activities}", 100, initial_indent="    ", subsequent_indent="      ")
        lines += textwrap.wrap(f"file: {record['file']}", 100, initial_indent="    ")
        lines.append("")
    lines.append(counted(len(records), "rule"))
    sys.stdout.write("\n".join(lines) + "\n")
