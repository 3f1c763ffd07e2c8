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
    return text


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

_NAMES = {
    "regular": "SourceSerifPro",
    "italic": "SourceSerifPro-It",
    "bold": "SourceSerifPro-Bold",
    "bolditalic": "SourceSerifPro-BoldIt",
}


@cache
def _register(name: str, path: Path) -> TTFont | None:
    """Register ``path`` as ``name`` once per process; None when reportlab cannot embed it (CFF)."""
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError):
        return None
    pdfmetrics.registerFont(font)
    return font


def _chars(font: TTFont) -> frozenset[str]:
    return frozenset(map(chr, font.face.charToGlyph))


def _family(font: TTFont) -> str:
    name = font.face.familyName
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


@dataclass(frozen=True, slots=True)
class _Face:
    name: str
    chars: frozenset[str]
    family: str


@cache
def _book(style: str) -> _Face:
    """The book face for ``style``, registered."""
    font = _register(_NAMES[style], fonts.book_font(style))
    if font is None:
        raise RuntimeError(f"cannot load the book face {fonts.book_font(style)}")
    return _Face(_NAMES[style], _chars(font), fonts.BOOK_FACE_NAME)


@cache
def _fallback(path: Path) -> _Face | None:
    """A fallback font, loaded the first time a character needs it (Droid's CJK cmap is large)."""
    font = _register(f"fallback-{path.stem}", path)
    return None if font is None else _Face(font.fontName, _chars(font), _family(font))


def _chain(style: str) -> Iterator[_Face]:
    """The book face for ``style`` then every loadable fallback, loaded as the search reaches it."""
    yield _book(style)
    for path in fonts.fallback_fonts(style):
        face = _fallback(path)
        if face is not None:
            yield face


def _invisible(char: str) -> bool:
    """Whitespace needs no glyph (reportlab breaks lines there); format controls draw nothing."""
    return char.isspace() or unicodedata.category(char) == "Cf"


@dataclass(slots=True)
class FontSet:
    """The fonts one book uses; remembers characters no font could draw, for one warning."""

    missing: set[str] = field(default_factory=set)
    _choice: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _families: set[str] = field(default_factory=set)

    @staticmethod
    def names() -> dict[str, str]:
        """Style -> registered name of the book face."""
        for style in _NAMES:
            _book(style)
        return dict(_NAMES)

    def font_for(self, char: str, style: str) -> str | None:
        """The first font in the chain that has ``char``; None when none has it."""
        key = (char, style)
        if key not in self._choice:
            face = next((f for f in _chain(style) if char in f.chars), None)
            self._choice[key] = face.name if face else None
            if face and face.family != fonts.BOOK_FACE_NAME:
                self._families.add(face.family)
        return self._choice[key]

    def runs(self, text: str, style: str) -> list[tuple[str, str]]:
        """``text`` cut into (text, font name) runs; characters nobody has stay in the book face."""
        book = _book(style)
        if text.isascii() or book.chars.issuperset(text):  # the common case, at C speed
            return [(text, book.name)]
        runs: list[tuple[str, str]] = []
        current, buffer = book.name, list[str]()
        for char in text:
            if char in book.chars:
                name = book.name
            elif _invisible(char):
                found = self.font_for(char, style)
                if found is None and not char.isspace():
                    continue  # a format control no font has draws nothing: nothing visible is lost
                name = found or current
            else:
                found = self.font_for(char, style)
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
