"""The print cover wrap: back, spine and front on one PDF page with bleed.

PLACEHOLDER: the covers work implements it; the PDF writer calls it with --profile print.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .covers import CoverArt
    from .model import Metadata


def write_cover_wrap(art: CoverArt, metadata: Metadata, page_count: int,
                     trim: tuple[float, float], paper: str, target: Path) -> None:
    """Write the wrap for a book of ``page_count`` pages at ``trim`` (points) on ``paper``."""
    raise NotImplementedError
