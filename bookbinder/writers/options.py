"""Writer options: what a writer declares, and how ``-O`` values reach the writers that take them.

A writer lists its settings as ``options = (Option("page_size", "6x9in", "...", parse=...), ...)``
(Python-Markdown's ``config``, typed). ``-O name=value`` goes to every requested writer that
declares ``name``; ``-O pdf.name=value`` to that writer only. Only the writers being run are
checked: an option for a format that is not being built is ignored with a warning, so
``build -f epub --page-size bogus`` builds the EPUB.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from bookbinder.errors import UsageError
from bookbinder.options import Option

__all__ = ["Option", "parse_options", "route_options", "split_assignments"]

if TYPE_CHECKING:
    from bookbinder.writers import Writer


def parse_options(writer: Writer, given: Mapping[str, str]) -> dict[str, object]:
    """Every option ``writer`` declares, parsed: the ``given`` text, else the default."""
    declared = {option.name: option for option in writer.options}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise UsageError(f"{writer.name} has no option {unknown[0]!r}; it takes: {_names(writer)}")
    return {
        name: option.value(given.get(name, option.default), writer.name) for name, option in declared.items()
    }


def route_options(
    writers: Sequence[Writer], raw: Mapping[str, str]
) -> tuple[dict[str, dict[str, object]], list[str]]:
    """Split ``-O`` settings (``name`` or ``format.name`` -> text) among the requested ``writers``.

    Returns each writer's parsed options (by format name) and warnings about settings for formats
    not being built. Raises ``UsageError`` for an option no requested writer takes, or a bad value.
    """
    by_name = {writer.name: writer for writer in writers}
    given: dict[str, dict[str, str]] = {name: {} for name in by_name}
    warnings: list[str] = []
    for key, text in raw.items():
        target, dot, name = key.rpartition(".")
        if not name:
            raise UsageError(f"-O expects NAME=VALUE or FORMAT.NAME=VALUE, got {key!r}")
        if dot and target not in by_name:
            warnings.append(f"-O {key}: ignored, {target} is not being built")
            continue
        takers = [by_name[target]] if dot else [w for w in writers if name in _declared(w)]
        if not takers:
            offered = "; ".join(f"{w.name}: {_names(w)}" for w in writers)
            raise UsageError(f"-O {key}: no format being built takes {name!r} ({offered})")
        for writer in takers:
            if dot or name not in given[writer.name]:  # format.name beats a plain name
                given[writer.name][name] = text
    return {name: parse_options(by_name[name], settings) for name, settings in given.items()}, warnings


def split_assignments(items: Sequence[str], flag: str = "-O") -> dict[str, str]:
    """``["pdf.page_size=A5", ...]`` -> ``{"pdf.page_size": "A5"}``; the last of a repeated key wins."""
    found: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            expected = "NAME=VALUE or FORMAT.NAME=VALUE" if flag == "-O" else "NAME=VALUE"
            raise UsageError(f"{flag} expects {expected}, got {item!r}")
        found[key.strip()] = value.strip()
    return found


def _declared(writer: Writer) -> set[str]:
    return {option.name for option in writer.options}


def _names(writer: Writer) -> str:
    return ", ".join(option.name for option in writer.options) or "no options"
