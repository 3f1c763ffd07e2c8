"""Markdown reader: CommonMark headings, emphasis, breaks, quotes, YAML front matter, footnotes."""

from __future__ import annotations

from pathlib import Path

from bookbinder.model import Matter, Paragraph, Role, SceneBreak, Style
from bookbinder.readers import ReadContext
from bookbinder.readers.markdown import MarkdownReader
from bookbinder.words import manuscript_words, words

NOTES = Path(__file__).resolve().parent.parent / "fixtures" / "markdown" / "notes.md"


def read(text: str, name: str = "notes.md"):  # type: ignore[no-untyped-def]
    return MarkdownReader().read(text.encode("utf-8"), Path(name), ReadContext())


def test_front_matter_headings_and_footnotes() -> None:
    reading = read(NOTES.read_text(encoding="utf-8"))
    manuscript = reading.manuscript
    assert reading.reader == "markdown"
    assert manuscript.metadata.title == "Notes From the Ridge" and manuscript.metadata.authors == ("P. Tern",)
    assert manuscript.metadata.subjects == ("hiking", "weather")
    assert [(c.part, c.title) for c in manuscript.chapters] == [
        ("Part One", "The Climb"),
        ("Part One", "The Descent"),
    ]
    blocks = manuscript.chapters[0].blocks
    first = blocks[0]
    assert isinstance(first, Paragraph)
    assert ("early", Style.EMPHASIS) in [(s.text, s.style) for s in first.spans]
    assert ("dawn", Style.STRONG) in [(s.text, s.style) for s in first.spans]
    assert isinstance(blocks[1], SceneBreak)
    assert isinstance(blocks[-1], Paragraph) and blocks[-1].role is Role.QUOTE
    assert [(s.title, s.kind) for s in manuscript.back_matter] == [("Notes", Matter.NOTES)]
    assert "alert" not in manuscript_words(manuscript)


def test_every_word_in_order() -> None:
    text = "## One\n\nFirst *words* here.\n\n## Two\n\nSecond `code` and [a link](https://x.org).\n"
    assert manuscript_words(read(text).manuscript) == words(
        "One First words here. Two Second code and a link"
    )


def test_plain_prose_is_one_chapter() -> None:
    reading = read("Just a paragraph.\n\nAnd another one.\n")
    assert len(reading.manuscript.chapters) == 1 and reading.manuscript.chapters[0].title is None
