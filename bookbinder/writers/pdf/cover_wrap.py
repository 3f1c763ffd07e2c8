"""The print cover wrap: back, spine and front on one PDF page with bleed, as KDP-style POD asks.

Page: width 0.125 + back + spine + front + 0.125 in, height trim + 0.25 in; spine = pages x
0.002252 in (white paper) or 0.0025 in (cream). Spine text (title, author) only from 79 pages,
kept 0.0625 in clear of each fold. The summary goes on the back, above a clear white 2 x 1.2 in
barcode box 0.25 in from the bottom trim and the spine. Only our embedded TrueType faces are
used (no base-14 font is referenced), and the bytes are reproducible (reportlab ``invariant``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from bookbinder.covers.typeset import choose_font
from bookbinder.errors import UsageError

if TYPE_CHECKING:
    from bookbinder.covers import CoverArt
    from bookbinder.model import Metadata

INCH = 72.0
BLEED = 0.125 * INCH
SPINE_INCHES_PER_PAGE = {"white": 0.002252, "cream": 0.0025}
SPINE_TEXT_MIN_PAGES = 79
SPINE_CLEARANCE = 0.0625 * INCH
BARCODE_SIZE = (2.0 * INCH, 1.2 * INCH)
BARCODE_MARGIN = 0.25 * INCH
SAFE_MARGIN = 0.5 * INCH  # text on the back stays this far inside the trim
ART_DPI = 300


@dataclass(frozen=True, slots=True)
class WrapGeometry:
    """Every rectangle of the wrap in points, as (x, y, width, height) from the bottom left."""

    page: tuple[float, float]
    spine_width: float
    back: tuple[float, float, float, float]  # trim area of the back cover
    spine: tuple[float, float, float, float]
    front_art: tuple[float, float, float, float]  # front trim plus its bleed (top, bottom, outside)
    barcode: tuple[float, float, float, float]


def wrap_geometry(page_count: int, trim: tuple[float, float], paper: str) -> WrapGeometry:
    """The wrap's layout for ``page_count`` interior pages at ``trim`` (points) on ``paper``."""
    if paper not in SPINE_INCHES_PER_PAGE:
        raise UsageError(f"paper {paper!r} not known: use {' or '.join(SPINE_INCHES_PER_PAGE)}")
    if page_count < 1:
        raise ValueError(f"a book needs at least one page, not {page_count}")
    trim_w, trim_h = trim
    spine = page_count * SPINE_INCHES_PER_PAGE[paper] * INCH
    page = (BLEED + trim_w + spine + trim_w + BLEED, trim_h + 2 * BLEED)
    back = (BLEED, BLEED, trim_w, trim_h)
    spine_box = (BLEED + trim_w, BLEED, spine, trim_h)
    front_x = BLEED + trim_w + spine
    barcode_x = BLEED + trim_w - BARCODE_MARGIN - BARCODE_SIZE[0]
    return WrapGeometry(
        page,
        spine,
        back,
        spine_box,
        (front_x, 0.0, trim_w + BLEED, page[1]),
        (barcode_x, BLEED + BARCODE_MARGIN, *BARCODE_SIZE),
    )


def _font_name(text: str, style: str) -> str:
    """Register (once) and name a TrueType face that draws ``text`` in ``style``."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    from bookbinder.fonts import book_font

    for path in (choose_font(text, style), book_font(style)):
        name = f"BookbinderCover-{re.sub(r'[^A-Za-z0-9]+', '', path.stem)}"
        if name in pdfmetrics.getRegisteredFontNames():
            return name
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
            return name
        except TTFError:  # a CFF or collection font reportlab cannot embed: fall back to the book face
            continue
    raise RuntimeError(f"reportlab cannot embed the book face {book_font(style)}")


def _colour(rgb: tuple[int, int, int]) -> Any:
    from reportlab.lib.colors import Color

    return Color(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255)


def _summary_flowables(text: str, ink: tuple[int, int, int], size: float) -> list[Any]:
    """The summary as escaped reportlab paragraphs (one per paragraph of the description)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle(
        "summary",
        fontName=_font_name(text, "regular"),
        fontSize=size,
        leading=size * 1.4,
        textColor=_colour(ink),
        spaceAfter=size * 0.6,
    )
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    # escape() turns & < > into entities: reportlab's Paragraph reads its text as markup.
    return [Paragraph(escape(" ".join(p.split())), style) for p in parts]


def _draw_summary(
    canvas: Any, text: str, box: tuple[float, float, float, float], ink: tuple[int, int, int]
) -> None:
    """Set the summary in ``box`` at the largest size from 14 pt down to 7 pt that fits, else shrink it."""
    from reportlab.platypus import Frame, KeepInFrame

    x, y, w, h = box
    size = 14.0
    while True:
        flowables = _summary_flowables(text, ink, size)
        needed = sum(f.wrap(w, h)[1] + f.getSpaceAfter() for f in flowables)
        if needed <= h or size <= 7.0:
            break
        size -= 0.5
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
    # Still too long at 7 pt: shrink to fit rather than drop a word of the blurb.
    frame.addFromList([KeepInFrame(w, h, flowables, mode="shrink")], canvas)


def _draw_spine(canvas: Any, metadata: Metadata, geometry: WrapGeometry, ink: tuple[int, int, int]) -> None:
    """Title and author along the spine, reading top to bottom, clear of both folds."""
    from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

    x, y, w, h = geometry.spine
    title = metadata.title.strip() or "Untitled"
    author = ", ".join(a for a in metadata.authors if a.strip())
    title_font, author_font = _font_name(title, "bold"), _font_name(author, "regular")
    length = h - 2 * SAFE_MARGIN
    size = 14.0
    ascent, descent = getAscentDescent(title_font, 1.0)
    size = min(size, (w - 2 * SPINE_CLEARANCE) / (ascent - descent))

    def span(s: float) -> float:
        """Length along the spine of title, a gap, and author at size ``s``."""
        gap_and_author = float(stringWidth(author, author_font, s * 0.85)) + s * 2 if author else 0.0
        return float(stringWidth(title, title_font, s)) + gap_and_author

    if span(size) > length:
        size *= length / span(size)
    c = canvas
    c.saveState()
    c.translate(x + w / 2, y + h / 2)
    c.rotate(-90)
    c.setFillColor(_colour(ink))
    baseline = -(ascent + descent) * size / 2  # centre the type across the spine
    start = -span(size) / 2
    c.setFont(title_font, size)
    c.drawString(start, baseline, title)
    if author:
        c.setFont(author_font, size * 0.85)
        c.drawRightString(start + span(size), baseline, author)
    c.restoreState()


def write_cover_wrap(
    art: CoverArt, metadata: Metadata, page_count: int, trim: tuple[float, float], paper: str, target: Path
) -> None:
    """Write the wrap for a book of ``page_count`` pages at ``trim`` (points) on ``paper``."""
    from reportlab import rl_config

    geometry = wrap_geometry(page_count, trim, paper)
    front = art.render(*_art_pixels(geometry))
    # The JPEG goes in as it is (DCT); without ASCII85 around it the file is a fifth smaller.
    # rl_config is global: set for this one document and restored, even on failure.
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        _write(art, metadata, page_count, geometry, front, target)
    finally:
        rl_config.useA85 = saved


def _art_pixels(geometry: WrapGeometry) -> tuple[int, int]:
    """The front art's size in pixels at ART_DPI, bleed included."""
    _, _, width, height = geometry.front_art
    return round(width / INCH * ART_DPI), round(height / INCH * ART_DPI)


def _write(
    art: CoverArt, metadata: Metadata, page_count: int, geometry: WrapGeometry, front: bytes, target: Path
) -> None:
    """Draw background, front art, spine, summary and barcode box on one page and save it."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    background, ink, accent = art.colours()
    page_w, page_h = geometry.page
    canvas = Canvas(
        str(target),
        pagesize=geometry.page,
        invariant=1,
        pageCompression=1,
        initialFontName=_font_name("", "regular"),
        initialFontSize=10,
        trimBox=(BLEED, BLEED, page_w - BLEED, page_h - BLEED),
        bleedBox=(0, 0, page_w, page_h),
    )
    canvas.setFillColor(_colour(background))
    canvas.rect(0, 0, page_w, page_h, stroke=0, fill=1)
    canvas.drawImage(ImageReader(io.BytesIO(front)), *geometry.front_art)
    if page_count >= SPINE_TEXT_MIN_PAGES:
        _draw_spine(canvas, metadata, geometry, ink)
    bx, by, bw, bh = geometry.back
    barcode_top = geometry.barcode[1] + geometry.barcode[3]
    if metadata.description and metadata.description.strip():
        summary_box = (
            bx + SAFE_MARGIN,
            barcode_top + 0.3 * INCH,
            bw - 2 * SAFE_MARGIN,
            by + bh - 2 * SAFE_MARGIN - barcode_top - 0.3 * INCH,
        )
        _draw_summary(canvas, metadata.description.strip(), summary_box, ink)
        canvas.setFillColor(_colour(accent))  # a short rule above the blurb, as on the front
        rule_y = summary_box[1] + summary_box[3] + 0.2 * INCH
        canvas.rect(summary_box[0], rule_y, 0.5 * INCH, 1.5, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(*geometry.barcode, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
