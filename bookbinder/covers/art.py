"""Generated cover art: where the words go, then palette, motif and type painted together.

Everything random comes from ``random.Random`` seeded with the SHA-256 of the title, subtitle,
authors and series (never ``hash()``, which is salted per process), so the same book always gets
the same cover, byte for byte, and different books get different ones.
"""

from __future__ import annotations

import hashlib
import os
import random
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, _imaging

from bookbinder.covers.motifs import (
    MOTIFS,
    PALETTES,
    RGB,
    SEAMLESS_ON_TOP,
    Palette,
    choose_palette,
    paint_motif,
)
from bookbinder.covers.typeset import Fitted, face, fit_text, line_width
from bookbinder.metadata.display import capitals, names, series_line
from bookbinder.model import Metadata

__all__ = ["PALETTES", "CoverPlan", "Generated", "Palette", "choose_palette", "compose", "design_rng"]

Box = tuple[int, int, int, int]
TEXT_STYLES = {"series": "italic", "title": "bold", "subtitle": "italic", "author": "regular"}


def seed_of(metadata: Metadata) -> bytes:
    """SHA-256 of what identifies a book's cover (stable across processes and text edits)."""
    parts = [
        metadata.title,
        metadata.subtitle or "",
        "\x1f".join(metadata.authors),
        metadata.series or "",
        "" if metadata.series_index is None else repr(float(metadata.series_index)),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).digest()


def design_rng(metadata: Metadata) -> random.Random:
    """The cover's random choices, seeded by ``seed_of`` (palette first, then motif and side)."""
    return random.Random(int.from_bytes(seed_of(metadata), "big"))


# --- where the text goes ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placed:
    """One block of cover text: what it says (``role``), how it is set, and where its top sits."""

    role: str  # "series", "title", "subtitle", "author"
    fitted: Fitted
    x: float  # the centre of every line, or their left edge when ``align`` is "left"
    top: float
    align: str = "centre"


@dataclass(frozen=True, slots=True)
class CoverPlan:
    """The layout of a generated cover at one size: motif band, text area, text blocks, a rule."""

    size: tuple[int, int]
    side: str  # where the motif band is: "top", "bottom" or "left"
    band: Box
    text_area: Box
    blocks: tuple[Placed, ...]
    rule: Box | None




def _stack(
    texts: dict[str, str | None], area: Box, unit: float, align: str
) -> tuple[list[Placed], Box | None]:
    """Fit series, title, subtitle and author into ``area``; author at the foot, the rest centred above."""
    x0, y0, x1, y1 = area
    width, height = x1 - x0, y1 - y0
    anchor = x0 if align == "left" else (x0 + x1) / 2
    gap = unit * 0.03
    fitted: dict[str, Fitted] = {}
    specs = {  # share of the area's height, max and min size (in units), tracking, max lines
        "author": (0.16, 0.05, 0.026, 0.12, 3),
        "series": (0.10, 0.042, 0.024, 0.0, 2),
        "subtitle": (0.2, 0.056, 0.028, 0.0, 3),
    }
    for role, (share, biggest, smallest, tracking, lines) in specs.items():
        text = texts.get(role)
        if text:
            fitted[role] = fit_text(
                text,
                TEXT_STYLES[role],
                width,
                height * share,
                max(int(unit * biggest), 6),
                max(int(unit * smallest), 6),
                leading=1.2,
                tracking=tracking,
                max_lines=lines,
            )
    rule_space = unit * 0.09 if "author" in fitted else 0.0
    used = sum(f.height + gap for f in fitted.values()) + rule_space
    fitted["title"] = fit_text(
        texts["title"] or "",
        TEXT_STYLES["title"],
        width,
        max(height - used, 1.0),
        max(int(unit * 0.2), 6),
        max(int(unit * 0.05), 6),
        leading=1.08,
    )
    placed: list[Placed] = []
    rule: Box | None = None
    bottom: float = y1
    if "author" in fitted:
        author = fitted["author"]
        placed.append(Placed("author", author, anchor, y1 - author.height, align))
        rule_y = y1 - author.height - rule_space / 2
        half, thick = unit * 0.05, max(unit * 0.004, 1.0)
        left = x0 if align == "left" else anchor - half
        rule = (int(left), int(rule_y - thick / 2), int(left + 2 * half), int(rule_y + thick / 2) + 1)
        bottom = y1 - author.height - rule_space
    group = [role for role in ("series", "title", "subtitle") if role in fitted]
    total = sum(fitted[r].height for r in group) + gap * (len(group) - 1)
    top = y0 + max((bottom - y0 - total) / 2, 0.0)
    for role in group:
        placed.append(Placed(role, fitted[role], anchor, top, align))
        top += fitted[role].height + gap
    return placed, rule


def plan_cover(texts: dict[str, str | None], size: tuple[int, int], side: str, align: str) -> CoverPlan:
    """Lay out a cover of ``size`` for its aspect: motif band on ``side`` (top/bottom), or left when wide.

    The band gives way to a long title: the largest band whose title is set at a size a thumbnail
    can read, else the band that lets the title grow most.
    """
    w, h = size
    unit = min(w, h / 1.6)
    margin_x, margin_y = round(w * 0.085), round(h * 0.045)
    if w > h * 0.9:  # square or landscape: motif on the left, text beside it
        side = "left"
        options: tuple[float, ...] = (0.42, 0.36, 0.3)
    else:
        options = (0.48, 0.42, 0.36, 0.3, 0.25)
    tried: list[tuple[int, CoverPlan]] = []
    for share in options:
        if side == "left":
            band = (0, 0, round(w * share), h)
            gutter = round(max(unit * 0.07, w * 0.05))
            area = (band[2] + gutter, margin_y * 2, w - gutter, h - margin_y * 2)
        elif side == "top":
            band = (0, 0, w, round(h * share))
            area = (margin_x, band[3] + margin_y, w - margin_x, h - margin_y)
        else:
            band = (0, h - round(h * share), w, h)
            area = (margin_x, margin_y, w - margin_x, band[1] - margin_y)
        blocks, rule = _stack(texts, area, unit, align)
        plan = CoverPlan(size, side, band, area, tuple(blocks), rule)
        title_size = next(b.fitted.size for b in blocks if b.role == "title")
        if title_size >= unit * 0.1:
            return plan
        tried.append((title_size, plan))
    biggest = max(title_size for title_size, _ in tried)
    return next(plan for title_size, plan in tried if title_size >= biggest * 0.95)


def draw_text(draw: ImageDraw.ImageDraw, block: Placed, colour: RGB) -> list[Box]:
    """Draw a placed block (centred on, or flush left at, its ``x``); returns each line's ink box."""
    fitted = block.fitted
    font = face(fitted.font, fitted.size)
    tracking = fitted.tracking * fitted.size
    boxes: list[Box] = []
    baseline = block.top + fitted.ascent
    for line in fitted.lines:
        start = block.x if block.align == "left" else block.x - line_width(font, line, tracking) / 2
        x = start
        if tracking:
            for ch in line:
                draw.text((x, baseline), ch, font=font, fill=colour, anchor="ls")
                x += float(font.getlength(ch)) + tracking
            left, top_ink, _, bottom_ink = draw.textbbox((start, baseline), line, font=font, anchor="ls")
            boxes.append(
                (int(left), int(top_ink), int(start + line_width(font, line, tracking)) + 1, int(bottom_ink))
            )
        else:
            draw.text((x, baseline), line, font=font, fill=colour, anchor="ls")
            left, top_ink, right, bottom_ink = draw.textbbox((x, baseline), line, font=font, anchor="ls")
            boxes.append((int(left), int(top_ink), int(right), int(bottom_ink)))
        baseline += fitted.pitch
    return boxes


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated cover before encoding: the picture, its plan, palette and every line's ink box."""

    image: Image.Image
    plan: CoverPlan
    palette: Palette
    boxes: tuple[tuple[str, Box], ...]  # (role, ink box of one line)

    def painted_rows(self) -> list[tuple[int, int]]:
        """Spans of rows (top, bottom) holding anything but the plain field: the band with its seam,
        the rule, each line of text; two rows either side for the seam's and the rule's last row."""
        boxes = [self.plan.band, *(box for _, box in self.boxes)]
        if self.plan.rule:
            boxes.append(self.plan.rule)
        return [(box[1] - 2, box[3] + 2) for box in boxes]


COVER_TEXT_LIMIT = 200  # characters; the title page carries the full text


def _shorten(text: str) -> str:
    """A cover cannot set thousands of characters legibly: longer texts end in an ellipsis."""
    return text if len(text) <= COVER_TEXT_LIMIT else text[: COVER_TEXT_LIMIT - 1].rstrip() + "…"


def cover_texts(metadata: Metadata) -> dict[str, str | None]:
    """The words on the front: series line, title, subtitle, byline."""
    series = series_line(metadata)
    subtitle = (metadata.subtitle or "").strip()
    joined = names(metadata.authors)
    author = capitals(joined) if joined else None
    return {
        "series": _shorten(series) if series else None,
        "title": _shorten(metadata.title.strip() or "Untitled"),
        "subtitle": _shorten(subtitle) if subtitle else None,
        "author": _shorten(author) if author else None,
    }


# Pillow allocates pixels in blocks (16 MB) and frees them all back to the system: each of the ~50 MB
# a cover paints through was fresh memory, page-faulted in again (~10-15 ms of system time a cover).
# Small blocks are reused by malloc, and a few are kept by Pillow; PILLOW_BLOCK_SIZE or
# PILLOW_BLOCKS_MAX in the environment still decide instead.
PIXEL_BLOCK = 1 << 20
BLOCKS_KEPT = 16


@cache
def _reuse_pixel_memory() -> None:
    """Set Pillow's block allocator once per process (the first cover painted)."""
    if "PILLOW_BLOCK_SIZE" not in os.environ and "PILLOW_BLOCKS_MAX" not in os.environ:
        _imaging.set_block_size(PIXEL_BLOCK)
        _imaging.set_blocks_max(BLOCKS_KEPT)


def compose(metadata: Metadata, width: int, height: int) -> Generated:
    """Paint the generated cover for ``metadata`` at ``width`` x ``height``, laid out for that aspect."""
    _reuse_pixel_memory()
    rng = design_rng(metadata)
    palette = choose_palette(rng)
    motif = rng.choice(MOTIFS)
    side = rng.choice(("top", "bottom"))
    align = rng.choice(("centre", "centre", "left"))
    motif_rng = random.Random(rng.getrandbits(64))  # the same shapes at every size of this cover
    texts = cover_texts(metadata)
    plan = plan_cover(texts, (width, height), side, align)
    x0, y0, x1, y1 = plan.band
    mark = next((ch for ch in texts["title"] or "" if ch.isalnum()), "A").upper()
    band = paint_motif(motif, (x1 - x0, y1 - y0), palette, motif_rng, plan.side, mark)
    # The canvas after the band: it takes over the memory the supersampled band has just freed.
    image = Image.new("RGB", (width, height), palette.field)
    image.paste(band, (x0, y0))
    draw = ImageDraw.Draw(image)
    unit = min(width, height / 1.6)
    if not (plan.side == "top" and motif in SEAMLESS_ON_TOP):  # a thin seam where the motif meets the text
        seam = max(round(unit * 0.008), 1)
        edge = {
            "top": (x0, y1 - seam, x1, y1),
            "bottom": (x0, y0, x1, y0 + seam),
            "left": (x1 - seam, y0, x1, y1),
        }
        draw.rectangle(edge[plan.side], fill=palette.accent)
    if plan.rule:
        draw.rectangle(plan.rule, fill=palette.accent)
    boxes: list[tuple[str, Box]] = []
    for block in plan.blocks:
        colour = palette.secondary if block.role in ("series", "subtitle") else palette.ink
        boxes += [(block.role, box) for box in draw_text(draw, block, colour)]
    return Generated(image, plan, palette, tuple(boxes))
