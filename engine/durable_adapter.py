"""The only module of the project that talks to durable_rules 2.0.28.

It answers one question: *for this flat fact, which probes fired?*  A probe is a
durable_rules condition expression (the ``"m"`` part of a rule) with an id; the
lead's compiler turns each logical rule into a few probes and decides the
finding from which of them fired.

Pitfalls of durable_rules 2.0.28 and how this module avoids them (see
/work/shared/reference/durable-rules-notes.md; each has a test in
tests/test_durable_adapter.py):

1.  Events are consumed by the first matching rule -> facts are asserted
    (``assert_fact``), so every matching probe fires.
2.  ``durable.lang`` keeps one process-wide host; each default ``Host`` starts
    two timer threads that never end -> every evaluator owns a private
    ``Host`` subclass whose ``_run`` starts nothing; its C rulesets are deleted
    on ``close()`` (or when the evaluator is garbage collected).
3.  Exceptions raised inside Python actions are swallowed into the state ->
    no Python action ever runs.  The adapter drives the engine's C calls
    itself (assert, then start/complete each pending action and read the
    rule name from the action message), so nothing can be swallowed; and an
    always-matching *sentinel* rule must be reported for every fact, else the
    call raises ``RuntimeError`` instead of returning a silently short result.
    This is also ~15x cheaper than ``Host.assert_fact`` (no state JSON round
    trip, no Closure, no ``update_state`` per firing).
4.  A fact matching no rule raises ``MessageNotHandledException`` -> the
    sentinel matches every fact.
5.  Asserting the same fact twice raises ``MessageObservedException`` -> one
    fixed ``sid`` and one fixed fact ``id`` per ruleset, and the fact is
    retracted after every evaluation (in ``finally``).
6.  A negation-only rule re-fires forever on the internal state message
    (issue #302) -> every probe becomes ``{"$and": [COND, {"$nex": {"$s": 1}}]}``.
7.  ``delete_state`` segfaults and unique sids hit a 1024-sid limit ->
    ``delete_state`` is never called; fixed sid + assert/retract.
8.  More than ~63 alpha matches pending for one fact raise error 303 and lose
    every result -> probes are split into rulesets of at most
    ``max_probes_per_ruleset`` *weight* (weight = number of ``$or`` branches
    after expansion to disjunctive normal form, because durable compiles each
    branch as its own path and fires once per true branch).
9.  About 252 properties per fact raise error 302 -> each ruleset receives only
    the fact keys its probes read, and a ruleset whose probes read more than
    ``max_properties_per_fact`` keys is split further.
10. Numbers and types coerce ("5" == 5, false == 0; atoll for integers;
    exponent floats fail with error 204; a string compares greater than every
    number in ``$gt``/``$lt``) -> fact values must be ``str``, ``bool`` or
    ``int`` within +-2**53 (or arrays of those, or arrays of flat objects of
    those), anything else raises ``ValueError``.  Values and condition
    constants are encoded by :func:`encode_constant`: strings get the prefix
    ``"s:"``, booleans become ``"b:true"``/``"b:false"``, integers stay
    integers.  Ordering comparisons get a type guard (see
    :func:`encode_condition`).  JSON is always written with
    ``ensure_ascii=False`` on both sides: the C parser does not decode
    ``\\uXXXX`` escapes, so ``"é"`` would not equal ``"\\u00e9"``.
11. ``sid`` and ``id`` are reserved fact keys and dotted keys are read as
    nested paths -> every fact key is renamed to ``k0``, ``k1``, ... (assigned
    from the sorted field names) and the conditions are rewritten to match.
12. Python 3.12 emits a DeprecationWarning in every action; Python 3.13 fails on
    import (undefined symbol ``PyEval_CallObject``) -> no Python action runs,
    durable calls are wrapped in ``warnings.catch_warnings``, and an import
    failure raises :class:`DurableRulesUnavailable` (durable-rules 2.0.28
    supports Python 3.11-3.12).
14. Determinism -> probes are compiled in sorted id order and fields in sorted
    name order; the result is a ``frozenset``.

Array operators (13), as measured on durable_rules 2.0.28:

- ``{"$iany": {"tags": {"$i": "x"}}}``: some item equals ``"x"``.
- ``{"$iall": {"tags": {"$i": "x"}}}``: every item equals ``"x"``.
- Items may be objects: ``{"$iany": {"items": {"$gte": {"$i.level": 2}}}}``
  and ``$iall`` likewise; the item keys must be plain identifiers (they are
  not renamed) and their values are encoded like fact values.
- Inner conditions may use ``$and``/``$or``/``$neq``/``$lt``... over ``$i`` or
  ``$i.<key>``.
- An EMPTY array matches NEITHER ``$iany`` NOR ``$iall`` (``$iall`` is not
  vacuously true).  A missing field matches neither either.  If "every item"
  should hold for an empty list, compile it as
  ``{"$or": [{"$iall": ...}, {"$nex": {"tags": 1}}, <array is empty>]}`` --
  the adapter cannot test emptiness itself, so the lead should send a
  separate scalar field (e.g. ``"tags#count": 0``) for that.
- An array counts as one property toward the ~252-property limit.

Usage::

    with DurableEvaluator({"R1:met": {"$and": [{"$ex": {"f3": 1}}, {"f3": True}]}}) as ev:
        ev.fired({"f3": True})      # frozenset({"R1:met"})

Conditions are written with PLAIN typed constants (``True``, ``5``, ``"x"``);
the evaluator encodes them itself.  Pass ``encoded=True`` only if the
conditions already went through :func:`encode_condition`.

How conditions and facts are written (pitfalls 10, 11, 13) and a condition's
weight: ``engine/durable_encoding.py`` (plain data, no durable_rules call),
re-exported here.
"""

from __future__ import annotations

import json
import warnings
import weakref
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import orjson

from .durable_encoding import (
    MAX_SAFE_INT,
    ProbeSet,
    _encode_fast,
    _rename_only,
    _weight,
    condition_fields,
    encode_condition,
    encode_constant,
)

__all__ = [
    "DurableRulesUnavailable",
    "ProbeSet",
    "DurableEvaluator",
    "encode_constant",
    "encode_condition",
    "condition_fields",
    "MAX_SAFE_INT",
]


class DurableRulesUnavailable(ImportError):
    """durable_rules is missing or cannot be imported on this interpreter; the message says which."""


try:  # why: durable 2.0.28 builds on 3.13 but fails to import; say what really happened
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import durable_rules_engine as _dre
        from durable import engine as _durable_engine
except ModuleNotFoundError as _error:
    raise DurableRulesUnavailable(
        f"durable_rules is not installed (no module named {_error.name!r}); "
        "install it with: pip install durable-rules==2.0.28 (needs a C compiler and the Python headers)"
    ) from _error
except Exception as _error:  # ImportError (undefined symbol), OSError, ...
    raise DurableRulesUnavailable(
        f"durable_rules is installed but failed to import ({type(_error).__name__}: {_error})"
    ) from _error


# Hard limits of the C core (measured): 64-entry alpha stack (error 303) and
# 255 properties per message including sid and id (error 302).
_HARD_MAX_WEIGHT = 62  # + the sentinel = 63 < 64
_HARD_MAX_PROPERTIES = 250  # + sid + id = 252 < 255 (253 failed)

_SID = "0"  # why: one fixed sid per ruleset -> no 1024-sid limit, no delete_state
_FACT_ID = "f"  # why: fixed id so the retract finds the asserted fact
_SENTINEL = "sentinel"
_GUARD = {"$nex": {"$s": 1}}  # why: issue #302, never match the state message



# ---------------------------------------------------------------- engine


class _PrivateHost(_durable_engine.Host):
    """A Host of one evaluator: no timer threads, no named actions that can run."""

    def _run(self) -> None:  # why: the default starts 2 never-ending timer threads
        return None

    def get_action(self, action_name: str):  # why: Ruleset needs a callable 'run'
        def never_runs(closure: Any) -> None:  # pragma: no cover - fired() runs no Python action
            raise AssertionError("durable_adapter does not dispatch Python actions")

        return never_runs


@dataclass
class _Group:
    handle: int
    keys: tuple[tuple[str, str], ...]  # (fact key, internal key), sorted
    rule_to_index: dict[str, int]  # durable rule name -> index of its probe in `probe_ids` (-1: the sentinel)


def _delete_handles(handles: list[int]) -> None:
    while handles:
        handle = handles.pop()
        try:
            _dre.delete_ruleset(handle)
        except Exception:  # pragma: no cover - best effort at shutdown
            pass


class DurableEvaluator:
    """Evaluates a fixed set of probes against flat facts with durable_rules.

    ``probes`` maps probe id -> durable condition (plain typed constants);
    ``fields`` optionally maps probe id -> fact keys it reads (must cover what
    the condition reads; default: derived from the condition).
    """

    def __init__(
        self,
        probes: Mapping[str, dict],
        fields: Mapping[str, Iterable[str]] | None = None,
        *,
        max_probes_per_ruleset: int = 60,
        max_properties_per_fact: int = 240,
        encoded: bool = False,
    ) -> None:
        if not 1 <= max_probes_per_ruleset <= _HARD_MAX_WEIGHT:
            raise ValueError(f"max_probes_per_ruleset must be in 1..{_HARD_MAX_WEIGHT} (durable error 303 at 64)")
        if not 1 <= max_properties_per_fact <= _HARD_MAX_PROPERTIES:
            raise ValueError(f"max_properties_per_fact must be in 1..{_HARD_MAX_PROPERTIES} (durable error 302)")
        self.probe_set = ProbeSet.build(probes, fields)
        self.probe_ids: tuple[str, ...] = tuple(sorted(self.probe_set.probes))  # what `fired_flags` indexes
        self._probe_index = {pid: index for index, pid in enumerate(self.probe_ids)}
        self._handles: list[int] = []
        self._finalizer = weakref.finalize(self, _delete_handles, self._handles)
        self._host = _PrivateHost()
        all_fields = sorted(set().union(*self.probe_set.fields.values()))
        self._read_keys = tuple(all_fields)
        # why: reserved 'sid'/'id' and dotted keys -> safe names, deterministic
        self._rename = {name: f"k{i}" for i, name in enumerate(all_fields)}
        self._groups: list[_Group] = []
        try:
            for index, members in enumerate(self._partition(max_probes_per_ruleset, max_properties_per_fact)):
                self._groups.append(self._compile(index, members, encoded))
        except BaseException:
            self._finalizer()
            raise

    # -- compile

    def _partition(self, max_weight: int, max_props: int) -> list[list[str]]:
        """Greedy packing in sorted id order: weight and property budgets."""
        groups: list[list[str]] = []
        current: list[str] = []
        weight = 0
        keys: set[str] = set()
        for pid in sorted(self.probe_set.probes):
            w = _weight(self.probe_set.probes[pid])
            f = self.probe_set.fields[pid]
            if w > max_weight:
                raise ValueError(f"probe {pid!r} expands to {w} $or branches, more than {max_weight}")
            if len(f) > max_props:
                raise ValueError(f"probe {pid!r} reads {len(f)} keys, more than {max_props}")
            if current and (weight + w > max_weight or len(keys | f) > max_props):
                groups.append(current)
                current, weight, keys = [], 0, set()
            current.append(pid)
            weight += w
            keys |= f
        if current:
            groups.append(current)
        return groups

    def _compile(self, index: int, members: list[str], encoded: bool) -> _Group:
        rules: dict[str, dict] = {}
        rule_to_index: dict[str, int] = {_SENTINEL: -1}
        keys: set[str] = set()
        for n, pid in enumerate(members):
            cond = self.probe_set.probes[pid]
            if encoded:
                cond = _rename_only(cond, self._rename)
            else:
                cond = encode_condition(cond, _rename=self._rename)
            rule = f"r{n}"
            rules[rule] = {"all": [{"m": {"$and": [cond, _GUARD]}}], "run": "probe"}
            rule_to_index[rule] = self._probe_index[pid]
            keys |= self.probe_set.fields[pid]
        rules[_SENTINEL] = {"all": [{"m": dict(_GUARD)}], "run": "probe"}  # why: pitfall 4 + result check
        name = f"g{index}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self._host.register_rulesets({name: rules})
        handle = self._host.get_ruleset(name)._handle
        self._handles.append(handle)
        return _Group(handle, tuple(sorted((k, self._rename[k]) for k in keys)), rule_to_index)

    # -- evaluate

    def fired(self, fact: Mapping[str, Any]) -> frozenset[str]:
        """Ids of the probes whose condition matches ``fact``.

        Fact values must be str, bool, int within +-2**53, or arrays of those
        (or of flat objects of those); other values raise ``ValueError``.
        Keys no probe reads are ignored (neither validated nor sent).
        """
        flags = self.fired_flags(fact)
        return frozenset(pid for pid, flag in zip(self.probe_ids, flags) if flag)

    def fired_flags(self, fact: Mapping[str, Any]) -> bytearray:
        """`fired` as one flag per probe, in the order of `probe_ids` (1: its condition matches):
        what a batch reads, without a string per probe."""
        return self.run_messages(self.messages(fact))

    def messages(self, fact: Mapping[str, Any]) -> list[tuple[_Group, str]]:
        """The JSON text of `fact` each ruleset receives (the Python half of `fired_flags`)."""
        if not isinstance(fact, Mapping):
            raise ValueError(f"a fact must be a mapping, got {type(fact).__name__}")
        # why: only keys some probe reads are encoded and sent (cheaper, and
        # fewer properties); keys no probe reads are ignored, not validated
        encoded = {}
        for key in self._read_keys:
            if key in fact:
                value = fact[key]
                encoded[key] = "s:" + value if type(value) is str else _encode_fast(value, key)
        texts = []
        for group in self._groups:
            message = {"sid": _SID, "id": _FACT_ID}
            for key, internal in group.keys:
                if key in encoded:
                    message[internal] = encoded[key]
            texts.append((group, _fact_text(message)))
        return texts

    def run_messages(self, messages: list[tuple[_Group, str]]) -> bytearray:
        """The flags of `messages(fact)`: durable_rules' own work, one assert, the fired actions
        read and one retract per ruleset (the benchmark times it alone: the least any engine built
        on durable_rules does per profile)."""
        if not self._finalizer.alive:
            raise RuntimeError("DurableEvaluator is closed")
        flags = bytearray(len(self.probe_ids))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            for group, text in messages:
                self._run_group(group, text, flags)
        return flags

    def _run_group(self, group: _Group, text: str, flags: bytearray) -> None:
        handle = group.handle
        try:
            code, offset = _dre.assert_fact(handle, text)
        except Exception as error:
            _safe_retract(handle, text)  # why: a failed assert may leave the fact half-stored
            raise RuntimeError(
                f"durable_rules failed on a fact ({error}); error 302 = too many properties, "
                "303 = too many matches pending, 204 = unparsable number"
            ) from error
        try:
            if code != 0:  # 1 not handled, 2 observed, 3 deferred: the sentinel forbids all
                raise RuntimeError(f"durable_rules refused the fact (code {code}); the evaluator state is inconsistent")
            self._collect(group, handle, offset, flags)
        finally:
            _dre.retract_fact(handle, text)

    @staticmethod
    def _collect(group: _Group, handle: int, offset: int, flags: bytearray) -> None:
        """Sets the flag of every probe whose action durable_rules started for the fact."""
        index = group.rule_to_index
        saw_sentinel = False
        started = _dre.start_action_for_state(handle, offset)
        message = started[1] if started else None
        complete = _dre.complete_and_start_action
        try:
            while message:
                probe = index[_rule_name(message)]  # KeyError = unknown rule: surfaces
                if probe < 0:
                    saw_sentinel = True
                else:
                    flags[probe] = 1
                message = complete(handle, offset)
        except BaseException:
            # why: leave no half-run action behind for the next fact
            _dre.abandon_action(handle, offset)
            _drain(handle, offset)
            raise
        if not saw_sentinel:  # why: never return a silently short result
            raise RuntimeError("durable_rules did not report the sentinel rule: results would be incomplete")

    # -- lifecycle

    @property
    def ruleset_count(self) -> int:
        """How many durable rulesets the probes were split into."""
        return len(self._groups)

    def close(self) -> None:
        """Delete the C rulesets. Idempotent."""
        self._finalizer()

    def __enter__(self) -> "DurableEvaluator":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _fact_text(message: Mapping[str, Any]) -> str:
    """A fact as the JSON text durable_rules parses: non-ASCII written as itself (its C parser keeps
    `\\u` escapes verbatim, so a value would no longer equal the rule's constant), keys in order."""
    try:
        return orjson.dumps(message).decode("utf-8")
    except orjson.JSONEncodeError:  # pragma: no cover - a value orjson refuses: the standard library
        return json.dumps(message, ensure_ascii=False)


def _rule_name(message: str) -> str:
    """Rule name of an action message ``{"r12": {...}}`` without parsing the fact."""
    # why: our rule names are plain ASCII without quotes, so slicing is exact and
    # avoids a json.loads of the whole fact per firing
    if not message.startswith('{"'):
        raise RuntimeError(f"unexpected action message from durable_rules: {message[:80]!r}")
    return message[2 : message.index('"', 2)]


def _safe_retract(handle: int, text: str) -> None:
    try:
        _dre.retract_fact(handle, text)
    except Exception:  # pragma: no cover - best effort after an error
        pass


def _drain(handle: int, offset: int) -> None:
    try:
        started = _dre.start_action_for_state(handle, offset)
        message = started[1] if started else None
        while message:
            message = _dre.complete_and_start_action(handle, offset)
    except Exception:  # pragma: no cover - best effort after an error
        pass
