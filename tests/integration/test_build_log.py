"""The build log: reruns skip what is up to date, an edit rebuilds just its book; torn lines are ignored."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from helpers.plugins import toy_writer, write_stories

from bookbinder import __version__
from bookbinder.api import BookResult, BuildOptions
from bookbinder.batch import run_batch
from bookbinder.batch.executors import Task
from bookbinder.batch.log import LOG_NAME, entries
from bookbinder.batch.run import WINDOW

__all__ = ["toy_writer"]  # the fixture, used by name


def build(
    sources: list[Path], out: Path, *, force: bool = False, jobs: int = 1, **options: object
) -> dict[str, BookResult]:
    chosen = BuildOptions(formats=("toy",), out_dir=out, **options)  # type: ignore[arg-type]
    return {r.source.name: r for r in run_batch(sources, chosen, jobs, log=True, force=force)}


def status(results: dict[str, BookResult]) -> dict[str, str]:
    return {
        name: "skipped" if r.skipped else "built" if r.ok else "failed" for name, r in sorted(results.items())
    }


@pytest.fixture
def stories(tmp_path: Path) -> list[Path]:
    return write_stories(tmp_path / "in", {"a": "warm", "b": "fresh", "c": "sweet"})


@pytest.mark.usefixtures("toy_writer")
def test_a_rerun_skips_every_unchanged_book(stories: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert set(status(build(stories, out)).values()) == {"built"}
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.toy")}

    again = build(stories, out)

    assert set(status(again).values()) == {"skipped"}
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.toy")} == before
    assert all(r.outputs == (out / f"{name[:-4]}.toy",) for name, r in again.items())


@pytest.mark.usefixtures("toy_writer")
def test_editing_one_manuscript_rebuilds_exactly_that_one(stories: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(stories, out)
    stories[1].write_text(stories[1].read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")

    assert status(build(stories, out)) == {"a.txt": "skipped", "b.txt": "built", "c.txt": "skipped"}
    assert "new" in (out / "b.toy").read_text(encoding="utf-8").split()


@pytest.mark.usefixtures("toy_writer")
def test_sidecars_covers_options_and_damaged_outputs_each_trigger_a_rebuild(
    stories: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(stories, out)

    (tmp_path / "in" / "a.toml").write_text('title = "New"\n', encoding="utf-8")  # a new sidecar
    assert status(build(stories, out))["a.txt"] == "built"

    (tmp_path / "in" / "bookbinder.toml").write_text('[defaults]\npublisher = "P"\n', encoding="utf-8")
    assert set(status(build(stories, out)).values()) == {"built"}  # the catalogue is every book's input

    (out / "c.toy").write_text("damaged\n", encoding="utf-8")
    assert status(build(stories, out)) == {"a.txt": "skipped", "b.txt": "skipped", "c.txt": "built"}
    (out / "c.toy").unlink()
    assert status(build(stories, out))["c.txt"] == "built"

    assert set(status(build(stories, out, smart=False)).values()) == {"built"}  # other options
    assert set(status(build(stories, out, smart=False, force=True)).values()) == {"built"}  # --force


@pytest.mark.usefixtures("toy_writer")
def test_each_line_records_inputs_outputs_and_outcome(stories: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    broken = tmp_path / "in" / "broken.txt"
    broken.write_text("EXPLODE now\n", encoding="utf-8")
    build([*stories, broken], out)

    lines = {Path(e["source"]).name: e for e in entries(out)}
    good, bad = lines["a.txt"], lines["broken.txt"]
    assert (good["status"], good["exit_code"], good["error"], good["version"]) == (
        "built",
        0,
        None,
        __version__,
    )
    assert len(good["source_sha256"]) == 64 and good["options"]["formats"] == ["toy"]
    assert (
        str(tmp_path / "in" / "a.toml") in good["inputs"]
        and good["inputs"][str(tmp_path / "in" / "a.toml")] is None
    )
    (output,) = good["outputs"]
    assert output["path"] == str(out / "a.toy") and len(output["sha256"]) == 64
    assert (bad["status"], bad["exit_code"], bad["outputs"]) == ("failed", 3, [])
    assert "the toy writer exploded" in bad["error"]
    assert status(build([*stories, broken], out))["broken.txt"] == "failed"  # a failed book is retried


@pytest.mark.usefixtures("toy_writer")
def test_a_torn_last_line_is_skipped_and_the_log_stays_whole(stories: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(stories[:2], out)
    with (out / LOG_NAME).open("ab") as log:
        log.write(b'{"key": "/half/a/line", "stat')  # what a kill in mid-write would leave

    results = build(stories, out)

    assert status(results) == {"a.txt": "skipped", "b.txt": "skipped", "c.txt": "built"}
    raw = (out / LOG_NAME).read_bytes().split(b"\n")
    assert raw[-1] == b"" and sum(1 for line in raw if line.startswith(b'{"key": "/half')) == 1
    parsed = [json.loads(line) for line in raw if line and not line.startswith(b'{"key": "/half')]
    assert [Path(e["source"]).name for e in parsed] == ["a.txt", "b.txt", "c.txt"]


@pytest.mark.usefixtures("toy_writer")
def test_a_run_stopped_half_way_resumes_where_it_stopped(tmp_path: Path) -> None:
    sources = write_stories(tmp_path / "in", {f"s{i}": "warm" for i in range(6)})
    out = tmp_path / "out"
    options = BuildOptions(formats=("toy",), out_dir=out)
    run = run_batch(sources, options, 1, log=True)
    first = [next(run), next(run), next(run)]
    run.close()  # the consumer stops: what a Ctrl-C between books does

    resumed = build(sources, out)

    done = {r.source.name for r in first}
    assert {n for n, s in status(resumed).items() if s == "skipped"} == done
    assert {n for n, s in status(resumed).items() if s == "built"} == {p.name for p in sources} - done


@pytest.mark.usefixtures("toy_writer")
def test_an_unwritable_log_does_not_fail_the_books(stories: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / LOG_NAME).mkdir(parents=True)  # something else is in the log's place
    results = build(stories, out)
    assert set(status(results).values()) == {"built"}
    assert os.path.isdir(out / LOG_NAME)


class CountingExecutor:
    """Builds in this process, and counts its sessions and runs (a Dask cluster per session)."""

    name = "counting"

    def __init__(self) -> None:
        self.sessions = self.runs = 0
        self.open = False

    def __enter__(self) -> CountingExecutor:
        self.sessions += 1
        self.open = True
        return self

    def __exit__(self, *_: object) -> None:
        self.open = False

    def run(self, tasks: Iterable[Task]) -> Iterator[BookResult]:
        from bookbinder.batch.book import build_one

        assert self.open, "a run outside the batch's session"
        self.runs += 1
        for source, options in tasks:
            yield build_one(source, options)


@pytest.mark.usefixtures("toy_writer")
def test_an_executor_is_entered_once_however_many_stretches_of_up_to_date_books(tmp_path: Path) -> None:
    stories = write_stories(tmp_path / "in", {f"s{i:03}": "warm" for i in range(WINDOW + 20)})
    out = tmp_path / "out"
    build(stories, out)
    for edited in (stories[0], stories[-1]):  # a changed book, WINDOW up-to-date ones, another
        edited.write_text(edited.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    executor = CountingExecutor()
    chosen = BuildOptions(formats=("toy",), out_dir=out)
    results = list(run_batch(stories, chosen, executor=executor, log=True))  # type: ignore[arg-type]
    assert len(results) == len(stories) and sum(not r.skipped for r in results) == 2
    assert executor.runs == 2  # the batch came back for the second changed book...
    assert executor.sessions == 1  # ...within the one session
