"""A pool of forked worker processes, one book at a time each, watched by the parent.

Each worker is forked after the writers are imported, so it starts warm. The parent hands one task
(a path and the options, never contents) to an idle worker over its own pipe and pulls the next task
only then, so a folder of 100,000 manuscripts never sits in memory. Because the parent knows which
book each worker holds, it can:

- kill a book that runs past the time limit or grows past the memory bound, report it, go on;
- retry once a book whose worker died (the OOM killer, a crash in C code), then report it;
- stop cleanly: Ctrl-C or SIGTERM interrupts the running books (their temporary files are removed
  on the way out) and the workers exit; workers also die with their parent (PR_SET_PDEATHSIG), so a
  SIGKILLed ``bookbinder`` leaves no orphan writing books.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from bookbinder.batch.book import build_one, failure, interrupted

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from bookbinder.pipeline import BookResult, BuildOptions

Task = tuple[Path, "BuildOptions"]
POLL_SECONDS = 0.25  # how often the parent looks at time and memory while every worker is busy
GRACE_SECONDS = 3.0  # a killed book gets this long to remove its temporary files before SIGKILL


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-book bounds; None means unbounded."""

    seconds: float | None = None
    memory_mb: int | None = None


def default_jobs() -> int:
    """The CPUs this process may run on (honours affinity masks and container limits)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


# ---------------------------------------------------------------------------------------- worker
# Worker-side state: a signal interrupts the book being built (its temporary files are removed on
# the way out) and makes the worker exit instead of taking another book.
_worker = {"busy": False, "stopping": False}


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _worker["stopping"]:
        return  # never interrupt the clean-up of the first interruption
    _worker["stopping"] = True
    if _worker["busy"]:
        raise KeyboardInterrupt


def die_with_parent() -> None:
    """Ask Linux to send SIGTERM to this process when its parent dies (no orphans after a SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def _child(conn: Connection, parent: int) -> None:
    from bookbinder.batch.worker import prepare_worker

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    die_with_parent()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    prepare_worker()
    while not _worker["stopping"]:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        source, options = task
        _worker["busy"] = True
        try:
            result = build_one(source, options)
        except KeyboardInterrupt:
            result = interrupted(source)
        finally:
            _worker["busy"] = False
        with contextlib.suppress(OSError):
            conn.send(result)


# ---------------------------------------------------------------------------------------- parent
@dataclass(eq=False, slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: Task | None = None
    started: float = 0.0

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)


def _context() -> Any:
    import multiprocessing

    # fork starts workers in milliseconds with the writers already imported; elsewhere (macOS,
    # Windows) the platform default is the safe choice.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else None)


def _spawn() -> _Worker:
    context = _context()
    mine, theirs = context.Pipe()
    process = context.Process(target=_child, args=(theirs, os.getpid()), daemon=True, name="bookbinder-book")
    process.start()
    theirs.close()
    return _Worker(process, mine)


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc); 0 where unknown."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    except (OSError, ValueError, IndexError):
        return 0.0


def _stop(worker: _Worker) -> None:
    """SIGTERM (the book removes its temporary files), then SIGKILL after a grace period."""
    with contextlib.suppress(OSError):
        worker.conn.close()
    if worker.process.is_alive():
        worker.process.terminate()
    worker.process.join(GRACE_SECONDS)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join(1)


def _over_limit(worker: _Worker, limits: Limits, now: float) -> str | None:
    if limits.seconds is not None and now - worker.started > limits.seconds:
        return f"took longer than the time limit ({limits.seconds:g} s); stopped"
    if limits.memory_mb is not None and (used := _rss_mb(worker.process.pid or 0)) > limits.memory_mb:
        return f"used more memory than the limit ({used:.0f} MB > {limits.memory_mb} MB); stopped"
    return None


class _SignalsAsInterrupt:
    """While the pool runs, SIGTERM and SIGHUP stop it like Ctrl-C does (workers cleaned up)."""

    def __enter__(self) -> None:
        self.saved: dict[int, Any] = {}
        if sys.platform == "win32":
            return
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
                self.saved[signum] = signal.signal(signum, self._raise)

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.saved.items():
            signal.signal(signum, handler)

    @staticmethod
    def _raise(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt


def run_pool(tasks: Iterable[Task], jobs: int, limits: Limits = Limits()) -> Iterator[BookResult]:
    """Yield a result for every task, at most ``jobs`` books at once, in the order they finish."""
    from multiprocessing.connection import wait

    pending = iter(tasks)
    retry: deque[Task] = deque()
    attempts: dict[Path, int] = {}
    workers: list[_Worker] = []
    exhausted = False

    def next_task() -> Task | None:
        nonlocal exhausted
        if retry:
            return retry.popleft()
        if exhausted:
            return None
        task = next(pending, None)
        exhausted = task is None
        return task

    with _SignalsAsInterrupt():
        try:
            while True:
                for worker in [w for w in workers if w.task is None] + [None] * (jobs - len(workers)):
                    task = next_task()
                    if task is None:
                        break
                    if worker is None:
                        worker = _spawn()
                        workers.append(worker)
                    worker.give(task)
                busy = [w for w in workers if w.task is not None]
                if not busy:
                    return
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], POLL_SECONDS)
                now = time.monotonic()
                for worker in busy:
                    assert worker.task is not None
                    source = worker.task[0]
                    if worker.conn in ready or worker.conn.poll():
                        try:
                            result: BookResult | None = worker.conn.recv()
                        except (EOFError, OSError):
                            result = None
                        if result is not None:
                            worker.task = None
                            yield result
                            continue
                    reason = None if worker.process.is_alive() else "died"
                    reason = reason or _over_limit(worker, limits, now)
                    if reason is None:
                        continue
                    workers.remove(worker)
                    _stop(worker)
                    if reason != "died":
                        yield failure(source, reason, seconds=now - worker.started)
                    elif attempts.get(source, 0) == 0:  # maybe not this book's fault: once more
                        attempts[source] = 1
                        retry.append(worker.task)
                    else:
                        yield failure(source, "the build process crashed", seconds=now - worker.started)
        finally:
            for worker in workers:
                if worker.task is None:
                    with contextlib.suppress(OSError):
                        worker.conn.send(None)
            for worker in workers:
                if worker.task is not None:
                    _stop(worker)
                else:
                    worker.process.join(GRACE_SECONDS)
                    if worker.process.is_alive():
                        _stop(worker)
