"""Fonts for the PDF: register the book face and its fallbacks with reportlab, and cut text into
runs so each character is drawn by the first font that has it (R2-R4)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from bookbinder import fonts
from bookbinder.fonts.families import SMALL_CAPS
from bookbinder.fonts.kerning import LIGATURES
from bookbinder.writers.pdf import facecache

LIGATURE_LETTERS = {glyph: letters for letters, glyph in LIGATURES.items()}

_REPORTLAB_TO_UNICODE = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    reportlab 5.1 writes them as five hex digits (``<1F600>``), which is not a valid CMap entry:
    the emoji is drawn, but copy-paste and text extraction lose it.
    """
    text: str = _REPORTLAB_TO_UNICODE(fontname, subset)
    for code in subset:
        if code > 0xFFFF:
            utf16 = chr(code).encode("utf-16-be").hex().upper()
            text = text.replace(f"> <{code:04X}>", f"> <{utf16}>")
        elif chr(code) in LIGATURE_LETTERS:  # a ligature copies as its letters, in every reader
            letters = LIGATURE_LETTERS[chr(code)].encode("utf-16-be").hex().upper()
            text = text.replace(f"> <{code:04X}>", f"> <{letters}>")
    return text


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

def registered_name(family: str, style: str) -> str:
    """The name a family's style is registered under with reportlab."""
    return f"{family.replace(' ', '')}-{style}"


@cache
def _register(name: str, path: Path) -> TTFont | None:
    """Register ``path`` as ``name`` once per process; None when reportlab cannot embed it."""
    try:
        font = facecache.load(name, path)
    except (TTFError, OSError, ValueError):
        return None
    pdfmetrics.registerFont(font)
    # reportlab binds a new name to the first font registered with the same PostScript name: a
    # cut that kept another cut's name would be drawn with that one's outlines and widths.
    registered = pdfmetrics.getFont(name)
    if registered.face.filename != font.face.filename:
        raise RuntimeError(
            f"{path} has the PostScript name {font.face.name.ustr!r} of {registered.face.filename}: "
            "reportlab would draw one with the other (clear the font cache and prepare it again)"
        )
    return font


def _chars(font: TTFont) -> frozenset[str]:
    return frozenset(map(chr, font.face.charToGlyph))


@dataclass(frozen=True, slots=True)
class _Face:
    name: str
    chars: frozenset[str]
    family: str


@cache
def _face(family: str, style: str) -> _Face:
    """A book or display face in ``style``, registered."""
    path = fonts.embeddable_font(family, style)
    font = _register(registered_name(family, style), path)
    if font is None:
        raise RuntimeError(f"cannot load the {family} font {path}")
    return _Face(font.fontName, _chars(font), family)


@cache
def _fallback(family: str, style: str) -> _Face | None:
    """A fallback face, prepared and loaded the first time a character needs it (CJK is large)."""
    from bookbinder.fonts.prepare import embeddable

    path = embeddable(fonts.FAMILIES[family].source(style))
    font = None if path is None else _register(f"fallback-{path.stem}", path)
    return None if font is None else _Face(font.fontName, _chars(font), family)


def _chain(family: str, style: str) -> Iterator[_Face]:
    """The face for ``style`` then every loadable fallback, loaded as the search reaches it."""
    yield _face(family, style)
    for name, _source in fonts.fallback_sources(style):
        face = _fallback(name, style)
        if face is not None:
            yield face


def _invisible(char: str) -> bool:
    """Whitespace needs no glyph (reportlab breaks lines there); format controls draw nothing."""
    return char.isspace() or unicodedata.category(char) == "Cf"


@dataclass(slots=True)
class FontSet:
    """The fonts one book uses; remembers characters no font could draw, for one warning.

    ``family`` sets the text; ``display`` (headings, title page) defaults to it.
    """

    family: str = fonts.BOOK_FACE_NAME
    display: str = ""
    missing: set[str] = field(default_factory=set)
    _choice: dict[tuple[str, str, str], str | None] = field(default_factory=dict)
    _families: set[str] = field(default_factory=set)
    _kinds: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.display = self.display or self.family
        for family in dict.fromkeys((self.family, self.display)):
            for style in fonts.STYLES:
                self._kinds[_face(family, style).name] = (family, style)
        family = self.small_caps_family()
        self._kinds.setdefault(_face(family, SMALL_CAPS).name, (family, SMALL_CAPS))

    def small_caps_family(self) -> str:
        """The family whose small capitals the book uses: the text face's, else the display face's."""
        for family in (self.family, self.display):
            if SMALL_CAPS in fonts.FAMILIES[family].files:
                return family
        return self.family

    def small_caps_name(self) -> str:
        """Registered name of the small-capitals face."""
        return _face(self.small_caps_family(), SMALL_CAPS).name

    def names(self, display: bool = False) -> dict[str, str]:
        """Style -> registered name of the text face (or of the display face)."""
        family = self.display if display else self.family
        return {style: _face(family, style).name for style in fonts.STYLES}

    def kind_of(self, name: str) -> tuple[str, str]:
        """(family, style) of a registered book or display face name."""
        return self._kinds.get(name, (self.family, "regular"))

    def font_for(self, char: str, style: str, family: str = "") -> str | None:
        """The first font in the chain that has ``char``; None when none has it."""
        family = family or self.family
        key = (char, style, family)
        if key not in self._choice:
            face = next((f for f in _chain(family, style) if char in f.chars), None)
            self._choice[key] = face.name if face else None
            if face and face.family not in (self.family, self.display):
                self._families.add(face.family)
        return self._choice[key]

    def runs(self, text: str, style: str, family: str = "") -> list[tuple[str, str]]:
        """``text`` cut into (text, font name) runs; characters nobody has stay in the book face."""
        family = family or self.family
        book = _face(family, style)
        if text.isascii() or book.chars.issuperset(text):  # the common case, at C speed
            return [(text, book.name)]
        runs: list[tuple[str, str]] = []
        current, buffer = book.name, list[str]()
        for char in text:
            if char in book.chars:
                name = book.name
            elif _invisible(char):
                found = self.font_for(char, style, family)
                if found is None and not char.isspace():
                    continue  # a format control no font has draws nothing: nothing visible is lost
                name = found or current
            else:
                found = self.font_for(char, style, family)
                if found is None:
                    self.missing.add(char)  # drawn as the book face's "missing" box and reported
                name = found or book.name
            if name != current and buffer:
                runs.append(("".join(buffer), current))
                buffer = []
            current = name
            buffer.append(char)
        if buffer:
            runs.append(("".join(buffer), current))
        return runs

    def has(self, char: str, family: str = "", style: str = "regular") -> bool:
        """Whether the book's own face draws ``char`` (an ornament from the book's face)."""
        return char in _face(family or self.family, style).chars

    def used_fallbacks(self) -> list[str]:
        """Family names of the fallback fonts this book needed (for the colophon)."""
        return sorted(self._families)


def describe_missing(chars: set[str]) -> str:
    """'U+1F600 😀, U+E000' for a warning: code points, and the character when printable."""
    parts = []
    for char in sorted(chars):
        shown = f" {char}" if char.isprintable() else ""
        parts.append(f"U+{ord(char):04X}{shown}")
    return ", ".join(parts)
