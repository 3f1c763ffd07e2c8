"""Pair kerning and standard ligatures: read from the face, measured as drawn, extracted as letters."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from bookbinder import fonts
from bookbinder import styles as book_styles
from bookbinder.fonts import kerning
from bookbinder.writers.pdf.flowables import set_paragraph
from bookbinder.writers.pdf.fonts import FontSet
from bookbinder.writers.pdf.layout import INCH, geometry, styles
from bookbinder.writers.pdf.shaping import Encoder, Shaper, Shaping, line_operators


@pytest.fixture(scope="module")
def garamond() -> kerning.Kerning:
    return kerning.for_file(str(fonts.embeddable_font("EB Garamond", "regular")))


@pytest.fixture(scope="module")
def font_name() -> str:
    return FontSet("EB Garamond").names()["regular"]


def test_known_pairs_kern_closer(garamond: kerning.Kerning) -> None:
    assert garamond.kerns
    assert garamond.pair("A", "V") < 0
    assert garamond.pair("T", "o") < 0
    assert garamond.pair("o", "o") == 0  # most pairs are not kerned


def test_word_kerning_sums_its_pairs(garamond: kerning.Kerning) -> None:
    total, moves = garamond.word("AVoTo")
    assert moves and all(value for _, value in moves)  # zero pairs are left out
    assert total == pytest.approx(sum(garamond.pair(a, b) for a, b in zip("AVoTo", "VoTo", strict=False)))
    assert dict(moves)[1] == garamond.pair("A", "V")


def test_ligatures_on_letters_where_the_face_has_them(garamond: kerning.Kerning) -> None:
    assert set(garamond.ligatures) >= {"fi", "fl", "ff"}
    drawn = garamond.ligate("official flute")
    assert "\ufb03" in drawn or "\ufb00" in drawn  # "ffi" or "ff" then "i"
    assert "\ufb02" in drawn
    assert kerning.letters(drawn) == "official flute"
    assert unicodedata.normalize("NFKC", drawn) == "official flute"
    assert garamond.ligate("word") == "word"


def test_style_can_turn_both_off(font_name: str) -> None:
    on = Shaper(Shaping())
    off = Shaper(Shaping(kern=False, ligatures=False))
    drawn, moves, _ = off.shape("To fit", font_name)
    assert drawn == "To fit" and moves == ()
    drawn, moves, _ = on.shape("To fit", font_name)
    assert "\ufb01" in drawn and moves
    assert on.width("AVAT", font_name) < off.width("AVAT", font_name)


def _draw(font_name: str, words: list[str], shaper: Shaper, spacing: float = 0.0) -> bytes:
    buffer = io.BytesIO()
    canv = Canvas(buffer, pageCompression=0)
    text = canv.beginText()
    text.setFont(font_name, 20)
    text.setTextOrigin(10, 700)
    text.setWordSpace(spacing)
    encoder = Encoder(canv, shaper)
    last = len(words) - 1
    segments = [s for i, w in enumerate(words) for s in encoder.word(w, font_name, " " if i < last else "")]
    text._code.append(line_operators(text, segments, ["", -1]))
    canv.drawText(text)
    canv.showPage()
    canv.save()
    return buffer.getvalue()


def test_drawn_width_matches_measured_width(font_name: str) -> None:
    pdfminer = pytest.importorskip("pdfminer.high_level")
    layout = pytest.importorskip("pdfminer.layout")
    shaper = Shaper(Shaping())
    words = ["AVATAR", "Today", "office", "WAVY"]
    data = _draw(font_name, words, shaper)
    chars = [
        c
        for page in pdfminer.extract_pages(io.BytesIO(data))
        for box in page
        if isinstance(box, layout.LTTextContainer)
        for line in box
        for c in line
        if isinstance(c, layout.LTChar)
    ]
    drawn = max(c.x1 for c in chars) - min(c.x0 for c in chars)
    measured = (sum(shaper.width(w, font_name) for w in words) + 3 * shaper.width(" ", font_name)) * 20
    assert drawn == pytest.approx(measured, abs=0.05)
    plain = Shaper(Shaping(kern=False, ligatures=False))
    assert measured < (sum(plain.width(w, font_name) for w in words) + 3 * plain.width(" ", font_name)) * 20


def test_ligatures_extract_as_letters_and_are_marked(font_name: str) -> None:
    pdfminer = pytest.importorskip("pdfminer.high_level")
    words = ["office", "fluffy", "fifty", "Toward"]
    data = _draw(font_name, words, Shaper(Shaping()), spacing=3.0)
    assert b"/ActualText (ffi)" in data and b"/ActualText (fl)" in data
    assert data.count(b"BDC") == data.count(b"EMC") > 0
    extracted = (PdfReader(io.BytesIO(data)).pages[0].extract_text(), pdfminer.extract_text(io.BytesIO(data)))
    for text in extracted:
        normal = unicodedata.normalize("NFKC", text)
        assert re.sub(r"\s+", " ", normal).strip() == "office fluffy fifty Toward"
        assert "office" in text and "fifty" in text  # ToUnicode gives the letters: search finds the word


def test_no_lower_case_ligatures_in_a_small_caps_cut() -> None:
    small_caps = kerning.for_file(str(fonts.embeddable_font("EB Garamond", "smallcaps")))
    assert small_caps.ligatures == {}  # its "f" is f.sc: the face's liga joins none of them
    assert small_caps.ligate("office") == "office"


def test_a_style_opts_out_through_the_body_paragraph_style() -> None:
    geo = geometry((6 * INCH, 9 * INCH))
    plain = replace(book_styles.get("classic"), kerning=False, ligatures=False)
    for design, expected in ((book_styles.get("classic"), Shaping()), (plain, Shaping(False, False))):
        body = styles(geo, FontSet("EB Garamond"), "en", design).body
        paragraph = set_paragraph(Paragraph("To find the office", body))
        assert paragraph.source.shaper.shaping == expected
