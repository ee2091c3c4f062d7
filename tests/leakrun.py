"""Every command and format of the tool with `--lang LANG`, in one process, for the English-leak test
(tests/test_english_leaks.py): `python -m tests.leakrun LANG OUT` with `CARTAGENA_LOCALE_DIR` naming
marked catalogs (tests/i18nkit.py). The commands run in this process through click's test runner
(one interpreter start for some fifty runs, not fifty); `serve` runs as the user runs it, a server
on a free port answering the page, the API and the downloads.

Writes into OUT one file per run, `<command>-<what>.<syntax>`, and `data.json`: the texts that are
not the tool's own words (the plan's text, the BCH's wording, profile values, file names, the
validator's English problems), which the test takes out before it looks for English.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.clirun import ROOT
from tests.langkit import strings
from tests.test_waivers import WAIVERS  # the waivers test's file: in force, expired, unused, another Party's

PROFILES = ROOT / "profiles"
NR5_DOCUMENT = ROOT / "tests" / "fixtures" / "nr5" / "xlu-fifth-report.json"
NR5_FOLDER, NR5_PARTIES = ROOT / "tests" / "fixtures" / "nr5" / "bch", ROOT / "tests" / "fixtures" / "nr5" / "parties.csv"
IMPORTED = ("import-nr5-messages.text", "import-nr5-report.json")
"""What import-nr5 writes beside its summary: a line per part of a report it leaves out (stderr), the report."""
CHOSEN = ("sampleland-no-competent-national-authority.json", "demoland-almost-nothing-declared.json", "fictonia-not-joined-supplementary-protocol.json")
SERVED = ("serve-page.html", "serve-check.json", "serve-problems.json", "serve-open.json", "serve-open-nr5.json", "serve-report.html", "serve-nr5.json", "serve-answers.html")
"""What `_serve` writes: the page, the API's answers, the downloads."""
EXPLAINED = (
    "A.1", "A.8.2", "A.10(a)", "A.1-outcome", "B.3", "CB.A.6-8", "KA.A.6-8.1", "CB.A.6-8.i", "CP-18.2(a)", "SP-status",
    "cooperation", "Q102", "Q102_d", "question 7", "A.1/competent-national-authority", "national_biosafety_framework.mainstreaming",
)


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def make_inputs(folder: Path) -> dict[str, Path]:
    """Profiles that between them show every part of every output: gaps, a waiver in force, one
    expired and one matching no gap, not declared, not applicable, met, an inconsistency, a Party in
    a region, an invalid file; an earlier cycle of them (a gap closed, a new gap, a declaration new
    and one lost, a Party only in each cycle) for `diff` and `indicators --compare`."""
    new, old = folder / "new", folder / "old"
    for name in CHOSEN:
        data = _read(PROFILES / name)
        if name.startswith("sampleland"):
            data["party"]["region"] = "Africa"
            data["national_biosafety_framework"]["cna_coordination"] = {"answer": "false.oneCna"}
        _write(new / name, data)
        before = copy.deepcopy(data)
        before["party"]["as_of"] = data["party"]["as_of"]
        if name.startswith("sampleland"):
            before["national_biosafety_framework"]["cna_institutional_capacity"] = {"answer": "true"}
            before["national_biosafety_framework"]["mainstreaming"] = {"answer": "true"}
        _write(old / name, before)
    only_old = _read(PROFILES / "examplia-everything-in-place.json")
    only_old["party"].update(code="XOB", name="Oldonia")
    _write(old / "oldonia.json", only_old)
    (new / "broken.json").write_text('{"party": 1', encoding="utf-8")
    waivers = folder / "waivers.yaml"
    waivers.write_text(WAIVERS, encoding="utf-8")
    return {"new": new, "old": old, "waivers": waivers, "sampleland": new / CHOSEN[0], "folder": folder}


def runs(inputs: dict[str, Path], lang: str) -> list[tuple[str, str, list[str]]]:
    """(name, syntax, arguments) of every run: each command in each format it has."""
    new, old, waivers = str(inputs["new"]), str(inputs["old"]), str(inputs["waivers"])
    out: list[tuple[str, str, list[str]]] = []
    check = ["check", "--engine", "python", "--lang", lang, "--waivers", waivers, new]
    for output_format, syntax in (("text", "text"), ("markdown", "markdown"), ("html", "html"), ("json", "json"), ("ndjson", "ndjson"),
                                  ("sarif", "json"), ("junit", "xml")):
        out.append((f"check-{output_format}", syntax, [*check, "--format", output_format]))
    for output_format in ("text", "markdown"):  # what --brief and the completeness gate add
        out.append((f"check-brief-{output_format}", output_format, [*check, "--format", output_format, "--brief", "--require-declared", "any"]))
    for number, item in enumerate(EXPLAINED):
        for output_format in ("text", "json"):
            out.append((f"explain-{number}-{output_format}", output_format, ["explain", item, "--lang", lang, "--format", output_format]))
    indicators = ["indicators", new, "--by", "region", "--compare", old, "--engine", "python", "--lang", lang]
    for output_format, syntax in (("text", "text"), ("markdown", "markdown"), ("html", "html"), ("json", "json"), ("csv", "csv")):
        out.append((f"indicators-{output_format}", syntax, [*indicators, "--format", output_format]))
    diff = ["diff", old, new, "--waivers", waivers, "--engine", "python", "--lang", lang]
    for output_format in ("text", "markdown", "html", "json"):
        out.append((f"diff-{output_format}", output_format, [*diff, "--format", output_format]))
    (inputs["folder"] / "init").mkdir(exist_ok=True)
    checklist = str(inputs["folder"] / "init" / "party.json")
    out.append(("init-full", "markdown", ["init", "--party", "Republic of Examplia", "--code", "XEA", "--as-of", "2026-02-28", "--full", "--lang", lang, checklist]))
    out.append(("export-nr5", "json", ["export-nr5", str(inputs["sampleland"]), "--lang", lang]))
    imported = inputs["folder"] / "imported"
    out.append(("import-nr5-summary", "text", [
        "import-nr5", str(NR5_FOLDER), "--regions", str(NR5_PARTIES), "--as-of", "2026-03-31", "-o", str(imported), "--force",
        "--report", str(imported / "report.json"), "--lang", lang,
    ]))
    return out


def _serve(lang: str, inputs: dict[str, Path], out: Path) -> None:
    """The page, the API's answers and the downloads of a real `cartagena serve --lang LANG`."""
    import http.client

    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "serve", "--port", "0", "--engine", "python", "--lang", lang, "--profile", str(inputs["sampleland"])],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "CARTAGENA_LANG": ""},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            raise SystemExit(f"serve did not start: {line}{process.stderr.read() if process.stderr else ''}")
        port = int(match.group(1))

        def request(method: str, path: str, body: bytes | None = None, content_type: str | None = None) -> bytes:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            # the page's own header: serve refuses a request without it (a cross-site write)
            headers = {"Host": f"127.0.0.1:{port}", "X-Cartagena-Request": "1", **({"Content-Type": content_type} if content_type else {})}
            try:
                connection.request(method, path, body=body, headers=headers)
                return connection.getresponse().read()
            finally:
                connection.close()

        profile = inputs["sampleland"].read_bytes()
        broken = _read(inputs["sampleland"])
        broken["party"]["code"] = "lower"
        answers = {
            "serve-page.html": request("GET", f"/?lang={lang}"),
            "serve-check.json": request("POST", f"/api/check?lang={lang}", profile, "application/json"),
            "serve-problems.json": request("POST", f"/api/check?lang={lang}", json.dumps(broken).encode(), "application/json"),
            "serve-open.json": request("POST", f"/api/open?lang={lang}", profile, "application/json"),
            "serve-open-nr5.json": request("POST", f"/api/open-nr5?lang={lang}", NR5_DOCUMENT.read_bytes(), "application/json"),
            "serve-report.html": request("POST", f"/download/report?lang={lang}", profile, "application/json"),
            "serve-nr5.json": request("POST", f"/download/nr5?lang={lang}", profile, "application/json"),
            "serve-answers.html": request("POST", f"/download/answers?lang={lang}", profile, "application/json"),
        }
        assert tuple(answers) == SERVED
        for name, body in answers.items():
            (out / name).write_bytes(body)
    finally:
        process.terminate()
        process.communicate(timeout=30)


TEXT_KEYS = frozenset({
    "text", "missing", "notes", "label", "summary", "duty_note", "source_note", "goal_note", "letter_note", "reason", "name", "title", "articles_note", "objectives_missing", "key_areas_missing", "activities_missing", "note",
    "force_note", "text_note", "where",  # an article's notes on its force and text (issue 23), the source's place
})
"""The catalog's fields that hold the plan's or the articles' words (the others hold codes)."""


def _mappings(value: Any) -> list[dict[str, Any]]:
    """Every mapping of a YAML document, at any depth."""
    if isinstance(value, dict):
        return [value, *(found for item in value.values() for found in _mappings(item))]
    if isinstance(value, list):
        return [found for item in value for found in _mappings(item)]
    return []


def _texts(value: Any, key: str = "") -> list[str]:
    """The words of a catalog item: the strings under TEXT_KEYS, at any depth."""
    if isinstance(value, str):
        if key in ("source", "reading"):  # a mend's words, quoted ("the source reads "X", here "Y"")
            return [f'"{value}"', f"« {value} »", f"“{value}”", *([value] if " " in value else [])]
        if key in ("article", "nr5"):  # the project's reference as it names an article and NR5 questions
            return [value]
        return [value] if key in TEXT_KEYS else []
    if isinstance(value, dict):
        return [text for name, item in value.items() for text in _texts(item, name)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item, key)]
    return []


def not_the_tools(lang: str, inputs: dict[str, Path], english_report: dict[str, Any]) -> list[str]:
    """Every text an output may show that is not the tool's own words: the plan's and the
    articles' text (English), the BCH's NR5 wording in `lang`, profile and waiver values (as JSON
    writes them too), file names, and the validator's problems (English by design), read from the
    English JSON report of the same inputs."""
    from engine.catalog.loader import load_catalog
    from engine.catalog.nr5 import plain
    from engine.catalog.nr5_i18n import i18n_dir, questions

    catalog = load_catalog()
    texts: list[str] = _texts(catalog.plan.model_dump(mode="json"))
    for part in (*catalog.goals, *catalog.sections, *catalog.articles):
        texts += _texts(part.model_dump(mode="json"))
    texts += [catalog.summary_source, *(catalog.area_title(goal.area) for goal in catalog.goals)]
    from engine.indicators.definitions import INDICATORS_FILE

    judgements = yaml.safe_load(INDICATORS_FILE.read_text(encoding="utf-8"))  # the plan's words an indicator's reading quotes
    texts += [raw["judgement"]["words"] for raw in _mappings(judgements) if isinstance(raw.get("judgement"), dict)]
    for source in catalog.sources.values():  # where the articles' text was read: its title, place and notes
        texts += _texts(source.model_dump(mode="json"))
    from engine.serve.pages import _short

    texts += [_short(goal.text or "") for goal in catalog.goals]  # the page's menu shortens the goals' words
    from engine.catalog.nr5_i18n import LANGUAGE_NAMES

    texts += list(LANGUAGE_NAMES.values())  # the language switch names each language in its own
    for question in questions(lang).values():
        texts += [question.title, question.section_title, *(option.title for option in question.options)]
        texts += [f"[{option.value}]" for option in question.options]  # explain lists each answer with its code
        texts += [question.title.rstrip(" :"), *(option.title.rstrip(" :") for option in question.options)]
    words = json.loads((i18n_dir() / f"{lang}.json").read_text(encoding="utf-8"))
    texts += [plain(text) for text in words.values() if isinstance(text, str)]
    for path in [*sorted(inputs["new"].glob("*.json")), *sorted(inputs["old"].glob("*.json")), NR5_DOCUMENT, *sorted(NR5_FOLDER.glob("*.json"))]:
        texts.append(str(path))
        try:
            data = _read(path)
        except ValueError:
            continue
        for text in strings(data):  # words as they are; a code (no space) only as JSON writes it
            texts += [text, json.dumps(text, ensure_ascii=False)] if " " in text.strip() else [json.dumps(text, ensure_ascii=False)]
    texts += [str(inputs["waivers"]), str(inputs["new"]), str(inputs["old"]), str(NR5_FOLDER), str(inputs["folder"] / "imported")]
    texts += [cell for line in NR5_PARTIES.read_text(encoding="utf-8").splitlines()[1:] for cell in line.split(",")]
    texts += [line.split(":", 1)[1].strip() for line in WAIVERS.splitlines() if ":" in line and not line.strip().endswith(":")]
    texts += [english_report["tool"]["name"], english_report["tool"]["version"], *english_report["engine"].values()]
    # dates as the language writes them (Babel: "31 mars 2026"): every date of the inputs, and the run's time
    import datetime as dt

    from engine.l10n import date, moment

    days = set(re.findall(r"\d{4}-\d{2}-\d{2}", WAIVERS + "".join(path.read_text(encoding="utf-8") for path in inputs["new"].glob("*.json"))))
    days |= set(re.findall(r"\d{4}-\d{2}-\d{2}", "".join(path.read_text(encoding="utf-8") for path in inputs["old"].glob("*.json"))))
    run_time = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc)
    texts += [date(day, lang) for day in days] + [date(run_time.date(), lang), moment(run_time, lang)]
    for invalid in english_report["invalid"]:
        texts += [error["message"] for error in invalid["errors"]]
    for profile in english_report["profiles"]:
        texts += [problem["message"].removeprefix("inconsistent: ") for problem in profile["inconsistencies"]]
    return sorted({" ".join(text.split()) for text in texts if len(text.strip()) > 1}, key=len, reverse=True)


def main(argv: list[str]) -> int:
    lang, out = argv[0], Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    inputs = make_inputs(out / "inputs")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1796000000")  # 2026-11-30: the waivers above are judged on it
    from click.testing import CliRunner

    import cli

    runner = CliRunner()
    for name, syntax, args in runs(inputs, lang):
        result = runner.invoke(cli.cartagena, args, catch_exceptions=False)
        if result.exit_code not in (0, 1, 2):
            raise SystemExit(f"{name}: exit {result.exit_code}: {result.stderr}")
        text = result.stdout
        if name == "import-nr5-summary":
            (out / IMPORTED[0]).write_text(result.stderr, encoding="utf-8")
            shutil.copy(inputs["folder"] / "imported" / "report.json", out / IMPORTED[1])
        if name == "init-full":
            text = (inputs["folder"] / "init" / "party.checklist.md").read_text(encoding="utf-8")
            shutil.rmtree(inputs["folder"] / "init")
            (inputs["folder"] / "init").mkdir()
        (out / f"{name}.{syntax}").write_text(text, encoding="utf-8")
    english = runner.invoke(cli.cartagena, ["check", "--engine", "python", "--lang", "en", "--format", "json", str(inputs["new"])])
    _serve(lang, inputs, out)
    data = not_the_tools(lang, inputs, json.loads(english.stdout))
    # the names given to explain, and the validator's problems the page shows beside a field (English
    # for now, as validate's messages are everywhere)
    data += [*EXPLAINED, *(error["message"] for error in _read(out / "serve-problems.json")["errors"])]
    _write(out / "data.json", sorted(set(data), key=len, reverse=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
