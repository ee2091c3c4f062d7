"""The self-check page of `cartagena serve` in one of the six languages: a skip link, a slim header
(title, one File menu, the language switch) that scrolls away, the status lines, the goals with
their progress, the generated form (one page per goal, then "To address"), the findings panel, and
the words the page's script shows (as JSON in the page, so the script needs no second request)."""

from __future__ import annotations

import json
from typing import Any

from ..catalog.nr5_i18n import LANGUAGE_NAMES, LANGUAGES, RTL_LANGUAGES
from ..i18n import tr
from ..l10n import isolate_html
from ..reporters.escaping import html_text as esc
from .app import SelfCheck
from .pages import form_html, navigation, page_words


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
        # TRANSLATORS: before a validation message shown beside a field
        "problem": tr(lang, "Problem: {message}"),
        # TRANSLATORS: before a message saying an answer looks inconsistent with another ({message} is in English)
        "check": tr(lang, "Check: {message}"),
        # TRANSLATORS: beside a goal in the navigation when its answers have problems
        "problems_to_fix": tr(lang, "problems to fix"),
        # TRANSLATORS: the progress of one goal in the navigation, e.g. "3 of 12 answered"
        "progress": tr(lang, "{answered} of {total} answered"),
        # TRANSLATORS: the progress of the whole form, above the goals
        "progress_all": tr(lang, "All goals: {answered} of {total} questions answered"),
        # TRANSLATORS: {time} is a time of day, e.g. 14:05
        "draft_kept": tr(lang, "Draft kept in this browser at {time}."),
        "draft_restored": tr(lang, "Restored the draft kept in this browser at {time}."),
        "draft_discarded": tr(lang, "Draft discarded: the form is empty again."),
        "leave": tr(lang, "Your answers since the last download are kept only in this browser. Leave the page?"),
        # TRANSLATORS: a heading of the "To address" view: the problems the form's answers have
        "problems_heading": tr(lang, "Problems to fix first"),
        # TRANSLATORS: the status line after "Review answers" found no problem
        "reviewed": tr(lang, "Reviewed: no problem in the answers given."),
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


def page_html(app: SelfCheck, initial: dict[str, Any], lang: str = "en") -> str:
    """The whole page in `lang`."""
    words = page_words(lang)
    query = f"?lang={lang}"
    pages = app.pages(initial, lang)
    save = f'<li><button type="button" id="save">{words["save"]}</button></li>' if app.save_dir is not None else ""
    panels = "".join(f'<div class="panel" data-findings="{esc(goal)}"><p class="empty">{words["empty"]}</p></div>' for goal in app.goals)
    direction = ' dir="rtl"' if lang in RTL_LANGUAGES else ""
    plan_note = f'<p class="plan-language">{words["plan_language"]}</p>' if lang != "en" else ""

    def download(name: str, ident: str, label: str) -> str:
        return (
            f'<li><form method="post" action="/download/{name}{query}" class="download">'
            f'<button type="submit" id="{ident}">{label}</button></form></li>'
        )

    page = f"""<!doctype html>
<html lang="{lang}"{direction}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{words["title"]}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/style.css"><script src="/static/app.js" defer></script>
<script type="application/json" id="messages">{json_in_html(script_messages(lang))}</script></head>
<body>
<a class="skip" href="#form-start">{words["skip"]}</a>
<header class="top">
<h1>{words["title"]}</h1>
<div class="tools">
<details class="menu" id="file-menu"><summary>{words["file"]}</summary><ul>
<li><label class="button">{words["open_profile"]} <input type="file" id="open-profile" accept=".json,application/json"></label></li>
<li><label class="button">{words["open_nr5"]} <input type="file" id="open-nr5" accept=".json,application/json"></label></li>
{download("profile", "download-profile", words["download_profile"])}
{download("report", "download-report", words["download_report"])}
{download("nr5", "download-nr5", words["download_nr5"])}
{download("answers", "download-answers", words["download_answers"])}
{save}
</ul></details>
<button type="button" id="review">{words["review"]}</button>
{language_switch(lang)}
</div>
</header>
<div class="status-area">
{plan_note}<p id="status" role="status" aria-live="polite"></p>
<div id="summary" class="summary">{words["summary"]}</div>
<p id="draft" class="draft"><span id="draft-words"></span> <button type="button" id="discard" hidden>{words["discard"]}</button></p>
</div>
<main id="main">
{navigation(pages, words, lang)}
<form id="profile-form" novalidate><div id="form-start" tabindex="-1"></div><div class="form-pages">{form_html(pages, lang)}</div></form>
<aside id="findings" aria-labelledby="findings-h" tabindex="0"><h2 id="findings-h">{words["findings"]} <span id="findings-goal"></span></h2>{panels}</aside>
</main>
</body></html>
"""
    return isolate_html(page, lang)  # Latin runs kept in order in a right-to-left page
