"""A bounded load test of `cartagena serve`, shared by the benchmark (`bench/run.py`, its `serve`
phase) and the tests (tests/test_serve_load.py): a real `cartagena serve` process, and clients
that open connections the way browsers and attackers do.

- `burst`: new connections, one request each, `concurrency` at a time: per-connection latency
  (connect to the last byte) and every failure (reset, refused, timed out) counted, not hidden.
- `keep_alive`: `POST /api/check` again and again on one kept-open connection, as the page does.
- `large_burst`: `count` requests of about 1 MiB at once, and the server's RSS before and after.

    python bench/serve_load.py        # the figures of one run, as JSON
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "profiles" / "sampleland-no-competent-national-authority.json"
PAGE_HEADER = ("X-Cartagena-Request", "1")


@dataclass
class Server:
    """A `cartagena serve` process listening on a free port."""

    process: subprocess.Popen[str]
    port: int
    first_line: str

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def rss_mib(self) -> float:
        """The process's resident memory now (Linux: /proc/PID/status)."""
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def stop(self) -> tuple[str, str]:
        """Stops the server (Ctrl+C, as a person would): the rest of its stdout, and its stderr."""
        if self.process.poll() is None:
            self.process.send_signal(2)
        try:
            return self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.communicate()


def start(*options: str, argv: list[str] | None = None, cwd: Path = REPO, env: dict[str, str] | None = None) -> Server:
    """`cartagena serve --port 0 --engine python OPTIONS` (or `argv`), once it prints its address."""
    command = argv or [sys.executable, str(cwd / "cli.py"), "serve", "--port", "0", "--engine", "python", *options]
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if match is None:
        process.kill()
        raise RuntimeError(f"cartagena serve did not start: {line}{process.communicate()[1]}")
    return Server(process, int(match.group(1)), line)


@dataclass
class Burst:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else float("nan")

    def figures(self) -> dict[str, Any]:
        count = len(self.latencies_ms)
        return {
            "connections": count + sum(self.failures.values()),
            "answered": count,
            "statuses": self.statuses,
            "failures": self.failures,
            "seconds": self.seconds,
            "connections_per_s": count / self.seconds if self.seconds else None,
            "p50_ms": self.percentile(0.50),
            "p95_ms": self.percentile(0.95),
            "p99_ms": self.percentile(0.99),
            "max_ms": max(self.latencies_ms, default=float("nan")),
        }


def _one_connection(port: int, request: bytes, timeout: float) -> tuple[float, str]:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, answer[9:12].decode("ascii", "replace") if answer.startswith(b"HTTP/1.1 ") else "no answer"


def burst(port: int, connections: int = 500, concurrency: int = 50, path: str = "/static/style.css", timeout: float = 10.0) -> Burst:
    """`connections` new connections, `concurrency` at a time, all threads released together; each
    sends one request (`Connection: close`) and reads the answer to its end."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    result = Burst()
    lock = threading.Lock()
    gate = threading.Barrier(concurrency)
    shares = [connections // concurrency + (1 if index < connections % concurrency else 0) for index in range(concurrency)]

    def client(share: int) -> None:
        gate.wait()
        for _ in range(share):
            try:
                elapsed, status = _one_connection(port, request, timeout)
            except OSError as exc:  # reset, refused, timed out: each counted by its kind
                with lock:
                    result.failures[type(exc).__name__] = result.failures.get(type(exc).__name__, 0) + 1
                continue
            with lock:
                result.latencies_ms.append(elapsed)
                result.statuses[status] = result.statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def keep_alive(port: int, requests: int = 200, body: bytes | None = None) -> dict[str, Any]:
    """`POST /api/check` `requests` times on one connection (after one warm-up): latencies. The
    client sets TCP_NODELAY, as browsers do."""
    body = body if body is not None else SAMPLE.read_bytes()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.connect()
    # as a browser does: no Nagle delay on the client's side, so the figure is the server's
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json", PAGE_HEADER[0]: PAGE_HEADER[1]}
    latencies = []
    try:
        for index in range(requests + 1):
            started = time.perf_counter()
            connection.request("POST", "/api/check", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200 or response.getheader("Connection") == "close":
                raise RuntimeError(f"POST /api/check answered {response.status}")
            if index:
                latencies.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    ordered = sorted(latencies)
    return {
        "requests": requests,
        "requests_per_s": requests / (sum(latencies) / 1000),
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[round(0.95 * len(ordered)) - 1],
        "p99_ms": ordered[round(0.99 * len(ordered)) - 1],
    }


def large_body(size: int = 1024 * 1024 - 1024) -> bytes:
    """About `size` bytes of JSON the server must parse whole before it can refuse it (an array of
    small objects, not a profile): the most objects a request of that size can make."""
    item = b'{"note": "n"}'
    count = (size - 2) // (len(item) + 2)
    return b"[" + b", ".join([item] * count) + b"]"


def large_burst(server: Server, count: int = 20, size: int = 1024 * 1024 - 1024, settle: float = 1.0) -> dict[str, Any]:
    """`count` requests of `size` bytes sent at once to `POST /api/check`: statuses, failures, and
    the server's RSS when idle (after the page and one check), at its peak, and `settle` seconds after."""
    headers = {"Host": server.host, "Content-Type": "application/json", PAGE_HEADER[0]: PAGE_HEADER[1]}
    warm = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    warm.request("GET", "/", headers={"Host": server.host})
    warm.getresponse().read()
    warm.request("POST", "/api/check", body=SAMPLE.read_bytes(), headers=headers)
    warm.getresponse().read()
    warm.close()
    time.sleep(0.2)
    idle = server.rss_mib()
    body = large_body(size)
    statuses: dict[str, int] = {}
    peak = [idle]
    done = threading.Event()
    lock = threading.Lock()

    def post() -> None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
            connection.request("POST", "/api/check", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            outcome = str(response.status)
        except OSError as exc:
            outcome = type(exc).__name__
        with lock:
            statuses[outcome] = statuses.get(outcome, 0) + 1

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], server.rss_mib())
            done.wait(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    clients = [threading.Thread(target=post) for _ in range(count)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    seconds = time.perf_counter() - started
    time.sleep(settle)
    done.set()
    watcher.join()
    after = server.rss_mib()
    return {"requests": count, "bytes_each": len(body), "statuses": statuses, "seconds": seconds,
            "rss_idle_mib": idle, "rss_peak_mib": peak[0], "rss_after_mib": after, "rss_after_over_idle": after / idle}


def measure(connections: int = 500, concurrency: int = 50, keep_alive_requests: int = 200) -> dict[str, Any]:
    """The figures of the benchmark's `serve` phase, from one fresh `cartagena serve --quiet`."""
    server = start("--quiet")
    try:
        figures = {
            "keep_alive_check": keep_alive(server.port, keep_alive_requests),
            "burst": burst(server.port, connections, concurrency).figures(),
            "large_burst": large_burst(server),
        }
    finally:
        server.stop()
    return figures


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
    sys.exit(0)
