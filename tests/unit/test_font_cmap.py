"""font_cmap reads the same code points as fontTools' getBestCmap, or declines (None)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

from bookbinder.covers.typeset import font_chain
from bookbinder.fonts.cmap import read_cmap

FONT_ROOTS = (Path("/usr/share/fonts"), Path(__file__).resolve().parents[2] / ".venv" / "lib")


def _installed_fonts() -> list[Path]:
    found = {p for style in ("regular", "italic", "bold", "bolditalic") for p in font_chain(style)}
    for root in FONT_ROOTS:
        if root.is_dir():
            found.update(p for p in root.rglob("*") if p.suffix.lower() in (".ttf", ".otf", ".ttc"))
    return sorted(found)


def _reference(path: Path, number: int = 0) -> frozenset[int]:
    with TTFont(str(path), lazy=True, fontNumber=number) as font:
        return frozenset(font.getBestCmap() or {})


def test_matches_fonttools_on_every_installed_font() -> None:
    fonts = _installed_fonts()
    if not fonts:
        pytest.skip("no fonts installed")
    for path in fonts:
        mine = read_cmap(path)
        if mine is not None:  # None is allowed: the caller then asks fontTools
            assert mine == _reference(path), path


def test_reads_the_first_face_of_a_collection(tmp_path: Path) -> None:
    chain = [p for p in font_chain("regular") if p.suffix.lower() == ".ttf"]
    if len(chain) < 2:
        pytest.skip("needs two TrueType fonts")
    collection = TTCollection()
    collection.fonts = [TTFont(str(chain[1])), TTFont(str(chain[0]))]
    target = tmp_path / "pair.ttc"
    collection.save(str(target))
    assert _reference(chain[1]) != _reference(chain[0])
    assert read_cmap(target) == _reference(target) == _reference(chain[1])


def test_declines_what_it_cannot_read(tmp_path: Path) -> None:
    font = font_chain("regular")[0]
    truncated = tmp_path / "cut.ttf"
    truncated.write_bytes(font.read_bytes()[:200])
    not_a_font = tmp_path / "text.ttf"
    not_a_font.write_text("hello")
    assert read_cmap(truncated) is None
    assert read_cmap(not_a_font) is None
    assert read_cmap(tmp_path / "missing.ttf") is None
