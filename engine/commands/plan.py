"""`cartagena plan`: the Implementation Plan (2021-2030) and its Capacity-Building Action Plan, as a tree."""

from __future__ import annotations

from typing import Any

import click

from ..exit_codes import ExitCode


@click.command(name="plan")
@click.option(
    "--goal",
    "goal_ids",
    multiple=True,
    metavar="GOAL",
    help="Show one goal in full, e.g. --goal A.8: its objectives, indicators, outcome, the treaty "
    "articles behind it and the capacity-building that serves it; repeatable.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text to read; json for other programs (the whole catalog, or the one goal with --goal).",
)
def command(goal_ids: tuple[str, ...], fmt: str) -> None:
    """Show the Implementation Plan for the Cartagena Protocol (2021-2030) and its Capacity-Building
    Action Plan: for each goal its objectives, indicators and outcome, then the key areas for
    capacity-building and the capacity-building activities that serve it.

    The words are the plan's own. Where the source text lacks them (goal B.3's page is missing) the
    output says "[missing from the source text: ...]" instead of guessing.

    \b
    Examples:
      cartagena plan
      cartagena plan --goal A.8
      cartagena plan --format json > plan.json

    To read about one item (an objective, indicator, activity, article or report question), use
    `cartagena explain ID`, e.g. `cartagena explain A.8.2`.
    """
    from ..catalog import CatalogError, load_catalog

    try:
        catalog = load_catalog()
    except CatalogError as exc:
        report_broken_catalog("plan", exc)
    chosen: list[str] = []
    for goal_id in goal_ids:
        found = catalog.normalise_id(goal_id)
        if found is None or catalog.entries[found].kind != "goal":
            goals = [g for g in catalog.suggest(goal_id, n=6) if catalog.entries[g].kind == "goal"][:3]
            hint = f"; did you mean: {', '.join(goals)}?" if goals else f"; the goals are {_goal_range(catalog)}"
            if found is not None:
                hint = f"; {found} is not a goal: try `cartagena explain {found}`"
            click.echo(f"cartagena plan: unknown goal {goal_id!r}{hint}", err=True)
            raise SystemExit(ExitCode.INVALID_INPUT)
        if found not in chosen:
            chosen.append(found)
    if fmt == "json":
        from ..catalog.present import dumps

        click.echo(dumps(plan_json(catalog, chosen)), nl=False)
    elif chosen:
        # in the plan's order, as `plan` and `check` show goals
        shown = [goal.id for goal in catalog.goals if goal.id in chosen]
        click.echo("\n\n".join("\n".join(goal_full_lines(catalog, goal_id)) for goal_id in shown))
    else:
        click.echo("\n".join(plan_lines(catalog)))


def report_broken_catalog(command_name: str, exc: Any) -> None:
    """One header line and one `file: location: problem` line per problem; exit code 3."""
    click.echo(
        f"cartagena {command_name}: the plan catalog in {exc.directory} is broken "
        f"({len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}):",
        err=True,
    )
    for line in exc.problems:
        click.echo(f"  {line}", err=True)
    raise SystemExit(ExitCode.INTERNAL_ERROR)


def _goal_range(catalog) -> str:
    return f"{catalog.goals[0].id} ... {catalog.goals[-1].id} (see `cartagena plan`)"


# --- JSON ----------------------------------------------------------------------------------------


def plan_json(catalog, goal_ids: list[str] | None = None) -> dict[str, Any]:
    """The catalog as JSON: `plan`, `goals`, `capacity_building`, `articles` (only those of `goal_ids` if given)."""
    from ..catalog.present import article_json, goal_json, section_json

    plan = catalog.plan
    goals = [g for g in catalog.goals if not goal_ids or g.id in goal_ids]
    section_ids = {g.capacity_building for g in goals}
    article_ids = {a for g in goals for a in g.articles}
    return {
        "plan": {
            "title": plan.title,
            "period": plan.period.model_dump(),
            "source": plan.source.model_dump(mode="json"),
            "areas": [a.model_dump() for a in plan.areas],
            "notes": [n.model_dump() for n in plan.notes],
            "article_summaries": catalog.summary_source,
        },
        "goals": [goal_json(catalog, g) for g in goals],
        "capacity_building": [section_json(s) for s in catalog.sections if s.id in section_ids],
        "articles": [article_json(catalog, a) for a in catalog.articles if not goal_ids or a.id in article_ids],
    }


# --- text ----------------------------------------------------------------------------------------


def plan_lines(catalog) -> list[str]:
    """The whole plan as a tree: areas, goals, their parts, and the capacity-building serving them."""
    from ..catalog.present import section_heading, section_lines, wrap

    plan = catalog.plan
    lines = [plan.title, "=" * min(len(plan.title), 100)]
    lines += wrap("Source: " + plan.source.name + ". Goal B.3's page is missing from it; see the notes at the end.")
    lines += wrap(
        "Ids in the first column work with `cartagena explain ID` and `cartagena plan --goal GOAL`.",
    )
    shown_sections: dict[str, str] = {}
    area = None
    for goal in catalog.goals:
        if goal.area != area:
            area = goal.area
            lines += ["", f"{area}. {catalog.area_title(area)}".upper(), ""]
        else:
            lines.append("")
        lines += _goal_core_lines(catalog, goal, with_mends=False)
        articles = ", ".join(goal.articles) if goal.articles else "none listed (the project's reference lists no article for this goal)"
        lines += wrap(articles, "    ", "Treaty articles: ")
        section = catalog.section_for(goal)
        if section.id in shown_sections:
            lines += wrap(
                f"see {section.id} under goal {shown_sections[section.id]} "
                f"(shared by goals {', '.join(section.goals)})",
                "    ",
                "Capacity-building: ",
            )
        else:
            shown_sections[section.id] = goal.id
            lines.append("    " + section_heading(catalog, section))
            lines += section_lines(section, "      ")
    lines += ["", "ABOUT THIS TEXT", ""]
    for note in plan.source.notes:
        lines += wrap(note, "  ", "- ")
    lines += ["", "HOW THE PLAN SAYS TO READ IT", ""]
    for note in plan.notes:
        lines += wrap(f'"{note.text}"', "  ", f"- Paragraph {note.paragraph}: ")
    return lines


def _goal_core_lines(catalog, goal, with_mends: bool) -> list[str]:
    from ..catalog.present import item_lines, label, wrap

    lines = item_lines(goal, "", f"{goal.id}  ", with_mends)
    lines.append("    Objectives")
    if not goal.objectives:
        lines += wrap(f"[missing from the source text: {goal.objectives_missing}]", "      ")
    for o in goal.objectives:
        lines += item_lines(o, "      ", label(o.id, goal.objectives), with_mends)
    lines.append("    Indicators")
    for i in goal.indicators:
        lines += item_lines(i, "      ", label(i.id, goal.indicators), with_mends)
    lines.append("    Outcome")
    lines += item_lines(goal.outcome, "      ", "", with_mends)
    return lines


def goal_full_lines(catalog, goal_id: str) -> list[str]:
    """One goal in full: its parts, the articles behind it, and its capacity-building section."""
    from ..catalog.present import article_lines, no_article_line, section_heading, section_lines, wrap

    goal = catalog.goal(goal_id)
    lines = [f"{goal.area}. {catalog.area_title(goal.area)}", ""]
    lines += _goal_core_lines(catalog, goal, with_mends=True)
    lines.append("    Treaty articles behind this goal")
    if not goal.articles:
        lines += no_article_line("      ")
    for article in catalog.articles_for(goal):
        lines += article_lines(catalog, article, "      ")
    section = catalog.section_for(goal)
    lines.append("    " + section_heading(catalog, section))
    lines += section_lines(section, "      ", with_mends=True)
    lines += ["", *wrap("Read more about any id above with `cartagena explain ID`.")]
    return lines
