"""The book face and its fallbacks, as font files shared by the PDF writer and the cover art.

PLACEHOLDER: the PDF work fills in the fallback chain and glyph coverage.
"""

from __future__ import annotations

from pathlib import Path


def book_font(style: str = "regular") -> Path:
    """Path of the book face (Source Serif Pro) TTF for ``regular``, ``italic``, ``bold``, ``bolditalic``."""
    import font_source_serif_pro

    names = {"regular": "Regular", "italic": "It", "bold": "Bold", "bolditalic": "BoldIt"}
    base = Path(font_source_serif_pro.__file__).parent / "files"
    return base / f"SourceSerifPro-{names[style]}.ttf"


def fallback_fonts() -> list[Path]:
    """Fonts to try, in order, for characters the book face lacks (Greek, Cyrillic, CJK...)."""
    return []
