"""Font files reportlab can embed, made once per environment and cached there.

reportlab reads TrueType outlines and a font's default instance only. So a variable font is cut
into a static instance at the weight a family asks for (fontTools' instancer), and an
OpenType/CFF face (Noto Sans CJK) is redrawn with quadratic TrueType outlines (fontTools' cu2qu).
The results live in ``<environment>/share/bookbinder/fonts`` (or ``$BOOKBINDER_FONT_CACHE``, or the
user's cache folder when the environment is read-only). Files are written under a temporary name
and renamed, under a lock, so parallel builds neither clash nor repeat a minute-long conversion.
Outputs carry no timestamp of their own, so every machine embeds the same bytes.

``python -m bookbinder.fonts.prepare`` fills the cache ahead of time (``make`` runs it once),
kerning caches (``bookbinder.fonts.kerndata``) included.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bookbinder.fonts.derived import cache_dir
from bookbinder.fonts.families import FAMILIES, SMALL_CAPS, STYLES, Source

RECIPE = "1"  # bump when the conversion changes: old cache entries are then ignored


def _target(source: Source, path: Path) -> Path:
    stem = "".join(c for c in path.stem if c.isalnum() or c in "-_")
    weight = f"-w{source.weight}" if source.weight is not None else ""
    weight += "-sc" if source.smallcaps else ""
    return cache_dir() / f"{stem}{weight}-{path.stat().st_size}-r{RECIPE}.ttf"


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def embeddable(source: Source) -> Path | None:
    """A TrueType file reportlab can embed for ``source``; None when its package is missing."""
    path = source.location()
    if path is None:
        return None
    if source.weight is None and not source.cff and not source.smallcaps:
        return path
    target = _target(source, path)
    if target.is_file():
        return target
    with _locked(target):
        if not target.is_file():  # another process may have made it while we waited
            _make(source, path, target)
    return target


def _make(source: Source, path: Path, target: Path) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), recalcTimestamp=False)
    if source.weight is not None and "fvar" in font:
        from fontTools.varLib.instancer import instantiateVariableFont

        axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
        axes["wght"] = float(source.weight)
        font = instantiateVariableFont(font, axes, updateFontNames=False)
    if source.cff and "CFF " in font:
        _cff_to_truetype(font)
    if source.smallcaps:
        _small_caps(font)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(temporary))
    os.replace(temporary, target)


def _cff_to_truetype(font: object) -> None:
    """Replace the CFF table by glyf/loca with the same shapes (quadratic, within 1 unit)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyph_set = font.getGlyphSet()  # type: ignore[attr-defined]
    order = font.getGlyphOrder()  # type: ignore[attr-defined]
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    tables = font  # a TTFont is a mapping of tag -> table
    tables["loca"] = newTable("loca")  # type: ignore[index]
    tables["glyf"] = glyf  # type: ignore[index]
    for tag in ("CFF ", "VORG"):
        if tag in tables:  # type: ignore[operator]
            del tables[tag]  # type: ignore[attr-defined]
    font.sfntVersion = "\x00\x01\x00\x00"  # type: ignore[attr-defined]
    maxp = tables["maxp"]  # type: ignore[index]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    tables["post"].formatType = 3.0  # type: ignore[index]  # no glyph names: smaller, as TrueType fonts do
    tables["head"].glyphDataFormat = 0  # type: ignore[index]


def _small_caps(font: object) -> None:
    """Map every character that has a small capital (the smcp feature) straight to it.

    reportlab applies no OpenType features, so the face is given a cmap that reaches the small
    capitals directly; text extraction still reads the characters as written (lower case).
    """
    tables = font  # a TTFont is a mapping of tag -> table
    if "GSUB" not in tables:  # type: ignore[operator]
        return
    gsub = tables["GSUB"].table  # type: ignore[index]
    indices = {
        index
        for record in gsub.FeatureList.FeatureRecord
        if record.FeatureTag == "smcp"
        for index in record.Feature.LookupListIndex
    }
    mapping: dict[str, str] = {}
    for index in sorted(indices):
        lookup = gsub.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            sub = sub.ExtSubTable if lookup.LookupType == 7 else sub
            mapping.update(getattr(sub, "mapping", None) or {})
    for table in tables["cmap"].tables:  # type: ignore[index]
        if table.isUnicode():
            table.cmap = {code: mapping.get(glyph, glyph) for code, glyph in table.cmap.items()}
    for record in tables["name"].names:  # type: ignore[index]
        if record.nameID in (4, 6):  # full and PostScript names: tell the SC cut apart in a PDF
            text = record.toUnicode()
            record.string = text + ("SC" if record.nameID == 6 else " SC")


def prepare_all() -> list[Path]:
    """Make every cached font, and every face's kerning cache, now; returns the files."""
    from bookbinder.fonts import kerndata

    made: list[Path] = []
    for family in FAMILIES.values():
        for style in (*STYLES, SMALL_CAPS):
            if style in family.files:
                path = embeddable(family.files[style])
                if path is not None and path not in made:
                    made.append(path)
    kerns = (kerndata.prepare(str(path)) for path in list(made))
    return made + [path for path in kerns if path is not None]


def main() -> int:
    """Fill the cache and say where it is."""
    for path in prepare_all():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
