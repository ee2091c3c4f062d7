"""The change between two reporting cycles (`cartagena diff OLD NEW`), as plain data.

Each side is a profile, a folder of profiles, or a saved JSON report of `cartagena check --format
json` (a baseline). Profiles are checked with the current rules; a report's findings are taken as
they were recorded. The sides are paired by Party: two files of one Party each are compared
whatever their codes (and a difference is a problem), otherwise Parties are matched by code.

Decisions (README.md states them too):

* Every rule's change falls in exactly one kind, the first that fits: `new_gap` (a gap in NEW that
  was not a gap in OLD), `gap_closed` (a gap, or a waived gap, in OLD that is met or not applicable
  in NEW), `newly_declared` (not declared in OLD, declared in NEW), `no_longer_declared` (declared in
  OLD, not declared in NEW), `changed` (any other change, e.g. a gap now waived, met now not
  applicable, or a rule only one side has).
* The gate: a new gap fails at the `--fail-on` level, a declaration lost fails at the
  `--require-declared` level (engine.report.Gate); a waived gap never fails.
* A Party only in NEW is compared with nothing: its gaps are new gaps (a regression gate must not be
  passed by a new file); a Party only in OLD is listed, not compared.
* A saved report of either format is read: 1 (before `report_format`) and 2 (findings by rule id);
  a report of a later format is a problem naming its format (a newer cartagena wrote it).
* Problems that make the comparison meaningless for a pair are reported one line each and exit 2:
  two single-Party files of different Parties, a NEW older (`as_of`) than OLD, the same Party twice on
  one side, an invalid profile or report. A report made with other rules (its `rules.sha256` is not
  the current rulebook's) is compared rule by rule and noted, one line; it does not change the exit
  code, because rules only one side has are shown as changes and a new rule's gaps count as new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from .catalog import present
from .catalog.present import duty_label
from .i18n import N_, rule_words, tr
from .loader import Document, Problem, load_document
from .profile.validation import ProfileCheck, check_loaded, iter_checks
from .report import REPORT_FORMAT, REPORT_STATUSES, Gate, ProfileResult, profile_record

KINDS: tuple[str, ...] = ("new_gap", "gap_closed", "newly_declared", "no_longer_declared", "changed")
KIND_TITLES = {
    "new_gap": N_("new gap"),
    "gap_closed": N_("gap closed"),
    "newly_declared": N_("newly declared"),
    "no_longer_declared": N_("no longer declared"),
    # TRANSLATORS: a kind of change of a rule's finding between two reporting cycles (any change but the four before)
    "changed": N_("changed"),
}
# every label engine.catalog.present.duty_label gives, and the bare kinds of duty an older report's
# rule keeps: their msgids, so `duty_words` finds them in the catalogs (tests check none is missing)
DUTY_LABELS = (*present.DUTY_LABELS, *present.DUTY_NAMES.values())
_DECLARED = ("gap", "waived", "met", "not_applicable")
READ_FORMATS = tuple(range(1, REPORT_FORMAT + 1))
"""The formats of saved JSON reports `diff` reads: 1 (findings repeated their rule's duty and goal)
and 2 (findings name their rule; its duty and goal are in the header's `rules.details`)."""


def duty_words(lang: str, label: str) -> str:
    """A rule's duty label (`duty_label`, or an older report's bare kind of duty) in `lang`."""
    return tr(lang, label)


def change_kind(old: str | None, new: str | None) -> str | None:
    """The kind of change from status `old` to `new` (None: the rule or Party is not on that side)."""
    if old == new:
        return None
    if new == "gap":
        return "new_gap"
    if old in ("gap", "waived") and new in ("met", "not_applicable"):
        return "gap_closed"
    if old == "not_declared" and new in _DECLARED:
        return "newly_declared"
    if old in _DECLARED and new == "not_declared":
        return "no_longer_declared"
    return "changed"


@dataclass
class Side:
    """One Party's findings on one side: what `check` gave, or what a saved report recorded."""

    file: str
    sha256: str
    party: dict[str, Any]
    findings: dict[str, dict[str, Any]]  # rule id -> finding record (status, duty, goal, ...)


@dataclass
class Source:
    """What one command-line argument (OLD or NEW) gave."""

    path: str
    kind: str  # "profiles" or "report"
    sides: list[Side] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rules_sha256: str | None = None  # a report's

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "kind": self.kind, "profiles": len(self.sides)}
        if self.kind == "report" and self.rules_sha256 is not None:  # none when the file is not a report after all
            out["rules_sha256"] = self.rules_sha256
        return out


def _is_report(data: Any) -> bool:
    return isinstance(data, dict) and "profiles" in data and "tool" in data


def _report_problem(document: Document, pointer: str, what: str, lang: str) -> Problem:
    message = tr(lang, "not a report of `cartagena check --format json`: {what}").format(what=what)
    return document.problem(pointer, message, code="input.not-a-report")


def _read_report(document: Document, source: Source, lang: str) -> None:
    """The Parties of a saved JSON report, with the findings as recorded; one problem if it is not one."""
    data = document.data
    rules = data.get("rules")
    if not isinstance(rules, dict) or not isinstance(rules.get("sha256"), str):
        source.problems.append(_report_problem(document, "/rules", tr(lang, "no rules.sha256"), lang))
        return
    source.rules_sha256 = rules["sha256"]
    version = data.get("report_format", 1)  # format 1 (before issue 25) has no `report_format`
    if version not in READ_FORMATS:
        what = tr(lang, "it is report format {version}; this version of cartagena reads formats {formats} (a newer cartagena wrote it)").format(
            version=version, formats=", ".join(map(str, READ_FORMATS))
        )
        source.problems.append(_report_problem(document, "/report_format", what, lang))
        return
    # format 2 names each finding's rule by id; its duty and goal are in the header, once
    details = rules.get("details") if version >= 2 else None
    if version >= 2 and not isinstance(details, dict):
        source.problems.append(_report_problem(document, "/rules/details", tr(lang, "no rules.details"), lang))
        return
    profiles = data["profiles"]
    if not isinstance(profiles, list):
        source.problems.append(_report_problem(document, "/profiles", tr(lang, "profiles must be a list"), lang))
        return
    for index, profile in enumerate(profiles):
        base = f"/profiles/{index}"
        party = profile.get("party") if isinstance(profile, dict) else None
        if not isinstance(party, dict) or not all(isinstance(party.get(key), str) for key in ("code", "name", "as_of")):
            what = tr(lang, "a profile needs party.code, party.name and party.as_of")
            source.problems.append(_report_problem(document, f"{base}/party", what, lang))
            continue
        findings: dict[str, dict[str, Any]] = {}
        for number, finding in enumerate(profile.get("findings") or []):
            if details is not None and isinstance(finding, dict) and isinstance(details.get(finding.get("rule")), dict):
                rule = details[finding["rule"]]
                finding = {**finding, "duty": rule.get("duty"), "goal": rule.get("goal")}
            if not (
                isinstance(finding, dict)
                and isinstance(finding.get("rule"), str)
                and finding.get("status") in REPORT_STATUSES
                and isinstance(finding.get("duty"), str)
                and isinstance(finding.get("goal"), str)
            ):
                what = tr(lang, "a finding needs rule, status, duty and goal")
                source.problems.append(_report_problem(document, f"{base}/findings/{number}", what, lang))
                break
            findings[finding["rule"]] = finding
        else:
            file = profile.get("file") if isinstance(profile.get("file"), str) else document.display_name
            sha = profile.get("sha256") if isinstance(profile.get("sha256"), str) else ""
            source.sides.append(Side(file=f"{document.display_name}: {file}", sha256=sha, party=party, findings=findings))


def read_source(
    path: str, evaluate: Any, lang: str = "en", *, outputs: Iterable[str | None] = (), say: Callable[[str], None] | None = None
) -> Source:
    """OLD or NEW: a saved report, a profile, or a folder of profiles (checked with `evaluate`);
    the problems this module finds in `lang` (those of the profile loader as it words them). A
    folder is read as `check` reads it (engine.profile.validation.iter_checks: `outputs` and this
    tool's reports skipped, said through `say` with the date warnings)."""
    checks: Iterable[ProfileCheck]
    if Path(path).is_file():
        loaded = load_document(path)
        if isinstance(loaded, Document) and _is_report(loaded.data):
            source = Source(path, "report")
            _read_report(loaded, source, lang)
            return source
        checks = [check_loaded(loaded, say)]
    else:
        checks = iter_checks([path], outputs=outputs, say=say)
    source = Source(path, "profiles")
    for check in checks:
        if not check.valid:
            source.problems.extend(check.errors)
            continue
        assert check.document is not None and check.profile is not None and check.data is not None
        party = {"name": check.profile.party.name, "code": check.profile.party.code, "as_of": check.profile.party.as_of.isoformat()}
        records = evaluate(check.file, check.document.sha256, party, check.data)
        source.sides.append(Side(check.file, check.document.sha256, party, {record["rule"]: record for record in records}))
    return source


def evaluator_function(evaluator: Any, gate: Gate, waivers: Any) -> Any:
    """Finding records of one profile, as `check` makes them (waivers applied)."""

    def evaluate(file: str, sha256: str, party: dict[str, Any], data: dict[str, Any]) -> list[dict[str, Any]]:
        findings = evaluator.evaluate(data)
        records = profile_record(ProfileResult(file=file, sha256=sha256, party=party, findings=findings, gate=gate, waivers=waivers))["findings"]
        # each with its rule's duty and goal, as a saved report's findings are read
        return [{**record, "duty": finding.rule.duty, "goal": finding.rule.goal} for record, finding in zip(records, findings)]

    return evaluate


def _problem(side: Side, message: str, code: str) -> Problem:
    return Problem(side.file, None, None, None, message, code)


def _single_files(old: Source, new: Source) -> bool:
    """Two files of one Party each (profiles, or reports of one profile): compared as one Party
    whatever their codes (a difference is a problem)."""
    return all(Path(source.path).is_file() and len(source.sides) <= 1 for source in (old, new))


def _pairs(old: Source, new: Source, problems: list[Problem], lang: str) -> Iterator[tuple[Side | None, Side]]:
    """OLD and NEW paired by Party; problems for what cannot be paired."""
    if _single_files(old, new):
        if not (old.sides and new.sides):
            return  # an invalid profile: its problems are reported already
        before, after = old.sides[0], new.sides[0]
        if before.party["code"] != after.party["code"]:
            message = tr(lang, "not the same Party: OLD {old} is {old_name} ({old_code}), NEW is {new_name} ({new_code})").format(
                old=old.path, old_name=before.party["name"], old_code=before.party["code"], new_name=after.party["name"], new_code=after.party["code"]
            )
            problems.append(_problem(after, message, "input.different-parties"))
            return
        yield before, after
        return
    by_code: list[dict[str, Side]] = []
    for source in (old, new):
        codes: dict[str, Side] = {}
        for side in source.sides:
            code = side.party["code"]
            if code in codes:
                message = tr(lang, "Party {code} is also in {file}: each Party once on each side").format(code=code, file=codes[code].file)
                problems.append(_problem(side, message, "input.party-twice"))
                continue
            codes[code] = side
        by_code.append(codes)
    before_codes, after_codes = by_code
    for code in sorted(after_codes):
        yield before_codes.get(code), after_codes[code]


def _change(rule_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None, gate: Gate) -> dict[str, Any] | None:
    old_status = before["status"] if before else None
    new_status = after["status"] if after else None
    kind = change_kind(old_status, new_status)
    if kind is None:
        return None
    shown = after or before
    assert shown is not None
    duty = shown["duty"]
    failing = (kind == "new_gap" and gate.failing("gap", duty)) or (kind == "no_longer_declared" and gate.failing("not_declared", duty))
    change: dict[str, Any] = {"rule": rule_id, "kind": kind, "from": old_status, "to": new_status, "duty": duty, "goal": shown["goal"], "failing": failing}
    for key in ("waiver", "waiver_expired"):
        if after and after.get(key):
            change[key] = after[key]
    return change


def compare(before: Side | None, after: Side, rule_order: dict[str, int], gate: Gate) -> dict[str, Any]:
    """One Party's changes, by goal in the plan's order, with counts."""
    old_findings = before.findings if before else {}
    rule_ids = sorted(set(old_findings) | set(after.findings), key=lambda rule: (rule_order.get(rule, len(rule_order)), rule))
    changes = []
    for rule_id in rule_ids:
        new_record = after.findings.get(rule_id)
        if before is None and (new_record is None or new_record["status"] != "gap"):
            continue  # a Party only in NEW: only its gaps are news
        change = _change(rule_id, old_findings.get(rule_id), new_record, gate)
        if change is not None:
            changes.append(change)
    goals: dict[str, list[dict[str, Any]]] = {}
    for change in changes:
        goals.setdefault(change["goal"], []).append(change)
    counts = {kind: sum(1 for change in changes if change["kind"] == kind) for kind in KINDS}
    counts["unchanged"] = len(rule_ids) - len(changes) if before is not None else 0
    counts["failing"] = sum(1 for change in changes if change["failing"])
    return {
        "party": {"code": after.party["code"], "name": after.party["name"]},
        "old": None if before is None else {"file": before.file, "sha256": before.sha256, "as_of": before.party["as_of"]},
        "new": {"file": after.file, "sha256": after.sha256, "as_of": after.party["as_of"]},
        "counts": counts,
        "goals": [{"goal": goal, "changes": grouped} for goal, grouped in goals.items()],
    }


def build_diff(
    old: Source,
    new: Source,
    *,
    rules: list[Any],
    catalog: Any,
    rules_sha256: str,
    gate: Gate,
    engine: dict[str, str],
    waivers: Any = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The whole comparison as plain data (the JSON format prints it as it is). Its human words (rule
    titles, duty labels, notes, the problems this module finds) are in `lang`, which it records;
    ids, kinds, statuses, codes and the plan's goal texts (English only here) never change."""
    problems = [*old.problems, *new.problems]
    notes = [
        tr(lang, "{path}: the report was made with other rules (rules.sha256 {sha256}, current {current}); compared rule by rule").format(
            path=source.path, sha256=source.rules_sha256, current=rules_sha256
        )
        for source in (old, new)
        if source.kind == "report" and source.rules_sha256 is not None and source.rules_sha256 != rules_sha256
    ]
    rule_order = {rule.id: index for index, rule in enumerate(rules)}
    titles = {rule.id: rule_words(lang, rule.title) for rule in rules}
    labels = {rule.id: duty_words(lang, duty_label(rule.duty, rule.duty_instrument)) for rule in rules}
    parties = []
    unreadable = any(source.problems and not source.sides for source in (old, new))
    # a side that gave nothing readable is compared with nothing: its problems say why
    for before, after in [] if unreadable else _pairs(old, new, problems, lang):
        if before is not None and after.party["as_of"] < before.party["as_of"]:
            message = tr(lang, "NEW is older than OLD: {code} as of {new_as_of} in NEW, {old_as_of} in OLD {old_file} (are OLD and NEW swapped?)").format(
                code=after.party["code"], new_as_of=after.party["as_of"], old_as_of=before.party["as_of"], old_file=before.file
            )
            problems.append(_problem(after, message, "input.new-older-than-old"))
            continue
        parties.append(compare(before, after, rule_order, gate))
    new_codes = {side.party["code"] for side in new.sides}
    only_in_old = [] if unreadable else [
        {"code": side.party["code"], "name": side.party["name"], "file": side.file, "as_of": side.party["as_of"]}
        for side in old.sides
        if side.party["code"] not in new_codes and not _single_files(old, new)
    ]
    goal_texts = {goal.id: goal.text for goal in catalog.goals}
    for party in parties:
        for goal in party["goals"]:
            goal["text"] = goal_texts.get(goal["goal"])
            for change in goal["changes"]:
                change["title"] = titles.get(change["rule"])
                # a rule the current rulebook lacks (an older report's) keeps its bare kind of duty
                change["duty_label"] = labels.get(change["rule"], duty_words(lang, change["duty"]))
    summary = {kind: sum(party["counts"][kind] for party in parties) for kind in (*KINDS, "failing")}
    diff: dict[str, Any] = {
        "tool": {"name": "cartagena-compliance", "version": __version__},
        "engine": engine,
        # the language of the human words the comparison carries; ids, kinds and codes never change
        "lang": lang,
        "rules": {"sha256": rules_sha256, "count": len(rules)},
        "fail_on": gate.fail_on,
        "require_declared": gate.require_declared,
        "old": old.describe(),
        "new": new.describe(),
        "parties": parties,
        "only_in_old": sorted(only_in_old, key=lambda party: party["code"]),
        "only_in_new": [party["party"]["code"] for party in parties if party["old"] is None],
        "notes": notes,
        "problems": [problem.as_dict() for problem in problems],
        "summary": {"parties_compared": len(parties), **summary},
    }
    if waivers is not None:
        diff["waivers"] = {**waivers.header(), **waivers.tail(lang)}
    return diff
