"""The book face and its fallbacks, as font files shared by the PDF writer and the cover art.

The book face is Source Serif Pro, shipped as a Python dependency (``font-source-serif-pro``) so
every machine sets the same type. Characters it lacks (CJK, emoji, some symbols) are drawn from a
chain of system fonts: DejaVu Serif, DejaVu Sans, then a CJK face when one is installed. Nothing
here imports reportlab or Pillow: callers open the files with their own library.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

STYLES = ("regular", "italic", "bold", "bolditalic")
BOOK_FACE_NAME = "Source Serif Pro"

_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))

# Fallback files in the order they are tried, per style, found under _FONT_DIRS. DejaVu ships with
# Debian (`fonts-dejavu-core`) and covers Greek/Cyrillic/symbols; DejaVu Sans adds dingbats and
# emoticons. CJK: Droid Sans Fallback (`fonts-droid-fallback`) and WenQuanYi are TrueType, which
# reportlab can embed; Noto CJK is OpenType/CFF, usable by Pillow only (the PDF writer skips fonts
# it cannot load).
_FALLBACKS: dict[str, tuple[str, ...]] = {
    "regular": ("DejaVuSerif.ttf", "DejaVuSans.ttf"),
    "italic": ("DejaVuSerif-Italic.ttf", "DejaVuSerif.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans.ttf"),
    "bold": ("DejaVuSerif-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"),
    "bolditalic": (
        "DejaVuSerif-BoldItalic.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSans-BoldOblique.ttf",
        "DejaVuSans.ttf",
    ),
}
_CJK = (
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "NotoSerifCJK-Regular.ttc",
    "NotoSansCJK-Regular.ttc",
)


def book_font(style: str = "regular") -> Path:
    """Path of the book face (Source Serif Pro) TTF for ``regular``, ``italic``, ``bold``, ``bolditalic``."""
    import font_source_serif_pro

    names = {"regular": "Regular", "italic": "It", "bold": "Bold", "bolditalic": "BoldIt"}
    base = Path(font_source_serif_pro.__file__).parent / "files"
    return base / f"SourceSerifPro-{names[style]}.ttf"


@lru_cache(maxsize=1)
def _installed() -> dict[str, Path]:
    """File name -> path of every font under the system font folders (first found wins)."""
    found: dict[str, Path] = {}
    for root in _FONT_DIRS:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.suffix.lower() in {".ttf", ".ttc", ".otf"}:
                    found.setdefault(path.name, path)
    return found


def fallback_fonts(style: str = "regular") -> list[Path]:
    """Fonts to try, in order, for characters the book face lacks (Greek, Cyrillic, CJK...)."""
    installed = _installed()
    names = dict.fromkeys((*_FALLBACKS[style], *_CJK))  # ordered, no duplicates
    return [installed[name] for name in names if name in installed]


def font_chain(style: str = "regular") -> tuple[Path, ...]:
    """The book face, then every installed fallback for ``style``: the one chain PDF and covers try."""
    return tuple(dict.fromkeys(p for p in (book_font(style), *fallback_fonts(style)) if p.is_file()))
