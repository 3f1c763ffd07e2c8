"""One book's cover painted once for all the sizes its writers ask for.

The generated design is painted at 5:8 (the EPUB's shape) and encoded once. A slightly shorter size
of the same width (the screen PDF's 2:3 cover page) is cut from it: the rows come off the motif
band's outer edge, which is decoration, so the text keeps its margins, and the cut is taken from the
design's JPEG bytes losslessly (``jpeg.cut_rows``) rather than encoded again. Other sizes are painted
at that size. A user image is decoded once per decoding scale. The choice depends on the size asked
for only, never on what was rendered before, so the bytes are the same whatever the order or the
formats built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PIL import Image

from bookbinder.covers import jpeg
from bookbinder.model import Metadata

if TYPE_CHECKING:
    from bookbinder.covers.art import Generated

Loader = Callable[[tuple[int, int]], Image.Image]  # decodes the user's image towards a draft size

DESIGN_ASPECT = 5 / 8
TEXT_MARGIN = 0.03  # of the height: text closer than this to a cut edge -> paint at that size
BAND_KEPT = 0.5  # a cut may take at most half the motif band
# Workers build one book at a time, so only the latest book's pictures are kept.
_PICTURES: dict[str, object] = {"art": None}
_SIZES: dict[object, object] = {}


def _memo(book: object) -> dict[object, object]:
    """The pictures kept for ``book`` (any object identifying it: its CoverArt)."""
    if _PICTURES["art"] is not book:
        _PICTURES["art"] = book
        _SIZES.clear()
    return _SIZES


def _painted(book: object, metadata: Metadata, width: int, height: int) -> Generated:
    from bookbinder.covers.art import Generated, compose

    memo = _memo(book)
    painted = memo.get((width, height))
    if not isinstance(painted, Generated):
        painted = memo[(width, height)] = compose(metadata, width, height)
    return painted


def _cut_top(painted: Generated, height: int) -> int | None:
    """The first row of a ``height``-row cut of ``painted`` taken from its motif band's side (on a
    block boundary, so the JPEG can be cut losslessly), or None when the cut would come within
    TEXT_MARGIN of a line of text or take more than BAND_KEPT of the band."""
    spare = painted.image.height - height
    _, band_top, _, band_bottom = painted.plan.band
    if painted.plan.side not in ("top", "bottom") or spare > (band_bottom - band_top) * BAND_KEPT:
        return None
    top = spare // jpeg.BLOCK * jpeg.BLOCK if painted.plan.side == "top" else 0
    margin = TEXT_MARGIN * height
    if all(box[1] - top >= margin and top + height - box[3] >= margin for _, box in painted.boxes):
        return top
    return None


def _choose(
    book: object, metadata: Metadata, width: int, height: int, tolerance: float
) -> tuple[Generated, int | None]:
    """The painting a size comes from, and the row it is cut from (None: painted at that size)."""
    design = (width, round(width / DESIGN_ASPECT))
    if design[1] > height and (design[1] - height) / design[1] <= tolerance:
        painted = _painted(book, metadata, *design)
        top = _cut_top(painted, height)
        if top is not None:
            return painted, top
    return _painted(book, metadata, width, height), None


def designed(book: object, metadata: Metadata, width: int, height: int, tolerance: float) -> Image.Image:
    """Generated art at ``width`` x ``height``, cut from the book's 5:8 design where the text allows
    (an aspect within ``tolerance``, see ``_cut_top``)."""
    painted, top = _choose(book, metadata, width, height, tolerance)
    return painted.image if top is None else painted.image.crop((0, top, width, top + height))


def designed_jpeg(book: object, metadata: Metadata, width: int, height: int, tolerance: float) -> bytes:
    """``designed``'s picture as JPEG bytes: each painting encoded once, a cut taken from its bytes."""
    painted, top = _choose(book, metadata, width, height, tolerance)
    memo = _memo(book)
    data = memo.get(("jpeg", painted.image.size))
    if not isinstance(data, bytes):
        data = memo[("jpeg", painted.image.size)] = jpeg.encode_rows(
            painted.image, painted.painted_rows(), painted.palette.field
        )
    if top is None:
        return data
    cut = jpeg.cut_rows(data, top, height)  # None only with a Pillow that writes no restart markers
    return cut if cut is not None else jpeg.encode(painted.image.crop((0, top, width, top + height)))


def user_picture(book: object, draft: tuple[int, int], load: Loader) -> Image.Image:
    """The user's image decoded once per book and decoding scale (``load(draft)`` decodes it)."""
    memo = _memo(book)
    image = memo.get(("user", draft))
    if not isinstance(image, Image.Image):
        image = memo[("user", draft)] = load(draft)
    return image
