"""Colours and shapes of generated covers: curated palettes, and motifs that fill the motif band.

Every palette's ink meets WCAG AA contrast on its field by construction (``ensure_contrast``).
A motif draws with the palette's motif colours on an image already supersampled (Pillow draws
shapes without anti-aliasing), using only the random generator it is given, so the same book
gets the same shapes at every size.
"""

from __future__ import annotations

import colorsys
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

from bookbinder.covers.typeset import choose_font, contrast_ratio, face

RGB = tuple[int, int, int]
DESIGN_CONTRAST = 5.5  # above WCAG AA (4.5) so JPEG rounding can never push text below it


def _hex(code: str) -> RGB:
    return (int(code[1:3], 16), int(code[3:5], 16), int(code[5:7], 16))


# (field behind the text, ink, accent, motif colours) - curated so any pick is harmonious.
PALETTES: tuple[tuple[str, str, str, tuple[str, str, str, str]], ...] = (
    ("#141C2E", "#F4EEE1", "#E9A23B", ("#1F2D4A", "#E9A23B", "#C8553D", "#F4EEE1")),  # midnight
    ("#17332A", "#F1EAD7", "#D9A441", ("#24493C", "#D9A441", "#7FA887", "#E8DCC0")),  # forest
    ("#3E1220", "#F7E8D5", "#E98A5B", ("#5A1C2D", "#E98A5B", "#E8C07D", "#2C0C16")),  # oxblood
    ("#1E2126", "#F3EFE7", "#E4572E", ("#2E333B", "#E4572E", "#F0B429", "#8A9BA8")),  # charcoal
    ("#0E3B3D", "#EEF5EC", "#E8C547", ("#135457", "#E8C547", "#F28F6B", "#8CC7B4")),  # teal
    ("#2F1A36", "#F6ECF2", "#F2A65A", ("#48284F", "#F2A65A", "#D9667E", "#F6D7C3")),  # plum
    ("#F2EADB", "#1D2733", "#C4533A", ("#E2D5BF", "#C4533A", "#2B5F82", "#E6AE48")),  # paper
    ("#DFE6D6", "#1C2B22", "#A4553A", ("#C5D3BC", "#36634A", "#A4553A", "#EDC06B")),  # sage
    ("#F5E1D8", "#3A1C26", "#A8364B", ("#EBC4B6", "#A8364B", "#2F4858", "#F29E7E")),  # blush
    ("#DCE9F2", "#10243A", "#D9691E", ("#BCD4E6", "#1D5C8A", "#F08A2E", "#F6E7C8")),  # sky
    ("#EFE2C2", "#2A1F14", "#9C3D26", ("#E2C98F", "#2F4F4F", "#9C3D26", "#F6EED8")),  # sand
    ("#E6E3DD", "#202020", "#C2452D", ("#D2CEC6", "#1F1F1F", "#C2452D", "#8C9196")),  # stone
    ("#10151C", "#F5F3EE", "#5FB3B3", ("#1C2733", "#5FB3B3", "#F2C14E", "#E8E4DA")),  # ink
    ("#3A1F16", "#F6E9DC", "#E3A857", ("#55301F", "#E3A857", "#C45C3B", "#8FA68E")),  # rust
    ("#2B3222", "#F1EEDD", "#D8B65C", ("#3C4630", "#D8B65C", "#A9B98A", "#B5533C")),  # moss
    ("#E9E2F0", "#2A1E3B", "#7B4FA0", ("#D6CBE3", "#7B4FA0", "#E88D67", "#3D5A80")),  # lilac
    ("#DDF0E6", "#123326", "#1F7A5A", ("#C3E4D2", "#1F7A5A", "#F2A541", "#2E4057")),  # mint
    ("#FBE3D6", "#3B1A14", "#C8553D", ("#F6C9B4", "#C8553D", "#3E6B89", "#F2D07E")),  # coral
)


@dataclass(frozen=True, slots=True)
class Palette:
    """The colours of one cover; ``ink`` and ``secondary`` meet DESIGN_CONTRAST on ``field``."""

    field: RGB
    ink: RGB
    secondary: RGB  # series line and subtitle
    accent: RGB  # rules and seams (decoration, not text)
    motif: tuple[RGB, RGB, RGB, RGB]  # motif[0] is the motif's ground


def _rotate(rgb: RGB, degrees: float) -> RGB:
    h, lightness, s = colorsys.rgb_to_hls(*(v / 255 for v in rgb))
    r, g, b = colorsys.hls_to_rgb((h + degrees / 360) % 1.0, lightness, s)
    return (round(r * 255), round(g * 255), round(b * 255))


def ensure_contrast(ink: RGB, field: RGB, target: float = DESIGN_CONTRAST) -> RGB:
    """``ink`` moved towards black or white (the farther from ``field``) until it meets ``target``."""
    end = (
        (255, 255, 255)
        if contrast_ratio((255, 255, 255), field) >= contrast_ratio((0, 0, 0), field)
        else (0, 0, 0)
    )
    colour = ink
    for step in range(1, 21):
        if contrast_ratio(colour, field) >= target:
            break
        t = step / 20
        colour = tuple(round(a + (b - a) * t) for a, b in zip(ink, end, strict=True))  # type: ignore[assignment]
    return colour


def choose_palette(rng: random.Random) -> Palette:
    """One curated palette, its hues turned a little so books sharing a palette still differ."""
    field_hex, ink_hex, accent_hex, motif_hex = rng.choice(PALETTES)
    turn = rng.uniform(-14.0, 14.0)
    field, ink, accent = (_rotate(_hex(c), turn) for c in (field_hex, ink_hex, accent_hex))
    motif = tuple(_rotate(_hex(c), turn) for c in motif_hex)
    ink = ensure_contrast(ink, field)
    secondary = accent if contrast_ratio(accent, field) >= DESIGN_CONTRAST else ink
    return Palette(field, ink, secondary, accent, motif)  # type: ignore[arg-type]


SUPERSAMPLE = 2  # draw large, then reduce, so curves and diagonals have smooth edges

# A motif draws on the supersampled band; type, which FreeType smooths itself (and which costs four
# times as much at twice the size), it may leave as a finish, drawn on the band once reduced.
Finish = Callable[[ImageDraw.ImageDraw], None]
Motif = Callable[[ImageDraw.ImageDraw, int, int, Palette, random.Random, str, str], Finish | None]


def rings(
    draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random, side: str, mark: str
) -> None:
    """Concentric rings spreading from a point on the band's edge."""
    cx, cy = rng.choice([(0, 0), (w, 0), (0, h), (w, h), (w // 2, h if side == "top" else 0)])
    colours = [p.motif[1], p.motif[2], p.motif[3], p.motif[0]]
    step = max(min(w, h) * rng.uniform(0.07, 0.12), 4)
    radius = max(math.hypot(x - cx, y - cy) for x in (0, w) for y in (0, h)) + step
    index = rng.randrange(4)
    while radius > step / 2:
        inner = radius - step * rng.choice((1.0, 1.0, 0.5, 1.5))
        box = (cx - radius, cy - radius, cx + radius, cy + radius)
        if inner <= step / 2:
            draw.ellipse(box, fill=colours[index % 4])
        else:  # an annulus, not a full disc: each pixel is painted about once (4x faster)
            draw.ellipse(box, outline=colours[index % 4], width=math.ceil(radius - inner) + 1)
        radius = inner
        index += 1


def stripes(
    draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random, side: str, mark: str
) -> None:
    """Diagonal bands of varied width."""
    angle = math.radians(rng.uniform(25, 60)) * rng.choice((1, -1))
    dx, dy = math.cos(angle), math.sin(angle)  # stripe direction
    nx, ny = -dy, dx  # across the stripes
    reach = math.hypot(w, h)
    offset = -reach
    index = rng.randrange(4)
    while offset < reach:
        width = reach * rng.choice((0.03, 0.05, 0.08, 0.12))
        ox, oy = w / 2 + nx * offset, h / 2 + ny * offset
        corners = [(ox - dx * reach, oy - dy * reach), (ox + dx * reach, oy + dy * reach)]
        corners += [(x + nx * width, y + ny * width) for x, y in reversed(corners)]
        draw.polygon(corners, fill=p.motif[index % 4])
        offset += width
        index += rng.choice((1, 1, 2))


def sunset(
    draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random, side: str, mark: str
) -> None:
    """A large sun cut by horizontal bars, over a horizon."""
    radius = min(w, h) * rng.uniform(0.32, 0.42)
    cx, cy = w * rng.uniform(0.35, 0.65), h * rng.uniform(0.5, 0.62)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=p.motif[1])
    bar, y = radius * 0.05, cy
    while y < cy + radius:
        draw.rectangle((0, y, w, y + bar), fill=p.motif[0])
        y += bar * 2.6
        bar *= 1.22
    horizon = cy + radius * rng.uniform(0.55, 0.8)
    draw.rectangle((0, horizon, w, h), fill=p.motif[2])
    draw.rectangle(
        (0, horizon + (h - horizon) * 0.45, w, h), fill=p.motif[3] if side == "bottom" else p.field
    )


def mosaic(
    draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random, side: str, mark: str
) -> None:
    """A Bauhaus grid of tiles, each with a quarter circle, half circle, circle or triangle."""
    columns = rng.choice((3, 4, 5))
    cell = w / columns
    rows = math.ceil(h / cell)
    top = h - rows * cell if side == "top" else 0.0  # whole tiles meet the text
    for row in range(rows):
        for column in range(columns):
            x0, y0 = column * cell, top + row * cell
            x1, y1 = x0 + cell, y0 + cell
            ground, shape = rng.sample(p.motif, 2)
            draw.rectangle((x0, y0, x1, y1), fill=ground)
            kind = rng.randrange(5)
            if kind == 0:  # quarter circle from a corner, kept inside its tile
                (cx, cy), start = rng.choice(
                    (((x0, y0), 0), ((x1, y0), 90), ((x1, y1), 180), ((x0, y1), 270))
                )
                draw.pieslice((cx - cell, cy - cell, cx + cell, cy + cell), start, start + 90, fill=shape)
            elif kind == 1:  # half circle standing on one edge
                half = cell / 2
                bbox, start = rng.choice(
                    (
                        ((x0, y1 - half, x1, y1 + half), 180),
                        ((x0, y0 - half, x1, y0 + half), 0),
                        ((x0 - half, y0, x0 + half, y1), 270),
                        ((x1 - half, y0, x1 + half, y1), 90),
                    )
                )
                draw.pieslice(bbox, start, start + 180, fill=shape)
            elif kind == 2:  # circle
                inset = cell * 0.12
                draw.ellipse((x0 + inset, y0 + inset, x1 - inset, y1 - inset), fill=shape)
            elif kind == 3:  # triangle
                corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                del corners[rng.randrange(4)]
                draw.polygon(corners, fill=shape)
            else:  # a plain tile with a small dot
                r = cell * 0.14
                draw.ellipse(
                    ((x0 + x1) / 2 - r, (y0 + y1) / 2 - r, (x0 + x1) / 2 + r, (y0 + y1) / 2 + r), fill=shape
                )


def peaks(
    draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random, side: str, mark: str
) -> None:
    """Layered ridges under a low moon; the nearest ridge is the text's own field colour."""
    radius = min(w, h) * rng.uniform(0.1, 0.16)
    cx, cy = w * rng.uniform(0.2, 0.8), h * rng.uniform(0.2, 0.35)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=p.motif[1])
    layers = (p.motif[0], p.motif[2], p.field)
    for depth, colour in enumerate(layers):
        base = h * (0.5 + 0.18 * depth)
        points = [(0.0, float(h))]
        x = -w * 0.1
        while x < w * 1.1:
            points.append((x, base - h * rng.uniform(0.05, 0.22)))
            x += w * rng.uniform(0.12, 0.3)
            points.append((x, base + h * rng.uniform(0.0, 0.06)))
            x += w * rng.uniform(0.08, 0.2)
        points.append((float(w), float(h)))
        draw.polygon(points, fill=colour)


def waves(
    draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random, side: str, mark: str
) -> None:
    """Rolling bands of colour, the nearest one the text's own field colour when the band is on top."""
    layers = [p.motif[1], p.motif[2], p.motif[0], p.field if side == "top" else p.motif[1]]
    period = w * rng.uniform(0.6, 1.1)
    for depth, colour in enumerate(layers):
        base = h * (0.3 + 0.2 * depth)
        amplitude = h * rng.uniform(0.03, 0.07)
        phase = rng.uniform(0, math.tau)
        points = [
            (float(x), base + amplitude * math.sin(phase + math.tau * x / period)) for x in range(0, w + 8, 8)
        ]
        draw.polygon([(0.0, float(h)), *points, (float(w), float(h))], fill=colour)


def dots(
    draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random, side: str, mark: str
) -> None:
    """A halftone screen whose dots swell towards one corner, over a large disc."""
    radius = min(w, h) * rng.uniform(0.3, 0.42)
    cx, cy = w * rng.uniform(0.25, 0.75), h * rng.uniform(0.35, 0.65)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=p.motif[2])
    pitch = w / rng.choice((14, 18, 22))
    corner_x, corner_y = rng.choice(((0, 0), (w, 0), (0, h), (w, h)))
    reach = math.hypot(w, h)
    y = pitch / 2
    while y < h:
        x = pitch / 2
        while x < w:
            scale = 1 - math.hypot(x - corner_x, y - corner_y) / reach
            r = pitch * 0.46 * scale**1.5
            if r > pitch * 0.04:
                draw.ellipse((x - r, y - r, x + r, y + r), fill=p.motif[1])
            x += pitch
        y += pitch


def initial(
    draw: ImageDraw.ImageDraw, w: int, h: int, p: Palette, rng: random.Random, side: str, mark: str
) -> Finish:
    """The title's first letter, huge and cropped by the band, over a disc: a typographic mark."""
    radius = min(w, h) * rng.uniform(0.28, 0.4)
    cx, cy = w * rng.choice((0.3, 0.7)), h * 0.5
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=p.motif[2])
    x = w * rng.uniform(0.42, 0.58)

    def letter(reduced: ImageDraw.ImageDraw) -> None:
        font = face(choose_font(mark, "bold"), max(int(h * 1.15 / SUPERSAMPLE), 8))
        reduced.text((x / SUPERSAMPLE, h * 0.5 / SUPERSAMPLE), mark, font=font, fill=p.motif[1], anchor="mm")

    return letter


MOTIFS: tuple[Motif, ...] = (rings, stripes, sunset, mosaic, peaks, waves, dots, initial)
SEAMLESS_ON_TOP = (sunset, peaks, waves)  # their foot is the text's field colour: no seam needed
# The motif colour a band starts as (else motif[0]): filling it once, not a second time in the motif.
SKY: dict[Motif, int] = {peaks: 3, waves: 3}


def paint_motif(
    motif: Motif, size: tuple[int, int], palette: Palette, rng: random.Random, side: str, mark: str
) -> Image.Image:
    """The motif at ``size``, drawn supersampled and reduced so its edges are smooth."""
    w, h = (max(v, 1) * SUPERSAMPLE for v in size)
    band = Image.new("RGB", (w, h), palette.motif[SKY.get(motif, 0)])
    finish = motif(ImageDraw.Draw(band), w, h, palette, rng, side, mark)
    reduced = band.reduce(SUPERSAMPLE)
    if finish is not None:
        finish(ImageDraw.Draw(reduced))
    return reduced
