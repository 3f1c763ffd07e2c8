"""Entry-point lookup shared by the reader and writer registries (and any later plug point).

A plug point is an entry-point group: built-in readers and writers are registered in
``pyproject.toml`` exactly as a third party registers one. Listing a group reads installed
metadata only, so it imports no plugin; ``load`` imports one, and turns a name two distributions
claim, or a plugin that fails to import, into a one-line ``PluginError``.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib.metadata import EntryPoint, entry_points

from bookbinder.errors import PluginError


def registered(group: str) -> tuple[EntryPoint, ...]:
    """Every entry point of ``group`` on the current ``sys.path``."""
    return _registered_on(group, tuple(sys.path))


@lru_cache(maxsize=16)
def _registered_on(group: str, path: tuple[str, ...]) -> tuple[EntryPoint, ...]:
    # Scanning every installed distribution costs ~10 ms, and a batch asks once per book and
    # format; keyed on sys.path so a plugin put on the path later is still found.
    return tuple(entry_points(group=group))


def targets(group: str) -> dict[str, str]:
    """Plugin name -> ``module:Class``; imports nothing."""
    return {ep.name: ep.value for ep in registered(group)}


def owners(group: str) -> dict[str, str]:
    """Plugin name -> the distribution that provides it."""
    return {ep.name: _owner(ep) for ep in registered(group)}


def load(group: str, name: str, noun: str) -> object:
    """Import and instantiate the plugin ``name``; ``noun`` ("format", "reader") names it in errors.

    Raises KeyError when nothing is registered under ``name``.
    """
    found = [ep for ep in registered(group) if ep.name == name]
    if not found:
        raise KeyError(name)
    if len({ep.value for ep in found}) > 1:
        claims = ", ".join(f"{ep.value} from {_owner(ep)}" for ep in found)
        raise PluginError(f"{noun} {name!r} is registered twice: {claims}")
    try:
        return found[0].load()()
    except Exception as exc:  # a broken plugin is reported, not crashed on
        raise PluginError(f"{noun} {name!r}: cannot load {found[0].value}: {exc}") from exc


def _owner(ep: EntryPoint) -> str:
    return ep.dist.name if ep.dist else "?"
