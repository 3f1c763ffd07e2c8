"""The Makefile as README users run it: incremental, parallel-safe, honest about failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from helpers.paths import ROOT
from PIL import Image

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


def books(project: dict[str, Path]) -> dict[str, int]:
    """Output name -> mtime in ns (only real books, and no temporary files)."""
    out = project["out"]
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".part"]
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir()}


def test_make_builds_once_then_only_what_changed(project: dict[str, Path]) -> None:
    first = make(project)
    assert first.returncode == 0, first.stderr
    built = books(project)
    assert sorted(built) == ["alpha.epub", "alpha.pdf", "beta.epub", "beta.pdf"]
    assert first.stderr.count("1 built, 0 failed") == 2  # one bookbinder run per book, not per format

    assert make(project, "-q").returncode == 0  # everything is up to date
    again = make(project)
    assert (again.returncode, "Nothing to be done" in again.stdout) == (0, True), again.stdout
    assert books(project) == built

    os.utime(project["seeds"] / "alpha.txt")  # edit the manuscript
    dry = make(project, "-n")
    assert "alpha.txt" in dry.stdout and "beta.md" not in dry.stdout
    assert make(project).returncode == 0
    after = books(project)
    assert after["alpha.epub"] > built["alpha.epub"] and after["alpha.pdf"] > built["alpha.pdf"]
    assert (after["beta.epub"], after["beta.pdf"]) == (built["beta.epub"], built["beta.pdf"])

    (project["seeds"] / "beta.toml").write_text('title = "Beta, Retitled"\n', encoding="utf-8")  # new sidecar
    dry = make(project, "-n")
    assert "beta.md" in dry.stdout and "alpha.txt" not in dry.stdout
    assert make(project).returncode == 0
    assert make(project, "-q").returncode == 0

    for covers in (project["covers"], project["seeds"] / "covers"):  # a cover in either covers/ folder
        covers.mkdir(exist_ok=True)
        Image.new("RGB", (400, 640), (30, 60, 90)).save(covers / "alpha.png")
        dry = make(project, "-n")
        assert "alpha.txt" in dry.stdout and "beta.md" not in dry.stdout, dry.stdout
        (covers / "alpha.png").unlink()


def test_parallel_make_builds_every_book(project: dict[str, Path]) -> None:
    run = make(project, "-j2")
    assert run.returncode == 0, run.stderr
    assert sorted(books(project)) == ["alpha.epub", "alpha.pdf", "beta.epub", "beta.pdf"]
    assert make(project, "-q").returncode == 0


def test_a_bad_manuscript_fails_make_but_keep_going_builds_the_rest(project: dict[str, Path]) -> None:
    bad = project["seeds"] / "broken.txt"
    bad.write_text("   \n\n  \n", encoding="utf-8")

    run = make(project, "-k")

    assert run.returncode != 0
    assert f"error: {bad}: " in run.stderr
    assert sorted(books(project)) == ["alpha.epub", "alpha.pdf", "beta.epub", "beta.pdf"]
    assert make(project, "-q").returncode != 0  # the broken book is still to be built
