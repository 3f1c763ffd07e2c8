"""Fonts come from Python packages; prepared cuts (static weights, small capitals) are cached."""

from __future__ import annotations

from pathlib import Path

from bookbinder import fonts
from bookbinder.fonts.families import FALLBACKS, FAMILIES
from bookbinder.fonts.prepare import embeddable


def test_every_family_is_installed_by_the_project() -> None:
    for family in FAMILIES.values():
        for source in family.files.values():
            assert source.location() is not None, f"{family.name}: {source.package} not installed"


def test_no_system_font_is_consulted() -> None:
    for path in fonts.fallback_fonts("regular"):
        assert not str(path).startswith("/usr/share/fonts"), path


def test_variable_fonts_are_cut_at_the_weight_asked() -> None:
    from fontTools.ttLib import TTFont

    bold = embeddable(FAMILIES["EB Garamond"].files["bold"])
    assert bold is not None
    font = TTFont(str(bold), lazy=True)
    assert "fvar" not in font and font["OS/2"].usWeightClass == 700


def test_small_caps_cut_maps_lower_case_to_small_capitals() -> None:
    from fontTools.ttLib import TTFont

    plain = TTFont(str(fonts.embeddable_font("EB Garamond", "regular")), lazy=True).getBestCmap()
    small = TTFont(str(fonts.embeddable_font("EB Garamond", "smallcaps")), lazy=True).getBestCmap()
    assert small[ord("a")] != plain[ord("a")] and small[ord("A")] == plain[ord("A")]


def test_cjk_fallback_is_truetype_for_reportlab() -> None:
    assert FALLBACKS[-1] == "Noto Sans CJK"
    path = embeddable(FAMILIES["Noto Sans CJK"].files["regular"])
    assert path is not None and Path(path).read_bytes()[:4] == b"\x00\x01\x00\x00"
