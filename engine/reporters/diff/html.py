"""`cartagena diff --format html`: one self-contained page (inline CSS, no script, nothing loaded
from anywhere), every string escaped; `<html lang dir>` in the comparison's language, as the check
report does, with the plan's goal texts marked English."""

from __future__ import annotations

from typing import Any

from ...catalog.nr5_i18n import RTL_LANGUAGES
from ...i18n import tr
from ...l10n import date, isolate_html, stop
from ..escaping import html_text as esc
from ..html import STYLE as CHECK_STYLE
from . import (
    change_words, compared_line, goal_line, goal_text, kind_title, language, only_in_old_line, party_counts_line, party_line,
    plan_language_line, problem_line, provenance, sides_line, waiver_words,
)

# the check report's style (one look for the Committee's file), with a row mark for failing changes
STYLE = CHECK_STYLE + "tr.fails td { background: #fbe9e9; }\n"


def _goal_text(goal: dict[str, Any], lang: str) -> str:
    """A goal's text: the plan's English, marked so in a page in another language."""
    text = esc(goal_text(goal, lang))
    return f'<span lang="en">{text}</span>' if lang != "en" and goal["text"] else text


def render(diff: dict[str, Any]) -> str:
    lang = language(diff)
    direction = ' dir="rtl"' if lang in RTL_LANGUAGES else ""
    title = esc(tr(lang, "Changes between reporting cycles"))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}"{direction}><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
        f"<title>{title}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        f'<p>{esc(sides_line(diff, lang))}</p><p class="note">{esc(provenance(diff, lang))}</p>',
    ]
    note = plan_language_line(lang)
    if note:
        out.append(f'<p class="note">{esc(note)}</p>')
    head = "".join(f"<th>{esc(label)}</th>" for label in (tr(lang, "Change"), tr(lang, "Rule"), tr(lang, "From -> to"), tr(lang, "Fails")))
    fails = {True: esc(tr(lang, "yes")), False: esc(tr(lang, "no"))}
    for party in diff["parties"]:
        out.append(f"<section><h2>{esc(party_line(party, lang))}</h2>")
        if not party["goals"]:
            out.append("<p>" + esc(tr(lang, "No change.")) + "</p>")
        for goal in party["goals"]:
            out.append(f"<h3>{esc(goal_line(lang)).format(goal=esc(goal['goal']), text=_goal_text(goal, lang))}</h3>")
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
            for change in goal["changes"]:
                words = esc(change_words(change, lang))
                if change.get("waiver"):
                    words += "<br>" + esc(tr(lang, "waived: {waiver}").format(waiver=waiver_words(change["waiver"], lang)))
                row = ' class="fails"' if change["failing"] else ""
                out.append(
                    f'<tr{row}><td>{esc(kind_title(change["kind"], lang))}</td>'
                    f"<td><code>{esc(change['rule'])}</code> {esc(change['title'] or '')}</td><td>{words}</td>"
                    f"<td>{fails[change['failing']]}</td></tr>"
                )
            out.append("</tbody></table>")
        out.append(f"<p><strong>{esc(stop(party_counts_line(party['counts'], lang), lang))}</strong></p></section>")
    if diff["only_in_old"]:
        out.append("<h2>" + esc(tr(lang, "Only in OLD (not compared)")) + "</h2><ul>")
        out += [
            "<li>" + esc(only_in_old_line(lang)).format(
                name=esc(party["name"]), code=esc(party["code"]), as_of=esc(date(party["as_of"], lang)), file=f"<code>{esc(party['file'])}</code>"
            ) + "</li>"
            for party in diff["only_in_old"]
        ]
        out.append("</ul>")
    for heading, items in ((tr(lang, "Notes"), diff["notes"]), (tr(lang, "Problems"), [problem_line(problem) for problem in diff["problems"]])):
        if items:
            out.append(f"<h2>{esc(heading)}</h2><ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>")
    out.append(f"<p><strong>{esc(stop(compared_line(diff, lang), lang))}</strong></p>")
    out.append("</body></html>")
    return isolate_html("\n".join(out), lang) + "\n"
