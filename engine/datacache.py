"""The validated plan catalog and rulebook, kept between runs in the user's cache folder.

Reading and validating the rule files and the catalog (YAML, pydantic, the rule schema) costs more
than checking a profile; the result depends only on those files and on the code that reads them.
So the first run writes what it validated, and later runs read it back in a few milliseconds.

* Keyed by a hash of every rule and catalog file and of the code that reads them (and the Python
  version): an edited rule file, a new release, another Python gives another key, so a stale entry
  is never used (only the entry of the current key is kept: older ones are removed on write).
* Safe to delete at any time: a missing entry is rebuilt from the files.
* Never trusted when damaged: an entry carries the hash of its contents, checked before anything
  is unpickled; a truncated, edited or unreadable entry is ignored (and replaced).
* Written whole or not at all (a temporary file beside it, then a rename); a cache that cannot be
  written (read-only home, no such folder) costs only the time: nothing is said, nothing fails.

Only this process's own user can write the folder, as with the rest of their home: an entry is
pickled Python data, so the folder is as trusted as the user's own files (like `__pycache__`).

Where: `CARTAGENA_CACHE_DIR` if set; else `$XDG_CACHE_HOME/cartagena-compliance` (Linux, default
`~/.cache`), `~/Library/Caches/cartagena-compliance` (macOS), `%LOCALAPPDATA%\\cartagena-compliance`
(Windows). `CARTAGENA_NO_CACHE=1` turns it off (the files are read every time).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

from . import paths

MAGIC = b"cartagena-compliance validated data 1\n"
SUFFIX = ".rulebook"
# the code whose output is cached: what reads, checks and models the catalog, the rules and the profile format
CODE_FOLDERS = ("catalog", "rulebook", "profile")
# the same code runs as `engine` (a clone's cli.py) or `cartagena_compliance.engine` (installed): a
# pickle names its classes' modules, so each keeps its own entry
_PREFIX = f"{__package__}-"


def cache_dir() -> Path | None:
    """The folder of the cache, or None when it is turned off."""
    if os.environ.get("CARTAGENA_NO_CACHE"):
        return None
    given = os.environ.get("CARTAGENA_CACHE_DIR")
    if given:
        return Path(given)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "cartagena-compliance"


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.suffix in suffixes and path.is_file() and "__pycache__" not in path.parts)


def data_key() -> str:
    """The hash of everything the validated data depends on, read now (the folders in use now)."""
    digest = hashlib.sha256(f"{sys.version}\0{pickle.HIGHEST_PROTOCOL}\0".encode())
    engine_dir = Path(__file__).resolve().parent
    sources = [(paths.RULES_DIR, (".yaml", ".yml", ".json")), (paths.CATALOG_DIR, (".yaml", ".yml", ".json"))]
    sources += [(engine_dir / folder, (".py",)) for folder in CODE_FOLDERS]
    for folder, suffixes in sources:
        digest.update(b"\1" + str(folder).encode())
        for path in _files(Path(folder), suffixes):
            digest.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_entry(path: Path) -> Any:
    """What `path` holds, or None if it is missing, damaged or not an entry of this cache."""
    try:
        content = path.read_bytes()
    except OSError:
        return None
    head, _, rest = content.partition(b"\n")
    if head + b"\n" != MAGIC:
        return None
    sealed, _, payload = rest.partition(b"\n")
    if not payload or sealed.decode("ascii", "replace") != hashlib.sha256(payload).hexdigest():
        return None
    try:
        return pickle.loads(payload)  # noqa: S301 - sealed above, in the user's own cache folder
    except Exception:  # noqa: BLE001 - a class that moved: as if there were no entry
        return None


def write_entry(path: Path, value: Any) -> None:
    """Writes `value` to `path` whole (or not at all), removing the entries of other keys."""
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        for other in path.parent.glob(f"{_PREFIX}*{SUFFIX}"):
            if other != path:
                other.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):  # no cache: only slower
        pass


def cached(build: Callable[[], Any]) -> Any:
    """`build()` (which raises on broken data: then nothing is written), or what the cache holds for
    the files as they are now."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        path = folder / f"{_PREFIX}{data_key()}{SUFFIX}"
    except OSError:  # a data file that cannot be read: the loaders say which, in their words
        return build()
    value = read_entry(path)
    if value is None:
        value = build()
        write_entry(path, value)
    return value
