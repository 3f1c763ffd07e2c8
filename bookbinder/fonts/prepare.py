"""Font files reportlab can embed, made once per environment and cached there.

reportlab reads TrueType outlines and a font's default instance only. So a variable font is cut
into a static instance at the weight a family asks for (fontTools' instancer), each cut with
names of its own (reportlab keeps one font per PostScript name), and an
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
from typing import Any

from bookbinder.fonts.derived import cache_dir
from bookbinder.fonts.families import FAMILIES, SMALL_CAPS, STYLES, Source

# One recipe per step a cut goes through: bump a step's when its output changes, and only the cuts
# made with that step are made again (a new instancer does not redo the minute-long CJK conversion).
RECIPES = {"instance": "2", "cff": "1", "smallcaps": "1"}


def recipe(source: Source) -> str:
    """The versions of the steps that make ``source``'s cut (part of its file name)."""
    steps = {"instance": source.weight is not None, "cff": source.cff, "smallcaps": source.smallcaps}
    return "_".join(RECIPES[step] for step, used in steps.items() if used)


def _target(source: Source, path: Path) -> Path:
    stem = "".join(c for c in path.stem if c.isalnum() or c in "-_")
    weight = f"-w{source.weight}" if source.weight is not None else ""
    weight += "-sc" if source.smallcaps else ""
    return cache_dir() / f"{stem}{weight}-{path.stat().st_size}-r{recipe(source)}.ttf"


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
        font = _instance(font, source.weight)
    if source.cff and "CFF " in font:
        _cff_to_truetype(font)
    if source.smallcaps:
        _small_caps(font)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(temporary))
    os.replace(temporary, target)


def _instance(font: Any, weight: int) -> Any:
    """The static cut of a variable font at ``weight``, named as that weight.

    Every cut needs a PostScript name of its own: reportlab keeps one font per name, so a bold cut
    still named like the regular one is drawn with the regular's outlines. The names come from the
    font's STAT table ("EB Garamond Bold", with the bold bits set); a weight it does not name gets
    the weight appended instead.
    """
    from fontTools.varLib.instancer import instantiateVariableFont

    axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    axes["wght"] = float(weight)
    try:
        return instantiateVariableFont(font, axes, updateFontNames=True)
    except ValueError:  # no STAT value for this weight (the input font is left as it was)
        cut = instantiateVariableFont(font, axes, updateFontNames=False)
        _rename(cut, f"W{weight}")
        return cut


def _rename(font: Any, suffix: str) -> None:
    """Append ``suffix`` to the full and PostScript names (IDs 4 and 6): a cut told apart in a PDF."""
    for record in font["name"].names:
        if record.nameID in (4, 6):
            text = record.toUnicode()
            record.string = text + (suffix if record.nameID == 6 else f" {suffix}")


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
    _rename(font, "SC")


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
