"""Lines -> Raw blocks (with line numbers and the blank run before each) and the paragraph mode.

Four modes, decided once per file from line statistics:

- ``blank-separated``: paragraphs are single long lines with blank lines between (the seeds);
- ``hard-wrapped``: paragraphs are runs of lines of about the same width (Gutenberg, ~70 columns);
- ``line-per-paragraph``: no blank lines, every line is a paragraph;
- ``indented``: no blank lines, lines wrapped, a paragraph starts with an indented line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bookbinder.readers.text.headings import match_heading
from bookbinder.readers.text.ornaments import is_ornament

BLANK_SEPARATED = "blank-separated"
HARD_WRAPPED = "hard-wrapped"
LINE_PER_PARAGRAPH = "line-per-paragraph"
INDENTED = "indented"

# Lines longer than this were not wrapped by anybody: a typed paragraph is one line.
UNWRAPPED_LINE = 100
# Nobody wraps prose narrower than this; shorter lines of even length are verse.
MIN_WRAP = 50
_WHITE = (" ", "\t")


@dataclass(frozen=True, slots=True)
class Raw:
    """A chunk of source lines no pass has claimed yet."""

    lines: tuple[str, ...]  # as written, trailing white space removed, indentation kept
    line: int  # 1-based number of the first line in the file
    blank_before: int = 0  # blank lines before it (2+ may be a scene break)

    @property
    def text(self) -> str:
        """The lines joined by single spaces, white space collapsed."""
        return " ".join(" ".join(self.lines).split())


@dataclass(frozen=True, slots=True)
class Layout:
    """How a file lays out paragraphs: its mode and, when hard-wrapped, its wrap width."""

    mode: str
    width: int  # typical longest line of a wrapped paragraph (0 when not wrapped)
    indent: int = 0  # indented mode: the usual paragraph indent; lines deeper are verse


def indent_of(line: str) -> int:
    """Leading white space width; a tab counts as four columns."""
    if line[:1] not in _WHITE:  # most lines: no indent (fast path for whole-file scans)
        return 0
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))


def chunks(lines: Sequence[str], first_line: int = 1) -> list[Raw]:
    """Split lines at blank lines into Raw chunks."""
    out: list[Raw] = []
    current: list[str] = []
    start = 0
    blank = 0
    for index, line in enumerate(lines):
        if line and not line.isspace():
            if not current:
                start = index
            current.append(line.rstrip())
        elif current:
            out.append(Raw(tuple(current), first_line + start, blank))
            current, blank = [], 1
        else:
            blank += 1
    if current:
        out.append(Raw(tuple(current), first_line + start, blank))
    return out


def detect_layout(raws: Sequence[Raw]) -> Layout:
    """Decide the paragraph mode from the chunks' line counts and lengths."""
    lines = [line for raw in raws for line in raw.lines]
    if not lines:
        return Layout(BLANK_SEPARATED, 0)
    multi = [raw for raw in raws if len(raw.lines) > 1]
    if len(raws) > 1 and len(multi) <= max(1, len(raws) // 10):
        # Mostly one-line paragraphs; the few longer chunks are poems or letters unless wrapped.
        inner = [line for raw in multi for line in raw.lines[:-1]]
        if not _wrapped(inner, wrap_width(inner)):
            return Layout(BLANK_SEPARATED, 0)
    long_lines = sum(1 for line in lines if len(line) > UNWRAPPED_LINE)
    if long_lines > len(lines) // 2:
        return Layout(
            LINE_PER_PARAGRAPH if len(raws) <= 1 or len(multi) > len(raws) // 2 else BLANK_SEPARATED, 0
        )
    width = wrap_width([line for raw in multi for line in raw.lines[:-1]])
    if _sparse(raws, len(lines)):
        # Hardly any blank lines: paragraphs are marked by indentation, by a short last line
        # in wrapped text, or by a line each.
        indents = Counter(indent for indent in map(indent_of, lines) if 1 <= indent <= 8)
        if indents.total() >= max(2, len(lines) // 20):
            usual = max(indents, key=lambda indent: (indents[indent], -indent))  # ties: the smaller
            return Layout(INDENTED, width, usual)
        if not _wrapped(lines, width):
            return Layout(LINE_PER_PARAGRAPH, 0)
    return Layout(HARD_WRAPPED, width)


def _sparse(raws: Sequence[Raw], line_count: int) -> bool:
    return len(raws) <= max(1, line_count // 40)


def _wrapped(lines: Sequence[str], width: int) -> bool:
    """Most lines run to within a few words of one width: somebody wrapped them."""
    if width < MIN_WRAP or width > UNWRAPPED_LINE:
        return False
    lengths = [len(line.expandtabs(4)) for line in lines]
    near = sum(1 for length in lengths if 0.6 * width <= length <= width)
    beyond = sum(1 for length in lengths if length > 1.15 * width)  # a wrap width is a hard limit
    return near * 10 >= len(lines) * 6 and beyond * 100 <= len(lines)


def wrap_width(lines: Sequence[str]) -> int:
    """The width lines were wrapped at: the 90th percentile of non-final line lengths."""
    if not lines:
        return 0
    lengths = sorted(map(len, lines))
    return lengths[min(len(lengths) - 1, len(lengths) * 9 // 10)]


def split_for_mode(raws: Sequence[Raw], layout: Layout) -> list[Raw]:
    """Re-cut chunks where a paragraph is not bounded by blank lines (per line, per indent)."""
    if layout.mode == LINE_PER_PARAGRAPH:
        return [
            Raw((line,), raw.line + offset, raw.blank_before if offset == 0 else 0)
            for raw in raws
            for offset, line in enumerate(raw.lines)
        ]
    if layout.mode == INDENTED:
        return [piece for raw in raws for piece in _split_at_indents(raw, layout.indent)]
    if layout.mode == HARD_WRAPPED and _sparse(raws, sum(len(raw.lines) for raw in raws)):
        return [piece for raw in raws for piece in _split_at_short_lines(raw, layout.width)]
    return list(raws)


def _split_at_indents(raw: Raw, usual: int) -> list[Raw]:
    """Indented text: an indented line starts a paragraph, except that consecutive lines indented
    deeper than the ``usual`` paragraph indent stay together (a poem); a line after them starts anew."""
    out: list[Raw] = []
    current: list[str] = []
    start = 0
    deep = 0  # lines in the current chunk indented deeper than usual, from its first line
    for offset, line in enumerate(raw.lines):
        indent = indent_of(line)
        inside_poem = deep == len(current) and indent > usual
        ends_poem = deep >= 2 and indent <= usual
        if current and (
            (indent > 0 and not inside_poem) or ends_poem or _divider(line) or _divider(current[-1])
        ):
            out.append(Raw(tuple(current), raw.line + start, raw.blank_before if start == 0 else 0))
            current, start, deep = [], offset, 0
        if deep == len(current) and indent > usual:
            deep += 1
        current.append(line)
    out.append(Raw(tuple(current), raw.line + start, raw.blank_before if start == 0 else 0))
    return out


def _divider(line: str) -> bool:
    """A heading or ornament line, which stands alone even where no blank line sets it apart."""
    if len(line) > 80:
        return False
    match = match_heading(line)
    return (match is not None and not match.weak) or is_ornament(line)


def _split_at_short_lines(raw: Raw, width: int) -> list[Raw]:
    """Wrapped text without blank lines: a line well short of the width ends its paragraph,
    and a heading or ornament line stands alone."""
    ends = [
        offset
        for offset, line in enumerate(raw.lines)
        if len(line.expandtabs(4)) < 0.6 * width
        or _divider(line)
        or (offset + 1 < len(raw.lines) and _divider(raw.lines[offset + 1]))
    ]
    out: list[Raw] = []
    start = 0
    for end in [*ends, len(raw.lines) - 1]:
        if end >= start:
            blank = raw.blank_before if start == 0 else 0
            out.append(Raw(raw.lines[start : end + 1], raw.line + start, blank))
            start = end + 1
    return out
