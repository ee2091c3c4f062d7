"""One answer of a national report document, checked against its question, in the shapes the BCH
stores (scbd/absch.cbd.int commit ddbb08b00a72277a4bc6e83cf88e572b3cf4f966):

* a single choice (`nr-yes-no`, app/views/forms/directives/nr-yes-no.js) is
  `{"value": CODE, "additionalInformation": TEXT}`, the text only for an option of type `lstring` /
  `lstringRte` (or a question-level `additionalInformation`,
  app/views/forms/edit/directives/edit-national-report.directive.html);
* a multiple choice (`km-term-check`, the directive's `updateAnswer`) is a list of
  `{"value": CODE, "additionalInformation": CUSTOM}`, CUSTOM a language map for an `lstring` option
  (several items may share the "Other" code) or a number for an `int` option (question 27's
  percentages, app/components/scbd-angularjs-controls/form-control-directives/km-terms-check.html);
* free text and numbers: the fifth report binds `lstring`, `lstringRte` and `int` answers to
  `binding[key].value` (the directive above; the record view
  app/views/forms/view/view-national-report.directive.html reads `document[key].value`), so
  `{"value": {"en": "..."}}` and `{"value": 3}`; the fourth report's own form
  (app/views/forms/edit/bch/edit-national-report-4.html) binds free text to `document[key]`, a bare
  language map. Both shapes are read for either cycle.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..catalog.nr5 import Nr5Question

CHOICE_TYPES = ("option", "term")
FREE_TEXT_TYPES = ("lstring", "lstringRte")
_LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


class DocumentError(ValueError):
    """A problem in a report document; `str()` is one line: JSON pointer and problem."""


def pointer(*parts: str | int) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _short(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:60]


@dataclass
class Answer:
    """What one key of the document says: codes (a list for a multiple choice), free text or a
    number; and the parts beside it (pointer -> value: additional information, unknown keys)."""

    key: str
    codes: list[str] | str | None = None
    text: Any = None
    number: int | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    unknown: dict[str, Any] = field(default_factory=dict)
    empty: bool = False


def is_language_map(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(
        isinstance(k, str) and _LANGUAGE_KEY.match(k) and isinstance(v, str) for k, v in value.items()
    )


def _free_text(value: Any, where: str) -> Any:
    if isinstance(value, dict) and set(value) == {"value"}:  # the fifth report's {"value": ...}
        value = value["value"]
    if not is_language_map(value):
        raise DocumentError(f'{where}: free text is a language map, e.g. {{"en": "..."}} or {{"value": {{"en": "..."}}}}')
    return value


def _number(value: Any, where: str) -> int:
    if isinstance(value, dict) and set(value) == {"value"}:
        value = value["value"]
    if isinstance(value, bool) or not isinstance(value, int):
        raise DocumentError(f"{where}: expected a whole number, or {{\"value\": NUMBER}}; found {_short(value)}")
    return value


def _additional(question: Nr5Question, raw: dict[str, Any], code: str, where: str) -> Any:
    """The text (or number) beside a choice, checked against the option's type."""
    info = raw["additionalInformation"]
    kind = next((o.type for o in question.options if o.value == code), "")
    if kind == "int":
        if isinstance(info, bool) or not isinstance(info, (int, float)):
            raise DocumentError(f"{where}/additionalInformation: expected a number for this answer, found {_short(info)}")
    elif not (isinstance(info, str) or is_language_map(info)):
        raise DocumentError(f"{where}/additionalInformation: expected free text or a language map, found {_short(info)}")
    return info


def _choice(question: Nr5Question, raw: Any, where: str, answer: Answer, also: set[str]) -> str:
    allowed = {o.value for o in question.options} | also
    if not isinstance(raw, dict) or "value" not in raw:
        raise DocumentError(f'{where}: an answer is an object {{"value": CODE}}, found {_short(raw)}')
    code = raw["value"]
    if not isinstance(code, str) or code not in allowed:
        raise DocumentError(f"{where}/value: {_short(code)} is not an answer of this question (allowed: {', '.join(sorted(allowed))})")
    if raw.get("additionalInformation") is not None:
        answer.extras[f"{where}/additionalInformation"] = _additional(question, raw, code, where)
    for name in sorted(set(raw) - {"value", "additionalInformation"}):
        answer.unknown[f"{where}/{pointer(name)[1:]}"] = raw[name]
    return code


def read_answer(question: Nr5Question, value: Any, key: str, also: set[str] | frozenset[str] = frozenset()) -> Answer:
    """The answer under `key`, checked against `question` (whose codes `also` extends: codes of stored
    fourth reports the BCH's own map names); DocumentError on the first problem."""
    where = pointer(key)
    answer = Answer(key)
    if value is None:
        answer.empty = True
        return answer
    if question.type in CHOICE_TYPES:
        if question.multiple:
            if not isinstance(value, list):
                raise DocumentError(f"{where}: this question takes several answers (a list of {{\"value\": CODE}}), found a single one")
            answer.codes = [_choice(question, item, f"{where}/{i}", answer, set(also)) for i, item in enumerate(value)]
            answer.empty = not value
        else:
            if isinstance(value, list):
                raise DocumentError(f"{where}: this question takes one answer ({{\"value\": CODE}}), found a list")
            answer.codes = _choice(question, value, where, answer, set(also))
    elif question.type in FREE_TEXT_TYPES:
        answer.text = _free_text(value, where)
    elif question.type == "int":
        answer.number = _number(value, where)
    else:
        raise DocumentError(f"{where}: {question.label} is a heading ({question.type}), it holds no answer")
    return answer
