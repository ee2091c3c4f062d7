"""Safe YAML for the project's own data files (the plan catalog, the rule files): plain data only,
through PyYAML's C loader where it has one; a tag such as !!python/object is an error, never code.

PyYAML is imported on first use: a start whose catalog and rulebook come from the data cache
(engine/datacache.py), as every `check` after the first does, parses no YAML and does not pay the
15 ms of its import.
"""

from __future__ import annotations

from typing import Any


def load(stream: Any) -> Any:
    """The plain data of a YAML document (text or a binary file)."""
    import yaml

    return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders only


def error() -> type[Exception]:
    """PyYAML's error class, for an `except` clause (evaluated only when something was raised)."""
    import yaml

    return yaml.YAMLError
