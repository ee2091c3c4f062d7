"""The HTTP side of `cartagena serve`: uvicorn with its pure-Python HTTP/1.1 parser (h11), guard.py's
checks in front of the Starlette routes of routes.py, and the limits that keep one process bounded.

uvicorn parses and frames every request (strict HTTP/1.1: one Content-Length, digits only, no
obsolete line folding; a body is always read to its length or the connection closed, so no body is
ever taken for a request). This module adds what uvicorn leaves to the application:

- `Limits.request_timeout`: from a request's first byte (or a new connection) to its last byte; a
  client that stops sending, or sends one byte at a time, is answered 408 and closed. A client
  that stops reading its answers is dropped after as long. An idle kept-open connection is closed
  after `keep_alive` seconds.
- `Limits.max_connections` open at once (beyond: 503, closed); `backlog` for bursts of new
  connections; `max_header_bytes` for the request line and headers (431 beyond).
- Errors of the HTTP layer as JSON with a message, like every other error of the server.
- uvicorn's and asyncio's own log lines kept off the terminal: the guard writes one line per
  request, or none with `--quiet`.
"""

from __future__ import annotations

import asyncio
import http
import ipaddress
import logging
import socket
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..exit_codes import Terminated
from ..i18n import tr
from .app import Answer, SelfCheck
from .guard import SECURITY_HEADERS, Guard, Policy
from .routes import Site, build

MAX_REQUEST_BYTES = 1024 * 1024
"""The largest request body accepted (1 MiB); a bigger one is refused with 413 before it is read."""


@dataclass(frozen=True)
class Limits:
    max_body: int = MAX_REQUEST_BYTES
    request_timeout: float = 30.0  # seconds from a request's first byte (or the connection) to its last
    keep_alive: int = 5  # seconds an idle kept-open connection may wait for its next request
    max_connections: int = 512
    max_in_flight: int = 64  # requests the application works on or queues at once
    backlog: int = 1024  # connections the kernel holds before they are accepted (the kernel may cap it)
    max_header_bytes: int = 16 * 1024


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def raw_answer(answer: Answer) -> bytes:
    """A whole HTTP/1.1 answer that closes the connection, for refusals made before (or instead
    of) a request the parser accepted."""
    reason = http.HTTPStatus(answer.status).phrase
    lines = [f"HTTP/1.1 {answer.status} {reason}", f"Content-Type: {answer.content_type}", f"Content-Length: {len(answer.body)}",
             "Connection: close", *(f"{name}: {value}" for name, value in SECURITY_HEADERS.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + answer.body


class Protocol(H11Protocol):
    """uvicorn's h11 protocol with the connection limit, the whole-request timeout and JSON errors.
    A server makes a subclass holding its `limits`, `default_lang` and `log`."""

    limits: Limits = Limits()
    default_lang: str = "en"
    log: Callable[[str], None] | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._stall: asyncio.TimerHandle | None = None  # the client does not read what is written
        self._problem: h11.RemoteProtocolError | None = None
        self._started = time.perf_counter()
        parse = self.conn.next_event

        def next_event() -> Any:  # keeps the parser's complaint for the 400's message
            try:
                return parse()
            except h11.RemoteProtocolError as exc:
                self._problem = exc
                raise

        self.conn.next_event = next_event  # type: ignore[method-assign]

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            busy = tr(self.default_lang, "cartagena serve is busy with other requests; try again in a moment")
            self._refuse(Answer.error(503, busy, **{"Retry-After": "1"}))
            return
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state is not h11.DONE:
            self._arm()  # a new request begins
        super().data_received(data)
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR):
            self._disarm()  # all of it is here: the application's work is not timed

    def on_response_complete(self) -> None:
        self._disarm()
        super().on_response_complete()
        if self.conn.their_state in (h11.SEND_BODY,):  # a pipelined request already under way
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._stall is not None:
            self._stall.cancel()
        super().connection_lost(exc)

    def pause_writing(self) -> None:
        """The client does not read (the write buffer is full): it has request_timeout to start again."""
        super().pause_writing()
        if self._stall is None:
            self._stall = self.loop.call_later(self.limits.request_timeout, self.transport.abort)

    def resume_writing(self) -> None:
        if self._stall is not None:
            self._stall.cancel()
            self._stall = None
        super().resume_writing()

    def send_400_response(self, msg: str) -> None:
        problem = self._problem
        status = problem.error_status_hint if problem is not None and problem.error_status_hint >= 400 else 400
        words = tr(self.default_lang, "the request is not valid HTTP/1.1 ({problem})").format(problem=str(problem or msg))
        self._refuse(Answer.error(status, words))

    # --- the whole-request timeout ------------------------------------------------------------------

    def _arm(self) -> None:
        self._disarm()
        self._started = time.perf_counter()
        self._deadline = self.loop.call_later(self.limits.request_timeout, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        late = tr(self.default_lang, "the request did not arrive whole within {seconds} seconds; send it again").format(
            seconds=f"{self.limits.request_timeout:g}")
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:  # the body is late: the application waits for it
            self.scope["cartagena.timed_out"] = True  # type: ignore[typeddict-unknown-key]
            started = cycle.response_started
            cycle.disconnected = True
            cycle.message_event.set()
            if started:
                self.transport.close()
            else:
                self.transport.write(raw_answer(Answer.error(408, late)))
                self.transport.close()
        elif self.conn.trailing_data[0]:  # part of a request line or of the headers
            self._refuse(Answer.error(408, late))
        else:  # a connection that never sent a byte
            self.transport.close()

    def _refuse(self, answer: Answer) -> None:
        self._disarm()
        self.transport.write(raw_answer(answer))
        self.transport.close()
        if self.log is not None:
            client = self.client[0] if self.client else "-"
            self.log(f"{client} - - {answer.status} {(time.perf_counter() - self._started) * 1000:.0f} ms")


def _listen(host: str, port: int, backlog: int) -> socket.socket:
    """The listening socket. Its protocol is named (IPPROTO_TCP, not 0): asyncio turns Nagle's
    algorithm off (TCP_NODELAY) only on connections of such a socket, and with Nagle on, an answer
    written as headers then body waits for the client's delayed ACK, 40 ms on Linux."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if hasattr(socket, "SO_REUSEADDR") and sys.platform != "win32":
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        listener.bind((host.strip("[]"), port))
        listener.listen(backlog)
    except BaseException:
        listener.close()
        raise
    return listener


def _quiet_loggers() -> None:
    """uvicorn's and asyncio's log records go nowhere: the terminal is the user's (the guard logs)."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi", "asyncio"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())


class _Server(uvicorn.Server):
    def run(self, sockets: list[socket.socket] | None = None) -> None:
        """As uvicorn's `run`, but a stop that comes before the serving coroutine starts (SIGTERM or
        Ctrl+C just after the first line) closes the coroutine: left never awaited, it printed a
        RuntimeWarning on the user's terminal."""
        serving = self.serve(sockets=sockets)
        try:
            with asyncio.Runner(loop_factory=self.config.get_loop_factory()) as runner:
                runner.run(serving)
        finally:
            serving.close()  # a no-op once it has run

    async def on_tick(self, counter: int) -> bool:
        """uvicorn's check, every tenth of a second, whether to stop; also when a SIGTERM came
        before uvicorn took the signal over and the exception it raised was dropped on the way
        (raised inside an import's weakref callback: the server then served on, deaf to it)."""
        if Terminated.requested:
            self.should_exit = True
        return await super().on_tick(counter)


class SelfCheckServer:
    """`cartagena serve`'s server: listens at once (so the port is known and a taken port is an
    OSError here), serves with `serve_forever()` (Ctrl+C stops it) or `start()` in a thread."""

    def __init__(
        self,
        address: tuple[str, int],
        app: SelfCheck,
        page: Callable[[str], str],
        default_lang: str = "en",
        *,
        limits: Limits = Limits(),
        names: tuple[str, ...] = (),
        log: Callable[[str], None] | None = None,
    ):
        host, port = address
        self.app = app
        self.loopback = is_loopback(host)
        self.socket = _listen(host, port, limits.backlog)
        self.server_address: tuple[str, int] = self.socket.getsockname()[:2]
        machine = {socket.gethostname().lower(), socket.getfqdn().lower()} if not self.loopback else set()
        self.policy = Policy(
            port=self.server_address[1],
            names=frozenset({name.lower().rstrip(".") for name in names} | machine),
            default_lang=default_lang,
            max_body=limits.max_body,
            max_in_flight=limits.max_in_flight,
            log=log,
        )
        self.site = Site(app, page, default_lang)
        protocol = type("SelfCheckProtocol", (Protocol,), {"limits": limits, "default_lang": default_lang, "log": staticmethod(log) if log else None})
        _quiet_loggers()
        config = uvicorn.Config(
            Guard(build(self.site), self.policy), http=protocol, loop="asyncio", ws="none", lifespan="off", interface="asgi3",
            log_config=None, access_log=False, proxy_headers=False, server_header=False,
            timeout_keep_alive=limits.keep_alive, timeout_graceful_shutdown=3, backlog=limits.backlog,
            h11_max_incomplete_event_size=limits.max_header_bytes,
        )
        self.server = _Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"

    @property
    def names(self) -> list[str]:
        """The host names this server answers to besides the loopback names and IP addresses."""
        return sorted(self.policy.names)

    def serve_forever(self) -> None:
        """Serves until Ctrl+C (KeyboardInterrupt after a graceful stop) or SIGTERM."""
        self.server.run(sockets=[self.socket])

    def start(self) -> None:
        """Serves in a background thread; returns once the server accepts connections."""
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True, name="cartagena-serve-http")
        self._thread.start()
        while not self.server.started and self._thread.is_alive():
            time.sleep(0.01)

    def shutdown(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)

    def server_close(self) -> None:
        self.socket.close()
        self.site.close()
