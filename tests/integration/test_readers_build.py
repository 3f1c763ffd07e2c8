"""Every markup reader end to end: a book in each shape builds an EPUB and a PDF that keep every
word in order, epubcheck passes them, `build DIR` takes every registered suffix, and a broken file
is one `error: <file>: <reason>` line with nothing written."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.epub_fixtures import Doc, Meta, build_epub
from helpers.paths import books
from helpers.strategies import assert_nothing_lost, build_checked, epub_spine_texts, epubcheck

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def docx_bytes() -> bytes:
    docx = pytest.importorskip("docx", reason="python-docx (a dev dependency) builds the DOCX fixture")
    document = docx.Document()
    document.add_heading("Chapter One", 1)
    paragraph = document.add_paragraph("Words in a ")
    paragraph.add_run("Word").italic = True
    paragraph.add_run(" draft.")
    document.add_heading("Chapter Two", 1)
    document.add_paragraph("The second chapter ends here.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def sources(folder: Path) -> list[Path]:
    docs = [
        Doc("c1.xhtml", "Chapter One", "<h2>Chapter One</h2><p>An <em>EPUB</em> chapter.</p>"),
        Doc("c2.xhtml", "Chapter Two", "<p>Its second chapter.</p>"),
    ]
    meta = Meta(title="Rebound", subjects=("Tag",), source="https://example.org/s/2")
    files = {
        "ao3.html": (FIXTURES / "html" / "ao3_multi.html").read_bytes(),
        "fff.html": (FIXTURES / "html" / "fanficfare.html").read_bytes(),
        "book2.epub": build_epub(docs, meta, version=2),
        "book3.epub": build_epub(docs, meta, version=3),
        "draft.docx": docx_bytes(),
        "notes.md": (FIXTURES / "markdown" / "notes.md").read_bytes(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


NAMES = ["ao3.html", "fff.html", "book2.epub", "book3.epub", "draft.docx", "notes.md"]
@pytest.mark.parametrize("name", NAMES)
def test_each_reader_builds_books_that_keep_every_word(tmp_path: Path, name: str) -> None:
    source = next(s for s in sources(tmp_path) if s.name == name)
    built = build_checked(source, tmp_path / "out", must_succeed=True)
    assert built is not None
    assert_nothing_lost(built)


def test_ao3_metadata_reaches_the_epub(tmp_path: Path) -> None:
    source = sources(tmp_path)[0]
    built = build_checked(source, tmp_path / "out", ("epub",), must_succeed=True)
    assert built is not None and built.epub is not None
    texts = " ".join(epub_spine_texts(built.epub))
    for value in ("Teen And Up Audiences", "Invented Fandom", "Mira Sallow", "Harbour Lights"):
        assert value in texts, f"{value!r} is not on any page of the EPUB"
    import zipfile

    with zipfile.ZipFile(built.epub) as book:
        opf = next(book.read(n).decode() for n in book.namelist() if n.endswith(".opf"))
    assert "https://archiveofourown.org/works/1234567" in opf and "Lighthouses" in opf


@pytest.mark.slow
def test_each_reader_epub_passes_epubcheck(tmp_path: Path) -> None:
    for source in sources(tmp_path):
        built = build_checked(source, tmp_path / "out" / source.stem, ("epub",), must_succeed=True)
        assert built is not None and built.epub is not None
        errors, _ = epubcheck(built.epub)
        assert not errors, (source.name, errors)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bookbinder", *args], capture_output=True, text=True, check=False
    )


def test_build_dir_takes_every_registered_suffix(tmp_path: Path) -> None:
    sources(tmp_path)
    proc = run("build", str(tmp_path), "-o", str(tmp_path / "out"), "-f", "epub")
    assert proc.returncode == 0, proc.stderr
    built = sorted(p.name for p in (tmp_path / "out").glob("*.epub"))
    assert built == ["ao3.epub", "book2.epub", "book3.epub", "draft.epub", "fff.epub", "notes.epub"]
    proc = run("suffixes")
    assert {".html", ".epub", ".docx"} <= set(proc.stdout.split())


@pytest.mark.parametrize(
    "name, data",
    [("broken.epub", b"PK\x03\x04 not really"), ("broken.docx", b"not a zip"), ("empty.html", b"   ")],
)
def test_malformed_file_is_one_error_line_and_nothing_written(tmp_path: Path, name: str, data: bytes) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out"
    proc = run("build", str(source), "-o", str(out))
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors and errors[0].startswith(f"error: {source}: "), proc.stderr
    assert "Traceback" not in proc.stderr
    assert books(out) == []  # nothing but the build log's line about the failure


def test_inspect_names_the_reader(tmp_path: Path) -> None:
    source = sources(tmp_path)[2]
    proc = run("inspect", str(source))
    assert proc.returncode == 0, proc.stderr
    assert any(line.split()[:2] == ["reader", "epub"] for line in proc.stdout.splitlines()), proc.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_picks_up_every_registered_suffix(tmp_path: Path) -> None:
    from helpers.paths import ROOT

    if not (ROOT / ".venv" / "bin" / "bookbinder").exists():
        pytest.skip("no .venv: make asks .venv/bin/bookbinder for the suffixes")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    sources(seeds)
    env = {
        k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}
    }
    proc = subprocess.run(
        ["make", "-n", "--no-print-directory", "-C", str(ROOT), f"SEEDS={seeds}", f"OUT={tmp_path / 'out'}",
         "per-book"],  # make's own graph: one command per manuscript (plain `make` builds the folder once)
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    commands = [line for line in proc.stdout.splitlines() if " build " in line]
    planned = {Path(line.split()[-1].strip("'")).name for line in commands}
    assert planned == {"ao3.html", "fff.html", "book2.epub", "book3.epub", "draft.docx", "notes.md"}


def test_rebinding_our_own_epub_keeps_chapters_words_and_metadata(tmp_path: Path) -> None:
    from bookbinder import api
    from bookbinder.words import manuscript_words

    source = sources(tmp_path)[0]
    first = build_checked(source, tmp_path / "once", ("epub",), must_succeed=True)
    assert first is not None and first.epub is not None
    original, again = api.read(source).manuscript, api.read(first.epub).manuscript
    assert [c.title for c in again.chapters] == [c.title for c in original.chapters]
    for field in ("title", "authors", "rating", "fandoms", "characters", "series", "source_url"):
        assert getattr(again.metadata, field) == getattr(original.metadata, field), field
    story = [w for c in original.chapters for w in manuscript_words(type(original)(original.metadata, (c,)))]
    ok = iter(manuscript_words(again))
    assert all(word in ok for word in story)
