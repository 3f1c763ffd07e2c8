"""The print cover wrap: page size from page count and paper, spine text threshold, back cover."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from bookbinder.covers import CoverArt
from bookbinder.covers.typeset import choose_font, contrast_ratio, missing_glyphs
from bookbinder.errors import UsageError
from bookbinder.model import Metadata
from bookbinder.writers.pdf.cover_wrap import wrap_geometry, write_cover_wrap

TRIM_6X9 = (432.0, 648.0)
TRIM_5X8 = (360.0, 576.0)
HOSTILE = "AT&T <script>alert(1)</script> ]]> &amp; a<b then C&A&amp;B"
BOOK = Metadata("The Lantern Keeper", ("Mara Quill",), description="A keeper of lights. " + HOSTILE)


def wrap(
    tmp_path: Path,
    pages: int,
    paper: str = "white",
    trim: tuple[float, float] = TRIM_6X9,
    book: Metadata = BOOK,
    art: CoverArt | None = None,
    name: str = "wrap.pdf",
) -> Path:
    target = tmp_path / name
    write_cover_wrap(art or CoverArt(book), book, pages, trim, paper, target)
    return target


def page_text(path: Path) -> str:
    return " ".join(PdfReader(path).pages[0].extract_text().split())


@pytest.mark.parametrize(
    ("pages", "paper", "trim"),
    [
        (24, "white", TRIM_6X9),
        (300, "cream", TRIM_6X9),
        (79, "white", TRIM_5X8),
        (828, "cream", TRIM_5X8),
    ],
)
def test_page_size_is_bleed_back_spine_front_bleed(
    tmp_path: Path, pages: int, paper: str, trim: tuple[float, float]
) -> None:
    per_page = {"white": 0.002252, "cream": 0.0025}[paper]
    box = PdfReader(wrap(tmp_path, pages, paper, trim)).pages[0].mediabox
    expected_width_in = 0.125 + trim[0] / 72 + pages * per_page + trim[0] / 72 + 0.125
    assert float(box.width) == pytest.approx(expected_width_in * 72, abs=0.01)
    assert float(box.height) == pytest.approx(trim[1] + 0.25 * 72, abs=0.01)


def test_kdp_worked_example_6x9_300_pages_cream_is_13_by_9_25_inches(tmp_path: Path) -> None:
    box = PdfReader(wrap(tmp_path, 300, "cream")).pages[0].mediabox
    assert (float(box.width) / 72, float(box.height) / 72) == (pytest.approx(13.0), pytest.approx(9.25))


def test_trim_and_bleed_boxes_are_declared(tmp_path: Path) -> None:
    page = PdfReader(wrap(tmp_path, 200)).pages[0]
    trim = [float(v) for v in page.trimbox]
    assert trim == pytest.approx([9, 9, float(page.mediabox.width) - 9, float(page.mediabox.height) - 9])


@pytest.mark.parametrize("pages", [100, 400])
def test_spine_width_grows_with_pages_only(pages: int) -> None:
    white, cream = wrap_geometry(pages, TRIM_6X9, "white"), wrap_geometry(pages, TRIM_6X9, "cream")
    assert white.spine_width == pytest.approx(pages * 0.002252 * 72)
    assert cream.spine_width == pytest.approx(pages * 0.0025 * 72)
    assert white.back[2] == cream.back[2] == TRIM_6X9[0]


def test_spine_text_appears_from_79_pages(tmp_path: Path) -> None:
    without = page_text(wrap(tmp_path, 78, name="78.pdf"))
    with_spine = page_text(wrap(tmp_path, 79, name="79.pdf"))
    assert "Lantern Keeper" not in without and "Mara Quill" not in without
    assert "The Lantern Keeper" in with_spine and "Mara Quill" in with_spine


def test_spine_text_is_rotated_and_clear_of_the_folds(tmp_path: Path) -> None:
    reader = PdfReader(wrap(tmp_path, 300))
    geometry = wrap_geometry(300, TRIM_6X9, "white")
    spine_x, _, spine_w, _ = geometry.spine
    placed: list[tuple[float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip() in ("The Lantern Keeper", "Mara Quill"):
            baseline_x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]  # where the baseline sits on the page
            placed.append((cm[1], baseline_x, size))

    reader.pages[0].extract_text(visitor_text=visit)
    assert len(placed) == 2
    left, right = spine_x + 0.0625 * 72, spine_x + spine_w - 0.0625 * 72
    for rotation, baseline_x, size in placed:
        assert rotation == pytest.approx(-1.0, abs=1e-6)  # 90 degrees clockwise: reads top to bottom
        assert left <= baseline_x - 0.3 * size and baseline_x + 0.9 * size <= right  # descender..ascender


def test_hostile_summary_comes_through_as_text(tmp_path: Path) -> None:
    text = page_text(wrap(tmp_path, 50))
    assert "A keeper of lights. " + HOSTILE in text


def test_long_summary_shrinks_but_keeps_every_word(tmp_path: Path) -> None:
    words = [f"word{i}" for i in range(700)]
    book = Metadata("Long Blurb", ("A. Writer",), description=" ".join(words))
    text = page_text(wrap(tmp_path, 120, book=book))
    assert all(word in text.split() for word in (words[0], words[350], words[-1]))


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    first = wrap(tmp_path, 250, name="a.pdf").read_bytes()
    assert wrap(tmp_path, 250, name="b.pdf").read_bytes() == first


def test_only_embedded_truetype_fonts_are_used(tmp_path: Path) -> None:
    path = wrap(tmp_path, 300)
    resources = PdfReader(path).pages[0]["/Resources"]
    fonts = resources["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()
    assert b"Helvetica" not in path.read_bytes()


def test_unknown_paper_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="paper"):
        wrap(tmp_path, 100, paper="glossy")


def test_cyrillic_and_cjk_titles_reach_the_spine(tmp_path: Path) -> None:
    titles = ["Война и мир"]
    if not missing_glyphs("火影忍者", choose_font("火影忍者", "bold")):
        titles.append("火影忍者")
    for index, title in enumerate(titles):
        book = Metadata(title, ("Автор",))
        assert title in page_text(wrap(tmp_path, 200, book=book, name=f"{index}.pdf"))


def test_a_user_cover_fills_the_front(tmp_path: Path) -> None:
    image = tmp_path / "art.png"
    Image.new("RGB", (1600, 2560), (200, 30, 40)).save(image)
    path = wrap(tmp_path, 150, art=CoverArt(BOOK, image))
    png = _render(path, tmp_path)
    front = png.getpixel((png.width * 3 // 4, png.height // 2))
    assert isinstance(front, tuple) and front[0] > 150 and front[1] < 80


def _render(pdf: Path, tmp_path: Path) -> Image.Image:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        ["pdftoppm", "-r", "36", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True
    )
    return Image.open(tmp_path / "page.png").convert("RGB")


def test_barcode_box_is_clear_white_at_the_bottom_right_of_the_back(tmp_path: Path) -> None:
    book = Metadata("Crowded Back", ("A. Writer",), description="Many words on the back. " * 120)
    geometry = wrap_geometry(300, TRIM_6X9, "white")
    x, y, w, h = geometry.barcode
    assert (w, h) == (144.0, pytest.approx(86.4))
    assert x + w == pytest.approx(9 + 432 - 18)  # 0.25 in from the back's edge at the spine
    assert y == pytest.approx(9 + 18)  # 0.25 in from the bottom trim
    png = _render(wrap(tmp_path, 300, book=book), tmp_path)
    scale = png.width / geometry.page[0]
    top = png.height - (y + h) * scale
    inside = png.crop(
        (
            round((x + 2) * scale),
            round(top + 2),
            round((x + w - 2) * scale),
            round(png.height - (y + 2) * scale),
        )
    )
    assert set(inside.get_flattened_data()) == {(255, 255, 255)}
    assert re.search(r"Many words", page_text(tmp_path / "wrap.pdf"))


@pytest.mark.parametrize("ground", [(250, 250, 250), (120, 120, 120), (20, 30, 90), (230, 200, 40)])
def test_back_cover_text_meets_aa_contrast_on_a_user_cover(
    tmp_path: Path, ground: tuple[int, int, int]
) -> None:
    image = tmp_path / "art.png"
    Image.new("RGB", (800, 1280), ground).save(image)
    background, ink, _ = CoverArt(BOOK, image).colours()
    assert max(abs(a - b) for a, b in zip(background, ground, strict=True)) <= 2  # the art's own edge colour
    assert contrast_ratio(ink, background) >= 4.5


def test_back_cover_text_meets_aa_contrast_on_generated_art() -> None:
    for index in range(60):
        background, ink, _ = CoverArt(Metadata(f"Book {index}", ("A. Writer",))).colours()
        assert contrast_ratio(ink, background) >= 4.5
