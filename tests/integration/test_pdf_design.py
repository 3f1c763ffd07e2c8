"""The designed book: styles, openings, profiles, copyright and About pages, new model fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.pdf import build_pdf, hostile_book, letters, para
from pypdf import PdfReader

from bookbinder import words
from bookbinder.model import Chapter, Manuscript, Matter, Metadata, Paragraph, Role, Section, Span, Style


def _fonts(reader: PdfReader) -> set[str]:
    return {
        str(f.get_object()["/BaseFont"])
        for p in reader.pages
        for f in p["/Resources"].get("/Font", {}).values()
    }


def _texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


@pytest.mark.parametrize(
    ("style", "face"), [("classic", "EBGaramond"), ("modern", "SourceSerifPro"), ("romance", "CrimsonPro")]
)
def test_style_option_sets_the_books_face(tmp_path: Path, style: str, face: str) -> None:
    reader = build_pdf(hostile_book(2), tmp_path / "b.pdf", style=style)
    assert any(face in name for name in _fonts(reader))


def test_screen_pdf_has_no_blank_pages(tmp_path: Path) -> None:
    reader = build_pdf(hostile_book(5), tmp_path / "b.pdf")
    blank = [i for i, text in enumerate(_texts(reader)[1:], 2) if not text.strip()]  # page 1: the cover
    assert blank == []


def test_print_has_a_half_title_and_recto_openings_switch_off(tmp_path: Path) -> None:
    book = hostile_book(5)
    texts = _texts(build_pdf(book, tmp_path / "p.pdf", profile="print"))
    assert letters([texts[0]]) == letters([book.metadata.title])  # the half-title: the title alone
    recto = len(texts)
    free = len(_texts(build_pdf(book, tmp_path / "q.pdf", profile="print", recto="no")))
    assert free < recto


def test_copyright_page_reads_like_a_book(tmp_path: Path) -> None:
    book = hostile_book(1)
    texts = _texts(build_pdf(book, tmp_path / "b.pdf"))
    page = next(t for t in texts if "Typeset by bookbinder" in t)
    assert "\u00a9" in page and "R. Vale" in page and "CC BY 4.0" in page and "Set in EB Garamond" in page
    assert "urn:uuid" not in "".join(texts)


def _designed_book() -> Manuscript:
    meta = Metadata(
        "The Long Way",
        ("A. Writer",),
        language="fr",
        date="2022-03-09",
        description="A summary.",
        fandoms=("Some Fandom",),
        rating="General Audiences",
        series="Roads",
        series_index=1,
        source_url="https://example.org/works/1",
    )
    speech = Paragraph((Span("HAMLET", Style.SMALL_CAPS), Span(" To be, or not to be.")), role=Role.SPEECH)
    blocks = (
        Paragraph((Span("It began in the rain, as these things do, with a knock at the door."),)),
        Paragraph((Span("A quoted letter from a friend."),), role=Role.QUOTE),
        Paragraph((Span("Centred words"),), role=Role.CENTERED),
        speech,
        Paragraph((Span("He exits."),), role=Role.STAGE),
        Paragraph((Span("Figure one"),), role=Role.CAPTION),
    )
    chapters = (
        Chapter("CHAPTER I. Of the House", blocks, part="Book One", volume="Volume I"),
        Chapter("CHAPTER II. Of the Road", blocks, part="Book Two", volume="Volume II"),
    )
    front = (
        Section("Dedication", (para("For the road."),), Matter.DEDICATION),
        Section("Preface", (para("Some words first."),), Matter.PREFACE),
    )
    return Manuscript(meta, chapters, front_matter=front)


def test_front_matter_volumes_roles_about_and_series_are_all_set(tmp_path: Path) -> None:
    book = _designed_book()
    reader = build_pdf(book, tmp_path / "b.pdf")
    texts = _texts(reader)
    every = letters(texts)
    for text in words.manuscript_texts(book):  # nothing lost, in the PDF as a whole
        assert letters([text]) in every, text
    title_page = next(t for t in texts if "The Long Way" in t and "Roads" in t)
    assert "A. Writer" in title_page
    about = next(t for t in texts if t.strip().startswith("About this book"))
    assert "French" in about and "9 March 2022" in about and about.count("Words") == 1
    annots = [a.get_object() for p in reader.pages for a in p.get("/Annots", []) or []]
    links = [a["/A"].get("/URI") for a in annots if "/A" in a]
    assert "https://example.org/works/1" in links
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Volume I" in outline and "Volume II" in outline


def test_small_caps_speaker_and_lead_in_extract_as_written(tmp_path: Path) -> None:
    reader = build_pdf(_designed_book(), tmp_path / "b.pdf")
    text = "".join(_texts(reader))
    assert "HAMLET" in text and "It began in the rain" in text  # small capitals, not upper-cased text


@pytest.mark.parametrize("style", ["modern", "romance"])
def test_every_word_in_order_in_every_style(tmp_path: Path, style: str) -> None:
    from helpers.pdf import body_lines, expected_texts

    book = hostile_book(3)
    reader = build_pdf(book, tmp_path / "b.pdf", style=style)
    assert letters(body_lines(reader)) == letters(expected_texts(book))


def test_romance_sets_a_drop_cap_in_the_display_face(tmp_path: Path) -> None:
    reader = build_pdf(hostile_book(1), tmp_path / "b.pdf", style="romance")
    sizes: list[tuple[float, str]] = []

    def keep(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.append((size * tm[0], text.strip()))

    opening = reader.pages[reader.page_labels.index("2")]  # page 1 is the part's page
    opening.extract_text(visitor_text=keep)
    assert max(sizes) == (max(sizes)[0], "S")  # "She walked...": the initial is the largest text
    assert max(sizes)[0] > 2.5 * 11.5 * 0.9  # about three body sizes tall
