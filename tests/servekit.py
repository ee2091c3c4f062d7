"""A `cartagena serve` server started in-process on a free port (port 0), for the HTTP and browser tests."""

from __future__ import annotations

import http.client
import json
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

from engine.commands.check import load_rules_and_catalog
from engine.serve.app import SelfCheck
from engine.serve.page import page_html
from engine.serve.server import Limits, SelfCheckServer

PAGE_HEADERS = {"X-Cartagena-Request": "1"}
"""The header the page sends with every POST (guard.py): without it a POST is refused."""


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

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def request(
        self, method: str, path: str, body: bytes | str | None = None, headers: dict[str, str | None] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """One request on a new connection: (status, headers with lower-case names, body). The Host
        and the page's request header are sent unless `headers` gives them (None: left out)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            data = body.encode("utf-8") if isinstance(body, str) else body
            given = {"Host": self.host, **PAGE_HEADERS, **(headers or {})}
            sent = {name: value for name, value in given.items() if value is not None}
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def raw(self, data: bytes, timeout: float = 30) -> bytes:
        """Sends `data` as it is on a new connection and reads until the server closes it."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as connection:
            connection.sendall(data)
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        return answer

    def announce(self, path: str, content_type: str, length: int) -> tuple[int, str]:
        """POST headers announcing a body of `length` bytes, and a little of it: the status and the
        whole answer (headers and body), which must come without the body being read."""
        answer = self.raw(
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: {content_type}\r\nX-Cartagena-Request: 1\r\n"
            f"Content-Length: {length}\r\n\r\n{{\"party\": ".encode()
        )
        text = answer.decode("utf-8")
        return int(text.split(" ", 2)[1]), text

    def post_json(self, path: str, data: Any, headers: dict[str, str | None] | None = None) -> tuple[int, Any]:
        raw = data if isinstance(data, (bytes, str)) else json.dumps(data)
        status, answer_headers, body = self.request("POST", path, raw, {"Content-Type": "application/json", **(headers or {})})
        return status, json.loads(body) if answer_headers.get("content-type", "").startswith("application/json") else body.decode()


def start(
    initial: dict[str, Any] | None = None, save_dir: Path | None = None, engine: str = "auto", lang: str = "en",
    host: str = "127.0.0.1", limits: Limits = Limits(), names: tuple[str, ...] = (),
) -> Running:
    catalog, rulebook = load_rules_and_catalog("serve")
    app = SelfCheck(catalog, rulebook, engine, save_dir=save_dir)
    server = SelfCheckServer((host, 0), app, lambda page_lang: page_html(app, initial or {}, page_lang), default_lang=lang,
                             limits=limits, names=names)
    server.start()
    return Running(server, app)


def stop(running: Running) -> None:
    running.server.shutdown()
    running.server.server_close()
    running.app.close()


def serving(initial: dict[str, Any] | None = None, save_dir: Path | None = None, lang: str = "en", **options: Any) -> Iterator[Running]:
    running = start(initial, save_dir, lang=lang, **options)
    try:
        yield running
    finally:
        stop(running)


@pytest.fixture(scope="module")
def save_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of the test module for `--save-dir`."""
    return tmp_path_factory.mktemp("saved")


@pytest.fixture(scope="module")
def saving_server(save_dir: Path) -> Iterator[Running]:
    """A server of the test module that saves into `save_dir`."""
    yield from serving(save_dir=save_dir)


def from_file_menu(browser: Any, ident: str) -> None:
    """Opens the page's File menu (if closed) and clicks its item `ident`, as a person would."""
    from selenium.webdriver.common.by import By

    menu = browser.find_element(By.ID, "file-menu")
    if menu.get_attribute("open") is None:
        menu.find_element(By.TAG_NAME, "summary").click()
    browser.find_element(By.ID, ident).click()
