"""Helpers for the PDF tests: build with the real writer, read back with pypdf."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from bookbinder import styles, toc, words
from bookbinder.covers import CoverArt
from bookbinder.model import (
    AuthorNote,
    Chapter,
    Manuscript,
    Metadata,
    Paragraph,
    SceneBreak,
    Section,
    Span,
    Style,
)
from bookbinder.writers import BuildContext, parse_options
from bookbinder.writers.pdf import PdfWriter
from bookbinder.writers.pdf.layout import geometry
from bookbinder.writers.pdf.pagesize import parse_page_size

HOSTILE = (
    "<b>bold</b>",
    "AT&T rocks",
    "a<b then",
    "]]>",
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "C&A&amp;B",
)
PROSE = (
    "She walked along the harbour wall while the lanterns came on one by one, counting the boats "
    "that had not yet returned and wondering, with a patience that surprised her, whether the "
    "weather would turn before the tide. "
)


def para(text: str, style: Style = Style.PLAIN, verse: bool = False) -> Paragraph:
    """A one-span paragraph."""
    return Paragraph((Span(text, style),), verse=verse)


def hostile_book(chapters: int = 5) -> Manuscript:
    """Parts, titled and untitled chapters, notes, verse, scene breaks, scripts, back matter."""
    made = []
    for index in range(chapters):
        blocks = (
            para(PROSE * 3),
            Paragraph(
                (
                    Span(" ".join(HOSTILE) + " "),
                    Span("slanted", Style.EMPHASIS),
                    Span(" heavy", Style.STRONG),
                    Span(" both", Style.EMPHASIS | Style.STRONG),
                )
            ),
            SceneBreak(),
            para(PROSE * 2),
            AuthorNote((para("Author's thanks to every reader. " * 3),)),
            para("Roses are red,\nviolets are blue,\nsugar is sweet", verse=True),
            para("Greek αλφάβητο, Russian Жизнь, Chinese 你好世界, emoji 😀 and café."),
            *(para(PROSE * 2) for _ in range(4)),
        )
        title = None if index == 2 else f"Chapter {index + 1}: The <Harbour> & the Sea"
        made.append(Chapter(title, blocks, part="Part One" if index < 3 else "Part Two"))
    meta = Metadata(
        title="Lanterns & <Tides>",
        authors=("R. Vale",),
        language="en",
        identifier="urn:uuid:00000000-0000-5000-8000-000000000001",
        rights="CC BY 4.0",
        subjects=("harbour", "sea"),
        description="A test book.",
    )
    return Manuscript(meta, tuple(made), (Section("Licence", (para("Licence words here. " * 20),)),))


def build_pdf(
    manuscript: Manuscript, target: Path, warnings: list[str] | None = None, side: Any = None, **options: str
) -> PdfReader:
    """Write ``manuscript`` with the PDF writer and open the result."""
    sink = warnings if warnings is not None else []
    ctx = BuildContext(
        cover=CoverArt(manuscript.metadata),
        timestamp=datetime(2023, 11, 14, tzinfo=UTC),
        options=parse_options(PdfWriter(), options),
        warn=sink.append,
        side_output=side,
    )
    PdfWriter().write(manuscript, target, ctx)
    return PdfReader(io.BytesIO(target.read_bytes()))


def letters(texts: Iterator[str] | list[str]) -> str:
    """The letter stream: every word's characters, concatenated (hyphenation-proof)."""
    return "".join(w for t in texts for w in words.words(t))


def expected_texts(manuscript: Manuscript) -> Iterator[str]:
    """What the body pages should show, in order: part and chapter titles, text, back matter."""
    starts = toc.part_starts(manuscript)
    for index, chapter in enumerate(manuscript.chapters):
        if index in starts:
            yield starts[index][0]
        if not toc.is_one_shot(manuscript):  # a one-shot's title page is its only heading
            yield toc.chapter_label(manuscript, index)
        for block in chapter.blocks:
            match block:
                case Paragraph():
                    yield block.text
                case AuthorNote():
                    yield styles.get(styles.DEFAULT).labels.author_note  # the design's label
                    yield from (p.text for p in block.paragraphs)
                case SceneBreak():
                    pass
    for section in manuscript.back_matter:
        yield section.title
        yield from (p.text for p in section.paragraphs)


def first_text_page(reader: PdfReader) -> int:
    """Index of the page labelled 1."""
    return reader.page_labels.index("1")


def body_lines(reader: PdfReader, page_size: str = "6x9in") -> list[str]:
    """Text inside the text block of every page from page 1 on (running heads and folios left out)."""
    geo = geometry(parse_page_size(page_size))
    low, high = geo.bottom - 2, geo.height - geo.top + 2
    out: list[str] = []

    def keep(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text and low <= y <= high:
            out.append(text)

    for page in reader.pages[first_text_page(reader) :]:
        page.extract_text(visitor_text=keep)
    return out
