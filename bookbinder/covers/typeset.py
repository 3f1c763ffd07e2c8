"""Cover typography: pick a font that has the glyphs, wrap into balanced lines, size to fit a box.

Pure measurement with Pillow's FreeType fonts; nothing is drawn here. ``fit_text`` returns the
lines and size that fit, so the art module (and the tests) know every text box before drawing.
Also the WCAG contrast arithmetic that the palettes and the tests share.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from PIL import ImageFont

from bookbinder import fonts
from bookbinder.fonts.cmap import read_cmap

FontFace = ImageFont.FreeTypeFont


@lru_cache(maxsize=8)
def font_chain(style: str) -> tuple[Path, ...]:
    """Candidate font files for ``style``, best first: the book face, then the one fallback chain.

    Kept per process: finding them looks up a package and stats files each time (~2 ms a cover).
    """
    return fonts.font_chain(style)


@lru_cache(maxsize=32)
def _cmap(path: Path) -> frozenset[int]:
    """Code points a font maps (its best cmap; the first face of a collection)."""
    found = read_cmap(path)  # the usual subtables, without importing fontTools (~25 ms)
    if found is not None:
        return found
    from fontTools.ttLib import TTFont  # fontTools reads the cmap; Pillow cannot tell a glyph from tofu

    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or {})


def _drawable(text: str) -> set[int]:
    """Code points that need a glyph (spaces and format/control characters do not)."""
    return {ord(ch) for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "CZ"}


def missing_glyphs(text: str, path: Path) -> str:
    """The characters of ``text`` that the font at ``path`` cannot draw (sorted, unique)."""
    return "".join(sorted(chr(cp) for cp in _drawable(text) - _cmap(path)))


@lru_cache(maxsize=256)
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
    """Cut a word wider than the line into pieces that fit (only at the smallest sizes).

    Each piece is estimated from summed character advances (linear: measuring every prefix was
    quadratic, minutes for an unbroken 10,000-character title), then trimmed until its real,
    kerned width fits.
    """
    advance: dict[str, float] = {}
    pieces: list[str] = []
    rest = token
    while rest:
        count, used = 0, 0.0
        for ch in rest:
            if ch not in advance:
                advance[ch] = float(font.getlength(ch)) + tracking
            if count and used + advance[ch] > width:
                break
            used += advance[ch]
            count += 1
        while count > 1 and line_width(font, rest[:count], tracking) > width:
            count -= 1
        pieces.append(rest[:count])
        rest = rest[count:]
    return pieces


@dataclass(frozen=True, slots=True)
class _Measured:
    """Tokens of a text with their widths at one size, so wrapping is arithmetic."""

    tokens: tuple[tuple[str, bool], ...]
    widths: tuple[float, ...]
    space: float
    longest: float  # the widest token before any was cut

    @classmethod
    def of(cls, font: FontFace, text: str, width: float, tracking: float) -> _Measured:
        found: list[tuple[str, bool]] = []
        widths: list[float] = []
        longest = 0.0
        for token, space in tokens(text):
            token_width = line_width(font, token, tracking)  # each token measured once
            longest = max(longest, token_width)
            if token_width <= width:
                found.append((token, space))
                widths.append(token_width)
            else:
                for i, piece in enumerate(_split_long(font, token, width, tracking)):
                    found.append((piece, space and i == 0))
                    widths.append(line_width(font, piece, tracking))
        return cls(tuple(found), tuple(widths), float(font.getlength(" ")) + 2 * tracking, longest)

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
    return _balanced(_Measured.of(font, text, width, tracking), width)


def _balanced(measured: _Measured, width: float) -> list[str]:
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
        """Distance between baselines: the leading, or more if an accent would touch a descender."""
        tops, bottoms = _extents(self.font, self.size, self.lines)
        clear = max((bottoms[i] - tops[i + 1] for i in range(len(self.lines) - 1)), default=0)
        return max(self.size * self.leading, clear + self.size * 0.04)

    @property
    def ascent(self) -> int:
        """Distance from the block's top to the first baseline (room for accents on capitals)."""
        tops, _ = _extents(self.font, self.size, self.lines)
        return max(int(face(self.font, self.size).getmetrics()[0]), -min(tops[:1], default=0))

    @property
    def height(self) -> float:
        """Height of the block from the first line's ascender to the last line's descender."""
        _, bottoms = _extents(self.font, self.size, self.lines)
        descent = max(int(face(self.font, self.size).getmetrics()[1]), max(bottoms[-1:], default=0))
        return self.ascent + self.pitch * (len(self.lines) - 1) + descent

    def width(self) -> float:
        """Width of the widest line."""
        font = face(self.font, self.size)
        return max((line_width(font, line, self.tracking * self.size) for line in self.lines), default=0.0)


@lru_cache(maxsize=1024)
def _extents(path: Path, size: int, lines: tuple[str, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Ink top and bottom of each line relative to its baseline (top is negative: above it)."""
    font = face(path, size)
    boxes = [font.getbbox(line, anchor="ls") for line in lines]
    return tuple(math.floor(b[1]) for b in boxes), tuple(math.ceil(b[3]) for b in boxes)


def _largest(
    low: int, high: int, ok: Callable[[int], bool], guess: Callable[[int, int], int] | None = None
) -> int:
    """The largest size in [low, high] for which ``ok`` holds, given ``ok(low)`` (a binary search).

    ``guess(low, high)``, an estimate of the answer, is tried first (with its neighbour above): when
    it is right, two measurements settle what a blind search needs seven or eight for, and a first
    size measured costs FreeType ~1-2 ms. The answer is the same either way (``ok`` is monotone).
    """
    for _ in range(3 if guess else 0):
        estimate = guess(low, high) if guess and low < high else low
        if not low < estimate <= high:
            break
        if not ok(estimate):
            high = estimate - 1
        elif estimate == high or not ok(estimate + 1):
            return estimate
        else:
            low = estimate + 1
    while low < high:
        middle = (low + high + 1) // 2
        if ok(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _scaled(measured: _Measured, factor: float) -> _Measured:
    """Widths at another size, by proportion (advances are hinted, so only roughly)."""
    return _Measured(
        measured.tokens,
        tuple(w * factor for w in measured.widths),
        measured.space * factor,
        measured.longest * factor,
    )


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
    wide = any(_is_wide(ch) for ch in text)
    tried: dict[int, tuple[Fitted, _Measured]] = {}  # the search asks about the same sizes again

    def measure(size: int) -> tuple[Fitted, _Measured]:
        if size not in tried:
            measured = _Measured.of(face(path, size), text, width, tracking * size)
            tried[size] = Fitted(tuple(_balanced(measured, width)), path, size, leading, tracking), measured
        return tried[size]

    def attempt(size: int) -> Fitted:
        return measure(size)[0]

    def fits(size: int, whole_words: bool) -> bool:
        fitted, measured = measure(size)
        if fitted.height > height or len(fitted.lines) > max_lines or fitted.width() > width:
            return False
        return not whole_words or measured.longest <= width

    def fewer_lines_than(count: int, size: int) -> bool:
        return len(attempt(size).lines) < count

    def nearest(size: int) -> tuple[Fitted, _Measured, float]:
        ref = min(tried, key=lambda s: abs(s - size))
        return *tried[ref], size / ref

    def lines_about(size: int) -> int:
        _, measured, scale = nearest(size)
        return len(_balanced(_scaled(measured, scale), width))

    def guess_fewer(count: int, low: int, high: int) -> int:
        return _largest(low, high, lambda size: lines_about(size) < count)

    def fits_about(size: int) -> bool:
        """``fits`` estimated from the nearest size measured, widths and heights in proportion."""
        fitted, measured, scale = nearest(size)
        lines = lines_about(size)
        edges = fitted.height - fitted.pitch * (len(fitted.lines) - 1)  # ascent and descent
        tall = (edges + fitted.pitch * (lines - 1)) * scale
        return tall <= height and lines <= max_lines and measured.longest * scale <= width

    # Whole words from max_size down to min_size, then a little smaller; only then cut a word.
    passes = ((True, min_size, max_size), (True, max(min_size * 7 // 10, 6), min_size), (False, 6, min_size))
    for whole_words, low, high in passes:
        if not fits(low, whole_words):
            continue
        best = _largest(
            low,
            high,
            partial(fits, whole_words=whole_words),
            # Guided only where lines break at spaces: words that break anywhere (CJK) fit at sizes
            # scattered unevenly, and the search must keep finding the size it always found.
            (lambda lo, hi: _largest(lo, hi, fits_about)) if whole_words and not wide else None,
        )
        count = len(attempt(best).lines)
        if count > 1:  # one line fewer is worth 30% of size ("Η" / "Οδύσσεια" reads badly)
            fewer = _largest(
                low,
                best,
                partial(fewer_lines_than, count),
                None if wide else partial(guess_fewer, count),
            )
            if fewer >= best * 0.7 and fewer_lines_than(count, fewer) and fits(fewer, whole_words):
                return attempt(fewer)
        return attempt(best)
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
