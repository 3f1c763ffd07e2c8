"""Pair kerning and standard ligatures for a TrueType face, read once per font file.

reportlab's own shaping (uharfbuzz) positions glyph by glyph in Python, too slow for a long novel,
so the PDF writer kerns by pairs instead: the 'kern' feature's GPOS pair adjustments (formats 1
and 2) or, failing those, a legacy 'kern' table, read with fontTools (the library that already
prepares our fonts) once per face and cached on disk (``bookbinder.fonts.kerndata``). A word's
kerned width and its adjustments are worked out together, so the width the line breaker measures
is the width the text object draws (as a TJ array).

Standard ligatures (ff, fi, fl, ffi, ffl) are the presentation forms U+FB00-FB04, used only where
the face maps them; the drawn text marks each with /ActualText so extraction gives the letters.
"""

from __future__ import annotations

import re
from functools import cache

from bookbinder.fonts.kerndata import LIGATURES, KernData, load

__all__ = ["LIGATURES", "Adjustments", "Kerning", "for_file", "letters"]

# (index of the character a kern comes before, the kern in 1/1000 em)
Adjustments = tuple[tuple[int, float], ...]


class Kerning:
    """Pair kerning and ligatures of one face (``bookbinder.fonts.kerndata``); kerns are in
    1/1000 em (PDF text units)."""

    def __init__(self, data: KernData) -> None:
        self._data = data
        self._cmap = data.cmap
        self._scale = data.scale
        self._pairs: dict[str, float] = {}
        self._words: dict[str, tuple[float, Adjustments]] = {}
        self.ligatures = data.ligatures
        self._search = re.compile("|".join(self.ligatures)) if self.ligatures else None  # longest first

    @property
    def kerns(self) -> bool:
        """Whether the face has any pair kerning."""
        return self._data.kerns

    def pair(self, left: str, right: str) -> float:
        """The kern between characters ``left`` and ``right`` in 1/1000 em (negative: closer)."""
        key = left + right
        found = self._pairs.get(key)
        if found is None:
            found = 0.0
            first, second = self._cmap.get(ord(left)), self._cmap.get(ord(right))
            if first is not None and second is not None:
                found = self._data.value(first, second) * self._scale
            self._pairs[key] = found
        return found

    def word(self, text: str) -> tuple[float, Adjustments]:
        """Total kern of ``text`` (1/1000 em) and where it goes: (index of the character the
        adjustment comes before, kern), zero pairs left out. Cached per word."""
        found = self._words.get(text)
        if found is None:
            total = 0.0
            moves: list[tuple[int, float]] = []
            pair = self.pair
            for index in range(1, len(text)):
                value = pair(text[index - 1], text[index])
                if value:
                    total += value
                    moves.append((index, value))
            found = (total, tuple(moves))
            if len(self._words) > 300_000:  # bounded on a book of unique strings
                self._words.clear()
            self._words[text] = found
        return found

    def ligate(self, text: str) -> str:
        """``text`` with the face's standard ligatures (on letters only: ``text`` is one word's
        piece; the presentation forms are one character each)."""
        if self._search is None or "f" not in text:
            return text
        table = self.ligatures
        return self._search.sub(lambda m: table[m.group()], text)


@cache
def for_file(path: str) -> Kerning:
    """The kerning of the font file ``path`` (read once per process, from the on-disk cache)."""
    return Kerning(load(path))


def letters(text: str) -> str:
    """``text`` with the standard ligatures back as letters (what /ActualText gives)."""
    for letters_, glyph in LIGATURES.items():
        text = text.replace(glyph, letters_)
    return text
