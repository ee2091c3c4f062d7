"""A national report document (`cpbNationalReport5`, or `cpbNationalReport4` through the project's
own table, engine/nr5/nr4_table.py) read into a profile's declarations, every part of it accounted
for (engine/nr5/accounting.py): imported into named fields through the models' bindings
(engine/nr5/mapping.py), or reported with the question and why."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..catalog.nr5 import Nr5Question, flatten
from ..paths import CATALOG_DIR
from . import accounting as why
from .accounting import Outcome
from .answers import Answer, DocumentError, pointer, read_answer
from .mapping import Binding, Implied, binding_by_key, implied_by_key, questions
from .nr4_table import FORM_KEYS as NR4_FORM_KEYS, TABLE, Alone, Differs, Same

NR5_SCHEMA = "cpbNationalReport5"
NR4_SCHEMA = "cpbNationalReport4"
CYCLES = {NR5_SCHEMA: "nr5", NR4_SCHEMA: "nr4"}
REST = "x-cartagena-profile"
"""Top-level key of an exported draft holding what the coded answers cannot carry (evidence, dates,
names, the Party's facts, undeclared-in-NR5 declarations). The BCH form reads only keys matching
`^Q`, so it ignores this one; a document from the BCH itself never has it."""


@dataclass
class Imported:
    declarations: dict[str, Any]
    """The profile's sections, holding every bound answer."""
    code: str | None
    cycle: str = "nr5"
    identifier: str | None = None
    """`government.identifier` as the document has it (alpha-2 from the BCH, alpha-3 from a draft)."""
    rest: dict[str, Any] = field(default_factory=dict)
    """The exported draft's `x-cartagena-profile`, if any: the profile minus its coded answers."""
    outcomes: list[Outcome] = field(default_factory=list)
    """One per part of the document, in document order: imported, or reported with why."""

    @property
    def reported(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.imported]

    @property
    def unmodelled(self) -> list[str]:
        """One line per part of an answer not imported (what `serve` shows beside the form; the
        record's own fields, such as its header, are in `reported` only)."""
        return [o.line() for o in self.reported if o.key is not None]

    @property
    def unmapped(self) -> list[str]:
        return []  # kept for callers of the earlier split: every part not imported is in `unmodelled`


@lru_cache(maxsize=1)
def nr4_questions() -> dict[str, Nr5Question]:
    return flatten(json.loads((CATALOG_DIR / "nr4" / "questions.json").read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _nr5_form_keys() -> frozenset[str]:
    """Fifth-report keys the form writes outside the question tree (Q001-Q006: the reporting
    country's details, Q005 whether a non-Party is on its way to joining), as the BCH's map names them."""
    table = json.loads((CATALOG_DIR / "nr5" / "nr5-to-nr4-question-map.json").read_text(encoding="utf-8"))
    return frozenset(key for key in table if key != "schema")


def _extra_parts(key: str, value: Any) -> list[str]:
    """Pointers of the parts beside a key's main answer, as any shape may hold them."""
    if isinstance(value, dict):
        return [pointer(key, name) for name in value if name != "value"]
    if isinstance(value, list):
        return [pointer(key, i, name) for i, item in enumerate(value) if isinstance(item, dict) for name in item if name != "value"]
    return []


class _Reader:
    def __init__(self, document: dict[str, Any], schema: str) -> None:
        self.document = document
        self.schema = schema
        self.out = Imported({}, None, CYCLES[schema])
        self.bound = binding_by_key()
        self.implied = implied_by_key()
        self.pending: list[tuple[Implied, str, Outcome]] = []
        self.placed: list[tuple[tuple[str, ...], str, Outcome]] = []

    def report(self, where: str, reason: str, key: str | None = None, label: str | None = None, **values: str) -> Outcome:
        outcome = Outcome(where, key, label, reason=reason, values=values)
        self.out.outcomes.append(outcome)
        return outcome

    # -- the document's own fields -----------------------------------------------------------------

    def top_level(self) -> None:
        government = self.document.get("government")
        for name in self.document:
            if name.startswith("Q"):
                continue
            if name == REST:
                rest = self.document[REST]
                if not isinstance(rest, dict):
                    raise DocumentError(f"/{REST}: expected an object (the part of a profile the coded answers do not carry)")
                self.out.rest = rest
                self.out.outcomes.append(Outcome(pointer(REST), fields=tuple(sorted(rest)) or (REST,)))
            elif name == "government" and government is not None:
                identifier = government.get("identifier") if isinstance(government, dict) else None
                if not isinstance(identifier, str) or not identifier.isalpha() or len(identifier) not in (2, 3):
                    raise DocumentError("/government/identifier: expected a country code (two or three letters)")
                self.out.identifier = identifier
                self.out.code = identifier.upper() if len(identifier) == 3 else None
                self.out.outcomes.append(Outcome("/government", fields=("party.code",)))
            else:
                self.report(pointer(name), why.FORM_FIELDS.get(name, why.UNKNOWN_FIELD))

    # -- answers -----------------------------------------------------------------------------------

    def answers(self) -> None:
        nr4 = self.schema == NR4_SCHEMA
        tree = nr4_questions() if nr4 else questions()
        outside = NR4_FORM_KEYS if nr4 else _nr5_form_keys()
        order = {key: i for i, key in enumerate(tree)}
        for key in sorted((k for k in self.document if k.startswith("Q")), key=lambda k: (order.get(k, len(order)), k)):
            value = self.document[key]
            if key not in tree:
                if key not in outside:
                    raise DocumentError(f"{pointer(key)}: no question {key} in the {self.schema} question tree")
                for where in (pointer(key), *_extra_parts(key, value)):
                    self.report(where, why.OUTSIDE_TREE, key)
                continue
            if nr4:
                self.nr4_answer(tree[key], key, value)
            else:
                self.nr5_answer(questions()[key], read_answer(questions()[key], value, key), f"NR5 {tree[key].label}")

    def beside(self, answer: Answer, label: str) -> None:
        for where in answer.extras:
            self.report(where, why.BESIDE, answer.key, label)
        for where in answer.unknown:
            self.report(where, why.UNKNOWN_PART, answer.key, label)

    def nr5_answer(self, question: Nr5Question, answer: Answer, label: str) -> None:
        """`answer` (whose codes are NR5's), under the document's key `answer.key`."""
        where = pointer(answer.key)
        binding = self.bound.get(question.key)
        implied = self.implied.get(question.key, ())
        if answer.empty:
            self.report(where, why.EMPTY, answer.key, label)
        elif answer.text is not None:
            self.report(where, why.FREE_TEXT, answer.key, label)
        elif answer.codes is None or (binding is None and not implied):
            self.report(where, why.NOT_MODELLED, answer.key, label)
        else:
            outcome = Outcome(where, answer.key, label)
            self.out.outcomes.append(outcome)
            if binding is not None:
                self.put(binding, answer.codes, outcome)
            for item in implied:
                code = answer.codes if isinstance(answer.codes, str) else None
                if code is not None and code in item.implication.to_profile:
                    self.pending.append((item, item.implication.to_profile[code], outcome))
        self.beside(answer, label)

    def put(self, binding: Binding, codes: list[str] | str, outcome: Outcome) -> None:
        if isinstance(codes, list):
            value: Any = list(dict.fromkeys(binding.to_profile(c) for c in codes))
        else:
            value = binding.to_profile(codes)
            kept = _get(self.out.rest, binding.path, binding.attribute)
            if binding.lossy and kept is not None and kept in binding.recoding.to_report and binding.to_report(kept) == codes:  # type: ignore[union-attr]
                value = kept  # the draft's own word for the same report code (question 159: `signatory`)
            elif binding.recoding is not None and codes in binding.recoding.notes:
                outcome.note = binding.recoding.notes[codes]
        node = self.out.declarations
        for part in binding.path:
            node = node.setdefault(part, {})
        node[binding.attribute] = value
        outcome.fields += (binding.field_path,)
        self.placed.append((binding.path, binding.attribute, outcome))

    def nr4_answer(self, question: Nr5Question, key: str, value: Any) -> None:
        entry = TABLE[key]
        also = set(entry.codes) if isinstance(entry, Same) and entry.codes else set()
        answer = read_answer(question, value, key, also=also)
        label = f"NR4 {question.label}"
        where = pointer(key)
        if isinstance(entry, Same) and answer.codes is not None and not answer.empty:
            target = questions()[entry.nr5]
            options = {o.value for o in target.options}
            given = answer.codes if isinstance(answer.codes, list) else [answer.codes]
            mapped = [(entry.codes.get(c) if entry.codes is not None else (c if c in options else None)) for c in given]
            if None in mapped:
                if entry.why:
                    self.report(where, why.CODES_LEFT, key, label, question=target.label, why=entry.why)
                else:
                    self.report(where, why.NO_COUNTERPART, key, label, question=target.label)
                self.beside(answer, label)
                return
            codes = [c for c in mapped if c is not None]
            answer.codes = codes if target.multiple else codes[0]
            self.nr5_answer(target, answer, label)
        elif isinstance(entry, Differs) and not answer.empty:
            self.report(where, why.DIFFERS, key, label, question=questions()[entry.nr5].label, why=entry.why)
            self.beside(answer, label)
        elif isinstance(entry, Alone) and not answer.empty:
            self.report(where, why.ALONE, key, label, why=entry.why)
            self.beside(answer, label)
        else:  # free text, an empty answer
            self.report(where, why.EMPTY if answer.empty else why.FREE_TEXT, key, label)
            self.beside(answer, label)

    def implications(self) -> None:
        """What answers imply about other declarations, where nothing else declares them. Not for an
        exported draft: it carries its profile (x-cartagena-profile), whose silence is the profile's."""
        if REST in self.document:
            return
        for item, code, outcome in self.pending:
            if _get(self.out.declarations, item.path, item.attribute) is not None or _get(self.out.rest, item.path, item.attribute) is not None:
                continue
            node = self.out.declarations
            for part in item.path:
                node = node.setdefault(part, {})
            node[item.attribute] = code
            outcome.fields += (item.field_path,)
            self.placed.append((item.path, item.attribute, outcome))

    def complete(self) -> None:
        """A follow-up answer (question 12's number, 159_adq) whose declaration needs an answer the
        report does not give (question 11, 159) cannot make a valid declaration alone: reported."""
        from .mapping import _model_at

        paths = dict.fromkeys(path for path, _, _ in self.placed)
        for path in paths:
            node = _get(self.out.declarations, path[:-1], path[-1]) or {}
            kept = _get(self.out.rest, path[:-1], path[-1]) or {}
            model = _model_at(path)
            missing = [n for n, info in model.model_fields.items() if info.is_required() and n not in node and n not in kept]
            if not missing:
                continue
            _remove(self.out.declarations, path)
            for placed_path, attribute, outcome in self.placed:
                if placed_path != path:
                    continue
                outcome.fields = tuple(f for f in outcome.fields if f != ".".join((*path, attribute)))
                if not outcome.fields:
                    outcome.reason, outcome.values = why.INCOMPLETE, {"needed": ", ".join(".".join((*path, n)) for n in missing)}


def _remove(node: dict[str, Any], path: tuple[str, ...]) -> None:
    """Remove the declaration at `path`, and the sections it leaves empty."""
    if len(path) == 1:
        node.pop(path[0], None)
        return
    child = node.get(path[0])
    if isinstance(child, dict):
        _remove(child, path[1:])
        if not child:
            node.pop(path[0])


def _get(node: Any, path: tuple[str, ...], attribute: str) -> Any:
    for part in (*path, attribute):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def read_document(document: Any) -> Imported:
    """The bound answers of a report document and where every part went; raises DocumentError on
    the first problem found."""
    if not isinstance(document, dict):
        raise DocumentError("/: a national report document is a JSON object")
    schema = document.get("header", {}).get("schema") if isinstance(document.get("header"), dict) else None
    schema = schema or document.get("schema")
    if schema not in CYCLES:
        raise DocumentError(f"/header/schema: {json.dumps(schema)} is not a national report ({NR5_SCHEMA} or {NR4_SCHEMA})")
    reader = _Reader(document, schema)
    reader.top_level()
    reader.answers()
    reader.implications()
    reader.complete()
    reader.out.outcomes.sort(key=lambda o: _document_order(document, o.pointer))
    return reader.out


def _document_order(document: dict[str, Any], where: str) -> tuple[int, str]:
    top = where.split("/")[1].replace("~1", "/").replace("~0", "~")
    keys = list(document)
    return (keys.index(top) if top in keys else len(keys), where)
