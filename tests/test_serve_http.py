"""`cartagena serve` over HTTP: every endpoint, with good input and with bad (wrong types, unknown
fields, broken JSON, huge bodies, wrong content types, unknown paths, foreign Host and Origin),
against a server started in-process on port 0. Bad input always gets a 4xx with a JSON message:
the catch-all 500 is for bugs, and no request here may reach it. The attacks on the HTTP layer
(desync, cross-origin, rebinding, slow clients, bursts) are in test_serve_attacks.py; saving in
test_serve_saving.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import typing
from pathlib import Path
from typing import Any, Iterator

import pytest

from engine.profile.models import SECTION_GOALS, Profile
from engine.serve.server import MAX_REQUEST_BYTES
from tests.clirun import ROOT, cartagena
from tests.servekit import Running, serving

SAMPLE = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"
EVERYTHING = ROOT / "profiles" / "examplia-everything-in-place.json"
FINDING = re.compile(r'<li class="finding (\w+)" data-rule="([^"]+)"')


@pytest.fixture(scope="module")
def save_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("saved")


@pytest.fixture(scope="module")
def server(save_dir: Path) -> Iterator[Running]:
    yield from serving(json.loads(SAMPLE.read_text()), save_dir=save_dir)


def sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


JSON = {"Content-Type": "application/json"}


# --- the page ---------------------------------------------------------------------------------------


def test_page_has_security_headers_and_loads_nothing_from_elsewhere(server: Running) -> None:
    status, headers, body = server.request("GET", "/")
    assert status == 200
    assert headers["content-security-policy"].startswith("default-src 'self'")
    assert headers["x-content-type-options"] == "nosniff"
    page = body.decode()
    # every URL the page names is same-origin (a path), never another host
    assert re.findall(r'(?:src|href|action)="([^"#]*)"', page) and all(
        url.startswith("/") or url.startswith("data:") for url in re.findall(r'(?:src|href|action)="([^"#]*)"', page)
    )
    for path, kind in (("/static/app.js", "text/javascript"), ("/static/style.css", "text/css")):
        status, headers, body = server.request("GET", path)
        assert status == 200 and headers["content-type"].startswith(kind) and b"http" not in body.replace(b"https?", b"")


def _declarations(model: Any, parts: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    for name, info in model.model_fields.items():
        annotation = typing.get_args(info.annotation)[0] if typing.get_args(info.annotation) else info.annotation
        if isinstance(info.json_schema_extra, dict) and "x-goal" in info.json_schema_extra:
            yield (*parts, info.alias or name)
        elif isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            yield from _declarations(annotation, (*parts, info.alias or name))


def test_the_form_has_every_declaration_of_the_models_with_its_nr5_question(server: Running) -> None:
    page = server.request("GET", "/")[2].decode()
    for section in SECTION_GOALS:
        model = typing.cast(Any, Profile.model_fields[section].annotation)
        pointers = list(_declarations(model, (section,)))
        assert pointers, section
        for parts in pointers:
            assert f'data-pointer="/{"/".join(parts)}"' in page, parts
            assert f'name="/{"/".join(parts)}/answer"' in page, parts
    # one page per goal, each answer labelled with the BCH's words, "not answered" first and checked
    assert page.count('<section class="page"') == 2 + len(SECTION_GOALS)  # "To address", the Party, the goals
    q7 = page[page.index('id="f-national_biosafety_framework-national_measures"') :]
    q7 = q7[: q7.index("</section>")]
    assert "Question 7</span> Has your country introduced the necessary national measures" in q7
    for wording in ("National measures are fully in place", "Only draft measures exist", "No measures have yet been taken"):
        assert wording in q7
    assert q7.index("Not answered") < q7.index("National measures are fully in place")
    # the sample declares fully in place: that radio is checked
    assert re.search(r'value="implementation.fullInPlace" data-kind="choice" checked', q7)
    # follow-up fields where the model has them: the NR5 follow-up question 12 with its BCH options
    q11 = page[page.index('data-pointer="/national_biosafety_framework/qualified_staff"') :]
    assert "Question 12</span>" in q11[: q11.index("</section>")] and "10 or more" in q11[: q11.index("</section>")]
    # lists of items: the authorities, with a template to add one
    assert 'data-list="/national_biosafety_framework/competent_national_authorities/authorities"' in page


def test_an_empty_page_starts_with_every_question_not_answered() -> None:
    for running in serving():
        page = running.request("GET", "/")[2].decode()
        answered = re.findall(r'<input type="radio" name="(/[^"]+/answer)" value="([^"]+)" data-kind="choice" checked', page)
        assert answered == []
        assert page.count('value="" data-kind="choice" checked') > 100


# --- findings ---------------------------------------------------------------------------------------


def test_findings_are_those_of_check(server: Running) -> None:
    status, result = server.post_json("/api/check", SAMPLE.read_bytes())
    assert status == 200 and result["valid"] is True and result["errors"] == []
    report = json.loads(cartagena("check", str(SAMPLE), "--format", "json").stdout)
    checked, details = report["profiles"][0], report["rules"]["details"]
    expected = sorted((finding["status"], finding["rule"]) for finding in checked["findings"])
    shown = sorted(FINDING.findall("".join(result["goals"].values())))
    assert shown == expected
    summary = checked["summary"]
    assert result["summary"].startswith(f"{sum(summary['gaps'].values())} gaps by rule (obligations: {summary['gaps']['obligation']}")
    assert result["counts"]["A.1"]["gap"] == sum(1 for f in checked["findings"] if details[f["rule"]]["goal"] == "A.1" and f["status"] == "gap")


def test_a_gap_names_its_objective_article_and_activities_with_their_plan_text(server: Running) -> None:
    result = server.post_json("/api/check", SAMPLE.read_bytes())[1]
    a1 = result["goals"]["A.1"]
    (gap,) = [piece for piece in a1.split('<li class="finding ') if 'data-rule="A.1/competent-national-authority"' in piece]
    assert gap.startswith("gap")
    assert "<b>A.1.3</b> Parties have designated competent national authorities" in gap
    assert "<b>CP-19.1</b> Article 19, paragraph 1, of the Cartagena Protocol [requires]: shall designate" in gap
    assert "Obligation under the Cartagena Protocol</span>" in gap
    assert "<b>CB.A.1.iii</b> Train personnel of competent national authorities" in gap


def test_changing_an_answer_changes_the_findings(server: Running) -> None:
    profile = sample()
    before = server.post_json("/api/check", profile)[1]["counts"]["A.1"]
    profile["national_biosafety_framework"]["competent_national_authorities"] = {
        "answer": "true", "authorities": [{"name": "Biosafety Office"}]
    }
    after = server.post_json("/api/check", profile)[1]["counts"]["A.1"]
    assert after["gap"] < before["gap"] and after["met"] > before["met"]


# --- validation: the same code and messages as `validate` --------------------------------------------


def test_an_invalid_profile_gets_422_with_validate_s_messages_at_their_pointers(server: Running, tmp_path: Path) -> None:
    profile = sample()
    profile["party"]["code"] = 5
    profile["national_biosafety_framework"]["national_measures"]["answr"] = "true"
    profile["biosafety_clearing_house"]["mandatory_information"]["a"] = {"answer": "maybe"}
    status, result = server.post_json("/api/check", profile)
    assert status == 422 and result["valid"] is False
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(profile))
    result_ = cartagena("validate", str(path))
    lines = (result_.stdout + result_.stderr).splitlines()
    validate_messages = sorted(re.sub(r"^.*?:\d+:\d+: ", "", line) for line in lines if line.startswith(str(path)))
    assert len(validate_messages) == 3
    assert sorted(f"{e['pointer']}: {e['message']}" for e in result["errors"]) == validate_messages
    assert {e["pointer"] for e in result["errors"]} == {
        "/party/code", "/national_biosafety_framework/national_measures/answr", "/biosafety_clearing_house/mandatory_information/a/answer"
    }


@pytest.mark.parametrize(
    "body, status, words",
    [
        (b"{", 400, "unexpected end of file"),
        (b'{"party": 1,}', 400, "trailing comma"),
        (b"[]", 400, "must be a JSON object, found array"),
        (b'"text"', 400, "must be a JSON object"),
        (b"", 400, "empty"),
        (b"\xff\xfe{}", 400, "UTF"),
        (b'{"a": 1, "a": 2}', 400, "duplicate"),
        (b'{"party": NaN}', 400, "NaN"),
        (b"[" * 200 + b"]" * 200, 400, "nested too deeply"),
        (b'{"party": {"name": 7, "code": "XEA", "as_of": "2024-01-01"}}', 422, "/party/name"),
        (b'{"party": {"name": "X", "code": "XEA", "as_of": "2024-02-30"}}', 422, "not a date that exists"),
        (b'{"party": {"name": "X", "code": "XEA", "as_of": "2024-01-01"}, "hobbies": []}', 422, "unknown property 'hobbies'"),
    ],
)
@pytest.mark.parametrize("endpoint", ["/api/check", "/api/open", "/api/save"])
def test_bad_json_bodies_get_4xx_with_one_message_each(server: Running, endpoint: str, body: bytes, status: int, words: str) -> None:
    got, result = server.post_json(endpoint, body)
    assert got == status, result
    assert result["valid"] is False and result["errors"]
    assert words.lower() in json.dumps(result, ensure_ascii=False).lower()


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(server: Running) -> None:
    for path in ("/api/check", "/download/profile", "/api/save"):
        status, answer = server.announce(path, "application/json", MAX_REQUEST_BYTES + 1)
        head, _, body = answer.partition("\r\n\r\n")
        assert status == 413 and json.loads(body) == {"message": "the request is larger than the limit of 1 MiB"}
        assert "content-type: application/json" in head.lower() and "connection: close" in head.lower()
    # a body just under the limit is read and validated as usual
    big = b'{"party": {"name": "' + b"x" * (MAX_REQUEST_BYTES - 100) + b'", "code": "XEA", "as_of": "2024-01-01"}}'
    status, result = server.post_json("/api/check", big)
    assert status == 422 and result["errors"][0]["pointer"] == "/party/name"


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(
    "method, path, headers, body, status, words",
    [
        ("GET", "/nowhere", {}, None, 404, "no such page: /nowhere"),
        ("GET", "/static/../server.py", {}, None, 404, "no such page"),
        ("GET", "/static/server.py", {}, None, 404, "no such page"),
        ("POST", "/api/nowhere", JSON, b"{}", 404, "no such page: /api/nowhere"),
        ("GET", "/api/check", {}, None, 405, "takes POST"),
        ("PUT", "/api/check", {}, b"{}", 405, "method PUT is not allowed here"),
        ("DELETE", "/", {}, None, 405, "not allowed"),
        ("BREW", "/", {}, None, 405, "not allowed"),
        ("OPTIONS", "/api/save", {"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}, None, 405, "not allowed"),
        ("POST", "/api/check", {"Content-Type": "text/plain"}, b"{}", 415, "takes a JSON body"),
        ("POST", "/api/check", {}, b"{}", 415, 'not ""'),
        ("POST", "/download/profile", FORM, b"profile=%7B%7D", 415, "takes a JSON body"),
        ("POST", "/api/check", {**JSON, "Transfer-Encoding": "chunked"}, None, 411, "not chunked"),
        ("GET", "/", {"Host": "attacker.example:8765"}, None, 403, "is not this server"),
        ("GET", "/", {"Host": ""}, None, 403, "is not this server"),
        ("POST", "/api/check", {**JSON, "Origin": "http://attacker.example"}, b"{}", 403, "are refused"),
        ("POST", "/api/check", {**JSON, "Origin": "null"}, b"{}", 403, "are refused"),
        ("POST", "/api/check", {**JSON, "Sec-Fetch-Site": "same-site"}, b"{}", 403, "from another site"),
        ("POST", "/api/check", {**JSON, "X-Cartagena-Request": None}, b"{}", 403, "X-Cartagena-Request: 1"),
        ("POST", "/api/save", {**JSON, "X-Cartagena-Request": "yes"}, b"{}", 403, "X-Cartagena-Request: 1"),
        ("GET", "/", {"Content-Length": "2"}, b"{}", 400, "a GET request has no body"),
        ("POST", "/download/report", JSON, b"[]", 400, "must be a JSON object"),
        ("POST", "/download/report", JSON, b"{}", 422, "fill in the Party: its name, its three-letter code"),
    ],
)
def test_malformed_requests_get_4xx_with_a_json_message(
    server: Running, method: str, path: str, headers: dict[str, str | None], body: bytes | None, status: int, words: str
) -> None:
    got, got_headers, answer = server.request(method, path, body, headers)
    assert got == status, answer
    assert got_headers["content-type"] == "application/json; charset=utf-8"
    assert words in json.loads(answer)["message"] and b"Traceback" not in answer
    assert got_headers["x-content-type-options"] == "nosniff" and got_headers["content-security-policy"].startswith("default-src 'self'")
    # a refused request's connection is closed; a profile's problems are an answer, not a refusal
    assert got_headers.get("connection") == (None if path == "/download/report" else "close"), got_headers


def test_head_answers_every_get_route_without_a_body(server: Running) -> None:
    for path in ("/", "/static/app.js", "/static/style.css"):
        get = server.request("GET", path)
        head = server.request("HEAD", path)
        assert head[0] == 200 and head[2] == b"" and head[1]["content-length"] == get[1]["content-length"] == str(len(get[2]))
        assert head[1]["content-type"] == get[1]["content-type"]


def test_a_wrong_host_with_the_right_port_is_refused_but_localhost_is_served(server: Running) -> None:
    assert server.request("GET", "/", headers={"Host": f"localhost:{server.port}"})[0] == 200
    assert server.request("GET", "/", headers={"Host": f"rebind.example:{server.port}"})[0] == 403
    assert server.request("GET", "/", headers={"Host": "127.0.0.1:1"})[0] == 403


# --- in and out -------------------------------------------------------------------------------------


def test_download_profile_returns_the_profile_as_a_valid_attachment(server: Running, tmp_path: Path) -> None:
    profile = sample()
    status, headers, body = server.request("POST", "/download/profile", json.dumps(profile), JSON)
    assert status == 200 and headers["content-disposition"] == 'attachment; filename="xsa-profile.json"'
    assert json.loads(body) == profile
    path = tmp_path / "downloaded.json"
    path.write_bytes(body)
    assert cartagena("validate", str(path)).returncode == 0


def test_download_report_is_check_s_html_report(server: Running) -> None:
    status, headers, body = server.request("POST", "/download/report", SAMPLE.read_bytes(), JSON)
    assert status == 200 and headers["content-disposition"] == 'attachment; filename="xsa-audit-report.html"'
    report = body.decode()
    assert report.startswith("<!DOCTYPE html>") or report.lower().startswith("<!doctype html>")
    assert "Federation of Sampleland" in report and "One or more competent national authorities are designated" in report


def test_open_fills_the_form_and_escapes_what_the_file_says(server: Running) -> None:
    profile = sample()
    profile["party"]["name"] = '<script>alert("x")</script> & Co'
    status, result = server.post_json("/api/open", profile)
    assert status == 200 and result["valid"]
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"' in result["form"]
    assert "<script>" not in result["form"]
    # an invalid file still opens, its problems listed for the fields
    profile["party"]["code"] = "lower"
    status, result = server.post_json("/api/open", profile)
    assert status == 422 and result["form"] and result["errors"][0]["pointer"] == "/party/code"


def test_save_writes_atomically_into_the_save_dir_only(server: Running, save_dir: Path) -> None:
    profile = sample()
    results: list[int] = []

    def save(number: int) -> None:
        copy = json.loads(json.dumps(profile))
        copy["party"]["name"] = f"Federation of Sampleland, tab {number}"
        copy["national_biosafety_framework"]["national_measures"]["evidence"] = [{"note": "n" * 9000}] * (number * 4 + 1)
        results.append(server.post_json("/api/save", copy)[0])

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 8
    assert sorted(p.name for p in save_dir.iterdir()) == ["xsa-profile.json"]  # no temporary file left
    saved = json.loads((save_dir / "xsa-profile.json").read_text())
    assert saved["party"]["name"].startswith("Federation of Sampleland, tab ")
    assert cartagena("validate", str(save_dir / "xsa-profile.json")).returncode == 0
    # invalid profiles are not saved
    status, result = server.post_json("/api/save", {"party": {}})
    assert status == 422 and sorted(p.name for p in save_dir.iterdir()) == ["xsa-profile.json"]


def test_without_save_dir_saving_is_refused(server: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server.app, "save_dir", None)
    status, body = server.post_json("/api/save", SAMPLE.read_bytes())
    assert status == 403 and "--save-dir" in body["message"]


# --- the command ------------------------------------------------------------------------------------


def _serve(*args: str) -> tuple[str, str, int]:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "serve", "--port", "0", "--engine", "python", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    with process:  # its pipes closed whatever happens (left open, they warned inside a later test)
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
        finally:
            process.terminate()
            try:
                _, err = process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                raise
    return first, err, process.returncode


def test_serve_says_where_it_listens_and_needs_allow_remote_off_loopback(tmp_path: Path) -> None:
    line, err, _ = _serve()
    assert re.fullmatch(r"cartagena serve: the self-check is at http://127\.0\.0\.1:\d+/ \(listening on 127\.0\.0\.1, this computer only\); Ctrl\+C stops it\n", line)
    assert err == ""
    refused = cartagena("serve", "--host", "0.0.0.0", "--port", "0")
    assert refused.returncode == 2 and refused.stdout == "" and "Traceback" not in refused.stderr
    assert refused.stderr == ("cartagena serve: --host 0.0.0.0 is not loopback: other machines could reach the page. "
                              "Add --allow-remote if that is what you want.\n")
    line, err, _ = _serve("--host", "0.0.0.0", "--allow-remote", "--allow-host", "biosafety.example.org", "--save-dir", str(tmp_path))
    assert "listening on 0.0.0.0)" in line
    # what --allow-remote exposes, said before anything is served: who, what, where it writes
    assert err.startswith("cartagena serve: --allow-remote: anyone who can reach this machine on port ")
    assert "there is no login, and HTTP is not encrypted" in err and "biosafety.example.org" in err
    assert f"They can also save profiles into {tmp_path}, replacing the <code>-profile.json files there." in err


def test_serve_with_an_unreadable_profile_exits_2(tmp_path: Path) -> None:
    result = cartagena("serve", "--port", "0", "--profile", str(tmp_path / "missing.json"))
    assert result.returncode == 2 and result.stderr.startswith("cartagena serve: ") and "Traceback" not in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    result = cartagena("serve", "--port", "0", "--profile", str(broken))
    assert result.returncode == 2 and str(broken) in result.stderr


# --- national reports: import-nr5's and export-nr5's own code --------------------------------------

NR5_DOCUMENT = {
    "header": {"schema": "cpbNationalReport5"},
    "government": {"identifier": "xea"},
    "Q007": {"value": "implementation.partiallyInPlace"},
    "Q008": [{"value": "instrument.nationalBiosafetyLaws"}, {"value": "instrument.indirectLaws", "additionalInformation": {"en": "Plant Protection Act"}}],
}


def test_open_nr5_fills_the_form_as_import_nr5_reads_the_document(server: Running, tmp_path: Path) -> None:
    status, result = server.post_json("/api/open-nr5", NR5_DOCUMENT)
    assert status == 200 and result["valid"], result
    form = result["form"]
    assert re.search(r'name="/national_biosafety_framework/national_measures/answer" value="implementation.partiallyInPlace" data-kind="choice" checked', form)
    assert re.search(r'name="/national_biosafety_framework/instruments/answer" value="instrument.indirectLaws" data-kind="multi" checked', form)
    assert 'name="/party/code" value="XEA"' in form
    assert result["not_imported"] == ["/Q008/1/additionalInformation (NR5 question 8): free text beside the answer; the profile keeps the answer's code, not its text"]
    # the same profile as `import-nr5` makes of it
    report = tmp_path / "report.json"
    report.write_text(json.dumps(NR5_DOCUMENT))
    imported = json.loads(cartagena("import-nr5", str(report)).stdout)
    assert 'value="implementation.partiallyInPlace" data-kind="choice" checked' in server.app.form(imported)
    assert result["counts"] == server.post_json("/api/check", imported)[1]["counts"]


@pytest.mark.parametrize(
    "document, words",
    [
        ({**NR5_DOCUMENT, "Q999": {"value": "true"}}, "the NR5 document: /Q999: no question Q999 in the cpbNationalReport5 question tree"),
        ({**NR5_DOCUMENT, "Q009": {"value": "maybe"}}, '/Q009/value: \\"maybe\\" is not an answer of this question'),
        ({**NR5_DOCUMENT, "header": {"schema": "cpbNationalReport3"}}, "is not a national report"),
        ({"header": {"schema": "cpbNationalReport5"}}, "no alpha-3 code known"),
        (b"{not json", "the NR5 document: line 1, column 2: property name 'not' must be in double quotes"),
        (b"[1]", "the NR5 document: line 1, column 1: a national report document must be a JSON object, found array"),
    ],
)
def test_a_bad_nr5_document_gets_400_with_import_nr5_s_message(server: Running, document: Any, words: str) -> None:
    status, result = server.post_json("/api/open-nr5", document)
    assert status == 400 and result["valid"] is False
    assert words in json.dumps(result), result


def test_download_nr5_is_export_nr5_s_draft(server: Running, tmp_path: Path) -> None:
    status, headers, body = server.request("POST", "/download/nr5", SAMPLE.read_bytes(), JSON)
    assert status == 200 and headers["content-disposition"] == 'attachment; filename="xsa-nr5-draft.json"'
    assert body.decode() == cartagena("export-nr5", str(SAMPLE)).stdout
    status, result = server.post_json("/download/nr5", '{"party": 1}')
    assert status == 422 and result["errors"][0]["pointer"] == "/party" and result["message"].startswith("1 problem to fix")


def test_every_choice_and_label_reads_as_words_not_codes(server: Running) -> None:
    page = server.request("GET", "/")[2].decode()
    choices = re.findall(r'value="([^"]*)" data-kind="(?:choice|multi|bool)"(?: checked)?> <span>([^<]*)</span></label>', page)
    assert len(choices) > 400
    # a code shown as its label only where the code is already words (the regions: "Africa")
    coded = sorted({(value, label) for value, label in choices if value and ((label == value and not value[0].isupper()) or "`" in label)})
    assert coded == []
    labels = re.findall(r'<label for="[^"]*">([^<]*)<|<legend>([^<]*)<', page)
    assert [text for pair in labels for text in pair if "`" in text or "NR5 Q" in text] == []
    assert "signed but not (yet) a Party" in page and "neither signed nor joined" in page
