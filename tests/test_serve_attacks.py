"""Attacks on `cartagena serve`'s HTTP layer, request by request, over raw sockets (a server started
in-process on port 0, `--save-dir` a folder of this module):

- desync: a refused request whose body is a whole `POST /api/save`, for every refusal the server
  makes before it reads a body; and a save pipelined after a refusal. Neither may save anything,
  and the refused connection must be closed after exactly one answer;
- DNS rebinding in every bind mode (loopback IPv4 and IPv6, every interface, a LAN address): a
  foreign Host is refused, reading and saving;
- hostile Content-Length values (other scripts' digits, 4,300+ digits, signs, lists) and
  duplicate Host, Origin and Content-Type headers: a 4xx with a JSON message, never a 500.

The slow and crowded clients are in test_serve_load.py, the browser's cross-origin requests in
test_serve_cross_origin_browser.py."""

from __future__ import annotations

import http.client
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.clirun import ROOT
from tests.servekit import Running, save_dir, saving_server, serving  # noqa: F401  (fixtures)

SAMPLE = json.loads((ROOT / "profiles" / "sampleland-no-competent-national-authority.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(saving_server: Running) -> Running:
    return saving_server


def exchange(port: int, data: bytes, address: str = "127.0.0.1", timeout: float = 5.0) -> tuple[bytes, bool]:
    """Sends `data` on a new connection and reads what comes back: (the bytes, whether the server
    closed the connection within `timeout` seconds of its last byte)."""
    answer = b""
    with socket.create_connection((address, port), timeout=timeout) as connection:
        connection.sendall(data)
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except TimeoutError:
            return answer, False
        except ConnectionResetError:
            return answer, True
    return answer, True


def answers(data: bytes) -> list[int]:
    """The status of every answer in `data` (a connection's whole output)."""
    statuses = []
    rest = data
    while rest.startswith(b"HTTP/1.1 "):
        head, _, rest = rest.partition(b"\r\n\r\n")
        statuses.append(int(head[9:12]))
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
        rest = rest[length:]
    return statuses


def body_of(data: bytes) -> Any:
    return json.loads(data.partition(b"\r\n\r\n")[2].decode("utf-8"))


def save_request(port: int, code: str) -> bytes:
    """A complete `POST /api/save` of a valid profile whose file would be `<code>-profile.json`: the
    request a cross-site page smuggles in the body of one the server refuses."""
    profile = json.loads(json.dumps(SAMPLE))
    profile["party"]["code"] = code
    body = json.dumps(profile).encode()
    head = (f"POST /api/save HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"X-Cartagena-Request: 1\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def request(method: str, target: str, headers: list[tuple[str, str]], body: bytes = b"") -> bytes:
    lines = [f"{method} {target} HTTP/1.1", *(f"{name}: {value}" for name, value in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


def _chunked(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n0\r\n\r\n"


# Each refusal the server makes before reading a body: (name, status, how the request is made).
# `h` is the right Host, `s` the smuggled save; the refused request carries it as its body.
REFUSALS = [
    ("foreign Origin, text/plain (the audit's case)", 403, lambda h, s: request(
        "POST", "/api/check", [("Host", h), ("Origin", "http://evil.example"), ("Content-Type", "text/plain"), ("Content-Length", str(len(s)))], s)),
    ("cross-site Sec-Fetch-Site", 403, lambda h, s: request(
        "POST", "/api/check", [("Host", h), ("Sec-Fetch-Site", "cross-site"), ("Content-Type", "application/json"),
                               ("X-Cartagena-Request", "1"), ("Content-Length", str(len(s)))], s)),
    ("no page header", 403, lambda h, s: request(
        "POST", "/api/save", [("Host", h), ("Content-Type", "application/json"), ("Content-Length", str(len(s)))], s)),
    ("rebound Host", 403, lambda h, s: request(
        "POST", "/api/save", [("Host", "rebind.example:" + h.split(":")[1]), ("Content-Type", "application/json"),
                              ("X-Cartagena-Request", "1"), ("Content-Length", str(len(s)))], s)),
    ("unknown endpoint", 404, lambda h, s: request(
        "POST", "/api/nowhere", [("Host", h), ("Content-Type", "application/json"), ("X-Cartagena-Request", "1"), ("Content-Length", str(len(s)))], s)),
    ("method not allowed", 405, lambda h, s: request("PUT", "/api/save", [("Host", h), ("Content-Length", str(len(s)))], s)),
    ("GET on a POST route, with a body", 400, lambda h, s: request("GET", "/api/check", [("Host", h), ("Content-Length", str(len(s)))], s)),
    ("GET of the page, with a body", 400, lambda h, s: request("GET", "/", [("Host", h), ("Content-Length", str(len(s)))], s)),
    ("wrong content type", 415, lambda h, s: request(
        "POST", "/api/check", [("Host", h), ("Content-Type", "text/plain"), ("X-Cartagena-Request", "1"), ("Content-Length", str(len(s)))], s)),
    ("a language that is none of the six", 400, lambda h, s: request(
        "POST", "/api/check?lang=xx", [("Host", h), ("Content-Type", "application/json"), ("X-Cartagena-Request", "1"), ("Content-Length", str(len(s)))], s)),
    ("Host given twice", 400, lambda h, s: request(
        "POST", "/api/check", [("Host", h), ("Host", "evil.example"), ("Content-Type", "application/json"), ("X-Cartagena-Request", "1"),
                               ("Content-Length", str(len(s)))], s)),
    ("chunked", 411, lambda h, s: request(
        "POST", "/api/check", [("Host", h), ("Content-Type", "application/json"), ("X-Cartagena-Request", "1"), ("Transfer-Encoding", "chunked")],
        _chunked(s))),
    ("over the size limit", 413, lambda h, s: request(
        "POST", "/api/check", [("Host", h), ("Content-Type", "application/json"), ("X-Cartagena-Request", "1"), ("Content-Length", "2000000")], s)),
]


@pytest.mark.parametrize("index", range(len(REFUSALS)), ids=[name for name, _, _ in REFUSALS])
def test_a_refused_request_carrying_a_save_saves_nothing_and_closes(server: Running, save_dir: Path, index: int) -> None:
    name, status, make = REFUSALS[index]
    code = "XA" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]
    smuggled = save_request(server.port, code)
    data, closed = exchange(server.port, make(server.host, smuggled + save_request(server.port, code)))
    assert answers(data) == [status], data[:600]
    assert "message" in body_of(data) and b"Traceback" not in data
    assert closed, f"{name}: the connection stayed open after the refusal"
    assert not (save_dir / f"{code.lower()}-profile.json").exists(), f"{name}: the smuggled save was written"


def test_a_save_pipelined_after_a_refusal_is_not_served(server: Running, save_dir: Path) -> None:
    refused = request("POST", "/api/check", [("Host", server.host), ("Origin", "http://evil.example"), ("Content-Type", "application/json"),
                                             ("X-Cartagena-Request", "1"), ("Content-Length", "2")], b"{}")
    data, closed = exchange(server.port, refused + save_request(server.port, "XPA"))
    assert answers(data) == [403] and closed
    assert not (save_dir / "xpa-profile.json").exists()
    # the same save on its own connection is served: what refused it above was the refusal before it
    data, _ = exchange(server.port, save_request(server.port, "XPB"))
    assert answers(data)[:1] == [200] and (save_dir / "xpb-profile.json").exists()


# --- DNS rebinding, in every bind mode --------------------------------------------------------------


def _lan_address() -> str | None:
    """This machine's address on its network, if it has one (a UDP connect sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet leaves
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


MODES = {
    "loopback": ("127.0.0.1", "127.0.0.1"),
    "loopback IPv6": ("::1", "::1"),
    "every interface (--allow-remote)": ("0.0.0.0", "127.0.0.1"),
    "every interface, reached at the LAN address": ("0.0.0.0", "lan"),
    "a LAN address (--allow-remote)": ("lan", "lan"),
}


def _http(address: str, port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(address, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("mode", MODES)
def test_a_rebound_host_is_refused_in_every_bind_mode(mode: str, tmp_path: Path) -> None:
    bind, reach = MODES[mode]
    lan = _lan_address()
    if "lan" in (bind, reach) and lan is None:
        pytest.skip("this machine has no address besides loopback")
    if bind == "::1" and not _ipv6_loopback():
        pytest.skip("no IPv6 loopback here")
    bind, reach = (lan if bind == "lan" else bind), (lan if reach == "lan" else reach)
    assert bind is not None and reach is not None
    shown = f"[{reach}]" if ":" in reach else reach
    for running in serving(save_dir=tmp_path, host=bind):
        port = running.port
        rebound = f"rebind.example:{port}"
        # the page, read by a page of the rebound name: refused
        status, body = _http(reach, port, "GET", "/", {"Host": rebound})
        assert status == 403 and "is not this server" in json.loads(body)["message"]
        # a save from that page: same-origin for the browser, every header right but the name
        profile = json.dumps(SAMPLE).encode()
        headers = {"Host": rebound, "Origin": f"http://{rebound}", "Sec-Fetch-Site": "same-origin",
                   "Content-Type": "application/json", "X-Cartagena-Request": "1"}
        status, body = _http(reach, port, "POST", "/api/save", headers, profile)
        assert status == 403 and list(tmp_path.iterdir()) == []
        # a name with this server's port is not enough, nor this server's address with another port
        assert _http(reach, port, "GET", "/", {"Host": f"{shown}:{port + 1 if port < 65535 else 1}"})[0] == 403
        # the address the connection arrived at, and the loopback names, are served
        assert _http(reach, port, "GET", "/", {"Host": f"{shown}:{port}"})[0] == 200
        status, _ = _http(reach, port, "POST", "/api/save", {**headers, "Host": f"{shown}:{port}", "Origin": f"http://{shown}:{port}"}, profile)
        assert status == 200 and [path.name for path in tmp_path.iterdir()] == ["xsa-profile.json"]


def test_a_name_given_with_allow_host_is_served_and_no_other(tmp_path: Path) -> None:
    for running in serving(names=("biosafety.example.org",)):
        assert running.request("GET", "/", headers={"Host": f"biosafety.example.org:{running.port}"})[0] == 200
        assert running.request("GET", "/", headers={"Host": f"BIOSAFETY.example.org:{running.port}"})[0] == 200
        assert running.request("GET", "/", headers={"Host": f"evil.biosafety.example.org:{running.port}"})[0] == 403


# --- hostile Content-Length values and duplicate headers --------------------------------------------


@pytest.mark.parametrize(
    "length",
    ["١٢", "²", "1" * 4301, "9" * 23, "-1", "+12", "0x10", "1e3", "12 34", "", "5, 6", "\u00a012"],
    ids=["arabic-indic digits", "superscript two", "4301 digits", "23 digits", "negative", "plus sign", "hexadecimal", "exponent",
         "space inside", "empty", "a list", "no-break space"],
)
def test_a_hostile_content_length_gets_a_4xx_with_a_json_message(server: Running, length: str) -> None:
    data, closed = exchange(server.port, request(
        "POST", "/api/check", [("Host", server.host), ("Content-Type", "application/json"), ("X-Cartagena-Request", "1"),
                               ("Content-Length", length)], b"{}"))
    (status,) = answers(data)
    assert 400 <= status < 500 and closed, data[:400]
    assert body_of(data)["message"] and b"Traceback" not in data
    assert server.request("GET", "/static/style.css")[0] == 200  # the server is still there


@pytest.mark.parametrize(
    "headers, status",
    [
        ([("Host", "{host}"), ("Host", "rebind.example:{port}")], 400),
        ([("Host", "rebind.example:{port}"), ("Host", "{host}")], 400),
        ([("Host", "{host}"), ("Origin", "http://{host}"), ("Origin", "http://evil.example")], 400),
        ([("Host", "{host}"), ("Content-Type", "application/json"), ("Content-Type", "text/plain")], 400),
        ([("Host", "{host}"), ("Content-Length", "2"), ("Content-Length", "3")], 400),
        ([("Host", "{host}"), ("X-Cartagena-Request", "1"), ("X-Cartagena-Request", "1")], 400),
        ([("Host", "{host}"), ("Sec-Fetch-Site", "same-origin"), ("Sec-Fetch-Site", "cross-site")], 400),
    ],
    ids=["Host twice, good first", "Host twice, good last", "Origin twice", "Content-Type twice", "Content-Length twice, differing",
         "page header twice", "Sec-Fetch-Site twice"],
)
def test_a_header_that_must_be_single_is_refused_when_given_twice(server: Running, headers: list[tuple[str, str]], status: int) -> None:
    base = [("Content-Type", "application/json"), ("X-Cartagena-Request", "1"), ("Content-Length", "2")]
    given = [(name, value.format(host=server.host, port=server.port)) for name, value in headers]
    names = {name for name, _ in given}
    data, closed = exchange(server.port, request("POST", "/api/check", given + [pair for pair in base if pair[0] not in names], b"{}"))
    assert answers(data) == [status] and closed, data[:400]
    assert body_of(data)["message"]
