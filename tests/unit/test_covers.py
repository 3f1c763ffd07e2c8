"""Generated covers: size, determinism, contrast, text fitting, non-Latin titles, speed."""

from __future__ import annotations

import io
import os
import statistics
import struct
import subprocess
import sys
import time
import zlib
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.books import crowded_cover_metadata
from helpers.paths import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from bookbinder import api
from bookbinder.covers import CoverArt, resolve_cover
from bookbinder.covers.art import compose, design_rng
from bookbinder.covers.motifs import PALETTES, choose_palette
from bookbinder.covers.typeset import (
    balanced_wrap,
    choose_font,
    contrast_ratio,
    face,
    font_chain,
    missing_glyphs,
)
from bookbinder.errors import CoverError
from bookbinder.fonts import book_font
from bookbinder.metadata.display import capitals, names, series_line
from bookbinder.model import Metadata

LONG_TITLE = (
    "The Extraordinary and Entirely Unlikely Chronicle of a Lighthouse Keeper Who Learned "
    "to Speak With the Tides at Dusk Too"
)
assert len(LONG_TITLE) == 120

BOOKS = {
    "plain": Metadata("The Lantern Keeper", ("R. Vale",)),
    "one-word": Metadata("Rain", ("Ann Smith",)),
    "long": crowded_cover_metadata(LONG_TITLE),
    "no-author": Metadata("Anonymous Letters"),
    "greek": Metadata("Η Οδύσσεια", ("Όμηρος",)),
    "cyrillic": Metadata("Война и мир", ("Лев Толстой",)),
    "one-long-word": Metadata("Supercalifragilisticexpialidociousnesslessnessishly"),
}
SIZES = [(1600, 2560), (1838, 2775), (1000, 1000), (2400, 1200), (600, 960)]


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_epub_cover_is_a_1600x2560_rgb_jpeg() -> None:
    image = decode(CoverArt(BOOKS["plain"]).render(1600, 2560))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (1600, 2560))
    assert "exif" not in image.info and "icc_profile" not in image.info


@pytest.mark.parametrize("size", SIZES)
def test_any_size_and_aspect_is_rendered_exactly(size: tuple[int, int]) -> None:
    assert decode(CoverArt(BOOKS["long"]).render(*size)).size == size


def test_same_metadata_gives_the_same_bytes_in_two_processes() -> None:
    first = CoverArt(BOOKS["long"]).render(800, 1280)
    assert CoverArt(BOOKS["long"]).render(800, 1280) == first
    code = (
        "import sys; from bookbinder.covers import CoverArt; from bookbinder.model import Metadata; "
        f"sys.stdout.buffer.write(CoverArt(Metadata({LONG_TITLE!r}, ('Someone With A Rather Long Pen Name', "
        "'A Co-Author'), subtitle='Being a True Account of the Years Between', series='Tides', "
        "series_index=2.0)).render(800, 1280))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    ).stdout
    assert other == first


def test_different_books_get_different_designs() -> None:
    titles = [f"Story number {i}" for i in range(40)]
    designs = {
        (choose_palette(design_rng(Metadata(t))).field, compose(Metadata(t), 80, 128).image.tobytes())
        for t in titles
    }
    assert len(designs) == len(titles)
    fields = Counter(choose_palette(design_rng(Metadata(t))).field for t in titles)
    assert len(fields) >= 10  # the palettes really vary, not one colour with small differences


def test_wcag_formula_matches_published_values() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)


def test_every_palette_choice_meets_aa_contrast() -> None:
    for seed in range(400):  # covers every curated palette and the whole range of hue turns
        import random

        palette = choose_palette(random.Random(seed))
        assert contrast_ratio(palette.ink, palette.field) >= 4.5
        assert contrast_ratio(palette.secondary, palette.field) >= 4.5
    assert len(PALETTES) >= 10


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_rendered_text_pixels_meet_aa_contrast(name: str) -> None:
    generated = compose(BOOKS[name], 1600, 2560)
    picture = decode(CoverArt(BOOKS[name]).render(1600, 2560))  # after JPEG, as a reader sees it
    for role, (x0, y0, x1, y1) in generated.boxes:
        ink = set(picture.crop((x0, y0, x1 + 1, y1 + 1)).get_flattened_data())
        ring = [picture.getpixel((x, y)) for x in range(x0 - 6, x1 + 7, 3) for y in (y0 - 6, y1 + 6)]
        background = Counter(ring).most_common(1)[0][0]  # what surrounds the line
        darkest_or_lightest = max(ink, key=lambda p: contrast_ratio(p, background))
        assert contrast_ratio(darkest_or_lightest, background) >= 4.5, (role, darkest_or_lightest, background)
        assert contrast_ratio(background, generated.palette.field) < 1.1  # text sits on the plain field


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", sorted(BOOKS))
def test_text_fits_inside_the_canvas_and_never_overlaps(name: str, size: tuple[int, int]) -> None:
    width, height = size
    generated = compose(BOOKS[name], width, height)
    margin_x, margin_y = width * 0.04, height * 0.02
    boxes = [box for _, box in generated.boxes]
    assert boxes
    for x0, y0, x1, y1 in boxes:
        assert margin_x <= x0 < x1 <= width - margin_x
        assert margin_y <= y0 < y1 <= height - margin_y
        assert not _overlaps((x0, y0, x1, y1), generated.plan.band)
    for i, a in enumerate(boxes):
        assert not any(_overlaps(a, b) for b in boxes[i + 1 :])


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_no_word_is_lost_in_wrapping(name: str) -> None:
    book = BOOKS[name]
    plan = compose(book, 1600, 2560).plan
    set_text = {b.role: " ".join(b.fitted.lines) for b in plan.blocks}
    assert set_text["title"].split() == book.title.split() or "".join(set_text["title"].split()) == "".join(
        book.title.split()
    )
    assert ("author" in set_text) == bool(book.authors)
    if book.series:
        assert set_text["series"] == "Tides, Book 2"
    if book.subtitle:
        assert set_text["subtitle"].split() == book.subtitle.split()


@pytest.mark.parametrize(("name", "smallest"), [("one-word", 0.14), ("plain", 0.1), ("long", 0.045)])
def test_titles_are_readable_as_a_160px_thumbnail(name: str, smallest: float) -> None:
    title = next(b for b in compose(BOOKS[name], 1600, 2560).plan.blocks if b.role == "title")
    assert title.fitted.size >= 1600 * smallest
    assert title.fitted.size * 160 / 1600 >= 7  # x-height of a few pixels at thumbnail size


def test_balanced_lines_are_even() -> None:
    font = face(book_font("bold"), 100)
    lines = balanced_wrap(font, "The quick brown fox jumps over the lazy dog again", 1400)
    widths = [font.getlength(line) for line in lines]
    assert len(lines) == 2 and min(widths) / max(widths) > 0.8
    assert " ".join(lines) == "The quick brown fox jumps over the lazy dog again"


def test_missing_author_leaves_no_byline() -> None:
    plan = compose(BOOKS["no-author"], 1600, 2560).plan
    assert [b.role for b in plan.blocks] == ["title"] and plan.rule is None
    assert names(()) is None and names(("  ",)) is None


def test_series_line_and_byline_wording() -> None:
    def series(name: str, index: float | None) -> str | None:
        return series_line(Metadata(title="T", series=name, series_index=index))

    assert series("Tides", 2.0) == "Tides, Book 2"
    assert series("Tides", 2.5) == "Tides, Book 2.5"
    assert series("Tides", None) == "Tides"
    assert names(("a", "b", "c")) == "a, b & c"
    assert capitals("a, b & c") == "A, B & C"
    assert capitals("Όμηρος") == "ΟΜΗΡΟΣ"  # Greek capitals drop their accents


def _glyph_images(text: str, font_path: object) -> list[bytes]:
    font = face(font_path, 64)  # type: ignore[arg-type]
    images = []
    for ch in text:
        canvas = Image.new("L", (100, 100), 0)
        ImageDraw.Draw(canvas).text((10, 10), ch, font=font, fill=255)
        images.append(canvas.tobytes())
    return images


@pytest.mark.parametrize("text", ["Οδύσσεια", "Толстой", "火影忍者"])
def test_non_latin_titles_get_real_glyphs_not_tofu(text: str) -> None:
    chosen = choose_font(text, "bold")
    if missing_glyphs(text, chosen):
        pytest.skip(f"no installed font draws {text!r} (install fonts-droid-fallback for CJK)")
    assert len(set(_glyph_images(text, chosen))) == len(set(text))  # a distinct shape per letter
    # a font without any of these letters (not one lacking a few): identical tofu boxes
    lacking = next((p for p in font_chain("bold") if len(missing_glyphs(text, p)) == len(set(text))), None)
    if lacking is not None:
        assert len(set(_glyph_images(text, lacking))) == 1


def test_a_cjk_title_renders_with_a_cjk_font() -> None:
    book = Metadata("火影忍者：新的开始", ("岸本齐史",))
    plan = compose(book, 1600, 2560).plan
    title = next(b for b in plan.blocks if b.role == "title")
    if missing_glyphs(book.title, title.fitted.font):
        pytest.skip("no CJK font installed (fonts-droid-fallback provides one)")
    assert "".join(title.fitted.lines) == book.title  # broken between characters, none lost


def test_a_small_cover_is_the_large_design_reduced() -> None:
    art = CoverArt(BOOKS["long"])
    small = decode(art.render(160, 256))
    reduced = decode(art.render(1600, 2560)).resize((160, 256), Image.Resampling.LANCZOS)
    difference = [
        abs(a - b)
        for p, q in zip(small.get_flattened_data(), reduced.get_flattened_data(), strict=True)
        for a, b in zip(p, q, strict=True)
    ]
    assert small.size == (160, 256) and statistics.mean(difference) < 12


def test_generating_a_cover_is_fast() -> None:
    art = CoverArt(BOOKS["long"])
    art.render(1600, 2560)  # fonts loaded once per process
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        art.render(1600, 2560)
        timings.append(time.perf_counter() - start)
    # Target 0.3 s on an idle core; the bound is loose because CI shares two cores with others.
    assert statistics.median(timings) < 1.5


# --- user covers: precedence ---------------------------------------------------------------------


def save_image(
    path: Path,
    size: tuple[int, int] = (400, 640),
    colour: tuple[int, int, int] = (20, 120, 200),
    mode: str = "RGB",
    **options: object,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size, colour if mode == "RGB" else 0).save(path, **options)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The documented layout: <project>/seeds/story.txt; the tests run from another folder."""
    manuscript = tmp_path / "project" / "seeds" / "story.txt"
    manuscript.parent.mkdir(parents=True)
    manuscript.write_text("Title: A Story\nAuthor: Some One\n\nIt was a dark night.\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return manuscript


BOOK = Metadata("A Story", ("Some One",))


def test_without_any_image_the_cover_is_generated(project: Path) -> None:
    assert resolve_cover(project, BOOK).image is None


def test_covers_folder_beside_the_manuscripts_folder(project: Path) -> None:
    image = save_image(project.parent.parent / "covers" / "story.jpg")
    assert resolve_cover(project, BOOK).image == image


def test_covers_folder_in_the_manuscripts_own_folder_comes_first(project: Path) -> None:
    save_image(project.parent.parent / "covers" / "story.jpg")
    own = save_image(project.parent / "covers" / "story.webp")
    assert resolve_cover(project, BOOK).image == own


def test_covers_folder_in_the_current_directory(project: Path) -> None:
    image = save_image(Path.cwd() / "covers" / "story.png")
    assert resolve_cover(project, BOOK).image == image


def test_every_documented_suffix_is_found(project: Path) -> None:
    for suffix in (".jpg", ".jpeg", ".png", ".webp"):
        image = save_image(project.parent.parent / "covers" / f"story{suffix}")
        assert resolve_cover(project, BOOK).image == image
        image.unlink()


def test_metadata_cover_beats_the_covers_folder(project: Path) -> None:
    save_image(project.parent.parent / "covers" / "story.jpg")
    named = save_image(project.parent / "art" / "front.png")
    assert (
        resolve_cover(project, replace(BOOK, cover="art/front.png")).image == named
    )  # relative to the manuscript
    assert resolve_cover(project, replace(BOOK, cover=str(named))).image == named


def test_explicit_cover_beats_everything(project: Path) -> None:
    save_image(project.parent.parent / "covers" / "story.jpg")
    named = save_image(project.parent / "art" / "front.png")
    explicit = save_image(project.parent / "given.jpg")
    assert resolve_cover(project, replace(BOOK, cover=str(named)), explicit).image == explicit


def test_front_matter_cover_reaches_the_resolver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    image = save_image(tmp_path / "images" / "front.png")
    manuscript = tmp_path / "story.txt"
    manuscript.write_text(
        "Title: A Story\nCover: images/front.png\n\nIt was a dark night.\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path.parent)
    metadata = api.read(manuscript).manuscript.metadata
    assert resolve_cover(manuscript, metadata).image.resolve() == image.resolve()  # type: ignore[union-attr]


# --- user covers: failures -------------------------------------------------------------------------


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (no pixel data: a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )


def truncated_jpeg(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.effect_noise((800, 800), 60).convert("RGB").save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_text("this is not a picture"), "not an image"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40), "not an image"),
        (truncated_jpeg, "corrupt image"),
        (lambda p: p.write_bytes(png_header(9000, 9000)), "too large"),  # over our 64 MP limit
        (lambda p: p.write_bytes(png_header(10000, 10000)), "too large"),  # over Pillow's warning limit
        (lambda p: p.write_bytes(png_header(30000, 30000)), "too large"),  # Pillow's DecompressionBombError
        (lambda p: None, "no such file"),
    ],
)
def test_a_bad_cover_is_a_cover_error_naming_the_file(project: Path, make: object, reason: str) -> None:
    bad = project.parent / "bad.jpg"
    make(bad)  # type: ignore[operator]
    with pytest.raises(CoverError) as caught:
        resolve_cover(project, BOOK, bad)
    assert str(caught.value).startswith(f"{bad}: ") and reason in str(caught.value)
    assert caught.value.path == bad


def test_a_postscript_file_is_not_opened_as_an_image(project: Path) -> None:
    eps = project.parent / "cover.eps"  # Pillow's EPS plugin would run Ghostscript
    eps.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")
    with pytest.raises(CoverError, match="not an image"):
        resolve_cover(project, BOOK, eps)


def test_missing_and_directory_covers_fail(project: Path) -> None:
    with pytest.raises(CoverError, match="no such file"):
        resolve_cover(project, BOOK, project.parent / "nope.png")
    with pytest.raises(CoverError, match="no such file"):
        resolve_cover(project, replace(BOOK, cover="missing/front.png"))
    with pytest.raises(CoverError, match="directory"):
        resolve_cover(project, BOOK, project.parent)


def test_a_broken_image_in_covers_is_reported_not_replaced(project: Path) -> None:
    broken = project.parent.parent / "covers" / "story.png"
    broken.parent.mkdir()
    broken.write_text("oops")
    with pytest.raises(CoverError, match=r"story\.png: not an image"):
        resolve_cover(project, BOOK)


# --- user covers: conversion and fitting -------------------------------------------------------------


def test_cmyk_jpeg_becomes_rgb(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (160, 256), (0, 255, 255, 0)).save(path)  # pure red ink
    pixel = decode(CoverArt(BOOK, path).render(160, 256)).getpixel((80, 128))
    assert isinstance(pixel, tuple) and pixel[0] > 200 and pixel[1] < 60 and pixel[2] < 60


def test_palette_and_alpha_are_laid_on_white(tmp_path: Path) -> None:
    rgba = tmp_path / "alpha.png"
    Image.new("RGBA", (160, 256), (255, 0, 0, 0)).save(rgba)
    palette = tmp_path / "palette.png"
    Image.new("RGBA", (160, 256), (0, 0, 0, 0)).convert("P").save(palette, transparency=0)
    for path in (rgba, palette):
        pixel = decode(CoverArt(BOOK, path).render(160, 256)).getpixel((80, 128))
        assert isinstance(pixel, tuple) and min(pixel) > 245, path


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    path = tmp_path / "grey16.png"
    Image.new("I;16", (160, 256), 32768).save(path)
    pixel = decode(CoverArt(BOOK, path).render(160, 256)).getpixel((80, 128))
    assert isinstance(pixel, tuple) and 118 <= pixel[0] <= 138


def test_exif_orientation_is_honoured(tmp_path: Path) -> None:
    stored = Image.new("RGB", (256, 160), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 128, 160))  # left half red as stored
    exif = stored.getexif()
    exif[0x0112] = 6  # "rotate 90 clockwise to display": the stored left becomes the top
    path = tmp_path / "rotated.jpg"
    stored.save(path, exif=exif)
    picture = decode(CoverArt(BOOK, path).render(160, 256))
    top, bottom = picture.getpixel((80, 20)), picture.getpixel((80, 236))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 200 and top[2] < 60 and bottom[2] > 200 and bottom[0] < 60
    assert "exif" not in picture.info


def test_a_huge_image_is_scaled_down_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    Image.linear_gradient("L").resize((4000, 6400)).convert("RGB").save(path, quality=80)
    start = time.perf_counter()
    picture = decode(CoverArt(BOOK, path).render(1600, 2560))
    assert picture.size == (1600, 2560) and time.perf_counter() - start < 5


def _square_aspect(picture: Image.Image) -> float:
    """Width / height of the red square in ``picture``."""
    red, green, _ = picture.convert("RGB").split()
    mask = Image.new("L", picture.size, 0)
    mask.paste(255, mask=Image.eval(red, lambda v: 255 if v > 128 else 0))
    mask.paste(0, mask=Image.eval(green, lambda v: 255 if v > 128 else 0))  # the light ground is not red
    left, top, right, bottom = mask.getbbox() or (0, 0, 1, 1)
    return (right - left) / (bottom - top)


@pytest.mark.parametrize("size", [(1600, 2560), (1838, 2775), (2000, 1000), (1000, 1000)])
def test_user_cover_keeps_its_proportions_at_any_aspect(tmp_path: Path, size: tuple[int, int]) -> None:
    path = tmp_path / "square.png"
    art = Image.new("RGB", (800, 1280), (240, 240, 240))
    art.paste((230, 20, 20), (250, 490, 550, 790))  # a 300 x 300 red square in the middle
    art.save(path)
    picture = decode(CoverArt(BOOK, path).render(*size))
    assert picture.size == size
    assert _square_aspect(picture) == pytest.approx(1.0, abs=0.03)
    corner = picture.getpixel((2, 2))
    assert isinstance(corner, tuple) and min(corner) > 225  # padding matches the art's edge


def test_user_cover_bytes_are_stable(tmp_path: Path) -> None:
    path = save_image(tmp_path / "art.png")
    assert CoverArt(BOOK, path).render(600, 960) == CoverArt(BOOK, path).render(600, 960)


# --- `bookbinder cover` ----------------------------------------------------------------------------


def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bookbinder", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )


def test_cover_command_writes_the_generated_jpeg(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "cover.jpg"
    result = run_cli("cover", project, "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    picture = decode(out.read_bytes())
    assert (picture.format, picture.size) == ("JPEG", (1600, 2560))
    metadata = api.read(project).manuscript.metadata
    assert out.read_bytes() == CoverArt(metadata).render(1600, 2560)


def test_cover_command_uses_the_given_image(project: Path, tmp_path: Path) -> None:
    image = save_image(tmp_path / "mine.png", (800, 1280), (200, 30, 40))
    out = tmp_path / "cover.jpg"
    assert run_cli("cover", project, "--cover", image, "-o", out, cwd=tmp_path).returncode == 0
    pixel = decode(out.read_bytes()).getpixel((800, 1280))
    assert isinstance(pixel, tuple) and pixel[0] > 180 and pixel[1] < 60


@pytest.mark.parametrize(("content", "reason"), [(b"plain text", "not an image"), (None, "no such file")])
def test_cover_command_rejects_a_bad_cover_in_one_line(
    project: Path, tmp_path: Path, content: bytes | None, reason: str
) -> None:
    bad = tmp_path / "bad.png"
    if content is not None:
        bad.write_bytes(content)
    out = tmp_path / "cover.jpg"
    result = run_cli("cover", project, "--cover", bad, "-o", out, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}: {reason}")
    assert not out.exists() and not list(tmp_path.glob(".cover.jpg*"))


# --- any title fits ----------------------------------------------------------------------------------

words = st.text(st.characters(categories=("Lu", "Ll", "Nd"), max_codepoint=0x4FF), min_size=1, max_size=18)
titles = st.lists(words, min_size=1, max_size=22).map(" ".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=titles, authors=st.lists(words, max_size=3), subtitle=st.none() | titles)
def test_any_title_fits_without_overlap(title: str, authors: list[str], subtitle: str | None) -> None:
    book = Metadata(title, tuple(authors), subtitle=subtitle)
    generated = compose(book, 600, 960)
    boxes = [box for _, box in generated.boxes]
    for x0, y0, x1, y1 in boxes:
        assert 0 <= x0 < x1 <= 600 and 0 <= y0 < y1 <= 960
        assert not _overlaps((x0, y0, x1, y1), generated.plan.band)
    for i, a in enumerate(boxes):
        assert not any(_overlaps(a, b) for b in boxes[i + 1 :])
    title_block = next(b for b in generated.plan.blocks if b.role == "title")
    assert "".join("".join(title_block.fitted.lines).split()) == "".join(title.split())


def test_a_character_no_font_has_is_a_warning_not_a_silent_hole() -> None:
    assert CoverArt(BOOKS["cyrillic"]).warnings() == ()
    warnings = CoverArt(Metadata("The 𓀀 Scribe", ("Ann",))).warnings()
    assert len(warnings) == 1 and "U+13000" in warnings[0] and "title" in warnings[0]


def test_build_reports_the_cover_warning(tmp_path: Path) -> None:
    manuscript = tmp_path / "scribe.txt"
    manuscript.write_text("Title: The 𓀀 Scribe\nAuthor: Ann\n\nSome words here.\n", encoding="utf-8")
    seen: list[str] = []
    api.build(manuscript, api.BuildOptions(formats=("epub",), out_dir=tmp_path / "out"), warn=seen.append)
    assert any("cover" in message and "U+13000" in message for message in seen)


def test_a_huge_truncated_jpeg_is_caught_when_resolved(project: Path) -> None:
    big = project.parent / "big.jpg"
    buffer = io.BytesIO()
    Image.effect_noise((3600, 5760), 60).convert("RGB").save(buffer, "JPEG")
    big.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) * 2 // 3])
    with pytest.raises(CoverError, match="corrupt image"):
        resolve_cover(project, BOOK, big)


def test_preview_script_writes_thumbnails_and_a_contact_sheet(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "preview"
    root = ROOT
    result = subprocess.run(
        [sys.executable, "-m", "scripts.preview_covers", "--out", str(out), str(project)],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    sheet = Image.open(out / "contact-sheet.png")
    assert (out / "story.png").is_file() and sheet.width > 1000
    assert len(list(out.glob("*.png"))) >= 8  # the manuscript, the stress samples and the sheet
