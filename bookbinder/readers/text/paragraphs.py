"""Raw chunks -> paragraphs: unwrap hard-wrapped lines, keep verse and letter lines as lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bookbinder.model import Paragraph, Span
from bookbinder.readers.text.blocks import INDENTED, LINE_PER_PARAGRAPH, UNWRAPPED_LINE, Raw, indent_of
from bookbinder.readers.text.drafts import Context, Draft

# A wrapped paragraph's lines (all but the last) run close to the wrap width; lines this much
# shorter were broken by hand: verse, a letter's closing, an address.
SHORT_LINE = 0.55
# Indented lines this long are an indented prose quotation (unwrap), not verse.
LONG_INDENTED_LINE = 0.8
_HYPHEN_HEAD = re.compile(r"([^\W\d_]+)-$")
_WORD_TAIL = re.compile(r"^([^\W\d_]+)")
_CLOSED_DASH = re.compile(r"[^\s-](?:—|–|--)$")
_DASHES = ("-", "—", "–")
_WHITE = (" ", "\t")


def paragraphs(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """Every Raw left is prose: ``a wrapped\\nline`` -> Paragraph('a wrapped line').

    Indented runs of short lines inside wrapped text (a poem) become verse paragraphs that keep
    their line breaks; a line per paragraph is split; ``co-\\noperate`` joins to ``cooperate`` only
    when the file spells it that way elsewhere, otherwise the hyphen stays.
    """
    out: list[Draft] = []
    for draft in drafts:
        if isinstance(draft, Raw):
            out.extend(paragraphs_of(draft, ctx))
        else:
            out.append(draft)
    return out


def paragraphs_of(raw: Raw, ctx: Context) -> list[Paragraph]:
    """The paragraphs one chunk of lines holds."""
    lines = raw.lines
    if len(lines) == 1 or ctx.layout.mode == LINE_PER_PARAGRAPH:
        return [_para(" ".join(line.split()), raw.line + i) for i, line in enumerate(lines)]
    if ctx.layout.mode == INDENTED:
        deeper = all(indent_of(line) > ctx.layout.indent for line in lines)  # cut so by split_for_mode
        if deeper and _is_verse(lines, True, ctx):
            return [_verse(lines, raw.line)]
        return [_para(unwrap(lines, ctx), raw.line)]
    longest = max(map(len, lines))
    if longest > UNWRAPPED_LINE and sum(len(line) > UNWRAPPED_LINE for line in lines) > len(lines) // 2:
        return [_para(" ".join(line.split()), raw.line + i) for i, line in enumerate(lines)]
    out: list[Paragraph] = []
    for offset, run, indented in _runs(lines):
        line = raw.line + offset
        out.append(_verse(run, line) if _is_verse(run, indented, ctx) else _para(unwrap(run, ctx), line))
    return out


def _runs(lines: Sequence[str]) -> list[tuple[int, list[str], bool]]:
    """Consecutive lines split where indentation starts or stops (prose, then a poem)."""
    if not any(line[:1] in _WHITE for line in lines[1:]):
        return [(0, list(lines), False)]  # flush lines, perhaps under an indented first line
    runs: list[tuple[int, list[str], bool]] = []
    for offset, line in enumerate(lines):
        indented = line[:1] == "\t" or line[:2] == "  "  # two columns or more
        if runs and runs[-1][2] == indented:
            runs[-1][1].append(line)
        else:
            runs.append((offset, [line], indented))
    return runs


def _is_verse(run: Sequence[str], indented: bool, ctx: Context) -> bool:
    if len(run) < 2:
        return False
    width = ctx.layout.width
    if indented:
        body = [len(line.strip()) for line in run[:-1]]
        return not width or sum(body) / len(body) < LONG_INDENTED_LINE * width
    if width:
        limit = SHORT_LINE * width  # stop at the first long line: most runs are prose
        return all(len(line.strip()) < limit for line in run[:-1])
    return True  # nobody wrapped this text, so a line break inside a paragraph was typed on purpose


def _para(text: str, line: int) -> Paragraph:
    return Paragraph((Span(text),), line=line)


def _verse(run: Sequence[str], line: int) -> Paragraph:
    """Lines kept as lines; indentation beyond the run's least becomes no-break spaces."""
    least = min(indent_of(text) for text in run)
    kept = ["\u00a0" * (indent_of(text) - least) + " ".join(text.split()) for text in run]
    return Paragraph((Span("\n".join(kept)),), verse=True, line=line)


def unwrap(lines: Sequence[str], ctx: Context) -> str:
    """Join wrapped lines with spaces, mending words and dashes broken at a line end."""
    if not any(line[-1:] in _DASHES for line in lines[:-1]):
        return " ".join(" ".join(lines).split())
    pieces = [" ".join(lines[0].split())]
    for raw_line in lines[1:]:
        line = " ".join(raw_line.split())
        if not line:
            continue
        previous = pieces[-1]
        if previous[-1:] in _DASHES and line[0].isalpha():
            end = previous[-40:]
            if _CLOSED_DASH.search(end):
                pieces.append(line)  # "word—\nword": an unspaced dash joins without a space
                continue
            head = _HYPHEN_HEAD.search(end)
            tail = _WORD_TAIL.match(line)
            if head and tail:
                if _drop_hyphen(head.group(1), tail.group(1), ctx):
                    pieces[-1] = previous[:-1]
                pieces.append(line)
                continue
        pieces.append(" ")
        pieces.append(line)
    return "".join(pieces)


def _drop_hyphen(head: str, tail: str, ctx: Context) -> bool:
    """``co-`` + ``operate``: drop the hyphen only if the file writes the joined word elsewhere."""
    if not tail[0].islower():
        return False
    vocabulary = ctx.vocabulary()
    joined = (head + tail).lower()
    return joined in vocabulary and f"{head}-{tail}".lower() not in vocabulary
