"""What a markup reader found, before the shared finishing step turns it into a Reading."""

from __future__ import annotations

from dataclasses import dataclass

from bookbinder.metadata import Layer
from bookbinder.model import Chapter, Section


@dataclass(frozen=True, slots=True)
class Parsed:
    """Chapters, matter, metadata layers (highest first) and evidence from one file."""

    chapters: tuple[Chapter, ...]
    front_matter: tuple[Section, ...] = ()
    back_matter: tuple[Section, ...] = ()
    layers: tuple[Layer, ...] = ()
    source_contents: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    consumed: tuple[str, ...] = ()
    shape: str = ""  # which layout was recognised: "ao3", "fanficfare", "headings", ...
