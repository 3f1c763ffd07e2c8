"""Known wrappers and metadata inside the file: FanFicFare TXT, Project Gutenberg, YAML, headers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bookbinder.errors import MetadataError
from bookbinder.metadata import Layer
from bookbinder.model import Paragraph, Source
from bookbinder.readers.text import Reading, read_text
from bookbinder.readers.text.scenebreaks import is_ornament
from bookbinder.words import manuscript_words, words

# Laid out as FanFicFare's writer_txt.py templates write it: TEXT_FILE_START (title, "by author"),
# TEXT_TITLE_ENTRY "${label}: ${value}" lines, TEXT_TOC_PAGE_START "TABLE OF CONTENTS",
# TEXT_CHAPTER_START "\n\n\t${chapter}\n\n", and TEXT_FILE_END "\n\nEnd file.\n".
FANFICFARE = """


The Lantern Keeper

by R. Vale



Category: Naruto
Genre: Romance, Angst
Language: English
Characters: Hatake Kakashi, Umino Iruka
Relationships: Hatake Kakashi/Umino Iruka
Status: Completed
Published: 2015-03-01
Updated: 2015-04-11
Packaged: 2024-01-02 10:11:12
Rating: Teen And Up Audiences
Warnings: No Archive Warnings Apply
Chapters: 2
Words: 1,234
Publisher: archiveofourown.org
Story URL: https://archiveofourown.org/works/123456
Summary: Kakashi keeps a lantern lit in his window every night, and Iruka
wants to know why.




TABLE OF CONTENTS


The Window


Chapter 2: The Light



\tThe Window

Iruka saw the light again on his way home, the same small flame in the
same window, and he stopped under it as he had stopped every night.

_Why_, he wondered, and did not knock.

* * *

The next morning the window was dark.



\tChapter 2: The Light

A/N: Thank you all for reading!

Kakashi opened the door before Iruka could knock. "It was for you," he
said. "It was always for you."

End file.
"""

GUTENBERG = """The Project Gutenberg EBook of Contes, by Nobody

This eBook is for the use of anyone anywhere at no cost and with
almost no restrictions whatsoever.


Title: Contes
       ou les histoires

Author: Jean Personne

Release Date: March 3, 2004 [EBook #12345]

Language: French

Character set encoding: UTF-8

*** START OF THIS PROJECT GUTENBERG EBOOK CONTES ***




Produced by Volunteers




CHAPITRE I.

Il y avait une fois un roi et une reine qui étaient bien fâchés de
n'avoir point d'enfants, si fâchés qu'on ne saurait dire.



CHAPITRE II.

Le roi et la reine allèrent à toutes les eaux du monde; voeux,
pèlerinages, menues dévotions, tout fut mis en oeuvre.




End of the Project Gutenberg EBook of Contes, by Nobody

*** END OF THIS PROJECT GUTENBERG EBOOK CONTES ***

Updated editions will replace the previous one--the old editions
will be renamed.
"""


def nothing_lost(source: str, reading: Reading, made_up: tuple[str, ...] = ()) -> None:
    """Every word of the source is in the model or the consumed metadata text, and no more
    (``made_up``: titles the reader gives sections it creates)."""
    kept = [w for line in source.split("\n") if not is_ornament(line) for w in words(line)]
    found = manuscript_words(reading.manuscript) + [
        w for text in (*reading.consumed, *reading.manuscript.source_contents) for w in words(text)
    ]
    invented = [w for title in made_up for w in words(title)]
    assert Counter(kept) + Counter(invented) == Counter(found)


def test_fanficfare_chapters_and_metadata() -> None:
    reading = read_text(FANFICFARE, Path("lantern.txt"), smart=False)
    book = reading.manuscript
    assert [c.title for c in book.chapters] == ["The Window", "Chapter 2: The Light"]
    md = book.metadata
    assert md.title == "The Lantern Keeper" and md.authors == ("R. Vale",)
    assert md.language == "en"
    assert md.status == "Completed" and md.rating == "Teen And Up Audiences"
    assert md.relationships == ("Hatake Kakashi/Umino Iruka",)
    assert md.characters == ("Hatake Kakashi", "Umino Iruka")
    assert md.source_url == "https://archiveofourown.org/works/123456"
    assert (
        md.description
        == "Kakashi keeps a lantern lit in his window every night, and Iruka wants to know why."
    )
    assert md.source("title") is Source.TITLE_BLOCK and md.source("status") is Source.FRONT_MATTER
    first, second = book.chapters
    assert sum(1 for b in first.blocks if type(b).__name__ == "SceneBreak") == 1
    assert type(second.blocks[0]).__name__ == "AuthorNote"
    assert "End file." in reading.consumed
    assert book.back_matter == ()  # the list is the source's own contents: evidence, not a section
    assert book.source_contents[0] == "TABLE OF CONTENTS" and "The Window" in book.source_contents
    nothing_lost(FANFICFARE, reading)


def test_gutenberg_header_and_licence_are_back_matter() -> None:
    reading = read_text(GUTENBERG, Path("pg12345.txt"), smart=False)
    book = reading.manuscript
    assert [c.title for c in book.chapters] == ["CHAPITRE I.", "CHAPITRE II."]
    chapter_text = " ".join(b.text for c in book.chapters for b in c.blocks)  # type: ignore[union-attr]
    assert "Gutenberg" not in chapter_text and "Produced by" not in chapter_text
    titles = [s.title for s in book.back_matter]
    assert titles == ["About this edition", "Project Gutenberg header", "Project Gutenberg licence"]
    licence = " ".join(p.text for p in book.back_matter[2].paragraphs)
    assert "END OF THIS PROJECT GUTENBERG" in licence and "renamed" in licence
    md = book.metadata
    assert (md.title, md.subtitle, md.authors) == ("Contes", "ou les histoires", ("Jean Personne",))
    assert md.language == "fr" and md.date == "2004-03-03"
    assert md.source("language") is Source.FRONT_MATTER
    assert md.source_url == "https://www.gutenberg.org/ebooks/12345"
    nothing_lost(GUTENBERG, reading, tuple(titles[:1] + titles[1:]))


def test_yaml_front_matter_is_metadata_and_consumed() -> None:
    source = (
        "---\ntitle: Lantern\nauthors:\n  - R. Vale\n  - K. Ito\nlanguage: English\n"
        "date: 2021-05-04\n---\nIt rained.\n"
    )
    reading = read_text(source)
    md = reading.manuscript.metadata
    assert (md.title, md.authors, md.language, md.date) == (
        "Lantern",
        ("R. Vale", "K. Ito"),
        "en",
        "2021-05-04",
    )
    assert reading.layers[0].source is Source.FRONT_MATTER
    nothing_lost(source, reading)


@pytest.mark.parametrize(
    ("front", "line"),
    [("title: [unclosed\n", 2), ("title: ok\n  bad: indent\n", 3), ("- just\n- a list\n", 2)],
)
def test_malformed_yaml_front_matter_names_the_line(front: str, line: int) -> None:
    with pytest.raises(MetadataError) as info:
        read_text(f"---\n{front}---\nText.\n", Path("bad.txt"))
    assert info.value.line == line
    assert str(info.value).startswith(f"bad.txt:{line}: ") and "\n" not in str(info.value)


def test_outer_layers_outrank_the_file_and_the_file_outranks_the_name() -> None:
    source = "Title: From The File\nAuthor: File Author\n\nIt rained.\n"
    cli = Layer(Source.CLI, {"title": "From The Command Line"})
    md = read_text(source, Path("from-the-name.txt"), outer_layers=[cli]).manuscript.metadata
    assert md.title == "From The Command Line" and md.source("title") is Source.CLI
    assert md.authors == ("File Author",) and md.source("authors") is Source.FRONT_MATTER
    plain = read_text("It rained.\n", Path("from-the-name.txt")).manuscript.metadata
    assert plain.title.lower() == "from the name" and plain.source("title") is Source.FILENAME


def test_title_block_words_are_consumed_not_lost() -> None:
    source = (
        "PRIDE AND PREJUDICE\n\nBy Jane Austen\n\n\n\nChapter 1\n\nIt is a truth universally acknowledged.\n"
    )
    reading = read_text(source)
    md = reading.manuscript.metadata
    assert (md.title.upper(), md.authors) == ("PRIDE AND PREJUDICE", ("Jane Austen",))
    assert md.source("title") is Source.TITLE_BLOCK
    assert reading.consumed == ("PRIDE AND PREJUDICE", "By Jane Austen")
    nothing_lost(source, reading)


def test_pre_2000_gutenberg_small_print_header_is_recognised() -> None:
    old = GUTENBERG.replace(
        "*** START OF THIS PROJECT GUTENBERG EBOOK CONTES ***",
        "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*",
    )
    book = read_text(old, Path("old.txt"), smart=False).manuscript
    assert [c.title for c in book.chapters] == ["CHAPITRE I.", "CHAPITRE II."]
    assert "Project Gutenberg header" in [s.title for s in book.back_matter]


def test_fanficfare_tab_titles_need_no_chapter_word() -> None:
    source = FANFICFARE.replace("Chapter 2: The Light", "Morning")
    book = read_text(source, Path("lantern.txt"), smart=False).manuscript
    assert [c.title for c in book.chapters] == ["The Window", "Morning"]


def test_title_and_subtitle_in_separate_chunks_are_one_title_block() -> None:
    source = "THE LANTERN KEEPER\n\nA Winter's Tale\n\nby R. Vale\n\nIt rained all night.\n"
    reading = read_text(source, smart=False)
    md = reading.manuscript.metadata
    assert (md.title, md.subtitle, md.authors) == ("The Lantern Keeper", "A Winter's Tale", ("R. Vale",))
    assert [c.title for c in reading.manuscript.chapters] == [None]  # no stray title chapter
    nothing_lost(source, reading)


def test_gutenberg_text_ends_at_the_first_end_marker_line_only() -> None:
    body = (
        "CHAPTER I.\n\nIt was the end of the day.\nEnd of the chapter, he said, and smiled.\n"
        "*** not a marker ***\n\n"
    )
    end = "  *** END OF THIS PROJECT GUTENBERG EBOOK X ***\nLicence.\n"
    source = GUTENBERG.split("CHAPITRE I.")[0] + body + end
    reading = read_text(source, Path("pg1.txt"), smart=False)
    text = " ".join(b.text for c in reading.manuscript.chapters for b in c.blocks if isinstance(b, Paragraph))
    assert text.endswith("*** not a marker ***") and "Licence" not in text
    licence = reading.manuscript.back_matter[-1]
    assert licence.paragraphs[0].text.startswith("*** END OF THIS PROJECT")
