"""Reader-wide behaviour: nothing lost for any manuscript, modes reported, warnings as data."""

from __future__ import annotations

import contextlib
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bookbinder.errors import InputError
from bookbinder.model import AuthorNote, Paragraph, SceneBreak
from bookbinder.readers import ReadContext
from bookbinder.readers.markdown import MarkdownReader
from bookbinder.readers.text import read_bytes, read_text
from bookbinder.readers.text.assemble import FRONT_MATTER_TITLE
from bookbinder.readers.text.blocks import BLANK_SEPARATED, HARD_WRAPPED, INDENTED, LINE_PER_PARAGRAPH
from bookbinder.readers.text.scenebreaks import is_ornament
from bookbinder.words import manuscript_words, words

WRAPPED = (
    "It was a bright cold day in April, and the clocks were striking\n"
    "thirteen. Winston Smith, his chin nuzzled into his breast in an\n"
    "effort to escape the vile wind, slipped quickly through the doors.\n"
)


def words_accounted(source: str) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(words of the source, of ornament lines in it, of the model plus consumed metadata)."""
    reading = read_text(source, Path("story.txt"))
    lines = source.replace("\r", "\n").split("\n")
    every = Counter(w for line in lines for w in words(line))
    ornaments = Counter(w for line in lines if is_ornament(line) for w in words(line))
    found = Counter(manuscript_words(reading.manuscript)) + Counter(
        w for t in (*reading.consumed, *reading.manuscript.source_contents) for w in words(t)
    )
    return every, ornaments, found


# Lines a manuscript is made of: prose, headings, ornaments, notes, labels, blank runs.
LINES = st.one_of(
    st.text(st.sampled_from("abcdefg hijk lmnop qrs tuv wxyz ABC.,;:!?'\"-—*_#"), min_size=1, max_size=90),
    st.sampled_from(
        [
            "Chapter 1",
            "CHAPTER IV.",
            "Chapter 3: The Storm",
            "Part 1, Confusion",
            "Book One",
            "Prologue",
            "Epilogue",
            "IV.",
            "XII",
            "# Home",
            "## Away",
            "* * *",
            "***",
            "#",
            "~*~",
            "oOo",
            "xXx",
            "-x-x-",
            "----",
            "⁂",
            "A/N: thanks",
            "Note: hi",
            "Title: T",
            "Author: A",
            "by Someone",
            "CONTENTS",
            "---",
            "End file.",
            "\tTabbed Title",
            "    indented verse line",
            "Letter 2",
            "<script>&]]>",
            "*** START OF THIS PROJECT GUTENBERG EBOOK X ***",
            "End of the Project Gutenberg EBook",
            "",
            "",
            "",
            "",
        ]
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, min_size=1, max_size=40))
def test_any_manuscript_reads_and_loses_no_word(lines: list[str]) -> None:
    """A Manuscript or a clean InputError; every word lands in the model or the consumed text.

    A part is a chapter's attribute, so the model cannot tell two adjacent parts that share a
    title from one part: such inputs are left out.
    """
    parts = [
        line for line in lines if line in ("Part 1, Confusion", "Book One", "Prologue", "Epilogue", "# Home")
    ]
    assume(len(parts) == len(set(parts)))
    source = "\n".join(lines)
    try:
        every, ornaments, found = words_accounted(source)
    except InputError:
        return
    assert +(every - found) <= ornaments, "words lost"  # only a divider's letters (oOo) may go
    made_up = Counter(words("About this edition Project Gutenberg header Project Gutenberg licence Contents"))
    assert +(found - every) <= made_up, "words invented"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_reading_or_a_clean_error(data: bytes) -> None:
    with contextlib.suppress(InputError):
        reading = read_bytes(data, Path("x.txt"))
        assert reading.manuscript.chapters


def test_modes_are_detected_and_reported() -> None:
    blank = "One paragraph per line, typed without wrapping at all.\n\nAnother one here.\n\nA third.\n"
    assert read_text(blank).mode == BLANK_SEPARATED
    assert read_text(f"{WRAPPED}\n{WRAPPED}\n{WRAPPED}").mode == HARD_WRAPPED
    long_line = "This paragraph is one long line typed in a word processor that never wraps anything. " * 2
    assert read_text("\n".join([long_line] * 5)).mode == LINE_PER_PARAGRAPH
    indented = ("    " + WRAPPED) * 4
    reading = read_text(indented)
    assert reading.mode == INDENTED
    assert len(reading.manuscript.chapters[0].blocks) == 4


def test_hostile_text_comes_through_as_text_in_titles_and_paragraphs() -> None:
    source = (
        "Chapter 1: <script>alert(1)</script> & Co\n\nAT&T said ]]> and <b>hi</b>.\n\nA/N: <!-- x --> &amp;\n"
    )
    book = read_text(source, smart=False).manuscript
    chapter = book.chapters[0]
    assert chapter.title == "Chapter 1: <script>alert(1)</script> & Co"
    para, note = chapter.blocks
    assert isinstance(para, Paragraph) and para.text == "AT&T said ]]> and <b>hi</b>."
    assert isinstance(note, AuthorNote) and note.paragraphs[0].text == "A/N: <!-- x --> &amp;"


def test_warnings_are_data_with_path_and_line() -> None:
    reading = read_bytes(b"Fine.\n\nBad\x01 here.\n", Path("dir/story.txt"))
    assert reading.warnings == (
        "dir/story.txt:3: removed 1 control character(s) XML cannot hold (U+0001) on line(s) 3",
    )


def test_scene_break_counts_follow_the_blank_runs() -> None:
    paras = ["Para one.", "Para two.", "Para three.", "Para four."]
    source = paras[0] + "\n\n" + paras[1] + "\n\n\n" + paras[2] + "\n\n\n\n" + paras[3]
    blocks = read_text(source).manuscript.chapters[0].blocks
    assert [type(b).__name__ for b in blocks] == [
        "Paragraph",
        "Paragraph",
        "SceneBreak",
        "Paragraph",
        "SceneBreak",
        "Paragraph",
    ]


def test_double_spaced_drafts_need_three_blank_lines_for_a_break() -> None:
    """When two blank lines is how the author separates every paragraph, it is not a break."""
    source = "\n\n\n".join(f"Paragraph {n}." for n in range(6)) + "\n\n\n\nAfter the break.\n"
    blocks = read_text(source).manuscript.chapters[0].blocks
    assert sum(isinstance(b, SceneBreak) for b in blocks) == 1
    assert isinstance(blocks[-2], SceneBreak)


def test_front_matter_title_is_a_section_only_for_gutenberg_files() -> None:
    source = "Preface text that is long enough to be prose.\n\nChapter 1\n\nStory.\n"
    book = read_text(source).manuscript
    assert [c.title for c in book.chapters] == [None, "Chapter 1"]
    assert FRONT_MATTER_TITLE not in [s.title for s in book.back_matter]


def test_markdown_files_join_lines_inside_a_paragraph() -> None:
    source = "## One\n\nShe liked the house quiet.\nShe wrote this on two lines.\n"
    as_text = read_text(source, Path("story.txt")).manuscript.chapters[0].blocks[0]
    # .md files have their own reader (CommonMark): a line break inside a paragraph is a space.
    markdown = MarkdownReader().read(source.encode("utf-8"), Path("story.md"), ReadContext())
    as_markdown = markdown.manuscript.chapters[0].blocks[0]
    assert isinstance(as_text, Paragraph) and as_text.verse  # short typed lines are kept as lines
    assert isinstance(as_markdown, Paragraph) and not as_markdown.verse
    assert as_markdown.text == "She liked the house quiet. She wrote this on two lines."


def test_headings_stand_alone_without_blank_lines_around_them() -> None:
    wrapped = WRAPPED.replace("    ", "")
    source = f"    {wrapped}CHAPTER II\n    {wrapped}    {wrapped}"
    book = read_text(source).manuscript
    assert [c.title for c in book.chapters] == [None, "CHAPTER II"]
    assert [len(c.blocks) for c in book.chapters] == [1, 2]


def test_unwrapped_lines_of_mixed_length_are_one_paragraph_each() -> None:
    """No blank lines and no wrap width (some lines run far past the rest): a line per paragraph."""
    lines = [
        "“Where are you going?” she asked, standing up from the table.",
        "“Out.” He reached for his coat and did not look back at her.",
        "She watched him from the window until the street lamps came on, one after another,"
        " all the way down the hill to the harbour where the boats lay.",
        "“Fine,” she said to nobody at all, and went to bed.",
    ] * 5
    reading = read_text("\n".join(lines))
    assert reading.mode == LINE_PER_PARAGRAPH
    assert len(reading.manuscript.chapters[0].blocks) == len(lines)
