"""Model -> platypus flowables: the front matter, the contents, chapters, parts, back matter,
designed by the book's style (bookbinder.styles). Text enters Paragraphs only through
``Typesetter.text`` (writers/pdf/typesetter.py), never through reportlab's markup (R1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, assert_never

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, ImageAndFlowables, Spacer, Table, TableStyle

from bookbinder import toc, words
from bookbinder.metadata.display import (
    about_rows,
    copyright_lines,
    has_about,
    series_line,
    title_page_authors,
)
from bookbinder.model import AuthorNote, Manuscript, Matter, Role, SceneBreak, Section, Span
from bookbinder.model import Paragraph as ModelParagraph
from bookbinder.styles import Style as BookStyle
from bookbinder.styles.headings import split_heading
from bookbinder.version import __version__
from bookbinder.writers.pdf.flowables import Mark, Marker, NewPage, RectoBreak, TocLine, set_paragraph
from bookbinder.writers.pdf.layout import Geometry, Styles
from bookbinder.writers.pdf.links import Anchored
from bookbinder.writers.pdf.typesetter import Initial, Typesetter, lead_in, split_initial

BEFORE_CONTENTS = (Matter.DEDICATION, Matter.EPIGRAPH)  # set before the contents; other front matter after


@dataclass
class StoryBuilder:
    """Builds the whole book's flowables in reading order."""

    manuscript: Manuscript
    styles: Styles
    geo: Geometry
    setter: Typesetter
    links: bool  # screen profile: clickable contents and links
    design: BookStyle
    edition: str = ""  # "This edition ..." on the copyright page
    half_title: bool = False  # print: a half-title page before the title page
    marks: list[Mark] = field(default_factory=list)

    def build(self) -> list[Flowable]:
        """Half-title, title page, copyright page, About, contents, front matter, text, back matter."""
        matter = self.manuscript.front_matter
        early = [s for s in matter if s.kind in BEFORE_CONTENTS]
        late = [s for s in matter if s.kind not in BEFORE_CONTENTS]
        body: list[Flowable] = []
        body += self._sections(late, "front", "matter")
        body += self._chapters()
        body += self._sections(self.manuscript.back_matter, "back", "section")
        front: list[Flowable] = []
        if self.half_title:
            front += [*self._half_title(), RectoBreak()]
        front += [*self._title_page(), NewPage()]
        about = self._about() if has_about(self.manuscript.metadata) else []
        early_pages = self._sections(early, "dedication", "matter")
        colophon = self._copyright_page()  # after the body: it names the fallback fonts used
        contents = [] if toc.is_one_shot(self.manuscript) else self._contents(early, late)
        return front + colophon + about + early_pages + contents + body

    def _sink(self, fraction: float) -> Spacer:
        return Spacer(1, self.geo.text_height * fraction)

    def _marker(self, key: str, title: str, level: int, kind: str) -> Marker:
        mark = Mark(key, title, level, kind)
        self.marks.append(mark)
        return Marker(mark)

    def _line(self, text: str, style: ParagraphStyle) -> Flowable:
        return self.setter.text(text, style)

    def _half_title(self) -> list[Flowable]:
        meta = self.manuscript.metadata
        return [
            self._marker("halftitle", meta.title, 0, "front"),
            self._sink(0.3),
            self._line(meta.title, self.styles.half_title),
        ]

    def _title_page(self) -> list[Flowable]:
        meta, st = self.manuscript.metadata, self.styles
        out: list[Flowable] = [RectoBreak(), self._marker("title", meta.title, 0, "front"), self._sink(0.2)]
        out.append(self._line(meta.title, st.title))
        if meta.subtitle:
            out.append(self._line(meta.subtitle, st.subtitle))
        if self.design.part_ornament:
            out.append(self._line(self.design.part_ornament, st.ornament))
        for author in title_page_authors(meta):
            out.append(self._line(author, st.author))
        series = series_line(meta)
        if series:
            out.append(self._line(series, st.series))
        if meta.publisher:
            out += [self._sink(0.2), self._line(meta.publisher, st.series)]
        return out

    def _copyright_page(self) -> list[Flowable]:
        meta, small = self.manuscript.metadata, self.styles.small
        fonts = self.setter.fonts
        faces = dict.fromkeys((fonts.family, fonts.display))
        face = f"{self.design.labels.copyright_set_in} " + " and ".join(faces)
        fallbacks = fonts.used_fallbacks()
        if fallbacks:
            face += ", with " + ", ".join(fallbacks)
        face += f". Typeset by bookbinder {__version__}."
        lines = copyright_lines(meta, face, self.edition)
        out: list[Flowable] = [self._sink(0.5)]
        for line in lines:
            out.append(self._linked(line, small))
        return [*out, NewPage()]

    def _linked(self, text: str, style: ParagraphStyle) -> Flowable:
        """A line whose URL is a link on screen (the text stays as written)."""
        url = re.search(r"https?://\S+", text)
        if url is None or not self.links:
            return self.setter.text(text, style)
        start, end = url.span()
        spans = tuple(Span(part) for part in (text[:start], text[start:end], text[end:]) if part)
        para = self.setter.text(spans, style)
        for frag in para.frags:
            if frag.text and frag.text in url.group(0):
                frag.link = [(0, url.group(0))]
        return para

    def _about(self) -> list[Flowable]:
        """The fan-fiction "About this book" page: summary first, then the archive's facts."""
        meta, st = self.manuscript.metadata, self.styles
        total = words.story_words(self.manuscript.chapters)
        out: list[Flowable] = [
            RectoBreak(),
            self._marker("about", self.design.labels.about, 0, "front"),
            self._sink(0.04),
            self._line(self.design.labels.about, st.section),
        ]
        if meta.description:
            for number, text in enumerate(p for p in meta.description.split("\n\n") if p.strip()):
                out.append(self.setter.text(" ".join(text.split()), st.first if number == 0 else st.body))
            out.append(self._line(self.design.scene_break, st.ornament))
        rows = [
            [self._line(label, st.about_label), self._linked(value, st.about_value)]
            for label, value in about_rows(meta, total, len(self.manuscript.chapters))
        ]
        if rows:  # label and value side by side: the facts fit one page, read like a book's
            width = self.geo.text_width
            table = Table(rows, colWidths=[width * 0.3, width * 0.7], hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("FONTNAME", (0, 0), (-1, -1), st.about_value.fontName),  # else Helvetica
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), self.geo.leading * 0.25),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ]
                )
            )
            out.append(table)
        return [*out, NewPage()]

    def _contents(self, early: list[Section], late: list[Section]) -> list[Flowable]:
        st = self.styles
        label = self.design.labels.contents
        out: list[Flowable] = [RectoBreak(), self._marker("contents", label, 0, "front")]
        out.append(self._line(label, st.toc_heading))
        number_width = self.geo.size * 2.6  # room for "1234"
        leader = (st.toc_entry.fontName, st.toc_entry.fontSize)

        def line(title: str, key: str, style: ParagraphStyle, indent: float) -> TocLine:
            return TocLine(self.setter.text(title, style), key, number_width, indent, self.links, leader)

        def entries(items: tuple[toc.TocEntry, ...], depth: int) -> list[Flowable]:
            made: list[Flowable] = []
            for entry in items:
                style = st.toc_part if entry.children else st.toc_entry
                made.append(line(entry.title, entry.target, style, self.geo.size * 1.5 * depth))
                made += entries(entry.children, depth + 1)
            return made

        for number, section in enumerate(late, 1):
            out.append(line(section.title, f"front{number:02d}", st.toc_entry, 0))
        out += entries(toc.build_toc(self.manuscript), 0)
        for number, section in enumerate(self.manuscript.back_matter, 1):
            out.append(line(section.title, f"back{number:02d}", st.toc_entry, 0))
        return out

    def _division(self, title: str, key: str, level: int, kind: str, style: ParagraphStyle) -> list[Flowable]:
        """A part or volume page: its number and title apart, an ornament, alone on a recto."""
        st = self.styles
        number, name = split_heading(title)
        out: list[Flowable] = [RectoBreak(), self._marker(key, title, level, kind), self._sink(0.28)]
        if number and name:
            out.append(self._line(number, st.part_number))
        out.append(self._line(name or number or title, style))  # a bare "Volume I" is the title
        if self.design.part_ornament:
            out += [Spacer(1, self.geo.leading), self._line(self.design.part_ornament, st.ornament)]
        return [*out, NewPage()]

    def _chapters(self) -> list[Flowable]:
        out: list[Flowable] = []
        volumes = toc.volume_starts(self.manuscript)
        parts = toc.part_starts(self.manuscript)
        st = self.styles
        for index, chapter in enumerate(self.manuscript.chapters):
            if index in volumes:
                title, key = volumes[index]
                out += self._division(title, key, 0, "volume", st.volume)
            if index in parts:
                title, key = parts[index]
                out += self._division(title, key, int(chapter.volume is not None), "part", st.part)
            level = int(chapter.volume is not None) + int(chapter.part is not None)
            label = toc.chapter_label(self.manuscript, index)
            out += self._opening(label, toc.chapter_id(index), level)
            out += self._blocks(chapter.blocks, opening=True, anchor=toc.chapter_id(index))
        return out

    def _opening(self, label: str, key: str, level: int) -> list[Flowable]:
        """A chapter opening: sunk, the number line and the title line apart, an ornament or rule."""
        st, heading = self.styles, self.design.heading
        number, title = split_heading(label)
        out: list[Flowable] = [
            RectoBreak(),
            self._marker(key, label, level, "chapter"),
            self._sink(heading.sink),
        ]
        if toc.is_one_shot(self.manuscript):
            number = title = None  # the title page said it: a one-shot opens on its ornament
        if number and not title and " " not in number:
            title, number = number, None  # a bare "IV" or "12" is the heading itself: set it large
        if number:
            out.append(self._line(number, st.chapter_number))
        if title:
            out.append(self._line(title, st.chapter))
        if heading.rule:
            out.append(
                HRFlowable(
                    width="100%",
                    thickness=0.5,
                    spaceBefore=0,
                    spaceAfter=self.geo.leading * 1.5,
                    hAlign="LEFT" if heading.align == "left" else "CENTER",
                )
            )
        elif heading.ornament:
            ornament = ParagraphStyle(
                "opening_ornament",
                parent=st.ornament,
                spaceBefore=0,
                spaceAfter=self.geo.leading * 1.6,
                alignment=st.chapter.alignment,
            )
            out.append(self._line(heading.ornament, ornament))
        return out

    def _first_paragraph(self, spans: tuple[Span, ...], lead: int) -> Flowable:
        """A chapter's first paragraph: its first words in small capitals, maybe a drop cap."""
        st = self.styles
        initial, rest = split_initial(spans) if self.design.heading.drop_cap else ("", spans)
        font = (
            self.setter.fonts.font_for(initial[-1], "regular", self.setter.fonts.display) if initial else None
        )
        if not initial or font is None or not rest:
            return set_paragraph(self.setter.text(lead_in(spans, lead), st.first))
        cap = Initial(initial, font, self.geo.size, self.geo.leading)
        text = self.setter.text(lead_in(rest, lead), st.first)
        return ImageAndFlowables(
            cap, [text], imageSide="left", imageRightPadding=self.geo.size * 0.25, imageBottomPadding=0
        )

    def _role_style(self, role: Role) -> ParagraphStyle | None:
        st = self.styles
        return {
            Role.QUOTE: st.quote,
            Role.CENTERED: st.centered,
            Role.SPEECH: st.speech,
            Role.STAGE: st.stage,
            Role.CAPTION: st.caption,
        }.get(role)

    def _blocks(self, blocks: tuple[Any, ...], opening: bool = False, anchor: str = "") -> list[Flowable]:
        out: list[Flowable] = []
        st, flush, first = self.styles, True, opening  # first: the chapter's opening paragraph
        lead = self.design.heading.lead_in_words if opening else 0
        for index, block in enumerate(blocks):
            start = len(out)
            match block:
                case ModelParagraph():
                    role_style = self._role_style(block.role)
                    if block.verse:
                        out.append(self.setter.text(block.spans, st.verse, verse=True))
                    elif role_style is not None:
                        out.append(self.setter.text(block.spans, role_style))
                    elif first:
                        out.append(self._first_paragraph(block.spans, lead))
                    else:
                        body = self.setter.text(block.spans, st.first if flush else st.body)
                        out.append(set_paragraph(body))
                    flush, lead, first = False, 0, False
                case SceneBreak():
                    out.append(self.setter.text(self.design.scene_break, st.ornament))
                    flush = True
                case AuthorNote() if block.ref and not block.paragraphs:  # gathered at the back
                    label = self._line(self.design.labels.author_note, st.note_label)
                    out.append(Anchored(label, f"{block.ref}-from", block.ref if self.links else None))
                case AuthorNote():
                    out.append(self._line(self.design.labels.author_note, st.note_label))
                    out += [self.setter.text(p.spans, st.note, verse=p.verse) for p in block.paragraphs]
                    out.append(Spacer(1, self.geo.leading * 0.5))
                case _:
                    assert_never(block)
            if anchor and len(out) > start:  # the page a block starts on (EPUB page list)
                out[start].anchor = f"{anchor}.{index}"
        return out

    def _anchor(self, section: Section, prefix: str) -> str:
        """The EPUB's id for a section (``frontNN``/``backNN`` over all of its kind) for the page list."""
        if prefix == "back":
            return f"back{self.manuscript.back_matter.index(section) + 1:02d}"
        return f"front{self.manuscript.front_matter.index(section) + 1:02d}"

    def _sections(
        self, sections: tuple[Section, ...] | list[Section], prefix: str, kind: str
    ) -> list[Flowable]:
        """Front or back matter: each section on its own page, its title set like a heading."""
        out: list[Flowable] = []
        for number, section in enumerate(sections, 1):
            key = f"{prefix}{number:02d}"
            if section.kind in BEFORE_CONTENTS:  # a dedication or epigraph: centred, high on the page
                out += [RectoBreak(), self._marker(key, section.title, 0, "front"), self._sink(0.25)]
                out.append(self._line(section.title, self.styles.part_number))
                out += [
                    self.setter.text(p.spans, self.styles.centered, verse=p.verse) for p in section.paragraphs
                ]
                out.append(NewPage())
                continue
            out += [
                RectoBreak(),
                self._marker(key, section.title, 0, kind),
                self._sink(0.1),
                self._line(section.title, self.styles.section),
            ]
            if section.notes:
                out += self._gathered_notes(section)
            else:
                out += self._blocks(section.paragraphs, anchor=self._anchor(section, prefix))
        return out

    def _gathered_notes(self, section: Section) -> list[Flowable]:
        """Author's notes gathered at the back, each linked back to where it stood."""
        st, out = self.styles, []
        for note in section.notes:
            ref = note.ref or ""
            label = self._line(self.design.labels.author_note, st.note_label)
            out.append(Anchored(label, ref, f"{ref}-from" if self.links and ref else None))
            out += [self.setter.text(p.spans, st.note, verse=p.verse) for p in note.paragraphs]
        return out
