"""Fonts for the PDF: register the book face and its fallbacks with reportlab, and cut text into
runs so each character is drawn by the first font that has it (R2-R4)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .. import fonts

_NAMES = {"regular": "SourceSerifPro", "italic": "SourceSerifPro-It", "bold": "SourceSerifPro-Bold",
          "bolditalic": "SourceSerifPro-BoldIt"}


@lru_cache(maxsize=None)
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


@dataclass(frozen=True, slots=True)
class _Face:
    name: str
    chars: frozenset[str]


@lru_cache(maxsize=None)
def _chain(style: str) -> tuple[_Face, ...]:
    """The book face for ``style`` then every loadable fallback, each with its character set."""
    faces: list[_Face] = []
    book = _register(_NAMES[style], fonts.book_font(style))
    if book is None:
        raise RuntimeError(f"cannot load the book face {fonts.book_font(style)}")
    faces.append(_Face(_NAMES[style], _chars(book)))
    for path in fonts.fallback_fonts(style):
        font = _register(f"fallback-{path.stem}", path)
        if font is not None:
            faces.append(_Face(font.fontName, _chars(font)))
    return tuple(faces)


def _invisible(char: str) -> bool:
    """Whitespace needs no glyph (reportlab breaks lines there); format controls draw nothing."""
    return char.isspace() or unicodedata.category(char) == "Cf"


@dataclass(slots=True)
class FontSet:
    """The fonts one book uses; remembers characters no font could draw, for one warning."""

    missing: set[str] = field(default_factory=set)
    _choice: dict[tuple[str, str], str | None] = field(default_factory=dict)

    @staticmethod
    def names() -> dict[str, str]:
        """Style -> registered name of the book face."""
        for style in _NAMES:
            _chain(style)
        return dict(_NAMES)

    def font_for(self, char: str, style: str) -> str | None:
        """The first font in the chain that has ``char``; None when none has it."""
        key = (char, style)
        if key not in self._choice:
            self._choice[key] = next((f.name for f in _chain(style) if char in f.chars), None)
        return self._choice[key]

    def runs(self, text: str, style: str) -> list[tuple[str, str]]:
        """``text`` cut into (text, font name) runs; characters nobody has stay in the book face."""
        chain = _chain(style)
        book = chain[0]
        if text.isascii() or book.chars.issuperset(text):  # the common case, at C speed
            return [(text, book.name)]
        runs: list[tuple[str, str]] = []
        current, buffer = book.name, []
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
        """Names of fallback fonts this book needed (for the colophon)."""
        return sorted({v for v in self._choice.values() if v and not v.startswith("SourceSerifPro")})


def describe_missing(chars: set[str]) -> str:
    """'U+1F600 😀, U+E000' for a warning: code points, and the character when printable."""
    parts = []
    for char in sorted(chars):
        shown = f" {char}" if char.isprintable() else ""
        parts.append(f"U+{ord(char):04X}{shown}")
    return ", ".join(parts)
