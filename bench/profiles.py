"""Synthetic, valid Party profiles for the benchmark, from a fixed seed.

The generator walks the profile format itself (`engine.rulebook.fields.profile_fields()` for every
declaration and its allowed values, the pydantic models for which fields are required and which
declarations carry evidence), so it stays in step with the format: a new declaration or a new
answer code is generated without touching this file.

What the format cannot say (engine/profile/checks.py) is kept here by hand so that every profile
is valid and free of inconsistencies: no date after the as-of date, treaty dates after entry into
force, 'instrument.none' alone, authorities listed exactly when the answer is 'true', coordination
answers that match the number of authorities, Supplementary Protocol measures only for its Parties.

Styles (drawn per profile, see STYLES): complete (every declaration answered yes), partial (mixed
answers), sparse (mostly undeclared), negative (every declaration answered no), empty (the party
block only). Parties and non-Parties to the Supplementary Protocol, developing countries or not.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from engine.profile.checks import OPENED_BY, PROTOCOL_IN_FORCE, SUPPLEMENTARY_PROTOCOL_IN_FORCE
from engine.profile.models import Profile
from engine.rulebook.fields import FieldSpec, profile_fields

# style -> (weight, probability that a declaration is present)
STYLES: dict[str, tuple[int, float]] = {
    "complete": (25, 1.0),
    "partial": (40, 0.6),
    "sparse": (20, 0.12),
    "negative": (10, 1.0),
    "empty": (5, 0.0),
}

_WORDS = (
    "national biosafety authority ministry environment agriculture health food safety agency decree act "
    "regulation guideline section article committee board institute research service plant protection "
    "customs inspection laboratory clearing-house register procedure decision import release contained use"
).split()


# --- the format ----------------------------------------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _model_of(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is tuple:
        annotation = typing.get_args(annotation)[0]
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _field_infos(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info for name, info in model.model_fields.items()}


@cache
def _model_at(path: str) -> type[BaseModel]:
    """The model of the object at a dotted path of the profile (`""` is the profile)."""
    model: type[BaseModel] = Profile
    for part in path.split(".") if path else ():
        found = _model_of(_field_infos(model)[part].annotation)
        assert found is not None, path
        model = found
    return model


@cache
def _layout() -> tuple[tuple[str, ...], dict[str, list[tuple[str, FieldSpec]]]]:
    """The declarations (object paths that have an `answer`), in the format's order, and the
    direct children of each object path."""
    fields = profile_fields()
    children: dict[str, list[tuple[str, FieldSpec]]] = {}
    for path, spec in fields.items():
        parent, _, key = path.rpartition(".")
        children.setdefault(parent, []).append((key, spec))
    declarations = tuple(
        path for path, spec in fields.items()
        if spec.kind == "object" and f"{path}.answer" in fields and not path.startswith("party")
    )
    return declarations, children


def _is_negative(value: str) -> bool:
    return value == "false" or value.startswith("false.") or value.endswith(".none") or value in ("none", "USD0", "0")


def _yes(values: tuple[str, ...]) -> str:
    if "true" in values:
        return "true"
    for value in values:
        if value.startswith("true") or value.endswith("fullInPlace"):
            return value
    return next(value for value in values if not _is_negative(value))


def _no(values: tuple[str, ...]) -> str:
    if "false" in values:
        return "false"
    return next(value for value in values if _is_negative(value) and not value.endswith(".na"))


# --- values --------------------------------------------------------------------------------------


class _Gen:
    def __init__(self, rng: random.Random, as_of: dt.date):
        self.rng = rng
        self.as_of = as_of

    def date(self, earliest: dt.date = dt.date(2004, 1, 1)) -> dt.date:
        span = (self.as_of - earliest).days
        return earliest + dt.timedelta(days=self.rng.randint(0, max(span, 0)))

    def words(self, low: int, high: int) -> str:
        text = " ".join(self.rng.choice(_WORDS) for _ in range(self.rng.randint(low, high)))
        return text[:1].upper() + text[1:]

    def text(self, key: str) -> str:
        if key == "bch_record":
            return f"BCH-{self.rng.choice(('CNA', 'NFP', 'LAW', 'DEC', 'RA'))}-X{self.rng.randint(100, 999)}-{self.rng.randint(1, 9)}"
        if key == "url":
            return f"https://biosafety.example.org/{self.rng.choice(_WORDS)}/{self.rng.randint(1, 99999)}"
        if key == "instrument":
            return f"{self.words(2, 4)} {self.rng.randint(1995, self.as_of.year)}, section {self.rng.randint(1, 80)}"
        if key in ("name", "institution"):
            return self.words(2, 5)
        return self.words(4, 16)  # responsibilities, description, note

    def evidence(self) -> list[dict[str, Any]]:
        entries = []
        keys = list(_field_infos(_evidence_model()))
        for _ in range(self.rng.choice((1, 1, 1, 2, 2, 3))):
            chosen = [key for key in keys if self.rng.random() < 0.45] or [self.rng.choice(keys)]
            entries.append({key: self.date().isoformat() if key == "date" else self.text(key) for key in chosen})
        return entries

    def items(self, path: str, spec: FieldSpec, count: int) -> list[dict[str, Any]]:
        infos = _field_infos(_model_at(path))
        out = []
        for _ in range(count):
            item: dict[str, Any] = {}
            for key, item_spec in (spec.items or {}).items():
                if not infos[key].is_required() and self.rng.random() < 0.4:
                    continue
                item[key] = self.value(key, item_spec)
            out.append(item)
        return out

    def value(self, key: str, spec: FieldSpec) -> Any:
        if spec.kind == "enum":
            return self.rng.choice(spec.values)
        if spec.kind == "date":
            return self.date().isoformat()
        if spec.kind == "bool":
            return self.rng.random() < 0.5
        if spec.kind == "int":
            return self.rng.randint(0, 20)
        if spec.kind == "text":
            return self.text(key)
        raise TypeError(f"no generator for {spec.path} ({spec.kind})")  # pragma: no cover


@cache
def _evidence_model() -> type[BaseModel]:
    from engine.profile.declarations import Evidence

    return Evidence


# --- a profile -----------------------------------------------------------------------------------


def _answer(gen: _Gen, spec: FieldSpec, style: str) -> Any:
    rng = gen.rng
    if spec.kind == "enum_set":
        others = [value for value in spec.values if not value.endswith(".none")]
        nones = [value for value in spec.values if value.endswith(".none")]
        if nones and (style == "negative" or (style != "complete" and rng.random() < 0.15)):
            return nones
        if style == "complete":  # every kind, so every follow-up question is opened
            return others
        return sorted(rng.sample(others, rng.randint(1, len(others))), key=spec.values.index)
    if style == "complete":
        return _yes(spec.values)
    if style == "negative":
        return _no(spec.values)
    return rng.choice(spec.values)


def _declaration(gen: _Gen, path: str, style: str) -> dict[str, Any]:
    _, children = _layout()
    fields = profile_fields()
    declaration: dict[str, Any] = {"answer": _answer(gen, fields[f"{path}.answer"], style)}
    answer = declaration["answer"]
    positive = not (isinstance(answer, str) and _is_negative(answer))
    for key, spec in children.get(path, ()):
        if key == "answer" or not positive:  # details of a 'no' would be inconsistent
            continue
        if spec.kind == "array":
            if style == "complete" or gen.rng.random() < 0.7:
                declaration[key] = gen.items(f"{path}.{key}", spec, gen.rng.randint(1, 4))
        elif style == "complete" or gen.rng.random() < 0.5:
            declaration[key] = gen.value(key, spec)
    if "evidence" in _field_infos(_model_at(path)) and (
        (style == "complete" and gen.rng.random() < 0.8) or gen.rng.random() < 0.3
    ):
        declaration["evidence"] = gen.evidence()
    return declaration


def _set(root: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = root
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _get(root: dict[str, Any], path: str) -> Any:
    node: Any = root
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _party(gen: _Gen, index: int, sp_status: str) -> dict[str, Any]:
    rng = gen.rng
    code = "X" + chr(ord("A") + index // 26 % 26) + chr(ord("A") + index % 26)
    party: dict[str, Any] = {
        "name": f"Republic of {gen.words(1, 2)} {index}",
        "code": code,
        "as_of": gen.as_of.isoformat(),
    }
    regions = profile_fields()["party.region"].values
    if index % 7:  # from the index, not the random stream: the other declarations stay as they were
        party["region"] = regions[index % len(regions)]
    if rng.random() < 0.8:
        party["party_to_protocol_since"] = gen.date(PROTOCOL_IN_FORCE).isoformat()
    if rng.random() < 0.85:
        status_values = profile_fields()["party.supplementary_protocol.status"].values
        assert sp_status in status_values
        status: dict[str, Any] = {"status": sp_status}
        if sp_status == "party":
            status["party_since"] = gen.date(SUPPLEMENTARY_PROTOCOL_IN_FORCE).isoformat()
            if rng.random() < 0.7:
                status["signed_on"] = gen.date(dt.date(2011, 3, 7)).isoformat()
        else:
            if sp_status == "signatory":
                status["signed_on"] = gen.date(dt.date(2011, 3, 7)).isoformat()
            if rng.random() < 0.6:
                status["process_towards_joining"] = rng.choice(
                    profile_fields()["party.supplementary_protocol.process_towards_joining"].values
                )
        if rng.random() < 0.3:
            status["evidence"] = gen.evidence()
        party["supplementary_protocol"] = status
    for key in ("developing_country_or_economy_in_transition", "gef_star_eligible"):
        if rng.random() < 0.9:
            party[key] = rng.random() < 0.7
    return party


def _make_consistent(gen: _Gen, profile: dict[str, Any]) -> None:
    """The checks of engine/profile/checks.py that a generic walk cannot know."""
    framework = profile.get("national_biosafety_framework", {})
    authorities = framework.get("competent_national_authorities")
    count = 0
    if authorities is not None:
        if authorities["answer"] == "true" and not authorities.get("authorities"):
            path = "national_biosafety_framework.competent_national_authorities"
            authorities["authorities"] = gen.items(f"{path}.authorities", profile_fields()[f"{path}.authorities"], gen.rng.randint(1, 3))
        count = len(authorities.get("authorities", ()))
    coordination = framework.get("cna_coordination")
    if coordination is not None:
        if coordination["answer"] == "false.oneCna" and count > 1 or coordination["answer"] == "false.noCna" and count > 0:
            coordination["answer"] = "false.oneCna" if count == 1 else gen.rng.choice(("true", "false"))
    issues = _get(profile, "compliance.non_compliance_issues.issues") or []
    for issue in issues:
        if issue["status"] == "open":
            issue.pop("resolved_on", None)
        elif "resolved_on" in issue and "identified_on" in issue and issue["resolved_on"] < issue["identified_on"]:
            issue["resolved_on"], issue["identified_on"] = issue["identified_on"], issue["resolved_on"]
    contacts = _get(profile, "biosafety_clearing_house.mandatory_information.d")
    if contacts and contacts["answer"] == "true.availableOnBch" and authorities is not None and authorities["answer"] == "false":
        contacts["answer"] = "false.notAvailable"
    star = _get(profile, "resources.star_used_for_biosafety")
    eligible = profile["party"].get("gef_star_eligible")
    if star and (eligible is False and star["answer"] == "true" or eligible is True and star["answer"] == "false.na"):
        star["answer"] = "false.na" if eligible is False else "false"
    procedures = framework.get("procedures", {})
    for name, opener, opening, _question in OPENED_BY:  # a follow-up NR5 asks only when its opener allows
        answer = (procedures.get(opener) or {}).get("answer")
        if name in procedures and answer is not None and opening not in (answer if isinstance(answer, list) else [answer]):
            del procedures[name]
    socio = profile.get("socio_economic_considerations", {})
    chooses = socio.get("chooses_to_take_into_account")
    taken = socio.get("taken_into_account_in_decisions")
    if chooses and taken and chooses["answer"] == "false" and taken["answer"] in ("true", "true.some"):
        chooses["answer"] = "true"


def generate_profile(rng: random.Random, index: int) -> tuple[str, dict[str, Any]]:
    """(style, profile) of the `index`-th profile; deterministic given the state of `rng`."""
    style = rng.choices(list(STYLES), weights=[weight for weight, _ in STYLES.values()])[0]
    present = STYLES[style][1]
    as_of = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))
    gen = _Gen(rng, as_of)
    sp_status = rng.choices(("party", "signatory", "neither"), weights=(45, 20, 35))[0]
    profile: dict[str, Any] = {"party": _party(gen, index, sp_status)}
    declarations, _ = _layout()
    for path in declarations:
        if path.startswith("liability_and_redress.") and sp_status != "party":
            continue  # its obligations bind only its Parties: declaring them would be inconsistent
        if present < 1.0 and rng.random() >= present:
            continue
        _set(profile, path, _declaration(gen, path, style))
    _make_consistent(gen, profile)
    return style, profile


def generate(count: int, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """`count` profiles from `seed`; the first n of a bigger run are those of a smaller one."""
    rng = random.Random(seed)
    return [generate_profile(rng, index) for index in range(count)]


def write_profiles(profiles: list[tuple[str, dict[str, Any]]], folder: Path) -> list[Path]:
    """One file per profile, `p00001-<style>.json`, in `folder`; the paths, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(len(profiles))))
    paths = []
    for index, (style, profile) in enumerate(profiles):
        path = folder / f"p{index:0{width}d}-{style}.json"
        path.write_text(json.dumps(profile, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
