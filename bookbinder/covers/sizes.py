"""One book's cover painted once for all the sizes its writers ask for.

The generated design is painted at the EPUB's 5:8; a nearby aspect (a 6x9 in PDF page) is cut from
it when every line of text keeps a margin, else painted at that size. A user image is decoded once
per decoding scale. The choice depends on the size asked for only, never on what was rendered
before, so the bytes are the same whatever the order or the formats built.
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from bookbinder.model import Metadata

Loader = Callable[[tuple[int, int]], Image.Image]  # decodes the user's image towards a draft size

# Workers build one book at a time, so only the latest book's pictures are kept.
DESIGN_ASPECT = 5 / 8
TEXT_MARGIN = 0.03  # of the height: text closer than this to a cropped edge -> paint at that size
_PICTURES: dict[str, object] = {"art": None}
_SIZES: dict[object, object] = {}


def _memo(book: object) -> dict[object, object]:
    """The pictures kept for ``book`` (any object identifying it: its CoverArt)."""
    if _PICTURES["art"] is not book:
        _PICTURES["art"] = book
        _SIZES.clear()
    return _SIZES


def designed(book: object, metadata: Metadata, width: int, height: int, tolerance: float) -> Image.Image:
    """Generated art at ``width`` x ``height``, cut from the book's 5:8 design where the text allows
    (an aspect within ``tolerance`` and every text line at least TEXT_MARGIN from a cut edge)."""
    from bookbinder.covers.art import Generated, compose

    design = (width, round(width / DESIGN_ASPECT))
    memo = _memo(book)
    if design[1] > height and (design[1] - height) / design[1] <= tolerance:
        painted = memo.get(design)
        if not isinstance(painted, Generated):
            painted = memo[design] = compose(metadata, *design)
        top = (design[1] - height) // 2
        margin = TEXT_MARGIN * height
        if all(box[1] - top >= margin and top + height - box[3] >= margin for _, box in painted.boxes):
            return painted.image.crop((0, top, width, top + height))
    painted = memo.get((width, height))
    if not isinstance(painted, Generated):
        painted = memo[(width, height)] = compose(metadata, width, height)
    return painted.image


def user_picture(book: object, draft: tuple[int, int], load: Loader) -> Image.Image:
    """The user's image decoded once per book and decoding scale (``load(draft)`` decodes it)."""
    memo = _memo(book)
    image = memo.get(("user", draft))
    if not isinstance(image, Image.Image):
        image = memo[("user", draft)] = load(draft)
    return image
