"""Covers: the generated art (Pillow) and validated user images.

PLACEHOLDER: a flat colour; the covers work replaces it, keeping ``CoverArt`` and
``resolve_cover``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .model import Metadata


@dataclass(frozen=True, slots=True)
class CoverArt:
    """A book's cover, rendered on demand at the size a writer needs."""

    metadata: Metadata
    image: Path | None = None  # a validated user cover; None means generated art

    def render(self, width: int, height: int) -> bytes:
        """RGB JPEG bytes of the cover at ``width`` x ``height`` pixels."""
        from PIL import Image

        out = io.BytesIO()
        Image.new("RGB", (width, height), (40, 60, 90)).save(out, "JPEG", quality=90)
        return out.getvalue()


def resolve_cover(manuscript_path: Path, metadata: Metadata, explicit: Path | None = None) -> CoverArt:
    """The cover for a book: --cover, then metadata ``cover:``, then covers/<stem>.*, else generated."""
    return CoverArt(metadata, explicit)
