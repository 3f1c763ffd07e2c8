"""Trim sizes: `6x9in`, `A5`, `letter`, `148x210mm` -> points. No reportlab import (CLI start-up)."""

from __future__ import annotations

import re

from bookbinder.errors import UsageError

POINTS_PER = {"in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54, "pt": 1.0}
NAMED = {
    "a4": (595.2756, 841.8898),
    "a5": (419.5276, 595.2756),
    "a6": (297.6378, 419.5276),
    "b5": (498.8976, 708.6614),
    "letter": (612.0, 792.0),
    "digest": (396.0, 612.0),  # 5.5x8.5in
    "trade": (432.0, 648.0),  # 6x9in
}
DEFAULT = "6x9in"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)\s*$", re.IGNORECASE)


def parse_page_size(text: str) -> tuple[float, float]:
    """Width and height in points; raises UsageError with the accepted forms."""
    named = NAMED.get(text.strip().lower())
    if named:
        return named
    match = _SIZE.match(text)
    if not match:
        raise UsageError(
            f"page size {text!r} not understood: use WxH with in, mm, cm or pt (6x9in, 148x210mm) "
            f"or one of {', '.join(sorted(NAMED))}"
        )
    unit = POINTS_PER[match.group(3).lower()]
    width, height = float(match.group(1)) * unit, float(match.group(2)) * unit
    if not (144 <= width <= 1728 and 144 <= height <= 1728):
        raise UsageError(f"page size {text!r} is outside 2 to 24 inches")
    return width, height
