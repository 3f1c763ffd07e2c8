"""Every typeface bookbinder sets, where its files come from, and its licence.

All of them arrive as Python packages named in pyproject.toml, so every machine sets the same type
and a fresh install draws Greek, Cyrillic, symbols, emoticons and CJK without system packages. No
system font is ever consulted: the same manuscript gives the same PDF on every machine.

Book faces (one per style, see bookbinder.styles):
- EB Garamond (``fontpkg-eb-garamond``, OFL-1.1): a Garamond revival with real fleurons (❦ ❧ ☙),
  Greek and Cyrillic: the classic novel face.
- Source Serif Pro (``font-source-serif-pro``, OFL-1.1): a sturdy transitional face with a large
  x-height, the modern style's face.
- Crimson Pro (``fontpkg-crimson-pro``, OFL-1.1) for text, with its own fleuron ❧, and Cormorant
  Garamond (``fontpkg-cormorant-garamond``, OFL-1.1) for display: the romance style.
Fallbacks for characters the book face lacks, tried in order:
- DejaVu Serif and DejaVu Sans (shipped inside ``matplotlib``; Bitstream Vera licence, free):
  Greek, Cyrillic, arrows, dingbats and the emoticons block, drawn monochrome.
- STIX General (also inside ``matplotlib``, OFL-1.1): mathematical symbols.
- Noto Sans CJK TC (``cvttf-notosanscjk-regular``, OFL-1.1): Chinese (both scripts), Japanese and
  Korean. It is OpenType/CFF, which reportlab cannot embed, so it is converted to TrueType once per
  environment (bookbinder.fonts.prepare) and the result cached there.
No monochrome emoji face is packaged for Python (Noto Emoji is not on PyPI), so emoji outside
DejaVu Sans's emoticons still draw as a box and the PDF writer warns about each one.

Variable fonts (the ``fontpkg`` ones) are cut into static instances at the weights named here:
reportlab draws only a font's default outlines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from pathlib import Path

STYLES = ("regular", "italic", "bold", "bolditalic")
SMALL_CAPS = "smallcaps"  # a fifth file some families have: see Source.smallcaps


@dataclass(frozen=True, slots=True)
class Source:
    """One font file inside an installed Python package (found without importing the package)."""

    package: str
    path: str  # inside the package folder
    weight: int | None = None  # variable font: the wght instance to cut; None: use as it is
    cff: bool = False  # OpenType/CFF outlines: convert to TrueType for reportlab
    smallcaps: bool = False  # lower-case letters drawn by the font's own small capitals (smcp)

    def location(self) -> Path | None:
        """The file, or None when its package is not installed."""
        folder = _package_folder(self.package)
        if folder is None:
            return None
        found = folder / self.path
        return found if found.is_file() else None


@cache
def _package_folder(package: str) -> Path | None:
    """Where an installed package lives (found once per process: a book asks ~10 times)."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass(frozen=True, slots=True)
class Family:
    """A typeface: its name as readers see it, its licence, and a file per style it has."""

    name: str
    licence: str
    files: dict[str, Source] = field(default_factory=dict)

    def source(self, style: str) -> Source:
        """The file for ``style``, or the nearest one it has (bold italic -> bold -> regular)."""
        nearest = "bold" if "bold" in style else "italic" if "italic" in style else "regular"
        for candidate in (style, nearest, "regular"):
            if candidate in self.files:
                return self.files[candidate]
        raise KeyError(style)


def _variable(
    package: str, roman: str, italic: str, regular: int, bold: int, smallcaps: bool = True
) -> dict[str, Source]:
    files = {
        "regular": Source(package, roman, regular),
        "italic": Source(package, italic, regular),
        "bold": Source(package, roman, bold),
        "bolditalic": Source(package, italic, bold),
    }
    if smallcaps:
        files["smallcaps"] = Source(package, roman, regular, smallcaps=True)
    return files


_MPL = "mpl-data/fonts/ttf/"

FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        Family(
            "EB Garamond",
            "SIL Open Font License 1.1",
            _variable(
                "fontpkg_eb_garamond",
                "files/EBGaramond[wght].ttf",
                "files/EBGaramond-Italic[wght].ttf",
                400,
                700,
            ),
        ),
        Family(
            "Source Serif Pro",
            "SIL Open Font License 1.1",
            {
                style: Source("font_source_serif_pro", f"files/SourceSerifPro-{name}.ttf")
                for style, name in (
                    ("regular", "Regular"),
                    ("italic", "It"),
                    ("bold", "Bold"),
                    ("bolditalic", "BoldIt"),
                )
            }
            | {
                "smallcaps": Source(
                    "font_source_serif_pro", "files/SourceSerifPro-Regular.ttf", smallcaps=True
                )
            },
        ),
        Family(
            "Crimson Pro",
            "SIL Open Font License 1.1",
            _variable(
                "fontpkg_crimson_pro",
                "files/CrimsonPro[wght].ttf",
                "files/CrimsonPro-Italic[wght].ttf",
                400,
                700,
                smallcaps=False,
            ),
        ),
        Family(
            "Cormorant Garamond",
            "SIL Open Font License 1.1",
            # Its default instance is Light (300): too faint for headings on paper; Medium reads.
            _variable(
                "fontpkg_cormorant_garamond",
                "files/CormorantGaramond[wght].ttf",
                "files/CormorantGaramond-Italic[wght].ttf",
                500,
                700,
            ),
        ),
        Family(
            "DejaVu Serif",
            "Bitstream Vera / DejaVu licence (free)",
            {
                style: Source("matplotlib", _MPL + f"DejaVuSerif{suffix}.ttf")
                for style, suffix in (
                    ("regular", ""),
                    ("italic", "-Italic"),
                    ("bold", "-Bold"),
                    ("bolditalic", "-BoldItalic"),
                )
            },
        ),
        Family(
            "DejaVu Sans",
            "Bitstream Vera / DejaVu licence (free)",
            {
                style: Source("matplotlib", _MPL + f"DejaVuSans{suffix}.ttf")
                for style, suffix in (
                    ("regular", ""),
                    ("italic", "-Oblique"),
                    ("bold", "-Bold"),
                    ("bolditalic", "-BoldOblique"),
                )
            },
        ),
        Family(
            "STIX",
            "SIL Open Font License 1.1",
            {
                "regular": Source("matplotlib", _MPL + "STIXGeneral.ttf"),
                "italic": Source("matplotlib", _MPL + "STIXGeneralItalic.ttf"),
                "bold": Source("matplotlib", _MPL + "STIXGeneralBol.ttf"),
                "bolditalic": Source("matplotlib", _MPL + "STIXGeneralBolIta.ttf"),
            },
        ),
        Family(
            "Noto Sans CJK",
            "SIL Open Font License 1.1",
            {"regular": Source("cvttf_NotoSansCJK_Regular", "NotoSansCJKtc-Regular.otf", cff=True)},
        ),
    )
}

FALLBACKS = ("DejaVu Serif", "DejaVu Sans", "STIX", "Noto Sans CJK")
