"""The parts of the self-check page that the server draws again when it fills the form (a profile
opened, answers carried to another language): the page's own words, the goals' navigation, and the
form's pages, "To address" first."""

from __future__ import annotations

from ..i18n import tr
from ..reporters.escaping import html_text as esc
from .form import Page
from .wording import english, ltr


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
        "skip": tr(lang, "Skip to the form"),
        # TRANSLATORS: the menu of the page's files: open, download, save, print
        "file": tr(lang, "File"),
        "open_profile": tr(lang, "Open a profile…"),
        "download_profile": tr(lang, "Download profile (JSON)"),
        "open_nr5": tr(lang, "Open an NR5 report…"),
        "download_report": tr(lang, "Download audit report (HTML)"),
        "download_nr5": tr(lang, "Download NR5 draft (JSON)"),
        "download_answers": tr(lang, "Download the answers for sign-off (HTML, to print)"),
        "save": tr(lang, "Save to folder"),
        "review": tr(lang, "Review answers"),
        "discard": tr(lang, "Discard the draft"),
        "summary": tr(lang, "Summary: fill in the Party's name, code and date."),
        "findings": tr(lang, "Findings"),
        "empty": tr(lang, "Fill in the Party and answer a question to see findings."),
        "goals": tr(lang, "Goals"),
        # TRANSLATORS: the view listing, across goals, what the Party should address (problems, then gaps by duty)
        "todo": tr(lang, "To address"),
        "todo_intro": tr(lang, "Across all goals: the problems in the answers, then the gaps, obligations first. Each links to its question."),
        "todo_empty": tr(lang, "Fill in the Party and answer questions: what to address appears here."),
        # TRANSLATORS: a link at the end of a page of the form to the next one; {page} names it, e.g. "A.2"
        "next": tr(lang, "Next: {page}"),
    }
    return {name: esc(text) for name, text in words.items()}


def _short(title: str, width: int = 48) -> str:
    return title if len(title) <= width else title[: width - 1].rsplit(" ", 1)[0] + "…"


def _goal_id(page_id: str, lang: str) -> str:
    return f'<span class="id"{ltr(lang)}>{esc(page_id)}</span>'


def navigation(pages: list[Page], words: dict[str, str], lang: str) -> str:
    """The goals, each with its progress and its badges, and "To address" first."""
    def title(page: Page) -> str:
        return esc(page.title) if page.id == "party" else f'<span class="title">{english(lang, esc(_short(page.title)))}</span>'

    items = [
        f'<li><a href="#page-todo" data-page="todo"><span class="name">{words["todo"]}</span>'
        f'<span class="badge" data-badge="todo"></span></a></li>'
    ]
    for page in pages:
        ident = "" if page.id == "party" else _goal_id(page.id, lang) + " "
        items.append(
            f'<li><a href="#page-{esc(page.id)}" data-page="{esc(page.id)}"><span class="name">{ident}{title(page)}</span>'
            f'<span class="progress" data-progress="{esc(page.id)}"></span>'
            f'<span class="badge" data-badge="{esc(page.id)}"></span><span class="badge problem" data-problems="{esc(page.id)}"></span></a></li>'
        )
    return (
        f'<nav class="pages" aria-label="{words["goals"]}"><p id="progress-all" class="progress-all"></p>'
        f'<ol>{"".join(items)}</ol></nav>'
    )


def form_pages(pages: list[Page], words: dict[str, str], lang: str) -> str:
    """Every page of the form (without the script every one shows), each ending with a link to the next."""
    out = []
    for index, page in enumerate(pages):
        heading = esc(page.title) if page.id == "party" else f"{_goal_id(page.id, lang)} {english(lang, esc(page.title))}"
        intro = f'<p class="intro">{words["intro"]}</p>' if page.id == "party" else ""
        following = pages[index + 1] if index + 1 < len(pages) else None
        next_link = ""
        if following is not None:
            name = esc(following.id) if following.id != "party" else esc(following.title)
            next_link = f'<p class="next"><a href="#page-{esc(following.id)}" data-page="{esc(following.id)}">{words["next"].format(page=name)}</a></p>'
        out.append(
            f'<section class="page" id="page-{esc(page.id)}" data-page="{esc(page.id)}" aria-labelledby="h-{esc(page.id)}">'
            f'<h2 id="h-{esc(page.id)}" tabindex="-1">{heading}</h2>{intro}{page.html}{next_link}</section>'
        )
    return "".join(out)


def form_html(pages: list[Page], lang: str) -> str:
    """The "To address" view and every page of the form: the form's content."""
    words = page_words(lang)
    todo = (
        f'<section class="page" id="page-todo" data-page="todo" aria-labelledby="h-todo"><h2 id="h-todo" tabindex="-1">{words["todo"]}</h2>'
        f'<p class="intro">{words["todo_intro"]}</p><div id="todo-problems"></div><div id="todo"><p class="empty">{words["todo_empty"]}</p></div></section>'
    )
    return todo + form_pages(pages, words, lang)
