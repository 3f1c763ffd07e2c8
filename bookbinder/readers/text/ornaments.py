"""Ornament lines: the dividers writers draw between scenes (``* * *``, ``oOo``, ``-x-x-``, ``⁂``)."""

from __future__ import annotations

import re

# Ornament lines, white space removed first. One row per habit seen in manuscripts:
ORNAMENTS: tuple[str, ...] = (
    r"[*#~=+•·∙⁂※§◇◆❖✦✧☆★♦♥♣♠○●°-]+",  # "* * *", "***", "#", "~*~", "----", "⁂", "* * * * *"
    r"(?:[oO0]{1,3}[*~=_.-]*){1,3}(?<=[oO])|(?:oO)+o|(?:Oo)+O",  # "oOo", "OoO", "o0o"
    r"(?:[xX][*~=_.-]?)+(?<=[xX])|(?:xX)+x|(?:Xx)+X",  # "xXx", "XxX", "x-x-x"
    r"[-~=_*.]+(?:[xXoO][-~=_*.]+)+",  # "-x-x-", "~o~o~", "=x="
    r"_{3,}",  # "______" rules
)
_ORNAMENT = re.compile("|".join(f"(?:{row})" for row in ORNAMENTS))
# Letters-only ornaments are real words too ("ox", "OO"), so they need a symbol or a repeat.
_LETTERS_ONLY = re.compile(r"[oOxX0]{1,2}")


def is_ornament(line: str) -> bool:
    """True for a line that only draws a divider (``* * *``, ``oOo``, ``-x-x-``, ``⁂``)."""
    if len(line) > 200:
        return False
    squeezed = "".join(line.split())
    if not squeezed or _LETTERS_ONLY.fullmatch(squeezed):  # a divider may run the page wide
        return False
    return _ORNAMENT.fullmatch(squeezed) is not None
