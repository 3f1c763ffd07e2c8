"""PDF writer: a typeset book through reportlab, in a ``screen`` or a ``print`` profile.

One layout pass: the contents' page numbers are PDF forms drawn where they belong and defined
once every chapter has been placed, so no multiBuild (R5) is needed. ``print`` may lay out a
second time only when the page count lands in a KDP band that asks for a wider gutter than the
first guess gave.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, assert_never, cast

from bookbinder.writers.pdf import lazyre  # noqa: F401  (first: reportlab's URL regex on first use)

# isort: split
from reportlab import rl_config
from reportlab.lib import sequencer
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak

from bookbinder import styles as book_designs
from bookbinder.covers import SCREEN_COVER
from bookbinder.metadata.display import edition_line
from bookbinder.model import AuthorNote, Manuscript, Paragraph, SceneBreak
from bookbinder.version import __version__
from bookbinder.writers import PAGE_STARTS, BuildContext, Option, parse_options
from bookbinder.writers.pdf import encoding as _encoding  # noqa: F401  (reportlab's fast ASCII path)
from bookbinder.writers.pdf.document import BookDocTemplate, Finish
from bookbinder.writers.pdf.fonts import FontSet, describe_missing
from bookbinder.writers.pdf.layout import KDP_PAGES, Geometry, Styles, geometry, kdp_gutter, styled, styles
from bookbinder.writers.pdf.pagesize import DEFAULT, parse_page_size
from bookbinder.writers.pdf.story import StoryBuilder
from bookbinder.writers.pdf.typesetter import Typesetter

PROFILES = ("screen", "print")
PAPERS = ("white", "cream")  # paper stock, for the print cover's spine width
COVER_WIDTH_PX = SCREEN_COVER[0]  # the EPUB cover's width: the cover page is cut from the same design


def _timestamp(moment: datetime) -> TimeStamp:
    """reportlab's creation date, set from the build's one permitted date."""
    stamp = TimeStamp(invariant=True)
    seconds = int(moment.timestamp())
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def estimate_pages(manuscript: Manuscript, geo: Geometry) -> int:
    """A quick guess at the page count, to pick the print gutter before laying out."""
    per_line = geo.text_width / (geo.size * 0.47)
    lines = 0.0
    for chapter in manuscript.chapters:
        lines += 1.5 * geo.text_height / geo.leading  # sunk opening, short last page, blank verso
        for block in chapter.blocks:
            match block:
                case Paragraph():
                    lines += len(block.text) / per_line + 0.5
                case AuthorNote():
                    lines += sum(len(p.text) / per_line + 0.5 for p in block.paragraphs)
                case SceneBreak():
                    lines += 2
                case _:
                    assert_never(block)
    pages = lines / (geo.text_height / geo.leading)
    return int(pages) + 6


def _cover_height(geo: Geometry) -> int:
    """Pixel height of the cover page's image: COVER_WIDTH_PX wide, at the trim's aspect."""
    return round(COVER_WIDTH_PX * geo.height / geo.width)


def _settings(given: Mapping[str, object]) -> dict[str, object]:
    """Parsed options with the defaults filled in (a caller may pass only some)."""
    return {**parse_options(PdfWriter(), {}), **given}


def _trim(settings: Mapping[str, object]) -> tuple[float, float]:
    width, height = cast(tuple[float, float], settings["page_size"])
    return width, height


class PdfWriter:
    """``-f pdf``: a typeset book for screens, or for print-on-demand with a cover wrap."""

    name: ClassVar[str] = "pdf"
    extension: ClassVar[str] = ".pdf"
    options: ClassVar[tuple[Option, ...]] = (
        Option("page_size", DEFAULT, "Trim: 6x9in, 5x8in, A5, letter, or WxH in in/mm/pt.",
               parse=parse_page_size),
        Option("profile", PROFILES[0], "For screens or for print-on-demand.", choices=PROFILES),
        Option("paper", PAPERS[0], "Paper for the print cover's spine.", choices=PAPERS),
        Option("style", book_designs.DEFAULT, "Book design (bookbinder.styles).", choices=book_designs.NAMES),
        Option("recto", "yes", "print: chapters open on right-hand pages.", choices=("yes", "no")),
    )

    def cover_sizes(self, options: Mapping[str, object]) -> tuple[tuple[int, int], ...]:
        """The cover page ``write`` will ask for (screen PDFs only), so the build can render it ahead."""
        settings = _settings(options)
        if settings["profile"] != "screen":
            return ()  # the print wrap's art size depends on the page count
        return ((COVER_WIDTH_PX, _cover_height(geometry(_trim(settings)))),)

    def write(self, manuscript: Manuscript, target: Path, ctx: BuildContext) -> None:
        """Typeset ``manuscript`` into ``target``; with ``print`` also write the cover wrap."""
        settings = _settings(ctx.options)
        trim = _trim(settings)
        profile = settings["profile"]
        if profile == "screen":
            pages, fonts = self._render(manuscript, target, ctx, geometry(trim), screen=True)
        else:
            gutter = kdp_gutter(estimate_pages(manuscript, geometry(trim)))
            for _attempt in range(4):  # a wider gutter only adds pages, so this settles quickly
                pages, fonts = self._render(manuscript, target, ctx, geometry(trim, gutter), screen=False)
                needed = kdp_gutter(pages)
                if needed <= gutter + 0.01:
                    break
                gutter = needed
        if fonts.missing:
            ctx.warn(f"no font can draw {describe_missing(fonts.missing)}: shown as a missing-glyph box")
        if profile == "print" and not KDP_PAGES[0] <= pages <= KDP_PAGES[1]:
            ctx.warn(f"{pages} pages: KDP paperbacks need {KDP_PAGES[0]} to {KDP_PAGES[1]} pages")
        if profile == "print" and ctx.side_output is not None:
            from bookbinder.writers.pdf.cover_wrap import write_cover_wrap

            with ctx.side_output("-cover.pdf") as wrap:
                write_cover_wrap(
                    ctx.cover, manuscript.metadata, pages, trim, str(settings["paper"]), wrap
                )

    def _render(
        self, manuscript: Manuscript, target: Path, ctx: BuildContext, page: Geometry, *, screen: bool
    ) -> tuple[int, FontSet]:
        """Lay out and save once; returns the page count and the fonts the text needed."""
        sequencer.setSequencer(sequencer.Sequencer())  # R6: no numbering carried over between books
        meta = manuscript.metadata
        settings = _settings(ctx.options)
        design = book_designs.get(str(settings["style"]))
        fonts = FontSet(design.text_face, design.display_face)
        names = fonts.names()
        geo = styled(page, design, screen=screen)
        book_styles: Styles = styles(geo, fonts, meta.language, design)
        setter = Typesetter(fonts)
        builder = StoryBuilder(
            manuscript, book_styles, geo, setter, links=screen, design=design,
            edition=edition_line(ctx.timestamp), half_title=not screen,
        )
        story: list[Any] = builder.build()
        cover: bytes | None = None
        if screen:
            cover = ctx.cover.render(COVER_WIDTH_PX, _cover_height(geo))
            story.insert(0, PageBreak())
        story.append(Finish())
        doc = BookDocTemplate(
            str(target),
            geo,
            screen=screen,
            cover=cover,
            meta=meta,
            font=names["regular"],
            head=lambda text: setter.one_line(text, book_styles.head, geo.text_width),
            pad_even=not screen,
            recto=not screen and settings["recto"] == "yes",
            title=meta.title,
            author=", ".join(meta.authors),
            subject=meta.description or "",
            keywords=list(meta.subjects),
            creator=f"bookbinder {__version__}",
            lang=meta.language,
            invariant=1,
            displayDocTitle=1,
        )
        stamp = _timestamp(ctx.timestamp)

        def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
            canvas = Canvas(*args, **kwargs)
            canvas._doc._timeStamp = stamp  # dates from SOURCE_DATE_EPOCH / the manuscript
            return canvas

        saved = rl_config.invariant
        rl_config.invariant = 1  # R8: no wall-clock dates or random ids anywhere
        try:
            doc.build(story, canvasmaker=make_canvas)
        finally:
            rl_config.invariant = saved
        ctx.relay[PAGE_STARTS] = doc.page_starts  # the EPUB built after this PDF: its page list
        return doc.page, fonts
