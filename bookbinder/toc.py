"""The one table of contents every writer uses: parts nest their chapters."""

from __future__ import annotations

from dataclasses import dataclass

from bookbinder.model import Chapter, Manuscript


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One entry: its label, the anchor id writers give it, and nested entries."""

    title: str
    target: str  # "part01", "ch001": writers use it as file name stem and anchor
    children: tuple[TocEntry, ...] = ()
    chapter_index: int | None = None  # index into Manuscript.chapters; None for a part


def chapter_id(index: int) -> str:
    """Stable id of the chapter at ``index`` (0-based)."""
    return f"ch{index + 1:03d}"


def part_id(number: int) -> str:
    """Stable id of the ``number``-th part (1-based)."""
    return f"part{number:02d}"


def chapter_label(manuscript: Manuscript, index: int) -> str:
    """What a TOC shows for a chapter: its title, or a sensible stand-in when it has none."""
    chapter: Chapter = manuscript.chapters[index]
    if chapter.title:
        return chapter.title
    if len(manuscript.chapters) == 1:
        return manuscript.metadata.title
    return f"Chapter {index + 1}"


def build_toc(manuscript: Manuscript) -> tuple[TocEntry, ...]:
    """Parts (in order of first appearance, consecutive runs) with their chapters nested."""
    entries: list[TocEntry] = []
    current_part: str | None = None
    children: list[TocEntry] = []
    part_number = 0

    def close_part() -> None:
        nonlocal children
        if current_part is not None:
            entries.append(TocEntry(current_part, part_id(part_number), tuple(children)))
        children = []

    for index, chapter in enumerate(manuscript.chapters):
        entry = TocEntry(chapter_label(manuscript, index), chapter_id(index), chapter_index=index)
        if chapter.part != current_part:
            close_part()
            current_part = chapter.part
            if current_part is not None:
                part_number += 1
        if current_part is None:
            entries.append(entry)
        else:
            children.append(entry)
    close_part()
    return tuple(entries)


def part_starts(manuscript: Manuscript) -> dict[int, tuple[str, str]]:
    """Chapter index -> (part title, part id) for each chapter that opens a new part."""
    starts: dict[int, tuple[str, str]] = {}
    previous: str | None = None
    number = 0
    for index, chapter in enumerate(manuscript.chapters):
        if chapter.part is not None and chapter.part != previous:
            number += 1
            starts[index] = (chapter.part, part_id(number))
        previous = chapter.part
    return starts
