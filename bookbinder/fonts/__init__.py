"""The typefaces books are set in and their fallbacks, as font files shared by the PDF writer and
the cover art. Which faces and why: bookbinder.fonts.families. Nothing here imports reportlab or
Pillow: callers open the files with their own library.
"""

from __future__ import annotations

from pathlib import Path

from bookbinder.fonts.families import FALLBACKS, FAMILIES, STYLES, Family, Source

__all__ = [
    "BOOK_FACE_NAME",
    "FAMILIES",
    "STYLES",
    "Family",
    "Source",
    "book_font",
    "embeddable_font",
    "fallback_fonts",
    "fallback_sources",
    "font_chain",
]

BOOK_FACE_NAME = "Source Serif Pro"  # the covers' face (and the PDF's when no style names one)


def embeddable_font(family: str, style: str = "regular") -> Path:
    """A TrueType file of ``family`` in ``style`` that reportlab can embed (prepared on first use)."""
    from bookbinder.fonts.prepare import embeddable

    source = FAMILIES[family].source(style)
    path = embeddable(source)
    if path is None:
        raise RuntimeError(
            f"the {family} font is not installed (Python package {source.package}); reinstall bookbinder"
        )
    return path


def book_font(style: str = "regular") -> Path:
    """The covers' face (Source Serif Pro) for ``regular``, ``italic``, ``bold``, ``bolditalic``."""
    return embeddable_font(BOOK_FACE_NAME, style)


def fallback_sources(style: str = "regular") -> list[tuple[str, Source]]:
    """(family, file) to try, in order, for characters a book face lacks; nothing is prepared yet."""
    return [(name, FAMILIES[name].source(style)) for name in FALLBACKS]


def fallback_fonts(style: str = "regular") -> list[Path]:
    """Fallback font files both Pillow and reportlab can use (CJK prepared on first use)."""
    from bookbinder.fonts.prepare import embeddable

    found = (embeddable(source) for _name, source in fallback_sources(style))
    return list(dict.fromkeys(path for path in found if path is not None))


def font_chain(style: str = "regular") -> tuple[Path, ...]:
    """The covers' face, then every fallback for ``style``: the one chain PDF and covers try."""
    return tuple(dict.fromkeys(p for p in (book_font(style), *fallback_fonts(style)) if p.is_file()))
