"""The HTTP side of `cartagena serve`: the standard library's ThreadingHTTPServer, one handler that
checks every request before the application sees it (Host against DNS rebinding, Origin, method,
path, content type, size) and answers every problem with a 4xx and a plain message.

Routes (GET): `/` the page, `/static/app.js`, `/static/style.css`.
Routes (POST, body `application/json`, the profile itself): `/api/check` (findings), `/api/open`
(the form filled from a profile file), `/api/save` (into --save-dir only).
Routes (POST, body `application/x-www-form-urlencoded`, one field `profile`): `/download/profile`,
`/download/report`, `/download/nr5`: attachments, nothing written on the server's side.
`/api/open-nr5` (JSON: a BCH national report document) fills the form through `import-nr5`'s code.

Every route takes `?lang=` (one of the six UN languages; else Accept-Language, else `--lang`: see
languages.py); the page passes its own on every request, so findings and downloads share its language.
"""

from __future__ import annotations

import ipaddress
import json
import sys
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from ..catalog.nr5_i18n import LANGUAGE_NAMES, LANGUAGES, RTL_LANGUAGES
from ..i18n import tr, trn
from ..l10n import isolate_html
from ..loader import Problem, parse_document
from ..reporters.escaping import html_text as esc
from . import languages
from .app import Answer, SelfCheck, profile_bytes

MAX_REQUEST_BYTES = 1024 * 1024
"""The largest request body accepted (1 MiB); a bigger one is refused with 413 before it is read."""

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"
_STATIC = {"/static/app.js": "text/javascript; charset=utf-8", "/static/style.css": "text/css; charset=utf-8"}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


class SelfCheckServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: SelfCheck, page: Callable[[str], str], default_lang: str = "en"):
        self.app = app
        self.page = page  # the page in a language
        self.default_lang = default_lang  # --lang: when the browser names none of the six
        self.loopback = is_loopback(address[0])
        super().__init__(address, Handler)
        port = self.server_address[1]
        # DNS rebinding: a loopback server answers only to the names of the loopback
        self.allowed_hosts = {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"


class Handler(BaseHTTPRequestHandler):
    server: SelfCheckServer
    protocol_version = "HTTP/1.1"
    timeout = 30  # a client that stops sending does not hold a thread forever
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s\n"
    server_version = "cartagena-serve"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal is the user's
        return

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):  # PUT, DELETE, PATCH, any method: 405, not the base class's 501
            return self._method_not_allowed
        raise AttributeError(name)

    def _method_not_allowed(self) -> None:
        self._send(Answer.text(405, f"method {self.command} is not allowed; use GET or POST"), Allow="GET, POST")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # malformed request lines and headers: the base class's answer, with our headers
        self.close_connection = True
        self._send(Answer.text(code, f"{code} {message or self.responses.get(code, ('',))[0]}"))

    def _send(self, answer: Answer, **extra: str) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in {**SECURITY_HEADERS, **answer.headers, **extra}.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def _guarded(self, handle: Callable[[], Answer]) -> None:
        try:
            refusal = self._refusal()
            answer = refusal if refusal is not None else handle()
        except Exception:  # a bug of ours: a plain message to the page, the traceback to the terminal
            traceback.print_exc(file=sys.stderr)
            self.close_connection = True
            answer = Answer.text(500, "internal error in cartagena serve; the terminal shows the details")
        self._send(answer)

    def _refusal(self) -> Answer | None:
        if self.server.loopback and self.headers.get("Host", "") not in self.server.allowed_hosts:
            return Answer.text(403, f"Host {self.headers.get('Host', '')!r} is not this server (use {self.server.url})")
        return None

    def _language(self) -> str | Answer:
        """This request's language (see languages.py), or the 400 for a `?lang=` that names none of the six."""
        given = parse_qs(urlsplit(self.path).query, keep_blank_values=True).get("lang")  # `?lang=` alone is a mistake too
        lang = languages.choose(given, self.headers.get("Accept-Language"), self.server.default_lang)
        if lang is None:
            names = ", ".join(f"{code} ({LANGUAGE_NAMES[code]})" for code in LANGUAGES)
            return Answer.text(400, f"?lang={given[-1] if given else ''!r} is not a language of this page; choose one of {names}, e.g. /?lang=fr")
        return lang

    # --- GET -------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._guarded(self._get)

    def _get(self) -> Answer:
        path = urlsplit(self.path).path
        if path == "/":
            lang = self._language()
            if isinstance(lang, Answer):
                return lang
            page = self.server.page(lang).encode("utf-8")
            return Answer(200, "text/html; charset=utf-8", page, {"Content-Language": lang, "Vary": "Accept-Language"})
        if path in _STATIC:
            return Answer(200, _STATIC[path], _static(path.rsplit("/", 1)[1]))
        if path in ROUTES:
            return Answer.text(405, f"{path} takes POST")
        return Answer.text(404, f"no such page: {path}")

    # --- POST ------------------------------------------------------------------------------------

    def do_POST(self) -> None:
        self._guarded(self._post)

    def _post(self) -> Answer:
        path = urlsplit(self.path).path
        route = ROUTES.get(path)
        if route is None:
            return Answer.text(404, f"no such endpoint: {path}")
        content_type, action = route
        origin = self.headers.get("Origin")
        if origin is not None and origin not in {f"http://{host}" for host in self.server.allowed_hosts} and self.server.loopback:
            return Answer.text(403, f"requests from {origin} are refused")
        given_type = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if given_type != content_type:
            return Answer.text(415, f"{path} takes Content-Type {content_type}, not {given_type or 'none'}")
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            return Answer.text(411, "send the body with a Content-Length, not chunked")
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            self.close_connection = True
            return Answer.text(411, "a Content-Length is required")
        if not length_text.isdigit():
            self.close_connection = True
            return Answer.text(400, f"Content-Length {length_text!r} is not a number of bytes")
        length = int(length_text)
        if length > MAX_REQUEST_BYTES:
            self.close_connection = True  # the body is not read
            return Answer.text(413, f"the request is {length:,} bytes, more than the limit of {MAX_REQUEST_BYTES:,} bytes (1 MiB)")
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            return Answer.text(400, "the request body is shorter than its Content-Length")
        lang = self._language()
        if isinstance(lang, Answer):
            return lang
        if content_type == FORM_TYPE:
            fields = _form_fields(body)
            if isinstance(fields, Answer):
                return fields
            body = fields
        return action(self.server.app, body, lang)


def _form_fields(body: bytes) -> bytes | Answer:
    """The one field `profile` of a download form, as bytes; anything else is refused."""
    try:
        text = body.decode("utf-8")
        fields = parse_qs(text, keep_blank_values=True, strict_parsing=True, max_num_fields=4, errors="strict")
    except (UnicodeDecodeError, ValueError) as exc:
        return Answer.text(400, f"the form data cannot be read: {exc}")
    unknown = sorted(set(fields) - {"profile"})
    if unknown:
        return Answer.text(400, f"unknown form field(s): {', '.join(unknown)}; the only field is 'profile'")
    values = fields.get("profile", [])
    if len(values) != 1:
        return Answer.text(400, "the form needs exactly one field 'profile'")
    return values[0].encode("utf-8")


# --- actions: (app, body, lang) -> Answer ---------------------------------------------------------------


def _check(app: SelfCheck, body: bytes, lang: str) -> Answer:
    return app.check(body, lang)


def _filled(app: SelfCheck, data: Any, raw: bytes, lang: str, **extra: Any) -> Answer:
    """The form filled with `data`, with the findings (or the problems) of the profile `raw`."""
    result = app.check(raw, lang)
    payload = {**json.loads(result.body), "form": app.form(data, lang), **extra}
    return Answer.json(result.status, payload)


def _open(app: SelfCheck, body: bytes, lang: str) -> Answer:
    """The form filled from a profile file; its findings or its problems beside the fields."""
    document = parse_document(body, "the opened file")
    if isinstance(document, Problem):
        return app.check(body, lang)  # the 400 with the reading problem
    return _filled(app, document.data, body, lang)


def _save(app: SelfCheck, body: bytes, lang: str) -> Answer:
    if app.save_dir is None:
        return Answer.text(403, tr(lang, "saving is off: start `cartagena serve --save-dir DIR` to save into a folder"))
    check = app.validate(body)
    if isinstance(check, Answer):
        return check
    target = app.save(check, profile_bytes(check.data))
    return Answer.json(200, {"saved": str(target)})


def _open_nr5(app: SelfCheck, body: bytes, lang: str) -> Answer:
    """The form filled from a BCH national report document (NR5, or NR4 through the question map),
    read by `import-nr5`'s own code; what the profile does not model is listed as warnings."""
    from ..nr5.document import DocumentError, read_document, to_profile

    document = parse_document(body, "the NR5 document")
    if isinstance(document, Problem):
        message = document.message.replace("a profile must be", "a national report document must be")
        where = f"line {document.line}, column {document.column}: " if document.line else ""
        return Answer.json(400, {"valid": False, "errors": [{"pointer": "", "message": f"the NR5 document: {where}{message}"}]})
    try:
        imported = read_document(document.data)
        profile = to_profile(imported)
    except DocumentError as exc:
        return Answer.json(400, {"valid": False, "errors": [{"pointer": "", "message": f"the NR5 document: {exc}"}]})
    left_out = [outcome.line(lang) for outcome in imported.reported if outcome.key is not None]
    words = trn(lang, "{n} of its answers has no place in the profile and was left out.",
                "{n} of its answers have no place in the profile and were left out.", len(left_out)) if left_out else ""
    return _filled(app, profile, profile_bytes(profile), lang, not_imported=left_out, not_imported_words=words)


def _download_nr5(app: SelfCheck, body: bytes, lang: str) -> Answer:
    """The profile's answers as a draft NR5 document: `export-nr5 --lang`'s own writer (answer codes,
    and the evidence as free text under the page language's key)."""
    from ..nr5.document import write_document

    check = app.validate(body)
    if isinstance(check, Answer):
        return _plain(check, lang)
    assert check.profile is not None
    draft = (json.dumps(write_document(check.data, lang), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return _attachment("application/json; charset=utf-8", draft, f"{check.profile.party.code.lower()}-nr5-draft.json")


def _attachment(content_type: str, body: bytes, filename: str) -> Answer:
    return Answer(200, content_type, body, {"Content-Disposition": f'attachment; filename="{filename}"'})


def _download_profile(app: SelfCheck, body: bytes, lang: str) -> Answer:
    check = app.validate(body)
    if isinstance(check, Answer):
        return _plain(check, lang)
    assert check.profile is not None
    return _attachment("application/json; charset=utf-8", profile_bytes(check.data), f"{check.profile.party.code.lower()}-profile.json")


def _download_report(app: SelfCheck, body: bytes, lang: str) -> Answer:
    check = app.validate(body)
    if isinstance(check, Answer):
        return _plain(check, lang)
    assert check.profile is not None
    report = app.report_html(check, lang).encode("utf-8")
    return _attachment("text/html; charset=utf-8", report, f"{check.profile.party.code.lower()}-audit-report.html")


def _plain(answer: Answer, lang: str) -> Answer:
    """A validation answer as plain lines (a download is a navigation: the browser shows it as text)."""
    payload = json.loads(answer.body)
    # TRANSLATORS: where a validation problem is about the whole profile rather than one field
    whole = tr(lang, "(the profile)")
    lines = [f"{p['pointer'] or whole}: {p['message']}" for p in payload["errors"]]
    return Answer.text(answer.status, tr(lang, "the profile is not valid; fix these first:") + "\n" + "\n".join(lines))


ROUTES: dict[str, tuple[str, Callable[[SelfCheck, bytes, str], Answer]]] = {
    "/api/check": (JSON_TYPE, _check),
    "/api/open": (JSON_TYPE, _open),
    "/api/save": (JSON_TYPE, _save),
    "/download/profile": (FORM_TYPE, _download_profile),
    "/download/report": (FORM_TYPE, _download_report),
    "/api/open-nr5": (JSON_TYPE, _open_nr5),
    "/download/nr5": (FORM_TYPE, _download_nr5),
}


def script_messages(lang: str) -> dict[str, str]:
    """The words the page's script shows, in `lang` (`{name}` placeholders filled by the script).
    Counted words come from the server with each answer (`status`, `badges`), in the right plural."""
    return {
        "start": tr(lang, "Start with the Party: its name, its three-letter code and the date of these answers."),
        "no_server": tr(lang, "The server did not answer ({error}). Is cartagena serve still running?"),
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
<form method="post" action="/download/profile{query}" class="download"><input type="hidden" name="profile"><button type="submit" id="download-profile">{words["download_profile"]}</button></form>
<label class="button">{words["open_nr5"]} <input type="file" id="open-nr5" accept=".json,application/json"></label>
<form method="post" action="/download/report{query}" class="download"><input type="hidden" name="profile"><button type="submit" id="download-report">{words["download_report"]}</button></form>
<form method="post" action="/download/nr5{query}" class="download"><input type="hidden" name="profile"><button type="submit" id="download-nr5">{words["download_nr5"]}</button></form>
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
