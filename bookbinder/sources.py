"""Which files a build reads: the manuscripts of the inputs given (listed lazily), and every file
besides a manuscript that can change its book (for the build log)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from bookbinder.readers import suffixes

__all__ = ["expand_inputs", "input_files", "iter_inputs"]

SORT_CHUNK = 10_000  # a folder's names are sorted in chunks this big: memory stays flat at any size


def iter_inputs(inputs: Sequence[Path]) -> Iterator[Path]:
    """Files as given, and the manuscripts inside any directory, without holding a folder's listing.

    Names are sorted in chunks of SORT_CHUNK, so any ordinary folder builds in name order.
    """
    known = suffixes()
    for item in inputs:
        if not item.is_dir():
            yield item
            continue
        chunk: list[str] = []
        with os.scandir(item) as entries:
            for entry in entries:
                if os.path.splitext(entry.name)[1].lower() in known and entry.is_file():
                    chunk.append(entry.name)
                    if len(chunk) >= SORT_CHUNK:
                        yield from (item / name for name in sorted(chunk))
                        chunk = []
        yield from (item / name for name in sorted(chunk))



def input_files(source: Path, given: Path | None = None, cover: Path | None = None) -> list[Path]:
    """Every file besides ``source`` whose presence or bytes can change its book (for the build log):
    sidecars, the folder catalogue, each covers/ candidate, --cover and the image actually used."""
    from bookbinder.covers import candidates
    from bookbinder.metadata.sidecars import CATALOGUE_NAME, SIDECAR_SUFFIXES

    found = [source.with_suffix(suffix) for suffix in SIDECAR_SUFFIXES if suffix != source.suffix]
    found.append(source.parent / CATALOGUE_NAME)
    found.extend(candidates(source))
    found.extend(path for path in (given, cover) if path is not None)
    return list(dict.fromkeys(found))


def expand_inputs(inputs: Sequence[Path]) -> list[Path]:
    """Files as given, and the manuscripts inside any directory (sorted, so batches are stable)."""
    return list(iter_inputs(inputs))
