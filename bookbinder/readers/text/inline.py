"""Inline text: emphasis spans and smart punctuation (on span text only, never on markup).

Emphasis follows a strict subset of CommonMark's delimiter rules, chosen so that removing a
marker can never join or split a word: an opener must not follow a word character and must be
followed by non-space; a closer must follow non-space and must not be followed by a word
character (``*`` and ``_`` count as word characters here, so ``*a*_b_`` stays literal). That keeps
``2*3``, ``word*``, ``snake_case`` and lone ``*`` as text; URLs are shielded; a marker that never
closes within the paragraph stays in the text, so nothing is lost.

Smart punctuation is a focused implementation rather than ``smartypants``: smartypants is an HTML
filter. It skips text that looks like a tag (``<"quoted">`` keeps straight quotes), skips
``<pre>``/``<script>`` content, turns backslash escapes into entities (``\\-`` -> ``&#45;``),
and curls leading elisions the wrong way (``'tis``, ``'90s``, ``rock 'n' roll`` get an opening
quote). A manuscript is plain text, so every character here is text. Quotes are decided on the
whole paragraph (span boundaries kept), so a quote before ``*word*`` sees the word. Every straight
quote is converted, which makes the function idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from bookbinder.model import Span, Style

_WORD_CHAR = re.compile(r"[^\W_]")
# Regions where * and _ are never emphasis markers: URLs and e-mail addresses.
_SHIELD = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
_PLAIN = Style.PLAIN  # a module constant: enum attribute look-ups are slow in hot loops
_STYLE_FOR_RUN = {1: Style.EMPHASIS, 2: Style.STRONG, 3: Style.EMPHASIS | Style.STRONG}


@dataclass(slots=True)
class _Run:
    start: int
    length: int
    char: str


def _wordish(ch: str | None) -> bool:
    """Word characters and markers: a marker next to one is not at a word's edge."""
    # Combining marks count too: removing `*` before one would attach it to a letter.
    return ch is not None and (
        ch in "*_" or _WORD_CHAR.match(ch) is not None or unicodedata.category(ch)[0] == "M"
    )


_MARKERS = re.compile(r"\*+|_+")


def _runs(text: str) -> list[_Run]:
    shields = [m.span() for m in _SHIELD.finditer(text)]  # usually none
    return [_Run(m.start(), m.end() - m.start(), m.group()[0]) for m in _MARKERS.finditer(text)
            if not any(a <= m.start() < b for a, b in shields)]


def _match_delimiters(text: str) -> list[tuple[_Run, _Run]]:
    """Pairs (opener, closer) of equal length and character, innermost first."""
    pairs: list[tuple[_Run, _Run]] = []
    stack: list[_Run] = []
    for run in _runs(text):
        if run.length > 3:  # `****` is a rule or a censored word, not emphasis
            continue
        before = text[run.start - 1] if run.start else None
        end = run.start + run.length
        after = text[end] if end < len(text) else None
        can_open = after is not None and not after.isspace() and not _wordish(before)
        can_close = before is not None and not before.isspace() and not _wordish(after)
        if can_close:
            for depth in range(len(stack) - 1, -1, -1):
                opener = stack[depth]
                if opener.char == run.char and opener.length == run.length:
                    pairs.append((opener, run))
                    del stack[depth:]  # openers inside a closed pair can no longer match
                    break
            else:
                if can_open:
                    stack.append(run)
        elif can_open:
            stack.append(run)
    return pairs


def _styled_runs(text: str) -> list[tuple[str, Style]]:
    pairs = _match_delimiters(text) if ("*" in text or "_" in text) else []
    if not pairs:
        return [(text, Style.PLAIN)] if text else []
    # Style and visibility change only at the markers' edges: work per segment between edges,
    # not per character (a paragraph is hundreds of characters, its markers a handful).
    styled: list[tuple[int, int, Style]] = []  # (start, end, style) of each pair's inside
    hidden: list[tuple[int, int]] = []  # the markers themselves
    for opener, closer in pairs:
        styled.append((opener.start + opener.length, closer.start, _STYLE_FOR_RUN[opener.length]))
        hidden += [(opener.start, opener.start + opener.length), (closer.start, closer.start + closer.length)]
    edges = sorted({0, len(text), *(i for span in hidden for i in span)})
    out: list[tuple[str, Style]] = []
    for start, end in pairwise(edges):
        if any(a <= start < b for a, b in hidden):
            continue
        style = _PLAIN
        for a, b, added in styled:
            if a <= start < b:
                style |= added
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + text[start:end], style)
        else:
            out.append((text[start:end], style))
    return out


def parse_inline(text: str, *, smart: bool = True) -> tuple[Span, ...]:
    """Split one paragraph's text into styled spans (``*em*``, ``_em_``, ``**strong**``), then
    curl quotes and make dashes and ellipses in each span's text when ``smart``."""
    if "*" not in text and "_" not in text:  # most paragraphs: no markers, one plain span
        if smart:
            text = _dashes_and_ellipses(curl_quotes(text))
        return (Span(text, _PLAIN),) if text else ()
    runs = _styled_runs(text)
    if smart and runs:
        curled = curl_quotes("".join(t for t, _ in runs))
        pieces, offset = [], 0
        for piece, style in runs:
            pieces.append((_dashes_and_ellipses(curled[offset:offset + len(piece)]), style))
            offset += len(piece)
        runs = pieces
    return tuple(Span(t, s) for t, s in runs if t)


# --- smart punctuation -------------------------------------------------------------------------

_OPEN_CONTEXT = set("([{<\u2014\u2013-/\u201c\u2018\"'")  # a quote after these opens
_CLOSE_CONTEXT = set(".,;:!?)]}\u2026%")  # a quote after these closes
# Leading elisions: the apostrophe stands for missing letters, it does not open a quote.
_ELISION = re.compile(
    r"(?:tis|twas|twere|twill|twould|em|cause|cos|til|till|bout|round|nuff|ere|neath|n"
    r"|\d\d(?:s|\b))(?![^\W\d_])",
    re.IGNORECASE,
)


def _last_closing_single(text: str) -> int:
    """Index of the last straight single quote that reads as a closing quote (-1 if none)."""
    # Scan back from the last quote: a paragraph usually ends near its closing quote.
    index = text.rfind("'")
    while index > 0:
        if _CLOSING_SINGLE.match(text, index):
            return index
        index = text.rfind("'", 0, index)
    return -1


_CLOSING_SINGLE = re.compile(r"(?<=\S)'(?![^\W_])")
_QUOTE = re.compile("[\"']")


def curl_quotes(text: str) -> str:
    """Straight quotes to curly ones by context; same length as the input."""
    if '"' not in text and "'" not in text:
        return text  # most of a typeset novel: nothing to decide
    out = list(text)
    double_open = False
    last_closing = -2  # found on first need: only a would-be opening single quote asks
    for quote in _QUOTE.finditer(text):
        i, ch = quote.start(), quote.group()
        before = text[i - 1] if i else None
        after = text[i + 1] if i + 1 < len(text) else None
        at_start = (
            before is None or before.isspace() or before in _OPEN_CONTEXT
            # after a symbol such as `>` or `*`, a quote touching a word opens it
            or (not _wordish(before) and before not in _CLOSE_CONTEXT and _wordish(after))
        )
        if ch == '"':
            if at_start and after is not None and not after.isspace():
                opening = True
            elif before is not None and not before.isspace():
                opening = False
            else:  # spaced on both sides: alternate
                opening = not double_open
            double_open = opening
            out[i] = "\u201c" if opening else "\u201d"
            continue
        opening = (
            at_start
            and after is not None
            and not after.isspace()
            and not _ELISION.match(text, i + 1)
        )
        if opening:
            if last_closing == -2:
                last_closing = _last_closing_single(text)
            opening = last_closing > i  # an opening quote needs a closing one
        out[i] = "\u2018" if opening else "\u2019"
    return "".join(out)


_EM_TRIPLE = re.compile(r"(?<!-)---(?!-)")
_EN_RANGE = re.compile(r"(?<=\d)--(?=\d)")  # number ranges: 1--2
_EM_DOUBLE = re.compile(r"(?<!-)--(?!-)")  # most fan fiction writes the em dash as --
_SPACED_HYPHEN = re.compile(r"(?<= )-(?= )")  # a spaced hyphen is a dash: "wait - what"


def _dashes_and_ellipses(text: str) -> str:
    # Substring tests first: most text has only word hyphens, which no pattern touches.
    if "--" in text:
        text = _EM_TRIPLE.sub("\u2014", text)
        text = _EN_RANGE.sub("\u2013", text)
        text = _EM_DOUBLE.sub("\u2014", text)
    if " - " in text:
        text = _SPACED_HYPHEN.sub("\u2013", text)
    return _DOTS.sub(_ellipsis, text) if ".." in text or ". ." in text else text


_DOTS = re.compile(r"\.(?: ?\.){2,}")  # three or more dots, optionally single-spaced: ". . ."


def _ellipsis(match: re.Match[str]) -> str:
    """A run of n >= 3 dots: one ellipsis per three, leftover dots kept (`....` -> `….`)."""
    dots = match.group().count(".")
    return "\u2026" * (dots // 3) + "." * (dots % 3)


def smart_text(text: str) -> str:
    """Smart punctuation for a whole string (titles, metadata): quotes, dashes, ellipses."""
    return _dashes_and_ellipses(curl_quotes(text))
