"""The Dask distributed executor (``pip install bookbinder[dask]``): books on many machines.

``--executor dask --scheduler tcp://HOST:8786`` (or DASK_SCHEDULER_ADDRESS) uses a running cluster;
without an address a LocalCluster with one single-threaded worker per CPU is started. One task per
book carries the manuscript's path and the options, never its contents: every worker must see the
manuscripts and the output folder at the same paths (a shared file system) and have bookbinder
installed. Workers write the books themselves, through the same atomic temporary-name-and-rename as
everywhere, and return only the result; the client appends the build log. A book whose worker died
is run again on another worker (the scheduler's ``allowed-failures``, 3 by default); one that keeps
killing workers is reported failed ("crashed (KilledWorker)"). Used as a context manager (as a
batch does), the executor keeps one cluster across its ``run`` calls.
Books go out and come back in chunks (``CHUNK_PER_THREAD`` per worker thread, two chunks in
flight), so a million-book folder never sits in the client.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, ClassVar

from bookbinder.batch.book import build_one, failure
from bookbinder.batch.executors import ExecutorSettings, Task

if TYPE_CHECKING:
    from bookbinder.pipeline import BookResult

DEFAULT_SETTINGS = ExecutorSettings()
RETRIES = 2  # a task that raised (not a book's own failure: that is data) is run twice more


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

# Books go to the cluster and their results come back in chunks of this many per worker thread:
# one graph update and one gather per chunk instead of per book, while a second chunk in flight
# keeps the workers busy. Every round trip costs CPU in the client, which also hosts a
# LocalCluster's scheduler, so the workers' cores pay for it. Client CPU over 200 fics on 2
# workers: 2.07 s one book at a time, 1.46 s in chunks of 2 per thread, 1.29 s of 4, 1.17 s of 8.
CHUNK_PER_THREAD = 8

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
        self._session: contextlib.ExitStack | None = None
        self._session_client: Any = None

    def __enter__(self) -> DaskExecutor:
        """A batch's session: the first ``run`` that has books starts the cluster (or connects),
        and later ``run`` calls reuse it (a batch calls ``run`` again after each stretch of
        up-to-date books: ~1.5 s of CPU to start a local cluster each time, measured)."""
        self._session = contextlib.ExitStack()
        return self

    def __exit__(self, *_: object) -> None:
        session, self._session, self._session_client = self._session, None, None
        if session is not None:
            session.close()

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
            if self._session is None:
                client = self._client(stack)
            else:
                self._session_client = self._session_client or self._client(self._session)
                client = self._session_client
            chunk = CHUNK_PER_THREAD * max(1, sum(client.nthreads().values()))
            window = 2 * chunk
            env = {name: os.environ.get(name) for name in TRAVELLING_ENV}
            sources: dict[Any, Task] = {}

            def submit(batch: list[Task]) -> list[Any]:
                if not batch:
                    return []
                # pure=False: a rerun of the same book is a new task, not a cached result
                futures = client.map(_build, batch, env=env, pure=False, retries=RETRIES)
                sources.update(zip(futures, batch, strict=True))
                return list(futures)

            completed = as_completed(submit([first, *islice(pending, window - 1)]))
            done: list[Any] = []
            try:
                for future in completed:
                    done.append(future)
                    if len(done) < chunk and not completed.is_empty():
                        continue
                    yield from self._collect(client, done, sources)
                    completed.update(submit(list(islice(pending, len(done)))))
                    done = []
            except BaseException:
                for future in list(sources):
                    future.cancel()
                raise

    @staticmethod
    def _collect(client: Any, done: list[Any], sources: dict[Any, Task]) -> Iterator[BookResult]:
        """The results of completed futures, fetched in one gather; a book whose task failed (its
        workers kept dying under it, or the cluster gave up on it) as a failure."""
        # A result lost with its worker since it completed ("lost") is recomputed; gather waits.
        wanted = {future.key: future for future in done if future.status not in ("error", "cancelled")}
        values = client.gather(wanted, errors="skip") if wanted else {}
        for future in done:
            source = sources.pop(future)[0]
            result: BookResult | None = values.get(future.key)
            if result is None:
                why = type(future.exception()).__name__ if future.status == "error" else future.status
                result = failure(source, f"the build process crashed ({why})")
            yield result
