"""Cover JPEGs: one encoding for every use, and a lossless cut of whole rows from those bytes.

Covers are encoded baseline, 4:4:4 (so each 8x8 block of every channel stands alone), with a
restart marker after every row of blocks: each row's entropy-coded bytes then depend on that row's
pixels only. Cutting rows is copying those segments and renumbering their markers, no decoding and
no second encode, and the cut decodes to exactly the pixels of the image cropped before encoding.
"""

from __future__ import annotations

import io
import re

from PIL import Image

QUALITY = 90
BLOCK = 8  # rows per row of blocks (MCU) at 4:4:4
_RST = re.compile(rb"\xff[\xd0-\xd7]")  # a restart marker; 0xFF in data is always stuffed as FF 00
_SOF0, _DRI, _SOS, _EOI = 0xC0, 0xDD, 0xDA, b"\xff\xd9"


class _JpegFile(io.BytesIO):
    """In-memory output whose name says JPEG: Pillow then loads its JPEG plugin alone, not the five
    it loads for a format given by name (BMP, GIF, PPM, PNG too: ~10 ms in a fresh process)."""

    name = "cover.jpg"


def encode(image: Image.Image) -> bytes:
    """RGB JPEG bytes: no EXIF or ICC (the pixels are sRGB), baseline, 4:4:4 so coloured type stays
    crisp, a restart marker per row of blocks so ``cut_rows`` can take rows without re-encoding."""
    out = _JpegFile()
    image.save(out, quality=QUALITY, subsampling=0, optimize=False, restart_marker_rows=1)
    return out.getvalue()


def encode_rows(image: Image.Image, painted: list[tuple[int, int]], ground: tuple[int, int, int]) -> bytes:
    """``encode(image)``'s bytes exactly, for an image that is plain ``ground`` outside the row spans
    ``painted``: only those rows go through colour conversion and the DCT (the cost of encoding,
    whatever the content); every plain row of blocks is the same few bytes, encoded once."""
    width, height = image.size
    rows = -(-height // BLOCK)
    busy = [False] * rows
    for top, bottom in painted:
        for row in range(max(top, 0) // BLOCK, min(-(-bottom // BLOCK), rows)):
            busy[row] = True
    if sum(busy) > rows * 0.9:
        return encode(image)
    plain = _split(encode(Image.new("RGB", (width, BLOCK), ground)))
    if plain is None:  # a Pillow that writes no restart markers
        return encode(image)
    head, rest, (plain_row,) = plain
    segments: list[bytes] = []
    row = 0
    while row < rows:
        if not busy[row]:
            segments.append(plain_row)
            row += 1
            continue
        end = row
        while end < rows and busy[end]:
            end += 1
        run = _split(encode(image.crop((0, row * BLOCK, width, min(end * BLOCK, height)))))
        if run is None:
            return encode(image)
        segments += run[2]
        row = end
    return _join(head, rest, height, segments)


def cut_rows(data: bytes, top: int, height: int) -> bytes | None:
    """Rows ``top`` to ``top + height`` of the JPEG ``data`` as a JPEG, or None when ``data`` cannot
    be cut losslessly (not one of ``encode``'s: no restart marker per row, subsampled, progressive)
    or ``top`` is not on a block boundary."""
    split = _split(data)
    if split is None or top % BLOCK or height < 1:
        return None
    head, rest, segments = split
    if top + height > len(segments) * BLOCK:
        return None
    return _join(head, rest, height, segments[top // BLOCK : -(-(top + height) // BLOCK)])


def _split(data: bytes) -> tuple[bytes, bytes, list[bytes]] | None:
    """A JPEG that can be cut as (its header up to the height, the header after it, each block row's
    entropy-coded bytes), or None."""
    header = _header(data)
    if header is None:
        return None
    sof, scan, _width, height = header
    stops = [m.start() for m in _RST.finditer(data, scan)]
    end = data.rfind(_EOI)
    if len(stops) != -(-height // BLOCK) - 1 or end < scan:
        return None
    starts = [scan, *(stop + 2 for stop in stops)]
    segments = [data[a:b] for a, b in zip(starts, [*stops, end], strict=True)]
    return data[: sof + 5], data[sof + 7 : scan], segments


def _join(head: bytes, rest: bytes, height: int, segments: list[bytes]) -> bytes:
    """A JPEG of ``height`` rows from its header and block rows, restart markers numbered afresh."""
    parts = [head, height.to_bytes(2, "big"), rest]
    for index, segment in enumerate(segments):
        if index:
            parts.append(bytes((0xFF, 0xD0 + (index - 1) % 8)))
        parts.append(segment)
    parts.append(_EOI)
    return b"".join(parts)


def _header(data: bytes) -> tuple[int, int, int, int] | None:
    """(offset of SOF0, offset of the scan's data, width, height) of a JPEG that ``cut_rows`` can cut."""
    if data[:2] != b"\xff\xd8":
        return None
    pos, sof, interval, width, height = 2, -1, 0, 0, 0
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        kind, length = data[pos + 1], int.from_bytes(data[pos + 2:pos + 4], "big")
        body = data[pos + 4:pos + 2 + length]
        if kind == _SOF0:
            height, width = int.from_bytes(body[1:3], "big"), int.from_bytes(body[3:5], "big")
            # three components, each sampled 1x1: a block row is 8 pixel rows of every channel
            if body[5] != 3 or any(body[7 + 3 * i] != 0x11 for i in range(3)):
                return None
            sof = pos
        elif kind in (0xC1, 0xC2, 0xC3) or (0xC5 <= kind <= 0xCF and kind not in (0xC8, 0xCC)):
            return None  # progressive, lossless, arithmetic: not rows of restart segments
        elif kind == _DRI:
            interval = int.from_bytes(body[:2], "big")
        elif kind == _SOS:
            if sof < 0 or body[0] != 3 or interval != -(-width // BLOCK):
                return None
            return sof, pos + 2 + length, width, height
        pos += 2 + length
    return None
