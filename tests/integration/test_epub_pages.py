"""Print page numbers in the EPUB: the page list of a book built in both formats lands on the
PDF's page starts, checked on ten random pages."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime
from pathlib import Path

from helpers.epub import NS, Epub
from pypdf import PdfReader

from bookbinder import api
from bookbinder.covers import CoverArt
from bookbinder.model import Chapter, Manuscript, Metadata, Paragraph, Span
from bookbinder.writers import PAGE_STARTS, BuildContext
from bookbinder.writers.epub import EpubWriter
from bookbinder.writers.pdf import PdfWriter

TOKEN = re.compile(r"w(\d+)q(\d+)n\d+")


def _long_book() -> Manuscript:
    """Every word names its paragraph (w<chapter>q<paragraph>n<k>), so any line of a PDF page
    says which paragraph it belongs to."""
    chapters = tuple(
        Chapter(f"Chapter {c}", tuple(
            Paragraph((Span(" ".join(f"w{c}q{i}n{k}" for k in range(20 + (i * 7) % 60)) + "."),))
            for i in range(45)
        ))
        for c in range(1, 4)
    )
    return Manuscript(Metadata(title="Pages", authors=("A. Writer",)), chapters)


def _build_both(manuscript: Manuscript, tmp_path: Path) -> tuple[Epub, PdfReader]:
    ctx = BuildContext(cover=CoverArt(manuscript.metadata), timestamp=datetime(2024, 1, 1, tzinfo=UTC))
    PdfWriter().write(manuscript, tmp_path / "book.pdf", ctx)
    assert ctx.relay[PAGE_STARTS]
    EpubWriter().write(manuscript, tmp_path / "book.epub", ctx)
    return Epub(tmp_path / "book.epub"), PdfReader(tmp_path / "book.pdf")


def _page_list(book: Epub) -> list[tuple[str, str]]:
    nav_href = book.item_with_property("nav").attrib["href"]
    root = book.xml(nav_href)
    navs = root.iter(f"{{{NS['x']}}}nav")
    nav = next(n for n in navs if n.attrib.get(f"{{{NS['epub']}}}type") == "page-list")
    return [("".join(a.itertext()), a.attrib["href"]) for a in nav.iter(f"{{{NS['x']}}}a")]


def test_ten_random_pages_of_the_page_list_match_the_pdf(tmp_path: Path) -> None:
    book, pdf = _build_both(_long_book(), tmp_path)
    physical = {label: index for index, label in enumerate(pdf.page_labels)}
    body_pages = [(label, href) for label, href in _page_list(book) if label.isdigit() and "/ch" in href]
    assert len(body_pages) > 20
    for label, href in random.Random(16).sample(body_pages, 10):
        text = pdf.pages[physical[label]].extract_text()
        first = TOKEN.search(text)
        assert first is not None, text[:200]
        name, _, fragment = href.partition("#")
        doc = book.xml(name)
        parents = {child: parent for parent in doc.iter() for child in parent}
        marker = next(e for e in doc.iter() if e.attrib.get("id") == fragment)
        assert marker.attrib["aria-label"] == label
        holder = parents[marker]
        if holder.tag == f"{{{NS['x']}}}section":  # a chapter's first page: the marker opens it
            assert (f"w{first.group(1)}q0n0" in "".join(holder.itertext())), label
            assert first.group(2) == "0"
        else:
            paragraph = f"w{first.group(1)}q{first.group(2)}n"
            assert paragraph in "".join(holder.itertext()), (label, first.group(0))


def test_page_list_only_when_the_pdf_is_built_too(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "seeds" / "lantern-keeper.txt"
    (alone,) = api.build(source, api.BuildOptions(formats=("epub",), out_dir=tmp_path / "alone"))
    assert b"page-list" not in Epub(alone).read("nav.xhtml")
    assert b"pageNavigation" not in Epub(alone).zip.read(Epub(alone).opf_path)
    written = api.build(source, api.BuildOptions(formats=("epub", "pdf"), out_dir=tmp_path / "both"))
    assert [p.suffix for p in written] == [".epub", ".pdf"]  # in the order asked, built PDF first
    both = Epub(written[0])
    assert _page_list(both)
    opf = both.zip.read(both.opf_path).decode()
    assert "pageNavigation" in opf and 'property="pageBreakSource"' in opf
