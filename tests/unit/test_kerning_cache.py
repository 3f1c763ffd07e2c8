"""The on-disk kerning cache gives exactly what reading the font gives, and is never used stale."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from bookbinder import fonts
from bookbinder.fonts import derived, kerndata, kerning

FACES = [("EB Garamond", "regular"), ("EB Garamond", "smallcaps"), ("Source Serif Pro", "italic"),
         ("Crimson Pro", "bold")]


def _reference(path: str) -> Any:
    """A pair lookup straight from fontTools' objects, subtable by subtable (no cache, no numbering)."""
    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap()
    scale = 1000.0 / font["head"].unitsPerEm
    subtables = kerndata._subtables(font)
    coverage = [{g: i for i, g in enumerate(sub.Coverage.glyphs)} for sub in subtables]

    def pair(left: str, right: str) -> float:
        first, second = cmap.get(ord(left)), cmap.get(ord(right))
        if first is None or second is None:
            return 0.0
        for sub, covered in zip(subtables, coverage, strict=True):
            if first not in covered:
                continue
            if sub.Format == 1:
                records = sub.PairSet[covered[first]].PairValueRecord
                values = {r.SecondGlyph: kerndata._x_advance(r.Value1) for r in records}
                if second in values:
                    return float(values[second] * scale)
                continue
            row = sub.Class1Record[sub.ClassDef1.classDefs.get(first, 0) if sub.ClassDef1 else 0]
            column = sub.ClassDef2.classDefs.get(second, 0) if sub.ClassDef2 else 0
            cells = row.Class2Record
            return kerndata._x_advance(cells[column].Value1) * scale if column < len(cells) else 0.0
        return 0.0

    return pair, [chr(code) for code in sorted(cmap)]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty kerning cache folder (the prepared fonts stay where they are)."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(derived, "location", lambda source, suffix: folder / f"{Path(source).stem}.{suffix}")
    kerning.for_file.cache_clear()
    yield folder
    kerning.for_file.cache_clear()


@pytest.mark.parametrize(("family", "style"), FACES)
def test_cached_kerning_equals_the_font_on_many_pairs(family: str, style: str, cache: Path) -> None:
    path = str(fonts.embeddable_font(family, style))
    cold = kerning.Kerning(kerndata.load(path))  # decoded, then written
    assert kerndata.cache_file(path).is_file()
    warm = kerning.Kerning(kerndata.load(path))  # read back
    pair, chars = _reference(path)
    latin = [c for c in chars if ord(c) < 0x250 or 0x2000 <= ord(c) < 0x2070 or 0xFB00 <= ord(c) < 0xFB07]
    rng = random.Random(path)
    pairs = [(a, b) for a in latin for b in latin[:: 1 + len(latin) // 120]]
    pairs += [(rng.choice(chars), rng.choice(chars)) for _ in range(5000)]
    kerned = 0
    for left, right in pairs:
        expected = pair(left, right)
        assert cold.pair(left, right) == warm.pair(left, right) == expected, (left, right)
        kerned += expected != 0
    assert kerned > 100  # the faces do kern: the comparison is not of zeros
    assert cold.ligatures == warm.ligatures and cold.kerns == warm.kerns
    assert warm.word("AVATAR Today") == cold.word("AVATAR Today")


def test_a_changed_font_or_format_is_decoded_again(cache: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    font = tmp_path / "face.ttf"
    shutil.copy(fonts.embeddable_font("Source Serif Pro", "italic"), font)
    decoded: list[str] = []
    real = kerndata.extract

    def counted(path: str) -> kerndata.KernData:
        decoded.append(path)
        return real(path)

    monkeypatch.setattr(kerndata, "extract", counted)
    kerndata.load(str(font))
    kerndata.load(str(font))
    assert len(decoded) == 1  # the second load read the cache
    os.utime(font, ns=(1, 1))  # another version of the file
    kerndata.load(str(font))
    assert len(decoded) == 2
    monkeypatch.setattr(kerndata, "FORMAT", kerndata.FORMAT + 1)
    kerndata.load(str(font))
    assert len(decoded) == 3
    kerndata.cache_file(str(font)).write_bytes(b"not marshal data")
    assert kerndata.load(str(font)).kerns  # a damaged cache file is decoded again
    assert len(decoded) == 4


def test_an_unwritable_cache_never_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # a folder cannot be made here
    monkeypatch.setattr(derived, "location", lambda source, suffix: blocker / f"x.{suffix}")
    path = str(fonts.embeddable_font("EB Garamond", "regular"))
    assert kerning.Kerning(kerndata.load(path)).pair("A", "V") < 0
