"""The self-check page of `cartagena serve` in one of the six languages: the language switch, the
toolbar, the generated form, the findings panels, and the words the page's script shows (as JSON
in the page, so the script needs no second request for them)."""

from __future__ import annotations

import json
from typing import Any

from ..catalog.nr5_i18n import LANGUAGE_NAMES, LANGUAGES, RTL_LANGUAGES
from ..i18n import tr
from ..l10n import isolate_html
from ..reporters.escaping import html_text as esc
from .app import SelfCheck


def script_messages(lang: str) -> dict[str, str]:
    """The words the page's script shows, in `lang` (`{name}` placeholders filled by the script).
    Counted words come from the server with each answer (`status`, `badges`), in the right plural."""
    return {
        "start": tr(lang, "Start with the Party: its name, its three-letter code and the date of these answers."),
        "no_server": tr(lang, "The server did not answer ({error}). Is cartagena serve still running?"),
        # TRANSLATORS: {status} is an HTTP status code such as 502; shown when an answer is not the server's own
        "unreadable": tr(lang, "The server answered {status} with something this page cannot read. Your answers are still here; try again."),
        "downloaded": tr(lang, "Downloaded {file}."),
        # TRANSLATORS: {summary} lists the counts of findings of the whole profile
        "whole_profile": tr(lang, "Whole profile: {summary}"),
        # TRANSLATORS: beside "Findings" while the Party's page is shown
        "choose_goal": tr(lang, "(choose a goal)"),
        # TRANSLATORS: beside "Findings"; {goal} is a goal id such as A.1
        "for_goal": tr(lang, "for goal {goal}"),
        "opened_profile": tr(lang, "Opened the profile {file}."),
        "opened_nr5": tr(lang, "Opened the NR5 document {file}."),
        "cannot_open": tr(lang, "{file} cannot be opened: {message}"),
        "fix_before_download": tr(lang, "Fix the problems marked in red before downloading."),
        "saved": tr(lang, "Saved to {path}."),
        "not_saved": tr(lang, "Not saved: fix the problems marked in red."),
        # TRANSLATORS: before a validation message shown beside a field ({message} is in English)
        "problem": tr(lang, "Problem: {message}"),
        # TRANSLATORS: before a message saying an answer looks inconsistent with another ({message} is in English)
        "check": tr(lang, "Check: {message}"),
        # TRANSLATORS: beside a goal in the navigation when its answers have problems
        "problems_to_fix": tr(lang, "problems to fix"),
    }


def json_in_html(data: Any) -> str:
    """JSON for a `<script type="application/json">` block: no `<`, `>` or `&` that could end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def language_switch(lang: str) -> str:
    """Links to the page in each of the six languages, each named in its own language."""
    def link(code: str) -> str:
        direction = ' dir="rtl"' if code in RTL_LANGUAGES else ""
        current = ' aria-current="true"' if code == lang else ""
        return (
            f'<li><a href="/?lang={code}" hreflang="{code}" lang="{code}"{direction} data-lang="{code}"{current}>'
            f"{esc(LANGUAGE_NAMES[code])}</a></li>"
        )

    links = "".join(link(code) for code in LANGUAGES)
    label = tr(lang, "Language")
    return f'<nav class="languages" aria-label="{esc(label)}"><ul>{links}</ul></nav>'


def page_words(lang: str) -> dict[str, str]:
    """The page's own words in `lang`, escaped for HTML (gettext calls outside the page's f-string,
    where Babel can extract them)."""
    words = {
        "title": tr(lang, "Cartagena Protocol self-check"),
        "intro": tr(
            lang,
            "Answer the questions of the fifth national report (NR5) goal by goal. The findings beside the form show, for the "
            "goal you are on, what is in place, what is missing and which capacity-building activities would close each gap. "
            "Nothing leaves this computer.",
        ),
        # a page in another language than English says once why the plan's text is not
        "plan_language": tr(
            lang,
            "The plan’s text (goals, objectives, capacity-building activities) is quoted in English, marked as such: only its "
            "English text is available here. The national report’s questions and answers are the BCH’s own wording in this language.",
        ),
        "open_profile": tr(lang, "Open a profile…"),
        "download_profile": tr(lang, "Download profile (JSON)"),
        "open_nr5": tr(lang, "Open an NR5 report…"),
        "download_report": tr(lang, "Download audit report (HTML)"),
        "download_nr5": tr(lang, "Download NR5 draft (JSON)"),
        "save": tr(lang, "Save to folder"),
        "summary": tr(lang, "Summary: fill in the Party's name, code and date."),
        "findings": tr(lang, "Findings"),
        "empty": tr(lang, "Fill in the Party and answer a question to see findings."),
    }
    return {name: esc(text) for name, text in words.items()}


def page_html(app: SelfCheck, initial: dict[str, Any], lang: str = "en") -> str:
    """The whole page in `lang`: language switch, toolbar, summary, the generated form, and the
    findings panel of each goal."""
    words = page_words(lang)
    query = f"?lang={lang}"
    save = f'<button type="button" id="save">{words["save"]}</button>' if app.save_dir is not None else ""
    panels = "".join(f'<div class="panel" data-findings="{esc(goal)}"><p class="empty">{words["empty"]}</p></div>' for goal in app.goals)
    direction = ' dir="rtl"' if lang in RTL_LANGUAGES else ""
    plan_note = f'<p class="plan-language">{words["plan_language"]}</p>\n' if lang != "en" else ""
    page = f"""<!doctype html>
<html lang="{lang}"{direction}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{words["title"]}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/style.css"><script src="/static/app.js" defer></script>
<script type="application/json" id="messages">{json_in_html(script_messages(lang))}</script></head>
<body>
<header class="top">
{language_switch(lang)}
<h1>{words["title"]}</h1>
<p class="intro">{words["intro"]}</p>
{plan_note}<div class="toolbar">
<label class="button">{words["open_profile"]} <input type="file" id="open-profile" accept=".json,application/json"></label>
<form method="post" action="/download/profile{query}" class="download"><button type="submit" id="download-profile">{words["download_profile"]}</button></form>
<label class="button">{words["open_nr5"]} <input type="file" id="open-nr5" accept=".json,application/json"></label>
<form method="post" action="/download/report{query}" class="download"><button type="submit" id="download-report">{words["download_report"]}</button></form>
<form method="post" action="/download/nr5{query}" class="download"><button type="submit" id="download-nr5">{words["download_nr5"]}</button></form>
{save}
</div>
<p id="status" role="status" aria-live="polite"></p>
<div id="summary" class="summary" aria-live="polite">{words["summary"]}</div>
</header>
<main>
<form id="profile-form" novalidate>{app.form(initial, lang)}</form>
<aside id="findings" aria-label="{words["findings"]}"><h2>{words["findings"]} <span id="findings-goal"></span></h2>{panels}</aside>
</main>
</body></html>
"""
    return isolate_html(page, lang)  # Latin runs kept in order in a right-to-left page
