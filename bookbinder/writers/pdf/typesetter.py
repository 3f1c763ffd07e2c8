"""Text into reportlab Paragraphs without markup: spans and font runs become fragments directly.

Manuscript text never meets reportlab's paragraph mini-markup (R1): ``Typesetter.text`` builds a
Paragraph's fragments directly (one per span and font run), so ``<b>``, ``&``, ``]]>`` or
``a<b`` are just characters. It is also faster: the markup parser is skipped for every paragraph
of the book. ``Typesetter.text`` is the only way text enters a Paragraph in this writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from bookbinder.model import Span, Style
from bookbinder.writers.pdf.fonts import FontSet

_WORD_END = re.compile(r"\S+")


def style_key(style: Style) -> str:
    """The font style a span's emphasis asks for."""
    if Style.SMALL_CAPS in style:
        return "smallcaps"
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
        for part in parts:  # both halves are still the same block (the EPUB's page list)
            part.anchor = getattr(self, "anchor", "")
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
                family, face = self._style_of(style, kind)
                bold, italic = int("bold" in face), int("italic" in face)
                for run, font in self.fonts.runs(line, face, family):
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

    def _style_of(self, style: ParagraphStyle, kind: str) -> tuple[str, str]:
        """(family, face) combining the paragraph style's own face (a bold title) with a span's."""
        family, own = self.fonts.kind_of(style.fontName)
        if kind == "smallcaps":
            return self.fonts.small_caps_family(), "smallcaps"
        if kind == "regular":
            return family, own
        own = "regular" if own == "smallcaps" else own
        bold = "bold" in own or "bold" in kind
        italic = "italic" in own or "italic" in kind
        face = {(True, True): "bolditalic", (True, False): "bold", (False, True): "italic"}.get(
            (bold, italic), "regular"
        )
        return family, face


def lead_in(spans: tuple[Span, ...], count: int) -> tuple[Span, ...]:
    """The first ``count`` words of the first span set in small capitals (a chapter's lead-in)."""
    if not spans or count <= 0:
        return spans
    first = spans[0]
    ends = [m.end() for m in _WORD_END.finditer(first.text)]
    if not ends:
        return spans
    cut = ends[min(count, len(ends)) - 1]
    head = Span(first.text[:cut], first.style | Style.SMALL_CAPS)
    tail = (Span(first.text[cut:], first.style),) if first.text[cut:] else ()
    return (head, *tail, *spans[1:])


def split_initial(spans: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """The drop cap's text (leading punctuation and the first letter) and the spans after it."""
    if not spans:
        return "", spans
    text = spans[0].text
    match = re.match(r"^([\"'“‘(\[«]*\w)", text)
    if match is None or not match.group(1)[-1].isalpha():
        return "", spans
    cut = match.end()
    rest = (Span(text[cut:], spans[0].style),) if text[cut:] else ()
    return match.group(1), (*rest, *spans[1:])


class Initial(Flowable):  # type: ignore[misc]
    """A drop cap: ``text`` ``lines`` lines deep, its baseline on the last of them, in ``font``."""

    def __init__(self, text: str, font: str, body_size: float, leading: float, lines: int = 2) -> None:
        super().__init__()
        cap = 0.68  # cap height / size of a book face: the initial spans cap top to the last baseline
        self.text, self.font = text, font
        self.size = ((lines - 1) * leading + cap * body_size) / cap
        self.baseline = leading * lines - body_size * 0.98 - (lines - 1) * leading
        self.box = (stringWidth(text, font, self.size), leading * lines)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The initial's box: its width, the lines it spans."""
        return self.box

    def _restrictSize(self, available_width: float, available_height: float) -> tuple[float, float]:
        """What ImageAndFlowables asks of its image: the size, never shrunk."""
        return self.box

    def _unRestrictSize(self) -> None:
        """Nothing was shrunk."""

    def draw(self) -> None:
        """Draw the letter on the baseline of its last line."""
        self.canv.setFont(self.font, self.size)
        self.canv.drawString(0, self.baseline, self.text)
