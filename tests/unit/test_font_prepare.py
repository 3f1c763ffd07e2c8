"""Fonts come from Python packages; prepared cuts (static weights, small capitals) are cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbinder import fonts
from bookbinder.fonts import prepare
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


def _names(path: Path) -> tuple[str, str]:
    from fontTools.ttLib import TTFont

    table = TTFont(str(path), lazy=True)["name"]
    return str(table.getDebugName(4)), str(table.getDebugName(6))


@pytest.mark.parametrize("family", ["EB Garamond", "Crimson Pro", "Cormorant Garamond"])
def test_every_cut_of_a_variable_font_has_its_own_names(family: str) -> None:
    """reportlab keeps one font per PostScript name: cuts sharing one are drawn with the first."""
    cuts = {style: fonts.embeddable_font(family, style) for style in FAMILIES[family].files}
    names = {style: _names(path) for style, path in cuts.items()}
    for index in (0, 1):  # full names, PostScript names
        assert len({name[index] for name in names.values()}) == len(cuts), names
    assert "Bold" in names["bold"][1] and "Italic" in names["italic"][1], names


@pytest.mark.slow  # instances a variable font (~1.5 s)
def test_a_weight_the_font_does_not_name_still_gets_names_of_its_own() -> None:
    from fontTools.ttLib import TTFont

    source = FAMILIES["Crimson Pro"].files["regular"]
    path = source.location()
    assert path is not None
    cut = prepare._instance(TTFont(str(path), recalcTimestamp=False), 450)  # STAT names 400, 500
    assert str(cut["name"].getDebugName(6)) != _names(fonts.embeddable_font("Crimson Pro"))[1]
    assert str(cut["name"].getDebugName(6)).endswith("W450") and cut["OS/2"].usWeightClass == 450


def test_each_kind_of_cut_has_its_own_recipe() -> None:
    """Bumping the instancer's recipe remakes the weight cuts, not the minute-long CJK conversion."""
    cjk = FAMILIES["Noto Sans CJK"].files["regular"]
    bold = FAMILIES["EB Garamond"].files["bold"]
    small = FAMILIES["EB Garamond"].files["smallcaps"]
    assert prepare.recipe(cjk) == prepare.RECIPES["cff"]
    assert prepare.recipe(bold) == prepare.RECIPES["instance"]
    assert prepare.recipe(small) == f"{prepare.RECIPES['instance']}_{prepare.RECIPES['smallcaps']}"
