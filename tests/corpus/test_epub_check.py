"""EPUBs pass epubcheck 5 with no errors and no warnings, keep every word, and open in calibre.

epubcheck needs Java (about 10 s per book on a busy machine); calibre is Debian's ``calibre``
package. Each test skips with the reason when its tool is missing.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from helpers.books import build, kitchen_sink, para
from helpers.epub import Epub
from helpers.paths import ROOT, shared_files

from bookbinder import api, words
from bookbinder.model import AuthorNote, Chapter, Manuscript, Metadata, SceneBreak
from bookbinder.readers import suffixes

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="epubcheck needs Java (apt-get install "
                                "default-jre-headless)")
needs_calibre = pytest.mark.skipif(shutil.which("ebook-convert") is None,
                                   reason="calibre is not installed (apt-get install calibre)")


SAMPLES = sorted(p for p in (ROOT / "seeds").glob("*") if p.suffix.lower() in suffixes())


def _load_checker() -> ModuleType:
    """scripts/epubcheck_all.py, the same checker `make check` runs."""
    spec = importlib.util.spec_from_file_location("epubcheck_all", ROOT / "scripts" / "epubcheck_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["epubcheck_all"] = module
    spec.loader.exec_module(module)
    return module


def assert_epubcheck_clean(path: Path) -> None:
    result = _load_checker().check(path)
    assert result.clean, "\n".join(result.messages)


def build_file(source: Path, out: Path) -> Path:
    (epub,) = api.build(source, api.BuildOptions(formats=("epub",), out_dir=out))
    return epub


@needs_java
def test_kitchen_sink_with_hostile_text_is_clean(tmp_path: Path) -> None:
    assert_epubcheck_clean(build(kitchen_sink(), tmp_path / "sink.epub"))


@needs_java
def test_bare_right_to_left_book_with_an_empty_chapter_is_clean(tmp_path: Path) -> None:
    """No metadata but a title, no chapter titles, an empty chapter, a lone note, control characters."""
    manuscript = Manuscript(
        Metadata(title="\x07", language="he"),
        (
            Chapter(None, (para("שלום <עולם> & ]]>\x0b"), SceneBreak())),
            Chapter("  ", ()),
            Chapter(None, (AuthorNote((para("A/N: \"thanks\""),)),)),
        ),
    )
    assert_epubcheck_clean(build(manuscript, tmp_path / "bare.epub"))


# The shared seeds and corpus novels go through epubcheck in tests/test_corpus_pipeline.py (one
# JVM run per book is the expensive part); here their token streams are compared exactly.
SHARED_BOOKS = [pytest.param(p, id=p.name) for p in shared_files("seeds")] + [
    pytest.param(p, id=p.name, marks=pytest.mark.slow) for p in shared_files("corpus")
]


@pytest.mark.parametrize("source", SHARED_BOOKS)
def test_shared_books_are_complete(source: Path, tmp_path: Path) -> None:
    epub = build_file(source, tmp_path)
    assert Epub(epub).story_words() == words.manuscript_words(api.read(source).manuscript)


@pytest.mark.slow
@needs_java
@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.name)
def test_project_samples_are_clean_and_complete(source: Path, tmp_path: Path) -> None:
    epub = build_file(source, tmp_path)
    assert Epub(epub).story_words() == words.manuscript_words(api.read(source).manuscript)
    assert_epubcheck_clean(epub)


@pytest.mark.slow
@needs_calibre
def test_calibre_reads_metadata_and_every_word(tmp_path: Path) -> None:
    """A real reader engine: calibre opens the book, reads its OPF and converts all of it to text."""
    manuscript = kitchen_sink()
    epub = build(manuscript, tmp_path / "sink.epub")
    path = Path(epub.zip.filename or "")
    meta = subprocess.run(["ebook-meta", str(path)], capture_output=True, text=True, check=True,
                          timeout=300).stdout
    fields = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in meta.splitlines())}
    assert fields["Title"] == "Lantern <& Ash>: A story in ]]> parts"  # calibre appends the subtitle
    assert fields["Author(s)"].startswith("R. Vale & Mo && Jo [Vale, R. &")  # calibre doubles a name's &
    assert fields["Published"].startswith("2021-03-04")
    assert fields["Series"] == "Lights <Out> #2"
    assert fields["Languages"] == "eng"
    assert "Angst & Fluff" in fields["Tags"]
    text_file = tmp_path / "sink.txt"
    subprocess.run(["ebook-convert", str(path), str(text_file)], capture_output=True, check=True, timeout=600)
    converted = words.words(text_file.read_text(encoding="utf-8"))
    expected = words.manuscript_words(manuscript)
    remaining = iter(converted)
    missing = [w for w in expected if w not in remaining]  # in order: a subsequence of calibre's text
    assert not missing, missing[:20]


@needs_java
def test_the_checker_reports_a_broken_book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The clean verdicts above mean something: a chapter with bad markup fails, and `make check` exits 1."""
    good = Path(build(kitchen_sink(), tmp_path / "good.epub").zip.filename or "")
    bad = tmp_path / "bad.epub"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("ch002.xhtml"):
                data = data.replace(b"</section>", b"<p>unclosed & raw</section>")
            target.writestr(info, data)
    assert _load_checker().main([str(bad)]) == 1
    out = capsys.readouterr().out
    assert "FATAL" in out and "0/1 clean" in out


# -- Accessibility (DAISY Ace), KEPUB, and `bookbinder check` ------------------------------------

def _ace_missing() -> str | None:
    from bookbinder.check import ace

    return ace.available()


needs_ace = pytest.mark.skipif(_ace_missing() is not None, reason=str(_ace_missing()))
ACE_BOOKS = [*shared_files("seeds"), *shared_files("corpus"), *shared_files("corpus-dev"), *SAMPLES]


@pytest.mark.slow
@needs_ace
@pytest.mark.skipif(not ACE_BOOKS, reason="no books: ../shared and seeds/ are absent")
def test_every_shared_book_and_sample_is_ace_clean(tmp_path: Path) -> None:
    """One Ace process over every book: no violation of any impact."""
    from bookbinder.check import ace

    epubs = []
    for number, source in enumerate(ACE_BOOKS):
        epubs += api.build(source, api.BuildOptions(formats=("epub",), out_dir=tmp_path / str(number)))
    found = ace.findings(epubs)
    bad = {str(path): [f.message for f in items] for path, items in found.items() if items}
    assert not bad, bad


@pytest.mark.slow
@needs_java
@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.name)
def test_kepub_of_each_sample_is_clean_with_a_span_per_sentence(source: Path, tmp_path: Path) -> None:
    from bookbinder.writers.kepub.spans import sentences

    (kepub,) = api.build(source, api.BuildOptions(formats=("kepub",), out_dir=tmp_path))
    assert kepub.name.endswith(".kepub.epub")
    assert_epubcheck_clean(kepub)
    book = Epub(kepub)
    assert book.story_words() == words.manuscript_words(api.read(source).manuscript)
    for href in book.spine():
        if "/ch" not in href:
            continue
        for p in book.xml(href).iter("{http://www.w3.org/1999/xhtml}p"):
            text = "".join(p.itertext())
            spans = [s for s in p.iter("{http://www.w3.org/1999/xhtml}span") if s.get("class") == "koboSpan"]
            assert len(spans) >= len([s for s in sentences(text) if s.strip()]), text


@needs_java
def test_check_command_passes_a_good_book_and_fails_a_broken_one(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bookbinder.cli import app

    good = Path(build(kitchen_sink(), tmp_path / "good.epub").zip.filename or "")
    result = CliRunner().invoke(app, ["check", "--only", "epubcheck", "--only", "kindle", "--only", "kobo",
                                      "--only", "apple", str(good)])
    assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.epub"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("ch002.xhtml"):
                data = data.replace(b'<?xml version="1.0" encoding="utf-8"?>\n', b"")
            if info.filename.endswith(".opf"):
                data = data.replace(b"<dc:language>en</dc:language>", b"<dc:language>English</dc:language>")
            target.writestr(info, data)
    result = CliRunner().invoke(app, ["check", "--only", "kindle", str(bad)])
    assert result.exit_code == 1
    assert "kindle: dc:language 'English'" in result.output
    assert "ch002.xhtml: no XML declaration" in result.output


@needs_ace
def test_ace_reports_a_package_without_a_language(tmp_path: Path) -> None:
    """Ace-clean means something: the issue's original failure (epub-lang) is caught."""
    from bookbinder.check import ace

    good = Path(build(kitchen_sink(), tmp_path / "good.epub").zip.filename or "")
    bad = tmp_path / "nolang.epub"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".opf"):
                data = data.replace(b' xml:lang="en"', b"")
            target.writestr(info, data)
    found = ace.findings([good, bad])
    assert found[good] == []
    assert any("epub-lang" in f.message for f in found[bad]), found[bad]
