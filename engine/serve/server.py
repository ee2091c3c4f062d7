"""The HTTP side of `cartagena serve`: the standard library's ThreadingHTTPServer, one handler that
checks every request before the application sees it (Host against DNS rebinding, Origin, method,
path, content type, size) and answers every problem with a 4xx and a plain message.

Routes (GET): `/` the page, `/static/app.js`, `/static/style.css`.
Routes (POST, body `application/json`, the profile itself): `/api/check` (findings), `/api/open`
(the form filled from a profile file), `/api/save` (into --save-dir only).
Routes (POST, body `application/x-www-form-urlencoded`, one field `profile`): `/download/profile`,
`/download/report`, `/download/nr5`: attachments, nothing written on the server's side.
`/api/open-nr5` (JSON: a BCH national report document) fills the form through `import-nr5`'s code.
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

from ..loader import Problem, parse_document
from ..reporters.escaping import html_text as esc
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

    def __init__(self, address: tuple[str, int], app: SelfCheck, page: Callable[[], str]):
        self.app = app
        self.page = page
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

    # --- GET -------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._guarded(self._get)

    def _get(self) -> Answer:
        path = urlsplit(self.path).path
        if path == "/":
            return Answer(200, "text/html; charset=utf-8", self.server.page().encode("utf-8"))
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
        if content_type == FORM_TYPE:
            fields = _form_fields(body)
            if isinstance(fields, Answer):
                return fields
            body = fields
        return action(self.server.app, body)


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


# --- actions: (app, body) -> Answer ---------------------------------------------------------------


def _check(app: SelfCheck, body: bytes) -> Answer:
    return app.check(body)


def _filled(app: SelfCheck, data: Any, raw: bytes, **extra: Any) -> Answer:
    """The form filled with `data`, with the findings (or the problems) of the profile `raw`."""
    result = app.check(raw)
    payload = {**json.loads(result.body), "form": app.form(data), **extra}
    return Answer.json(result.status, payload)


def _open(app: SelfCheck, body: bytes) -> Answer:
    """The form filled from a profile file; its findings or its problems beside the fields."""
    document = parse_document(body, "the opened file")
    if isinstance(document, Problem):
        return app.check(body)  # the 400 with the reading problem
    return _filled(app, document.data, body)


def _save(app: SelfCheck, body: bytes) -> Answer:
    if app.save_dir is None:
        return Answer.text(403, "saving is off: start `cartagena serve --save-dir DIR` to save into a folder")
    check = app.validate(body)
    if isinstance(check, Answer):
        return check
    target = app.save(check, profile_bytes(check.data))
    return Answer.json(200, {"saved": str(target)})


def _open_nr5(app: SelfCheck, body: bytes) -> Answer:
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
    return _filled(app, profile, profile_bytes(profile), not_imported=[*imported.unmodelled, *imported.unmapped])


def _download_nr5(app: SelfCheck, body: bytes) -> Answer:
    """The profile's answers as a draft NR5 document: `export-nr5`'s own writer."""
    from ..nr5.document import write_document

    check = app.validate(body)
    if isinstance(check, Answer):
        return _plain(check)
    assert check.profile is not None
    draft = (json.dumps(write_document(check.data), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return _attachment("application/json; charset=utf-8", draft, f"{check.profile.party.code.lower()}-nr5-draft.json")


def _attachment(content_type: str, body: bytes, filename: str) -> Answer:
    return Answer(200, content_type, body, {"Content-Disposition": f'attachment; filename="{filename}"'})


def _download_profile(app: SelfCheck, body: bytes) -> Answer:
    check = app.validate(body)
    if isinstance(check, Answer):
        return _plain(check)
    assert check.profile is not None
    return _attachment("application/json; charset=utf-8", profile_bytes(check.data), f"{check.profile.party.code.lower()}-profile.json")


def _download_report(app: SelfCheck, body: bytes) -> Answer:
    check = app.validate(body)
    if isinstance(check, Answer):
        return _plain(check)
    assert check.profile is not None
    report = app.report_html(check).encode("utf-8")
    return _attachment("text/html; charset=utf-8", report, f"{check.profile.party.code.lower()}-audit-report.html")


def _plain(answer: Answer) -> Answer:
    """A validation answer as plain lines (a download is a navigation: the browser shows it as text)."""
    payload = json.loads(answer.body)
    lines = [f"{p['pointer'] or '(the profile)'}: {p['message']}" for p in payload["errors"]]
    return Answer.text(answer.status, "the profile is not valid; fix these first:\n" + "\n".join(lines))


ROUTES: dict[str, tuple[str, Callable[[SelfCheck, bytes], Answer]]] = {
    "/api/check": (JSON_TYPE, _check),
    "/api/open": (JSON_TYPE, _open),
    "/api/save": (JSON_TYPE, _save),
    "/download/profile": (FORM_TYPE, _download_profile),
    "/download/report": (FORM_TYPE, _download_report),
    "/api/open-nr5": (JSON_TYPE, _open_nr5),
    "/download/nr5": (FORM_TYPE, _download_nr5),
}


def page_html(app: SelfCheck, initial: dict[str, Any], title: str = "Cartagena Protocol self-check") -> str:
    """The whole page: toolbar, summary, the generated form, and the findings panel of each goal."""
    save = '<button type="button" id="save">Save to folder</button>' if app.save_dir is not None else ""
    panels = "".join(
        f'<div class="panel" data-findings="{esc(goal)}"><p class="empty">Fill in the Party and answer a question to see findings.</p></div>'
        for goal in app.goals
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/style.css"><script src="/static/app.js" defer></script></head>
<body>
<header class="top">
<h1>{esc(title)}</h1>
<p class="intro">Answer the questions of the fifth national report (NR5) goal by goal. The findings beside the form
show, for the goal you are on, what is in place, what is missing and which capacity-building activities would close
each gap. Nothing leaves this computer.</p>
<div class="toolbar">
<label class="button">Open a profile… <input type="file" id="open-profile" accept=".json,application/json"></label>
<form method="post" action="/download/profile" class="download"><input type="hidden" name="profile"><button type="submit" id="download-profile">Download profile (JSON)</button></form>
<label class="button">Open an NR5 report… <input type="file" id="open-nr5" accept=".json,application/json"></label>
<form method="post" action="/download/report" class="download"><input type="hidden" name="profile"><button type="submit" id="download-report">Download audit report (HTML)</button></form>
<form method="post" action="/download/nr5" class="download"><input type="hidden" name="profile"><button type="submit" id="download-nr5">Download NR5 draft (JSON)</button></form>
{save}
</div>
<p id="status" role="status" aria-live="polite"></p>
<div id="summary" class="summary" aria-live="polite">Summary: fill in the Party's name, code and date.</div>
</header>
<main>
<form id="profile-form" novalidate>{app.form(initial)}</form>
<aside id="findings" aria-label="Findings"><h2>Findings <span id="findings-goal"></span></h2>{panels}</aside>
</main>
</body></html>
"""
