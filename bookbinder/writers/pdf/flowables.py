"""The book's own flowables: recto breaks, structure markers, contents lines whose page numbers
are drawn later (forward-referenced PDF forms), so one layout pass is enough, and body paragraphs
broken as a whole (``SetParagraph``, from ``set_paragraph``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable

from bookbinder.writers.pdf import linebreak
from bookbinder.writers.pdf.boxes import Builder, Hyphenate, Items, Line
from bookbinder.writers.pdf.marks import Mark, MarkSink, number_form
from bookbinder.writers.pdf.shaping import Segment, Shaper, Shaping, encoder, line_operators

__all__ = [
    "Mark", "Marker", "NewPage", "RectoBreak", "SetParagraph", "TocLine", "number_form", "set_paragraph"
]


class RectoBreak(ActionFlowable):  # type: ignore[misc]
    """Continue on the next recto (odd) page, leaving a blank verso if needed."""

    def __init__(self) -> None:
        super().__init__(("rectoBreak",))


class NewPage(ActionFlowable):  # type: ignore[misc]
    """Continue on the next page whatever its side."""

    def __init__(self) -> None:
        super().__init__(("newPage",))


class Marker(Flowable):  # type: ignore[misc]
    """A zero-size flowable placed first on a page: records where a structure starts."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Takes no room."""
        return 0, 0

    def draw(self) -> None:
        """Tell the document: it bookmarks, outlines and sets the running head."""
        doc: MarkSink = self.canv._doctemplate
        doc.reached(self.mark)


class TocLine(Flowable):  # type: ignore[misc]
    """A contents entry: title (wrapping if long), dot leaders, and the page number as a form."""

    def __init__(
        self,
        title: Paragraph,
        key: str,
        number_width: float,
        indent: float,
        link: bool,
        leader_font: tuple[str, float],
    ) -> None:
        super().__init__()
        self.title = title
        self.key = key
        self.number_width = number_width
        self.indent = indent
        self.link = link
        self.leader_font = leader_font
        self._lines: list[float] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The title wraps in the width left by the indent and the number column."""
        self.width = available_width
        room = available_width - self.indent - self.number_width - 12
        _, height = self.title.wrap(room, available_height)
        self.height = height
        return available_width, height

    def getSpaceBefore(self) -> float:
        """Space before, as the title's style says."""
        return float(self.title.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        """Space after, as the title's style says."""
        return float(self.title.getSpaceAfter())

    def draw(self) -> None:
        """Title, leaders to the number column, then the number (a form defined after layout)."""
        canv = self.canv
        self.title.drawOn(canv, self.indent, 0)
        widths = self.title.getActualLineWidths0() or [0.0]
        font, size = self.leader_font
        dot = canv.stringWidth(". ", font, size)
        start = self.indent + widths[-1] + 6
        end = self.width - self.number_width - 4
        baseline = self._last_baseline()
        if end - start > dot:
            count = int((end - start) / dot)
            canv.setFont(font, size)
            canv.drawRightString(end, baseline, ". " * count)
        canv.saveState()
        canv.translate(self.width, baseline)
        canv.doForm(number_form(self.key))
        canv.restoreState()
        if self.link:
            canv.linkRect("", self.key, (self.indent, 0, self.width, self.height), relative=1, thickness=0)

    def _last_baseline(self) -> float:
        """Baseline of the title's last line, relative to the flowable's bottom (reportlab sets
        the first baseline one font size below the top, then one leading per line)."""
        style = self.title.style
        lines = len(self.title.getActualLineWidths0() or [0.0])
        return float(self.height - style.fontSize - (lines - 1) * style.leading)


_BUILDERS: dict[tuple[float, Shaping], tuple[Builder, Shaper]] = {}  # word widths cached across a book


def _builder(size: float, shaping: Shaping) -> tuple[Builder, Shaper]:
    found = _BUILDERS.get((size, shaping))
    if found is None:
        shaper = Shaper(shaping)
        found = _BUILDERS[(size, shaping)] = (Builder(shaper.width, size), shaper)
    return found


@dataclass(slots=True)
class _Source:
    """A paragraph's (text, font) runs, and its boxes for each measure (shared by split parts)."""

    runs: list[tuple[str, str]]
    builder: Builder
    shaper: Shaper
    hyphenate: Hyphenate | None
    _items: dict[float, Items] = field(default_factory=dict)

    def items(self, measure: float, hyphenated: bool) -> Items:
        """Boxes for lines ``measure`` wide, with hyphenation points or without."""
        key = measure if not hyphenated else -measure
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = self.builder.items(
                self.runs, measure, self.hyphenate if hyphenated else None
            )
        return found


class SetParagraph(Flowable):  # type: ignore[misc]
    """A paragraph broken as a whole by ``linebreak`` and drawn line by line with word spacing.

    Split parts keep the lines already chosen, so a page break never re-breaks a paragraph. The
    split keeps two lines each side (no widow, no orphan) and avoids ending a recto page on a
    hyphen when the lines allow.
    """

    def __init__(
        self,
        source: _Source,
        style: ParagraphStyle,
        *,
        first: bool = True,
        start: int = 0,
        preset: tuple[float, Items, list[Line]] | None = None,
    ) -> None:
        super().__init__()
        self.source, self.style, self.first, self.start = source, style, first, start
        self._width = -1.0
        self._items: Items | None = None
        self._lines: list[Line] = []
        if preset is not None:
            self._width, self._items, self._lines = preset

    # -- measures ----------------------------------------------------------------------------
    def _measures(self, available_width: float) -> tuple[float, float]:
        st = self.style
        rest = available_width - st.leftIndent - st.rightIndent
        return (rest - st.firstLineIndent if self.first else rest), rest

    def _break(self, available_width: float) -> None:
        if available_width == self._width and self._items is not None:
            return
        first, rest = self._measures(available_width)
        short = self.style.fontSize * 4.0  # a last line narrower than this is a stub
        if self._items is None or self.start == 0:
            source = self.source
            plain = source.items(rest, hyphenated=False)
            hyphenated = (lambda: source.items(rest, hyphenated=True)) if source.hyphenate else None
            self._items, self._lines = linebreak.break_lines(
                plain, first, rest, short=short, hyphenated=hyphenated
            )
        else:  # the rest of a split paragraph, in a frame of another width
            self._items, self._lines = linebreak.break_lines(
                self._items, first, rest, short=short, start=self.start
            )
        self._width = available_width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Break (once per width) and report the height: one leading per line."""
        self._break(available_width)
        self.width = available_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        """Space before, as the style says (none for the continuation of a split)."""
        return float(self.style.spaceBefore) if self.first else 0.0

    def getSpaceAfter(self) -> float:
        """Space after, as the style says."""
        return float(self.style.spaceAfter)

    # -- page breaks ---------------------------------------------------------------------------
    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Two parts at a line boundary, or [] when no split keeps two lines each side."""
        self._break(available_width)
        lines, st = self._lines, self.style
        fit = min(int((available_height + 1e-6) // st.leading), len(lines) - 1)
        head_min = 1 if st.allowOrphans else 2
        tail_min = 1 if st.allowWidows else 2
        cut = min(fit, len(lines) - tail_min)
        if cut - 1 >= head_min and lines[cut - 1].hyphenated and self._on_recto():
            cut -= 1  # a reader turning the leaf should not have to carry half a word over
        if cut < head_min or self._items is None:
            return []
        preset_head = (available_width, self._items, lines[:cut])
        preset_tail = (available_width, self._items, lines[cut:])
        head = SetParagraph(self.source, st, first=self.first, start=self.start, preset=preset_head)
        tail = SetParagraph(self.source, st, first=False, start=lines[cut].start, preset=preset_tail)
        head.anchor = tail.anchor = getattr(self, "anchor", "")  # still one block (the EPUB page list)
        return [head, tail]

    def _on_recto(self) -> bool:
        """Whether the page being filled is a recto (the frame sets ``canv`` while splitting)."""
        canv = getattr(self, "canv", None)
        doc = getattr(canv, "_doctemplate", None)
        book_page = getattr(doc, "book_page", None)
        if canv is None or book_page is None:
            return False
        return bool(book_page(canv.getPageNumber()) % 2 == 1)

    # -- drawing -------------------------------------------------------------------------------
    def draw(self) -> None:
        """Each line from its left edge, justified lines by word spacing (PDF ``Tw``), so the text
        keeps its spaces and extracts as written."""
        items, st = self._items, self.style
        if items is None:
            return
        texts, fonts, glue = items.texts, items.fonts, items.glue
        size, leading = st.fontSize, st.leading
        first, rest = self._measures(self.width)
        justify = st.alignment == TA_JUSTIFY
        canv = self.canv
        text = canv.beginText()
        text.setFillColor(st.textColor)
        baseline = self.height - size
        words = encoder(canv, self.source.shaper)
        cached, encode, code = words.cached.get, words.word, text._code.append
        text.setFont(fonts[0] if fonts else st.fontName, size)
        state: list[Any] = ["", -1]
        for number, line in enumerate(self._lines):
            opening = number == 0 and self.first
            width = first if opening else rest
            x = st.leftIndent + (st.firstLineIndent if opening else 0.0)
            text.setTextOrigin(x, baseline)
            spacing = 0.0
            if line.spaces and justify and (not line.last or line.natural > width):
                spacing = (width - line.natural) / line.spaces
            text.setWordSpace(spacing)
            segments: list[Segment] = []
            end = line.end
            for k in range(line.start, end + 1):
                after = " " if k < end and glue[k] else ("-" if k == end and line.hyphenated else "")
                segments += cached((texts[k], fonts[k], after)) or encode(texts[k], fonts[k], after)
            code(line_operators(text, segments, state))
            baseline -= leading
        text.setWordSpace(0)
        canv.drawText(text)


def set_paragraph(paragraph: Paragraph) -> Flowable:
    """The body paragraph ``paragraph`` (built by the Typesetter, fonts resolved per run) set by
    the whole-paragraph line breaker instead of reportlab's greedy one."""
    style: ParagraphStyle = paragraph.style
    runs: list[tuple[str, str]] = []
    for frag in paragraph.frags:
        if getattr(frag, "lineBreak", False):
            return paragraph  # verse keeps its own lines: reportlab sets it
        runs.append((frag.text, frag.fontName))
    hyphenate: Any = style.hyphenationLang
    kern, ligatures = getattr(style, "kerning", True), getattr(style, "ligatures", True)
    shaping = Shaping(kern=bool(kern), ligatures=bool(ligatures))
    builder, shaper = _builder(style.fontSize, shaping)
    source = _Source(runs, builder, shaper, hyphenate if callable(hyphenate) else None)
    return SetParagraph(source, style)
