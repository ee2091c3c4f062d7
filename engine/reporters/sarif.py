"""SARIF 2.1.0, for code scanning (GitHub `upload-sarif` and other SARIF viewers): one run, one rule
per checked rule, one result per failing finding, located on the profile's line and column.

Written as the run goes (the results array is streamed), so memory stays flat over any batch.
Byte-identical for the same inputs: keys sorted, results in file then rule order, fingerprints
made from what identifies a finding (rule, file, evidence pointer), never from line numbers.

Which findings become results: every gap (a waived gap too, with a `suppressions` entry of kind
external carrying the waiver, so viewers hide it as accepted), and every finding the record marks `"failing": true`
(the hook for the completeness gate, `--require-declared`, which makes not-declared findings
fail). Invalid profiles are results too, of the rule `profile/invalid`, at the problem's line:
GitHub code scanning shows results as alerts on the file but does not show
`invocations[].toolExecutionNotifications`, so a notification alone would hide a broken profile.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from ..i18n import tr
from ..l10n import bracketed, labelled
from .escaping import json_text, visible
from .layout import expand, report_lang, text_or_missing

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/cartagena-compliance/cartagena-compliance"
LEVELS = {"obligation": "error", "commitment": "warning", "option": "note"}
INVALID_RULE = "profile/invalid"


def _dump(value: Any) -> str:
    return json_text(json.dumps(value, ensure_ascii=False, sort_keys=True))


SOURCE_ROOT = "%SRCROOT%"
"""The `uriBaseId` of every relative artifact URI: the working directory of the run (code scanning
resolves it against the checkout, where a CI job runs `cartagena check`)."""
STDIN_NAME = "<stdin>"


def _percent_encoded(path: str) -> str:
    """A path as the path of a URI (RFC 3986): every byte outside the unreserved characters and "/"
    percent-encoded from the file name's bytes (UTF-8, or the bytes a non-UTF-8 name has)."""
    return quote(os.fsencode(path), safe="/")


def artifact_uri(file: str) -> str:
    """The profile's path as a URI reference: relative to the working directory (with `uriBaseId`
    SOURCE_ROOT) when it is inside it, else an absolute `file:` URI; percent-encoded either way."""
    location = artifact_location(file)
    return str(location.get("uri", file))


def artifact_location(file: str) -> dict[str, Any]:
    """The SARIF artifactLocation of a profile: `{"uri": relative, "uriBaseId": "%SRCROOT%"}` inside
    the working directory, `{"uri": "file:///..."}` outside it."""
    absolute = os.path.abspath(file)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive (Windows)
        relative = None
    if relative is not None and relative != ".." and not relative.startswith(".." + os.sep):
        return {"uri": _percent_encoded(PurePath(relative).as_posix()), "uriBaseId": SOURCE_ROOT}
    posix = PurePath(absolute).as_posix()
    return {"uri": "file://" + ("" if posix.startswith("/") else "/") + _percent_encoded(posix)}


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def is_failing(finding: dict[str, Any]) -> bool:
    """Whether a finding is reported as a result (SARIF) or a failure (JUnit): every gap, whatever
    its duty (the level says how serious), and a not-declared finding the completeness gate
    (`--require-declared`) marks failing."""
    return finding["status"] == "gap" or bool(finding.get("failing"))


def suppression(waiver: dict[str, Any]) -> dict[str, Any]:
    """A waived gap stays a result, suppressed: a waiver is a decision recorded outside the profile
    (kind external), which the Committee accepted (status accepted), with its reason and details."""
    return {"kind": "external", "status": "accepted", "justification": waiver["reason"], "properties": {"waiver": waiver}}


def _rule_help(rule_id: str, details: dict[str, Any], plan: dict[str, Any], lang: str = "en") -> tuple[str, str]:
    """help.text and help.markdown: the objectives, indicators, articles and activities, with plan text
    (the plan's English; the labels in the report's language)."""
    lines: list[tuple[str, str]] = []  # (label, words)
    for objective in details["objectives"]:
        lines.append((tr(lang, "Objective {id}").format(id=objective), text_or_missing(plan[objective], lang)))
    if not details["objectives"]:
        lines.append((tr(lang, "Objective"), str(details.get("objectives_missing"))))
    for indicator in details["indicators"]:
        lines.append((tr(lang, "Indicator {id}").format(id=indicator), text_or_missing(plan[indicator], lang)))
    for article in details["articles"]:
        text = plan[article]
        summary = tr(lang, "{summary} [project reference summary]").format(summary=text["summary"] or "")
        lines.append((f"{text['label']} {bracketed(article, lang)}", summary))
    if not details["articles"]:
        lines.append((tr(lang, "Article"), str(details.get("articles_missing"))))
    lines.append((tr(lang, "What to do"), details["remediation"]["advice"]))
    for activity in details["remediation"]["activities"]:
        lines.append((tr(lang, "Activity {id}").format(id=activity), text_or_missing(plan[activity], lang)))
    text = "\n".join(labelled(label, words, lang) for label, words in lines)
    markdown = labelled(f"**{rule_id}**", details["title"], lang) + "\n\n" + "\n".join(labelled(f"- **{label}**", words, lang) for label, words in lines)
    return text, markdown


def _rule(rule_id: str, details: dict[str, Any], plan: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    text, markdown = _rule_help(rule_id, details, plan, lang)
    return {
        "id": rule_id,
        "name": rule_id.replace("/", "-").replace(".", "-"),
        "shortDescription": {"text": details["title"]},
        "fullDescription": {"text": details["messages"]["gap"]},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[details["duty"]]},
        "properties": {"duty": details["duty"], "goal": details["goal"], "tags": ["compliance", details["duty"]]},
    }


def _invalid_rule(lang: str = "en") -> dict[str, Any]:
    """The rule of invalid profiles' results, its words in the report's language."""
    validate = tr(lang, "Run {command} on the file for every problem it has.")
    return {
        "id": INVALID_RULE,
        "name": "profile-invalid",
        "shortDescription": {"text": tr(lang, "The profile cannot be read or does not follow the profile schema")},
        "fullDescription": {"text": tr(lang, "The profile was not checked: fix the problem shown, then run cartagena check again.")},
        "help": {"text": validate.format(command="`cartagena validate`"), "markdown": validate.format(command="`cartagena validate`")},
        "defaultConfiguration": {"level": "error"},
    }


def _region(line: int | None, column: int | None, end: tuple[int, int] | None = None) -> dict[str, int]:
    region = {"startLine": line or 1}
    if column:
        region["startColumn"] = column
    if end is not None:
        region["endLine"], region["endColumn"] = end
    return region


def _location(file: str, region: dict[str, int]) -> list[dict[str, Any]]:
    """Where a result is: the profile's file and region; standard input is no file that code
    scanning could show, so a profile read from it is named as a logical location only."""
    if file == STDIN_NAME:
        return [{"logicalLocations": [{"name": "standard input", "kind": "resource"}]}]
    return [{"physicalLocation": {"artifactLocation": artifact_location(file), "region": region}}]


class Reporter:
    needs_lines = True  # results point at lines and columns

    def __init__(self) -> None:
        self.header: dict[str, Any] = {}
        self._results = 0

    def _result(self, result: dict[str, Any]) -> str:
        return self._placed(_dump(result))

    def _placed(self, dumped: str) -> str:
        self._results += 1
        return ("\n" if self._results == 1 else ",\n") + dumped

    def start(self, header: dict[str, Any]) -> str:
        self.header = header
        details, plan, lang = header["rules"]["details"], header["plan"], report_lang(header)
        rules = [_rule(rule_id, rule, plan, lang) for rule_id, rule in details.items()] + [_invalid_rule(lang)]
        driver = {
            "name": header["tool"]["name"],
            "version": header["tool"]["version"],
            "semanticVersion": header["tool"]["version"],
            "informationUri": INFORMATION_URI,
            "rules": rules,
        }
        run_start = {
            # the language of the messages' NR5 wording (SARIF's own field for it); ids never change
            "language": lang,
            "automationDetails": {"id": f"cartagena-compliance/{header['rules']['sha256'][:16]}/"},
            "originalUriBaseIds": {
                SOURCE_ROOT: {"description": {"text": tr(lang, "The working directory of the run: every relative artifact URI is relative to it.")}}
            },
            "tool": {"driver": driver},
        }
        head = _dump(run_start)[:-1]  # the run object, left open for its results
        return f'{{"$schema": {_dump(SCHEMA_URI)}, "runs": [{head}, "results": ['

    def _message(self, message: str, evidence: str) -> str:
        """A result's message: the rule's, then the evidence that gave it."""
        if not evidence:
            return message
        return tr(report_lang(self.header), "{message} Evidence: {evidence}.").format(message=message, evidence=evidence)

    def profile(self, record: dict[str, Any]) -> str:
        return self.place(self.render(record))

    def place(self, rendered: list[str]) -> str:
        """A profile's results in the run's list: after a comma from the second on."""
        return "".join(self._placed(dumped) for dumped in rendered)

    def render(self, record: dict[str, Any]) -> list[str]:
        """A profile's results, each as JSON text."""
        uri = artifact_uri(record["file"])
        out = []
        for finding in record["findings"]:
            if not (is_failing(finding) or finding["status"] == "waived"):
                continue
            full = expand(finding, self.header)
            evidence = finding["evidence"]
            shown = "; ".join(f"{item['pointer']} = {json.dumps(item['value'], ensure_ascii=False)}" for item in evidence)
            region: dict[str, int] = {"startLine": 1}
            span = next((item.get("region") for item in evidence if item.get("region")), None)
            if span:
                region = _region(span[0], span[1], (span[2], span[3]))
            pointer = evidence[0]["pointer"] if evidence else ""
            result = {
                "ruleId": finding["rule"],
                "level": LEVELS[full["duty"]],
                # a viewer shows the text: controls and bidi overrides in evidence appear as \uXXXX
                "message": {"text": visible(self._message(full["message"], shown))},
                "locations": _location(record["file"], region),
                # a waived gap keeps the identity of its gap, so a viewer sees the same alert, now suppressed
                "partialFingerprints": {"cartagenaFinding/v1": _fingerprint(finding["rule"], uri, pointer, "gap" if finding["status"] == "waived" else finding["status"])},
                "properties": {"status": finding["status"], "party": record["party"]["code"]},
            }
            if finding["status"] == "waived":
                result["suppressions"] = [suppression(finding["waiver"])]
            elif finding.get("waiver_expired"):
                result["properties"]["waiver_expired"] = finding["waiver_expired"]
            out.append(_dump(result))
        return out

    def finish(self, tail: dict[str, Any]) -> str:
        out = []
        for invalid in tail["invalid"]:
            uri = artifact_uri(invalid["file"])
            for error in invalid["errors"]:
                where = error["pointer"] or "/" if error["pointer"] is not None else ""
                result = {
                    "ruleId": INVALID_RULE,
                    "level": "error",
                    "message": {"text": visible((f"{where}: " if where else "") + error["message"])},
                    "locations": _location(invalid["file"], _region(error["line"], error["column"])),
                    "partialFingerprints": {
                        "cartagenaFinding/v1": _fingerprint(INVALID_RULE, uri, str(error["pointer"]), error["message"])
                    },
                }
                if error.get("code"):
                    result["properties"] = {"code": error["code"]}
                out.append(self._result(result))
        summary = _dump({"columnKind": "unicodeCodePoints", "properties": {"summary": tail["summary"]}})[1:]
        return "".join(out) + "\n], " + summary + '], "version": "2.1.0"}\n'
