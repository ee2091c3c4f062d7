"""The checks every request of `cartagena serve` passes before any route sees it (an ASGI middleware
around the whole Starlette application, so no route, no 404 and no 405 escapes them).

- Host: one of the names this server answers to (`allowed_host`), in every bind mode: a page on a
  rebound DNS name (DNS rebinding) is refused even when the server listens on every interface.
- Every POST (each state-changing route, and the downloads): `Content-Type: application/json` and
  the page's own request header `X-Cartagena-Request: 1`. A cross-site HTML form cannot send either;
  a cross-site `fetch` can send them only after a CORS preflight, which this server never grants;
  `no-cors` drops the header. Then `Sec-Fetch-Site: same-origin` where the browser sends it, and an
  `Origin` equal to this server's. A body needs a Content-Length within `max_body` (checked before
  one byte of it is read); GET and HEAD take no body.
- Host, Origin, Content-Type, Content-Length, Sec-Fetch-Site and the request header: once each.
- At most `max_in_flight` requests at a time; beyond, 503.
- A refused request's connection is closed (`Connection: close`), so nothing it carried is read as
  a request; the HTTP parser (h11) frames every body by its length in any case.
- Every answer carries the security headers; every error is JSON with a message in the request's
  language; an exception of ours is a 500 with one line on the terminal, a client that goes away
  is no error at all.
"""

from __future__ import annotations

import ipaddress
import json
import re
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from starlette.requests import ClientDisconnect

from ..i18n import tr
from ..reporters.escaping import terminal_text
from .app import Answer
from .routes import request_language

REQUEST_HEADER = "x-cartagena-request"
"""The page's own request header (value `1`): a cross-site form or `no-cors` request cannot send it."""

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "cross-origin-resource-policy": "same-origin",
}
SINGLE = ("host", "origin", "content-type", "content-length", "transfer-encoding", "sec-fetch-site", REQUEST_HEADER)
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})
_DIGITS = re.compile(r"[0-9]{1,20}")  # h11 has checked it already: this guard does not rely on that
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::([0-9]{1,5}))?$")

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def literal(address: str) -> str:
    """An IP address as it stands in a Host header: IPv6 in brackets, IPv4-mapped IPv6 as IPv4."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address.lower()
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return f"[{ip}]" if ip.version == 6 else str(ip)


@dataclass
class Policy:
    """Whom this server answers: the port it listens on, the host names it answers to besides the
    loopback names and the address a connection arrived at, and the limits."""

    port: int
    names: frozenset[str] = frozenset()
    default_lang: str = "en"
    max_body: int = 1024 * 1024
    max_in_flight: int = 64
    log: Callable[[str], None] | None = None
    in_flight: int = field(default=0, init=False)

    def allowed_host(self, host: str, scope: Scope) -> bool:
        """Whether `host` (a Host header) names this server: a loopback name, the very address the
        connection arrived at (an IP address cannot be rebound), or one of `names`; and its port."""
        match = _HOST.match(host)
        if match is None or int(match.group(2) or 80) != self.port:
            return False
        name = match.group(1).lower()
        local = scope.get("server")
        return name in LOOPBACK_NAMES or name in self.names or (local is not None and name == literal(str(local[0])))


class Guard:
    """The ASGI middleware: refuses, limits, adds headers, logs one line per request."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], policy: Policy):
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # no lifespan, no websockets: nothing else reaches here
            return
        started = time.perf_counter()
        exchange = Exchange(scope, receive, send)
        headers = _headers(scope)
        lang, _ = request_language(scope.get("query_string", b""), _one(headers, "accept-language"), self.policy.default_lang)
        bug = ""
        try:
            refusal = self.refusal(scope, headers, lang)
            if refusal is not None:
                await exchange.answer(refusal, close=True)
            elif self.policy.in_flight >= self.policy.max_in_flight:
                busy = tr(lang, "cartagena serve is busy with other requests; try again in a moment")
                await exchange.answer(Answer.error(503, busy, **{"Retry-After": "1"}), close=True)
            else:
                self.policy.in_flight += 1
                try:
                    await self.app(scope, exchange.receive, exchange.send)
                finally:
                    self.policy.in_flight -= 1
        except (ClientDisconnect, ConnectionError):
            pass  # the browser went away (a tab closed, a request replaced): nothing to say
        except Exception as exc:  # a bug of ours: a plain message to the page, the cause on the request's line
            bug = f" ({type(exc).__name__}: {exc})"
            if not exchange.started:
                await exchange.answer(Answer.error(500, tr(lang, "internal error in cartagena serve; the terminal shows the details")), close=True)
        finally:
            if self.policy.log is not None:
                status = exchange.status or (408 if scope.get("cartagena.timed_out") else "-")
                client = scope.get("client")
                path = scope["path"] + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
                elapsed = (time.perf_counter() - started) * 1000
                self.policy.log(terminal_text(f"{client[0] if client else '-'} {scope['method']} {path} {status} {elapsed:.0f} ms{bug}"))

    def refusal(self, scope: Scope, headers: dict[str, list[str]], lang: str) -> Answer | None:
        """The answer refusing this request, or None when it may go on to the routes."""
        twice = [name for name in SINGLE if len(headers.get(name, [])) > 1]
        if twice:
            return Answer.error(400, tr(lang, "the request has the header {name} more than once").format(name=_title(twice[0])))
        host = _one(headers, "host") or ""
        if not self.policy.allowed_host(host, scope):
            return Answer.error(403, tr(lang, "Host {host} is not this server; open the address cartagena serve printed").format(host=_quoted(host)))
        method = scope["method"]
        length = _one(headers, "content-length")
        if method in ("GET", "HEAD"):
            if (length not in (None, "0")) or "transfer-encoding" in headers:
                return Answer.error(400, tr(lang, "a {method} request has no body").format(method=method))
            return None
        if method != "POST":
            return None  # the routes answer 405, naming the methods the path takes
        site = _one(headers, "sec-fetch-site")
        if site is not None and site != "same-origin":
            return Answer.error(403, tr(lang, "requests from another site are refused (Sec-Fetch-Site: {site})").format(site=_quoted(site)))
        origin = _one(headers, "origin")
        if origin is not None and origin.lower() not in (f"http://{host}".lower(), f"http://{host.removesuffix(':80')}".lower()):
            return Answer.error(403, tr(lang, "requests from {origin} are refused: only this server's own page may send them").format(origin=_quoted(origin)))
        if _one(headers, REQUEST_HEADER) != "1":
            return Answer.error(403, tr(lang, "this request did not come from the self-check page (it lacks the header X-Cartagena-Request: 1)"))
        given = (_one(headers, "content-type") or "").split(";", 1)[0].strip().lower()
        if given != "application/json":
            return Answer.error(415, tr(lang, "{path} takes a JSON body (Content-Type: application/json), not {given}").format(
                path=scope["path"], given=_quoted(given)))
        if "transfer-encoding" in headers or length is None:
            return Answer.error(411, tr(lang, "send the body with a Content-Length (not chunked)"))
        if not _DIGITS.fullmatch(length) or int(length) > self.policy.max_body:
            return Answer.error(413, tr(lang, "the request is larger than the limit of 1 MiB"))
        return None


class Exchange:
    """One request's receive and send, as the guard sees them: the security headers added to the
    answer, and `Connection: close` on every error but a route's answer about a body it read to its
    end (a profile's problems: the page sends the next one on the same connection)."""

    def __init__(self, scope: Scope, receive: Receive, send: Send):
        self.scope = scope
        self._receive = receive
        self._send = send
        self.status: int | None = None
        self.started = False
        self.body_read = False  # by a route that answers about the body: then an error keeps the connection

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request" and not message.get("more_body", False):
            self.body_read = True
        return message

    async def send(self, message: Message, close: bool = False) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            self.status = message["status"]
            headers = [(name, value) for name, value in message.get("headers", []) if name.decode("latin-1").lower() not in SECURITY_HEADERS]
            headers += [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
            if close or (self.status >= 400 and not self.body_read):
                headers.append((b"connection", b"close"))
            message = {**message, "headers": headers}
        await self._send(message)

    async def answer(self, answer: Answer, close: bool = False) -> None:
        headers = [(b"content-type", answer.content_type.encode()), (b"content-length", str(len(answer.body)).encode())]
        headers += [(name.lower().encode(), value.encode("latin-1")) for name, value in answer.headers.items()]
        await self.send({"type": "http.response.start", "status": answer.status, "headers": headers}, close=close)
        await self.send({"type": "http.response.body", "body": answer.body, "more_body": False})


def _headers(scope: Scope) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in scope.get("headers", []):
        headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
    return headers


def _one(headers: dict[str, list[str]], name: str) -> str | None:
    values = headers.get(name)
    return values[0] if values else None


def _title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def _quoted(text: str) -> str:
    """A header's value inside a message: quoted, control characters shown as escapes."""
    return json.dumps(text, ensure_ascii=False)


def stderr_line(line: str) -> None:
    print(f"cartagena serve: {line}", file=sys.stderr, flush=True)
