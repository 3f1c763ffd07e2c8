"""The EPUB writer: EPUB 3 with an EPUB 2 NCX, through ebooklib, byte-reproducible.

Reading order: cover, title page, "About this book" (when the metadata has an archive's
preface), contents (the nav document), front matter, then volumes, parts and chapters one file
each, then back matter, each section with the epub:type its kind implies. ebooklib writes the
OPF, the NCX and the container; every content document is
built by ``xhtml``/``frontmatter_pages`` as escaped XHTML bytes, so ebooklib never re-parses a
chapter (fast, and immune to its empty-document crash).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ebooklib import epub

from bookbinder import styles, toc, words
from bookbinder.metadata import stable_identifier
from bookbinder.metadata.display import copyright_lines, edition_line
from bookbinder.model import AuthorNote, Manuscript, Section
from bookbinder.version import __version__
from bookbinder.writers import BuildContext, Option, xhtml
from bookbinder.writers.epub import labels, pages
from bookbinder.writers.epub.container import write_epub
from bookbinder.writers.epub.opf import Accessibility, apply_accessibility, apply_metadata
from bookbinder.writers.epub.pagelist import PageBreaks

XHTML = "application/xhtml+xml"
CSS_PATH = "css/epub.css"
COVER_IMAGE = "images/cover.jpg"
COVER_MEDIA_TYPE = "image/jpeg"
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


PageStarts = Sequence[tuple[str, str]]  # (page label, anchor): the PDF's page breaks (pagelist.py)


@dataclass
class Assembly:
    """One book being assembled: the ebooklib book, its documents in reading order, the contents.

    The steps of ``EpubWriter.assemble`` fill it in turn; a subclass (KEPUB) transforms the
    finished documents before the container is written.
    """

    manuscript: Manuscript
    ctx: BuildContext
    book: epub.EpubBook = field(default_factory=epub.EpubBook)
    href: dict[str, str] = field(default_factory=dict)  # TOC target -> path from the OPF folder
    documents: list[epub.EpubItem] = field(default_factory=list)  # content documents, reading order
    front: list[toc.TocEntry] = field(default_factory=list)  # contents entries before the story
    story: tuple[toc.TocEntry, ...] = ()
    back: list[toc.TocEntry] = field(default_factory=list)
    landmarks: list[tuple[str, str, str]] = field(default_factory=list)  # (epub:type, href, label)
    pages: PageBreaks = field(default_factory=PageBreaks)
    labels: dict[str, str] = field(default_factory=dict)  # target -> distinct label
    nav: epub.EpubItem | None = None
    ncx_depth: int = 1

    @property
    def design(self) -> styles.Style:
        """The book design asked for (``-O style=...``)."""
        return styles.get(str(self.ctx.options.get("style", styles.DEFAULT)))

    @property
    def language(self) -> str:
        """The book's language (every document's ``lang``)."""
        return self.manuscript.metadata.language

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
        self.documents.append(item)
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


def _has_marker(doc: Assembly, link: str, nav_markers: str) -> bool:
    """True when the page marker ``link`` points at is in its document (no dangling page link)."""
    name, _, fragment = link.partition("#")
    needle = f'id="{fragment}"'
    if name == "nav.xhtml":
        return needle in nav_markers
    item = doc.book.get_item_with_href(name)
    return item is not None and needle.encode() in item.content


def front_id(number: int) -> str:
    """Id of the ``number``-th front matter section (1-based); the PDF marks it the same way."""
    return f"front{number:02d}"


def _notes_file(manuscript: Manuscript) -> str:
    """The document (beside the chapters) that holds the gathered author's notes, if any."""
    for number, section in enumerate(manuscript.back_matter, start=1):
        if section.notes:
            return f"{back_id(number)}.xhtml"
    return ""


def back_id(number: int) -> str:
    """Id of the ``number``-th back matter section (1-based); the PDF marks it the same way."""
    return f"back{number:02d}"


class EpubWriter:
    """Writes ``<stem>.epub``: EPUB 3 + NCX, cover, title page, preface, contents, landmarks.

    ``write`` runs named steps, each adding one kind of content to an ``Assembly``: package
    metadata, front pages, front matter, story, back matter, navigation; then ``transform`` (a
    no-op here, Kobo's sentence spans in KEPUB) and the container.
    """

    name: ClassVar[str] = "epub"
    extension: ClassVar[str] = ".epub"
    options: ClassVar[tuple[Option, ...]] = (
        Option("style", styles.DEFAULT, "Book design (bookbinder.styles).", choices=styles.NAMES),
    )
    runs_after: ClassVar[tuple[str, ...]] = ("pdf",)  # its page list comes from the PDF's pages

    def cover_sizes(self, options: Mapping[str, object]) -> tuple[tuple[int, int], ...]:
        """The cover ``write`` will ask for, so the build can render it ahead (covers.prefetch)."""
        return ((pages.COVER_WIDTH, pages.COVER_HEIGHT),)

    def write(self, manuscript: Manuscript, target: Path, ctx: BuildContext) -> None:
        """Write ``manuscript`` as an EPUB to ``target``."""
        doc = self.assemble(manuscript, ctx)
        self.transform(doc)
        self.write_container(doc, target)

    def assemble(self, manuscript: Manuscript, ctx: BuildContext) -> Assembly:
        """Every document and the navigation of the book, in reading order."""
        doc = Assembly(manuscript, ctx, pages=PageBreaks.from_relay(ctx))
        doc.labels = labels.distinct_labels(
            (*toc.build_toc(manuscript), *self._matter_entries(manuscript.front_matter, front_id),
             *self._matter_entries(manuscript.back_matter, back_id)))
        self.package_metadata(doc)
        self.front_pages(doc)
        self.front_matter(doc)
        self.story(doc)
        self.back_matter(doc)
        self.navigation(doc)
        return doc

    def transform(self, doc: Assembly) -> None:
        """Change the finished content documents before they are written (nothing, for EPUB)."""

    # -- steps ---------------------------------------------------------------------------------
    @staticmethod
    def _matter_entries(sections: Sequence[Section], make_id: Callable[[int], str]) -> list[toc.TocEntry]:
        return [toc.TocEntry(s.title.strip() or s.kind.value.capitalize(), make_id(n))
                for n, s in enumerate(sections, start=1)]

    def package_metadata(self, doc: Assembly) -> None:
        """Title, authors, language, identifier, series; the stylesheet and the cover image."""
        meta, book = doc.manuscript.metadata, doc.book
        apply_metadata(book, meta, _identifier(doc.manuscript))
        if xhtml.direction(meta.language) == "rtl":
            book.set_direction("rtl")
        book.add_item(epub.EpubItem(uid="css", file_name=CSS_PATH, media_type="text/css",
                                    content=stylesheet(doc.design.name)))
        # What book.set_cover(create_page=False) does, with the media type given: ebooklib would
        # guess it through mimetypes.init(), which parses the system's mime.types (~4 ms a process).
        image = epub.EpubCover(file_name=COVER_IMAGE)
        image.content = doc.ctx.cover.render(pages.COVER_WIDTH, pages.COVER_HEIGHT)
        image.media_type = COVER_MEDIA_TYPE
        book.add_item(image)
        book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-img"})

    def front_pages(self, doc: Assembly) -> None:
        """Cover, title page, copyright page, "About this book" (an archive's preface), contents."""
        meta, book = doc.manuscript.metadata, doc.book
        doc.add("cover", "Cover", pages.cover_body(f"../{COVER_IMAGE}", book.title, meta.authors),
                body_type="", body_class="cover")
        doc.add("titlepage", book.title, doc.pages.before("titlepage") + pages.title_page_body(meta),
                body_type="frontmatter", body_class="titlepage")
        edition = edition_line(doc.ctx.timestamp)
        colophon = copyright_lines(meta, f"Made with bookbinder {__version__}.", edition)
        doc.add("copyright", "Copyright", doc.pages.before("copyright") + pages.copyright_body(colophon),
                body_type="frontmatter", body_class="copyright")
        if pages.has_about(meta):
            story = words.story_words(doc.manuscript.chapters)
            doc.add("about", "About this book", pages.about_body(meta, story, len(doc.manuscript.chapters)),
                    body_type="frontmatter")
            doc.front.append(toc.TocEntry("About this book", "about"))
        nav = doc.nav = epub.EpubItem(uid="nav", file_name="nav.xhtml", media_type=XHTML)
        nav.properties = ["nav"]
        book.add_item(nav)
        doc.documents.append(nav)
        doc.href["nav"] = "nav.xhtml"
        doc.landmarks += [("cover", doc.href["cover"], "Cover"),
                          ("titlepage", doc.href["titlepage"], "Title Page")]
        if not toc.is_one_shot(doc.manuscript):  # a one-shot's contents would list only its title
            book.spine.append(nav)
            doc.landmarks.append(("toc", "nav.xhtml#toc", "Contents"))

    def front_matter(self, doc: Assembly) -> None:
        """Dedication, epigraph, foreword, preface...: before chapter 1, as the book has them."""
        entries = self._matter_entries(doc.manuscript.front_matter, front_id)
        for entry, section in zip(entries, doc.manuscript.front_matter, strict=True):
            body = xhtml.matter_section(entry.target, section, language=doc.language,
                                        breaks=doc.pages.blocks(entry.target))
            doc.add(entry.target, doc.labels[entry.target], body, body_type="frontmatter",
                    body_class="front-matter")
            doc.front.append(entry)

    def story(self, doc: Assembly) -> None:
        """Volume and part pages and chapters in reading order; headings ranked by depth."""
        manuscript = doc.manuscript
        volumes, parts = toc.volume_starts(manuscript), toc.part_starts(manuscript)
        first: str | None = None
        for index, chapter in enumerate(manuscript.chapters):
            depth = 1
            if chapter.volume is not None:
                if index in volumes:
                    title, uid = volumes[index]
                    body = xhtml.division_section(uid, title, kind="volume", breaks=doc.pages.at(uid))
                    doc.add(uid, doc.labels.get(uid, title), body, body_type="bodymatter",
                            body_class="volume")
                    first = first or uid
                depth += 1
            if chapter.part is not None:
                if index in parts:
                    title, uid = parts[index]
                    body = xhtml.division_section(uid, title, level=depth, breaks=doc.pages.at(uid))
                    doc.add(uid, doc.labels.get(uid, title), body, body_type="bodymatter", body_class="part")
                    first = first or uid
                depth += 1
            uid = toc.chapter_id(index)
            content = xhtml.blocks(chapter.blocks, scene_break=doc.design.scene_break, language=doc.language,
                                   breaks=doc.pages.blocks(uid), notes_href=_notes_file(manuscript),
                                   note_label=doc.design.labels.author_note)
            body = xhtml.chapter_section(uid, chapter.title, content, level=depth, breaks=doc.pages.at(uid))
            doc.add(uid, doc.labels.get(uid, toc.chapter_label(manuscript, index)), body,
                    body_type="bodymatter", body_class="chapter")
            first = first or uid
        doc.story = labels.relabel(toc.build_toc(manuscript), doc.labels)
        if first:
            doc.landmarks.append(("bodymatter", doc.href[first], "Start of Text"))

    def back_matter(self, doc: Assembly) -> None:
        """Afterword, appendices, notes, licence: after the story, each with its own semantics."""
        entries = self._matter_entries(doc.manuscript.back_matter, back_id)
        backlinks = {block.ref: f"{toc.chapter_id(index)}.xhtml"
                     for index, chapter in enumerate(doc.manuscript.chapters)
                     for block in chapter.blocks if isinstance(block, AuthorNote) and block.ref}
        for entry, section in zip(entries, doc.manuscript.back_matter, strict=True):
            body = xhtml.matter_section(entry.target, section, language=doc.language,
                                        breaks=doc.pages.blocks(entry.target), backlinks=backlinks)
            doc.add(entry.target, doc.labels[entry.target], body, body_type="backmatter")
            doc.back.append(toc.TocEntry(doc.labels[entry.target], entry.target))

    def navigation(self, doc: Assembly) -> None:
        """The nav document (contents, landmarks, page list), the NCX, the EPUB 2 guide, and the
        accessibility metadata that depends on them."""
        book, meta = doc.book, doc.manuscript.metadata
        front = [toc.TocEntry(doc.labels.get(e.target, e.title), e.target) for e in doc.front]
        entries = (*front, *doc.story, *doc.back) or (toc.TocEntry(book.title, "titlepage"),)
        assert doc.nav is not None
        doc.nav.content = b""  # the page markers it carries are known before its body is
        marked = doc.pages.before("nav")
        page_list = [(label, link) for label, link in doc.pages.nav_targets(doc.href)
                     if _has_marker(doc, link, marked)]
        doc.nav.content = xhtml.document(
            "Contents", meta.language,
            marked + pages.nav_body(entries, doc.href, doc.landmarks, page_list=page_list),
            body_type="frontmatter", stylesheet=CSS_PATH, body_class="contents")
        # The EPUB 2 guide mirrors the landmarks for older Kindle and Kobo software.
        guide_types = {"titlepage": "title-page", "bodymatter": "text"}
        book.guide = [{"type": guide_types.get(kind, kind), "href": href, "title": label}
                      for kind, href, label in doc.landmarks]
        book.toc = _ncx_toc(entries, doc.href)
        book.add_item(epub.EpubNcx())
        apply_accessibility(book, Accessibility(
            has_page_list=bool(page_list),
            has_parts=any(e.children for e in doc.story),
            page_source=doc.pages.source,
            conforms=xhtml.language_tag(meta.language) == meta.language.strip().replace("_", "-"),
        ))
        doc.ncx_depth = max(1, _depth(entries))

    def write_container(self, doc: Assembly, target: Path) -> None:
        """The zip: mimetype, container, OPF, documents, reproducibly."""
        write_epub(target, doc.book, timestamp=doc.ctx.timestamp, ncx_depth=doc.ncx_depth)
