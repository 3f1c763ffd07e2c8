"""Which code points a font file maps: its best Unicode cmap, read straight from the sfnt tables.

Importing fontTools costs ~25 ms, more than the rest of a cover's font handling, and a one-book
build pays it at every start. So the two subtable formats that real fonts use (4 for the BMP, 12 for
everything) are read here with ``struct``, giving exactly the code points fontTools'
``getBestCmap()`` gives (the same subtable preference, the same rules for glyph 0 and for format 4's
final segment). Anything else, or anything irregular, returns None and the caller asks fontTools,
so odd or damaged fonts keep fontTools' behaviour and messages.
"""

from __future__ import annotations

import struct
from pathlib import Path

# fontTools' getBestCmap order (HarfBuzz's): full repertoire first, Windows before Unicode platform.
PREFERENCES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))
SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"OTTO", b"true")


def _table(data: bytes, tag: bytes) -> bytes | None:
    """The bytes of table ``tag`` in the first face of a TrueType/OpenType file or collection."""
    start = 0
    if data[:4] == b"ttcf":
        if len(data) < 16:
            return None
        (start,) = struct.unpack_from(">L", data, 12)
    if data[start : start + 4] not in SFNT_VERSIONS or len(data) < start + 12:
        return None
    (count,) = struct.unpack_from(">H", data, start + 4)
    for index in range(count):
        record = start + 12 + 16 * index
        if record + 16 > len(data):
            return None
        if data[record : record + 4] == tag:
            offset, length = struct.unpack_from(">LL", data, record + 8)
            return data[offset : offset + length] if offset + length <= len(data) else None
    return None


def _format_4(sub: bytes) -> set[int] | None:
    if len(sub) < 14:
        return None
    (seg_x2,) = struct.unpack_from(">H", sub, 6)
    segs = seg_x2 // 2
    words = (len(sub) - 14) // 2
    if words < 4 * segs + 1:
        return None
    table = struct.unpack_from(f">{words}H", sub, 14)
    ends, starts = table[:segs], table[segs + 1 : 2 * segs + 1]
    deltas, range_offsets = table[2 * segs + 1 : 3 * segs + 1], table[3 * segs + 1 : 4 * segs + 1]
    glyph_ids = table[4 * segs + 1 :]
    codes: set[int] = set()
    for i in range(segs - 1):  # as fontTools: the last segment (0xFFFF) is never read
        start, delta, range_offset = starts[i], deltas[i], range_offsets[i]
        span = range(start, ends[i] + 1)
        if range_offset == 0:
            codes.update(code for code in span if (code + delta) & 0xFFFF)
            continue
        partial = range_offset // 2 - start + i - segs
        for code in span:
            index = code + partial
            if not 0 <= index < len(glyph_ids):
                return None  # malformed: let fontTools report it
            if glyph_ids[index] and (glyph_ids[index] + delta) & 0xFFFF:
                codes.add(code)
    return codes


def _format_12(sub: bytes) -> set[int] | None:
    if len(sub) < 16:
        return None
    length, groups = struct.unpack_from(">4xLxxxxL", sub, 0)
    if length != len(sub) or length != 16 + 12 * groups:
        return None
    codes: set[int] = set()
    last_end = 0
    for group in range(groups):
        start, end, glyph = struct.unpack_from(">LLL", sub, 16 + 12 * group)
        if end > 0x10FFFF or start > end or start < last_end:
            return None  # fontTools clamps or skips such groups (and warns): leave it to fontTools
        last_end = end
        codes.update(range(start + 1 if glyph == 0 else start, end + 1))
    return codes


def read_cmap(path: Path) -> frozenset[int] | None:
    """Code points the font's best Unicode cmap maps to a real glyph, or None when unsure."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    cmap = _table(data, b"cmap")
    if cmap is None or len(cmap) < 4:
        return None
    (count,) = struct.unpack_from(">2xH", cmap, 0)
    if len(cmap) < 4 + 8 * count:
        return None
    offsets: dict[tuple[int, int], int] = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", cmap, 4 + 8 * index)
        offsets.setdefault((platform, encoding), offset)  # fontTools' getcmap takes the first match
    chosen = next((offsets[key] for key in PREFERENCES if key in offsets), None)
    if chosen is None or chosen + 4 > len(cmap):
        return None
    (form,) = struct.unpack_from(">H", cmap, chosen)
    if form == 4:
        (length,) = struct.unpack_from(">H", cmap, chosen + 2)
        found = _format_4(cmap[chosen : chosen + length]) if length else None
    elif form == 12 and chosen + 8 <= len(cmap):
        (length,) = struct.unpack_from(">L", cmap, chosen + 4)
        found = _format_12(cmap[chosen : chosen + length]) if length else None
    else:
        found = None
    return None if found is None else frozenset(found)
