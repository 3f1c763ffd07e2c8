"""A batch from end to end: stream the manuscripts, refuse collisions, skip what the log shows is
up to date, hand the rest to an executor, and log every result.

Nothing here grows with the number of books beyond a small fingerprint per book (an 8-byte hash
of each output name claimed, the log's offset per book): manuscripts are listed lazily, tasks are
pulled by the executor as it has room, and results (including skipped and refused books, which
queue at most ``WINDOW`` deep) are yielded as they come.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bookbinder.batch.book import failure
from bookbinder.errors import BookbinderError

if TYPE_CHECKING:
    from bookbinder.batch.executors import Executor, Task
    from bookbinder.batch.log import BuildLog
    from bookbinder.pipeline import BookResult, BuildOptions

WINDOW = 256  # results of skipped or refused books waiting to be yielded


def output_names(source: Path, options: BuildOptions) -> list[Path]:
    """Every file building ``source`` may write, side outputs included (a print PDF's cover wrap)."""
    from bookbinder.fsio import safe_stem
    from bookbinder.pipeline import output_path
    from bookbinder.writers import get_writer

    found: list[Path] = []
    for name in dict.fromkeys(options.formats):
        with contextlib.suppress(BookbinderError):
            found.append(output_path(source, options.out_dir, get_writer(name).extension))
    if "pdf" in options.formats and str(options.writer_options.get("profile", "")) == "print":
        found.append(options.out_dir / f"{safe_stem(source.stem)}-cover.pdf")
    return found


class Claims:
    """Output names already promised to a book of this batch (as 8-byte hashes, case-folded)."""

    def __init__(self) -> None:
        self._owners: dict[bytes, str] = {}
        self._sources: set[bytes] = set()

    @staticmethod
    def _digest(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()

    def seen(self, source: Path) -> bool:
        """True when ``source`` was already in the batch (named twice: built once)."""
        digest = self._digest(os.path.abspath(source))
        if digest in self._sources:
            return True
        self._sources.add(digest)
        return False

    def refuse(self, source: Path, outputs: list[Path]) -> str | None:
        """Why ``source`` cannot be built here (its output would overwrite another's, or an input)."""
        for output in outputs:
            with contextlib.suppress(OSError):
                if output.exists() and os.path.samefile(output, source):
                    return f"its {output.suffix[1:]} would overwrite the manuscript itself; choose another -o"
        digests = [self._digest(os.path.normcase(os.path.abspath(o)).casefold()) for o in outputs]
        for digest in digests:
            if digest in self._owners:
                return f"would overwrite the book built from {self._owners[digest]}; rename one of them"
        for digest in digests:
            self._owners[digest] = str(source)
        return None


def warm_up(options: BuildOptions) -> None:
    """Import the writers once here so forked workers inherit them; errors surface per book."""
    from bookbinder.writers import get_writer

    for name in options.formats:
        with contextlib.suppress(BookbinderError):
            get_writer(name)


def run(
    sources: Iterable[Path],
    options: BuildOptions,
    executor: Executor,
    *,
    log: BuildLog | None = None,
    force: bool = False,
) -> Iterator[BookResult]:
    """Yield one BookResult per distinct source: built, failed, refused, or skipped (up to date)."""
    from bookbinder.fsio import remove_stale_temporaries

    warm_up(options)
    remove_stale_temporaries(options.out_dir)
    claims = Claims()
    stream = iter(sources)
    ready: deque[BookResult] = deque()
    exhausted = False

    def tasks() -> Iterator[Task]:
        nonlocal exhausted
        for source in stream:
            if claims.seen(source):
                continue
            reason = claims.refuse(source, output_names(source, options))
            if reason is not None:
                ready.append(failure(source, reason))
            elif log is not None and not force and (current := log.up_to_date(source)) is not None:
                ready.append(current)
            else:
                yield (source, options)
                continue
            if len(ready) >= WINDOW:
                return  # let the executor finish its books so these can be yielded
        exhausted = True

    # An executor may hold a resource across its run calls (a Dask cluster): one session a batch.
    session: contextlib.AbstractContextManager[object] = (
        executor if isinstance(executor, contextlib.AbstractContextManager) else contextlib.nullcontext()
    )
    try:
        with session:
            while not exhausted:
                for result in executor.run(tasks()):
                    if log is not None:
                        log.record(result)
                    yield result
                    while ready:
                        yield ready.popleft()
                while ready:
                    yield ready.popleft()
    finally:
        remove_stale_temporaries(options.out_dir)  # a worker killed during this run left its part
