"""Book styles: one definition read by both writers; headings split; words for designed pages."""

from __future__ import annotations

import pytest

from bookbinder import styles
from bookbinder.metadata.display import about_rows, copyright_lines, language_name, readable_date
from bookbinder.model import Metadata
from bookbinder.styles.css import stylesheet
from bookbinder.styles.headings import split_heading


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHAPTER I. Of the House in Tallow Lane", ("CHAPTER I", "Of the House in Tallow Lane")),
        ("Part Two: Autumn", ("Part Two", "Autumn")),
        ("Part 1, Confusion", ("Part 1", "Confusion")),
        ("3. The Storm", ("3", "The Storm")),
        ("Chapter 12", ("Chapter 12", None)),
        ("Chapter Twenty-One \u2014 Home", ("Chapter Twenty-One", "Home")),
        ("Prologue", (None, "Prologue")),
        ("I am here", (None, "I am here")),
        ("It was late", (None, "It was late")),
    ],
)
def test_headings_split_into_number_and_title_lines(
    text: str, expected: tuple[str | None, str | None]
) -> None:
    assert split_heading(text) == expected


def test_at_least_three_styles_each_with_its_own_face() -> None:
    assert {"classic", "modern", "romance"} <= set(styles.NAMES)
    assert len({s.text_face for s in styles.STYLES.values()}) == len(styles.STYLES)


@pytest.mark.parametrize("name", styles.NAMES)
def test_ornaments_come_from_the_books_own_face(name: str) -> None:
    from bookbinder.writers.pdf.fonts import FontSet

    style = styles.get(name)
    fonts = FontSet(style.text_face, style.display_face)
    for glyph in (style.scene_break, style.heading.ornament, style.part_ornament):
        for char in glyph:
            assert fonts.has(char), f"{style.text_face} lacks {char!r}"


@pytest.mark.parametrize("name", styles.NAMES)
def test_epub_css_is_generated_from_the_same_definition(name: str) -> None:
    style = styles.get(name)
    css = stylesheet(name)
    assert "p.scene-break {" in css  # the ornament itself is in the markup, from the same style
    assert (".chapter-title + p::first-line" in css) == bool(style.heading.lead_in_words)
    assert f"font-size: {style.heading.title_size:.2f}em" in css
    assert f"text-indent: {style.indent:.2f}em" in css
    assert css.count("{") == css.count("}")  # balanced: a valid sheet
    assert "* * *" not in css and "\\00a0*" not in css  # no second, hand-written ornament


def test_readable_dates_and_language_names() -> None:
    assert readable_date("2023-11-04") == "4 November 2023"
    assert readable_date("2023-11") == "November 2023"
    assert readable_date("2023") == "2023"
    assert language_name("en-GB") == "English"
    assert language_name("fr") == "French"


def test_copyright_lines_have_year_author_rights_and_no_raw_uuid() -> None:
    meta = Metadata(
        "T",
        ("A. Writer",),
        date="2021-05-02",
        rights="CC BY 4.0",
        identifier="urn:uuid:00000000-0000-5000-8000-000000000001",
        series="Saga",
        series_index=2,
    )
    lines = copyright_lines(meta, "Set in EB Garamond.", "This edition: May 2024.")
    assert lines[0] == "Copyright \u00a9 2021 A. Writer"
    assert "CC BY 4.0" in lines and "Part of Saga, Book 2." in lines
    assert not any("urn:uuid" in line for line in lines)
    assert lines[-2:] == ["This edition: May 2024.", "Set in EB Garamond."]


def test_about_rows_read_like_a_page_not_a_dump() -> None:
    meta = Metadata(
        "T",
        language="de",
        date="2020-01-31",
        fandoms=("F",),
        rating="Teen",
        extra=(("words", "1,000"), ("updated", "2020-02-03")),
    )
    rows = dict(about_rows(meta, 1234, 3))
    assert rows["Language"] == "German" and rows["Published"] == "31 January 2020"
    assert rows["Words"] == "1,234" and "Words" in rows and list(rows).count("Words") == 1
    assert rows["Updated"] == "3 February 2020"
