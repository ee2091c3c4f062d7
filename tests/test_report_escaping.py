"""What a profile says is data in every human format: a Party name or an evidence value holding
HTML, markdown or terminal escapes is shown as written and never acts as markup or a command."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from engine.reporters import html as html_reporter
from engine.reporters.escaping import markdown_code, markdown_text, terminal_text
from tests.clirun import cartagena
from tests.test_reporters import run

HOSTILE_NAME = "<script>alert(1)</script> & **bold** # heading"
QUOTED_VALUE = 'say "yes" \' onmouseover="alert(2)" <b>'
TERMINAL = "Red\x1b[31mLand\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\\rOVER\x07\x9b2J"
TABLE_AND_LINK = "[click](http://evil.example) | col | `tick` _em_\n# second line"


def hostile(name: str, value: str, cited: str) -> Any:
    def mutate(record: dict[str, Any]) -> None:
        record["party"] = {**record["party"], "name": name}
        gap = next(finding for finding in record["findings"] if finding["status"] == "gap")
        gap["evidence"] = [{**gap["evidence"][0], "value": value, "cited": [{"instrument": cited}]}]

    return mutate


class Tags(HTMLParser):
    """Every start tag and every attribute name of a document, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_the_party_name_and_evidence_values_including_quotes() -> None:
    report = run("html", mutate=hostile(HOSTILE_NAME, QUOTED_VALUE, HOSTILE_NAME))
    parser = Tags()
    parser.feed(report)
    assert "script" not in parser.tags and "b" not in parser.tags
    assert "onmouseover" not in parser.attributes
    assert f"<h2 id=\"party-1-XTE-h\">{html.escape(HOSTILE_NAME)} (XTE), declarations as of 2026-03-31</h2>" in report
    assert html.escape('"say \\"yes\\" \' onmouseover=\\"alert(2)\\" <b>"', quote=True) in report
    assert "&#x27;" in report and "<script>" not in report
    # and the text a reader sees is the name exactly as the profile wrote it
    assert f"{HOSTILE_NAME} (XTE), declarations as of 2026-03-31" in "".join(parser.text)


def test_markdown_shows_markup_in_a_profile_as_text() -> None:
    report = run("markdown", mutate=hostile(HOSTILE_NAME, TABLE_AND_LINK, TABLE_AND_LINK))
    assert "\n## &lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; \\*\\*bold\\*\\* \\# heading (XTE), declarations as of 2026-03-31\n" in report
    assert "<script>" not in report and "**bold**" not in report
    # no line of the report begins with a heading, list or table the profile made
    assert not [line for line in report.splitlines() if "second line" in line and line.startswith("#")]
    assert 'cited: instrument "\\[click\\]\\(http://evil.example\\) \\| col \\| \\`tick\\` \\_em\\_\\\\n\\# second line"' in report
    # the evidence value is a code span with a longer fence than the backticks it holds
    assert '= `` "[click](http://evil.example) | col | `tick` _em_\\n# second line" ``' in report


def test_markdown_escaping_functions() -> None:
    assert markdown_text("a*b_c`d[e](f)<g>&h|i#j~k!l\\m") == "a\\*b\\_c\\`d\\[e\\]\\(f\\)&lt;g&gt;&amp;h\\|i\\#j\\~k\\!l\\\\m"
    assert markdown_text("one\ntwo\r\nthree") == "one two three"
    assert markdown_code("plain") == "`plain`"
    assert markdown_code("a `b` c") == "`` a `b` c ``"
    assert markdown_code("``x``") == "``` ``x`` ```"


def test_text_report_turns_terminal_escapes_into_visible_characters() -> None:
    report = run("text", mutate=hostile(TERMINAL, TERMINAL, TERMINAL))
    assert "\x1b" not in report and "\r" not in report and "\x07" not in report and "\x9b" not in report
    assert "Red\\u001b[31mLand\\u001b]8;;http://evil.example/\\u001b\\link\\u001b]8;;\\u001b\\\\u000dOVER\\u0007\\u009b2J (XTE)" in report
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", report)


def test_terminal_text_keeps_printable_text_and_shows_controls() -> None:
    assert terminal_text("Ñandú – ok") == "Ñandú – ok"
    assert terminal_text("a\tb\nc\u202ed") == "a\\u0009b\\u000ac\\u202ed"


def test_html_report_takes_its_time_from_the_injected_clock() -> None:
    when = datetime(2026, 5, 1, 9, 30, 5, tzinfo=timezone.utc)
    report = run("html", output=html_reporter.Reporter(clock=lambda: when))
    assert '<time datetime="2026-05-01T09:30:05Z">2026-05-01 09:30:05 UTC</time>' in report


@pytest.mark.parametrize("epoch, shown", [("0", "1970-01-01 00:00:00 UTC"), ("1780000000", "2026-05-28 20:26:40 UTC")])
def test_html_report_is_byte_identical_under_source_date_epoch(epoch: str, shown: str) -> None:
    args = ("check", "profiles/sampleland-no-competent-national-authority.json", "--format", "html", "--engine", "python")
    first, second = (cartagena(*args, env={"SOURCE_DATE_EPOCH": epoch}) for _ in range(2))
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout
    assert f">{shown}</time>" in first.stdout
    assert first.stdout.startswith('<!DOCTYPE html>\n<html lang="en">\n')


def test_html_report_loads_nothing_from_anywhere() -> None:
    report = run("html")
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", report)  # only links inside the page
    assert "url(" not in report and "@import" not in report and "<script" not in report and "<link" not in report
    assert "default-src 'none'" in report


def test_markdown_report_parsed_as_commonmark_holds_no_markup_from_the_profile() -> None:
    from markdown_it import MarkdownIt

    report = run("markdown", mutate=hostile(HOSTILE_NAME, TABLE_AND_LINK, TABLE_AND_LINK))
    tokens = MarkdownIt("commonmark").enable("table").parse(report)
    inline = [child for token in tokens if token.type == "inline" for child in token.children or []]
    assert not {token.type for token in tokens + inline} & {"html_block", "html_inline", "link_open", "image"}
    headings = ["".join(child.content for child in tokens[index + 1].children or []) for index, token in enumerate(tokens) if token.type == "heading_open"]
    assert f"{HOSTILE_NAME} (XTE), declarations as of 2026-03-31" in headings
    assert not [heading for heading in headings if "second line" in heading]
    # emphasis holds only the report's own labels, never words of the profile
    emphasised, depth = [], 0
    for child in inline:
        depth += child.type in ("strong_open", "em_open")
        depth -= child.type in ("strong_close", "em_close")
        if depth and child.type in ("text", "code_inline"):
            emphasised.append(child.content)
    assert not [text for text in emphasised if "bold" in text or "em" == text or "click" in text]
    # one table (the met rules), each row with its three cells
    assert [token.type for token in tokens].count("table_open") == 1
    rows = report.split("| Rule | Goal | What it means |")[1].split("\n\n")[0].strip().splitlines()[1:]
    assert len(rows) == 3 and all(row.count(" | ") == 2 for row in rows)


def test_check_writes_the_report_to_the_output_file_and_nothing_to_stdout(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    args = ("check", "profiles/sampleland-no-competent-national-authority.json", "--format", "html", "--engine", "python")
    to_file = cartagena(*args, "-o", str(target), env={"SOURCE_DATE_EPOCH": "0"})
    to_stdout = cartagena(*args, env={"SOURCE_DATE_EPOCH": "0"})
    assert to_file.returncode == to_stdout.returncode == 1
    assert to_file.stdout == ""
    assert target.read_text(encoding="utf-8") == to_stdout.stdout


def test_json_dumps_escapes_every_character_json_text_escapes_without_running_the_pattern_on_plain_text() -> None:
    """`jsondump.dumps` runs `json_text` only on JSON that holds one of four UTF-8 lead bytes: those
    must be the lead bytes of every character the pattern escapes (a character added to it with a
    new lead byte would otherwise be written raw)."""
    from engine.reporters.escaping import _JSON_UNSAFE
    from engine.reporters.jsondump import dumps

    unsafe = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000 and _JSON_UNSAFE.match(chr(code))]
    assert {character.encode("utf-8")[0] for character in unsafe} == {0x7F, 0xC2, 0xD8, 0xE2}
    for character in unsafe:
        assert dumps({"v": f"a{character}b"}) == '{"v":"a\\u%04xb"}' % ord(character)
    assert dumps({"v": "plain ascii, é, 中文"}) == '{"v":"plain ascii, é, 中文"}'
