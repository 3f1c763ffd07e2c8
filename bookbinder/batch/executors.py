"""The executor seam: how a batch's books are run (here, in a pool of processes, on a Dask cluster).

An executor takes tasks, each a manuscript path and the options (never its contents), and yields a
BookResult per task as books finish. Executors are found through the entry-point group
``bookbinder.executors`` (``name = "module:Class"``), so a package can add one without touching
bookbinder. Each class is constructed with an ``ExecutorSettings``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from bookbinder.errors import UsageError

if TYPE_CHECKING:
    from bookbinder.pipeline import BookResult, BuildOptions

GROUP = "bookbinder.executors"
Task = tuple[Path, "BuildOptions"]


@dataclass(frozen=True, slots=True)
class ExecutorSettings:
    """What every executor may be told; each uses what applies to it."""

    jobs: int = 1  # books at once on this machine (process), ignored by a cluster
    time_limit: float | None = None  # seconds per book; a book past it is stopped and reported
    memory_mb: int | None = None  # resident memory per book
    scheduler: str | None = None  # a Dask scheduler address (tcp://HOST:8786)


class Executor(Protocol):
    """Runs books and yields one BookResult per task, in the order they finish.

    A batch may call ``run`` several times (once per stretch of books between up-to-date ones).
    An executor that is also a context manager is entered once around all of them, so it can keep
    an expensive resource (the Dask executor's cluster) for the whole batch.
    """

    name: ClassVar[str]

    def run(self, tasks: Iterable[Task]) -> Iterator[BookResult]: ...


class SerialExecutor:
    """Every book in this process, one after another (``--jobs 1``): no fork, no limits enforced."""

    name: ClassVar[str] = "serial"

    def __init__(self, settings: ExecutorSettings = ExecutorSettings()) -> None:
        self.settings = settings

    def run(self, tasks: Iterable[Task]) -> Iterator[BookResult]:
        from bookbinder.batch.book import build_one

        for source, options in tasks:
            yield build_one(source, options)


class ProcessExecutor:
    """A pool of forked workers on this machine, with per-book time and memory limits (see pool.py)."""

    name: ClassVar[str] = "process"

    def __init__(self, settings: ExecutorSettings = ExecutorSettings()) -> None:
        self.settings = settings

    def run(self, tasks: Iterable[Task]) -> Iterator[BookResult]:
        from bookbinder.batch.pool import Limits, run_pool

        limits = Limits(self.settings.time_limit, self.settings.memory_mb)
        yield from run_pool(tasks, max(1, self.settings.jobs), limits)


def executor_names() -> dict[str, str]:
    """Installed executors: name -> "module:Class" (from the cached entry-point scan: no import)."""
    from bookbinder import plugins

    return plugins.targets(GROUP)


def get_executor(name: str, settings: ExecutorSettings = ExecutorSettings()) -> Executor:
    """The executor called ``name``, built with ``settings``; unknown or broken -> UsageError."""
    builtin: dict[str, Callable[[ExecutorSettings], Executor]] = {
        "serial": SerialExecutor,
        "process": ProcessExecutor,
    }
    if name in builtin:  # no entry-point scan for the common case (start-up time)
        return builtin[name](settings)
    from bookbinder import plugins

    found = {entry.name: entry for entry in plugins.registered(GROUP)}
    if name not in found:
        known = ", ".join(sorted({*builtin, *found}))
        raise UsageError(f"unknown executor {name!r} (installed: {known})")
    try:
        cls = cast("Callable[[ExecutorSettings], Executor]", found[name].load())
    except ImportError as exc:
        raise UsageError(
            f"executor {name!r} needs a package that is not installed ({exc.name}); "
            f"pip install 'bookbinder[{name}]'"
        ) from None
    executor: Executor = cls(settings)
    return executor
