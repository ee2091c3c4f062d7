"""Cross-site writes into `cartagena serve --save-dir`, tried from a real browser (Debian's headless
Chromium, selenium): a page on another origin (http://localhost:<other port>, another site than
http://127.0.0.1:<port>), and an HTML file opened from disk (Origin: null), each try every way a
page can send a POST without the server's consent:

- `fetch(..., {mode: "no-cors"})` whose body is a whole raw `POST /api/save` (the desync);
- an HTML form with `enctype="text/plain"` whose body is the same raw request;
- `fetch` in CORS mode with JSON and the page's own header (a preflight the server never grants);
- `fetch` no-cors claiming `application/json` (the browser sends text/plain instead);
- `navigator.sendBeacon` with a JSON blob.

No profile may be saved. A same-origin request from the page itself, with the same browser, does
save: the test could see a save if one happened."""

from __future__ import annotations

import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.browserkit import wait_for
from tests.clirun import ROOT
from tests.servekit import Running, save_dir, saving_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.xdist_group("chromium")

SAMPLE = json.loads((ROOT / "profiles" / "sampleland-no-competent-national-authority.json").read_text(encoding="utf-8"))

ATTACK = """<!doctype html><html><head><meta charset="utf-8"><title>attacking</title></head><body>
<iframe name="sink"></iframe>
<form id="form" method="post" action="TARGET/api/save" enctype="text/plain" target="sink"><input id="field"></form>
<script>
var target = "TARGET", host = "HOST", prefix = "PREFIX";
function profile(code) {
  return JSON.stringify({party: {name: "Attacked " + code, code: code, as_of: "2024-01-01"}});
}
function raw(code) {
  var body = profile(code);
  return "POST /api/save HTTP/1.1\\r\\nHost: " + host + "\\r\\nContent-Type: application/json\\r\\nX-Cartagena-Request: 1\\r\\n" +
         "Content-Length: " + body.length + "\\r\\n\\r\\n" + body;
}
var tries = [];
function attempt(make) { try { tries.push(Promise.resolve(make()).catch(function () {})); } catch (e) { /* refused by the browser */ } }
// 1. the desync: a refused POST whose body is a whole save, twice over
attempt(function () {
  return fetch(target + "/api/check", {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"},
                                        body: raw(prefix + "A") + raw(prefix + "A")});
});
// 2. CORS with JSON and the page's header: needs a preflight the server never grants
attempt(function () {
  return fetch(target + "/api/save", {method: "POST", mode: "cors", headers: {"Content-Type": "application/json", "X-Cartagena-Request": "1"},
                                       body: profile(prefix + "B")});
});
// 3. no-cors claiming JSON: the browser drops what it may not send
attempt(function () {
  return fetch(target + "/api/save", {method: "POST", mode: "no-cors", headers: {"Content-Type": "application/json", "X-Cartagena-Request": "1"},
                                       body: profile(prefix + "C")});
});
// 4. a beacon
attempt(function () { return navigator.sendBeacon(target + "/api/save", new Blob([profile(prefix + "D")], {type: "application/json"})); });
// 5. a text/plain form whose body is a raw save: "name=value" with the "=" inside the JSON
(function () {
  var body = JSON.stringify({party: {name: "Attacked", code: prefix + "E", as_of: "2024-01-01"}, x: ""});
  var cut = body.length - 2, length = body.length + 1;
  var field = document.getElementById("field");
  field.name = "POST /api/save HTTP/1.1\\nHost: " + host + "\\nContent-Type: application/json\\nX-Cartagena-Request: 1\\n" +
               "Content-Length: " + length + "\\n\\n" + body.slice(0, cut);
  field.value = body.slice(cut);
  document.getElementById("form").submit();
})();
Promise.all(tries).then(function () { setTimeout(function () { document.title = "done"; }, 1500); });
</script></body></html>
"""


@pytest.fixture(scope="module")
def server(saving_server: Running) -> Running:
    return saving_server


def attack_page(server: Running, prefix: str) -> str:
    return (ATTACK.replace("TARGET", server.url.rstrip("/")).replace("HOST", server.host).replace("PREFIX", prefix))


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory: pytest.TempPathFactory, server: Running) -> Iterator[str]:
    """A second web server, on another site: http://localhost:<its port>/attack.html."""
    folder = tmp_path_factory.mktemp("attacker")
    (folder / "attack.html").write_text(attack_page(server, "XW"), encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            return

    attacker = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{attacker.server_address[1]}/attack.html"
    finally:
        attacker.shutdown()
        attacker.server_close()


def run_attack(browser: Any, url: str) -> None:
    browser.get(url)
    wait_for(lambda: browser.title == "done", "the attacking page to finish", timeout=30)


def test_a_page_on_another_site_cannot_save(browser: Any, server: Running, save_dir: Path, other_origin: str) -> None:
    run_attack(browser, other_origin)
    assert sorted(path.name for path in save_dir.iterdir() if path.name.startswith("xw")) == []


def test_an_html_file_opened_from_disk_cannot_save(browser: Any, server: Running, save_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "attack.html"
    page.write_text(attack_page(server, "XF"), encoding="utf-8")
    run_attack(browser, page.as_uri())
    assert sorted(path.name for path in save_dir.iterdir() if path.name.startswith("xf")) == []


def test_the_page_itself_can_save_with_the_same_browser(browser: Any, server: Running, save_dir: Path) -> None:
    """The control: what the attacks lack is the server's consent, not a way for the browser to write."""
    browser.get(server.url)
    status = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch('/api/save', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-Cartagena-Request': '1'},"
        " body: JSON.stringify({party: {name: 'Control', code: 'XSO', as_of: '2024-01-01'}})}).then(function (r) { done(r.status); });"
    )
    assert status == 200 and (save_dir / "xso-profile.json").exists()
