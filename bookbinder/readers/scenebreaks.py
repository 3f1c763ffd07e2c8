"""Scene breaks: ornament lines, and runs of extra blank lines in blank-separated text."""

from __future__ import annotations

import re
from statistics import median

from .blocks import BLANK_SEPARATED, Raw
from .drafts import Context, Draft, Heading
from ..model import SceneBreak

# Ornament lines, white space removed first. One row per habit seen in manuscripts:
ORNAMENTS: tuple[str, ...] = (
    r"[*#~=+•·∙⁂※§◇◆❖✦✧☆★♦♥♣♠○●°-]{1,40}",  # "* * *", "***", "#", "~*~", "----", "⁂", "* * * * *"
    r"(?:[oO0]{1,3}[*~=_.-]*){1,3}(?<=[oO])|(?:oO)+o|(?:Oo)+O",  # "oOo", "OoO", "o0o"
    r"(?:[xX][*~=_.-]?)+(?<=[xX])|(?:xX)+x|(?:Xx)+X",  # "xXx", "XxX", "x-x-x"
    r"[-~=_*.]+(?:[xXoO][-~=_*.]+)+",  # "-x-x-", "~o~o~", "=x="
    r"_{3,40}",  # "______" rules
)
_ORNAMENT = re.compile("|".join(f"(?:{row})" for row in ORNAMENTS))
# Letters-only ornaments are real words too ("ox", "OO"), so they need a symbol or a repeat.
_LETTERS_ONLY = re.compile(r"[oOxX0]{1,2}")


def is_ornament(line: str) -> bool:
    """True for a line that only draws a divider (``* * *``, ``oOo``, ``-x-x-``, ``⁂``)."""
    squeezed = "".join(line.split())
    if not squeezed or len(squeezed) > 40 or _LETTERS_ONLY.fullmatch(squeezed):
        return False
    return _ORNAMENT.fullmatch(squeezed) is not None


def scene_breaks(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """Ornament chunks become SceneBreaks; in blank-separated text so do extra blank lines.

    ``para\\n\\n\\npara`` (two blank lines where one is usual) -> Paragraph, SceneBreak, Paragraph.
    Consecutive breaks (Alice draws one break as three lines of stars) merge into one.
    """
    threshold = _blank_threshold(drafts) if ctx.layout.mode == BLANK_SEPARATED else 0
    out: list[Draft] = []
    for draft in drafts:
        if isinstance(draft, Raw) and all(is_ornament(line) for line in draft.lines):
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
    gaps = [d.blank_before for d in drafts[1:] if isinstance(d, Raw)]
    usual = int(median(gaps)) if gaps else 1
    return max(2, usual + 1)
