"""Executors: the registry, per-book limits, signals and leftovers, and a batch that streams."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.paths import books
from helpers.plugins import start_slow_batch, toy_writer, write_stories

from bookbinder.api import BuildOptions
from bookbinder.batch import run_batch
from bookbinder.batch.executors import (
    ExecutorSettings,
    ProcessExecutor,
    SerialExecutor,
    executor_names,
    get_executor,
)
from bookbinder.errors import UsageError
from bookbinder.fsio import TEMP_SUFFIX, atomic_target, remove_stale_temporaries

__all__ = ["toy_writer"]  # the fixture, used by name


def toy(out: Path) -> BuildOptions:
    return BuildOptions(formats=("toy",), out_dir=out)


def temporaries(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob(f"*{TEMP_SUFFIX}")) if out.is_dir() else []


def test_executors_are_found_by_entry_point() -> None:
    names = executor_names()
    assert names["serial"] == "bookbinder.batch.executors:SerialExecutor"
    assert names["process"] == "bookbinder.batch.executors:ProcessExecutor"
    assert "dask" in names
    assert isinstance(get_executor("serial"), SerialExecutor)
    assert isinstance(get_executor("process", ExecutorSettings(jobs=3)), ProcessExecutor)
    with pytest.raises(UsageError, match="unknown executor 'nope'"):
        get_executor("nope")


@pytest.mark.usefixtures("toy_writer")
def test_a_book_past_the_time_limit_is_stopped_and_the_batch_goes_on(tmp_path: Path) -> None:
    sources = write_stories(tmp_path / "in", {"slow": "SLOWLY", "a": "warm", "b": "fresh"})
    executor = ProcessExecutor(ExecutorSettings(jobs=2, time_limit=1.5))
    start = time.monotonic()

    results = {r.source.name: r for r in run_batch(sources, toy(tmp_path / "out"), executor=executor)}

    assert time.monotonic() - start < 20  # the slow book sleeps 30 s
    assert results["a.txt"].ok and results["b.txt"].ok
    slow = results["slow.txt"]
    assert not slow.ok and slow.error is not None and "time limit (1.5 s)" in slow.error
    assert books(tmp_path / "out") == ["a.toy", "b.toy"]  # no half-written book, no temporary file


@pytest.mark.usefixtures("toy_writer")
def test_a_book_past_the_memory_bound_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path("/proc/self/statm").exists():
        pytest.skip("resident memory is read from /proc (Linux)")
    monkeypatch.setenv("TOY_HOG_MB", "300")
    sources = write_stories(tmp_path / "in", {"hog": "HOG", "a": "warm"})
    executor = ProcessExecutor(ExecutorSettings(jobs=2, memory_mb=250))

    results = {r.source.name: r for r in run_batch(sources, toy(tmp_path / "out"), executor=executor)}

    assert results["a.txt"].ok
    hog = results["hog.txt"]
    assert not hog.ok and hog.error is not None and "memory" in hog.error and "250 MB" in hog.error
    assert books(tmp_path / "out") == ["a.toy"]


def test_stale_temporaries_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    with atomic_target(tmp_path / "kept.epub") as live:
        dead = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        )
        stale = tmp_path / live.name.replace(f"-{os.getpid()}.", f"-{dead.stdout.strip()}.")
        stale.write_bytes(b"half a book")
        other = tmp_path / ".book.epub.x.part"  # not ours: never touched
        other.write_bytes(b"")

        removed = remove_stale_temporaries(tmp_path)

        assert removed == [stale] and live.exists() and other.exists()


@pytest.mark.usefixtures("toy_writer")
@pytest.mark.parametrize("kill", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_killing_the_batch_leaves_no_workers_and_no_lasting_leftovers(
    tmp_path: Path, kill: signal.Signals
) -> None:
    proc, out = start_slow_batch(tmp_path, 4, 2)
    assert len(temporaries(out)) == 2, "the running books should be half written by now"
    workers = children(proc.pid)
    assert len(workers) == 2

    proc.send_signal(kill)  # the parent only, as a supervisor or `kill` would
    proc.communicate(timeout=30)

    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(pid)], "workers outlived their parent"
    if kill != signal.SIGKILL:
        assert temporaries(out) == []
    # Whatever a kill left, the next run in the same folder removes it.
    subprocess.run(
        [sys.executable, "-m", "bookbinder", "build", "-f", "toy", "-o", str(out), "in/none.txt"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert temporaries(out) == []


def children(pid: int) -> list[int]:
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(line) for line in found.stdout.split()]


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


@pytest.mark.usefixtures("toy_writer")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_pulls_manuscripts_as_it_goes(tmp_path: Path, jobs: int) -> None:
    """The parent never lists a folder ahead: sources are taken a window at a time."""
    (source,) = write_stories(tmp_path / "in", {"a": "warm"})
    pulled = {"count": 0}

    def endless() -> Iterator[Path]:  # 100,000 names would be the same: only a window is ever held
        for number in range(100_000):
            pulled["count"] += 1
            yield tmp_path / "in" / f"missing-{number}.txt" if number else source

    batch = run_batch(endless(), toy(tmp_path / "out"), jobs)
    first = [next(batch) for _ in range(50)]
    batch.close()

    assert len(first) == 50 and pulled["count"] < 50 + 300
