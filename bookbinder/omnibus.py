"""`build --omnibus`: read every manuscript, bind each series into one book, write them all.

It sits above the pipeline (it reads and writes through it) and below the api, so the pipeline
stays the one module that knows both readers and writers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from bookbinder.model import Manuscript
from bookbinder.pipeline import BuildOptions, read, write_book
from bookbinder.transforms import prepare
from bookbinder.transforms.omnibus import bind, group_series


def build_omnibus(
    sources: Sequence[Path], options: BuildOptions, warn: Callable[[str], None] | None = None
) -> list[Path]:
    """One book per series among ``sources`` (works in series order); works in no series are
    built on their own. Returns the files written."""
    sink = warn or (lambda message: None)
    origin: dict[int, Path] = {}
    works: list[Manuscript] = []
    for source in sources:
        reading = read(source, options.overrides, smart=options.smart, reader_options=options.reader_options)
        for message in reading.warnings:
            sink(message)
        work = prepare(reading.manuscript, source, options.notes).manuscript
        origin[id(work)] = source
        works.append(work)
    series, alone = group_series(works)
    written: list[Path] = []
    for group in series:
        first = origin[id(group.works[0])]
        if group.unnumbered:
            untold = ", ".join(repr(title) for title in group.unnumbered)
            sink(f"{first.parent}: series {group.name!r}: no series index for {untold}: last, by title")
        written += write_book(bind(group), first, options, sink, stem=group.name)
    for work in alone:
        source = origin[id(work)]
        written += write_book(work, source, options, sink, stem=source.stem)
    return written
