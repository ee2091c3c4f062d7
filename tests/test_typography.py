"""The code's own punctuation, written as each language writes it (engine/l10n.py), in the real
reports: the issue's examples, Chinese «是; 否», «(必填): » and «98项已满足.», and French colons and
semicolons written by the code without their no-break space."""

from __future__ import annotations

import re
from pathlib import Path

from tests.clirun import cartagena

NOTHING = "profiles/demoland-almost-nothing-declared.json"
EVERYTHING = "profiles/examplia-everything-in-place.json"
SAMPLE = "profiles/sampleland-no-competent-national-authority.json"


def check(profile: str, lang: str, output_format: str, *more: str) -> str:
    result = cartagena("check", profile, "--engine", "python", "--lang", lang, "--format", output_format, *more)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def test_chinese_answers_counts_and_labels_take_full_width_punctuation(tmp_path: Path) -> None:
    markdown = check(NOTHING, "zh", "markdown")
    assert "`true` = 是；`false` = 否" in markdown and "是; 否" not in markdown
    text = check(EVERYTHING, "zh", "text")
    assert "项已满足。" not in text  # the text report ends no count with a stop...
    assert "项已满足。" in check(EVERYTHING, "zh", "markdown") and "项已满足." not in check(EVERYTHING, "zh", "markdown")  # ...markdown does
    assert re.search(r"^已满足（\d+）$", text, re.M)  # a section's count in full-width parentheses
    assert cartagena("init", "--party", "X", "--code", "XEA", "--as-of", "2026-01-01", "--full", "--lang", "zh", str(tmp_path / "x.json")).returncode == 0
    checklist = (tmp_path / "x.checklist.md").read_text(encoding="utf-8")
    assert "（必填）：" in checklist and "(必填): " not in checklist


def test_french_labels_written_by_the_code_keep_the_no_break_space() -> None:
    markdown = check(SAMPLE, "fr", "markdown")
    assert re.search(r"\*\*Objectif A\.1\.3\*\*\u00a0: ", markdown)  # "**Objective A.1.3**: " the code writes
    assert re.search(r"\*\*Fondement juridique\*\*\u00a0: ", markdown)
    # the labels the code writes ("**Objective A.1.3**: ", "(`CP-19.2`): ") never end in a bare colon
    assert not re.search(r"\*\*: |`\): |^- [^:\n]*[A-Za-zé)]: ", markdown, re.M)
    assert " : " not in markdown and " ; " not in markdown  # nor after an ordinary (breaking) space
