"""The whole pipeline over every real manuscript: read -> EPUB + PDF, valid and nothing lost.

Each book is built once per session (module-scoped fixture) and every assertion reuses it; War
and Peace is the big one, so it is read once and built once per format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.paths import shared_files
from helpers.strategies import (
    Built,
    assert_nothing_lost,
    assert_reader_kept_words,
    build_checked,
    epubcheck,
    pdf_text,
)

from bookbinder import api
from bookbinder.readers.text import Reading

pytestmark = pytest.mark.slow

SOURCES: list[Path | None] = [*shared_files("seeds"), *shared_files("corpus")]


@dataclass(frozen=True)
class Book:
    """One manuscript, its reading and its built books."""

    source: Path
    reading: Reading
    built: Built


def source_text(path: Path) -> str:
    """The manuscript as text, decoded independently of the reader (UTF-8, else Latin-1)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@pytest.fixture(scope="module", params=SOURCES or [None], ids=lambda p: p.name if p else "absent")
def book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Book:
    """Build the manuscript once for every test in this module."""
    source: Path | None = request.param
    if source is None:
        pytest.skip("../shared/seeds and ../shared/corpus are absent: the shared manuscripts live "
                    "beside the project checkout")
    out = tmp_path_factory.mktemp(source.stem[:30])
    built = build_checked(source, out, ("epub", "pdf"), must_succeed=True)
    assert built is not None
    return Book(source, api.read(source), built)


def test_reader_keeps_every_word(book: Book) -> None:
    assert_reader_kept_words(source_text(book.source), book.reading)


def test_epub_passes_epubcheck_without_errors_or_warnings(book: Book) -> None:
    assert book.built.epub is not None
    errors, warnings = epubcheck(book.built.epub)
    assert errors == [], "\n".join(errors[:20])
    assert warnings == [], "\n".join(warnings[:20])


def test_pdf_opens(book: Book) -> None:
    assert book.built.pdf is not None
    assert pdf_text(book.built.pdf).strip()


def test_no_word_lost_in_either_book(book: Book) -> None:
    assert len(book.built.model_words) > 100
    assert_nothing_lost(book.built)
