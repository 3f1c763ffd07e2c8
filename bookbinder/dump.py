"""Stable views of a reading: the indented tree dump (golden files) and the inspect dict."""

from __future__ import annotations

from typing import Any, assert_never

from bookbinder.model import AuthorNote, Block, Manuscript, Paragraph, Role, SceneBreak, Style
from bookbinder.readers.reading import Reading
from bookbinder.toc import chapter_label
from bookbinder.words import chapter_words, count, story_words

_FIELDS = (
    "title", "subtitle", "authors", "language", "identifier", "date", "description", "subjects",
    "series", "series_index", "publisher", "rights", "source_url", "fandoms", "rating", "warnings",
    "relationships", "characters", "status", "chapter_count", "cover",
)


def _span_repr(para: Paragraph) -> str:
    out = []
    for span in para.spans:
        if span.style == Style.PLAIN:
            out.append(repr(span.text))
        else:
            out.append(f"<{span.style.name} {span.text!r}>")
    return " ".join(out)


def _block_lines(block: Block, indent: str) -> list[str]:
    match block:
        case Paragraph():
            kind = "Verse" if block.verse else "Paragraph"
            role = "" if block.role is Role.BODY else f" role={block.role.value}"
            return [f"{indent}<{kind}{role}> {_span_repr(block)}"]
        case SceneBreak():
            return [f"{indent}<SceneBreak>"]
        case AuthorNote():
            return [f"{indent}<AuthorNote>"] + [
                f"{indent}  <Paragraph> {_span_repr(p)}" for p in block.paragraphs
            ]
        case _:
            assert_never(block)


def dump(manuscript: Manuscript) -> str:
    """An indented, stable text form of the tree; spans use repr so whitespace shows."""
    md = manuscript.metadata
    lines = [
        "<Manuscript>",
        f"  <Metadata title={md.title!r} authors={md.authors!r} language={md.language!r}>",
    ]
    for chapter in manuscript.chapters:
        lines.append(f"  <Chapter title={chapter.title!r} part={chapter.part!r}>")
        for block in chapter.blocks:
            lines.extend(_block_lines(block, "    "))
    for section in manuscript.front_matter:
        shown = f"title={section.title!r} kind={str(section.kind)!r} paragraphs={len(section.paragraphs)}"
        lines.insert(2, f"  <Front {shown}>")
    for section in manuscript.back_matter:
        lines.append(f"  <Section title={section.title!r} paragraphs={len(section.paragraphs)}>")
    if manuscript.source_contents:
        lines.append(f"  <SourceContents entries={len(manuscript.source_contents)}>")
    return "\n".join(lines) + "\n"


def metadata_dict(manuscript: Manuscript) -> dict[str, Any]:
    """Every metadata field that has a value, as JSON-ready data."""
    md = manuscript.metadata
    data: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(md, name)
        if value in (None, (), ""):
            continue
        data[name] = list(value) if isinstance(value, tuple) else value
    if md.extra:
        data["extra"] = dict(md.extra)
    return data


def inspect_dict(reading: Reading) -> dict[str, Any]:
    """The `inspect --json` object: metadata, provenance, reading facts and chapters."""
    m = reading.manuscript
    md = m.metadata
    chapters = []
    for index, chapter in enumerate(m.chapters):
        paragraphs = sum(1 for b in chapter.blocks if isinstance(b, Paragraph))
        chapters.append({
            "title": chapter.title,
            "label": chapter_label(m, index),
            "part": chapter.part,
            "paragraphs": paragraphs,
            "scene_breaks": sum(1 for b in chapter.blocks if isinstance(b, SceneBreak)),
            "author_notes": sum(1 for b in chapter.blocks if isinstance(b, AuthorNote)),
            "words": chapter_words(chapter),
        })
    return {
        "title": md.title,
        "authors": list(md.authors),
        "language": md.language,
        "reader": reading.reader,
        "encoding": reading.encoding,
        "mode": reading.mode,
        "metadata": metadata_dict(m),
        # Where every value came from; title, authors and language always say (even "default").
        "sources": {name: str(md.source(name)) for name in ("title", "authors", "language")}
        | {name: str(source) for name, source in md.sources},
        "words": story_words(m.chapters),
        "front_matter": [
            {"title": s.title, "kind": str(s.kind), "words": sum(count(p.text) for p in s.paragraphs)}
            for s in m.front_matter
        ],
        "source_contents": list(m.source_contents),
        "back_matter": [
            {"title": s.title, "words": sum(count(p.text) for p in s.paragraphs)} for s in m.back_matter
        ],
        "chapters": chapters,
        "warnings": list(reading.warnings),
    }


def why_text(evidence: list[str], rejected: list[str], reading: Reading) -> str:
    """``inspect --why``: the evidence for each heading, then the lines that were turned down."""
    lines = [f"Headings ({len(reading.manuscript.chapters)} chapters):"]
    lines.extend(f"  {item}" for item in evidence or ["(none: the text reads as one chapter)"])
    lines.append(f"Rejected candidates ({len(rejected)}):")
    lines.extend(f"  {item}" for item in rejected or ["(none)"])
    book = reading.manuscript
    if book.front_matter:
        lines.append("Front matter:")
        lines.extend(f"  {s.title} [{s.kind}] ({len(s.paragraphs)} paragraphs)" for s in book.front_matter)
    if book.source_contents:
        lines.append(f"The book's own contents list ({len(book.source_contents)} lines, not rendered):")
        lines.extend(f"  {entry}" for entry in book.source_contents[:12])
        if len(book.source_contents) > 12:
            lines.append(f"  ... {len(book.source_contents) - 12} more")
    return "\n".join(lines) + "\n"
