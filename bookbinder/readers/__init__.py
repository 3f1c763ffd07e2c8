"""The reader protocol and the registry of readers, found through entry points.

A reader turns one file's bytes into a Reading. Built-in readers are registered exactly as a
third party registers one, in ``pyproject.toml``::

    [project.entry-points."bookbinder.readers"]
    text = "bookbinder.readers.text:TextReader"

The registry is the only list of manuscript suffixes: ``build DIR``, the catalogue check, the
Makefile (``bookbinder suffixes``) and the docs all ask ``suffixes()``. Every reader ends with
``reading.finish`` (layers, language, resolve, Manuscript), so no reader can skip that step.

A reader may declare ``options`` (a tuple of ``bookbinder.options.Option``): they reach it as
``ctx.options`` from ``-R NAME=VALUE`` and from sidecar or catalogue keys of the same name.
A reader whose optional library is missing sets ``enabled = False`` and a ``disabled_message``
(as Pelican's readers do): its files are then refused with that message, and the other readers
keep working. A reader module should import its heavy libraries inside ``read``, because finding
the reader for a suffix imports every reader's module.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from bookbinder import plugins
from bookbinder.errors import InputError, PluginError

if TYPE_CHECKING:
    from bookbinder.metadata import Layer
    from bookbinder.readers.reading import Reading

GROUP = "bookbinder.readers"


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader is told besides the file.

    ``outer_layers`` are the metadata layers that outrank the file (command line, sidecar,
    catalogue; highest first). ``options`` are reader options (``chapter_pattern``, ...), from
    the command line, sidecars and catalogues; a reader ignores the ones it does not know.
    """

    outer_layers: tuple[Layer, ...] = ()
    smart: bool = True  # smart punctuation
    options: Mapping[str, str] = field(default_factory=dict)


@runtime_checkable
class Reader(Protocol):
    """One input format: ``name`` (``text``, ``html``...), the ``suffixes`` it claims (lower case,
    with the dot), and ``read``, which must end in ``reading.finish``."""

    name: ClassVar[str]
    suffixes: ClassVar[frozenset[str]]

    def read(self, data: bytes, path: Path, ctx: ReadContext) -> Reading:
        """Read one manuscript's bytes; raises InputError for a file it cannot use."""
        ...


@dataclass(frozen=True, slots=True)
class _Table:
    """The loaded readers by suffix, and what could not be used."""

    readers: dict[str, Reader]  # suffix -> enabled reader
    disabled: dict[str, str]  # suffix -> why its reader is off
    clashes: dict[str, str]  # suffix -> the readers that both claim it
    broken: tuple[PluginError, ...]  # readers that failed to load
    unavailable: dict[str, str]  # reader name -> why it cannot read (disabled or broken)


def reader_names() -> dict[str, str]:
    """Reader name -> ``module:Class`` from installed metadata; imports nothing."""
    return plugins.targets(GROUP)


def reader_owners() -> dict[str, str]:
    """Reader name -> the distribution that provides it."""
    return plugins.owners(GROUP)


def suffixes() -> frozenset[str]:
    """Every suffix an enabled reader claims: THE list of manuscript suffixes."""
    return frozenset(_table().readers)


def reader_suffixes() -> dict[str, frozenset[str]]:
    """Reader name -> the suffixes it claims (enabled readers only), for `bookbinder formats`."""
    found: dict[str, set[str]] = {}
    for suffix, reader in _table().readers.items():
        found.setdefault(reader.name, set()).add(suffix)
    return {name: frozenset(claimed) for name, claimed in found.items()}


def unavailable_readers() -> dict[str, str]:
    """Reader name -> why it cannot read anything (a missing library, a broken plugin)."""
    return dict(_table().unavailable)


def lift_options(
    reader: Reader, layers: Sequence[Layer], given: Mapping[str, str]
) -> tuple[tuple[Layer, ...], dict[str, str]]:
    """Take the options ``reader`` declares out of the metadata ``layers`` (a sidecar or catalogue
    key of the same name, ``chapter-pattern`` or ``chapter_pattern``), so they never become
    metadata; the highest layer wins, and ``given`` (the command line's ``-R``) beats them all."""
    from bookbinder.metadata import Layer

    declared = {option.name for option in getattr(reader, "options", ())}
    found: dict[str, str] = {}
    kept: list[Layer] = []
    for layer in layers:
        own = {key: value for key, value in layer.values.items() if _option_name(key) in declared}
        for key, value in own.items():
            found.setdefault(_option_name(key), str(value))
        kept.append(Layer(layer.source, {k: v for k, v in layer.values.items() if k not in own}, layer.file)
                    if own else layer)
    return tuple(kept), {**found, **given}


def _option_name(key: str) -> str:
    return "_".join(key.strip().lower().replace("-", " ").split())


def reader_for(path: Path) -> Reader:
    """The reader for ``path``, by its lower-cased suffix; an unknown suffix is an InputError."""
    table = _table()
    suffix = path.suffix.lower()
    if suffix in table.clashes:
        raise PluginError(f"{suffix} files are claimed by two readers: {table.clashes[suffix]}")
    if suffix in table.readers:
        return table.readers[suffix]
    if suffix in table.disabled:
        raise InputError(path, table.disabled[suffix])
    if table.broken:
        raise table.broken[0]
    known = ", ".join(sorted(table.readers)) or "none"
    raise InputError(path, f"no reader for {suffix or 'files without a suffix'} (readers take: {known})")


def _table() -> _Table:
    return _table_on(tuple(sys.path))


@lru_cache(maxsize=8)
def _table_on(path: tuple[str, ...]) -> _Table:
    readers: dict[str, Reader] = {}
    disabled: dict[str, str] = {}
    clashes: dict[str, str] = {}
    broken: list[PluginError] = []
    unavailable: dict[str, str] = {}
    for name, target in sorted(reader_names().items()):
        try:
            reader = plugins.load(GROUP, name, "reader")
            if not isinstance(reader, Reader):
                raise PluginError(f"reader {name!r}: {target} does not implement the Reader protocol")
        except PluginError as err:
            broken.append(err)
            unavailable[name] = str(err)
            continue
        if not getattr(reader, "enabled", True):
            message = getattr(reader, "disabled_message", "") or f"the {name} reader is not available"
            disabled.update(dict.fromkeys(reader.suffixes, message))
            unavailable[name] = message
            continue
        for suffix in reader.suffixes:
            other = readers.get(suffix)
            if other is not None and other.name != reader.name:
                clashes[suffix] = f"{other.name} ({reader_names().get(other.name)}) and {name} ({target})"
            readers[suffix] = reader
    return _Table(readers, disabled, clashes, tuple(broken), unavailable)
