"""The EPUB writer: EPUB 3 with an EPUB 2 NCX, through ebooklib, byte-reproducible.

Reading order: cover, title page, "About this book" (when the metadata has an archive's
preface), contents (the nav document), then parts and chapters one file each, then back matter
as appendices. ebooklib writes the OPF, the NCX and the container; every content document is
built by ``xhtml``/``frontmatter_pages`` as escaped XHTML bytes, so ebooklib never re-parses a
chapter (fast, and immune to its empty-document crash).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ebooklib import epub

from bookbinder import styles, toc, words
from bookbinder.metadata import stable_identifier
from bookbinder.metadata.display import copyright_lines, readable_date
from bookbinder.model import Manuscript
from bookbinder.version import __version__
from bookbinder.writers import BuildContext, Option, xhtml
from bookbinder.writers.epub import pages
from bookbinder.writers.epub.container import write_epub
from bookbinder.writers.epub.opf import apply_metadata

XHTML = "application/xhtml+xml"
CSS_PATH = "css/epub.css"
COVER_IMAGE = "images/cover.jpg"
TEXT_DIR = "text"


def stylesheet(style: str = styles.DEFAULT) -> bytes:
    """The book stylesheet: the shared base plus the rules generated from the style's definition."""
    from bookbinder.styles.css import stylesheet as generated

    return generated(style).encode("utf-8")


def _identifier(manuscript: Manuscript) -> str:
    """``resolve`` always sets one; a Manuscript built by hand without one gets the same kind."""
    meta = manuscript.metadata
    text = "\0".join(words.manuscript_texts(manuscript))
    return meta.identifier.strip() or stable_identifier({"title": meta.title, "authors": meta.authors}, text)


@dataclass
class _Assembly:
    """The documents of one book, collected in reading order."""

    book: epub.EpubBook
    language: str
    href: dict[str, str] = field(default_factory=dict)  # TOC target -> path from the OPF folder

    def add(self, uid: str, title: str, body: str, *, body_type: str, properties: Sequence[str] = (),
            body_class: str = "") -> epub.EpubItem:
        """Add one XHTML document (in the text folder) to the manifest and the spine."""
        name = f"{TEXT_DIR}/{uid}.xhtml"
        content = xhtml.document(title.strip() or self.book.title, self.language, body, body_type=body_type,
                                 stylesheet=f"../{CSS_PATH}", body_class=body_class)
        item = epub.EpubItem(uid=uid, file_name=name, media_type=XHTML, content=content)
        item.properties = list(properties)
        self.book.add_item(item)
        self.book.spine.append(item)
        self.href[uid] = name
        return item


def _ncx_toc(entries: Sequence[toc.TocEntry], href: dict[str, str]) -> list[object]:
    """ebooklib's TOC structure: parts become Sections that link to their own page."""
    out: list[object] = []
    for entry in entries:
        title = xhtml.clean(entry.title).strip() or entry.target
        if entry.children:
            out.append((epub.Section(title, href=href[entry.target]), _ncx_toc(entry.children, href)))
        else:
            out.append(epub.Link(href[entry.target], title, uid=f"nav-{entry.target}"))
    return out


def _depth(entries: Sequence[toc.TocEntry]) -> int:
    return 1 + max((_depth(e.children) for e in entries if e.children), default=0) if entries else 0


class EpubWriter:
    """Writes ``<stem>.epub``: EPUB 3 + NCX, cover, title page, preface, contents, landmarks."""

    name: ClassVar[str] = "epub"
    extension: ClassVar[str] = ".epub"
    options: ClassVar[tuple[Option, ...]] = (
        Option("style", styles.DEFAULT, "Book design (bookbinder.styles).", choices=styles.NAMES),
    )

    def cover_sizes(self, options: Mapping[str, object]) -> tuple[tuple[int, int], ...]:
        """The cover ``write`` will ask for, so the build can render it ahead (covers.prefetch)."""
        return ((pages.COVER_WIDTH, pages.COVER_HEIGHT),)

    def write(self, manuscript: Manuscript, target: Path, ctx: BuildContext) -> None:
        """Write ``manuscript`` as an EPUB to ``target``."""
        meta = manuscript.metadata
        design = styles.get(str(ctx.options.get("style", styles.DEFAULT)))
        book = epub.EpubBook()
        apply_metadata(book, meta, _identifier(manuscript))
        if xhtml.direction(meta.language) == "rtl":
            book.set_direction("rtl")
        book.add_item(epub.EpubItem(uid="css", file_name=CSS_PATH, media_type="text/css",
                                    content=stylesheet(design.name)))
        cover = ctx.cover.render(pages.COVER_WIDTH, pages.COVER_HEIGHT)
        book.set_cover(COVER_IMAGE, cover, create_page=False)  # the image and <meta name="cover"> only
        doc = _Assembly(book, meta.language)

        doc.add("cover", "Cover", pages.cover_body(f"../{COVER_IMAGE}", book.title), body_type="cover",
                properties=["svg"], body_class="cover")
        doc.add("titlepage", book.title, pages.title_page_body(meta), body_type="frontmatter",
                body_class="titlepage")
        edition = f"This edition: {readable_date(ctx.timestamp.strftime('%Y-%m'))}."
        colophon = copyright_lines(meta, f"Made with bookbinder {__version__}.", edition)
        doc.add("copyright", "Copyright", pages.copyright_body(colophon), body_type="frontmatter",
                body_class="copyright")
        front: list[toc.TocEntry] = []
        if pages.has_about(meta):
            story = words.story_words(manuscript.chapters)
            doc.add("about", "About this book", pages.about_body(meta, story, len(manuscript.chapters)),
                    body_type="frontmatter")
            front.append(toc.TocEntry("About this book", "about"))
        nav_item = epub.EpubItem(uid="nav", file_name="nav.xhtml", media_type=XHTML)
        nav_item.properties = ["nav"]
        book.add_item(nav_item)
        book.spine.append(nav_item)
        doc.href["nav"] = "nav.xhtml"

        story_start = self._add_story(manuscript, doc, design.scene_break)
        back = [toc.TocEntry(s.title.strip() or f"Appendix {n}", f"appendix{n:02d}")
                for n, s in enumerate(manuscript.back_matter, start=1)]
        for entry, section in zip(back, manuscript.back_matter, strict=True):
            doc.add(entry.target, entry.title, xhtml.appendix_section(entry.target, section),
                    body_type="backmatter")

        entries = (*front, *toc.build_toc(manuscript), *back) or (toc.TocEntry(book.title, "titlepage"),)
        landmarks = [("cover", doc.href["cover"], "Cover"),
                     ("titlepage", doc.href["titlepage"], "Title Page"),
                     ("toc", "nav.xhtml#toc", "Contents")]
        if story_start:
            landmarks.append(("bodymatter", doc.href[story_start], "Start of Text"))
        nav_item.content = xhtml.document(
            "Contents", meta.language, pages.nav_body(entries, doc.href, landmarks), body_type="frontmatter",
            stylesheet=CSS_PATH, body_class="contents")
        # The EPUB 2 guide mirrors the landmarks for older Kindle and Kobo software.
        guide_types = {"titlepage": "title-page", "bodymatter": "text"}
        book.guide = [{"type": guide_types.get(kind, kind), "href": href, "title": label}
                      for kind, href, label in landmarks]
        book.toc = _ncx_toc(entries, doc.href)
        book.add_item(epub.EpubNcx())
        write_epub(target, book, timestamp=ctx.timestamp, ncx_depth=max(1, _depth(entries)))

    @staticmethod
    def _add_story(
        manuscript: Manuscript, doc: _Assembly, scene_break: str = xhtml.SCENE_BREAK
    ) -> str | None:
        """Add part pages and chapters in reading order; returns the first story document's id."""
        parts = toc.part_starts(manuscript)
        first: str | None = None
        for index, chapter in enumerate(manuscript.chapters):
            if index in parts:
                title, part_id = parts[index]
                doc.add(part_id, title, xhtml.part_section(part_id, title), body_type="bodymatter",
                        body_class="part")
                first = first or part_id
            chapter_id = toc.chapter_id(index)
            label = toc.chapter_label(manuscript, index)
            body = xhtml.chapter_section(
                chapter_id, chapter.title, xhtml.blocks(chapter.blocks, scene_break=scene_break)
            )
            doc.add(chapter_id, label, body, body_type="bodymatter", body_class="chapter")
            first = first or chapter_id
        return first
