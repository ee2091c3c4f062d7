"""`cartagena serve` under slow and crowded clients: bounded, never stalled.

- a client that sends its headers, or its body, a byte at a time is answered 408 and closed when
  the whole-request timeout is up (2 s here, 30 s by default), while others are served;
- 200 idle sockets (silent, or half a request line) take no thread each, do not stop the page from
  being served, and are closed by the server;
- a burst of 500 new connections (50 clients at once, one request each) is answered without a
  reset or a refused connection, and without the 1-3 s stalls of a full listen queue (p99 under
  300 ms: a full queue drops connections that the client retries after 1 s);
- 20 requests of 1 MiB at once leave the server's memory within 1.5x of its idle figure.

The burst and the memory run against a real `cartagena serve` process (bench/serve_load.py, the
same clients as the benchmark's `serve` phase); the rest against a server in this process. These
are bounds of behaviour (a stall is seconds, a leak is hundreds of MiB), not speed measurements:
speed is the benchmark's (`bench/run.py`)."""

from __future__ import annotations

import json
import selectors
import socket
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from engine.serve.server import Limits
from tests.benchkit import bench_module
from tests.clirun import ROOT
from tests.servekit import Running, serving

TIMEOUT = 2.0
"""The whole-request timeout of the in-process server here (the default is 30 s)."""
PATIENCE = 20.0
"""How long a test waits for the server to close a connection it should close after TIMEOUT."""


load = bench_module("serve_load")


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    yield from serving(limits=Limits(request_timeout=TIMEOUT))


def drip(port: int, head: bytes, trickle: bytes, interval: float = 0.2) -> tuple[bytes, bool]:
    """Sends `head`, then `trickle` one byte every `interval` seconds (over and over) while reading:
    (what the server answered, whether it closed the connection within PATIENCE seconds)."""
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(head)
        connection.setblocking(False)
        end = time.monotonic() + PATIENCE
        index = 0
        while time.monotonic() < end:
            try:
                connection.send(trickle[index % len(trickle): index % len(trickle) + 1])
                index += 1
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                pass
            with selectors.DefaultSelector() as selector:
                selector.register(connection, selectors.EVENT_READ)
                if selector.select(interval):
                    try:
                        chunk = connection.recv(65536)
                    except ConnectionResetError:
                        return answer, True
                    if not chunk:
                        return answer, True
                    answer += chunk
    return answer, False


def _served_meanwhile(running: Running, results: list[int]) -> None:
    time.sleep(0.5)
    results.append(running.request("GET", "/static/style.css")[0])
    results.append(running.post_json("/api/check", (ROOT / "profiles" / "sampleland-no-competent-national-authority.json").read_bytes())[0])


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_client_that_sends_a_byte_at_a_time_is_cut_off_at_the_request_timeout(server: Running, part: str) -> None:
    if part == "headers":
        head = f"GET / HTTP/1.1\r\nHost: {server.host}\r\n".encode()
        trickle = b"X-Slow: aaaaaaaaaaaaaaaa\r\n"
    else:
        head = (f"POST /api/check HTTP/1.1\r\nHost: {server.host}\r\nContent-Type: application/json\r\nX-Cartagena-Request: 1\r\n"
                f"Content-Length: 100000\r\n\r\n").encode()
        trickle = b" "
    served: list[int] = []
    other = threading.Thread(target=_served_meanwhile, args=(server, served))
    other.start()
    answer, closed = drip(server.port, head, trickle)
    other.join()
    assert closed, f"the server still read the slow {part} after {PATIENCE:g} s"
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    message = json.loads(answer.partition(b"\r\n\r\n")[2])["message"]
    assert message == "the request did not arrive whole within 2 seconds; send it again"
    assert served == [200, 200]  # the others were served all the while


def test_a_client_that_stops_reading_its_answers_is_dropped(server: Running) -> None:
    """Ten pages asked for at once (4.5 MB of answers) on a connection whose reader never reads: the
    answers fill the socket's buffers, and the server drops the connection when the timeout is up."""
    with socket.socket() as connection:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        connection.connect(("127.0.0.1", server.port))
        connection.sendall(f"GET / HTTP/1.1\r\nHost: {server.host}\r\n\r\n".encode() * 10)
        time.sleep(TIMEOUT + 2)
        connection.settimeout(PATIENCE)
        received, ended = 0, False
        try:
            while chunk := connection.recv(1 << 20):
                received += len(chunk)
            ended = True
        except ConnectionResetError:
            ended = True
        except TimeoutError:
            pass
    page = len(server.request("GET", "/")[2])
    assert ended and received < 10 * page, (ended, received, 10 * page)


def test_200_idle_sockets_take_no_thread_stop_nothing_and_are_closed(server: Running) -> None:
    threads_before = threading.active_count()
    sockets = []
    try:
        for index in range(200):
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            if index % 2:
                connection.sendall(b"GET / HTT")  # half a request line
            sockets.append(connection)
        time.sleep(0.3)
        # the page is served while they wait, and no thread was started for them
        assert server.request("GET", "/")[0] == 200
        assert server.post_json("/api/check", (ROOT / "profiles" / "sampleland-no-competent-national-authority.json").read_bytes())[0] == 200
        assert threading.active_count() - threads_before <= 5, threading.active_count() - threads_before
        # each is closed by the server (a half request gets its 408 first)
        open_ = set(range(len(sockets)))
        answers: dict[int, bytes] = {}
        end = time.monotonic() + PATIENCE
        with selectors.DefaultSelector() as selector:
            for index, connection in enumerate(sockets):
                connection.setblocking(False)
                selector.register(connection, selectors.EVENT_READ, index)
            while open_ and time.monotonic() < end:
                for key, _ in selector.select(0.5):
                    try:
                        chunk = key.fileobj.recv(65536)  # type: ignore[union-attr]
                    except ConnectionResetError:
                        chunk = b""
                    if chunk:
                        answers[key.data] = answers.get(key.data, b"") + chunk
                    else:
                        open_.discard(key.data)
                        selector.unregister(key.fileobj)
        assert not open_, f"{len(open_)} idle sockets still open after {PATIENCE:g} s"
        assert all(answers.get(index, b"").startswith(b"HTTP/1.1 408 ") for index in range(1, 200, 2))
        assert not any(index in answers for index in range(0, 200, 2))  # a silent socket is closed without a word
    finally:
        for connection in sockets:
            connection.close()


def test_a_burst_of_500_new_connections_is_answered_without_reset_or_stall() -> None:
    running = load.start("--quiet")
    try:
        for attempt in range(2):  # a busy machine may stretch one run; a full listen queue fails both
            burst = load.burst(running.port, connections=500, concurrency=50)
            figures = burst.figures()
            assert figures["failures"] == {} and figures["statuses"] == {"200": 500}, figures
            if figures["p99_ms"] < 300:
                break
        assert figures["p99_ms"] < 300, figures
    finally:
        assert "Traceback" not in running.stop()[1]


def test_20_requests_of_1_mib_at_once_leave_memory_within_1_5x_of_idle() -> None:
    running = load.start("--quiet")
    try:
        figures = load.large_burst(running, count=20)
    finally:
        assert "Traceback" not in running.stop()[1]
    assert figures["statuses"] == {"400": 20}, figures  # each parsed whole, then refused: not a profile
    assert figures["rss_after_over_idle"] <= 1.5, figures


def test_the_load_client_counts_a_refused_connection_as_a_failure(tmp_path: Path) -> None:
    """The burst's client cannot pass by hiding failures: a port nobody listens on is all failures."""
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    burst = load.burst(port, connections=20, concurrency=5, timeout=2)
    assert burst.figures()["failures"] == {"ConnectionRefusedError": 20} and burst.latencies_ms == []


def test_connections_and_requests_in_progress_are_capped_with_a_503() -> None:
    for running in serving(limits=Limits(max_connections=3, max_in_flight=1, request_timeout=TIMEOUT)):
        # one request in progress: its body is announced and not sent, so the route waits for it
        waiting = socket.create_connection(("127.0.0.1", running.port), timeout=10)
        waiting.sendall((f"POST /api/check HTTP/1.1\r\nHost: {running.host}\r\nContent-Type: application/json\r\n"
                         f"X-Cartagena-Request: 1\r\nContent-Length: 10\r\n\r\n{{").encode())
        time.sleep(0.3)
        status, headers, body = running.request("GET", "/static/style.css")
        assert status == 503 and headers["retry-after"] == "1" and headers["connection"] == "close"
        assert json.loads(body) == {"message": "cartagena serve is busy with other requests; try again in a moment"}
        # three connections open: the fourth is answered 503 and closed at once
        idle = [socket.create_connection(("127.0.0.1", running.port), timeout=10) for _ in range(2)]
        time.sleep(0.3)
        with socket.create_connection(("127.0.0.1", running.port), timeout=10) as fourth:
            answer = b""
            while chunk := fourth.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 503 ") and b"busy with other requests" in answer
        for connection in (waiting, *idle):
            connection.close()
        time.sleep(0.3)
        assert running.request("GET", "/static/style.css")[0] == 200  # served again once they are gone
