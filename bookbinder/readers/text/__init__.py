"""Plain text in, Manuscript out: decode -> blocks -> passes -> assemble.

``read_bytes`` is the whole reader: it unwraps known wrappers (Project Gutenberg, YAML front
matter), cuts the text into Raw chunks, lets the named passes in ``passes.PASSES`` claim them,
assembles chapters and resolves metadata from every layer, highest precedence first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bookbinder.errors import InputError
from bookbinder.metadata import Layer, filename_layer, resolve
from bookbinder.metadata.language import detect_language
from bookbinder.model import Chapter, Manuscript, Paragraph, Section, Source
from bookbinder.readers.text.assemble import assemble
from bookbinder.readers.text.blocks import (
    HARD_WRAPPED,
    Layout,
    chunks,
    detect_layout,
    split_for_mode,
    wrap_width,
)
from bookbinder.readers.text.decode import decode
from bookbinder.readers.text.drafts import Context
from bookbinder.readers.text.fanficfare import is_fanficfare
from bookbinder.readers.text.frontmatter import split_yaml
from bookbinder.readers.text.gutenberg import HEADER_TITLE, LICENCE_TITLE, header_layer, unwrap_gutenberg
from bookbinder.readers.text.inline import smart_text
from bookbinder.readers.text.paragraphs import paragraphs_of
from bookbinder.readers.text.passes import run_passes
from bookbinder.words import chapter_text

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_LANGUAGE_SAMPLE = 200_000  # characters of story text given to language detection
_SOURCE_ORDER = list(Source)


@dataclass(frozen=True, slots=True)
class Reading:
    """A manuscript plus the reading facts writers do not need."""

    manuscript: Manuscript
    encoding: str
    mode: str  # paragraph mode: "blank-separated", "line-per-paragraph", "hard-wrapped", "indented"
    warnings: tuple[str, ...] = ()
    layers: tuple[Layer, ...] = ()  # metadata found inside the file (front matter, title block)
    consumed: tuple[str, ...] = ()  # source text that became metadata, not chapters


def read_bytes(data: bytes, path: Path, *, outer_layers: Sequence[Layer] = (), smart: bool = True) -> Reading:
    """Read a manuscript's bytes; ``outer_layers`` (CLI, sidecar, catalogue) outrank the file."""
    decoded = decode(data, path)
    text = decoded.text
    lines = text.split("\n")
    first_line = 1
    layers: list[Layer] = []
    consumed: list[str] = []
    wrapper_sections: list[Section] = []
    wrapped = unwrap_gutenberg(text)
    if wrapped is not None:
        lines, first_line = list(wrapped.body), wrapped.body_line
        header = header_layer(wrapped.header)
        layers.extend([header] if header else [])
        wrapper_sections = [
            _section(HEADER_TITLE, wrapped.header, 1, path),
            _section(LICENCE_TITLE, wrapped.footer, wrapped.footer_line, path),
        ]
    else:
        front, skip = split_yaml(lines, path)
        layers.extend([front] if front else [])
        consumed.extend(lines[:skip])
        lines, first_line = lines[skip:], 1 + skip
    raws = chunks(lines, first_line)
    if not raws:
        raise InputError(path, "no story text (only front matter)")
    layout = detect_layout(raws)
    ctx = Context(path, layout, "\n".join(lines), smart, wrapped is not None, is_fanficfare(lines))
    ctx.markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    ctx.warnings.extend(f"{path}:{line}: {message}" for line, message in decoded.warnings)
    drafts = run_passes(list(split_for_mode(raws, layout)), ctx)
    chapters, sections = assemble(drafts, ctx, smart_text if smart else _same)
    layers.extend(sorted(ctx.layers, key=lambda layer: _SOURCE_ORDER.index(layer.source)))
    detected = detect_language(_story_sample(chapters))
    language = [Layer(Source.DETECTED, {"language": detected})] if detected else []
    metadata = resolve(
        [*outer_layers, *layers, *language, filename_layer(path)],
        fingerprint=text,
        typography=smart_text if smart else None,  # titles get the body's curly quotes
    )
    manuscript = Manuscript(metadata, chapters, (*sections, *[s for s in wrapper_sections if s.paragraphs]))
    return Reading(
        manuscript,
        decoded.encoding,
        layout.mode,
        tuple(ctx.warnings),
        tuple(layers),
        tuple(consumed + ctx.consumed),
    )


def read_text(text: str, path: Path = Path("manuscript.txt"), **kwargs: object) -> Reading:
    """Read a manuscript given as text (tests, stdin)."""
    data = text.encode("utf-8", "surrogatepass")  # lone surrogates are removed with a warning
    return read_bytes(data, path, **kwargs)  # type: ignore[arg-type]


def _same(text: str) -> str:
    return text


def _story_sample(chapters: Sequence[Chapter]) -> str:
    parts: list[str] = []
    size = 0
    for chapter in chapters:
        for text in chapter_text(chapter):
            parts.append(text)
            size += len(text)
            if size > _LANGUAGE_SAMPLE:
                return "\n".join(parts)
    return "\n".join(parts)


def _section(title: str, lines: Sequence[str], first_line: int, path: Path) -> Section:
    """Wrapper text (a Gutenberg header or licence) as back-matter paragraphs."""
    raws = chunks(lines, first_line)
    ctx = Context(path, Layout(HARD_WRAPPED, wrap_width(lines)))
    paragraphs: list[Paragraph] = [p for raw in raws for p in paragraphs_of(raw, ctx)]
    return Section(title, tuple(paragraphs))
