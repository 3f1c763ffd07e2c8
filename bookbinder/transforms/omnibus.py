"""Bind the works of a series into one book: each work a volume, one contents for them all.

A work keeps everything it had: its front matter opens its volume, its chapters and parts follow,
its back matter goes to the back of the omnibus under the work's title. Its About page (summary,
rating, archive warnings, fandoms, relationships, characters, tags, length) opens the volume, so a
reader still sees what each story is before reading it.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from bookbinder.model import Chapter, Manuscript, Metadata, Paragraph, Section, Source, Span, Style
from bookbinder.words import story_words

ABOUT_TITLE = "About this work"


@dataclass(frozen=True, slots=True)
class Series:
    """The works that share a series name, in reading order."""

    name: str
    works: tuple[Manuscript, ...]
    unnumbered: tuple[str, ...]  # titles of works without a series index (ordered by title, last)


def group_series(works: Iterable[Manuscript]) -> tuple[list[Series], list[Manuscript]]:
    """Works grouped by series name (case and spacing ignored), and the works in no series."""
    groups: dict[str, list[Manuscript]] = {}
    names: dict[str, str] = {}
    alone: list[Manuscript] = []
    for work in works:
        name = work.metadata.series
        if not name or not name.strip():
            alone.append(work)
            continue
        key = " ".join(name.casefold().split())
        groups.setdefault(key, []).append(work)
        names.setdefault(key, name.strip())
    series = [_ordered(names[key], members) for key, members in sorted(groups.items())]
    return series, alone


def _ordered(name: str, works: Sequence[Manuscript]) -> Series:
    numbered = [w for w in works if w.metadata.series_index is not None]
    unnumbered = [w for w in works if w.metadata.series_index is None]
    numbered.sort(key=lambda w: (w.metadata.series_index or 0.0, w.metadata.date or "", w.metadata.title))
    unnumbered.sort(key=lambda w: (w.metadata.title.casefold(), w.metadata.date or ""))
    return Series(name, tuple(numbered + unnumbered), tuple(w.metadata.title for w in unnumbered))


def bind(series: Series) -> Manuscript:
    """One Manuscript for the whole series."""
    chapters: list[Chapter] = []
    back: list[Section] = []
    for work in series.works:
        volume = work.metadata.title
        chapters.append(Chapter(ABOUT_TITLE, tuple(about_paragraphs(work)), volume=volume))
        chapters.extend(Chapter(s.title, s.paragraphs, volume=volume) for s in work.front_matter)
        for chapter in work.chapters:
            # A work's own volumes (rare in a series) fold into its parts: two levels is the most.
            part = " — ".join(p for p in (chapter.volume, chapter.part) if p) or None
            chapters.append(replace(chapter, volume=volume, part=part))
        back.extend(replace(s, title=f"{s.title} ({volume})") for s in work.back_matter)
    return Manuscript(_metadata(series), tuple(chapters), tuple(back))


def about_paragraphs(work: Manuscript) -> list[Paragraph]:
    """The facts a reader looks at before opening a story, as text."""
    meta = work.metadata
    out: list[Paragraph] = []
    if meta.authors:
        out.append(_line("by " + ", ".join(meta.authors)))
    if meta.description:
        summary = (text.strip() for text in meta.description.split("\n\n"))
        out.extend(Paragraph((Span(text),)) for text in summary if text)
    rows: list[tuple[str, Sequence[str]]] = [
        ("Rating", (meta.rating,) if meta.rating else ()),
        ("Archive warnings", meta.warnings),
        ("Fandoms", meta.fandoms),
        ("Relationships", meta.relationships),
        ("Characters", meta.characters),
        ("Tags", meta.subjects),
        ("Status", (meta.status,) if meta.status else ()),
    ]
    out.extend(_field(label, values) for label, values in rows if values)
    out.append(_field("Words", (f"{story_words(work.chapters):,}",)))
    return out


def _line(text: str) -> Paragraph:
    return Paragraph((Span(text, Style.EMPHASIS),))


def _field(label: str, values: Sequence[str]) -> Paragraph:
    return Paragraph((Span(f"{label}: ", Style.STRONG), Span(", ".join(values))))


def _metadata(series: Series) -> Metadata:
    works = [w.metadata for w in series.works]
    first = works[0]
    identity = "\0".join(w.identifier for w in works)
    digest = hashlib.sha1(identity.encode("utf-8"), usedforsecurity=False).digest()
    titles = ", ".join(w.title for w in works)
    return Metadata(
        title=series.name,
        authors=_union(a for w in works for a in w.authors),
        language=first.language,
        identifier=f"urn:uuid:{uuid.UUID(bytes=digest[:16], version=5)}",
        date=max((w.date for w in works if w.date), default=None),
        description=f"{len(works)} works of the series {series.name}: {titles}.",
        subjects=_union(s for w in works for s in w.subjects),
        fandoms=_union(f for w in works for f in w.fandoms),
        warnings=_union(x for w in works for x in w.warnings),
        relationships=_union(r for w in works for r in w.relationships),
        characters=_union(c for w in works for c in w.characters),
        rating=first.rating if all(w.rating == first.rating for w in works) else None,
        sources=(("title", Source.DETECTED), ("authors", Source.DETECTED)),
    )


def _union(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


