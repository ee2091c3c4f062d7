"""JUnit XML, for test dashboards (Jenkins, GitLab, GitHub test reporters): one testsuite per
profile, one testcase per rule (classname = goal, name = rule id). A gap is a failure, not
applicable, not declared and waived (with the waiver's details) are skipped, met passes; a finding the record marks `"failing": true`
(the completeness gate) is a failure whatever its status. An invalid profile is a testsuite with
one testcase in error per problem. Valid against the Jenkins xUnit JUnit schema; streamed, so
memory stays flat; the root carries no totals (they would have to be known before the first suite).

Everything from a profile is escaped for XML; characters XML 1.0 cannot carry at all (control
characters, lone surrogates), and those it can but that act on a reader's display (DEL, C1 controls,
bidirectional controls: engine.reporters.escaping) are written as visible `\\uXXXX` escapes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..i18n import tr
from .layout import expand, report_lang, text_or_missing, waiver_words
from .sarif import is_failing

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
_TEXT = re.compile('[&<>"\t\n\r]')


def _visible(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def attr(text: str) -> str:
    """`text` as an XML attribute value (quotes, markup, white space and control characters escaped)."""
    return _TEXT.sub(lambda m: _ESCAPES[m.group()], _visible(text))


def body(text: str) -> str:
    """`text` as XML character data (markup and control characters escaped; line breaks kept)."""
    return re.sub("[&<>]", lambda m: _ESCAPES[m.group()], _visible(text))


def _failure_text(full: dict[str, Any], lang: str = "en") -> str:
    lines = [full["message"]]
    for item in full["evidence"]:
        shown = {"pointer": item["pointer"], "value": json.dumps(item["value"], ensure_ascii=False)}
        if item.get("line"):
            lines.append(tr(lang, "Evidence: {pointer} (line {line}, column {column}) = {value}").format(line=item["line"], column=item["column"], **shown))
        else:
            lines.append(tr(lang, "Evidence: {pointer} = {value}").format(**shown))
    remediation = full.get("remediation")
    if remediation:
        lines.append(tr(lang, "What to do: {advice}").format(advice=remediation["advice"]))
        for activity in remediation["activities"]:
            lines.append(tr(lang, "Activity {id}: {text}").format(id=activity["id"], text=text_or_missing(activity, lang)))
    return "\n".join(lines)


def _waived_text(waiver: dict[str, Any], lang: str = "en") -> str:
    return tr(lang, "Gap waived: {waiver}").format(waiver=waiver_words(waiver, lang))


def _properties(lang: str) -> str:
    """A testsuite's properties: the language of its messages, in a report in another language than
    English (the schema allows `<properties>` in a testsuite)."""
    return "" if lang == "en" else f'    <properties>\n      <property name="lang" value="{attr(lang)}"/>\n    </properties>\n'


class Reporter:
    needs_lines = True  # failures name the evidence's line

    def __init__(self) -> None:
        self.header: dict[str, Any] = {}

    def start(self, header: dict[str, Any]) -> str:
        self.header = header
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="{attr(header["tool"]["name"])}">\n'

    def render(self, record: dict[str, Any]) -> str:
        return self.profile(record)

    def place(self, rendered: str) -> str:
        return rendered

    def profile(self, record: dict[str, Any]) -> str:
        lang = report_lang(self.header)
        cases: list[str] = []
        failures = skipped = 0
        for finding in record["findings"]:
            full = expand(finding, self.header)
            head = f'    <testcase classname="{attr(full["goal"]["id"])}" name="{attr(finding["rule"])}" time="0"'
            if is_failing(finding):
                failures += 1
                status = finding["status"].replace("_", " ")
                cases.append(
                    f'{head}>\n      <failure type="{attr(full["duty"] + " " + status)}" message="{attr(full["message"])}">'
                    f"{body(_failure_text(full, lang))}</failure>\n    </testcase>\n"
                )
            elif finding["status"] == "waived":
                skipped += 1
                cases.append(
                    f'{head}>\n      <skipped type="waived" message="{attr(_waived_text(finding["waiver"], lang))}"/>\n    </testcase>\n'
                )
            elif finding["status"] in ("not_applicable", "not_declared"):
                skipped += 1
                cases.append(
                    f'{head}>\n      <skipped type="{attr(finding["status"])}" message="{attr(full["message"])}"/>\n    </testcase>\n'
                )
            else:
                cases.append(f"{head}/>\n")
        party = record["party"]
        # TRANSLATORS: the name of a JUnit test suite: the Party, its code and the date its declarations hold
        name = tr(lang, "{name} ({code}), as of {as_of}").format(name=party["name"], code=party["code"], as_of=party["as_of"])
        return (
            f'  <testsuite name="{attr(name)}" file="{attr(record["file"])}" tests="{len(cases)}" failures="{failures}"'
            f' errors="0" skipped="{skipped}" time="0">\n' + _properties(lang) + "".join(cases) + "  </testsuite>\n"
        )

    def finish(self, tail: dict[str, Any]) -> str:
        lang = report_lang(self.header)
        out = []
        for invalid in tail["invalid"]:
            cases = []
            for error in invalid["errors"]:
                where = ":".join(str(part) for part in (error["line"], error["column"]) if part)
                pointer = error["pointer"] or "/" if error["pointer"] is not None else ""
                cases.append(
                    f'    <testcase classname="profile" name="{attr(pointer or "file")}" time="0">\n'
                    f'      <error type="{attr(error.get("code") or "invalid")}" message="{attr(error["message"])}">'
                    f'{body(invalid["file"] + (":" + where if where else "") + ": " + error["message"])}</error>\n    </testcase>\n'
                )
            out.append(
                f'  <testsuite name="{attr(invalid["file"])}" file="{attr(invalid["file"])}" tests="{len(cases)}" failures="0"'
                f' errors="{len(cases)}" skipped="0" time="0">\n' + _properties(lang) + "".join(cases) + "  </testsuite>\n"
            )
        return "".join(out) + "</testsuites>\n"
