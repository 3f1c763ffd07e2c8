"""run_batch: every book gets a result, failures stay isolated, nothing half-written is left."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers.plugins import toy_writer, write_stories

from bookbinder.api import BookResult, BuildOptions, read
from bookbinder.batch import run_batch
from bookbinder.words import manuscript_words

__all__ = ["toy_writer"]  # the fixture, used by name


def toy_options(out: Path) -> BuildOptions:
    return BuildOptions(formats=("toy",), out_dir=out)


def leftovers(out: Path) -> list[str]:
    """Temporary files that a failed or interrupted build left behind."""
    return sorted(p.name for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".part")


def by_source(results: list[BookResult]) -> dict[str, BookResult]:
    return {r.source.name: r for r in results}


def assert_complete(source: Path, result: BookResult) -> None:
    """The book holds every word of its manuscript, in order."""
    assert result.ok, result.error
    (output,) = result.outputs
    expected = manuscript_words(read(source).manuscript)
    assert output.read_text(encoding="utf-8").split() == expected


@pytest.mark.usefixtures("toy_writer")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_book_does_not_stop_the_others(tmp_path: Path, jobs: int) -> None:
    sources = write_stories(tmp_path / "in", {"a": "warm", "b": "EXPLODE", "c": "fresh", "d": "sweet"})
    sources.insert(2, tmp_path / "in" / "missing.txt")
    out = tmp_path / "out"

    results = by_source(list(run_batch(sources, toy_options(out), jobs=jobs)))

    assert sorted(results) == ["a.txt", "b.txt", "c.txt", "d.txt", "missing.txt"]
    for name in ("a", "c", "d"):
        assert_complete(tmp_path / "in" / f"{name}.txt", results[f"{name}.txt"])
    exploded = results["b.txt"]
    assert not exploded.ok and exploded.outputs == ()
    assert exploded.error == f"{sources[1]}: internal error (ValueError: the toy writer exploded)"
    assert results["missing.txt"].error == f"{sources[2]}: no such file"
    assert not (out / "b.toy").exists()
    assert leftovers(out) == []


@pytest.mark.usefixtures("toy_writer")
def test_parallel_and_sequential_builds_write_the_same_bytes(tmp_path: Path) -> None:
    sources = write_stories(tmp_path / "in", {f"s{i}": f"mood{i}" for i in range(6)})
    for jobs, out in ((1, tmp_path / "one"), (3, tmp_path / "three")):
        assert all(r.ok for r in run_batch(sources, toy_options(out), jobs=jobs))
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == [f"s{i}.toy" for i in range(6)]
    for book in (tmp_path / "one").iterdir():
        assert book.read_bytes() == (tmp_path / "three" / book.name).read_bytes()


@pytest.mark.usefixtures("toy_writer")
def test_a_crashing_worker_fails_only_its_own_book(tmp_path: Path) -> None:
    moods = {f"ok{i}": f"mood{i}" for i in range(7)}
    moods["boom"] = "CRASH"
    sources = write_stories(tmp_path / "in", moods)
    out = tmp_path / "out"

    results = by_source(list(run_batch(sources, toy_options(out), jobs=2)))

    assert len(results) == 8
    assert results["boom.txt"].error == f"{tmp_path / 'in' / 'boom.txt'}: the build process crashed"
    for i in range(7):
        assert_complete(tmp_path / "in" / f"ok{i}.txt", results[f"ok{i}.txt"])
    assert not (out / "boom.toy").exists()


@pytest.mark.usefixtures("toy_writer")
def test_results_arrive_as_books_finish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOY_SLEEP", "3")
    sources = write_stories(tmp_path / "in", {"slow": "SLOWLY", "q1": "a", "q2": "b", "q3": "c"})
    start = time.perf_counter()
    arrivals = [
        (r.source.name, time.perf_counter() - start)
        for r in run_batch(sources, toy_options(tmp_path / "o"), 2)
    ]
    assert [name for name, _ in arrivals][-1] == "slow.txt"
    assert arrivals[0][1] < 2.5, arrivals  # the quick books did not wait for the slow one


@pytest.mark.usefixtures("toy_writer")
def test_two_manuscripts_with_one_output_name_are_not_silently_merged(tmp_path: Path) -> None:
    first = write_stories(tmp_path / "one", {"story": "warm"})[0]
    second = write_stories(tmp_path / "two", {"Story": "cold"})[0]
    out = tmp_path / "out"

    results = by_source(list(run_batch([first, second, first], toy_options(out), jobs=2)))

    assert results["story.txt"].ok
    assert results["Story.txt"].error == (
        f"{second}: would overwrite the book built from {first}; rename one of them"
    )
    assert "warm" in (out / "story.toy").read_text(encoding="utf-8")


def test_an_empty_batch_yields_nothing(tmp_path: Path) -> None:
    assert list(run_batch([], BuildOptions(out_dir=tmp_path), jobs=4)) == []


@pytest.mark.slow
def test_books_do_not_leak_state_into_each_other(shared_seeds: Path, tmp_path: Path) -> None:
    """Real writers: seeds built one after another in one process equal seeds built apart, in a pool."""
    sources = sorted(shared_seeds.glob("*.txt"))
    together = list(run_batch(sources, BuildOptions(out_dir=tmp_path / "together"), jobs=1))
    reversed_pool = list(run_batch(sources[::-1], BuildOptions(out_dir=tmp_path / "apart"), jobs=2))
    assert [r.error for r in together + reversed_pool if not r.ok] == []
    names = sorted(p.name for p in (tmp_path / "together").iterdir())
    assert len(names) == 2 * len(sources)
    for name in names:
        assert (tmp_path / "together" / name).read_bytes() == (tmp_path / "apart" / name).read_bytes(), name


def test_a_print_cover_wrap_that_would_overwrite_another_book_is_refused(tmp_path: Path) -> None:
    sources = write_stories(tmp_path / "in", {"book": "warm", "book-cover": "fresh"})
    options = BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", writer_options={"profile": "print"})

    results = by_source(list(run_batch(sources, options, jobs=1)))

    assert results["book.txt"].ok
    refused = results["book-cover.txt"]
    reason = f"would overwrite the book built from {sources[0]}; rename one of them"
    assert refused.error == f"{sources[1]}: {reason}"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["book-cover.pdf", "book.pdf"]


@pytest.mark.usefixtures("toy_writer")
def test_a_book_never_overwrites_its_own_manuscript(tmp_path: Path) -> None:
    source = tmp_path / "story.toy"
    source.write_text("A story that happens to end in .toy\n", encoding="utf-8")

    (result,) = run_batch([source], toy_options(tmp_path), jobs=1)

    assert not result.ok and result.error is not None
    assert "would overwrite the manuscript itself" in result.error
    assert source.read_text(encoding="utf-8") == "A story that happens to end in .toy\n"


@pytest.mark.usefixtures("toy_writer")
def test_names_that_share_their_first_200_characters_are_refused_not_merged(tmp_path: Path) -> None:
    long = "a" * 210
    sources = write_stories(tmp_path / "in", {f"{long}1": "warm", f"{long}2": "fresh"})

    results = list(run_batch(sources, toy_options(tmp_path / "out"), jobs=1))

    assert [r.ok for r in results] == [True, False]
    assert results[1].error is not None and "would overwrite the book built from" in results[1].error


@pytest.mark.usefixtures("toy_writer")
def test_an_output_folder_that_is_a_file_is_reported_as_not_a_directory(tmp_path: Path) -> None:
    (source,) = write_stories(tmp_path / "in", {"a": "warm"})
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")

    (result,) = run_batch([source], toy_options(tmp_path / "out"), jobs=1)

    assert result.error == f"{source}: {tmp_path / 'out'}: not a directory"


def test_a_pdf_is_the_same_whether_or_not_the_epub_is_built_with_it(tmp_path: Path) -> None:
    """The cover is painted once per book for both formats; its bytes never depend on that sharing."""
    sources = write_stories(tmp_path / "in", {"a": "warm", "b": "fresh"})
    both = list(run_batch(sources, BuildOptions(out_dir=tmp_path / "both"), jobs=1))
    alone = list(run_batch(sources[::-1], BuildOptions(formats=("pdf",), out_dir=tmp_path / "alone"), jobs=1))
    assert [r.error for r in both + alone if not r.ok] == []
    for name in ("a.pdf", "b.pdf"):
        assert (tmp_path / "both" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes()
