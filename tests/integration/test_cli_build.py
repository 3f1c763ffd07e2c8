"""`bookbinder build` as a user runs it: a real process, its exit code, its stdout and stderr."""

from __future__ import annotations

import os
import pty
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.paths import books
from helpers.plugins import start_slow_batch, toy_writer, write_stories

__all__ = ["toy_writer"]  # the fixture, used by name


def bookbinder(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bookbinder", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".part")


@pytest.mark.usefixtures("toy_writer")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_bad_manuscript_among_good_ones(tmp_path: Path, jobs: str) -> None:
    write_stories(tmp_path / "in", {"good": "warm", "boom": "EXPLODE", "fine": "fresh"})
    (tmp_path / "in" / "blank.txt").write_text("  \n\n \n", encoding="utf-8")

    run = bookbinder("build", "-f", "toy", "-j", jobs, "-o", "out", "in", cwd=tmp_path)

    assert run.returncode == 1, run.stderr
    errors = sorted(line for line in run.stderr.splitlines() if line.startswith("error: "))
    assert len(errors) == 2
    assert errors[0].startswith(f"error: {Path('in', 'blank.txt')}: ")
    assert (
        errors[1] == f"error: {Path('in', 'boom.txt')}: internal error (ValueError: the toy writer exploded)"
    )
    assert "Traceback" not in run.stderr
    assert books(tmp_path / "out") == ["fine.toy", "good.toy"]
    assert leftovers(tmp_path / "out") == []
    assert run.stderr.splitlines()[-1].startswith("2 built, 2 failed in ")


@pytest.mark.usefixtures("toy_writer")
def test_all_good_prints_one_line_per_book_and_exits_0(tmp_path: Path) -> None:
    sources = write_stories(tmp_path / "in", {"a": "warm", "b": "cold"})

    run = bookbinder("build", "-f", "toy", "-o", "out", *sources, cwd=tmp_path)

    assert run.returncode == 0, run.stderr
    assert sorted(run.stdout.splitlines()) == [
        f"built {sources[0]} -> {Path('out', 'a.toy')}",
        f"built {sources[1]} -> {Path('out', 'b.toy')}",
    ]
    assert run.stderr.startswith("2 built, 0 failed in ")


@pytest.mark.usefixtures("toy_writer")
def test_quiet_prints_only_the_summary(tmp_path: Path) -> None:
    write_stories(tmp_path / "in", {"a": "warm"})
    run = bookbinder("build", "--quiet", "-f", "toy", "-o", "out", "in", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (0, "")
    assert run.stderr.startswith("1 built, 0 failed in ")
    assert (tmp_path / "out" / "a.toy").is_file()


@pytest.mark.usefixtures("toy_writer")
@pytest.mark.parametrize("flag", ["--quiet", "--verbose", None])
def test_warnings_are_shown_at_every_verbosity(tmp_path: Path, flag: str | None) -> None:
    write_stories(tmp_path / "in", {"a": "WARNME"})
    run = bookbinder("build", *([flag] if flag else []), "-f", "toy", "-o", "out", "in", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[0] == f"warning: {Path('in', 'a.txt')}: toy: the toy cannot draw this"


@pytest.mark.usefixtures("toy_writer")
def test_verbose_adds_sizes_and_times(tmp_path: Path) -> None:
    write_stories(tmp_path / "in", {"a": "warm"})
    run = bookbinder("build", "--verbose", "-f", "toy", "-o", "out", "in", cwd=tmp_path)
    size = (tmp_path / "out" / "a.toy").stat().st_size
    assert (
        run.stdout
        == f"built {Path('in', 'a.txt')} -> {Path('out', 'a.toy')} ({size} B) in "
        + (run.stdout.rsplit(" in ", 1)[1])
    )
    assert re.fullmatch(r"\d+\.\d\d s\n", run.stdout.rsplit(" in ", 1)[1])


@pytest.mark.usefixtures("toy_writer")
def test_unknown_format_is_a_usage_error_before_any_work(tmp_path: Path) -> None:
    write_stories(tmp_path / "in", {"a": "warm"})
    run = bookbinder("build", "-f", "toy", "-f", "nope", "-o", "out", "in", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith("error: unknown format 'nope'; installed: ")
    assert "toy" in run.stderr
    assert not (tmp_path / "out").exists()


def test_no_manuscripts_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = bookbinder("build", "empty", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (2, "error: no manuscripts found in the inputs given\n")


@pytest.mark.usefixtures("toy_writer")
def test_directories_build_their_manuscripts_only(tmp_path: Path) -> None:
    write_stories(tmp_path / "in", {"a": "warm", "b": "cold"})
    (tmp_path / "in" / "c.md").write_text("# Title\n\nA markdown manuscript.\n", encoding="utf-8")
    (tmp_path / "in" / "a.toml").write_text('title = "A"\n', encoding="utf-8")
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF-1.4 not a manuscript")
    (tmp_path / "in" / "sub").mkdir()

    run = bookbinder("build", "-f", "toy", "-o", "out", "in", cwd=tmp_path)

    assert run.returncode == 0, run.stderr
    assert books(tmp_path / "out") == ["a.toy", "b.toy", "c.toy"]


@pytest.mark.usefixtures("toy_writer")
def test_format_option_repeats_and_duplicates_collapse(tmp_path: Path) -> None:
    write_stories(tmp_path / "in", {"a": "warm"})
    run = bookbinder("build", "-f", "toy", "--format", "toy2", "-f", "toy", "-o", "out", "in", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert books(tmp_path / "out") == ["a.toy", "a.toy2"]
    assert run.stdout == f"built {Path('in', 'a.txt')} -> {Path('out', 'a.toy')}, {Path('out', 'a.toy2')}\n"


@pytest.mark.usefixtures("toy_writer")
def test_a_rebuild_replaces_the_book_and_a_failed_one_keeps_the_old(tmp_path: Path) -> None:
    (source,) = write_stories(tmp_path / "in", {"a": "warm"})
    assert bookbinder("build", "-f", "toy", "-o", "out", "in", cwd=tmp_path).returncode == 0
    source.write_text(source.read_text(encoding="utf-8").replace("warm", "EXPLODE"), encoding="utf-8")

    assert bookbinder("build", "-f", "toy", "-o", "out", "in", cwd=tmp_path).returncode == 1
    assert "warm" in (tmp_path / "out" / "a.toy").read_text(encoding="utf-8")
    assert leftovers(tmp_path / "out") == []


@pytest.mark.usefixtures("toy_writer")
@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_the_batch_and_leaves_no_partial_files(tmp_path: Path, jobs: int) -> None:
    proc, out = start_slow_batch(tmp_path, 6, jobs, new_session=True)
    assert len(list(out.glob(".*.bookbinder-part"))) == jobs, "the running books should be half written"

    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: the whole process group
    _, stderr = proc.communicate(timeout=20)

    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    summary, last = stderr.splitlines()[-2:]
    stopped = summary.startswith("0 built, 0 failed, interrupted before the end in ")
    assert (stopped, last) == (True, "interrupted")
    assert books(out) == []


@pytest.mark.usefixtures("toy_writer")
def test_interrupting_only_the_main_process_also_cleans_up(tmp_path: Path) -> None:
    proc, out = start_slow_batch(tmp_path, 4, 2)

    proc.send_signal(signal.SIGINT)  # e.g. a supervisor that signals only the parent
    _, stderr = proc.communicate(timeout=20)

    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert books(out) == []


@pytest.mark.usefixtures("toy_writer")
def test_on_a_terminal_a_progress_bar_replaces_nothing_of_the_report(tmp_path: Path) -> None:
    write_stories(tmp_path / "in", {"a": "warm", "boom": "EXPLODE", "c": "cold"})
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bookbinder", "build", "-f", "toy", "-j", "2", "-o", "out", "in"],
        cwd=tmp_path,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    screen = b"".join(chunks).decode("utf-8", "replace")

    assert proc.wait(timeout=60) == 1
    assert f"built {Path('in', 'a.txt')} -> {Path('out', 'a.toy')}" in screen
    assert f"error: {Path('in', 'boom.txt')}: internal error" in screen
    assert "2 built, 1 failed in " in screen
    assert books(tmp_path / "out") == ["a.toy", "c.toy"]


def test_the_cover_command_never_writes_over_its_manuscript(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Title: Mine\n\nThe only copy of my story.\n", encoding="utf-8")
    argv = [sys.executable, "-m", "bookbinder", "cover", "story.txt", "-o", "story.txt"]
    run = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert run.stderr == "error: story.txt: is an input of this command; choose another -o\n"
    assert story.read_text(encoding="utf-8") == "Title: Mine\n\nThe only copy of my story.\n"
