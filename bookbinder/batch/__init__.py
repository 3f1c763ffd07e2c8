"""Many manuscripts -> books, one result per book; a failure never stops the others.

``--jobs 1`` (or a single manuscript) builds in this process. More jobs use one
``ProcessPoolExecutor``: each task carries only a path and the options, and results are yielded as
books finish. Workers are forked after the writers are imported, so each worker starts warm instead
of importing reportlab and ebooklib again. A worker that dies (a crash in C code, the OOM killer)
breaks the pool; the books it may have held are retried one by one, so only the culprit fails.
Ctrl-C cancels the books not started and interrupts the running ones, whose temporary files
``fsio.atomic_target`` removes, so no partial book is left behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from bookbinder.errors import BookbinderError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from bookbinder.pipeline import BookResult, BuildOptions

# multiprocessing and concurrent.futures are imported only when a pool is needed: a single book
# (the common `make` case) should not pay for them at start-up.


def default_jobs() -> int:
    """The CPUs this process may run on (honours affinity masks and container limits)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _naming(source: Path, message: str) -> str:
    """Make sure an error line starts with the manuscript it is about."""
    return message if message.startswith(f"{source}:") else f"{source}: {message}"


def build_one(source: Path, options: BuildOptions) -> BookResult:
    """Build one book, capturing its failure as data instead of raising."""
    from bookbinder.pipeline import BookResult
    from bookbinder.pipeline import build_one as build

    warnings: list[str] = []
    start = time.perf_counter()
    try:
        outputs = build(source, options, warn=warnings.append)
    except BookbinderError as err:
        error = _naming(source, str(err))
    except RecursionError:
        error = _naming(source, "too deeply nested to build")
    except MemoryError:
        error = _naming(source, "out of memory")
    except Exception as exc:  # a bug in one book must not stop the batch; reported, not raised
        error = _naming(source, f"internal error ({type(exc).__name__}: {exc})")
    else:
        return BookResult(source, tuple(outputs), tuple(warnings), None, time.perf_counter() - start)
    return BookResult(source, (), tuple(warnings), error, time.perf_counter() - start)


# Worker-side state: a signal interrupts the book being built (its temporary files are removed on
# the way out) and turns every later task into a no-op, so a stopping worker drains its queue fast.
_worker = {"busy": False, "stopping": False}


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _worker["stopping"]:
        return  # never interrupt the clean-up of the first interruption
    _worker["stopping"] = True
    if _worker["busy"]:
        raise KeyboardInterrupt


def _init_worker() -> None:
    from bookbinder.covers import set_prefetch

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    # The pool keeps every core busy: a cover thread would add contention and page faults, not speed.
    set_prefetch(False)


def _work(source: Path, options: BuildOptions) -> BookResult:
    """The pool's task: build_one, unless this worker has been told to stop."""
    from bookbinder.pipeline import BookResult

    interrupted = BookResult(source, (), (), _naming(source, "interrupted"), 0.0)
    if _worker["stopping"]:
        return interrupted
    _worker["busy"] = True
    try:
        return build_one(source, options)
    except KeyboardInterrupt:
        return interrupted
    finally:
        _worker["busy"] = False


def _warm_up(options: BuildOptions) -> None:
    """Import the writers once here so forked workers inherit them; errors surface per book."""
    from bookbinder.writers import get_writer

    for name in options.formats:
        with contextlib.suppress(BookbinderError):
            get_writer(name)


def _by_size(sources: Sequence[Path]) -> list[Path]:
    """Largest first: a novel started last would leave the other workers idle at the end."""

    def size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0

    return sorted(sources, key=size, reverse=True)


def _pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork starts workers in milliseconds with the writers already imported; elsewhere (macOS,
    # Windows) the platform default is the safe choice.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else None)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker)


def _interrupt(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started, stop what has, and wait until workers have cleaned up."""
    # `_processes` is private but the only handle on the workers; shutdown() forgets it, so copy first.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()  # SIGTERM -> KeyboardInterrupt in the book -> temporary files removed
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()


def _crashed(source: Path) -> BookResult:
    from bookbinder.pipeline import BookResult

    return BookResult(source, (), (), _naming(source, "the build process crashed"), 0.0)


def _run_pool(sources: Sequence[Path], options: BuildOptions, jobs: int) -> Iterator[BookResult]:
    """Yield results from a pool; when a worker dies, isolate the books it may have held."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    todo = list(sources)
    while todo:
        pool = _pool(min(jobs, len(todo)))
        finished: set[Path] = set()
        try:
            running = {pool.submit(_work, source, options): source for source in todo}
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    source = running.pop(future)
                    if not isinstance(future.exception(), BrokenProcessPool):
                        finished.add(source)
                        yield future.result()
        except BaseException:
            _interrupt(pool)
            raise
        pool.shutdown(wait=True)
        unfinished = [source for source in todo if source not in finished]
        # Tasks start in submission order and at most jobs + 1 are handed out at once, so the
        # culprit is among the first jobs + 1 unfinished; each of those is retried alone.
        for source in unfinished[: jobs + 1]:
            yield from _isolated(source, options)
        todo = unfinished[jobs + 1 :]


def _isolated(source: Path, options: BuildOptions) -> Iterator[BookResult]:
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(1)
    try:
        try:
            result = pool.submit(_work, source, options).result()
        except BrokenProcessPool:
            result = _crashed(source)
        yield result
    except BaseException:
        _interrupt(pool)
        raise
    pool.shutdown(wait=True)


def _clashes(sources: Sequence[Path]) -> tuple[list[Path], list[BookResult]]:
    """Drop repeated inputs; refuse a second manuscript that would overwrite another's book."""
    from bookbinder.fsio import safe_stem
    from bookbinder.pipeline import BookResult

    kept: dict[str, Path] = {}
    refused: list[BookResult] = []
    for source in dict.fromkeys(sources):
        stem = safe_stem(source.stem).casefold()  # case-insensitive disks would clash too
        if stem in kept:
            reason = f"would overwrite the book built from {kept[stem]}; rename one of them"
            refused.append(BookResult(source, (), (), _naming(source, reason), 0.0))
        else:
            kept[stem] = source
    return list(kept.values()), refused


def run_batch(sources: Sequence[Path], options: BuildOptions, jobs: int = 1) -> Iterator[BookResult]:
    """Yield a BookResult per source as each finishes; ``jobs`` > 1 builds in a process pool."""
    unique, refused = _clashes(sources)
    yield from refused
    if not unique:
        return
    _warm_up(options)
    if jobs <= 1 or len(unique) == 1:
        for source in unique:
            yield build_one(source, options)
        return
    yield from _run_pool(_by_size(unique), options, jobs)
