"""The book's own flowables: recto breaks, structure markers, and contents lines whose page
numbers are drawn later (forward-referenced PDF forms), so one layout pass is enough."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable

from bookbinder.writers.pdf.marks import Mark, MarkSink, number_form

__all__ = ["Mark", "Marker", "NewPage", "RectoBreak", "TocLine", "number_form"]


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
