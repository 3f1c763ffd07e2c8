"""Page geometry and paragraph styles for the PDF: margins that scale with the trim, the KDP
gutter table, type size, and the styles every flowable uses."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from bookbinder.styles import Style as BookStyle
from bookbinder.writers.pdf.fonts import FontSet
from bookbinder.writers.pdf.hyphenation import hyphenator

INCH = 72.0
REFERENCE = (6 * INCH, 9 * INCH)  # the trim the design numbers below are drawn for
MIN_MARGIN = 0.5 * INCH  # outside, top and bottom for print-on-demand (IngramSpark's safe area)

# KDP paperback inside margin by page count: (up to N pages, gutter in inches).
KDP_GUTTERS: tuple[tuple[int, float], ...] = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75))
KDP_GUTTER_MAX = 0.875
KDP_PAGES = (24, 828)  # fewest and most pages KDP prints as a paperback


def kdp_gutter(pages: int) -> float:
    """Minimum inside margin (points) KDP asks for a book of ``pages`` pages."""
    for limit, inches in KDP_GUTTERS:
        if pages <= limit:
            return inches * INCH
    return KDP_GUTTER_MAX * INCH


@dataclass(frozen=True, slots=True)
class Geometry:
    """Where things go on a page, in points. Recto pages have the gutter on the left."""

    width: float
    height: float
    inside: float
    outside: float
    top: float
    bottom: float
    head_from_top: float  # baseline of the running head, measured down from the top edge
    folio_from_bottom: float  # baseline of the page number, measured up from the bottom edge
    size: float  # body type size
    leading: float

    @property
    def text_width(self) -> float:
        """Width of the text block."""
        return self.width - self.inside - self.outside

    @property
    def text_height(self) -> float:
        """Height of the text block."""
        return self.height - self.top - self.bottom

    def left(self, recto: bool) -> float:
        """x of the text block's left edge on a recto or verso page."""
        return self.inside if recto else self.outside


def geometry(trim: tuple[float, float], min_gutter: float = 0.0) -> Geometry:
    """Margins and type for ``trim``, with the inside margin at least ``min_gutter``.

    Design numbers are for 6x9in (inside 0.875in, outside 0.625in, top 0.9in, bottom 0.85in,
    10.5pt on 14pt) and scale with the trim; the type grows gently (square root) and the measure
    is capped at 33 ems, so A4 gets wide margins instead of 110-character lines.
    """
    width, height = trim
    sx, sy = width / REFERENCE[0], height / REFERENCE[1]
    size = round(min(12.0, max(9.5, 10.5 * (sx * sy) ** 0.25)), 1)
    leading = round(size * 4 / 3, 1)
    inside = max(0.875 * INCH * sx, min_gutter)
    outside = max(0.625 * INCH * sx, MIN_MARGIN)
    extra = (width - inside - outside) - 33 * size
    if extra > 0:  # too long a line: widen both margins, keeping their proportion
        share = inside / (inside + outside)
        inside, outside = inside + extra * share, outside + extra * (1 - share)
    head = max(0.55 * INCH * sy, MIN_MARGIN + size)
    folio = max(0.5 * INCH * sy, MIN_MARGIN)
    top = max(0.9 * INCH * sy, head + 2 * leading)
    bottom = max(0.85 * INCH * sy, folio + 1.5 * leading)
    return Geometry(width, height, inside, outside, top, bottom, head, folio, size, leading)


def styled(geo: Geometry, style: BookStyle, *, screen: bool) -> Geometry:
    """``geo`` with the style's type size and leading; a screen page has symmetric margins."""
    scale = geo.size / 10.5  # geometry() scales the 10.5 pt reference with the trim
    size = round(style.size * scale, 1)
    inside, outside = geo.inside, geo.outside
    if screen:  # no binding: the text block sits in the middle
        inside = outside = (geo.inside + geo.outside) / 2
    return replace(geo, size=size, leading=round(size * style.leading, 1), inside=inside, outside=outside)


@dataclass(frozen=True, slots=True)
class Styles:
    """Every paragraph style the book uses."""

    body: ParagraphStyle  # indented first line
    first: ParagraphStyle  # after a heading or a scene break: flush
    note: ParagraphStyle  # author's notes: smaller, indented both sides
    note_label: ParagraphStyle  # "Author's note", small capitals
    verse: ParagraphStyle
    quote: ParagraphStyle  # Role.QUOTE: indented both sides
    centered: ParagraphStyle  # Role.CENTERED
    speech: ParagraphStyle  # Role.SPEECH: hanging speaker
    stage: ParagraphStyle  # Role.STAGE: italic, indented
    caption: ParagraphStyle  # Role.CAPTION: small, centred
    ornament: ParagraphStyle
    chapter_number: ParagraphStyle  # "CHAPTER I", letter-spaced small capitals
    chapter: ParagraphStyle  # the chapter's title line
    part_number: ParagraphStyle
    part: ParagraphStyle
    volume: ParagraphStyle
    section: ParagraphStyle  # front and back matter titles
    title: ParagraphStyle
    subtitle: ParagraphStyle
    author: ParagraphStyle
    series: ParagraphStyle
    half_title: ParagraphStyle
    small: ParagraphStyle  # copyright page
    about_label: ParagraphStyle  # About page: field names
    about_value: ParagraphStyle
    toc_heading: ParagraphStyle
    toc_entry: ParagraphStyle
    toc_part: ParagraphStyle
    head: ParagraphStyle  # running heads and folios


def styles(geo: Geometry, fonts: FontSet, language: str, design: BookStyle) -> Styles:
    """The book's styles for ``geo`` in the ``design`` style, set in ``fonts``' faces."""
    size, leading = geo.size, geo.leading
    text, display = fonts.names(), fonts.names(display=True)
    regular, italic = text["regular"], text["italic"]
    smallcaps = fonts.small_caps_name()
    heading = design.heading
    align = TA_CENTER if heading.align == "center" else TA_LEFT
    hyphenate = hyphenator(language) or ""
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=size,
        leading=leading,
        alignment=TA_JUSTIFY,
        firstLineIndent=design.indent * size,
        allowWidows=0,  # R11: reportlab allows widows unless told
        allowOrphans=0,
        hyphenationLang=hyphenate,
        embeddedHyphenation=1,  # break after hyphens already in the text
        hyphenationMinWordLength=5,
        splitLongWords=1,
        kerning=design.kerning,  # read by flowables.set_paragraph; inherited by child styles
        ligatures=design.ligatures,
    )
    first = ParagraphStyle("first", parent=body, firstLineIndent=0)
    note = ParagraphStyle(
        "note",
        parent=body,
        fontSize=size * 0.9,
        leading=leading * 0.9,
        leftIndent=1.5 * size,
        rightIndent=1.5 * size,
        firstLineIndent=0,
        spaceBefore=leading * 0.25,
        spaceAfter=leading * 0.25,
    )
    verse = ParagraphStyle(
        "verse",
        parent=body,
        alignment=TA_LEFT,
        firstLineIndent=0,
        leftIndent=2 * size,
        spaceBefore=leading * 0.5,
        spaceAfter=leading * 0.5,
        hyphenationLang="",
    )
    centred = ParagraphStyle(
        "centred", parent=body, alignment=TA_CENTER, firstLineIndent=0, hyphenationLang=""
    )
    shown = ParagraphStyle("shown", parent=centred, alignment=align, fontName=display["regular"])
    title_face = display["italic"] if heading.title_italic else display["regular"]
    return Styles(
        body=body,
        first=first,
        note=note,
        note_label=ParagraphStyle(
            "note_label",
            parent=note,
            fontName=smallcaps,
            spaceBefore=leading * 0.6,
            spaceAfter=0,
            keepWithNext=1,
            alignment=TA_LEFT,
        ),
        verse=verse,
        quote=ParagraphStyle(
            "quote",
            parent=first,
            leftIndent=2 * size,
            rightIndent=2 * size,
            fontSize=size * 0.95,
            spaceBefore=leading * 0.5,
            spaceAfter=leading * 0.5,
        ),
        centered=ParagraphStyle(
            "centered", parent=centred, spaceBefore=leading * 0.3, spaceAfter=leading * 0.3
        ),
        speech=ParagraphStyle("speech", parent=first, leftIndent=1.5 * size, firstLineIndent=-1.5 * size),
        stage=ParagraphStyle(
            "stage",
            parent=first,
            fontName=italic,
            leftIndent=3 * size,
            alignment=TA_LEFT,
            spaceBefore=leading * 0.2,
            spaceAfter=leading * 0.2,
        ),
        caption=ParagraphStyle(
            "caption", parent=centred, fontSize=size * 0.85, leading=size * 1.15, spaceAfter=leading * 0.5
        ),
        ornament=ParagraphStyle(
            "ornament",
            parent=centred,
            fontSize=size * 1.2,
            leading=leading,
            spaceBefore=leading * 0.5,
            spaceAfter=leading * 0.5,
            keepWithNext=1,
        ),
        chapter_number=ParagraphStyle(
            "chapter_number",
            parent=shown,
            fontName=smallcaps if heading.number_smallcaps else display["regular"],
            fontSize=size * heading.number_size * (1.15 if heading.number_smallcaps else 1),
            leading=size * 1.6,
            spaceAfter=leading * 0.5,
            keepWithNext=1,
        ),
        chapter=ParagraphStyle(
            "chapter",
            parent=shown,
            fontName=title_face,
            fontSize=size * heading.title_size,
            leading=size * heading.title_size * 1.2,
            spaceAfter=leading * (0.6 if heading.ornament or heading.rule else 2.0),
            keepWithNext=1,
        ),
        part_number=ParagraphStyle(
            "part_number",
            parent=centred,
            fontName=smallcaps,
            fontSize=size * 1.3,
            leading=size * 1.8,
            spaceAfter=leading,
            keepWithNext=1,
        ),
        part=ParagraphStyle(
            "part",
            parent=centred,
            fontName=title_face,
            fontSize=size * 2.1,
            leading=size * 2.6,
            keepWithNext=1,
        ),
        volume=ParagraphStyle(
            "volume",
            parent=centred,
            fontName=display["regular"],
            fontSize=size * 2.5,
            leading=size * 3.0,
            keepWithNext=1,
        ),
        section=ParagraphStyle(
            "section",
            parent=shown,
            fontName=title_face,
            fontSize=size * 1.5,
            leading=size * 1.9,
            spaceAfter=leading * 2,
            keepWithNext=1,
        ),
        title=ParagraphStyle(
            "title",
            parent=centred,
            fontName=display["regular"],
            fontSize=size * 2.6,
            leading=size * 3.1,
            spaceAfter=leading,
        ),
        subtitle=ParagraphStyle(
            "subtitle",
            parent=centred,
            fontName=display["italic"],
            fontSize=size * 1.4,
            leading=size * 1.8,
            spaceAfter=leading,
        ),
        author=ParagraphStyle(
            "author",
            parent=centred,
            fontName=smallcaps,
            fontSize=size * 1.5,
            leading=size * 1.9,
            spaceBefore=leading * 2,
        ),
        series=ParagraphStyle(
            "series",
            parent=centred,
            fontName=display["italic"],
            fontSize=size * 1.05,
            leading=size * 1.4,
            spaceBefore=leading * 0.5,
        ),
        half_title=ParagraphStyle(
            "half_title", parent=centred, fontName=smallcaps, fontSize=size * 1.4, leading=size * 1.8
        ),
        small=ParagraphStyle(
            "small",
            parent=body,
            alignment=TA_LEFT,
            firstLineIndent=0,
            fontSize=size * 0.85,
            leading=size * 1.2,
            spaceAfter=leading * 0.45,
            hyphenationLang="",
        ),
        about_label=ParagraphStyle(
            "about_label",
            parent=first,
            fontName=smallcaps,
            alignment=TA_LEFT,
            fontSize=size * 0.95,
            hyphenationLang="",
        ),
        about_value=ParagraphStyle(
            "about_value",
            parent=first,
            alignment=TA_LEFT,
            hyphenationLang="",
        ),
        toc_heading=ParagraphStyle(
            "toc_heading",
            parent=centred,
            fontName=title_face,
            fontSize=size * 1.7,
            leading=size * 2.1,
            spaceAfter=leading * 1.5,
        ),
        toc_entry=ParagraphStyle(
            "toc_entry",
            parent=body,
            alignment=TA_LEFT,
            firstLineIndent=0,
            hyphenationLang="",
            spaceAfter=leading * 0.15,
        ),
        toc_part=ParagraphStyle(
            "toc_part",
            parent=body,
            alignment=TA_LEFT,
            firstLineIndent=0,
            fontName=smallcaps,
            hyphenationLang="",
            spaceBefore=leading * 0.5,
            spaceAfter=leading * 0.25,
        ),
        head=ParagraphStyle("head", parent=centred, fontName=italic, fontSize=size * 0.85, leading=size),
    )
