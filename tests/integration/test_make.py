"""The Makefile as README users run it: incremental, parallel-safe, honest about failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from helpers.paths import ROOT
from helpers.signals import ctrl_c_reaches_it
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from bookbinder.fsio import safe_stem

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed"),
    pytest.mark.skipif(
        not (ROOT / ".venv" / "bin" / "bookbinder").exists(), reason="no .venv: run `make` first"
    ),
]

STORIES = {  # one .txt and one .md manuscript
    "alpha.txt": "Title: Alpha\nAuthor: A. Writer\n\nThe first story begins here.\n\nAnd it ends here.\n",
    "beta.md": "The second story has no header.\n\nIt is short as well.\n",
}


@pytest.fixture
def project(tmp_path: Path) -> dict[str, Path]:
    """Two manuscripts dated in the past, an install stamp newer than pyproject.toml, no outputs yet."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    past = time.time() - 1000
    for name, text in STORIES.items():
        (seeds / name).write_text(text, encoding="utf-8")
        os.utime(seeds / name, (past, past))
    stamp = tmp_path / "installed"  # stands in for .venv/.installed: newer than pyproject.toml, so
    stamp.touch()  # make never reinstalls, and older than the books it will build
    return {"seeds": seeds, "out": tmp_path / "out", "stamp": stamp, "covers": tmp_path / "covers"}


def make(project: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    variables = [
        f"SEEDS={project['seeds']}",
        f"OUT={project['out']}",
        f"STAMP={project['stamp']}",
        f"COVERS={project['covers']}",
    ]
    # Under `make test` the parent make's flags and jobserver would leak into this independent make.
    env = {
        k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}
    }
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *variables, *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )


BUILD_LOG = "bookbinder-log.jsonl"


def books(project: dict[str, Path]) -> dict[str, int]:
    """Output name -> mtime in ns (only real books, and no temporary files)."""
    out = project["out"]
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") or p.suffix.endswith("part")]
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.name != BUILD_LOG}


def test_make_builds_once_then_only_what_changed(project: dict[str, Path]) -> None:
    first = make(project)
    assert first.returncode == 0, first.stderr
    built = books(project)
    assert sorted(built) == ["alpha.epub", "alpha.pdf", "beta.epub", "beta.pdf"]
    assert first.stderr.count("2 built, 0 failed") == 1  # one bookbinder run for the whole folder

    again = make(project)
    assert again.returncode == 0 and "0 built, 0 failed, 2 up to date" in again.stderr, again.stderr
    assert books(project) == built

    (project["seeds"] / "alpha.txt").write_text(
        STORIES["alpha.txt"] + "\nA new last line.\n", encoding="utf-8"
    )
    run = make(project)
    assert "1 built, 0 failed, 1 up to date" in run.stderr, run.stderr
    after = books(project)
    assert after["alpha.epub"] > built["alpha.epub"] and after["alpha.pdf"] > built["alpha.pdf"]
    assert (after["beta.epub"], after["beta.pdf"]) == (built["beta.epub"], built["beta.pdf"])

    (project["seeds"] / "beta.toml").write_text('title = "Beta, Retitled"\n', encoding="utf-8")  # new sidecar
    assert "1 built, 0 failed, 1 up to date" in make(project).stderr

    for covers in (project["covers"], project["seeds"] / "covers"):  # a cover in either covers/ folder
        covers.mkdir(exist_ok=True)
        Image.new("RGB", (400, 640), (30, 60, 90)).save(covers / "alpha.png")
        assert "1 built, 0 failed, 1 up to date" in make(project).stderr
        (covers / "alpha.png").unlink()
        assert "1 built, 0 failed, 1 up to date" in make(project).stderr

    assert "2 built, 0 failed" in make(project, "BBFLAGS=--force").stderr


def test_parallel_make_builds_every_book(project: dict[str, Path]) -> None:
    run = make(project, "-j8")
    assert run.returncode == 0, run.stderr
    assert sorted(books(project)) == ["alpha.epub", "alpha.pdf", "beta.epub", "beta.pdf"]
    assert "0 built, 0 failed, 2 up to date" in make(project, "-j8").stderr


def test_the_per_book_rule_stays_available(project: dict[str, Path]) -> None:
    run = make(project, "-j2", "per-book")
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("1 built, 0 failed") == 2  # one bookbinder run per book
    assert sorted(books(project)) == ["alpha.epub", "alpha.pdf", "beta.epub", "beta.pdf"]
    assert make(project, "-q", "per-book").returncode == 0


def test_a_bad_manuscript_fails_make_and_the_rest_are_built(project: dict[str, Path]) -> None:
    bad = project["seeds"] / "broken.txt"
    bad.write_text("   \n\n  \n", encoding="utf-8")

    run = make(project)

    assert run.returncode != 0
    assert f"error: {bad}: " in run.stderr
    assert sorted(books(project)) == ["alpha.epub", "alpha.pdf", "beta.epub", "beta.pdf"]
    again = make(project)
    assert (
        again.returncode != 0 and "0 built, 1 failed, 2 up to date" in again.stderr
    )  # the broken one retried


HOSTILE = [
    "s/`id>PWN`.txt",
    ";id>PWN;.txt",
    'it\'s "quoted".txt',
    "a: colon.txt",
    "$(id>PWN).txt",
    "# hash.txt",
    "two  spaces .txt",
    "tab\there.txt",
    "ünïcødé 日本.md",
    "$$HOME.txt",
    "back\\slash.txt",
]


def test_file_and_folder_names_are_never_shell_code(tmp_path: Path) -> None:
    seeds, out = tmp_path / "my seeds; `id>PWN`", tmp_path / "my 'out' $(id>PWN)"
    seeds.mkdir()
    written = []
    for number, name in enumerate(HOSTILE):
        path = seeds / name.replace("/", "_")
        path.write_text(f"Title: Story {number}\n\nWords of story {number}.\n", encoding="utf-8")
        written.append(path)
    project = {"seeds": seeds, "out": out, "stamp": tmp_path / "installed", "covers": tmp_path / "covers"}
    project["stamp"].touch()

    run = make(project)

    assert run.returncode == 0, run.stderr
    assert f"{len(HOSTILE)} built, 0 failed" in run.stderr
    assert not list(ROOT.glob("**/PWN")) and not list(tmp_path.rglob("PWN"))
    assert sorted(books(project)) == sorted(
        f"{safe_stem(p.stem)}.{ext}" for p in written for ext in ("epub", "pdf")
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([seeds.name, out.name, "installed"])


def test_interrupting_make_keeps_finished_books(project: dict[str, Path]) -> None:
    import signal

    for number in range(12):
        (project["seeds"] / f"more{number:02}.txt").write_text(f"Story {number}.\n" * 400, encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}
    }
    variables = [f"{k.upper()}={v}" for k, v in project.items()]
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(ROOT), "-j8", "JOBS=2", *variables],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=ctrl_c_reaches_it,
    )
    def complete() -> set[str]:
        """Books with every format in place: a book still writing its EPUB after its PDF is not
        finished, and an interrupt rightly removes all of it (a book is whole or absent)."""
        out = project["out"]
        return {p.stem for p in out.glob("*.pdf")} & {p.stem for p in out.glob("*.epub")}

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(complete()) < 3:
        time.sleep(0.05)
    done = complete()
    finished = {p.name: p.read_bytes() for p in project["out"].glob("*.*")
                if p.suffix in (".epub", ".pdf") and p.stem in done}
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole process group
    proc.communicate(timeout=30)

    assert finished, "no book finished before the interrupt"
    for name, data in finished.items():
        assert (project["out"] / name).read_bytes() == data, f"{name} was removed or changed"
    books(project)  # no temporary files left


NAME_CHARS = st.sampled_from(list(" '\"$;`:#()&|<>*?!~{}\\\t=%@^") + list("abcXYZ019-_.") + ["é", "日", "🙂"])


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stems=st.lists(
        st.text(NAME_CHARS, min_size=1, max_size=20),
        min_size=1,
        max_size=6,
        unique_by=lambda s: safe_stem(s).casefold(),
    )
)
def test_fuzzed_file_names_build_every_book_exactly_once(tmp_path: Path, stems: list[str]) -> None:
    root = tmp_path / f"run-{abs(hash(tuple(stems)))}"
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    for number, stem in enumerate(stems):
        (seeds / f"{stem.replace('/', '_')}.txt").write_text(f"Story {number}.\n", encoding="utf-8")
    project = {"seeds": seeds, "out": root / "out", "stamp": root / "installed", "covers": root / "covers"}
    project["stamp"].touch()

    run = make(project)

    assert run.returncode == 0, run.stderr
    assert f"{len(stems)} built, 0 failed" in run.stderr
    assert run.stdout.count("built ") == 0  # --quiet: no per-book lines, only the summary
    assert sorted(books(project)) == sorted(f"{safe_stem(s)}.{ext}" for s in stems for ext in ("epub", "pdf"))
    assert sorted(p.name for p in root.iterdir()) == ["installed", "out", "seeds"]
    assert "0 built, 0 failed, " in make(project).stderr
