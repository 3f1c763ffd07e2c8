"""The headings and contents passes: which chunks divide the book, and which list its divisions."""

from __future__ import annotations

import re
from bisect import bisect_left

from bookbinder.metadata import Layer
from bookbinder.model import Source
from bookbinder.readers.text.blocks import Raw
from bookbinder.readers.text.contents import line_of
from bookbinder.readers.text.drafts import Context, Draft, Heading
from bookbinder.readers.text.headings import (
    MAX_TITLE_WORDS,
    Kind,
    Match,
    counts_up,
    looks_like_title,
    match_heading,
    numeral_value,
)
from bookbinder.readers.text.matter import matter_kind
from bookbinder.readers.text.scenebreaks import is_ornament
from bookbinder.readers.text.sequences import MAX_CANDIDATE, MIN_MEMBERS, candidate, find_sequences

# A first line this much shorter than the wrap width, directly above prose, is a heading line.
_HEADING_LINE = 0.6
_TOC_ENTRY = 60
# A first line up to this long, matching the heading table, heads the lines under it.
_SHORT_HEADING = 40


def headings(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """Chunks that match the heading table become Headings; a title on the next line joins.

    ``Chapter 1`` / ``The Beginning`` / prose -> Heading('Chapter 1: The Beginning'), prose.
    Bare numerals count only when the file has two or more of the same kind.
    """
    found: dict[int, tuple[Match, Raw | None]] = {}
    evidence = _sequence_matches(drafts, ctx)
    for index, draft in enumerate(drafts):
        if isinstance(draft, Raw):
            hit = _heading_in(draft, ctx, evidence.get(index))
            if hit:
                found[index] = hit
    _drop_strays(found)
    if ctx.patterns.chapter or ctx.patterns.part:
        found = _by_pattern(drafts, found, ctx)
    if sum(1 for m, _ in found.values() if m.kind is Kind.CHAPTER and not m.weak and m.row != "date") >= 2:
        # Dated entries inside a book with chapters are letters or a diary within a chapter.
        for i, hit in found.items():
            if hit[0].row == "date":
                line = getattr(drafts[i], "line", 0)
                ctx.rejected.append(f"line {line}: {hit[0].title!r}: a date inside a book with chapters")
        found = {i: hit for i, hit in found.items() if hit[0].row != "date"}
    weak_rows = {m.row for m, _ in found.values() if m.weak}
    counting = {
        row
        for row in weak_rows
        if counts_up([numeral_value(m.title) for m, _ in found.values() if m.row == row])
    }
    chapters = sum(
        1 for m, _ in found.values() if m.kind is Kind.CHAPTER and (not m.weak or m.row in counting)
    )
    if chapters < 2:
        found.update(_capital_titles(drafts, found, ctx))
    levels = sorted({m.level for m, _ in found.values() if m.row == "markdown"})
    titled_rows = _rows_with_title_lines(drafts, found)
    out: list[Draft] = []
    pending_title = False
    pending_at = -1
    order = sorted(found)
    for index, draft in enumerate(drafts):
        hit = found.get(index)
        if hit and hit[0].weak and hit[0].row not in counting and not _fits_between(found, order, index):
            ctx.rejected.append(f"line {line_of(draft)}: {hit[0].title!r}: a lone numeral not counting up")
            hit = None
        if hit is None:
            part = isinstance(out[-1], Heading) and out[-1].kind is Kind.PART if out else False
            consistent = pending_at in titled_rows
            if pending_title and isinstance(draft, Raw) and _next_line_title(
                drafts, index, found, part, consistent
            ):
                last = out[-1]
                assert isinstance(last, Heading)
                joiner = " " if last.title.endswith((".", ":")) else ": "
                out[-1] = Heading(last.title + joiner + draft.text, last.kind, last.line, last.level)
                pending_title = False
                continue
            out.append(draft)
            pending_title = False
            continue
        match, rest = hit
        kind = match.kind
        if match.row == "markdown":
            if _is_book_title(match, levels, found, index):
                ctx.layers.append(Layer(Source.TITLE_BLOCK, {"title": match.title}, ctx.path))
                ctx.consumed.extend(draft.lines)  # type: ignore[union-attr]
                continue
            kind = Kind.PART if len(levels) > 1 and match.level == levels[0] else Kind.CHAPTER
        out.append(Heading(match.title, kind, draft.line, match.level))
        ctx.evidence.append(f"line {line_of(draft)}: {match.title!r}: {kind}, {_reason(match, ctx)}")
        if rest is not None:
            out.append(rest)
        pending_title = rest is None and kind is not Kind.CONTENTS and not match.titled
        pending_at = index
    return out


def _fits_between(found: dict[int, tuple[Match, Raw | None]], order: list[int], index: int) -> bool:
    """A lone numeral whose neighbouring headings number one less and one more ("I", "II.",
    "III") is a heading of that series, though its stop differs."""
    position = bisect_left(order, index)
    if position == 0 or position + 1 >= len(order):
        return False
    value = numeral_value(found[index][0].title)
    before = candidate(0, found[order[position - 1]][0].title)
    after = candidate(0, found[order[position + 1]][0].title)
    return (
        value is not None and before is not None and after is not None
        and before.number == value - 1 and after.number == value + 1
    )


def _reason(match: Match, ctx: Context) -> str:
    """What made a line a heading, in words."""
    if match.row in ("sequence", "date"):
        shape = candidate(0, match.title)
        for sequence in ctx.sequences:
            if shape is not None and sequence.shape == shape.shape:
                return f"one of a series ({sequence.describe()})"
        return "one of a series"
    reasons = {
        "markdown": "a Markdown heading",
        "capitals": "a title in capitals set apart, in a book without chapter headings",
        "pattern": "matches the pattern you gave",
        "fanficfare": "a FanFicFare chapter line",
        "roman": "a roman numeral counting up with others",
        "number": "a number counting up with others",
    }
    return reasons.get(match.row, f"heading word ({match.row} row of the heading table)")


def _title_line_after(drafts: list[Draft], index: int, found: dict[int, tuple[Match, Raw | None]]) -> bool:
    """One short line right after the heading at ``index``, set apart from the text below it."""
    if index + 2 >= len(drafts) or index + 1 in found or index + 2 in found:
        return False
    line, after = drafts[index + 1], drafts[index + 2]
    if not isinstance(line, Raw) or len(line.lines) != 1 or len(line.lines[0].split()) > MAX_TITLE_WORDS:
        return False
    return not isinstance(after, Raw) or after.blank_before >= 1


def _rows_with_title_lines(drafts: list[Draft], found: dict[int, tuple[Match, Raw | None]]) -> frozenset[int]:
    """The bare numeral headings, when they nearly always have a title line under them ("III" /
    "A denuncia."): in such a book the line under each is its title, whatever its case or stop."""
    bare: dict[str, list[int]] = {}
    for index, (match, rest) in found.items():
        shape = candidate(index, match.title)
        if rest is None and not match.titled and match.kind is not Kind.CONTENTS and shape and not shape.word:
            bare.setdefault("bare", []).append(index)  # a bare numeral names nothing itself
    indices = bare.get("bare", [])
    titled = sum(_title_line_after(drafts, i, found) for i in indices)
    return frozenset(indices) if titled >= MIN_MEMBERS and titled * 5 >= len(indices) * 4 else frozenset()


def _capital_titles(
    drafts: list[Draft], found: dict[int, tuple[Match, Raw | None]], ctx: Context
) -> dict[int, tuple[Match, Raw | None]]:
    """In a book with no chapter headings, short lines in capitals set apart by more space than
    paragraphs and followed by prose are its chapter titles (three or more of them). A line of
    shouted dialogue ends in ``!`` or a quote, and sits in the text like any paragraph."""
    hits: dict[int, tuple[Match, Raw | None]] = {}
    for index, draft in enumerate(drafts[:-1]):
        if index in found or not isinstance(draft, Raw) or len(draft.lines) != 1 or draft.blank_before < 2:
            continue
        text = " ".join(draft.lines[0].split())
        letters = sum(ch.isalpha() for ch in text)
        if letters < 2 or not text.isupper() or len(text.split()) > 8 or text[-1] in "!?,;:\"'”’»":
            continue
        after = drafts[index + 1]
        if isinstance(after, Raw) and len(after.lines) > 1 and matter_kind(text) is None:
            hits[index] = (Match("capitals", Kind.CHAPTER, False, 0, text, True), None)
    if len(hits) < MIN_MEMBERS:
        return {}
    return hits


def _by_pattern(
    drafts: list[Draft], found: dict[int, tuple[Match, Raw | None]], ctx: Context
) -> dict[int, tuple[Match, Raw | None]]:
    """The user's patterns decide their level: matching lines are headings, and detected
    headings of that level are dropped (contents labels and the other level stay)."""
    levels = {Kind.CHAPTER: ctx.patterns.chapter, Kind.PART: ctx.patterns.part}
    kept = {
        i: hit for i, hit in found.items()
        if levels.get(hit[0].kind) is None and not (hit[0].kind is Kind.FLEX and ctx.patterns.chapter)
    }
    for index, draft in enumerate(drafts):
        if not isinstance(draft, Raw):
            continue
        text = " ".join(draft.lines[0].split())
        for kind, pattern in levels.items():
            if pattern is not None and pattern.fullmatch(text):
                rest = Raw(draft.lines[1:], draft.line + 1, 0) if len(draft.lines) > 1 else None
                kept[index] = (Match("pattern", kind, False, 0, text, True), rest)
                break
    return kept


def _drop_strays(found: dict[int, tuple[Match, Raw | None]]) -> None:
    """A heading numbered out of turn before its series starts (``LETTER CXXX.`` quoted in a
    preface, then ``LETTER I.``) is a quotation, not a division."""
    series: dict[str, list[tuple[int, int | None]]] = {}
    for index in sorted(found):
        shape = candidate(index, found[index][0].title)
        if shape is not None and shape.word:
            series.setdefault(shape.word, []).append((index, shape.number))
    for members in series.values():
        if len(members) >= MIN_MEMBERS and members[0][1] not in (None, 1) and members[1][1] == 1:
            del found[members[0][0]]


def _sequence_matches(drafts: list[Draft], ctx: Context) -> dict[int, Match]:
    """Chunks whose first line belongs to a heading shape that repeats with advancing numbers."""
    limit = max(_SHORT_HEADING, _HEADING_LINE * ctx.layout.width)
    candidates = []
    for index, draft in enumerate(drafts):
        if isinstance(draft, Raw) and (len(draft.lines) <= 2 or len(draft.lines[0].strip()) < limit):
            found = candidate(index, draft.lines[0])
            if found is not None:
                candidates.append(found)
    matches: dict[int, Match] = {}
    sequences = find_sequences(candidates)
    accepted = {m.index for sequence in sequences for m in sequence.members}
    groups: dict[tuple[str, ...], list[int]] = {}
    for found in candidates:
        if found.index not in accepted and found.number is not None:
            groups.setdefault(found.shape, []).append(found.index)
    for indices in groups.values():
        reason = (
            f"its shape appears {len(indices)} time(s), a heading shape needs {MIN_MEMBERS}"
            if len(indices) < MIN_MEMBERS
            else "lines of its shape do not count up (or restart every few lines)"
        )
        for index in indices[:3]:
            raw = drafts[index]
            assert isinstance(raw, Raw)
            ctx.rejected.append(f"line {raw.line}: {' '.join(raw.lines[0].split())!r}: {reason}")
    for sequence in sequences:
        ctx.sequences.append(sequence)
        kind = Kind.PART if sequence.part else Kind.CHAPTER
        row = "date" if sequence.shape == ("date",) else "sequence"
        for member in sequence.members:
            matches[member.index] = Match(row, kind, False, 0, member.text, bool(member.title))
    return matches


def _heading_in(raw: Raw, ctx: Context, evidence: Match | None = None) -> tuple[Match, Raw | None] | None:
    """A heading on the chunk's first line; the remaining lines (if any) as a Raw after it.
    ``evidence`` is the heading the whole book's numbering found on this line, if any."""
    first = raw.lines[0]
    limit = max(_SHORT_HEADING, _HEADING_LINE * ctx.layout.width)
    wrapped = _wrapped_capitals(raw)
    if wrapped is not None:
        return wrapped, None
    if len(raw.lines) > 2 and len(first.strip()) >= limit:
        return None  # a wrapped paragraph's first line runs to the margin; a heading does not
    if ctx.fanficfare and len(raw.lines) == 1 and first.startswith("\t") and first.strip():
        text = " ".join(first.split())
        return match_heading(text) or Match("fanficfare", Kind.CHAPTER, False, 0, text, True), None
    match = match_heading(first)
    if evidence is not None and (match is None or match.weak):
        match = evidence
    if match is None:
        return None
    if len(raw.lines) == 1:
        return match, None
    if len(raw.lines) == 2 and looks_like_title(raw.lines[1]) and match.kind is not Kind.CONTENTS:
        joiner = " " if match.title.endswith((".", ":")) else ": "
        title = match.title + joiner + " ".join(raw.lines[1].split())
        return Match(match.row, match.kind, match.weak, match.level, title, True), None
    second = raw.lines[1].strip()
    last_word = first.split()[-1]
    mid_phrase = last_word.isalpha() and last_word.islower()
    if len(raw.lines) == 2 and match.titled and mid_phrase and len(second.split()) <= 4:
        # A title running on to a second line ("SCENE III. The same. A Park, with a gate leading
        # to the" / "Palace."): the first line stops mid-phrase, on a lower-case word.
        title = match.title + " " + " ".join(second.split())
        return Match(match.row, match.kind, match.weak, match.level, title, True), None
    if match.weak or match.kind is Kind.CONTENTS or len(first.strip()) >= limit:
        return None
    return match, Raw(raw.lines[1:], raw.line + 1, 0)


def _wrapped_capitals(raw: Raw) -> Match | None:
    """A worded heading whose title, in capitals, wraps onto a second or third line."""
    if not 2 <= len(raw.lines) <= 3:
        return None
    text = " ".join(" ".join(raw.lines).split())
    if not text.isupper() or len(text) > 3 * MAX_CANDIDATE:
        return None
    lead = _LEAD.match(text)
    match = match_heading(lead.group(0)) if lead else None
    if match is None or match.weak or match.kind is Kind.CONTENTS or match.row == "markdown":
        return None
    if text.casefold().split().count(text.split()[0].casefold()) > 1:
        return None  # "CHAPTER I CHAPTER II CHAPTER III": a contents line
    return Match(match.row, match.kind, False, 0, text, True)


_LEAD = re.compile(r"[^\W\d_]+\.?\s+[^\s\-—–.:,]+")  # "CHAPTER IX" of "CHAPTER IX--MARIUS PRODUCES"


def _next_line_title(
    drafts: list[Draft],
    index: int,
    found: dict[int, tuple[Match, Raw | None]],
    part: bool = False,
    consistent: bool = False,
) -> bool:
    """The chunk after a bare heading is its title if it is one short title-like line with text
    after it: never the book's last line, and not when another heading follows (a contents list).
    Under a part heading, a short line in capitals followed by a chapter heading is the part's
    title even with a full stop ("BOOK I." / "MISS BROOKE." / "CHAPTER I.")."""
    raw = drafts[index]
    assert isinstance(raw, Raw)
    if len(raw.lines) != 1 or index + 1 >= len(drafts):
        return False
    line = raw.lines[0].strip()
    after = index + 1
    while after < len(drafts) and isinstance(drafts[after], Raw) and all(
        is_ornament(text) for text in drafts[after].lines  # type: ignore[union-attr]
    ):
        after += 1  # a row of stars between the part's title and its first chapter
    if part and after in found and found[after][0].kind is Kind.CHAPTER:
        bare = line.rstrip(".").strip("_*")
        numbered = candidate(0, bare)
        return (
            bool(bare) and bare.isupper() and len(bare.split()) <= 8 and match_heading(bare) is None
            and (numbered is None or numbered.number is None)  # "BOOK FIRST" is a heading itself
        )
    if index + 1 in found:
        return False
    following = drafts[index + 1]
    if isinstance(following, Raw) and following.blank_before < 1:
        return False  # the next line of a poem, not a title set apart from its text
    if consistent:
        return len(line.split()) <= MAX_TITLE_WORDS and line[:1] not in "\"'“‘«—–-(["
    return looks_like_title(line)


def _is_book_title(
    match: Match, levels: list[int], found: dict[int, tuple[Match, Raw | None]], index: int
) -> bool:
    """A single top-level ``# Title`` opening the file names the book: above ``##`` chapters, or
    as the only heading of all (Markdown's document title)."""
    if match.level != levels[0] or index != min(found):
        return False
    tops = [i for i, (m, _) in found.items() if m.row == "markdown" and m.level == levels[0]]
    if tops != [index] or match_heading(match.title) is not None:  # "# Chapter 1" is a chapter
        return False
    return len(levels) > 1 or (len(found) == 1 and index == 0 and match.level == 1)
