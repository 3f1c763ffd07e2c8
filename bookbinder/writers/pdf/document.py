"""The document template: mirrored pages, recto breaks, running heads, folios, outline, page
labels, and the contents' page numbers (PDF forms defined once layout is done)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable

from bookbinder.metadata.values import roman
from bookbinder.model import Metadata
from bookbinder.styles.headings import split_heading
from bookbinder.writers.pdf.layout import Geometry
from bookbinder.writers.pdf.marks import Mark, number_form


class Finish(ActionFlowable):  # type: ignore[misc]
    """The last flowable: pads the page count, defines page-number forms and page labels."""

    def __init__(self) -> None:
        super().__init__(("finish",))


class BookDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A book: optional cover page, front matter in roman numbers, text from page 1."""

    def __init__(
        self,
        target: str,
        geo: Geometry,
        *,
        screen: bool,
        cover: bytes | None,
        meta: Metadata,
        font: str,
        head: Callable[[str], Paragraph],
        pad_even: bool,
        recto: bool = True,
        **info: Any,
    ) -> None:
        self.geo, self.screen, self.cover, self.meta = geo, screen, cover, meta
        self.font, self.make_head, self.pad_even = font, head, pad_even
        self.recto = recto  # openings on right-hand pages (print); a screen PDF never leaves a blank page
        self.volume_title: str | None = None
        self.offset = 1 if cover is not None else 0  # physical pages before the book's page 1
        self.starts: dict[str, int] = {}  # mark key -> physical page
        self.text_start: int | None = None
        self.page_kind = "front"
        self.running_title = meta.title
        self._heads: dict[str, Paragraph] = {}
        self.page_anchors: dict[int, str] = {}  # physical page -> what it starts in (epub/pagelist.py)
        self.page_starts: tuple[tuple[str, str], ...] = ()  # (label, anchor), set by finish
        super().__init__(
            target,
            pagesize=(geo.width, geo.height),
            initialFontName=font,
            leftMargin=0,
            rightMargin=0,
            topMargin=0,
            bottomMargin=0,
            **info,
        )

        def frame(x: float) -> Frame:
            return Frame(
                x,
                geo.bottom,
                geo.text_width,
                geo.text_height,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id="text",
            )

        self.addPageTemplates(
            [
                PageTemplate("recto", [frame(geo.inside)], onPageEnd=self._decorate),
                PageTemplate("verso", [frame(geo.outside)], onPageEnd=self._decorate),
                PageTemplate("cover", [frame(geo.inside)], onPage=self._draw_cover),
            ]
        )

    # -- pages ---------------------------------------------------------------------------------
    def book_page(self, physical: int) -> int:
        """The page's number counting from the title page (the cover is not counted)."""
        return physical - self.offset

    def handle_pageBegin(self) -> None:
        """Choose the cover, recto or verso template for the page about to begin."""
        upcoming = self.page + 1
        if upcoming <= self.offset:
            self.pageTemplate = self.pageTemplates[2]
            self.page_kind = "cover"
        else:
            self.pageTemplate = self.pageTemplates[0 if self.book_page(upcoming) % 2 else 1]
            self.page_kind = "front" if self.text_start is None else "body"
        super().handle_pageBegin()

    def handle_newPage(self) -> None:
        """End the page if anything is on it."""
        if self._curPageFlowableCount:
            self.handle_pageEnd()
            self.clean_hanging()

    def handle_rectoBreak(self) -> None:
        """Go to the next odd page; a verso skipped on the way is left blank (no head, no folio).
        Without recto openings (screen, or print with recto=no) it is just a new page."""
        self.handle_newPage()
        first_text = not self.screen and self.text_start is None  # print: page 1 is always a recto
        if (self.recto or first_text) and self.book_page(self.page) % 2 == 0:
            self.page_kind = "blank"
            self.handle_pageEnd()
            self.clean_hanging()

    def handle_finish(self) -> None:
        """Pad to an even page count (print), then define page-number forms and page labels."""
        if self.pad_even and self.book_page(self.page) % 2:
            self.handle_pageEnd()
            self.clean_hanging()
            self.page_kind = "blank"
        canv = self.canv
        for key, physical in self.starts.items():
            canv.beginForm(number_form(key), lowerx=-144, lowery=-36, upperx=36, uppery=72)
            canv.setFont(self.font, self.geo.size)
            canv.drawRightString(0, 0, self.label(physical))
            canv.endForm()
        if self.offset:
            canv.addPageLabel(0, prefix="Cover")
        canv.addPageLabel(self.offset, "ROMAN_LOWER", 1)
        if self.text_start is not None:
            canv.addPageLabel(self.text_start - 1, "ARABIC", 1)
        if self.screen:
            canv.showOutline()
        self.page_starts = tuple((self.label(p), a) for p, a in sorted(self.page_anchors.items()))

    def afterFlowable(self, flowable: Any) -> None:
        """Note the block each page starts in (the first anchored flowable drawn on it)."""
        anchor = getattr(flowable, "anchor", None)
        if anchor:
            self.page_anchors.setdefault(self.page, anchor)

    def label(self, physical: int) -> str:
        """What a reader sees as the number of a physical page."""
        if self.text_start is not None and physical >= self.text_start:
            return str(physical - self.text_start + 1)
        return roman(self.book_page(physical))

    # -- structure -----------------------------------------------------------------------------
    def reached(self, mark: Mark) -> None:
        """A Marker was placed: remember the page, bookmark it, set the running head."""
        self.starts[mark.key] = self.page
        if mark.kind not in {"front", "matter"} or mark.key in {"title", "contents", "about"}:
            self.page_anchors.setdefault(self.page, mark.key)  # a start the EPUB has by this name
        if mark.kind in {"chapter", "part", "volume", "section"}:
            if self.text_start is None:
                self.text_start = self.page
            self.page_kind = "part" if mark.kind in {"part", "volume"} else "opening"
            self.running_title = split_heading(mark.title)[1] or mark.title  # the title, not "CHAPTER I"
            if mark.kind == "volume":
                self.volume_title = mark.title
        elif mark.kind == "matter":  # front matter after the contents: roman folios, its own head
            self.page_kind = "opening"
            self.running_title = mark.title
        if self.screen:
            self.canv.bookmarkPage(mark.key)
            if mark.kind != "front" or mark.key == "contents":
                self.canv.addOutlineEntry(mark.title, mark.key, level=mark.level, closed=False)

    # -- decoration ----------------------------------------------------------------------------
    def _draw_cover(self, canv: Any, doc: Any) -> None:
        if self.cover is not None:
            canv.drawImage(_Jpeg(self.cover), 0, 0, self.geo.width, self.geo.height)

    def _decorate(self, canv: Any, doc: Any) -> None:
        """Running head and folio, by the kind of page that just ended."""
        kind, geo, page = self.page_kind, self.geo, self.page
        if kind in {"blank", "part", "cover"}:
            return
        label = self.label(page)
        # text pages: odd folios are rectos (a screen PDF has no blank pages, so count by folio)
        # print: the physical side, which the frames follow
        screen_text = self.screen and label.isdigit()
        recto = int(label) % 2 == 1 if screen_text else self.book_page(page) % 2 == 1
        x = geo.left(recto)
        if kind == "front" or (kind == "opening" and self.text_start is None):
            if "contents" in self.starts and page >= self.starts["contents"]:
                self._folio(canv, x, label)
            return
        if kind == "body":
            title = self.running_title if recto else self.volume_title or self.meta.title
            head = self._heads.get(title)
            if head is None:
                head = self._heads[title] = self.make_head(title)
                head.wrap(geo.text_width, geo.top)
            head.drawOn(canv, x, geo.height - geo.head_from_top - (head.height - head.style.fontSize))
        self._folio(canv, x, label)

    def _folio(self, canv: Any, x: float, text: str) -> None:
        canv.setFont(self.font, self.geo.size * 0.9)
        canv.drawCentredString(x + self.geo.text_width / 2, self.geo.folio_from_bottom, text)


class _Jpeg(ImageReader):  # type: ignore[misc]
    """JPEG bytes embedded as they are (DCTDecode), named by those bytes.

    reportlab names an ImageReader's XObject by an md5 of its decoded RGB pixels: for a 1600x2400
    cover that is a full decode plus hashing 11 MB, ~40 ms a book, for a name. The JPEG's own bytes
    identify it just as well.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._jpeg = data
        self._dataA = None  # no alpha: what getRGBData would have set

    def getRGBData(self) -> bytes:
        return self._jpeg
