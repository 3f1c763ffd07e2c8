"""Drafts -> chapters and back matter: parts hold chapters, text before the first heading has a home."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from bookbinder.model import (
    AuthorNote,
    Block,
    Chapter,
    Matter,
    Paragraph,
    Role,
    SceneBreak,
    Section,
    Span,
    paragraphs_of,
)
from bookbinder.readers.reading import trim_scene_breaks
from bookbinder.readers.text.blocks import Raw
from bookbinder.readers.text.contents import entry_key
from bookbinder.readers.text.drafts import Aside, Context, Draft, Heading
from bookbinder.readers.text.headings import Kind
from bookbinder.readers.text.matter import matter_kind
from bookbinder.readers.text.sequences import candidate

FRONT_MATTER_TITLE = "About this edition"
# A flexible heading used as a chapter stands outside any part ("Epilogue"), except these.
_INSIDE_PART = re.compile(r"^\s*interlude", re.IGNORECASE)
_SKIPPABLE = (SceneBreak, Aside)


@dataclass(frozen=True, slots=True)
class Structure:
    """What assembling finds: chapters, front and back matter, and the book's own contents list."""

    chapters: tuple[Chapter, ...]
    front_matter: tuple[Section, ...]
    back_matter: tuple[Section, ...]
    contents: tuple[str, ...]


def assemble(drafts: list[Draft], ctx: Context, title: Callable[[str], str]) -> Structure:
    """Chapters in reading order, and the asides (contents lists, front matter) as sections.

    A part or flexible heading followed straight by a chapter heading is a part; otherwise it is a
    chapter titled with its own text (``Part 1, Confusion`` then prose: one chapter). Scene breaks
    at a chapter's start or end are dropped; nothing else is.
    """
    leftover = [d for d in drafts if isinstance(d, Raw)]
    assert not leftover, f"a pass left Raw text unclaimed at line {leftover[0].line}"
    drafts = _demote_title_page_parts(drafts)
    sections: list[Section] = []
    contents: list[str] = []
    chapters: list[tuple[str | None, str | None, int, list[Block], str | None]] = []
    preamble: list[Block] = []
    part: str | None = None
    volume: str | None = None
    part_has_chapters = False
    outer = volume_words(drafts)
    series = _series_words(drafts)
    for index, draft in enumerate(drafts):
        match draft:
            case Heading() if draft.kind is Kind.PART and heading_word(draft.title) in outer:
                volume, part, part_has_chapters = title(draft.title), None, False
            case Heading():
                awaiting = part is not None and not part_has_chapters
                if _opens_part(drafts, index, awaiting, series):
                    if awaiting:  # a part with no chapter of its own keeps its heading
                        chapters.append((part, None, draft.line, [], volume))
                    elif title(draft.title) == part and chapters:
                        # The same part heading again: parts are told apart by title, so the two
                        # read as one; the repeated heading stays as a line, not lost.
                        repeat = Paragraph((Span(title(draft.title)),), line=draft.line, role=Role.CENTERED)
                        chapters[-1][3].append(repeat)
                    part, part_has_chapters = title(draft.title), False
                    continue
                in_part = part
                if draft.kind is Kind.PART:
                    part = in_part = None
                elif draft.kind is Kind.FLEX and part_has_chapters and not _INSIDE_PART.match(draft.title):
                    part = in_part = None  # an epilogue after a part's chapters ends the part
                part_has_chapters = in_part is not None
                chapters.append((title(draft.title), in_part, draft.line, [], volume))
            case Aside():  # the book's own contents list: evidence, kept for inspect
                contents.extend([draft.title] if draft.title else [])
                lines = (text for raw in draft.raws for text in raw.lines if text.strip())
                contents.extend(" ".join(text.split()) for text in lines)
            case Paragraph() | AuthorNote() | SceneBreak():
                (chapters[-1][3] if chapters else preamble).append(draft)
    built = [
        Chapter(name, trim_scene_breaks(blocks), in_part, line, in_volume)
        for name, in_part, line, blocks, in_volume in chapters
    ]
    placed, front, back = _place_preamble(trim_scene_breaks(preamble), built, sections, ctx, title)
    return Structure(placed, front, back, tuple(contents))


def _place_preamble(
    preamble: tuple[Block, ...],
    chapters: list[Chapter],
    sections: list[Section],
    ctx: Context,
    title: Callable[[str], str],
) -> tuple[tuple[Chapter, ...], tuple[Section, ...], tuple[Section, ...]]:
    """Text before the first heading: the whole story when there are no headings; notes join the
    first chapter; in a Gutenberg edition, sections under matter headings (preface, dedication,
    introduction) are front matter in reading order, and the title pages and e-text credits are
    back matter; other text is an untitled first chapter (a story whose first chapter has no
    heading). Returns chapters, front matter, back matter."""
    if not chapters:
        return (Chapter(None, preamble),), (), tuple(sections)
    if not preamble:
        return tuple(chapters), (), tuple(sections)
    if all(isinstance(b, AuthorNote) for b in preamble):
        first = chapters[0]
        chapters[0] = Chapter(first.title, preamble + first.blocks, first.part, first.line, first.volume)
        return tuple(chapters), (), tuple(sections)
    if ctx.gutenberg:
        front, credits = front_matter(tuple(p for b in preamble for p in paragraphs_of(b)), title)
        about = (Section(FRONT_MATTER_TITLE, credits, Matter.CREDITS),) if credits else ()
        return tuple(chapters), front, (*about, *sections)
    return (Chapter(None, preamble), *chapters), (), tuple(sections)


def front_matter(
    paragraphs: tuple[Paragraph, ...], title: Callable[[str], str]
) -> tuple[tuple[Section, ...], tuple[Paragraph, ...]]:
    """Split the text before chapter one at its matter headings ("PREFACE", "DEDICATION",
    "Introduction"): the sections in reading order, and what is left (title pages, credits)."""
    front: list[Section] = []
    credits: list[Paragraph] = []
    current: tuple[str, Matter, list[Paragraph]] | None = None
    for para in paragraphs:
        kind = matter_kind(para.text) if "\n" not in para.text else None
        if kind is not None:
            if current:
                front.append(Section(current[0], tuple(current[2]), current[1]))
            current = (title(" ".join(para.text.split())), kind, [])
        elif current:
            current[2].append(para)
        else:
            credits.append(para)
    if current:
        front.append(Section(current[0], tuple(current[2]), current[1]))
    keep = tuple(s for s in front if s.kind not in (Matter.CREDITS, Matter.OTHER) and s.paragraphs)
    for section in front:
        if section not in keep:  # transcriber's notes, lists of pictures: about the edition
            credits.extend((Paragraph((Span(section.title),)), *section.paragraphs))
    return keep, tuple(credits)


def _demote_title_page_parts(drafts: list[Draft]) -> list[Draft]:
    """A part heading with no chapter heading of its own whose words come round again later is a
    title page's line ("PART I / A VOYAGE TO ..." listed on the title page): text, not a division."""
    out = list(drafts)
    headings = [(i, d) for i, d in enumerate(drafts) if isinstance(d, Heading)]
    later_keys: dict[str, int] = {}
    for index, heading in headings:
        if heading.kind is Kind.PART:
            later_keys[entry_key(heading.title)] = index
    for position, (index, heading) in enumerate(headings):
        if heading.kind is not Kind.PART or later_keys.get(entry_key(heading.title), index) == index:
            continue
        following = headings[position + 1][1] if position + 1 < len(headings) else None
        if following is None or following.kind is Kind.PART:
            out[index] = Paragraph((Span(heading.title),), line=heading.line)
    return out


def _series_words(drafts: list[Draft]) -> frozenset[str]:
    """Part heading words used two or more times (a numbered series of parts)."""
    words = Counter(heading_word(d.title) for d in drafts if isinstance(d, Heading) and d.kind is Kind.PART)
    return frozenset(word for word, n in words.items() if word and n >= 2)


def heading_word(title: str) -> str:
    """The word a division heading is named by ("volume" in ``VOLUME I.--FANTINE``), or ""."""
    found = candidate(0, title)
    return found.word if found is not None else ""


def volume_words(drafts: list[Draft]) -> frozenset[str]:
    """Heading words of the level above parts: a part word whose headings each have headings of
    another part word between them and the next (VOLUME > BOOK, PART > BOOK), the outer one first."""
    parts = [
        (index, heading_word(d.title))
        for index, d in enumerate(drafts)
        if isinstance(d, Heading) and d.kind is Kind.PART
    ]
    words = {word for _, word in parts if word}
    outer: set[str] = set()
    for word in words:
        mine = [i for i, w in parts if w == word]
        others = [i for i, w in parts if w and w != word]
        if len(mine) < 2 or not others or min(others) < mine[0]:
            continue
        ends = [*mine[1:], len(drafts)]
        if all(any(a < o < b for o in others) for a, b in zip(mine, ends, strict=True)):
            outer.add(word)
    return frozenset(outer) if len(outer) < len(words) else frozenset()


def _opens_part(
    drafts: list[Draft], index: int, awaiting: bool, series: frozenset[str] = frozenset()
) -> bool:
    """A part heading opens a part when a chapter (or Prologue) heading follows it directly;
    a Prologue-like one only when a numbered chapter does and no part is waiting for chapters.
    A part heading of a series (``VOL. I.`` ... ``VOL. IV.``) may have text before its first
    chapter (a title page, a preface)."""
    heading = drafts[index]
    assert isinstance(heading, Heading)
    if heading.kind not in (Kind.PART, Kind.FLEX):
        return False
    patient = heading.kind is Kind.PART and heading_word(heading.title) in series
    for position in range(index + 1, len(drafts)):
        draft = drafts[position]
        if isinstance(draft, _SKIPPABLE) or (isinstance(draft, Paragraph) and draft.text.strip().isalnum()):
            continue  # an ornament, or a lone bare token such as an image placeholder ("20009m")
        if not isinstance(draft, Heading):
            if patient:
                continue
            return False
        if heading.kind is Kind.FLEX:
            return draft.kind is Kind.CHAPTER and not awaiting
        return draft.kind in (Kind.CHAPTER, Kind.FLEX)
    return False


