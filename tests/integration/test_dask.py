"""The Dask executor on a LocalCluster (2 workers, 1 thread each): same bytes, reruns, dead workers,
books sent and collected in chunks, and the local cluster the executor starts itself."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.plugins import toy_writer, write_stories

from bookbinder.api import BookResult, BuildOptions
from bookbinder.batch import dask as dask_executor
from bookbinder.batch import run_batch
from bookbinder.batch.executors import ExecutorSettings, get_executor
from bookbinder.batch.log import entries
from bookbinder.fsio import TEMP_SUFFIX
from scripts.gen_manuscripts import generate

distributed = pytest.importorskip(
    "distributed", reason="the dask extra is not installed (pip install '.[dask]')"
)
__all__ = ["toy_writer"]  # the fixture, used by name


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    ) as local:
        yield str(local.scheduler_address)


def dask_build(
    sources: list[Path],
    out: Path,
    address: str | None,
    *,
    log: bool = True,
    formats: tuple[str, ...] = ("epub", "pdf"),
) -> dict[str, BookResult]:
    """Build through Dask: on the cluster at ``address``, or on a LocalCluster the executor starts."""
    executor = get_executor("dask", ExecutorSettings(scheduler=address, jobs=2))
    options = BuildOptions(out_dir=out, formats=formats)
    return {r.source.name: r for r in run_batch(sources, options, executor=executor, log=log)}


def same_bytes(first: Path, second: Path) -> None:
    names = sorted(p.name for p in first.iterdir() if p.suffix in (".epub", ".pdf"))
    assert names == sorted(p.name for p in second.iterdir() if p.suffix in (".epub", ".pdf"))
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def build_and_compare(count: int, tmp_path: Path, address: str) -> None:
    sources = generate(tmp_path / "in", count)
    results = dask_build(sources, tmp_path / "dask", address)
    assert [r.error for r in results.values() if not r.ok] == []
    pool = list(run_batch(sources, BuildOptions(out_dir=tmp_path / "pool"), jobs=2))
    assert [r.error for r in pool if not r.ok] == []
    same_bytes(tmp_path / "dask", tmp_path / "pool")


def test_a_dask_build_matches_a_process_pool_build_byte_for_byte(tmp_path: Path, cluster: str) -> None:
    build_and_compare(6, tmp_path, cluster)


@pytest.mark.slow
def test_two_hundred_books_match_byte_for_byte(tmp_path: Path, cluster: str) -> None:
    build_and_compare(200, tmp_path, cluster)


def test_a_rerun_after_editing_one_manuscript_rebuilds_exactly_that_one(tmp_path: Path, cluster: str) -> None:
    sources = generate(tmp_path / "in", 5)
    out = tmp_path / "out"
    assert all(r.ok and not r.skipped for r in dask_build(sources, out, cluster).values())
    sources[2].write_text(sources[2].read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")

    again = dask_build(sources, out, cluster)

    assert sorted(name for name, r in again.items() if not r.skipped) == [sources[2].name]
    assert all(r.ok for r in again.values())


def every_book_whole_and_as_a_process_pool_builds_it(
    sources: list[Path], results: dict[str, BookResult], out: Path, reference: Path
) -> None:
    """No book lost or failed, no partial file left, every byte as the process executor's."""
    assert sorted(results) == sorted(p.name for p in sources)
    assert [r.error for r in results.values() if not r.ok] == []
    assert not list(out.glob(f"*{TEMP_SUFFIX}"))
    list(run_batch(sources, BuildOptions(out_dir=reference), jobs=2))
    same_bytes(out, reference)


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_no_book(tmp_path: Path, cluster: str) -> None:
    sources = generate(tmp_path / "in", 24)
    out = tmp_path / "out"
    with distributed.Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
    executor = get_executor("dask", ExecutorSettings(scheduler=cluster))
    results: dict[str, BookResult] = {}
    for result in run_batch(sources, BuildOptions(out_dir=out), executor=executor):
        results[result.source.name] = result
        if len(results) == 3:
            os.kill(pids[0], signal.SIGKILL)  # a machine lost mid-book: the nanny starts a new worker

    every_book_whole_and_as_a_process_pool_builds_it(sources, results, out, tmp_path / "reference")


def test_a_batch_larger_than_the_window_comes_back_whole_chunk_by_chunk(
    tmp_path: Path, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_executor, "CHUNK_PER_THREAD", 1)  # 2 threads: chunks of 2, 4 in flight
    sources = generate(tmp_path / "in", 7)  # an odd count: the last chunk is a single book

    results = dask_build(sources, tmp_path / "dask", cluster, formats=("epub",))

    assert sorted(results) == sorted(p.name for p in sources)
    assert [r.error for r in results.values() if not r.ok] == []
    assert sorted(Path(e["source"]).name for e in entries(tmp_path / "dask")) == sorted(results)
    list(run_batch(sources, BuildOptions(out_dir=tmp_path / "serial", formats=("epub",))))
    same_bytes(tmp_path / "dask", tmp_path / "serial")


@pytest.mark.slow
def test_the_local_cluster_the_executor_starts_loses_no_book_when_a_worker_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    sources = generate(tmp_path / "in", 30)
    out = tmp_path / "out"
    results: dict[str, BookResult] = {}
    executor = get_executor("dask", ExecutorSettings(jobs=2))
    for result in run_batch(sources, BuildOptions(out_dir=out), executor=executor, log=True):
        results[result.source.name] = result
        if len(results) == 3:  # the executor's client is the default one while it runs
            pids = list(distributed.client.default_client().run(os.getpid).values())
            os.kill(pids[0], signal.SIGKILL)

    every_book_whole_and_as_a_process_pool_builds_it(sources, results, out, tmp_path / "reference")


@pytest.mark.slow
@pytest.mark.usefixtures("toy_writer")
def test_a_book_that_keeps_killing_its_worker_is_reported_and_the_others_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    sources = write_stories(tmp_path / "in", {"crash": "CRASH", **{f"good{i}": "warm" for i in range(5)}})

    results = dask_build(sources, tmp_path / "out", None, formats=("toy",))

    crashed = results.pop("crash.txt")
    assert not crashed.ok and crashed.error is not None and "crashed (KilledWorker)" in crashed.error
    assert [r.error for r in results.values() if not r.ok] == []
    assert len(results) == 5
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".toy") == [
        f"good{i}.toy" for i in range(5)
    ]
