"""Manuscripts built by hand for writer tests: every block type, hostile text, rich metadata."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

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
from bookbinder.writers import BuildContext
from bookbinder.writers.epub import EpubWriter
from helpers.epub import Epub

EPOCH = 1700000000
HOSTILE = 'if a<b && c>d then ]]> "quoted" \'single\' <script>alert("x")</script> &amp; &#x41; <!-- -->'


def para(text: str, style: Style = Style.PLAIN, *, verse: bool = False) -> Paragraph:
    return Paragraph((Span(text, style),), verse=verse)


def rich_metadata(**changes: object) -> Metadata:
    values: dict[str, object] = {
        "title": "Lantern <& Ash>",
        "authors": ("R. Vale", "Mo & Jo"),
        "subtitle": "A story in ]]> parts",
        "language": "en",
        "identifier": "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
        "date": "2021-03-04",
        "description": "A summary with <tags> & ampersands.\n\nSecond paragraph.",
        "subjects": ("Hurt/Comfort", "Angst & Fluff"),
        "series": "Lights <Out>",
        "series_index": 2.0,
        "publisher": "Small & Press",
        "rights": "CC BY-NC 4.0",
        "source_url": "https://archiveofourown.org/works/1?view=full&x=<1>",
        "fandoms": ("Original Work",),
        "rating": "Teen And Up Audiences",
        "warnings": ("No Archive Warnings Apply",),
        "relationships": ("A/B",),
        "characters": ("A", "B"),
        "status": "Completed",
        "chapter_count": "3/3",
        "extra": (("kudos", "12 < 13"),),
    }
    values.update(changes)
    return Metadata(**values)  # type: ignore[arg-type]


def kitchen_sink(metadata: Metadata | None = None) -> Manuscript:
    """Every block type, parts, an untitled and an empty chapter, back matter, hostile text."""
    chapters = (
        Chapter("Prologue: <Before> & After", (
            para(HOSTILE),
            SceneBreak(),
            Paragraph((Span("She was "), Span("un", Style.EMPHASIS), Span("believably "),
                       Span("loud", Style.STRONG), Span(" and "),
                       Span("both", Style.EMPHASIS | Style.STRONG))),
        )),
        Chapter("Chapter 1: Roses", (
            para("Roses are red\nViolets are <blue>\n& so are you", verse=True),
            AuthorNote((para("A/N: thanks for reading & reviewing!"), para("Second note paragraph."))),
            para("After the note."),
        ), part="Part One: Spring"),
        Chapter(None, (para("An untitled chapter in the first part."),), part="Part One: Spring"),
        Chapter("Chapter 3: Silence", (), part="Part Two: Winter"),  # empty: ebooklib crashes on these (E8)
        Chapter("Chapter 4", (para("The end."), SceneBreak(), para("Really.")), part="Part Two: Winter"),
    )
    back = (Section("The Project Gutenberg License & <Terms>", (para("Redistribution is allowed."),)),)
    return Manuscript(metadata or rich_metadata(), chapters, back)


def build(manuscript: Manuscript, target: Path, epoch: int = EPOCH) -> Epub:
    ctx = BuildContext(cover=CoverArt(manuscript.metadata), timestamp=datetime.fromtimestamp(epoch, UTC))
    EpubWriter().write(manuscript, target, ctx)
    return Epub(target)




def crowded_cover_metadata(title: str) -> Metadata:
    """Everything a cover can carry at once: a long title, a subtitle, a series and two long names."""
    return Metadata(
        title,
        ("Someone With A Rather Long Pen Name", "A Co-Author"),
        subtitle="Being a True Account of the Years Between",
        series="Tides",
        series_index=2.0,
    )
