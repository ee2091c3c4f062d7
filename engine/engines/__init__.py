"""The rules engines that decide a finding's status from a profile's flat fact.

Two engines give exactly the same findings (the test suite runs every fixture and property through
both):

- `durable`: durable_rules 2.0.28, the engine of record, through `engine.durable_adapter`. Its C
  core builds only where a compiler is present and imports only on Python 3.11-3.12.
- `python`: the same condition language compiled once per rulebook into one generated Python function
  (`engine.engines.compiled`), in pure Python;
  it runs wherever Python 3.11 or later does.

`--engine auto` (the default) uses durable_rules where it imports and the pure engine otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Mapping, Protocol, Sequence

from ..rulebook.model import Rule, Status

EngineName = Literal["durable", "python"]
ENGINE_CHOICES: tuple[str, ...] = ("auto", "durable", "python")


class RuleEngine(Protocol):
    """Decides every rule of a rulebook for one flat fact (`engine.rulebook.facts.FactPlan`)."""

    name: EngineName

    def statuses(self, fact: Mapping[str, Any]) -> list[Status]:
        """One status per rule, in the order the rules were given."""
        ...

    def close(self) -> None: ...


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here; the message says why, in plain words."""


def durable_problem() -> str | None:
    """Why durable_rules cannot be used here (not installed, or its import failed with this error),
    or None when it imports."""
    try:
        from .. import durable_adapter  # noqa: F401
    except ImportError as error:  # DurableRulesUnavailable is an ImportError
        return str(error)
    return None


@dataclass(frozen=True)
class EngineChoice:
    name: EngineName
    fallback_reason: str | None = None  # set when `auto` fell back to the pure engine


def choose_engine(requested: str) -> EngineChoice:
    """The engine `--engine REQUESTED` stands for on this machine; EngineUnavailable when
    `durable` is asked for and cannot run."""
    if requested == "python":
        return EngineChoice("python")
    problem = durable_problem()
    if requested == "durable":
        if problem is not None:
            raise EngineUnavailable(f"the durable engine cannot run here: {problem}; use --engine python (or auto)")
        return EngineChoice("durable")
    if requested != "auto":
        raise ValueError(f"unknown engine {requested!r}")
    return EngineChoice("durable") if problem is None else EngineChoice("python", problem)


def engine_provenance(name: EngineName) -> dict[str, str]:
    """What a report says about the engine that produced it."""
    if name == "durable":
        return {"name": "durable", "implementation": f"durable_rules {durable_release()}"}
    return {"name": "python", "implementation": "cartagena-compliance pure-Python engine"}


def durable_release() -> str:
    """The installed durable-rules' version, from the `Version:` of its metadata beside the
    `durable` package: what `importlib.metadata.version` reads, without importing it (with email,
    zipfile, csv...: tens of ms of every `check`). Else importlib.metadata's answer, or "unknown"."""
    import os
    from importlib.util import find_spec

    try:
        spec = find_spec("durable")
    except (ImportError, ValueError):  # pragma: no cover - a broken install: said as unknown below
        spec = None
    if spec is not None and spec.origin:
        site = os.path.dirname(os.path.dirname(spec.origin))
        try:
            infos = sorted(name for name in os.listdir(site) if name.startswith("durable_rules-") and name.endswith(".dist-info"))
        except OSError:
            infos = []
        if len(infos) == 1:
            try:
                with open(os.path.join(site, infos[0], "METADATA"), encoding="utf-8") as metadata:
                    for line in metadata:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():  # the end of the headers
                            break
            except OSError:
                pass
    from importlib.metadata import PackageNotFoundError, version  # pragma: no cover - laid out otherwise

    try:  # pragma: no cover
        return version("durable-rules")
    except PackageNotFoundError:  # pragma: no cover - imported from a path, not installed
        return "unknown"


def build_engine(name: EngineName, rules: Sequence[Rule]) -> RuleEngine:
    if name == "durable":
        from .durable import DurableRuleEngine

        return DurableRuleEngine(rules)
    from .python import PythonRuleEngine

    return PythonRuleEngine(rules)


__all__ = [
    "ENGINE_CHOICES",
    "EngineChoice",
    "EngineName",
    "EngineUnavailable",
    "RuleEngine",
    "build_engine",
    "choose_engine",
    "durable_problem",
    "engine_provenance",
]
