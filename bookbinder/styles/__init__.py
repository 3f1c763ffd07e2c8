"""Book styles: one definition per design, read by both the PDF writer and the EPUB stylesheet.

A style names its faces, sizes, heading design, ornaments, scene-break glyph and the labels a
reader sees. The PDF writer sets type from it (writers/pdf/layout.py, story.py) and the EPUB's CSS
is generated from it (bookbinder.styles.css), so a design decision is written once. The
scene-break and opening ornaments come from the book's own text face (a test checks every style's
face draws them), never from a fallback font.

``--style NAME`` (``-O style=NAME``) chooses one; ``classic`` is the default.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Labels:
    """Words the book shows that are not the author's (English; a style may change them)."""

    contents: str = "Contents"
    chapter: str = "Chapter"
    author_note: str = "Author\u2019s note"
    about: str = "About this book"
    copyright_set_in: str = "Set in"


@dataclass(frozen=True, slots=True)
class Heading:
    """How a chapter opening is set."""

    align: str = "center"  # center | left
    number_size: float = 0.95  # in body sizes: "Chapter I", the number line
    number_smallcaps: bool = True  # the number line in the face's small capitals, letter-spaced
    title_size: float = 1.7  # the title line
    title_italic: bool = False
    sink: float = 0.22  # the opening starts this far down the text block
    rule: bool = False  # a thin rule between the heading and the text
    ornament: str = ""  # drawn under the title (from the text face), "" for none
    lead_in_words: int = 4  # first words of a chapter in small capitals (0: none)
    drop_cap: bool = False  # the chapter's first letter two lines deep, in the display face


@dataclass(frozen=True, slots=True)
class Style:
    """One book design."""

    name: str
    description: str
    text_face: str  # a family in bookbinder.fonts.families
    display_face: str  # titles, headings, part pages
    size: float  # body size in points on a 6x9in page (scaled gently for other trims)
    leading: float  # line height / size
    indent: float  # first-line indent in ems
    scene_break: str  # the glyph (or glyphs) of a scene break, from the text face
    heading: Heading = field(default_factory=Heading)
    labels: Labels = field(default_factory=Labels)
    part_ornament: str = ""  # under a part or volume title
    kerning: bool = True  # the face's pair kerning in the PDF body text
    ligatures: bool = True  # standard ligatures (ff, fi, fl, ffi, ffl) where the face has them


CLASSIC = Style(
    name="classic",
    description="EB Garamond, centred openings with a small-caps number and a fleuron.",
    text_face="EB Garamond",
    display_face="EB Garamond",
    size=11.0,
    leading=1.3,
    indent=1.2,
    scene_break="\u2766",  # ❦ floral heart
    heading=Heading(
        number_size=0.95, title_size=1.75, title_italic=False, ornament="\u2767", lead_in_words=4
    ),
    part_ornament="\u2766",
)

MODERN = Style(
    name="modern",
    description="Source Serif, left-aligned openings under a rule, a diamond between scenes.",
    text_face="Source Serif Pro",
    display_face="Source Serif Pro",
    size=10.5,
    leading=1.38,
    indent=1.5,
    scene_break="\u25c6",  # ◆ black diamond
    heading=Heading(
        align="left",
        number_size=0.9,
        number_smallcaps=True,
        title_size=1.6,
        sink=0.12,
        rule=True,
        lead_in_words=0,
    ),
)

ROMANCE = Style(
    name="romance",
    description="Crimson Pro text, Cormorant Garamond italic titles and drop cap, hederae.",
    text_face="Crimson Pro",
    display_face="Cormorant Garamond",
    size=11.5,
    leading=1.33,
    indent=1.3,
    scene_break="\u2767",  # ❧ rotated floral heart bullet (hedera)
    heading=Heading(
        number_size=1.0,
        title_size=2.1,
        title_italic=True,
        sink=0.2,
        ornament="\u2619",  # ☙ reversed hedera
        lead_in_words=3,
        drop_cap=True,
    ),
    part_ornament="\u2767",
)

STYLES: dict[str, Style] = {style.name: style for style in (CLASSIC, MODERN, ROMANCE)}
DEFAULT = CLASSIC.name
NAMES = tuple(STYLES)


def get(name: str) -> Style:
    """The style called ``name`` (the option's choices make an unknown name a usage error first)."""
    return STYLES[name]
