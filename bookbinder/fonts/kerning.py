"""Pair kerning and standard ligatures for a TrueType face, read once per font file.

reportlab's own shaping (uharfbuzz) positions glyph by glyph in Python, too slow for a long novel,
so the PDF writer kerns by pairs instead: the 'kern' feature's GPOS pair adjustments (formats 1
and 2) or, failing those, a legacy 'kern' table, read with fontTools (the library that already
prepares our fonts). A word's kerned width and its adjustments are worked out together, so the
width the line breaker measures is the width the text object draws (as a TJ array).

Standard ligatures (ff, fi, fl, ffi, ffl) are the presentation forms U+FB00-FB04, used only where
the face maps them; the drawn text marks each with /ActualText so extraction gives the letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fontTools.ttLib import TTFont

LIGATURES = {  # longest first: "ffi" before "ff"
    "ffi": "\ufb03", "ffl": "\ufb04", "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}

# (index of the character a kern comes before, the kern in 1/1000 em)
Adjustments = tuple[tuple[int, float], ...]


@dataclass(slots=True)
class _PairTable:
    """One pair-adjustment subtable: format 1 (glyph pairs) or format 2 (class pairs)."""

    pairs: dict[str, dict[str, int]] | None = None  # format 1: first glyph -> second -> value (as read)
    coverage: dict[str, int] = field(default_factory=dict)  # format 1: first glyph -> its pair set
    pair_sets: Any = None  # format 1: fontTools' (lazily read) pair sets
    covered: frozenset[str] = frozenset()  # format 2: first glyphs the subtable applies to
    first_class: dict[str, int] = field(default_factory=dict)
    second_class: dict[str, int] = field(default_factory=dict)
    matrix: list[list[int]] = field(default_factory=list)

    def value(self, left: str, right: str) -> int | None:
        """The adjustment for ``left`` then ``right``, or None when this subtable does not apply."""
        if self.pairs is not None:
            found = self.pairs.get(left)
            if found is None:
                index = self.coverage.get(left)
                if index is None:
                    return None
                records = self.pair_sets[index].PairValueRecord  # read on first use: most are never
                found = self.pairs[left] = {r.SecondGlyph: _x_advance(r.Value1) for r in records}
            return found.get(right)
        if left not in self.covered:
            return None
        row = self.matrix[self.first_class.get(left, 0)]
        column = self.second_class.get(right, 0)
        return row[column] if column < len(row) else 0


def _x_advance(record: Any) -> int:
    return int(getattr(record, "XAdvance", 0) or 0) if record is not None else 0


def _gpos_tables(font: TTFont) -> list[_PairTable]:
    """The 'kern' feature's pair subtables, in lookup order."""
    if "GPOS" not in font:
        return []
    gpos = font["GPOS"].table
    if gpos.FeatureList is None or gpos.LookupList is None:
        return []
    indices: list[int] = []
    for record in gpos.FeatureList.FeatureRecord:
        if record.FeatureTag == "kern":
            indices += [i for i in record.Feature.LookupListIndex if i not in indices]
    tables: list[_PairTable] = []
    for index in sorted(indices):
        lookup = gpos.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if lookup.LookupType == 9:  # an extension: the real subtable inside
                sub = sub.ExtSubTable
            if getattr(sub, "LookupType", 2) != 2:
                continue
            if sub.Format == 1:
                coverage = {glyph: index for index, glyph in enumerate(sub.Coverage.glyphs)}
                tables.append(_PairTable(pairs={}, coverage=coverage, pair_sets=sub.PairSet))
            elif sub.Format == 2:
                matrix = [[_x_advance(c2.Value1) for c2 in c1.Class2Record] for c1 in sub.Class1Record]
                tables.append(
                    _PairTable(
                        covered=frozenset(sub.Coverage.glyphs),
                        first_class=dict(sub.ClassDef1.classDefs) if sub.ClassDef1 else {},
                        second_class=dict(sub.ClassDef2.classDefs) if sub.ClassDef2 else {},
                        matrix=matrix,
                    )
                )
    return tables


def _legacy_table(font: TTFont) -> dict[tuple[str, str], int]:
    if "kern" not in font:
        return {}
    pairs: dict[tuple[str, str], int] = {}
    for table in font["kern"].kernTables:
        for key, value in getattr(table, "kernTable", {}).items():
            pairs.setdefault(key, int(value))
    return pairs


def _liga_sequences(font: TTFont) -> set[tuple[str, ...]] | None:
    """Glyph sequences the face's own 'liga' feature joins (None: the face has no GSUB). A face
    whose letters are remapped (a small-caps cut: "f" is f.sc) joins none of its "f" + "i", so
    its lower-case ligature glyphs are not used."""
    if "GSUB" not in font:
        return None
    gsub = font["GSUB"].table
    if gsub.FeatureList is None or gsub.LookupList is None:
        return set()
    indices = {
        i for r in gsub.FeatureList.FeatureRecord if r.FeatureTag == "liga" for i in r.Feature.LookupListIndex
    }
    formed: set[tuple[str, ...]] = set()
    for index in sorted(indices):
        lookup = gsub.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if lookup.LookupType == 7:  # an extension: the real subtable inside
                sub = sub.ExtSubTable
            for first, ligatures in (getattr(sub, "ligatures", None) or {}).items():
                formed.update((first, *ligature.Component) for ligature in ligatures)
    return formed


class Kerning:
    """Pair kerning and ligatures of one font file; kerns are in 1/1000 em (PDF text units)."""

    def __init__(self, path: str) -> None:
        font = TTFont(path, lazy=True)
        self._cmap: dict[int, str] = font.getBestCmap() or {}
        self._scale = 1000.0 / font["head"].unitsPerEm
        self._tables = _gpos_tables(font)
        self._legacy = {} if self._tables else _legacy_table(font)
        self._pairs: dict[str, float] = {}
        self._words: dict[str, tuple[float, Adjustments]] = {}
        formed = _liga_sequences(font)
        self._font = font  # kept open: pair sets are read as pairs are asked for
        self.ligatures = {
            letters: glyph
            for letters, glyph in LIGATURES.items()
            if ord(glyph) in self._cmap
            and (formed is None or tuple(self._cmap.get(ord(c), "") for c in letters) in formed)
        }
        self._search = re.compile("|".join(self.ligatures)) if self.ligatures else None  # longest first

    @property
    def kerns(self) -> bool:
        """Whether the face has any pair kerning."""
        return bool(self._tables or self._legacy)

    def pair(self, left: str, right: str) -> float:
        """The kern between characters ``left`` and ``right`` in 1/1000 em (negative: closer)."""
        key = left + right
        found = self._pairs.get(key)
        if found is None:
            found = 0.0
            first, second = self._cmap.get(ord(left)), self._cmap.get(ord(right))
            if first is not None and second is not None:
                for table in self._tables:
                    value = table.value(first, second)
                    if value is not None:
                        found = value * self._scale
                        break
                else:
                    found = self._legacy.get((first, second), 0) * self._scale
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
    """The kerning of the font file ``path`` (read once)."""
    return Kerning(path)


def letters(text: str) -> str:
    """``text`` with the standard ligatures back as letters (what /ActualText gives)."""
    for letters_, glyph in LIGATURES.items():
        text = text.replace(glyph, letters_)
    return text
