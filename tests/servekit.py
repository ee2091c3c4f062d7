"""A `cartagena serve` server started in-process on a free port (port 0), for the HTTP and browser tests."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from engine.commands.check import load_rules_and_catalog
from engine.serve.app import SelfCheck
from engine.serve.server import SelfCheckServer, page_html


@dataclass
class Running:
    server: SelfCheckServer
    app: SelfCheck

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return self.server.url

    def request(
        self, method: str, path: str, body: bytes | str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """One request on a new connection: (status, headers with lower-case names, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            data = body.encode("utf-8") if isinstance(body, str) else body
            connection.request(method, path, body=data, headers={"Host": f"127.0.0.1:{self.port}", **(headers or {})})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def announce(self, path: str, content_type: str, length: int) -> tuple[int, str]:
        """POST headers announcing a body of `length` bytes, and a little of it: the status and the
        whole answer (headers and body), which must come without the body being read."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as connection:
            connection.sendall(
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {length}\r\n\r\n{{\"party\": ".encode()
            )
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        text = answer.decode("utf-8")
        return int(text.split(" ", 2)[1]), text

    def post_json(self, path: str, data: Any) -> tuple[int, Any]:
        raw = data if isinstance(data, (bytes, str)) else json.dumps(data)
        status, headers, body = self.request("POST", path, raw, {"Content-Type": "application/json"})
        return status, json.loads(body) if headers.get("content-type", "").startswith("application/json") else body.decode()


def start(initial: dict[str, Any] | None = None, save_dir: Path | None = None, engine: str = "auto", lang: str = "en") -> Running:
    catalog, rulebook = load_rules_and_catalog("serve")
    app = SelfCheck(catalog, rulebook, engine, save_dir=save_dir)
    server = SelfCheckServer(("127.0.0.1", 0), app, lambda page_lang: page_html(app, initial or {}, page_lang), default_lang=lang)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Running(server, app)


def stop(running: Running) -> None:
    running.server.shutdown()
    running.server.server_close()
    running.app.close()


def serving(initial: dict[str, Any] | None = None, save_dir: Path | None = None, lang: str = "en") -> Iterator[Running]:
    running = start(initial, save_dir, lang=lang)
    try:
        yield running
    finally:
        stop(running)
