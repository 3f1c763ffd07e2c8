"""The PDF writer: nothing lost, fonts embedded, structure, profiles, reproducibility."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from helpers.paths import ROOT, shared_files
from helpers.pdf import (
    HOSTILE,
    PROSE,
    body_lines,
    build_pdf,
    expected_texts,
    first_text_page,
    hostile_book,
    letters,
    para,
)
from pypdf import PdfReader

from bookbinder import api, toc
from bookbinder.errors import UsageError
from bookbinder.model import Chapter, Manuscript, Metadata, SceneBreak
from bookbinder.writers.pdf.layout import INCH, hyphenator, kdp_gutter


@pytest.fixture(scope="module")
def screen_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Manuscript, PdfReader, list[str]]:
    book = hostile_book()
    warnings: list[str] = []
    reader = build_pdf(book, tmp_path_factory.mktemp("screen") / "book.pdf", warnings)
    return book, reader, warnings


@pytest.fixture(scope="module")
def print_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Manuscript, PdfReader]:
    book = hostile_book()
    return book, build_pdf(book, tmp_path_factory.mktemp("print") / "book.pdf", profile="print")


def test_every_word_in_order_screen(screen_pdf: tuple[Manuscript, PdfReader, list[str]]) -> None:
    book, reader, _ = screen_pdf
    assert letters(body_lines(reader)) == letters(expected_texts(book))


def test_every_word_in_order_print(print_pdf: tuple[Manuscript, PdfReader]) -> None:
    book, reader = print_pdf
    assert letters(body_lines(reader)) == letters(expected_texts(book))


def test_markup_in_the_text_comes_out_as_written(screen_pdf: tuple[Manuscript, PdfReader, list[str]]) -> None:
    _, reader, _ = screen_pdf
    text = "".join(body_lines(reader)).replace("\n", " ")
    for hostile in HOSTILE:
        assert hostile in text
    assert "The <Harbour> & the Sea" in text


def test_every_font_embedded_and_no_base14(
    screen_pdf: tuple[Manuscript, PdfReader, list[str]], print_pdf: tuple[Manuscript, PdfReader]
) -> None:
    for reader in (screen_pdf[1], print_pdf[1]):
        seen = set()
        for page in reader.pages:
            resources = page["/Resources"]
            for font in resources.get("/Font", {}).values():
                font = font.get_object()
                seen.add(font["/BaseFont"])
                assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
        assert any("EBGaramond" in name for name in seen)  # the default style's face
        assert not any(re.search(r"Helvetica|Times|Courier|Symbol|ZapfDingbats", n) for n in seen)


def test_no_base14_name_anywhere_in_the_file(tmp_path: Path) -> None:
    reader = build_pdf(hostile_book(2), tmp_path / "b.pdf", profile="print")
    assert reader.pages
    data = (tmp_path / "b.pdf").read_bytes()
    for name in (b"Helvetica", b"Times-Roman", b"Courier", b"ZapfDingbats"):
        assert name not in data


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
def test_pdffonts_reports_every_font_embedded(tmp_path: Path) -> None:
    build_pdf(hostile_book(2), tmp_path / "b.pdf")
    out = subprocess.run(
        ["pdffonts", str(tmp_path / "b.pdf")], capture_output=True, text=True, check=True
    ).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\s(yes)\s+(yes)\s+(yes)\s+\d+\s+\d+$", row), row


def _outline_titles(items: list[Any], depth: int = 0) -> Iterator[tuple[int, str]]:
    for item in items:
        if isinstance(item, list):
            yield from _outline_titles(item, depth + 1)
        else:
            yield depth, item.title


def test_outline_nests_parts_and_chapters(screen_pdf: tuple[Manuscript, PdfReader, list[str]]) -> None:
    book, reader, _ = screen_pdf
    expected = [(0, "Contents")]
    for entry in toc.build_toc(book):
        expected.append((0, entry.title))
        expected += [(1, child.title) for child in entry.children]
    expected += [(0, s.title) for s in book.back_matter]
    assert list(_outline_titles(reader.outline)) == expected
    chapters = [t for d, t in _outline_titles(reader.outline) if d == 1]
    assert len(chapters) == len(book.chapters)


def _toc_numbers(reader: PdfReader) -> dict[str, str]:
    """Title -> page number printed on the contents page(s)."""
    start = next(i for i, p in enumerate(reader.pages) if (p.extract_text() or "").startswith("Contents"))
    text = "\n".join((reader.pages[i].extract_text() or "") for i in range(start, first_text_page(reader)))
    pairs = re.findall(r"^(?!Contents)(.+?)\n(?:[. ]+\n)?(\d+)$", text, flags=re.MULTILINE)
    return {title.strip(): number for title, number in pairs}


def test_toc_page_numbers_match_outline_pages(screen_pdf: tuple[Manuscript, PdfReader, list[str]]) -> None:
    book, reader, _ = screen_pdf
    printed = _toc_numbers(reader)
    labels = reader.page_labels
    found = {}
    for item in reader.outline:
        for leaf in item if isinstance(item, list) else [item]:
            found[leaf.title] = labels[reader.get_destination_page_number(leaf)]
    chapters = [toc.chapter_label(book, i) for i in range(len(book.chapters))]
    assert set(chapters) <= set(printed)
    for title, number in printed.items():
        assert found[title] == number, title


def test_chapters_start_on_recto_with_labels(print_pdf: tuple[Manuscript, PdfReader]) -> None:
    book, reader = print_pdf
    printed = _toc_numbers(reader)
    labels = reader.page_labels
    assert labels[0] == "i" and labels[1] == "ii"
    for index in range(len(book.chapters)):
        number = printed[toc.chapter_label(book, index)]
        assert int(number) % 2 == 1
        page = reader.pages[labels.index(number)]
        # the number line and the title line, apart: the label's words in order
        assert letters([toc.chapter_label(book, index)]) in letters([page.extract_text() or ""])
    # physical page parity: the book's page 1 (title page) is the first physical page in print
    assert (labels.index("1") + 1) % 2 == 1


def test_print_profile_has_no_outline_links_and_even_pages(print_pdf: tuple[Manuscript, PdfReader]) -> None:
    _, reader = print_pdf
    assert len(reader.pages) % 2 == 0
    assert not reader.outline
    assert "/Outlines" not in reader.trailer["/Root"]
    for page in reader.pages:
        assert "/Annots" not in page


def test_screen_profile_cover_first_and_links(screen_pdf: tuple[Manuscript, PdfReader, list[str]]) -> None:
    _, reader, _ = screen_pdf
    assert reader.page_labels[0] == "Cover"
    assert "/XObject" in reader.pages[0]["/Resources"]
    links = sum(len(p.get("/Annots", [])) for p in reader.pages)
    assert links >= 7  # one per contents line: 2 parts, 5 chapters, back matter


def test_print_inside_margin_follows_kdp_table(tmp_path: Path) -> None:
    long_book = Manuscript(
        Metadata(title="Long"),
        tuple(Chapter(f"Chapter {i}", tuple(para(PROSE * 6) for _ in range(14))) for i in range(40)),
    )
    reader = build_pdf(long_book, tmp_path / "long.pdf", profile="print", page_size="5x8in")
    pages = len(reader.pages)
    assert pages > 300
    lefts = []

    def keep(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            lefts.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    recto = reader.pages[first_text_page(reader) + 2]  # a recto body page
    recto.extract_text(visitor_text=keep)
    assert min(lefts) >= kdp_gutter(pages) - 0.5
    assert kdp_gutter(pages) >= 0.625 * INCH


def test_rebuilds_are_byte_identical(tmp_path: Path) -> None:
    book = hostile_book(3)
    for profile in ("screen", "print"):
        build_pdf(book, tmp_path / "a.pdf", profile=profile)
        build_pdf(hostile_book(1), tmp_path / "other.pdf")  # state from another book must not leak (R6)
        build_pdf(book, tmp_path / "b.pdf", profile=profile)
        assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_metadata_in_the_info_dictionary(screen_pdf: tuple[Manuscript, PdfReader, list[str]]) -> None:
    book, reader, _ = screen_pdf
    info = reader.metadata
    assert info is not None
    assert info.title == book.metadata.title
    assert info.author == "R. Vale"
    assert info.subject == "A test book."
    assert "harbour" in str(info.get("/Keywords"))
    assert str(info.creator).startswith("bookbinder")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert str(info["/CreationDate"]).startswith("D:20231114")


def test_missing_glyph_is_a_warning_naming_it(tmp_path: Path) -> None:
    book = Manuscript(Metadata(title="Odd"), (Chapter("One", (para("private \ue000 use and \U0010fffd"),)),))
    warnings: list[str] = []
    build_pdf(book, tmp_path / "odd.pdf", warnings)
    assert len(warnings) == 1
    assert "U+E000" in warnings[0] and "U+10FFFD" in warnings[0]


def test_fallback_fonts_draw_cjk_and_emoji(screen_pdf: tuple[Manuscript, PdfReader, list[str]]) -> None:
    _, reader, warnings = screen_pdf
    fonts = {
        f.get_object()["/BaseFont"] for p in reader.pages for f in p["/Resources"].get("/Font", {}).values()
    }
    assert any("DejaVuSans" in f for f in fonts)  # the emoji
    assert any("NotoSansCJK" in f for f in fonts)  # installed by pyproject.toml on every machine
    assert "😀" in "".join(body_lines(reader))  # non-BMP characters survive text extraction
    assert not warnings
    assert "你好世界" in "".join(body_lines(reader))


@pytest.mark.parametrize(
    ("size", "points"),
    [
        ("6x9in", (432, 648)),
        ("5x8in", (360, 576)),
        ("5.5x8.5in", (396, 612)),
        ("A5", (419.5, 595.3)),
        ("A4", (595.3, 841.9)),
        ("letter", (612, 792)),
        ("140x210mm", (396.9, 595.3)),
        ("400x600pt", (400, 600)),
    ],
)
def test_trim_sizes(tmp_path: Path, size: str, points: tuple[float, float]) -> None:
    book = Manuscript(Metadata(title="Trim"), (Chapter("One", (para(PROSE * 10),)),))
    reader = build_pdf(book, tmp_path / "t.pdf", page_size=size)
    box = reader.pages[1].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(points, abs=0.1)
    assert letters(body_lines(reader, size)) == letters(["One", PROSE * 10])


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    book = Manuscript(Metadata(title="X"), (Chapter("One", (para("a"),)),))
    with pytest.raises(UsageError, match="page size"):
        build_pdf(book, tmp_path / "x.pdf", page_size="huge")
    with pytest.raises(UsageError, match="profile"):
        build_pdf(book, tmp_path / "x.pdf", profile="kindle")


def test_hyphenation_follows_the_language(tmp_path: Path) -> None:
    assert hyphenator("en") is not None and hyphenator("fr") is not None
    assert hyphenator("zz") is None
    # Long words leave no good breaks at spaces alone: the line breaker must hyphenate them.
    long_words = "the uncharacteristically incomprehensible misunderstandings notwithstanding " * 20
    book = Manuscript(Metadata(title="H"), (Chapter("One", tuple(para(long_words) for _ in range(3))),))
    reader = build_pdf(book, tmp_path / "h.pdf")
    lines = "".join(body_lines(reader)).splitlines()
    assert any(re.search(r"[a-z]-$", line) for line in lines)  # words broken at line ends


def test_print_warns_when_kdp_would_refuse_the_page_count(tmp_path: Path) -> None:
    warnings: list[str] = []
    reader = build_pdf(hostile_book(1), tmp_path / "thin.pdf", warnings, profile="print")
    assert len(reader.pages) < 24
    assert warnings == [f"{len(reader.pages)} pages: KDP paperbacks need 24 to 828 pages"]
    screen_warnings: list[str] = []
    build_pdf(hostile_book(1), tmp_path / "screen.pdf", screen_warnings)
    assert screen_warnings == []


def test_print_writes_the_cover_wrap(tmp_path: Path) -> None:
    made: list[Path] = []

    @contextmanager
    def side(suffix: str) -> Iterator[Path]:
        path = tmp_path / f"book{suffix}"
        made.append(path)
        yield path

    reader = build_pdf(hostile_book(2), tmp_path / "book.pdf", side=side, profile="print")
    assert [p.name for p in made] == ["book-cover.pdf"]
    wrap = PdfReader(io.BytesIO(made[0].read_bytes()))
    width = float(wrap.pages[0].mediabox.width)
    assert width > 2 * 432  # back + spine + front, with bleed
    assert len(reader.pages) % 2 == 0


@pytest.mark.parametrize("seed", shared_files("seeds"), ids=lambda p: p.name)
def test_seed_every_word_in_order(tmp_path: Path, seed: Path) -> None:
    manuscript = api.read(seed).manuscript
    reader = build_pdf(manuscript, tmp_path / "seed.pdf")
    assert letters(body_lines(reader)) == letters(expected_texts(manuscript))


def test_indents_flush_after_headings_and_scene_breaks(tmp_path: Path) -> None:
    blocks = (para("First " * 40), para("Second " * 40), SceneBreak(), para("Third " * 40))
    book = Manuscript(Metadata(title="I"), (Chapter("One", blocks),))
    reader = build_pdf(book, tmp_path / "i.pdf")
    starts: dict[str, float] = {}

    def keep(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        word = text.strip().split(" ")[0] if text.strip() else ""
        if word in {"First", "Second", "Third"} and word not in starts:
            starts[word] = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]

    reader.pages[first_text_page(reader)].extract_text(visitor_text=keep)
    assert starts["First"] == pytest.approx(starts["Third"], abs=0.5)  # flush after heading, scene break
    assert starts["Second"] > starts["First"] + 5  # indented otherwise


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_preview_renders_the_pages_a_person_checks(tmp_path: Path) -> None:
    from PIL import Image

    build_pdf(hostile_book(2), tmp_path / "book.pdf")
    command = [sys.executable, "-m", "scripts.preview", "--out", str(tmp_path / "preview"), "--dpi", "30"]
    subprocess.run([*command, "--pdf", str(tmp_path / "book.pdf")], cwd=ROOT, check=True, capture_output=True)
    from scripts.preview import chosen_pages

    chosen = chosen_pages(tmp_path / "book.pdf")
    assert {"cover", "title", "copyright", "contents", "opening", "spread", "scene break"} <= set(chosen)
    with Image.open(tmp_path / "preview" / "book.png") as image:  # one contact sheet with them all
        assert image.size[0] > 4 * image.size[1] / 3


def test_line_breaks_read_back_follow_the_rules(tmp_path: Path) -> None:
    """Names never hyphenated, two letters before and three after a break, at most two
    hyphenated lines running: read back from the PDF the reader gets."""
    names = ("Elizabeth", "Fitzwilliam", "Netherfield", "Longbourn", "Pemberley")
    text = " ".join(f"the {name} uncharacteristically incomprehensible misunderstandings" for name in names)
    book = Manuscript(Metadata(title="H"), (Chapter("One", tuple(para(text * 3) for _ in range(4))),))
    reader = build_pdf(book, tmp_path / "rules.pdf")
    lines = [line.strip() for line in "".join(body_lines(reader)).splitlines() if line.strip()]
    hyphenated = [bool(re.search(r"[a-z]-$", line)) for line in lines]
    assert any(hyphenated)
    assert not any(all(hyphenated[i : i + 3]) for i in range(len(lines) - 2))
    for line, following, broken in zip(lines, lines[1:], hyphenated, strict=False):
        if broken:
            before = line.split()[-1].rstrip("-")
            assert before[:1].islower() and len(before) >= 2, line
            assert len(re.split(r"\W", following.split()[0])[0]) >= 3, following
