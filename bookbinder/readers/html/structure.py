"""Headings -> volumes, parts and chapters, for HTML that follows no known archive's template.

The deepest heading level in use (of ``h1``-``h3``) is the chapter; the levels above it are parts,
then volumes. A lone ``h1`` above everything else is the book's title. A part heading followed
by text instead of a chapter heading is a chapter of its own. A "Contents" heading followed by
a list is the source's own contents (evidence for ``inspect``), not a chapter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bookbinder.model import AuthorNote, Block, Chapter, Paragraph, SceneBreak, Span, Style
from bookbinder.readers.html.convert import Heading, Item, Labelled
from bookbinder.readers.reading import trim_scene_breaks

_CONTENTS = re.compile(r"^\s*(?:table\s+of\s+)?contents\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Outline:
    """Chapters found by headings, the book title a lone h1 gave, the source's contents list."""

    chapters: tuple[Chapter, ...]
    title: str | None = None
    contents: tuple[str, ...] = ()


def outline(items: Sequence[Item], *, title_from_h1: bool = True, known_title: str | None = None) -> Outline:
    """Chapters from a flow of items (see the module docstring for the rules). When the file
    names its title elsewhere (``known_title``), a lone h1 that differs from it is a division."""
    flow, contents = _take_contents(list(items))
    headings = [item for item in flow if isinstance(item, Heading)]
    title: str | None = None
    if title_from_h1 and headings:
        first = headings[0]
        lone = sum(1 for h in headings if h.level == first.level) == 1
        if first.level == 1 and lone and not _text_before(flow, first) and _may_be(first.text, known_title):
            title = first.text
            flow = [item for item in flow if item is not first]
            headings = headings[1:]
    levels = sorted({h.level for h in headings})
    part_level = levels[-2] if len(levels) > 1 else 0
    volume_level = levels[-3] if len(levels) > 2 else 0
    chapters: list[tuple[str | None, str | None, str | None, list[Block]]] = []
    preamble: list[Block] = []
    part: str | None = None
    volume: str | None = None
    for index, item in enumerate(flow):
        if isinstance(item, Heading):
            if item.level == volume_level and volume_level:
                volume, part = item.text, None
                if not _followed_by_deeper(flow, index, item.level):
                    chapters.append((item.text, None, None, []))
                    volume = None
                continue
            if item.level == part_level and part_level:
                if _followed_by_deeper(flow, index, item.level):
                    part = item.text
                else:  # a part with text of its own is a chapter
                    part = None
                    chapters.append((item.text, None, volume, []))
                continue
            chapters.append((item.text, part, volume, []))
            continue
        block = _block(item)
        (chapters[-1][3] if chapters else preamble).append(block)
    built = [
        Chapter(name, trim_scene_breaks(blocks), in_part, volume=in_volume)
        for name, in_part, in_volume, blocks in chapters
    ]
    lead = trim_scene_breaks(preamble)
    if lead or not built:
        built.insert(0, Chapter(None, lead))
    return Outline(tuple(built), title, contents)


def notes_block(item: Labelled) -> AuthorNote:
    """A labelled note (AO3's chapter notes) as an author's note that keeps its label."""
    return AuthorNote((Paragraph((Span(item.label, Style.STRONG),)), *item.paragraphs))


def _block(item: Item) -> Block:
    if isinstance(item, Labelled):
        return notes_block(item)
    assert not isinstance(item, Heading)
    return item


def _take_contents(flow: list[Item]) -> tuple[list[Item], tuple[str, ...]]:
    """A "Contents" heading and the paragraphs after it (up to the next heading) -> entries."""
    for index, item in enumerate(flow):
        if isinstance(item, Heading) and _CONTENTS.match(item.text):
            end = index + 1
            while end < len(flow) and isinstance(flow[end], Paragraph | SceneBreak):
                end += 1
            if end == len(flow):
                return flow, ()  # no chapter follows: it is not a contents page
            entries = tuple(
                line.strip()
                for para in flow[index + 1 : end]
                if isinstance(para, Paragraph)
                for line in para.text.split("\n")
                if line.strip()
            )
            return flow[:index] + flow[end:], entries
    return flow, ()


def _may_be(text: str, known_title: str | None) -> bool:
    if not known_title:
        return True
    a, b = " ".join(text.lower().split()), " ".join(known_title.lower().split())
    return a in b or b in a


def _text_before(flow: Sequence[Item], heading: Heading) -> bool:
    for item in flow:
        if item is heading:
            return False
        if isinstance(item, Paragraph | Labelled):
            return True
    return False


def _followed_by_deeper(flow: Sequence[Item], index: int, level: int) -> bool:
    """The next thing after a heading is a heading below it (a division with no text of its own)."""
    for item in flow[index + 1 :]:
        if isinstance(item, SceneBreak):
            continue
        return isinstance(item, Heading) and item.level > level
    return False
