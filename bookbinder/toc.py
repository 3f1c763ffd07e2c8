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


def volume_id(number: int) -> str:
    """Stable id of the ``number``-th volume (1-based)."""
    return f"vol{number:02d}"


def is_one_shot(manuscript: Manuscript) -> bool:
    """A single chapter with no heading of its own and nothing around it to navigate to: such a
    story needs no contents page and no chapter heading (it would only repeat the title)."""
    chapters = manuscript.chapters
    return (
        len(chapters) == 1
        and not chapters[0].title
        and chapters[0].part is None
        and chapters[0].volume is None
        and not manuscript.front_matter
        and not manuscript.back_matter
    )


def build_toc(manuscript: Manuscript) -> tuple[TocEntry, ...]:
    """Volumes > parts > chapters, each division a run of consecutive chapters that share it."""
    volumes = volume_starts(manuscript)
    parts = part_starts(manuscript)
    top: list[TocEntry] = []
    volume: tuple[str, str, list[TocEntry]] | None = None
    part: tuple[str, str, list[TocEntry]] | None = None

    def close_part() -> None:
        nonlocal part
        if part is not None:
            (volume[2] if volume else top).append(TocEntry(part[0], part[1], tuple(part[2])))
        part = None

    def close_volume() -> None:
        nonlocal volume
        close_part()
        if volume is not None:
            top.append(TocEntry(volume[0], volume[1], tuple(volume[2])))
        volume = None

    for index, chapter in enumerate(manuscript.chapters):
        if index in volumes or (volume is not None and chapter.volume is None):
            close_volume()
            if index in volumes:
                volume = (*volumes[index], [])
        if index in parts or (part is not None and chapter.part is None):
            close_part()
            if index in parts:
                part = (*parts[index], [])
        entry = TocEntry(chapter_label(manuscript, index), chapter_id(index), chapter_index=index)
        (part[2] if part else volume[2] if volume else top).append(entry)
    close_volume()
    return tuple(top)


def volume_starts(manuscript: Manuscript) -> dict[int, tuple[str, str]]:
    """Chapter index -> (volume title, volume id) for each chapter that opens a new volume."""
    starts: dict[int, tuple[str, str]] = {}
    previous: str | None = None
    for index, chapter in enumerate(manuscript.chapters):
        if chapter.volume is not None and chapter.volume != previous:
            starts[index] = (chapter.volume, volume_id(len(starts) + 1))
        previous = chapter.volume
    return starts


def part_starts(manuscript: Manuscript) -> dict[int, tuple[str, str]]:
    """Chapter index -> (part title, part id) for each chapter that opens a new part (a new
    volume opens a new part even when the part's title repeats, as "Book One" does)."""
    starts: dict[int, tuple[str, str]] = {}
    previous: tuple[str | None, str | None] = (None, None)
    for index, chapter in enumerate(manuscript.chapters):
        key = (chapter.volume, chapter.part)
        if chapter.part is not None and key != previous:
            starts[index] = (chapter.part, part_id(len(starts) + 1))
        previous = key
    return starts
