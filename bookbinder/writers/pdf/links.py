"""Internal links between two places in the book: an author's note gathered at the back and the
place it stood (``--notes end``). A named destination marks each end; the screen profile links
them both ways (the print profile has no links, as print-on-demand services ask)."""

from __future__ import annotations

from reportlab.platypus import Flowable


class Anchored(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A one-line flowable with a destination ``name`` at its top and, if ``target`` is given, a
    link from its area to that destination."""

    def __init__(self, inner: Flowable, name: str, target: str | None = None) -> None:
        super().__init__()
        self.inner, self.name, self.target = inner, name, target

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.name, 0, self.height)
        self.inner.drawOn(self.canv, 0, 0)
        if self.target:
            self.canv.linkRect("", self.target, (0, 0, self.width, self.height), relative=1, thickness=0)
