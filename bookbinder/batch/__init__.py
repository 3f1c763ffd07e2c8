"""Batches: many manuscripts -> books, one result per book; a failure never stops the others.

``run`` streams a batch through an executor (``executors``: serial, a process ``pool``, Dask),
``log`` remembers what was built so reruns skip it, ``book`` builds one book in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bookbinder.batch.book import build_one
from bookbinder.batch.pool import default_jobs

if TYPE_CHECKING:
    from bookbinder.batch.executors import Executor
    from bookbinder.pipeline import BookResult, BuildOptions

__all__ = ["build_one", "default_jobs", "run_batch"]


def run_batch(
    sources: Iterable[Path],
    options: BuildOptions,
    jobs: int = 1,
    *,
    executor: Executor | None = None,
    force: bool = False,
    log: bool = False,
) -> Iterator[BookResult]:
    """Yield a BookResult per source as each finishes.

    ``executor`` defaults to this process for ``jobs`` 1 and a process pool above; with ``log`` the
    output folder's build log is read (up-to-date books are skipped unless ``force``) and appended.
    """
    from bookbinder.batch.executors import ExecutorSettings, get_executor
    from bookbinder.batch.log import BuildLog
    from bookbinder.batch.run import run

    chosen = executor or get_executor("process" if jobs > 1 else "serial", ExecutorSettings(jobs=jobs))
    if not log:
        yield from run(sources, options, chosen, force=force)
        return
    with BuildLog(options.out_dir, options) as book_log:
        yield from run(sources, options, chosen, log=book_log, force=force)
