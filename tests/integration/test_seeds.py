"""The sample manuscripts in seeds/: each exercises reader features and a metadata layer, and
every word of each reaches the model (or the metadata it became)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bookbinder import api
from bookbinder.covers import resolve_cover
from bookbinder.metadata.sidecars import catalogue_warnings
from bookbinder.model import AuthorNote, Paragraph, SceneBreak, Source, Style
from bookbinder.readers import suffixes
from bookbinder.readers.text import Reading
from bookbinder.words import manuscript_words, words

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ALL = sorted(p.name for p in SEEDS.glob("*.txt"))
# Ornament lines are scene breaks: their letters (xXx, oOo) are decoration, not words.
ORNAMENT = re.compile(r"^\s*(?:[xXoO]{3}|-x-x-|~\*~)\s*$", re.MULTILINE)


def read(name: str) -> Reading:
    return api.read(SEEDS / name)


def paragraphs(reading: Reading) -> list[Paragraph]:
    out: list[Paragraph] = []
    for chapter in reading.manuscript.chapters:
        for block in chapter.blocks:
            match block:
                case Paragraph():
                    out.append(block)
                case AuthorNote():
                    out.extend(block.paragraphs)
                case SceneBreak():
                    pass
    return out


def breaks(reading: Reading) -> list[int]:
    return [sum(isinstance(b, SceneBreak) for b in c.blocks) for c in reading.manuscript.chapters]


def test_there_are_several_seeds_and_the_catalogue_names_only_real_ones() -> None:
    assert len(ALL) >= 5
    assert catalogue_warnings(SEEDS, suffixes()) == []


@pytest.mark.parametrize("name", ALL)
def test_every_word_reaches_the_model_or_the_metadata(name: str) -> None:
    reading = read(name)
    source = ORNAMENT.sub("", reading_text(SEEDS / name, reading.encoding))
    outside = (*reading.consumed, *reading.manuscript.source_contents)  # metadata, the file's contents list
    kept = Counter(manuscript_words(reading.manuscript)) + Counter(words("\n".join(outside)))
    assert kept == Counter(words(source))


def reading_text(path: Path, encoding: str) -> str:
    return path.read_bytes().decode(encoding).lstrip("\ufeff")


@pytest.mark.parametrize("name", ALL)
def test_smart_punctuation_leaves_no_straight_quotes(name: str) -> None:
    for para in paragraphs(read(name)):
        assert '"' not in para.text and "'" not in para.text and "--" not in para.text, para.text


def test_lantern_keeper_front_matter_and_user_cover() -> None:
    reading = read("lantern-keeper.txt")
    md = reading.manuscript.metadata
    assert (md.title, md.authors, md.series, md.series_index) == (
        "The Lantern Keeper", ("Mara Quill",), "Coast Road Stories", 1.0
    )
    assert md.date == "2019-05-01" and md.language == "en" and "lighthouse" in md.subjects
    assert md.description and "\n\n" in md.description  # the summary keeps its two paragraphs
    assert md.source("title") == Source.FRONT_MATTER
    assert len(reading.manuscript.chapters) == 3
    assert breaks(reading) == [1, 1, 1]  # `* * *` twice, and a run of blank lines
    styles = {span.style for para in paragraphs(reading) for span in para.spans}
    assert {Style.EMPHASIS, Style.STRONG} <= styles
    assert any("\u2019Tis" in p.text for p in paragraphs(reading))
    cover = resolve_cover(SEEDS / "lantern-keeper.txt", md)
    assert "lantern-keeper.jpg" in repr(cover)


def test_harbour_lights_is_read_as_fanficfare() -> None:
    reading = read("harbour-lights.txt")
    md = reading.manuscript.metadata
    assert (md.title, md.authors) == ("Harbour Lights", ("tidewrack",))
    assert md.fandoms == ("Original Work - Coast Road Stories",)
    assert (md.rating, md.status, md.chapter_count) == ("Teen And Up Audiences", "Completed", "3/3")
    assert md.relationships == ("Wren Achterberg/Tobias Hale",)
    assert md.source_url == "https://example.org/works/harbour-lights"
    assert {"Romance", "Hurt/Comfort"} <= set(md.subjects)
    chapters = reading.manuscript.chapters
    assert len(chapters) == 3
    assert sum(isinstance(b, AuthorNote) for c in chapters for b in c.blocks) == 2
    assert all("End file" not in p.text and "TABLE OF CONTENTS" not in p.text for p in paragraphs(reading))


def test_salt_and_static_sidecar_outranks_the_title_page() -> None:
    reading = read("salt-and-static.txt")
    md = reading.manuscript.metadata
    assert md.authors == ("Jun Okafor",) and md.source("authors") == Source.SIDECAR
    assert md.source("title") == Source.TITLE_BLOCK
    assert (md.date, md.publisher) == ("2021-06-21", "Bookbinder Sample Press")
    titles = [c.title for c in reading.manuscript.chapters]
    assert titles == ["Prologue", "I", "II", "III", "Epilogue"]
    assert sum(breaks(reading)) == 3  # ~*~, # and oOo
    text = " ".join(p.text for p in paragraphs(reading))
    assert "ευχαριστώ" in text and "Здравствуйте" in text


def test_clockmakers_daughter_catalogue_books_and_restarting_numerals() -> None:
    reading = read("clockmakers-daughter.txt")
    md = reading.manuscript.metadata
    # Titles get the body's typography: the catalogue's straight apostrophe is curled.
    assert md.title == "The Clockmaker\u2019s Daughter" and md.source("title") == Source.CATALOGUE
    assert md.date == "1897-03"
    assert reading.mode == "hard-wrapped"
    chapters = reading.manuscript.chapters
    assert len(chapters) == 4
    assert len({c.part for c in chapters}) == 2
    assert all("\n" not in p.text for p in paragraphs(reading))  # unwrapped
    assert len(paragraphs(reading)[0].text) > 300


def test_winter_orchard_windows_1252_crlf_one_paragraph_per_line() -> None:
    reading = read("winter-orchard.txt")
    assert reading.encoding.replace("-", "").lower() in {"cp1252", "windows1252"}
    assert reading.mode == "line-per-paragraph"
    md = reading.manuscript.metadata
    assert (md.title, md.authors) == ("Winter Orchard", ("Annelise Brook",))
    assert (md.series, md.series_index, md.language) == ("Coast Road Stories", 2.0, "en-GB")
    assert md.source("series") == Source.CATALOGUE
    text = " ".join(p.text for p in paragraphs(reading))
    assert "Tomás" in text and "café" in text and "£3.50" in text
    assert len(reading.manuscript.chapters) == 2


def test_paper_boats_indented_paragraphs_parts_and_verse() -> None:
    reading = read("paper-boats.txt")
    assert reading.mode == "indented"
    chapters = reading.manuscript.chapters
    assert chapters[0].part == "Part 1, Departure" and chapters[-1].part == "Part 2, Arrival"
    assert [c.title for c in chapters] == ["Chapter 1: Tuesday Club", "Interlude", "Chapter 2: The Letter"]
    assert sum(breaks(reading)) == 4  # ⁂, xXx, -x-x-, ----
    text = " ".join(p.text for p in paragraphs(reading))
    assert '<script>alert(\u201cAHOY\u201d)</script>' in text and "&amp;" in text
    assert "paper_boat_club@example.org" in text and "star*" in text


def test_paper_boats_deeper_indented_lines_are_one_verse_paragraph() -> None:
    interlude = read("paper-boats.txt").manuscript.chapters[1]
    verses = [b for b in interlude.blocks if isinstance(b, Paragraph) and b.verse]
    assert len(verses) == 1
    assert verses[0].text.split("\n")[0] == "My boat is made of Tuesday"
    assert verses[0].text.count("\n") == 3
