"""Bold, italic and bold italic are drawn with their own cuts of the face, in every style.

Four anagrams (the same letters) are set plain, italic, bold and bold italic; the PDF is read back
and each word's font is looked at: its own BaseFont, the weight and slant its descriptor declares,
and its advance widths (a bold cut's letters are wider than the regular's).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers.pdf import PROSE, build_pdf, para
from reportlab.pdfbase import pdfmetrics

from bookbinder import fonts
from bookbinder.fonts.families import STYLES
from bookbinder.model import Chapter, Manuscript, Metadata, Paragraph, Span, Style
from bookbinder.writers.pdf.fonts import FontSet

WORDS = {  # anagrams: the same letters in every style, so their widths compare
    "regular": ("stone", Style.PLAIN),
    "italic": ("notes", Style.EMPHASIS),
    "bold": ("onset", Style.STRONG),
    "bolditalic": ("tones", Style.EMPHASIS | Style.STRONG),
}


def _book() -> Manuscript:
    spans: list[Span] = []
    for word, style in WORDS.values():
        spans += [Span(word, style), Span(" and ")]
    blocks = (para(PROSE), Paragraph(tuple(spans[:-1])), para(PROSE))  # no lead-in or drop cap on ours
    meta = Metadata(title="Faces", authors=("A. Writer",), language="en", identifier="urn:uuid:faces")
    return Manuscript(meta, (Chapter("One", blocks),))


def _drawn_with(reader: Any) -> dict[str, Any]:
    """Each of WORDS -> the font dictionary it is drawn with."""
    found: dict[str, Any] = {}

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        for word, _style in WORDS.values():
            if font is not None and re.search(rf"\b{word}\b", text):
                found.setdefault(word, font)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return found


def _width(word: str, font: Any) -> float:
    """``word``'s advance in ``font`` (1/1000 em), from its ToUnicode map and Widths array."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    codes = {chr(int(u, 16)): int(c, 16) for c, u in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)}
    widths, first = font["/Widths"], int(font["/FirstChar"])
    return sum(float(widths[codes[char] - first]) for char in word)


@pytest.mark.parametrize("style", ["classic", "modern", "romance"])
def test_bold_and_italic_are_drawn_in_their_own_cuts(tmp_path: Path, style: str) -> None:
    drawn = _drawn_with(build_pdf(_book(), tmp_path / "b.pdf", style=style))
    fonts_of = {kind: drawn[word] for kind, (word, _style) in WORDS.items()}
    base = {kind: str(font["/BaseFont"]).split("+")[-1] for kind, font in fonts_of.items()}
    assert len(set(base.values())) == 4, base
    descriptor = {kind: font["/FontDescriptor"].get_object() for kind, font in fonts_of.items()}
    stem = {kind: float(d["/StemV"]) for kind, d in descriptor.items()}  # reportlab: from usWeightClass
    slant = {kind: float(d["/ItalicAngle"]) for kind, d in descriptor.items()}
    assert stem["bold"] > stem["regular"] and stem["bolditalic"] > stem["italic"], (base, stem)
    assert slant["regular"] == slant["bold"] == 0 != slant["italic"] and slant["bolditalic"] != 0, slant
    width = {kind: _width(word, fonts_of[kind]) for kind, (word, _style) in WORDS.items()}
    assert width["bold"] > width["regular"] and width["bolditalic"] > width["italic"], width


@pytest.mark.parametrize("family", ["EB Garamond", "Crimson Pro", "Cormorant Garamond", "Source Serif Pro"])
def test_each_style_is_registered_with_its_own_file(family: str) -> None:
    names = FontSet(family).names()
    drawn = {style: pdfmetrics.getFont(names[style]).face.filename for style in STYLES}
    assert drawn == {style: str(fonts.embeddable_font(family, style)) for style in STYLES}
    assert len(set(drawn.values())) == len(STYLES)


def test_a_second_file_with_a_registered_postscript_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reportlab would silently draw it with the first file's font: registering it fails instead."""
    from bookbinder.writers.pdf import fonts as pdf_fonts

    FontSet("Source Serif Pro")  # registers the regular face
    monkeypatch.setenv("BOOKBINDER_FONT_CACHE", str(tmp_path / "cache"))  # the twin's parse: not kept
    twin = tmp_path / "twin.ttf"
    twin.write_bytes(fonts.embeddable_font("Source Serif Pro").read_bytes())
    with pytest.raises(RuntimeError, match="PostScript name"):
        pdf_fonts._register("twin-regular", twin)
