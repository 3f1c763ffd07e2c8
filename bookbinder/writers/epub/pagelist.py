"""Print page numbers in the EPUB: the PDF's page breaks, handed over when both are built.

The PDF writer records, for every page, the anchor it starts in: a structure's start
(``ch003``, ``part01``, ``title``, ``contents``) or a block inside one (``ch003.17``: the 18th
block of chapter 3, counted as in ``Chapter.blocks``). It leaves them in the build's relay
(``BuildContext.relay[RELAY_KEY]`` as ``(label, anchor)`` pairs), and the EPUB writer, which the
build runs after the PDF, puts an ``epub:type="pagebreak"`` marker at the start of each anchor
and lists them in the nav's ``page-list``. So a reader on an e-reader and one holding the
paperback can meet on the same page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bookbinder.writers import PAGE_STARTS, BuildContext

RELAY_KEY = PAGE_STARTS
# The PDF's names for pages the EPUB has under another id.
_PDF_TO_EPUB = {"title": "titlepage", "contents": "nav"}


@dataclass(frozen=True)
class PageBreaks:
    """Page labels by where they start: at a document's start, or at one of its blocks."""

    starts: tuple[tuple[str, str], ...] = ()  # (label, anchor) in page order
    source: str = ""  # what the page numbers are from (pageBreakSource)
    _by_anchor: dict[str, list[str]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for label, anchor in self.starts:
            self._by_anchor.setdefault(anchor, []).append(label)

    @classmethod
    def from_relay(cls, ctx: BuildContext) -> PageBreaks:
        """The PDF's page starts, when the PDF of this book was built first in this build."""
        found = ctx.relay.get(RELAY_KEY)
        if not isinstance(found, tuple) or not found:
            return cls()
        starts = tuple((str(label), _PDF_TO_EPUB.get(str(anchor), str(anchor))) for label, anchor in found)
        return cls(starts, source="the PDF edition built with this EPUB")

    def at(self, uid: str) -> tuple[str, ...]:
        """Labels of the pages that start at the top of document ``uid``."""
        return tuple(self._by_anchor.get(uid, ()))

    def before(self, uid: str) -> str:
        """The markers for the top of ``uid`` as markup (for pages without blocks)."""
        from bookbinder.writers.xhtml import page_breaks

        return page_breaks(self.at(uid))

    def blocks(self, uid: str) -> dict[int, Sequence[str]]:
        """Block index -> labels of pages starting in that block of document ``uid`` (-1: its top)."""
        prefix = f"{uid}."
        out: dict[int, list[str]] = {}
        for anchor, labels in self._by_anchor.items():
            if anchor.startswith(prefix) and anchor[len(prefix):].isdigit():
                out.setdefault(int(anchor[len(prefix):]), []).extend(labels)
            elif anchor == uid:
                out.setdefault(-1, []).extend(labels)
        return dict(out)

    def nav_targets(self, href: Mapping[str, str]) -> list[tuple[str, str]]:
        """(label, link) for the page list: every page whose document this EPUB has."""
        out: list[tuple[str, str]] = []
        for label, anchor in self.starts:
            uid = anchor.split(".", 1)[0]
            if uid in href:
                out.append((label, f"{href[uid]}#page-{label}"))
        return out

    def placed(self, uid: str) -> Sequence[str]:
        """Labels whose marker document ``uid`` carries (used to check nothing dangles)."""
        return [label for label, anchor in self.starts if anchor.split(".", 1)[0] == uid]
