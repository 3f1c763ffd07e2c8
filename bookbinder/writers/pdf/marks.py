"""What a structure marker announces, and who listens: the seam between flowables and document.

The document template hears marks (TOC, outline, running heads); the flowables only know the
``MarkSink`` protocol, so neither module imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


def number_form(key: str) -> str:
    """Name of the PDF form that shows the page label where ``key`` starts."""
    return f"pg-{key}"


@dataclass(frozen=True, slots=True)
class Mark:
    """What a Marker announces: a structural start the TOC, outline and running heads follow."""

    key: str  # stable destination name ("ch001", "part01", "back01", "contents")
    title: str  # outline label and recto running head
    level: int  # outline level (parts 0, their chapters 1)
    kind: str  # "chapter", "part", "section", "front", "text"


class MarkSink(Protocol):
    """The document a Marker reports to."""

    def reached(self, mark: Mark) -> None:
        """A structure starts here, on the page being drawn."""
        ...
