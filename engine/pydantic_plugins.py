"""pydantic without its plugin lookup: this tool uses no pydantic plugin.

When it builds its first model, pydantic looks for plugins among the entry points of every
installed package (`pydantic.plugin._loader`, which imports `importlib.metadata`: email, zipfile,
csv...): about 20 ms of a 200 ms `cartagena validate` (issue 25). `skip_plugin_lookup()`, called
before the first model is defined, gives pydantic a loader that finds none, which is what it finds
anyway where no plugin is installed. Where pydantic has already loaded its own (another program
importing the engine), or is a version without that module, nothing changes. The stand-in is
process-wide: a program that imports the engine before its own models are built gets no pydantic
plugin either (this package is a command-line tool; such a program can import
`pydantic.plugin._loader` first to keep its plugins).
"""

from __future__ import annotations

import sys
import types
from typing import Any

_LOADER = "pydantic.plugin._loader"


def _no_plugins() -> tuple[Any, ...]:
    return ()


def skip_plugin_lookup() -> None:
    if _LOADER in sys.modules:
        return
    try:
        import pydantic.plugin  # noqa: F401  (the package whose module this stands in for)
        from pydantic.plugin._schema_validator import create_schema_validator  # noqa: F401  (imports the loader when called)
    except ImportError:  # a pydantic laid out otherwise: its own loader stays
        return
    loader = types.ModuleType(_LOADER, "pydantic's plugin loader, finding no plugin (engine.pydantic_plugins)")
    loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[_LOADER] = loader
