"""What `cartagena serve` writes on the focal point's terminal: its address, then at most one line
per request (none with --quiet), whatever the clients do: a browser that closes the tab in the
middle of an answer, a request cut in half, bytes that are not HTTP. Never a traceback. HEAD is
answered on every GET route."""

from __future__ import annotations

import re
import socket
import struct
import time

import pytest

from tests.test_serve_load import load

REQUEST_LINE = re.compile(r"^cartagena serve: (?:127\.0\.0\.1|-) (?:GET|HEAD|POST|PUT|-) \S+ (?:\d{3}|-) \d+ ms$")


def rude_clients(port: int) -> int:
    """Clients that go away, or never speak HTTP: how many requests they make."""
    host = f"127.0.0.1:{port}"
    # the page asked for, and the connection reset at once: the answer's write fails
    for _ in range(3):
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
    # half a request, then gone
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(f"POST /api/check HTTP/1.1\r\nHost: {host}\r\nContent-Length: 50\r\n\r\n{{".encode())
    # not HTTP at all
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello TLS\r\n\r\n")
        connection.settimeout(10)
        while connection.recv(65536):
            pass
    time.sleep(0.5)
    return 5


def polite_clients(port: int) -> int:
    import http.client

    host = f"127.0.0.1:{port}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for method, path in (("GET", "/"), ("HEAD", "/"), ("HEAD", "/static/app.js"), ("GET", "/static/style.css")):
        connection.request(method, path, headers={"Host": host})
        response = connection.getresponse()
        assert response.status == 200 and (response.read() == b"") == (method == "HEAD")
    connection.request("POST", "/api/check", body=b"{}", headers={"Host": host, "Content-Type": "application/json", "X-Cartagena-Request": "1"})
    assert connection.getresponse().read()
    connection.close()
    return 5


@pytest.mark.parametrize("quiet", [False, True])
def test_one_line_per_request_at_most_and_never_a_traceback(quiet: bool) -> None:
    server = load.start(*(["--quiet"] if quiet else []))
    try:
        polite = polite_clients(server.port)
        rude = rude_clients(server.port)
    finally:
        out, err = server.stop()
    assert "Traceback" not in err and "Error" not in err, err
    assert server.first_line.startswith("cartagena serve: the self-check is at ")
    assert out == "cartagena serve: stopped\n"
    lines = err.splitlines()
    if quiet:
        assert lines == []
    else:
        assert [line for line in lines if not REQUEST_LINE.match(line)] == []
        assert polite <= len(lines) <= polite + rude, lines
        assert "cartagena serve: 127.0.0.1 HEAD /static/app.js 200" in err


def test_a_stop_before_serving_starts_leaves_no_warning_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM (or Ctrl+C) just after `serve`'s first line, before its event loop runs: the serving
    coroutine is closed, not left never awaited (uvicorn's own `run` printed "RuntimeWarning:
    coroutine 'Server.serve' was never awaited" on the user's terminal; seen once in .ci/run)."""
    import asyncio
    import gc
    import warnings

    from engine.exit_codes import Terminated
    from tests.servekit import start, stop

    class StoppedFirst:
        def __init__(self, **_: object) -> None:
            raise Terminated()

    running = start()
    try:
        monkeypatch.setattr(asyncio, "Runner", StoppedFirst)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(Terminated):
                running.server.server.run(sockets=[])
            gc.collect()
    finally:
        monkeypatch.undo()
        stop(running)
    assert [str(warning.message) for warning in caught if "never awaited" in str(warning.message)] == []


def test_a_sigterm_whose_exception_was_dropped_still_stops_the_server() -> None:
    """A SIGTERM can land inside an import's weakref callback, where Python prints "Exception
    ignored" and drops the Terminated it raised (seen in a loaded test run: `serve` then served on,
    deaf to it). The handler's record of it stops the server on its next tick."""
    from engine.exit_codes import Terminated
    from tests.servekit import start, stop

    running = start()
    thread = running.server._thread
    assert thread is not None and thread.is_alive()
    try:
        Terminated.requested = True  # what the handler records before raising
        thread.join(timeout=10)
        assert not thread.is_alive()
    finally:
        Terminated.requested = False
        stop(running)
