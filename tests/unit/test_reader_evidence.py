"""Headings from evidence across the whole book, one kind of evidence per test, on small
manuscripts written here; and plausible lines that must stay text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bookbinder.cli import app
from bookbinder.model import Matter, Paragraph, Role, Span, Style
from bookbinder.readers import ReadContext
from bookbinder.readers.text import TextReader, read_text
from bookbinder.readers.text.numbering import number_value

PROSE = "It was a long day, and the evening that followed it was longer still for all of them."


def book(*headings: str, prose: str = PROSE, before: str = "") -> str:
    """Headings each followed by two paragraphs, set apart by blank lines."""
    parts = [before] if before else []
    for heading in headings:
        parts.extend([heading, prose, prose])
    return "\n\n".join(parts) + "\n"


def titles(source: str, **options: str) -> list[str | None]:
    reading = TextReader().read(source.encode(), Path("story.txt"), ReadContext(options=options))
    return [c.title for c in reading.manuscript.chapters]


def gutenberg(body: str) -> str:
    return (
        "The Project Gutenberg eBook of A Test\n\nTitle: A Test\n\nAuthor: Jane Doe\n\n"
        "*** START OF THE PROJECT GUTENBERG EBOOK A TEST ***\n\n"
        f"{body}\n\n*** END OF THE PROJECT GUTENBERG EBOOK A TEST ***\n\nThe licence.\n"
    )


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("XIV", 14),
        ("xiv", 14),
        ("12", 12),
        ("Twenty-One", 21),
        ("twelfth", 12),
        ("Erstes", 1),
        ("Sechsunddreißigstes", 36),
        ("ΙΑ'", 11),
        ("ΣΤ'", 6),
        ("Première", 1),
        ("mix", None),
        ("Α", None),
        ("Smith", None),
        ("¹", None),
    ],
)
def test_numerals_books_use(token: str, value: int | None) -> None:
    assert number_value(token) == value


def test_a_heading_word_in_any_language_with_advancing_ordinals() -> None:
    source = book("Erstes Kapitel", "Zweites Kapitel", "Drittes Kapitel", "Viertes Kapitel")
    assert titles(source) == ["Erstes Kapitel", "Zweites Kapitel", "Drittes Kapitel", "Viertes Kapitel"]


def test_greek_alphabetic_numerals_and_a_misprinted_heading_word() -> None:
    source = book("ΚΕΦΑΛΑΙΟΝ Α'.", "ΚΕΦΑΛΑΙΟΝ Β'.", "ΚΕΦΑΛΑΙΩΝ Γ'.", "ΚΕΦΑΛΑΙΟΝ Δ'.")
    assert len(titles(source)) == 4


def outline(*lines: str) -> str:
    """Heading lines; a line after ``>`` is followed by prose, others directly by the next."""
    out = []
    for line in lines:
        heading = line.lstrip(">")
        out.append(heading)
        if line.startswith(">"):
            out.extend([PROSE, PROSE])
    return "\n\n".join(out) + "\n"


def test_bracketed_numbers_under_dashed_roman_parts() -> None:
    source = outline("— I —", ">[ 1 ]", ">[ 2 ]", "— II —", ">[ 3 ]", ">[ 4 ]", "— III —", ">[ 5 ]")
    chapters = read_text(source).manuscript.chapters
    assert [c.title for c in chapters] == ["[ 1 ]", "[ 2 ]", "[ 3 ]", "[ 4 ]", "[ 5 ]"]
    assert [c.part for c in chapters] == ["— I —", "— I —", "— II —", "— II —", "— III —"]


def test_numbered_titles_without_a_heading_word() -> None:
    source = book("I. HISTORY.", "II. SELF-RELIANCE.", "III. COMPENSATION.")
    assert titles(source) == ["I. HISTORY.", "II. SELF-RELIANCE.", "III. COMPENSATION."]


def test_volumes_above_books_above_chapters() -> None:
    source = outline(
        "VOLUME I.",
        "BOOK FIRST",
        ">CHAPTER I",
        ">CHAPTER II",
        "BOOK SECOND",
        ">CHAPTER I",
        "VOLUME II.",
        "BOOK FIRST",
        ">CHAPTER I",
    )
    chapters = read_text(source).manuscript.chapters
    assert [(c.volume, c.part, c.title) for c in chapters] == [
        ("VOLUME I.", "BOOK FIRST", "CHAPTER I"),
        ("VOLUME I.", "BOOK FIRST", "CHAPTER II"),
        ("VOLUME I.", "BOOK SECOND", "CHAPTER I"),
        ("VOLUME II.", "BOOK FIRST", "CHAPTER I"),
    ]


def test_a_contents_list_names_titled_stories_and_stays_evidence() -> None:
    contents = "CONTENTS\n\nThe Happy Prince   1\nThe Selfish Giant   9\nThe Rocket   17"
    source = book("The Happy Prince.", "The Selfish Giant.", "The Rocket.", before=contents)
    reading = read_text(source)
    assert [c.title for c in reading.manuscript.chapters] == [
        "The Happy Prince.",
        "The Selfish Giant.",
        "The Rocket.",
    ]
    assert reading.manuscript.source_contents[0] == "CONTENTS"
    assert not any("CONTENTS" in s.title for s in reading.manuscript.back_matter)


def test_a_contents_list_of_chapters_ends_where_its_first_entry_comes_round() -> None:
    contents = "CONTENTS\n\nCHAPTER I. Tom Plays\nCHAPTER II. Tom Works\nCHAPTER III. Tom Rests"
    source = book("CHAPTER I", "CHAPTER II", "CHAPTER III", before=contents)
    assert titles(source) == ["CHAPTER I", "CHAPTER II", "CHAPTER III"]


def test_dated_letters_that_run_forward_in_time() -> None:
    dates = ("MAY 4.", "MAY 10.", "JUNE 2.", "JUNE 19.", "JULY 1.", "AUGUST 8.")
    assert titles(book(*dates)) == list(dates)


def test_titles_in_capitals_set_apart_in_a_book_without_chapter_headings() -> None:
    gap = "\n\n\n\n"
    source = gap + gap.join(f"{name}\n\n{PROSE}\n{PROSE}" for name in ("THE RIVER", "OM", "THE FERRYMAN"))
    assert titles(source) == ["THE RIVER", "OM", "THE FERRYMAN"]


def test_a_two_line_heading_joins_its_title_line() -> None:
    source = book("III\n\nA denuncia.", "IV\n\nUm dever.", "V\n\nO irmão.")
    assert titles(source) == ["III: A denuncia.", "IV: Um dever.", "V: O irmão."]


def test_prefaces_are_front_matter_in_reading_order() -> None:
    body = "DEDICATION\n\nTo my friend.\n\nPREFACE\n\n" + PROSE + "\n\n" + book("CHAPTER I", "CHAPTER II")
    reading = read_text(gutenberg(body))
    front = reading.manuscript.front_matter
    assert [(s.title, s.kind) for s in front] == [
        ("DEDICATION", Matter.DEDICATION),
        ("PREFACE", Matter.PREFACE),
    ]
    assert [c.title for c in reading.manuscript.chapters] == ["CHAPTER I", "CHAPTER II"]


def test_the_user_pattern_decides_the_chapters() -> None:
    source = book("~ One ~", "~ Two ~", "~ Three ~")
    assert titles(source, chapter_pattern=r"~ \w+ ~") == ["~ One ~", "~ Two ~", "~ Three ~"]


# --- lines that look like headings and are not ------------------------------------------------


def test_a_line_of_dialogue_in_capitals_is_text() -> None:
    source = book("CHAPTER I", "CHAPTER II") + "\n\nSTOP THAT AT ONCE!\n\n" + PROSE + "\n"
    reading = read_text(source)
    assert [c.title for c in reading.manuscript.chapters] == ["CHAPTER I", "CHAPTER II"]
    assert any(
        isinstance(b, Paragraph) and b.text == "STOP THAT AT ONCE!"
        for b in reading.manuscript.chapters[-1].blocks
    )


def test_short_lines_of_a_poem_are_text() -> None:
    poem = (
        "One road diverged\nin a yellow wood,\n\nTwo roads diverged\nand I took one,\n\nThree roads\nno more."
    )
    source = book("CHAPTER I", "CHAPTER II") + "\n\n" + poem + "\n"
    assert titles(source) == ["CHAPTER I", "CHAPTER II"]


def test_a_date_line_in_a_letter_is_text() -> None:
    letter = "June 3rd.\n\nDear Anne, the weather has turned and we are all well here."
    source = book("CHAPTER I", "CHAPTER II", before="") + "\n\n" + letter + "\n"
    assert titles(source) == ["CHAPTER I", "CHAPTER II"]


def test_speakers_in_a_play_are_not_a_numbered_series() -> None:
    speeches = "\n\n".join(
        f"{who} WITCH.\n\nWhen shall we three meet again?" for who in ["FIRST", "SECOND", "THIRD"] * 3
    )
    source = book("SCENE I.", "SCENE II.", "SCENE III.") + "\n\n" + speeches + "\n"
    assert titles(source) == ["SCENE I.", "SCENE II.", "SCENE III."]


def test_numbered_one_line_paragraphs_are_not_headings() -> None:
    source = "\n\n".join(f"Paragraph {n}." for n in range(1, 7)) + "\n"
    assert titles(source) == [None]


def test_inspect_why_shows_evidence_and_rejections(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(book("Erstes Kapitel", "Zweites Kapitel", "Drittes Kapitel", "Scene 7"), encoding="utf-8")
    result = CliRunner().invoke(app, ["inspect", "--why", str(path)])
    assert result.exit_code == 0, result.output
    assert "'Erstes Kapitel': chapter, one of a series" in result.output
    assert "'Scene 7'" in result.output.split("Rejected")[1] or "Scene 7" in result.output


def test_a_bad_chapter_pattern_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(PROSE, encoding="utf-8")
    result = CliRunner().invoke(app, ["inspect", "--chapter-pattern", "(", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- roles and edges ------------------------------------------------------------------------------


def blocks(source: str) -> list[Paragraph]:
    chapters = read_text(source).manuscript.chapters
    return [b for c in chapters for b in c.blocks if isinstance(b, Paragraph)]


def test_illustration_markers_are_captions() -> None:
    source = book("CHAPTER I", "CHAPTER II") + "\n\n[Illustration: THE SHIP\nAT SEA]\n\n" + PROSE + "\n"
    captions = [b for b in blocks(source) if b.role is Role.CAPTION]
    assert [" ".join(b.text.split()) for b in captions] == ["[Illustration: THE SHIP AT SEA]"]


def test_the_end_closes_the_book_centred() -> None:
    source = book("CHAPTER I", "CHAPTER II") + "\n\nTHE END\n"
    last = blocks(source)[-1]
    assert last.text == "THE END" and last.role is Role.CENTERED


def test_the_end_inside_the_story_is_text() -> None:
    source = book("CHAPTER I") + "\n\nThe end.\n\n" + book("CHAPTER II")
    assert all(b.role is Role.BODY for b in blocks(source))


def test_a_play_has_speeches_led_by_the_speaker_and_stage_directions() -> None:
    scene = (
        "[Enter two Witches.]\n\nFIRST WITCH.\nWhen shall we meet again?"
        "\n\nSECOND WITCH.\nWhen the battle's done."
    )
    source = "\n\n".join(f"SCENE {n}.\n\n{scene}" for n in ("I", "II", "III")) + "\n"
    paragraphs = blocks(source)
    assert [b.role for b in paragraphs[:3]] == [Role.STAGE, Role.SPEECH, Role.SPEECH]
    speech = paragraphs[1]
    assert speech.spans[0] == Span("FIRST WITCH.", Style.SMALL_CAPS)
    assert speech.text.endswith("When shall we meet again?")


def test_capitals_in_a_novel_are_not_speakers() -> None:
    source = book("CHAPTER I", "CHAPTER II") + "\n\nMR. SMITH.\nHe was at the door.\n"
    assert all(b.role is Role.BODY for b in blocks(source))


@pytest.mark.parametrize("rule", ["=" * 72, "~" * 50, "X" * 60])
def test_separator_lines_of_any_length_are_scene_breaks(rule: str) -> None:
    source = f"CHAPTER I\n\n{PROSE}\n\n{rule}\n\n{PROSE}\n"
    chapter = read_text(source).manuscript.chapters[0]
    assert [type(b).__name__ for b in chapter.blocks] == ["Paragraph", "SceneBreak", "Paragraph"]


def test_an_old_header_line_names_title_and_author_and_edition_suffixes_go() -> None:
    from bookbinder.readers.text.gutenberg import header_layer

    layer = header_layer(
        ("The Project Gutenberg Etext of Wuthering Heights by Emily Bronte", "#2 in a series")
    )
    assert layer is not None
    assert layer.values["title"] == "Wuthering Heights" and layer.values["authors"] == "Emily Bronte"
    complete = header_layer(("Title: The Adventures of Tom, Complete", "Author: Mark Twain"))
    assert complete is not None and complete.values["title"] == "The Adventures of Tom"
    volumes = header_layer(("Title: Dangerous Connections, v. 1, 2, 3, 4",))
    assert volumes is not None and volumes.values["title"] == "Dangerous Connections"


def test_a_sidecar_key_sets_the_chapter_pattern(tmp_path: Path) -> None:
    from bookbinder import api

    path = tmp_path / "story.txt"
    path.write_text(book("~ One ~", "~ Two ~", "~ Three ~"), encoding="utf-8")
    (tmp_path / "story.toml").write_text('chapter_pattern = "~ \\\\w+ ~"\n', encoding="utf-8")
    reading = api.read(path)
    assert [c.title for c in reading.manuscript.chapters] == ["~ One ~", "~ Two ~", "~ Three ~"]
    assert "chapter_pattern" not in reading.manuscript.metadata.extra
