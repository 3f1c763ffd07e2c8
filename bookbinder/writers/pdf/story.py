"""Model -> platypus flowables: the front matter, the contents, chapters, parts, back matter.

Manuscript text never meets reportlab's paragraph mini-markup (R1): ``Typesetter.text`` builds a
Paragraph's fragments directly (one per span and font run), so ``<b>``, ``&``, ``]]>`` or
``a<b`` are just characters. It is also faster: the markup parser is skipped for every paragraph
of the book. ``Typesetter.text`` is the only way text enters a Paragraph in this writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, assert_never

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from bookbinder import toc
from bookbinder.fonts import BOOK_FACE_NAME
from bookbinder.metadata.display import names, series_line
from bookbinder.model import AuthorNote, Manuscript, SceneBreak, Span, Style
from bookbinder.model import Paragraph as ModelParagraph
from bookbinder.version import __version__
from bookbinder.writers.pdf.flowables import Mark, Marker, NewPage, RectoBreak, TocLine
from bookbinder.writers.pdf.fonts import FontSet
from bookbinder.writers.pdf.layout import Geometry, Styles

ORNAMENT = "\u2766"  # floral heart, from the fallback chain (DejaVu Sans) when the book face lacks it


def style_key(style: Style) -> str:
    """The font style a span's emphasis asks for."""
    if Style.EMPHASIS in style and Style.STRONG in style:
        return "bolditalic"
    if Style.STRONG in style:
        return "bold"
    if Style.EMPHASIS in style:
        return "italic"
    return "regular"


class BookParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose split never hands the frame a first part taller than the room.

    reportlab (5.1) can re-break the first half of a split hyphenated paragraph into one more
    line than the split measured, and the frame then stops with "Splitting error". Splitting
    one line earlier keeps the same words, so nothing is lost.
    """

    def split(self, available_width: float, available_height: float) -> list[Paragraph]:
        """Split at most ``available_height`` high, checking the first part really fits."""
        room = available_height
        parts: list[Paragraph] = super().split(available_width, room)
        while (
            len(parts) == 2 and parts[0].wrap(available_width, available_height)[1] > available_height + 1e-6
        ):
            room -= self.style.leading
            if room < self.style.leading:
                return []
            parts = super().split(available_width, room)
        return parts


@dataclass
class Typesetter:
    """Turns text into Paragraphs without markup, tracking the fonts it needed."""

    fonts: FontSet
    _templates: dict[str, Any] = field(default_factory=dict)

    def _template(self, style: ParagraphStyle) -> Any:
        """A fragment carrying the style's defaults, from reportlab's own parser (parsed once)."""
        frag = self._templates.get(style.name)
        if frag is None:
            frag = self._templates[style.name] = Paragraph("x", style).frags[0]
        return frag

    def text(
        self, spans: tuple[Span, ...] | str, style: ParagraphStyle, verse: bool = False
    ) -> BookParagraph:
        """A Paragraph of ``spans`` (or plain text) in ``style``; ``\\n`` breaks lines in verse."""
        if isinstance(spans, str):
            spans = (Span(spans),)
        base = self._template(style)
        frags: list[Any] = []
        for span in spans:
            kind = style_key(span.style)
            lines = span.text.split("\n") if verse else [span.text]
            for number, line in enumerate(lines):
                if number:
                    frags.append(base.clone(text="", lineBreak=True))
                face = self._style_of(style, kind)
                bold, italic = int("bold" in face), int("italic" in face)
                for run, font in self.fonts.runs(line, face):
                    frags.append(base.clone(text=run, fontName=font, bold=bold, italic=italic))
        if not frags:
            frags.append(base.clone(text=""))
        return BookParagraph("", style, frags=frags)

    def one_line(self, text: str, style: ParagraphStyle, width: float) -> BookParagraph:
        """``text`` on a single line (running heads): cut at a word with an ellipsis if too wide."""
        words = text.split()
        fits = " ".join(words)
        while len(words) > 1 and stringWidth(fits, style.fontName, style.fontSize) > width:
            words.pop()
            fits = " ".join(words) + "\u2026"
        return self.text(fits, style)

    @staticmethod
    def _style_of(style: ParagraphStyle, kind: str) -> str:
        """Combine the paragraph style's own face (a bold title) with a span's emphasis."""
        names = FontSet.names()
        own = next((k for k, v in names.items() if v == style.fontName), "regular")
        if kind == "regular":
            return own
        bold = "bold" in own or "bold" in kind
        italic = "italic" in own or "italic" in kind
        return {(True, True): "bolditalic", (True, False): "bold", (False, True): "italic"}.get(
            (bold, italic), "regular"
        )


@dataclass
class StoryBuilder:
    """Builds the whole book's flowables in reading order."""

    manuscript: Manuscript
    styles: Styles
    geo: Geometry
    setter: Typesetter
    links: bool  # screen profile: clickable contents
    marks: list[Mark] = field(default_factory=list)

    def build(self) -> list[Flowable]:
        """Title page, copyright page, contents, parts and chapters, back matter."""
        body: list[Flowable] = []
        body += self._chapters()
        body += self._back_matter()
        front = [*self._title_page(), NewPage()]
        colophon = self._copyright_page()  # after the body: it names the fallback fonts used
        return front + colophon + self._contents() + body

    def _sink(self, fraction: float) -> Spacer:
        return Spacer(1, self.geo.text_height * fraction)

    def _marker(self, key: str, title: str, level: int, kind: str) -> Marker:
        mark = Mark(key, title, level, kind)
        self.marks.append(mark)
        return Marker(mark)

    def _title_page(self) -> list[Flowable]:
        meta, st = self.manuscript.metadata, self.styles
        out: list[Flowable] = [self._marker("title", meta.title, 0, "front"), self._sink(0.22)]
        out.append(self.setter.text(meta.title, st.title))
        if meta.subtitle:
            out.append(self.setter.text(meta.subtitle, st.subtitle))
        for author in meta.authors:
            out.append(self.setter.text(author, st.author))
        if meta.publisher:
            out += [self._sink(0.25), self.setter.text(meta.publisher, st.subtitle)]
        return out

    def _copyright_page(self) -> list[Flowable]:
        meta, small = self.manuscript.metadata, self.styles.small
        lines = [meta.title + (f": {meta.subtitle}" if meta.subtitle else "")]
        lines += [f"by {byline}" for byline in [names(meta.authors)] if byline]
        lines += [series for series in [series_line(meta)] if series]
        if meta.rights:
            lines.append(meta.rights)
        if meta.publisher:
            lines.append(f"Published by {meta.publisher}" + (f", {meta.date}" if meta.date else ""))
        elif meta.date:
            lines.append(f"Date: {meta.date}")
        if meta.source_url:
            lines.append(f"Source: {meta.source_url}")
        if meta.identifier:
            lines.append(f"Identifier: {meta.identifier}")
        fallbacks = self.setter.fonts.used_fallbacks()
        face = f"Set in {BOOK_FACE_NAME}"
        if fallbacks:
            face += " with " + ", ".join(fallbacks)
        lines.append(face + f". Typeset by bookbinder {__version__}.")
        out: list[Flowable] = [self._sink(0.45)]
        out += [self.setter.text(line, small) for line in lines]
        return out

    def _contents(self) -> list[Flowable]:
        st = self.styles
        out: list[Flowable] = [RectoBreak(), self._marker("contents", "Contents", 0, "front")]
        out.append(self.setter.text("Contents", st.toc_heading))
        number_width = self.geo.size * 2.6  # room for "1234"
        leader = (st.toc_entry.fontName, st.toc_entry.fontSize)

        def line(title: str, key: str, style: ParagraphStyle, indent: float) -> TocLine:
            return TocLine(self.setter.text(title, style), key, number_width, indent, self.links, leader)

        for entry in toc.build_toc(self.manuscript):
            if entry.children:
                out.append(line(entry.title, entry.target, st.toc_part, 0))
                out += [line(c.title, c.target, st.toc_entry, self.geo.size * 1.5) for c in entry.children]
            else:
                out.append(line(entry.title, entry.target, st.toc_entry, 0))
        for number, section in enumerate(self.manuscript.back_matter, 1):
            out.append(line(section.title, f"back{number:02d}", st.toc_entry, 0))
        return out

    def _chapters(self) -> list[Flowable]:
        out: list[Flowable] = []
        parts = toc.part_starts(self.manuscript)
        st = self.styles
        for index, chapter in enumerate(self.manuscript.chapters):
            if index in parts:
                title, key = parts[index]
                out += [RectoBreak(), self._marker(key, title, 0, "part"), self._sink(0.3)]
                out.append(self.setter.text(title, st.part))
            level = 1 if chapter.part is not None else 0
            label = toc.chapter_label(self.manuscript, index)
            out += [
                RectoBreak(),
                self._marker(toc.chapter_id(index), label, level, "chapter"),
                self._sink(0.22),
            ]
            out.append(self.setter.text(label, st.chapter))
            out += self._blocks(chapter.blocks)
        return out

    def _blocks(self, blocks: tuple[Any, ...]) -> list[Flowable]:
        out: list[Flowable] = []
        st, flush = self.styles, True
        for block in blocks:
            match block:
                case ModelParagraph():
                    if block.verse:
                        out.append(self.setter.text(block.spans, st.verse, verse=True))
                    else:
                        out.append(self.setter.text(block.spans, st.first if flush else st.body))
                    flush = False
                case SceneBreak():
                    out.append(self.setter.text(ORNAMENT, st.ornament))
                    flush = True
                case AuthorNote():
                    out += [self.setter.text(p.spans, st.note, verse=p.verse) for p in block.paragraphs]
                case _:
                    assert_never(block)
        return out

    def _back_matter(self) -> list[Flowable]:
        out: list[Flowable] = []
        for number, section in enumerate(self.manuscript.back_matter, 1):
            out += [
                RectoBreak(),
                self._marker(f"back{number:02d}", section.title, 0, "section"),
                self._sink(0.1),
                self.setter.text(section.title, self.styles.section),
            ]
            out += self._blocks(section.paragraphs)
        return out
