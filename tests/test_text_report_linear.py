"""The text report is linear in its output (issue 25): terminal escaping by one compiled pattern,
wrapping done once per distinct text. Its bytes are those the character-by-character escaping and
the plain `textwrap.wrap` of every line gave before: each fast part is compared with that
reference, and whole reports (the example profiles, generated ones, hostile text) are rendered
both ways."""

from __future__ import annotations

import json
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from engine.reporters import escaping, text
from tests.benchkit import bench_profiles
from tests.clirun import ROOT
from tests.test_report_escaping import TERMINAL

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def reference_terminal_text(value: object) -> str:
    """terminal_text before issue 25: one unicodedata lookup per character."""
    return "".join(f"\\u{ord(char):04x}" if unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS else char for char in str(value))


def reference_wrap(value: str, indent: str) -> tuple[str, ...]:
    """The text report's wrapping before issue 25: textwrap.wrap of every line, every time."""
    return tuple(textwrap.wrap(value, text.WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [indent])


def test_the_terminal_pattern_is_exactly_the_control_characters_and_the_bidi_controls() -> None:
    unsafe = {chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cc" or chr(code) in BIDI_CONTROLS}
    matched = {chr(code) for code in range(sys.maxunicode + 1) if escaping._TERMINAL_UNSAFE.match(chr(code))}
    assert matched == unsafe


_WORDS = st.text(alphabet=st.sampled_from(list("ab- \t\n\r\x0b\x0c\x1b\x85\u3000\u2028\u202eé中")), max_size=240)


@settings(max_examples=400, deadline=None)
@given(_WORDS, st.sampled_from(["", "  ", "    ", "      "]))
def test_wrapping_is_what_textwrap_gives(value: str, indent: str) -> None:
    text._wrapped.cache_clear()
    assert text._wrapped(value, indent) == reference_wrap(value, indent)
    assert text._wrapped(value, indent) == reference_wrap(value, indent)  # and from the cache


# lines of words, long enough to wrap, some words longer than a line, words with hyphens and
# dashes, now and then two spaces or whitespace textwrap or str.strip treat otherwise
_LINES = st.lists(
    st.text(alphabet=st.sampled_from(list("abcdefghij/_.=\"()1é中")), min_size=1, max_size=130)
    | st.sampled_from(["-", "--", "a-b", "ab-cd", "\u3000", "\x85", "\t", " ", "\u2028", "x\u00a0y"])
    | st.text(alphabet=st.sampled_from(list("ab12é-.,!?'\"&_")), min_size=1, max_size=12)
    | st.sampled_from(["2024-06-25", "1-2", "a1-2", "_-a", "1--2", "é-1", "ab-12"]),  # hyphens and dashes among letters, digits, punctuation
    max_size=40,
).map(" ".join)


_SHORT_WORDS = st.lists(st.text(alphabet=st.sampled_from(list("abcdefghij/_.=\"()1é中")), min_size=1, max_size=30), max_size=60).map(" ".join)


# words about as long as a line: where textwrap starts breaking them
_LINE_LONG_WORDS = st.lists(st.sampled_from(["a" * n for n in (1, 2, 45, 46, *range(90, 102))]), max_size=8).map(" ".join)


# hyphenated words (codes, compounds, dashes) of every length, where lines end
_HYPHENATED = st.lists(st.from_regex(r"[a-zé1(]{1,14}(?:-{1,2}[a-z1.)]{0,14}){0,4}", fullmatch=True), max_size=30).map(" ".join)


@settings(max_examples=900, deadline=None)
@given(_LINES | _SHORT_WORDS | _LINE_LONG_WORDS | _HYPHENATED, st.sampled_from(["", "  ", "    ", "      "]))
@example("x" * 90 + " ab-cdefghij", "")  # textwrap ends the line at the hyphen: "ab-" fits, "cdefghij" not
@example("x" * 90 + " 12-45678901", "")  # digits: it does not
@example("x" * 95 + " BCH-NFP-X634-4", "    ")  # a record's code: split after its letters' hyphens
@example("a" * 97 + "-" + "b" * 120, "")  # the piece after the hyphen is longer than a line
def test_plain_words_are_split_as_textwrap_splits_them(value: str, indent: str) -> None:
    assert text._wrapper(indent)._split_chunks(value) == textwrap.TextWrapper()._split_chunks(value)
    text._wrapped.cache_clear()
    assert text._wrapped(value, indent) == reference_wrap(value, indent)
    if text._SPACED_WORDS.fullmatch(value):  # the greedy wrap, whatever the words' length and hyphens
        assert text._greedy(value, indent) == reference_wrap(value, indent)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_terminal_text_is_what_it_was(value: str) -> None:
    assert escaping.terminal_text(value) == reference_terminal_text(value)


def _profiles(tmp_path: Path) -> list[str]:
    """The example profiles, 30 generated ones, and one whose texts hold terminal escapes, bidi
    overrides, tabs and words longer than a line."""
    generator = bench_profiles()
    generated = generator.write_profiles(generator.generate(30, seed=25), tmp_path / "generated")
    hostile = json.loads((ROOT / "profiles" / "sampleland-no-competent-national-authority.json").read_text(encoding="utf-8"))
    hostile["party"]["name"] = "Sample\u202eland\tof " + TERMINAL
    framework = hostile["national_biosafety_framework"]
    for key, declaration in framework.items():
        if isinstance(declaration, dict) and isinstance(declaration.get("answer"), str):
            declaration["evidence"] = [{"note": "x" * 150 + "-long\u2066word\u2069 " + TERMINAL + "\tand a well-known hyphen-ated text " * 3}]
            break
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile, indent=1, ensure_ascii=False), encoding="utf-8")
    assert len(generated) == 30
    return [str(ROOT / "profiles"), str(tmp_path / "generated"), str(path)]


def _render(paths: list[str], lang: str, brief: bool) -> str:
    from tests.reportkit import render_check

    return render_check(paths, "text", lang=lang, brief=brief, fail_on="commitment")


@pytest.mark.parametrize(("lang", "brief"), [("en", False), ("en", True), ("fr", False), ("ar", False)])
def test_the_text_report_is_byte_identical_to_the_reference_rendering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, brief: bool) -> None:
    paths = _profiles(tmp_path)
    fast = _render(paths, lang, brief)
    _without_remembering(monkeypatch)  # nothing the fast rendering kept is used by the reference
    monkeypatch.setattr(text, "_wrapped", reference_wrap)
    monkeypatch.setattr(text, "_wrapping", reference_wrap)
    monkeypatch.setattr(text, "terminal_text", reference_terminal_text)
    reference = _render(paths, lang, brief)
    assert fast == reference
    assert "\\u202e" in fast and "\\u001b" in fast and "\u202e" not in fast  # the hostile profile is in it, made inert


# --- each finding's fixed words rendered once per run (issue 25) -----------------------------------

LANGUAGES = ("en", "ar", "es", "fr", "ru", "zh")


def _runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every language, each with: all statuses and failing findings at both gates; --brief with
    waivers in force and expired (the examples, 30 generated profiles, hostile text)."""
    from tests.leakrun import make_inputs

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796000000")  # the day the waivers are judged on
    paths = _profiles(tmp_path)
    waived = make_inputs(tmp_path / "waived")
    runs = []
    for lang in LANGUAGES:
        runs.append([*paths, "--lang", lang, "--fail-on", "any", "--require-declared", "commitment"])
        runs.append([*paths, str(waived["new"]), "--lang", lang, "--brief", "--waivers", str(waived["waivers"]), "--fail-on", "commitment"])
    return runs


def _reports(runs: list[list[str]]) -> list[str]:
    """The text reports of `runs`, one after another in this process (as serve or a test would)."""
    from click.testing import CliRunner

    from cli import cartagena

    reports = []
    for args in runs:
        result = CliRunner().invoke(cartagena, ["check", "--engine", "python", "--jobs", "1", *args], catch_exceptions=False)
        assert result.exit_code in (0, 1, 2), result.output
        reports.append(result.stdout)
    return reports


def _without_remembering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every block rendered anew for every finding: nothing kept between findings or runs."""
    monkeypatch.setattr(text, "BLOCKS_KEPT", 0)
    monkeypatch.setattr(text, "_evidence_text", text._evidence_text.__wrapped__)
    monkeypatch.setattr(text, "_wrapped", text._wrapping)


def test_the_blocks_a_run_keeps_give_the_report_rendered_without_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _runs(tmp_path, monkeypatch)
    kept = _reports(runs)
    with monkeypatch.context() as patched:
        _without_remembering(patched)
        anew = _reports(runs)
    for args, fast, slow in zip(runs, kept, anew):
        assert fast == slow, args
    every = "".join(kept)
    for shown in ("Waived:", "Waiver expired", "[fails --require-declared]", "\\u202e", "\\u001b", "\u2068"):
        assert shown in every, shown  # what the runs were meant to show is in them


def test_a_block_kept_from_another_run_would_be_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above can fail: blocks kept across runs (so across languages and waivers)
    give another report."""
    runs = _runs(tmp_path, monkeypatch)[:4]  # English and Arabic
    with monkeypatch.context() as patched:
        _without_remembering(patched)
        anew = _reports(runs)
    shared: dict[tuple[object, ...], str] = {}
    monkeypatch.setattr(text, "_blocks", lambda header: shared)  # one cache whatever the run's header
    assert _reports(runs) != anew


def test_the_blocks_kept_are_bounded_whatever_the_number_of_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run keeps at most BLOCKS_KEPT blocks (its rules x statuses, goals, sections: not one per
    profile); past the bound the rest are rendered each time, the same."""
    paths = _profiles(tmp_path)
    full = _render(paths, "fr", False)
    kept = len(text._BLOCKS[1])
    assert 0 < kept < 2000
    monkeypatch.setattr(text, "BLOCKS_KEPT", 7)
    assert _render(paths, "fr", False) == full
    assert len(text._BLOCKS[1]) == 7
