"""The routes of `cartagena serve`: a small Starlette application (routes, endpoints, JSON errors),
run behind guard.py's checks by server.py.

GET (and HEAD): `/` the page, `/static/app.js`, `/static/style.css`.
POST (body: a JSON document, `Content-Type: application/json`, the page's request header):
`/api/check` (findings), `/api/open` (the form filled from a profile file), `/api/save` (into
--save-dir only), `/api/open-nr5` (the form filled from a BCH national report document, through
`import-nr5`'s code); `/download/profile`, `/download/report`, `/download/nr5`, `/download/answers`: attachments the page
saves as files, nothing written on the server's side.

Every route takes `?lang=` (one of the six UN languages; else Accept-Language, else `--lang`: see
languages.py). Every error is JSON, `{"message": ...}` in that language (validation answers also
list each problem at its JSON pointer). The work on a profile runs in one worker thread, one
request at a time (the rules engine is one session), so the event loop keeps answering.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import functools
import gc
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Callable
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..catalog.nr5_i18n import LANGUAGE_NAMES, LANGUAGES
from ..i18n import tr, trn
from ..loader import Problem, parse_document
from . import languages
from .app import Answer, SelfCheck, counted, profile_bytes
from .saving import FolderProblem

Action = Callable[[SelfCheck, bytes, str], Answer]
STATIC = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
LARGE_BODY = 256 * 1024
"""After a request at least this large, the worker hands freed memory back to the system."""


def request_language(query_string: bytes, accept_language: str | None, default: str) -> tuple[str, str | None]:
    """This request's language, and the 400's words when `?lang=` names none of the six (the
    words then in the fallback language)."""
    given = parse_qs(query_string.decode("latin-1"), keep_blank_values=True).get("lang")  # `?lang=` alone is a mistake too
    lang = languages.choose(given, accept_language, default)
    if lang is not None:
        return lang, None
    fallback = languages.negotiate(accept_language) or default
    names = ", ".join(f"{code} ({LANGUAGE_NAMES[code]})" for code in LANGUAGES)
    value = given[-1] if given else ""
    return fallback, tr(fallback, "?lang={value} is not a language of this page; choose one of {names}, e.g. /?lang=fr").format(
        value=json.dumps(value, ensure_ascii=False), names=names)


def _release_memory() -> None:
    """Hands the memory of a large request back to the system: without it glibc keeps the freed
    heap, and a burst of large requests would leave the server hundreds of MiB larger."""
    gc.collect()
    if _TRIM is not None:
        _TRIM(0)


def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim") if name else None
    except (OSError, AttributeError):  # not glibc: nothing to trim
        return None


_TRIM = _malloc_trim()


@dataclass
class Site:
    """What the routes serve: the application, the page in a language, the default language."""

    app: SelfCheck
    page: Callable[[str], str]
    default_lang: str = "en"
    worker: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="cartagena-serve"))
    _pages: dict[str, bytes] = field(default_factory=dict)  # the page of each language, made once

    async def run(self, work: Callable[..., Any], *args: Any, large: bool = False) -> Any:
        """`work(*args)` in the worker thread; memory handed back after a large request."""
        def job() -> Any:
            try:
                return work(*args)
            finally:
                if large:
                    _release_memory()

        return await asyncio.get_running_loop().run_in_executor(self.worker, job)

    def page_bytes(self, lang: str) -> bytes:
        """The page in `lang` (worker thread only: the cache needs no lock)."""
        if lang not in self._pages:
            self._pages[lang] = self.page(lang).encode("utf-8")
        return self._pages[lang]

    def close(self) -> None:
        self.worker.shutdown(wait=True)


def respond(answer: Answer) -> Response:
    return Response(answer.body, answer.status, {"Content-Type": answer.content_type, **answer.headers})


def build(site: Site) -> Starlette:
    """The Starlette application: its routes, and JSON for Starlette's own 404 and 405."""

    async def page(request: Request) -> Response:
        lang, problem = _language(request, site)
        if problem is not None:
            return respond(Answer.error(400, problem))
        body = await site.run(site.page_bytes, lang)
        return Response(body, 200, {"Content-Type": "text/html; charset=utf-8", "Content-Language": lang, "Vary": "Accept-Language"})

    async def static(request: Request) -> Response:
        name = request.url.path.rsplit("/", 1)[1]
        return Response(_static(name), 200, {"Content-Type": STATIC[name]})

    def endpoint(action: Action) -> Callable[[Request], Any]:
        async def handle(request: Request) -> Response:
            lang, problem = _language(request, site)
            if problem is not None:
                return respond(Answer.error(400, problem))
            body = await request.body()
            return respond(await site.run(action, site.app, body, lang, large=len(body) >= LARGE_BODY))

        return handle

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        lang, _ = _language(request, site)
        path = request.url.path
        if exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "")
            message = tr(lang, "method {method} is not allowed here: {path} takes {allowed}").format(
                method=request.method, path=path, allowed=allowed)
            return respond(Answer.error(405, message, Allow=allowed))
        if exc.status_code == 404:
            return respond(Answer.error(404, tr(lang, "no such page: {path}").format(path=path)))
        return respond(Answer.error(exc.status_code, str(exc.detail)))

    routes = [Route("/", page, methods=["GET"])]
    routes += [Route(f"/static/{name}", static, methods=["GET"]) for name in STATIC]
    routes += [Route(path, endpoint(action), methods=["POST"]) for path, action in ACTIONS.items()]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error})


def _language(request: Request, site: Site) -> tuple[str, str | None]:
    return request_language(request.scope.get("query_string", b""), request.headers.get("accept-language"), site.default_lang)


@functools.cache
def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


# --- actions: (app, body, lang) -> Answer; each runs in the worker thread --------------------------------


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
        return Answer.error(403, tr(lang, "saving is off: start `cartagena serve --save-dir DIR` to save into a folder"))
    check = app.validate(body, lang)
    if isinstance(check, Answer):
        return counted(check, lang)
    try:
        target = app.save(check, profile_bytes(check.data))
    except FolderProblem as problem:
        if problem.missing:
            message = tr(lang, "Not saved: the folder {folder} does not exist any more. Create it again, or restart cartagena serve with another --save-dir.")
        else:
            message = tr(lang, "Not saved: cartagena serve may not write into the folder {folder}.")
        return Answer.error(409, message.format(folder=problem.folder))
    except OSError as exc:  # a full disk, a file system gone read-only: nothing half-written is left
        return Answer.error(500, tr(lang, "Not saved: the file could not be written ({reason}).").format(reason=exc.strerror or exc))
    return Answer.json(200, {"saved": str(target)})


def _open_nr5(app: SelfCheck, body: bytes, lang: str) -> Answer:
    """The form filled from a BCH national report document (NR5, or NR4 through the question map),
    read by `import-nr5`'s own code; what the profile does not model is listed as warnings."""
    from ..nr5.document import DocumentError, read_document, to_profile

    document = parse_document(body, "the NR5 document")
    if isinstance(document, Problem):
        message = document.message.replace("a profile must be", "a national report document must be")
        where = f"line {document.line}, column {document.column}: " if document.line else ""
        return _nr5_problem(f"the NR5 document: {where}{message}", lang)
    try:
        imported = read_document(document.data)
        profile = to_profile(imported)
    except DocumentError as exc:
        return _nr5_problem(f"the NR5 document: {exc}", lang)
    left_out = [outcome.line(lang) for outcome in imported.reported if outcome.key is not None]  # in the page's language
    words = trn(lang, "{n} of its answers has no place in the profile and was left out.",
                "{n} of its answers have no place in the profile and were left out.", len(left_out)) if left_out else ""
    return _filled(app, profile, profile_bytes(profile), lang, not_imported=left_out, not_imported_words=words)


def _nr5_problem(message: str, lang: str) -> Answer:
    return counted(Answer.json(400, {"valid": False, "errors": [{"pointer": "", "message": message}]}), lang)


def _attachment(content_type: str, body: bytes, filename: str) -> Answer:
    return Answer(200, content_type, body, {"Content-Disposition": f'attachment; filename="{filename}"'})


def _download(make: Callable[[SelfCheck, Any, str], tuple[str, bytes, str]]) -> Action:
    """A download route: the profile validated (its problems, as for check, if it is not valid),
    then the attachment `make` gives (content type, bytes, the file name after the Party's code)."""
    def action(app: SelfCheck, body: bytes, lang: str) -> Answer:
        check = app.validate(body, lang)
        if isinstance(check, Answer):
            return counted(check, lang)
        assert check.profile is not None
        content_type, data, suffix = make(app, check, lang)
        return _attachment(content_type, data, check.profile.party.code.lower() + suffix)

    return action


def _profile_file(app: SelfCheck, check: Any, lang: str) -> tuple[str, bytes, str]:
    return "application/json; charset=utf-8", profile_bytes(check.data), "-profile.json"


def _report_file(app: SelfCheck, check: Any, lang: str) -> tuple[str, bytes, str]:
    return "text/html; charset=utf-8", app.report_html(check, lang).encode("utf-8"), "-audit-report.html"


def _answers_file(app: SelfCheck, check: Any, lang: str) -> tuple[str, bytes, str]:
    """The answers goal by goal, for sign-off (answers.py): a page to print and file."""
    return "text/html; charset=utf-8", app.answers_html(check, lang).encode("utf-8"), "-answers.html"


def _nr5_file(app: SelfCheck, check: Any, lang: str) -> tuple[str, bytes, str]:
    """`export-nr5 --lang`'s own writer (answer codes, and the evidence as free text under the page
    language's key)."""
    from ..nr5.document import write_document

    from ..indented_json import indented  # json.dumps(indent=2)'s text, without its cycle per call

    draft = (indented(write_document(check.data, lang)) + "\n").encode("utf-8")
    return "application/json; charset=utf-8", draft, "-nr5-draft.json"


ACTIONS: dict[str, Action] = {
    "/api/check": _check,
    "/api/open": _open,
    "/api/save": _save,
    "/api/open-nr5": _open_nr5,
    "/download/profile": _download(_profile_file),
    "/download/report": _download(_report_file),
    "/download/nr5": _download(_nr5_file),
    "/download/answers": _download(_answers_file),
}
