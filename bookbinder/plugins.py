"""Entry-point lookup shared by the reader and writer registries (and any later plug point).

A plug point is an entry-point group: built-in readers and writers are registered in
``pyproject.toml`` exactly as a third party registers one. Listing a group imports no plugin;
``load`` imports one, and turns a name two distributions claim, or a plugin that fails to
import, into a one-line ``PluginError``.

Finding entry points the standard way (``importlib.metadata``) costs about 30 ms of start-up,
most of it importing that module's own dependencies (email, zipfile, csv), on every command.
So the scan's result is cached on disk, keyed by ``sys.path`` and the times of its folders:
installing, upgrading or removing a distribution creates or deletes a ``*.dist-info`` folder,
which changes the key, so a new plugin is seen at once. Set ``BOOKBINDER_CACHE_DIR`` to move the
cache, or to an empty string to switch it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bookbinder.errors import PluginError

_FORMAT = 1  # bump when the cached layout changes
METADATA_SUFFIXES = (".dist-info", ".egg-info", ".egg-link")  # what pip leaves per distribution


@dataclass(frozen=True, slots=True)
class Entry:
    """One registered plugin: ``name = "module:attribute"`` in ``group``, from ``dist``."""

    group: str
    name: str
    value: str
    dist: str

    def load(self) -> object:
        """Import the module and return the named attribute (``module:Class.attr`` allowed)."""
        module, _, attribute = self.value.partition(":")
        found: object = importlib.import_module(module.strip())
        for part in filter(None, attribute.strip().split(".")):
            found = getattr(found, part)
        return found


def registered(group: str) -> tuple[Entry, ...]:
    """Every entry point of ``group`` installed on the current ``sys.path``."""
    return tuple(e for e in _all_on(_path_key()) if e.group == group)


def targets(group: str) -> dict[str, str]:
    """Plugin name -> ``module:Class``; imports nothing."""
    return {e.name: e.value for e in registered(group)}


def owners(group: str) -> dict[str, str]:
    """Plugin name -> the distribution that provides it."""
    return {e.name: e.dist for e in registered(group)}


def load(group: str, name: str, noun: str) -> object:
    """Import and instantiate the plugin ``name``; ``noun`` ("format", "reader") names it in errors.

    Raises KeyError when nothing is registered under ``name``.
    """
    found = [e for e in registered(group) if e.name == name]
    if not found:
        raise KeyError(name)
    if len({e.value for e in found}) > 1:
        claims = ", ".join(f"{e.value} from {e.dist}" for e in found)
        raise PluginError(f"{noun} {name!r} is registered twice: {claims}")
    try:
        return found[0].load()()  # type: ignore[operator]
    except Exception as exc:  # a broken plugin is reported, not crashed on
        raise PluginError(f"{noun} {name!r}: cannot load {found[0].value}: {exc}") from exc


def _path_key() -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """``sys.path`` with what shows a distribution was installed, upgraded or removed there.

    For a folder, its modification time: pip creates or deletes a ``*.dist-info`` folder in it.
    The current folder (on the path under ``python -m``) changes whenever a file is saved there,
    so for it the key is its distribution metadata folders and their times instead.
    """
    here = os.getcwd()
    key = []
    for entry in sys.path:
        found: list[tuple[str, int]] = []
        with contextlib.suppress(OSError):
            if entry in ("", ".", here):
                with os.scandir(entry or ".") as listing:
                    found = [(i.name, i.stat().st_mtime_ns) for i in listing
                             if i.name.endswith(METADATA_SUFFIXES)]
            else:
                found = [("", os.stat(entry).st_mtime_ns)]
        key.append((entry, tuple(sorted(found))))
    return tuple(key)


@lru_cache(maxsize=16)
def _all_on(key: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]) -> tuple[Entry, ...]:
    cache = _cache_file(key)
    if cache is not None:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data["format"] == _FORMAT:
                return tuple(Entry(*row) for row in data["entries"])
    entries = _scan()
    if cache is not None:
        _store(cache, entries)
    return entries


def _scan() -> tuple[Entry, ...]:
    from importlib.metadata import distributions

    seen: set[str] = set()
    found: list[Entry] = []
    for dist in distributions():  # the first of a name on sys.path wins, as importlib's own lookup
        name = dist.metadata["Name"] or "?"
        normal = name.lower().replace("-", "_").replace(".", "_")
        if normal in seen:
            continue
        seen.add(normal)
        found += [Entry(ep.group, ep.name, ep.value, name) for ep in dist.entry_points
                  if ep.group.startswith("bookbinder.")]
    return tuple(found)


def _cache_file(key: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]) -> Path | None:
    from bookbinder.cachedir import user_cache_dir

    folder = user_cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(repr((sys.executable, key)).encode()).hexdigest()[:24]
    return folder / f"plugins-{digest}.json"


def _store(cache: Path, entries: tuple[Entry, ...]) -> None:
    """Write the cache atomically; a cache that cannot be written is simply not used."""
    import tempfile

    rows = [[e.group, e.name, e.value, e.dist] for e in entries]
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache.parent, prefix=".plugins-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"format": _FORMAT, "entries": rows}, out)
            os.replace(temporary, cache)
        except OSError:
            os.unlink(temporary)
