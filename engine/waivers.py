"""Waivers: exceptions the Compliance Committee accepted, read from a YAML or JSON file
(`cartagena check --waivers FILE`, format in `rules/schema/waivers.schema.json`).

Each waiver names a rule and a Party (by code), the reason the gap is accepted, who approved it and
on which day, the day it expires, and optionally a reference (e.g. a Committee recommendation).

Decisions (README.md states them too):

* Only a gap is waived. The finding becomes `waived` (a status of its own, never counted as a gap,
  never failing a gate) and carries the waiver; a waiver meeting a finding that is not a gap matches
  nothing and is listed as such.
* A waiver is in force up to and including its expiry date, judged against the day of the run
  (`engine.clock.today`, fixed by SOURCE_DATE_EPOCH), not against the profile's `as_of`: a waiver is
  the Committee's acceptance for a span of real time, and judging it by `as_of` would keep an old
  profile waived for ever. An expired waiver no longer applies (fail open): the gap is a gap again,
  failing as any gap, and its finding says which waiver expired and when.
* The file is checked whole before any profile is read; every problem (an unknown rule, a Party code
  that is not three capital letters, a date that is not YYYY-MM-DD or does not exist, no reason, an
  expiry before the approval, two waivers of the same rule and Party) is one
  `file:line:column: /pointer: message` line, and the run stops with exit 2.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from .i18n import N_, tr
from .loader import MAX_NESTING_DEPTH, Problem, json_pointer, load_document, read_text
from .paths import WAIVERS_SCHEMA_PATH

REQUIRED = ("rule", "party", "reason", "approved_by", "approved_on", "expires")
DATE_FIELDS = ("approved_on", "expires")
# the statuses a finding a waiver matched can have instead of a gap, as the report says them
_STATUS_WORDS = {"met": N_("met"), "not_applicable": N_("not applicable"), "not_declared": N_("not declared")}
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_FIELD_WORDS = {
    "rule": "the id of the rule waived",
    "party": "the code of the Party",
    "reason": "why the Committee accepted the gap",
    "approved_by": "who approved the waiver",
    "approved_on": "the day it was approved",
    "expires": "the day it expires",
}


class _Refused(yaml.MarkedYAMLError):
    """A YAML construct a waivers file does not need and that could make a small file use unbounded
    time or memory: an alias (`*name`, the "billion laughs"), or nesting deeper than a profile may."""


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML (plain data only) in which dates stay strings, as in JSON, so both are checked alike;
    bounded: aliases refused, nesting at most MAX_NESTING_DEPTH (as profiles)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                None, None,
                f"an alias (*{event.anchor}) is not allowed in a waivers file: write each waiver in full",
                event.start_mark,
            )
        container = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
        self._depth += container  # levels of mappings and lists, as a profile counts objects and arrays
        try:
            if self._depth > MAX_NESTING_DEPTH:
                raise _Refused(None, None, f"nested too deeply: more than {MAX_NESTING_DEPTH} levels of mappings and lists (a waivers file has 3)", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= container


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Waiver:
    rule: str
    party: str
    reason: str
    approved_by: str
    approved_on: str
    expires: str
    reference: str | None
    file: str
    line: int | None

    def details(self) -> dict[str, Any]:
        """The waiver as every report shows it, with where it was written."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "party": self.party,
            "reason": self.reason,
            "approved_by": self.approved_by,
            "approved_on": self.approved_on,
            "expires": self.expires,
            "file": self.file,
            "line": self.line,
        }
        if self.reference is not None:
            out["reference"] = self.reference
        return out


@dataclass
class Waivers:
    """The waivers of one file, applied to the finding records of a run as they are made."""

    file: str
    sha256: str
    today: date
    waivers: tuple[Waiver, ...]
    _by_key: dict[tuple[str, str], Waiver] = field(default_factory=dict)
    _statuses: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    _parties: set[str] = field(default_factory=set)
    _rules: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._by_key = {(waiver.rule, waiver.party): waiver for waiver in self.waivers}

    def in_force(self, waiver: Waiver) -> bool:
        return date.fromisoformat(waiver.expires) >= self.today

    def header(self) -> dict[str, Any]:
        return {"file": self.file, "sha256": self.sha256, "count": len(self.waivers), "today": self.today.isoformat()}

    def apply(self, records: list[dict[str, Any]], party: str) -> None:
        """Waive the gaps of one profile's finding records that a waiver in force covers; note the
        expired waivers on the gaps they no longer cover."""
        self._parties.add(party)
        for record in records:
            self._rules.add(record["rule"])
            waiver = self._by_key.get((record["rule"], party))
            if waiver is None:
                continue
            self._statuses.setdefault((waiver.rule, waiver.party), set()).add(record["status"])
            if record["status"] != "gap":
                continue
            if self.in_force(waiver):
                record["status"] = "waived"
                record["failing"] = False
                record["waiver"] = waiver.details()
            else:
                record["waiver_expired"] = waiver.details()

    def take_observations(self) -> tuple[set[str], set[str], dict[tuple[str, str], set[str]]]:
        """What `apply` noted so far (Parties, rules, the statuses of findings a waiver names),
        handed over and forgotten: a worker of `check --jobs` sends it to the command's process,
        which `merge`s it, so the end of the report is the same as in one process."""
        taken = (self._parties, self._rules, self._statuses)
        self._parties, self._rules, self._statuses = set(), set(), {}
        return taken

    def merge(self, observations: tuple[set[str], set[str], dict[tuple[str, str], set[str]]]) -> None:
        parties, rules, statuses = observations
        self._parties |= parties
        self._rules |= rules
        for key, seen in statuses.items():
            self._statuses.setdefault(key, set()).update(seen)

    def tail(self, lang: str = "en") -> dict[str, Any]:
        """For the end of the report: the waivers that expired, and those that matched no gap (and
        why, in the report's language `lang`)."""
        unmatched = []
        for waiver in self.waivers:
            statuses = self._statuses.get((waiver.rule, waiver.party), set())
            if "gap" in statuses:
                continue
            if waiver.party not in self._parties:
                why = tr(lang, "no profile of Party {party} was checked").format(party=waiver.party)
            elif waiver.rule not in self._rules:
                why = tr(lang, "the rule was not run (--goal or --rule)")
            elif lang == "en":
                why = "the finding was " + " and ".join(sorted(status.replace("_", " ") for status in statuses)) + ", not a gap"
            else:  # the statuses as a list: no "and" to place in another language's order
                listed = ", ".join(tr(lang, _STATUS_WORDS[status]) for status in sorted(statuses))
                why = tr(lang, "the finding was not a gap but: {statuses}").format(statuses=listed)
            unmatched.append({**waiver.details(), "why": why})
        return {
            "expired_waivers": [waiver.details() for waiver in self.waivers if not self.in_force(waiver)],
            "unmatched_waivers": unmatched,
        }


# --------------------------------------------------------------------------------------------------
# Reading the file


@cache
def waivers_schema() -> dict[str, Any]:
    return json.loads(WAIVERS_SCHEMA_PATH.read_text(encoding="utf-8"))


class _YamlPlaces:
    """Where each JSON pointer of a YAML document is, from the nodes' marks (1-based lines and columns)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[str, tuple[int, int]] = {}
        self.keys: dict[str, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def walk(self, node: yaml.Node, pointer: str = "") -> None:
        self.values[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = json_pointer([*_tokens(pointer), str(key_node.value)])
                if child in self.keys:
                    self.problems.append(self._at(key_node, child, f"duplicate key '{key_node.value}' (also on line {self.keys[child][0]})"))
                    continue
                self.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                self.walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, f"{pointer}/{index}")

    def _at(self, node: yaml.Node, pointer: str, message: str) -> Problem:
        return Problem(self.name, pointer, node.start_mark.line + 1, node.start_mark.column + 1, message)

    def problem(self, pointer: str, message: str, *, at_key: bool = False) -> Problem:
        position = self.keys.get(pointer) if at_key else None
        probe = pointer
        while position is None:
            position = self.values.get(probe)
            if probe == "":
                break
            probe = probe.rsplit("/", 1)[0]
        line, column = position if position else (None, None)
        return Problem(self.name, pointer, line, column, message)


def _tokens(pointer: str) -> list[str]:
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]


def _as_waivers_file(problem: Problem) -> Problem:
    """A problem of the profile reader, worded for a waivers file."""
    message = problem.message.replace("a profile file", "a waivers file").replace("a profile", "a waivers file")
    return Problem(problem.file, problem.pointer, problem.line, problem.column, message, problem.code)


def _read_yaml(path: Path, name: str) -> tuple[Any, _YamlPlaces, bytes] | Problem:
    read = read_text(path)  # the same limits as a profile: size, UTF-8, a regular file
    if isinstance(read, Problem):
        return _as_waivers_file(read)
    raw, text = read
    places = _YamlPlaces(name)
    loader = _YamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            places.walk(node)
        data = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return Problem(name, None, line, column, str(exc.problem))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return Problem(name, None, line, column, f"not valid YAML: {exc.problem or exc.context}")
    except yaml.YAMLError as exc:
        return Problem(name, None, None, None, f"not valid YAML: {exc}")
    finally:
        loader.dispose()
    return data, places, raw


def _describe(value: Any) -> str:
    if value is None:
        return "got nothing (null)"
    if isinstance(value, bool):
        return f"got {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"got the number {value}"
    if isinstance(value, str):
        return f"got {json.dumps(value if len(value) <= 40 else value[:37] + '...', ensure_ascii=False)}"
    return "got a list" if isinstance(value, list) else "got a mapping"


def _schema_problem(error: Any, places: Any) -> Problem:
    pointer = json_pointer(error.absolute_path)
    name = str(error.absolute_path[-1]) if error.absolute_path else ""
    kind = error.validator
    if kind == "required":
        missing = [key for key in error.validator_value if key not in error.instance][0]
        child = json_pointer([*error.absolute_path, missing])
        if missing == "reason":
            return places.problem(child, "no reason: a waiver must say why the Committee accepted the gap")
        return places.problem(child, f"missing required property '{missing}' ({_FIELD_WORDS.get(missing, missing)})")
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = sorted(str(key) for key in error.instance if key not in allowed)[0]
        close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; allowed here: {', '.join(allowed)}"
        return places.problem(json_pointer([*error.absolute_path, extra]), f"unknown property '{extra}'{hint}", at_key=True)
    if name == "reason":
        return places.problem(pointer, f"no reason: a waiver must say why the Committee accepted the gap, {_describe(error.instance)}")
    if name == "party":
        return places.problem(pointer, f"must be a Party code, three capital letters (ISO 3166-1 alpha-3, e.g. XEA), {_describe(error.instance)}")
    if name in DATE_FIELDS:
        return places.problem(pointer, f"must be a date written YYYY-MM-DD, {_describe(error.instance)}")
    if kind == "type":
        expected = {"object": "a mapping", "array": "a list", "string": "a text"}.get(str(error.validator_value), str(error.validator_value))
        return places.problem(pointer, f"must be {expected}, {_describe(error.instance)}")
    if kind == "pattern":
        return places.problem(pointer, f"must not be empty, {_describe(error.instance)}")
    return places.problem(pointer, error.message)  # pragma: no cover - every keyword of the schema is handled above


def _semantic_problems(data: Any, places: Any, rule_ids: set[str]) -> list[Problem]:
    """What the schema cannot say, for every entry whose parts have the right shape (so that one run
    reports every problem of the file)."""
    problems: list[Problem] = []
    first: dict[tuple[str, str], int] = {}
    entries = data.get("waivers") if isinstance(data, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        base = f"/waivers/{index}"
        days: dict[str, date] = {}
        for name in DATE_FIELDS:
            written = entry.get(name)
            if not isinstance(written, str) or not _DAY.match(written):
                continue
            try:
                days[name] = date.fromisoformat(written)
            except ValueError:
                problems.append(places.problem(f"{base}/{name}", f"{written} is not a date that exists (the month or the day is out of range)"))
        if len(days) == 2 and days["expires"] < days["approved_on"]:
            problems.append(places.problem(f"{base}/expires", f"expires on {entry['expires']}, before it was approved ({entry['approved_on']})"))
        rule = entry.get("rule")
        if isinstance(rule, str) and rule.strip() and rule not in rule_ids:
            close = difflib.get_close_matches(rule, sorted(rule_ids), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else "; `cartagena rules` lists the rules"
            problems.append(places.problem(f"{base}/rule", f"'{rule}' is not a rule{hint}"))
        key = (rule, entry.get("party"))
        if not all(isinstance(part, str) for part in key):
            continue
        if key in first:
            line = places.problem(f"/waivers/{first[key]}", "").line
            problems.append(places.problem(base, f"a second waiver of rule {key[0]} for Party {key[1]} (the first is on line {line})"))
        else:
            first[key] = index
    return problems


def load_waivers(path: str, rule_ids: Iterable[str], today: date) -> Waivers | list[Problem]:
    """The waivers of `path` (YAML or JSON by its suffix), or every problem in it."""
    import jsonschema

    file = Path(path)
    name = str(path)
    suffix = file.suffix.lower()
    if suffix == ".json":
        loaded = load_document(file)
        if isinstance(loaded, Problem):
            return [_as_waivers_file(loaded)]
        data, places, raw = loaded.data, loaded, loaded.raw
    elif suffix in (".yaml", ".yml"):
        read = _read_yaml(file, name)
        if isinstance(read, Problem):
            return [read]
        data, places, raw = read
        if places.problems:
            return places.problems
    else:
        return [Problem(name, None, None, None, "a waivers file is YAML (.yaml, .yml) or JSON (.json)")]
    validator = jsonschema.Draft202012Validator(waivers_schema())
    errors = sorted(validator.iter_errors(data), key=lambda error: [str(part) for part in error.absolute_path])
    problems = [_schema_problem(error, places) for error in errors] + _semantic_problems(data, places, set(rule_ids))
    if problems:
        return sorted(problems, key=lambda problem: (problem.line or 0, problem.column or 0))
    waivers = tuple(
        Waiver(
            rule=entry["rule"],
            party=entry["party"],
            reason=entry["reason"],
            approved_by=entry["approved_by"],
            approved_on=entry["approved_on"],
            expires=entry["expires"],
            reference=entry.get("reference"),
            file=name,
            line=places.problem(f"/waivers/{index}", "").line,
        )
        for index, entry in enumerate(data["waivers"])
    )
    return Waivers(file=name, sha256=hashlib.sha256(raw).hexdigest(), today=today, waivers=waivers)


__all__ = ["Waiver", "Waivers", "load_waivers", "waivers_schema"]
