"""A face's pair kerning and ligatures as plain Python values, decoded once and kept on disk.

Decoding a face's GPOS 'kern' lookups with fontTools takes about a quarter of a second, in every
new process; loading the same values with ``marshal`` takes a millisecond or two. So each face's
values are cached beside the prepared fonts (``bookbinder.fonts.derived``: keyed by the font
file's path, size and mtime and this module's FORMAT), made by ``python -m
bookbinder.fonts.prepare`` and otherwise on first use.

Glyphs are numbered in the order of their names (our own numbers, only for glyphs the cmap
reaches: text can ask for no other); kerning values are in font units, as the font gives them.
Every pair a format-1 subtable holds is decoded here (reading them lazily only paid off when
decoding happened in every process); pairs of value zero are kept only where they stop a later
subtable from applying, so a lookup gives exactly what reading the font in order gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookbinder.fonts import derived

FORMAT = 1  # bump when what is stored, or how it is read from the font, changes

LIGATURES = {  # longest first: "ffi" before "ff"
    "ffi": "\ufb03", "ffl": "\ufb04", "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}

# A format-1 subtable: (1, first glyph -> second glyph -> value).
# A format-2 subtable: (2, covered first glyphs, first glyph -> class, second glyph -> class, rows).
Table = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class KernData:
    """What pair kerning and ligatures need of one face."""

    scale: float  # font units -> 1/1000 em
    cmap: dict[int, int]  # code point -> glyph number
    tables: tuple[Table, ...]  # the 'kern' feature's pair subtables, in lookup order
    legacy: dict[int, dict[int, int]]  # a legacy 'kern' table, used only when there are no tables
    kerns: bool  # whether the face has any pair kerning at all
    ligatures: dict[str, str]  # letters -> presentation form, where the face joins them

    def value(self, first: int, second: int) -> int:
        """The kern between two glyphs in font units (0: none), as the font's lookups give it."""
        for table in self.tables:
            if table[0] == 1:
                row = table[1].get(first)
                if row is None:
                    continue
                found = row.get(second)
                if found is None:
                    continue
                return int(found)
            if first not in table[1]:
                continue
            cells = table[4][table[2].get(first, 0)]
            column = table[3].get(second, 0)
            return int(cells[column]) if column < len(cells) else 0
        if self.tables:
            return 0
        return int(self.legacy.get(first, {}).get(second, 0))


def _x_advance(record: Any) -> int:
    return int(getattr(record, "XAdvance", 0) or 0) if record is not None else 0


def _subtables(font: Any) -> list[Any]:
    """The 'kern' feature's pair-adjustment subtables (fontTools objects), in lookup order."""
    if "GPOS" not in font:
        return []
    gpos = font["GPOS"].table
    if gpos.FeatureList is None or gpos.LookupList is None:
        return []
    indices: list[int] = []
    for record in gpos.FeatureList.FeatureRecord:
        if record.FeatureTag == "kern":
            indices += [i for i in record.Feature.LookupListIndex if i not in indices]
    found = []
    for index in sorted(indices):
        lookup = gpos.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if lookup.LookupType == 9:  # an extension: the real subtable inside
                sub = sub.ExtSubTable
            if getattr(sub, "LookupType", 2) == 2 and sub.Format in (1, 2):
                found.append(sub)
    return found


def _table(sub: Any, number: dict[str, int]) -> Table:
    """One subtable in plain values, over the glyphs ``number`` reaches."""
    if sub.Format == 1:
        coverage = {glyph: index for index, glyph in enumerate(sub.Coverage.glyphs)}
        pairs: dict[int, dict[int, int]] = {}
        for glyph, index in coverage.items():
            if glyph in number:
                records = sub.PairSet[index].PairValueRecord
                row = {r.SecondGlyph: _x_advance(r.Value1) for r in records}  # the last record wins
                pairs[number[glyph]] = {number[g]: v for g, v in row.items() if g in number}
        return (1, pairs)
    first = dict(sub.ClassDef1.classDefs) if sub.ClassDef1 else {}
    second = dict(sub.ClassDef2.classDefs) if sub.ClassDef2 else {}
    return (
        2,
        frozenset(number[g] for g in sub.Coverage.glyphs if g in number),
        {number[g]: c for g, c in first.items() if g in number and c},
        {number[g]: c for g, c in second.items() if g in number and c},
        tuple(tuple(_x_advance(c2.Value1) for c2 in c1.Class2Record) for c1 in sub.Class1Record),
    )


def _drop_zeros(tables: list[Table]) -> tuple[Table, ...]:
    """Format-1 pairs of value zero left out wherever the later subtables also give zero."""
    for index, table in enumerate(tables):
        if table[0] != 1:
            continue
        later = KernData(1.0, {}, tuple(tables[index + 1 :]), {}, True, {})
        table[1].update(
            (first, {s: v for s, v in row.items() if v or later.value(first, s)})
            for first, row in table[1].items()
        )
        for first in [f for f, row in table[1].items() if not row]:
            del table[1][first]
    return tuple(tables)


def _legacy(font: Any) -> dict[tuple[str, str], int]:
    """A legacy 'kern' table's pairs (the first subtable to give a pair wins)."""
    if "kern" not in font:
        return {}
    pairs: dict[tuple[str, str], int] = {}
    for table in font["kern"].kernTables:
        for key, value in getattr(table, "kernTable", {}).items():
            pairs.setdefault(key, int(value))
    return pairs


def _numbered(pairs: dict[tuple[str, str], int], number: dict[str, int]) -> dict[int, dict[int, int]]:
    found: dict[int, dict[int, int]] = {}
    for (first, second), value in pairs.items():
        if value and first in number and second in number:
            found.setdefault(number[first], {})[number[second]] = value
    return found


def _liga_sequences(font: Any) -> set[tuple[str, ...]] | None:
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


def extract(path: str) -> KernData:
    """Read ``path``'s kerning and ligatures with fontTools (slow: the cache's source)."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    names: dict[int, str] = font.getBestCmap() or {}
    number = {glyph: index for index, glyph in enumerate(sorted(set(names.values())))}
    subtables = _subtables(font)
    tables = _drop_zeros([_table(sub, number) for sub in subtables])
    legacy = {} if subtables else _legacy(font)
    formed = _liga_sequences(font)
    ligatures = {
        letters: glyph
        for letters, glyph in LIGATURES.items()
        if ord(glyph) in names
        and (formed is None or tuple(names.get(ord(c), "") for c in letters) in formed)
    }
    scale = 1000.0 / font["head"].unitsPerEm
    cmap = {code: number[glyph] for code, glyph in names.items()}
    return KernData(scale, cmap, tables, _numbered(legacy, number), bool(subtables or legacy), ligatures)


def _fields(data: KernData) -> tuple[object, ...]:
    return (data.scale, data.cmap, data.tables, data.legacy, data.kerns, data.ligatures)


def cache_file(path: str) -> Path:
    """Where ``path``'s values are cached (``bookbinder.fonts.derived``)."""
    return derived.location(path, f"k{FORMAT}.kern")


def load(path: str) -> KernData:
    """``path``'s values from the cache; decoded (and cached, if the folder allows) when missing
    or made from another file, another version of it, or another FORMAT."""
    key = derived.key(path, FORMAT)
    try:
        target: Path | None = cache_file(path)
    except (OSError, RuntimeError):
        target = None  # no cache folder at all (no home directory)
    stored = None if target is None else derived.read(target, key)
    if stored is not None and len(stored) == 6:
        return KernData(*stored)  # type: ignore[arg-type]
    data = extract(path)
    if target is not None:
        derived.write(target, key, _fields(data))
    return data


def prepare(path: str) -> Path | None:
    """Make ``path``'s cache now unless a current one is there (``bookbinder.fonts.prepare``)."""
    load(path)
    target = cache_file(path)
    return target if target.is_file() else None
