"""The writer protocol and the registry of writers, found through entry points.

A writer turns a Manuscript into one file. Built-in writers are registered exactly as a third
party registers one, in ``pyproject.toml``::

    [project.entry-points."bookbinder.writers"]
    epub = "bookbinder.writers.epub:EpubWriter"

Lookup reads only installed metadata, so listing formats imports no writer; a writer's module
(and its heavy libraries) is imported only when that format is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from bookbinder import plugins
from bookbinder.errors import PluginError, UsageError
from bookbinder.model import Manuscript
from bookbinder.writers.options import Option, parse_options, route_options, split_assignments

if TYPE_CHECKING:
    from bookbinder.covers import CoverArt

GROUP = "bookbinder.writers"
PAGE_STARTS = "pdf.page_starts"  # relay key: the PDF's (page label, anchor) pairs (epub/pagelist.py)
__all__ = [
    "GROUP", "PAGE_STARTS", "BuildContext", "Option", "Writer", "format_owners", "formats", "get_writer",
    "in_build_order", "parse_options", "route_options", "split_assignments",
]


def in_build_order(writers: Sequence[Writer]) -> list[Writer]:
    """``writers`` with any that ``runs_after`` another one being built moved after it (the EPUB
    waits for the PDF, whose page starts become its page list); otherwise as asked."""
    names = {writer.name for writer in writers}
    return sorted(writers, key=lambda w: bool(names & set(getattr(w, "runs_after", ()))))


def _ignore(message: str) -> None:
    """Default warning sink."""


@dataclass(frozen=True, slots=True)
class BuildContext:
    """Everything a writer needs besides the manuscript.

    ``cover`` is already validated (a user image or the generated art). ``timestamp`` is the only
    date a writer may put in its output (SOURCE_DATE_EPOCH, else the book's date, else 1980-01-01:
    ``pipeline.source_timestamp``), so rebuilds are byte-identical on any machine. ``options`` are
    this writer's settings, parsed: every option it declares, given or default
    (``parse_options``). ``warn`` reports a problem that does not stop the build (a character no
    font can draw). ``side_output(suffix)`` gives an atomic temporary path for a companion file
    named ``<stem><suffix>`` beside the main output (the print cover wrap).
    """

    cover: CoverArt
    timestamp: datetime
    options: Mapping[str, object] = field(default_factory=dict)
    warn: Callable[[str], None] = _ignore
    side_output: Callable[[str], AbstractContextManager[Path]] | None = None
    # Shared by the writers of one build, run in an order that honours ``runs_after``: what one
    # writer hands the next (the PDF's page starts, for the EPUB's page list).
    relay: dict[str, object] = field(default_factory=dict)


@runtime_checkable
class Writer(Protocol):
    """One output format.

    ``name`` is the ``-f`` value, ``extension`` the file suffix (with the dot), ``options`` the
    settings it takes (``-O name=value``; ``()`` for none). ``cover_sizes`` names the cover
    renderings ``write`` will ask for (``()`` for none), so the build can render them ahead on a
    helper thread. ``write`` writes exactly ``target`` (a temporary path the caller renames into
    place on success); it never needs to handle atomicity itself, and it must raise rather than
    leave a partial file valid.
    """

    name: ClassVar[str]
    extension: ClassVar[str]
    options: ClassVar[tuple[Option, ...]]

    def cover_sizes(self, options: Mapping[str, object]) -> tuple[tuple[int, int], ...]:
        """(width, height) of each cover rendering ``write`` will ask for, given its parsed options."""
        ...

    def write(self, manuscript: Manuscript, target: Path, ctx: BuildContext) -> None:
        """Write ``manuscript`` to ``target``."""
        ...


def formats() -> dict[str, str]:
    """Format name -> ``module:Class`` from installed metadata; imports nothing."""
    return plugins.targets(GROUP)


def format_owners() -> dict[str, str]:
    """Format name -> the distribution that provides it."""
    return plugins.owners(GROUP)


def get_writer(name: str) -> Writer:
    """Load the writer registered as ``name``; clashes and broken plugins are errors."""
    try:
        writer = plugins.load(GROUP, name, "format")
    except KeyError:
        installed = ", ".join(sorted(formats())) or "none"
        raise UsageError(f"unknown format {name!r}; installed: {installed}") from None
    if not isinstance(writer, Writer):
        raise PluginError(f"format {name!r}: {formats()[name]} does not implement the Writer protocol")
    return writer
