"""Reading dotted paths of a profile's JSON data: what is declared at a path, or MISSING.

`lookup_parts` is the meaning. `PathReader` reads many paths at once, as a batch does for every
profile (the flat fact of the rules engine, the evidence of every finding): the paths are compiled
into one function that walks the data as a tree of their shared prefixes, so each object on the way
is looked into once, not once per path (a hundred paths share a few dozen sections).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping, Sequence


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""What a path reads where the profile does not declare it (absent, or written as null)."""


def lookup_parts(data: Mapping[str, Any], parts: Iterable[str]) -> Any:
    """The value at the path `parts` (a dotted path split at its dots) of plain profile data, or MISSING."""
    node: Any = data
    for part in parts:
        if not isinstance(node, dict):  # dict, not Mapping: parsed JSON, and the hot path
            return MISSING
        node = node.get(part)
        if node is None:  # absent, or written as null: not declared either way
            return MISSING
    return node


def lookup(data: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path of plain profile data, or MISSING when the profile does not declare it."""
    return lookup_parts(data, path.split("."))


class PathReader:
    """`read(data)`: the list of `lookup_parts(data, parts)` for each of `paths`, in their order."""

    def __init__(self, paths: Sequence[tuple[str, ...]]):
        self.paths = tuple(tuple(parts) for parts in paths)
        self.read: Callable[[Any], list[Any]] = _compile(self.paths)


def _compile(paths: Sequence[tuple[str, ...]]) -> Callable[[Any], list[Any]]:
    # the tree of the paths' prefixes: each node, the indexes of the paths ending there and its children
    root: dict[str, Any] = {"ends": [], "children": {}}
    for index, parts in enumerate(paths):
        if not parts:
            raise ValueError("an empty path")
        node = root
        for part in parts:
            node = node["children"].setdefault(part, {"ends": [], "children": {}})
        node["ends"].append(index)
    lines = ["def read(data):", f"    out = [MISSING] * {len(paths)}"]
    names = iter(range(1_000_000))

    def walk(node: dict[str, Any], parent: str, indent: str) -> None:
        lines.append(f"{indent}if isinstance({parent}, dict):")
        for part, child in node["children"].items():
            name = f"v{next(names)}"
            # part is a key of the rule files: written as a literal (repr), never as code
            lines.append(f"{indent}    {name} = {parent}.get({part!r})")
            lines.append(f"{indent}    if {name} is not None:")
            lines.extend(f"{indent}        out[{index}] = {name}" for index in child["ends"])
            if child["children"]:
                walk(child, name, indent + "        ")

    if paths:
        walk(root, "data", "    ")
    del walk  # (it calls itself: a reference cycle, left for the collector, otherwise)
    lines.append("    return out")
    namespace: dict[str, Any] = {"MISSING": MISSING, "isinstance": isinstance, "dict": dict}
    exec(compile("\n".join(lines), "<engine.rulebook.reading>", "exec"), namespace)  # noqa: S102 - code made above from literals
    return namespace["read"]
