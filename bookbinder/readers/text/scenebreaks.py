"""Scene breaks: ornament lines, and runs of extra blank lines in blank-separated text."""

from __future__ import annotations

from collections import Counter

from bookbinder.model import SceneBreak
from bookbinder.readers.text.blocks import BLANK_SEPARATED, Raw
from bookbinder.readers.text.drafts import Context, Draft, Heading
from bookbinder.readers.text.ornaments import is_ornament

__all__ = ["is_ornament", "scene_breaks"]


def scene_breaks(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """Ornament chunks become SceneBreaks; in blank-separated text so do extra blank lines.

    ``para\\n\\n\\npara`` (two blank lines where one is usual) -> Paragraph, SceneBreak, Paragraph.
    Consecutive breaks (Alice draws one break as three lines of stars) merge into one.
    """
    threshold = _blank_threshold(drafts) if ctx.layout.mode == BLANK_SEPARATED else 0
    out: list[Draft] = []
    for draft in drafts:
        if isinstance(draft, Raw) and len(draft.lines) <= 5 and all(map(is_ornament, draft.lines)):
            if not (out and isinstance(out[-1], SceneBreak)):
                out.append(SceneBreak(draft.line))
            continue
        if (
            threshold
            and isinstance(draft, Raw)
            and draft.blank_before >= threshold
            and out
            and not isinstance(out[-1], (Heading, SceneBreak))
        ):
            out.append(SceneBreak(draft.line - 1))
        out.append(draft)
    return out


def _blank_threshold(drafts: list[Draft]) -> int:
    """Blank lines that mean a break: one more than the usual gap, and at least two."""
    gaps = Counter(d.blank_before for d in drafts[1:] if isinstance(d, Raw))
    usual = min(gaps, key=lambda gap: (-gaps[gap], gap)) if gaps else 1  # most common, then least
    return max(2, usual + 1)
