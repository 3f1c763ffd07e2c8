"""Settings for a long-lived process that builds one book after another (a pool or Dask worker).

A book's cover is painted in images of 12-50 MB that live a few milliseconds. glibc serves blocks
that large with fresh mmap()s unless its thresholds say otherwise, and every page of a fresh mapping
is a page fault: Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in every worker it spawns, which
also pins glibc's mmap threshold at 128 KiB, and a Dask worker then spent a third of its CPU time in
the kernel (2 million page faults for 60 books; 0.26 s of CPU per book against 0.16 s with the
thresholds below). Raising both keeps those blocks in the heap and reuses them from book to book;
memory stays bounded by the largest book, which the per-book memory limit already polices.
"""

from __future__ import annotations

import contextlib
import sys

MMAP_THRESHOLD = 64 * 1024 * 1024  # blocks below this come from the heap, reused book after book
TRIM_THRESHOLD = 256 * 1024 * 1024  # free heap above this goes back to the system
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameters (glibc malloc.h)
_done = {"ready": False}


def tune_allocator() -> bool:
    """Raise glibc's mmap and trim thresholds for this process (glibc only; True when applied)."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
            libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
        )
    return False


def prepare_worker() -> None:
    """Make this process a book worker (once): no cover thread, allocator tuned for covers."""
    if _done["ready"]:
        return
    from bookbinder.covers import set_prefetch

    set_prefetch(False)  # every core already builds a book: a cover thread only adds contention
    tune_allocator()
    _done["ready"] = True
