"""Cover typography: pick a font that has the glyphs, wrap into balanced lines, size to fit a box.

Pure measurement with Pillow's FreeType fonts; nothing is drawn here. ``fit_text`` returns the
lines and size that fit, so the art module (and the tests) know every text box before drawing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from . import fonts

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_DEJAVU_STYLE = {
    "regular": "DejaVuSerif.ttf",
    "italic": "DejaVuSerif-Italic.ttf",
    "bold": "DejaVuSerif-Bold.ttf",
    "bolditalic": "DejaVuSerif-BoldItalic.ttf",
}
# Last resorts for scripts the book face and DejaVu lack (CJK): common Debian font packages.
SYSTEM_FALLBACKS = (
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),  # fonts-droid-fallback
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),  # fonts-wqy-zenhei
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),  # fonts-noto-cjk
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)

FontFace = ImageFont.FreeTypeFont


def font_chain(style: str) -> tuple[Path, ...]:
    """Candidate font files for ``style``, best first: book face, PDF fallbacks, DejaVu, system CJK."""
    chain = [
        fonts.book_font(style),
        *fonts.fallback_fonts(),
        DEJAVU / _DEJAVU_STYLE[style],
        *SYSTEM_FALLBACKS,
    ]
    return tuple(dict.fromkeys(p for p in chain if p.is_file()))


@lru_cache(maxsize=32)
def _cmap(path: Path) -> frozenset[int]:
    """Code points a font maps (its best cmap; the first face of a collection)."""
    from fontTools.ttLib import TTFont  # fontTools reads the cmap; Pillow cannot tell a glyph from tofu

    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or {})


def _drawable(text: str) -> set[int]:
    """Code points that need a glyph (spaces and format/control characters do not)."""
    return {ord(ch) for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "CZ"}


def missing_glyphs(text: str, path: Path) -> str:
    """The characters of ``text`` that the font at ``path`` cannot draw (sorted, unique)."""
    return "".join(sorted(chr(cp) for cp in _drawable(text) - _cmap(path)))


def choose_font(text: str, style: str) -> Path:
    """The first font in the chain that draws every character, else the one missing fewest."""
    chain = font_chain(style)
    needed = _drawable(text)
    best, best_missing = chain[0], len(needed) + 1
    for path in chain:
        missing = len(needed - _cmap(path))
        if missing == 0:
            return path
        if missing < best_missing:
            best, best_missing = path, missing
    return best


@lru_cache(maxsize=256)
def face(path: Path, size: int) -> FontFace:
    """A Pillow font at ``size`` pixels (cached: the fitting search asks for the same sizes)."""
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def tokens(text: str) -> list[tuple[str, bool]]:
    """Break opportunities: (token, space_before). CJK characters break anywhere, without spaces."""
    out: list[tuple[str, bool]] = []
    for word_index, word in enumerate(text.split()):
        run = ""
        first = True
        for ch in word:
            if _is_wide(ch):
                if run:
                    out.append((run, first and word_index > 0))
                    first, run = False, ""
                out.append((ch, first and word_index > 0))
                first = False
            else:
                run += ch
        if run:
            out.append((run, first and word_index > 0))
    return out


def line_width(font: FontFace, text: str, tracking: float = 0.0) -> float:
    """Advance width of ``text``, with ``tracking`` pixels added between characters."""
    if not tracking:
        return float(font.getlength(text))
    return sum(float(font.getlength(ch)) for ch in text) + tracking * max(len(text) - 1, 0)


def _split_long(font: FontFace, token: str, width: float, tracking: float) -> list[str]:
    """Cut a word wider than the line into pieces that fit (only at the smallest sizes)."""
    pieces, run = [], ""
    for ch in token:
        if run and line_width(font, run + ch, tracking) > width:
            pieces.append(run)
            run = ""
        run += ch
    return [*pieces, run] if run else pieces


@dataclass(frozen=True, slots=True)
class _Measured:
    """Tokens of a text with their widths at one size, so wrapping is arithmetic."""

    tokens: tuple[tuple[str, bool], ...]
    widths: tuple[float, ...]
    space: float

    @classmethod
    def of(cls, font: FontFace, text: str, width: float, tracking: float) -> _Measured:
        found: list[tuple[str, bool]] = []
        for token, space in tokens(text):
            if line_width(font, token, tracking) <= width:
                found.append((token, space))
            else:
                found += [
                    (piece, space and i == 0)
                    for i, piece in enumerate(_split_long(font, token, width, tracking))
                ]
        widths = tuple(line_width(font, token, tracking) for token, _ in found)
        return cls(tuple(found), widths, float(font.getlength(" ")) + 2 * tracking)

    def breaks(self, width: float) -> list[tuple[int, int]]:
        """Greedy line ranges (start, end) of token indices filling up to ``width``."""
        lines: list[tuple[int, int]] = []
        start, used = 0, 0.0
        for index, (token_width, (_, space)) in enumerate(zip(self.widths, self.tokens, strict=True)):
            extra = token_width + (self.space if space else 0.0)
            if index > start and used + extra > width:
                lines.append((start, index))
                start, used = index, token_width
            else:
                used = used + extra if index > start else token_width
        if start < len(self.tokens):
            lines.append((start, len(self.tokens)))
        return lines

    def text(self, start: int, end: int) -> str:
        """The line made of tokens ``start`` to ``end``."""
        out = ""
        for index in range(start, end):
            token, space = self.tokens[index]
            out += (" " if space and index > start else "") + token
        return out


def greedy_wrap(font: FontFace, text: str, width: float, tracking: float = 0.0) -> list[str]:
    """Fill lines up to ``width``; a word wider than a whole line is cut."""
    measured = _Measured.of(font, text, width, tracking)
    return [measured.text(a, b) for a, b in measured.breaks(width)]


def balanced_wrap(font: FontFace, text: str, width: float, tracking: float = 0.0) -> list[str]:
    """As few lines as greedy filling needs, but with the narrowest width that keeps that count."""
    measured = _Measured.of(font, text, width, tracking)
    count = len(measured.breaks(width))
    if count < 2:
        return [measured.text(a, b) for a, b in measured.breaks(width)]
    low, high = width / count, width
    while high - low > 1:
        middle = (low + high) / 2
        if len(measured.breaks(middle)) <= count:
            high = middle
        else:
            low = middle
    return [measured.text(a, b) for a, b in measured.breaks(high)]


@dataclass(frozen=True, slots=True)
class Fitted:
    """Text wrapped and sized for a box: its lines, font file, pixel size and line pitch."""

    lines: tuple[str, ...]
    font: Path
    size: int
    leading: float
    tracking: float

    @property
    def pitch(self) -> float:
        """Distance between baselines in pixels."""
        return self.size * self.leading

    @property
    def height(self) -> float:
        """Height of the block from the first line's ascender to the last line's descender."""
        ascent, descent = face(self.font, self.size).getmetrics()
        return self.pitch * (len(self.lines) - 1) + ascent + descent

    @property
    def ascent(self) -> int:
        """Distance from the block's top to the first baseline."""
        return int(face(self.font, self.size).getmetrics()[0])

    def width(self) -> float:
        """Width of the widest line."""
        font = face(self.font, self.size)
        return max((line_width(font, line, self.tracking * self.size) for line in self.lines), default=0.0)


def _largest(low: int, high: int, ok: Callable[[int], bool]) -> int:
    """The largest size in [low, high] for which ``ok`` holds, given ``ok(low)`` (a binary search)."""
    while low < high:
        middle = (low + high + 1) // 2
        if ok(middle):
            low = middle
        else:
            high = middle - 1
    return low


@lru_cache(maxsize=512)
def fit_text(
    text: str,
    style: str,
    width: float,
    height: float,
    max_size: int,
    min_size: int,
    leading: float = 1.15,
    tracking: float = 0.0,
    max_lines: int = 99,
) -> Fitted:
    """The largest size (<= ``max_size``) at which ``text`` fits ``width`` x ``height`` in balanced lines.

    Below ``min_size`` the search keeps shrinking (to 6 px) rather than clip; words are cut only
    when even a single word is wider than the box at the size that fits.
    """
    path = choose_font(text, style)

    def attempt(size: int) -> Fitted:
        font = face(path, size)
        lines = balanced_wrap(font, text, width, tracking * size)
        return Fitted(tuple(lines), path, size, leading, tracking)

    def fits(fitted: Fitted, whole_words: bool) -> bool:
        if fitted.height > height or len(fitted.lines) > max_lines or fitted.width() > width:
            return False
        font = face(path, fitted.size)
        longest = max((line_width(font, tok, tracking * fitted.size) for tok, _ in tokens(text)), default=0.0)
        return not whole_words or longest <= width

    # Whole words from max_size down to min_size, then a little smaller; only then cut a word.
    passes = ((True, min_size, max_size), (True, max(min_size * 7 // 10, 6), min_size), (False, 6, min_size))
    for whole_words, low, high in passes:
        if not fits(attempt(low), whole_words):
            continue
        best = _largest(low, high, lambda size: fits(attempt(size), whole_words))
        fitted = attempt(best)
        if len(fitted.lines) > 1:  # one line fewer is worth 30% of size ("Η" / "Οδύσσεια" reads badly)
            fewer = _largest(low, best, lambda size: len(attempt(size).lines) < len(fitted.lines))
            if fewer >= best * 0.7 and fits(attempt(fewer), whole_words):
                return attempt(fewer)
        return fitted
    return attempt(6)


def relative_luminance(rgb: Sequence[int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: Sequence[int], b: Sequence[int]) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --- where the text goes ----------------------------------------------------------------------------

Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Placed:
    """One block of cover text: what it says (``role``), how it is set, and where its top sits."""

    role: str  # "series", "title", "subtitle", "author"
    fitted: Fitted
    centre_x: float
    top: float


@dataclass(frozen=True, slots=True)
class CoverPlan:
    """The layout of a generated cover at one size: motif band, text area, text blocks, a rule."""

    size: tuple[int, int]
    side: str  # where the motif band is: "top", "bottom" or "left"
    band: Box
    text_area: Box
    blocks: tuple[Placed, ...]
    rule: Box | None


def series_line(series: str | None, index: float | None) -> str | None:
    """'Series Name, Book 2' (or just the series when it has no number)."""
    if not series:
        return None
    if index is None:
        return series
    number = f"{index:g}" if float(index) != int(index) else str(int(index))
    return f"{series}, Book {number}"


def byline(authors: Sequence[str]) -> str | None:
    """'A', 'A & B', 'A, B & C' in capitals (None when the book has no author)."""
    names = [a.strip() for a in authors if a.strip()]
    if not names:
        return None
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]
    return _capitals(joined)


def _capitals(text: str) -> str:
    """Upper case as a typesetter sets it: Greek capitals drop their accents (ΌΜΗΡΟΣ -> ΟΜΗΡΟΣ)."""
    kept: list[str] = []
    greek = False
    for ch in unicodedata.normalize("NFD", text.upper()):
        if unicodedata.combining(ch):
            if greek and ch in _GREEK_ACCENTS:
                continue
        else:
            greek = "GREEK" in unicodedata.name(ch, "")
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


_GREEK_ACCENTS = frozenset("\u0301\u0300\u0342\u0313\u0314\u0345")


def _stack(texts: dict[str, str | None], area: Box, unit: float) -> tuple[list[Placed], Box | None]:
    """Fit series, title, subtitle and author into ``area``; author at the foot, the rest centred above."""
    x0, y0, x1, y1 = area
    width, height, centre = x1 - x0, y1 - y0, (x0 + x1) / 2
    gap = unit * 0.03
    fitted: dict[str, Fitted] = {}
    specs = {  # style, share of the area's height, max and min size (in units), tracking, max lines
        "author": ("regular", 0.16, 0.05, 0.026, 0.12, 3),
        "series": ("italic", 0.10, 0.042, 0.024, 0.0, 2),
        "subtitle": ("italic", 0.2, 0.056, 0.028, 0.0, 3),
    }
    for role, (style, share, biggest, smallest, tracking, lines) in specs.items():
        text = texts.get(role)
        if text:
            fitted[role] = fit_text(
                text,
                style,
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
        "bold",
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
        placed.append(Placed("author", author, centre, y1 - author.height))
        rule_y = y1 - author.height - rule_space / 2
        half, thick = unit * 0.05, max(unit * 0.004, 1.0)
        rule = (int(centre - half), int(rule_y - thick / 2), int(centre + half), int(rule_y + thick / 2) + 1)
        bottom = y1 - author.height - rule_space
    group = [role for role in ("series", "title", "subtitle") if role in fitted]
    total = sum(fitted[r].height for r in group) + gap * (len(group) - 1)
    top = y0 + max((bottom - y0 - total) / 2, 0.0)
    for role in group:
        placed.append(Placed(role, fitted[role], centre, top))
        top += fitted[role].height + gap
    return placed, rule


def plan_cover(texts: dict[str, str | None], size: tuple[int, int], side: str) -> CoverPlan:
    """Lay out a cover of ``size`` for its aspect: motif band on ``side`` (top/bottom), or left when wide.

    The band shrinks for long titles until the title is set at a size a thumbnail can read.
    """
    w, h = size
    unit = min(w, h / 1.6)
    margin_x, margin_y = round(w * 0.085), round(h * 0.045)
    if w > h * 0.9:  # square or landscape: motif on the left, text beside it
        side = "left"
        options: tuple[float, ...] = (0.42, 0.36, 0.3)
    else:
        options = (0.48, 0.42, 0.36, 0.3, 0.25)
    best: CoverPlan | None = None
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
        blocks, rule = _stack(texts, area, unit)
        best = CoverPlan(size, side, band, area, tuple(blocks), rule)
        title = next(b for b in blocks if b.role == "title")
        if title.fitted.size >= unit * 0.1:
            break
    assert best is not None
    return best
