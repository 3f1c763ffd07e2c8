"""The Dask distributed executor (``pip install bookbinder[dask]``): books on many machines.

``--executor dask --scheduler tcp://HOST:8786`` (or DASK_SCHEDULER_ADDRESS) uses a running cluster;
without an address a LocalCluster with one single-threaded worker per CPU is started. One task per
book carries the manuscript's path and the options, never its contents: every worker must see the
manuscripts and the output folder at the same paths (a shared file system) and have bookbinder
installed. Workers write the books themselves, through the same atomic temporary-name-and-rename as
everywhere, and return only the result; the client appends the build log. A book whose worker died
is retried on another worker (``retries``); a book that keeps killing workers is reported failed.
At most ``window`` futures are in flight, so a million-book folder never sits in the client.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from bookbinder.batch.book import build_one, failure
from bookbinder.batch.executors import ExecutorSettings, Task

if TYPE_CHECKING:
    from bookbinder.pipeline import BookResult

DEFAULT_SETTINGS = ExecutorSettings()
RETRIES = 2  # a worker dying under a book (or the machine going away) reruns it elsewhere, twice


# A local cluster's workers skip what costs CPU and serves no one here: Dask's statistical profiler
# samples every worker thread's stack every 10 ms for its dashboard, and the memory and system
# monitors poll many times a second. Measured over 120 fics on 2 workers: 92 ms of worker CPU per
# book with Dask's defaults, 81 ms with these (78 ms in a plain process). A cluster someone else
# started keeps its own settings (the README shows the same ones for `dask worker`).
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}

# A local cluster's scheduler shares this process with the client. Work stealing has nothing to do
# on one machine (the scheduler queues tasks and hands them out as worker threads free up) but
# bookkeeping on every task, and the event-loop health check ("tick", every 20 ms in every process)
# wakes each worker's event loop 50 times a second, taking the GIL from the book being built.
# Measured over 200 fics on 2 workers (books sent in chunks of 4 per thread): client CPU 1.33 s with Dask's
# defaults, 1.06 s with these; worker CPU beyond the books themselves 9.2 ms per book, 7.9 ms.
QUIET_SCHEDULER = {
    "distributed.scheduler.work-stealing": False,
    "distributed.admin.tick.interval": "500ms",
}

# The client's environment that shapes a book's bytes travels with each task, so a worker started
# elsewhere (another machine, another shell) builds exactly what this machine would.
TRAVELLING_ENV = ("SOURCE_DATE_EPOCH",)


def _build(task: Task, env: dict[str, str | None]) -> BookResult:
    """The task run on a worker: one book, failures captured as data."""
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    from bookbinder.batch.worker import prepare_worker

    prepare_worker()  # once per worker process: see worker.py (Dask's allocator settings)
    source, options = task
    return build_one(source, options)


def _distributed() -> Any:
    """The distributed package (untyped: its calls go through Any)."""
    return importlib.import_module("distributed")


class DaskExecutor:
    """Books as Dask futures on a scheduler (or a LocalCluster), results as they complete."""

    name: ClassVar[str] = "dask"

    def __init__(self, settings: ExecutorSettings = DEFAULT_SETTINGS) -> None:
        _distributed()  # fail early, naming the extra, when it is missing

        self.settings = settings
        self.address = settings.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None

    def _client(self, stack: contextlib.ExitStack) -> Any:
        distributed = _distributed()
        Client, LocalCluster = distributed.Client, distributed.LocalCluster

        if self.address:
            return stack.enter_context(Client(self.address))
        # Set while the cluster starts: each nanny hands its worker the configuration of that moment.
        quiet = {**QUIET_WORKERS, **QUIET_SCHEDULER}
        stack.enter_context(importlib.import_module("dask").config.set(quiet))
        cluster = stack.enter_context(
            LocalCluster(
                n_workers=max(1, self.settings.jobs),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=40,
            )
        )
        return stack.enter_context(Client(cluster))

    def run(self, tasks: Iterable[Task]) -> Iterator[BookResult]:
        as_completed = _distributed().as_completed

        pending = iter(tasks)
        first = next(pending, None)
        if first is None:
            return  # nothing to build (a rerun with everything up to date): no cluster started
        with contextlib.ExitStack() as stack:
            client = self._client(stack)
            window = max(4, 4 * sum(client.nthreads().values()))
            # with_results: a finished book's result comes with the completion, not in a second
            # round trip per book; raise_errors=False: a failed task yields its exception as data.
            completed = as_completed(with_results=True, raise_errors=False)
            env = {name: os.environ.get(name) for name in TRAVELLING_ENV}
            sources: dict[Any, Task] = {}

            def submit(task: Task) -> None:
                # pure=False: a rerun of the same book is a new task, not a cached result
                future = client.submit(_build, task, env, pure=False, retries=RETRIES)
                sources[future] = task
                completed.add(future)

            submit(first)
            for task in pending:
                submit(task)
                if len(sources) >= window:
                    break
            try:
                for future, outcome in completed:
                    task = sources.pop(future)
                    yield self._result(outcome, task)
                    next_task = next(pending, None)
                    if next_task is not None:
                        submit(next_task)
            except BaseException:
                for future in list(sources):
                    future.cancel()
                raise

    @staticmethod
    def _result(outcome: Any, task: Task) -> BookResult:
        if isinstance(outcome, BaseException):  # the worker died RETRIES + 1 times, or the cluster failed it
            return failure(task[0], f"the build process crashed ({type(outcome).__name__})")
        result: BookResult = outcome
        return result
