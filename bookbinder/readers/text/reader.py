"""The text reader's work: decode -> blocks -> passes -> assemble -> ``reading.finish``.

Kept apart from ``bookbinder.readers.text`` (the class the registry loads): the registry imports
every reader to learn its suffixes, and this module's imports (the passes, their regex tables, the
model) are most of the reader's start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bookbinder.errors import InputError
from bookbinder.metadata import Layer
from bookbinder.model import Matter, Paragraph, Section, Source
from bookbinder.readers import ReadContext
from bookbinder.readers.reading import Reading, finish
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
from bookbinder.readers.text.drafts import Context, Draft
from bookbinder.readers.text.fanficfare import is_fanficfare
from bookbinder.readers.text.frontmatter import split_yaml
from bookbinder.readers.text.gutenberg import HEADER_TITLE, LICENCE_TITLE, header_layer, unwrap_gutenberg
from bookbinder.readers.text.inline import smart_text
from bookbinder.readers.text.paragraphs import paragraphs_of
from bookbinder.readers.text.passes import run_passes
from bookbinder.readers.text.patterns import patterns

_SOURCE_ORDER = list(Source)


def read(data: bytes, path: Path, ctx: ReadContext, reader: str) -> Reading:
    """Decode, unwrap, cut into chunks, run the passes, assemble, then the shared finish."""
    work = _run(data, path, ctx)
    passes = work.passes
    structure = assemble(work.drafts, passes, smart_text if ctx.smart else _same)
    layers = [*work.layers, *sorted(passes.layers, key=lambda layer: _SOURCE_ORDER.index(layer.source))]
    return finish(
        path=path,
        ctx=ctx,
        chapters=structure.chapters,
        reader=reader,
        fingerprint=work.text,
        front_matter=structure.front_matter,
        source_contents=structure.contents,
        back_matter=(*structure.back_matter, *[s for s in work.wrapper_sections if s.paragraphs]),
        layers=layers,
        encoding=work.encoding,
        mode=passes.layout.mode,
        warnings=passes.warnings,
        consumed=work.consumed + passes.consumed,
    )


@dataclass(slots=True)
class _Work:
    """The passes' output and what the reader found around it (wrapper, front matter, encoding)."""

    drafts: list[Draft]
    passes: Context
    text: str
    encoding: str
    layers: list[Layer]
    consumed: list[str]
    wrapper_sections: list[Section]


def _run(data: bytes, path: Path, ctx: ReadContext) -> _Work:
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
            _section(HEADER_TITLE, wrapped.header, 1, path, Matter.CREDITS),
            _section(LICENCE_TITLE, wrapped.footer, wrapped.footer_line, path, Matter.LICENCE),
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
    passes = Context(path, layout, "\n".join(lines), ctx.smart, wrapped is not None, is_fanficfare(lines))
    passes.patterns = patterns(ctx, path)
    passes.warnings.extend(f"{path}:{line}: {message}" for line, message in decoded.warnings)
    drafts = run_passes(list(split_for_mode(raws, layout)), passes)
    return _Work(drafts, passes, text, decoded.encoding, layers, consumed, wrapper_sections)


def _same(text: str) -> str:
    return text


def _section(title: str, lines: Sequence[str], first_line: int, path: Path, kind: Matter) -> Section:
    """Wrapper text (a Gutenberg header or licence) as back-matter paragraphs."""
    raws = chunks(lines, first_line)
    ctx = Context(path, Layout(HARD_WRAPPED, wrap_width(lines)))
    paragraphs: list[Paragraph] = [p for raw in raws for p in paragraphs_of(raw, ctx)]
    return Section(title, tuple(paragraphs), kind)


def explain(data: bytes, path: Path, ctx: ReadContext) -> tuple[list[str], list[str]]:
    """Why each heading is one, and which candidate lines were turned down and why
    (``inspect --why``)."""
    passes = _run(data, path, ctx).passes
    return passes.evidence, passes.rejected
