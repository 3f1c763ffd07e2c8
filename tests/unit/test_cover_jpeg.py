"""Cover JPEGs: one painting and one encode per book, lossless row cuts, plain rows reused exactly."""

from __future__ import annotations

import io

import pytest
from helpers.books import crowded_cover_metadata
from PIL import Image, ImageChops

from bookbinder.covers import SCREEN_COVER, CoverArt, jpeg, sizes
from bookbinder.covers import art as cover_art
from bookbinder.covers.art import compose
from bookbinder.model import Metadata
from bookbinder.writers.epub import EpubWriter
from bookbinder.writers.pdf import PdfWriter

BOOKS = {
    "plain": Metadata("The Lantern Keeper", ("R. Vale",)),
    "long": crowded_cover_metadata(
        "The Extraordinary and Entirely Unlikely Chronicle of a Lighthouse Keeper Who Learned to Speak"
    ),
    "no-author": Metadata("Fic 0001"),
    "greek": Metadata("Η Οδύσσεια", ("Όμηρος",)),
    "cjk": Metadata("火影忍者：新的开始", ("岸本齐史",)),
}
for number in range(8):  # every motif and both band sides turn up among these
    BOOKS[f"story-{number}"] = Metadata(f"Story number {number}", (f"Author {number}",))


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None


@pytest.fixture(scope="module")
def design() -> Image.Image:
    return compose(BOOKS["long"], 1560, 2496).image


CUTS = [(0, 2340), (152, 2340), (8, 2488), (0, 2496), (2488, 8), (16, 1)]


@pytest.mark.parametrize(("top", "height"), CUTS)
def test_a_row_cut_decodes_to_exactly_the_rows_it_names(design: Image.Image, top: int, height: int) -> None:
    data = jpeg.encode(design)
    cut = jpeg.cut_rows(data, top, height)
    assert cut is not None
    assert same_pixels(decode(cut), decode(data).crop((0, top, design.width, top + height)))


def test_only_what_can_be_cut_losslessly_is_cut(design: Image.Image) -> None:
    data = jpeg.encode(design)
    assert jpeg.cut_rows(data, 4, 100) is None  # not on a block boundary
    assert jpeg.cut_rows(data, 0, design.height + 1) is None
    others = ({}, {"subsampling": 0, "progressive": True}, {"subsampling": 2, "restart_marker_rows": 1})
    for options in others:
        out = io.BytesIO()
        design.save(out, "JPEG", quality=90, **options)
        assert jpeg.cut_rows(out.getvalue(), 0, 100) is None, options


@pytest.mark.parametrize("size", [(1560, 2496), (1560, 2340), (600, 960), (2400, 1200), (1601, 2563)])
@pytest.mark.parametrize("name", sorted(BOOKS))
def test_encoding_only_the_painted_rows_gives_the_whole_encode(name: str, size: tuple[int, int]) -> None:
    generated = compose(BOOKS[name], *size)
    rows = jpeg.encode_rows(generated.image, generated.painted_rows(), generated.palette.field)
    assert rows == jpeg.encode(generated.image)


def test_the_plain_rows_really_are_the_field() -> None:
    """The premise of encode_rows: outside painted_rows a cover is its field colour, nothing else."""
    for metadata in BOOKS.values():
        generated = compose(metadata, 1560, 2496)
        covered = set()
        for top, bottom in generated.painted_rows():
            covered.update(range(max(top, 0), min(bottom, generated.image.height)))
        plain = [y for y in range(generated.image.height) if y not in covered]
        assert plain  # the text area has gaps
        for y in plain:
            colours = generated.image.crop((0, y, generated.image.width, y + 1)).getcolors(1)
            assert colours is not None and colours[0][1] == generated.palette.field, (metadata.title, y)


def test_both_screen_formats_ask_for_one_width() -> None:
    (epub_size,) = EpubWriter().cover_sizes({})
    (pdf_size,) = PdfWriter().cover_sizes({})
    assert epub_size == SCREEN_COVER and pdf_size[0] == SCREEN_COVER[0] and pdf_size[1] < epub_size[1]


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The sizes generated art is composed at, in order."""
    sizes_painted: list[tuple[int, int]] = []
    real = cover_art.compose

    def counting(metadata: Metadata, width: int, height: int) -> cover_art.Generated:
        sizes_painted.append((width, height))
        return real(metadata, width, height)

    monkeypatch.setattr(cover_art, "compose", counting)
    return sizes_painted


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_the_pdf_cover_page_is_cut_from_the_epub_design_painted_once(
    name: str, painted: list[tuple[int, int]]
) -> None:
    (pdf_size,) = PdfWriter().cover_sizes({})
    art = CoverArt(BOOKS[name])
    page, ebook = decode(art.render(*pdf_size)), decode(art.render(*SCREEN_COVER))
    assert painted == [SCREEN_COVER]
    generated = compose(BOOKS[name], *SCREEN_COVER)
    spare = SCREEN_COVER[1] - pdf_size[1]
    top = spare // jpeg.BLOCK * jpeg.BLOCK if generated.plan.side == "top" else 0  # off the band's edge
    assert page.size == pdf_size
    assert same_pixels(page, ebook.crop((0, top, pdf_size[0], top + pdf_size[1])))
    margin = sizes.TEXT_MARGIN * pdf_size[1]
    assert all(box[1] - top >= margin and box[3] - top <= pdf_size[1] - margin for _, box in generated.boxes)


def test_cover_bytes_do_not_depend_on_the_order_sizes_are_asked_for() -> None:
    (pdf_size,) = PdfWriter().cover_sizes({})
    book = BOOKS["plain"]
    first = CoverArt(book)
    pdf_first = (first.render(*pdf_size), first.render(*SCREEN_COVER))
    second = CoverArt(book)
    epub_first = (second.render(*SCREEN_COVER), second.render(*pdf_size))
    assert pdf_first == epub_first[::-1]


def test_a_size_too_far_from_the_design_is_painted_at_its_own_shape(painted: list[tuple[int, int]]) -> None:
    art = CoverArt(BOOKS["plain"])
    assert decode(art.render(1560, 2213)).size == (1560, 2213)  # A5: 11% shorter than 5:8
    assert painted == [(1560, 2213)]  # beyond CROP_TOLERANCE: not cut from the 5:8 design
