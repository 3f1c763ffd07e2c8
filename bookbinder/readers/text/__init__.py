"""Plain text in, Manuscript out: decode -> blocks -> passes -> assemble.

``TextReader.read`` is the whole reader: it unwraps known wrappers (Project Gutenberg, YAML front
matter), cuts the text into Raw chunks, lets the named passes in ``passes.PASSES`` claim them,
assembles chapters, and hands them to ``reading.finish`` (metadata, language, Manuscript).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from bookbinder.errors import InputError
from bookbinder.metadata import Layer
from bookbinder.model import Matter, Paragraph, Section, Source
from bookbinder.options import Option
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
from bookbinder.readers.text.patterns import PATTERN_OPTIONS, patterns

__all__ = ["TEXT_SUFFIXES", "Reading", "TextReader", "read_bytes", "read_text"]

TEXT_SUFFIXES = frozenset({".txt", ".text"})
_SOURCE_ORDER = list(Source)


class TextReader:
    """Plain text: the reader behind ``.txt`` files (Markdown has its own reader)."""

    name: ClassVar[str] = "text"
    suffixes: ClassVar[frozenset[str]] = TEXT_SUFFIXES
    options: ClassVar[tuple[Option, ...]] = PATTERN_OPTIONS

    def read(self, data: bytes, path: Path, ctx: ReadContext) -> Reading:
        """Decode, unwrap, cut into chunks, run the passes, assemble, then the shared finish."""
        work = _run(data, path, ctx)
        passes = work.passes
        structure = assemble(work.drafts, passes, smart_text if ctx.smart else _same)
        layers = [*work.layers, *sorted(passes.layers, key=lambda layer: _SOURCE_ORDER.index(layer.source))]
        return finish(
            path=path,
            ctx=ctx,
            chapters=structure.chapters,
            reader=self.name,
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


def explain(data: bytes, path: Path, ctx: ReadContext) -> tuple[list[str], list[str]]:
    """Why each heading is one, and which candidate lines were turned down and why
    (``inspect --why``)."""
    passes = _run(data, path, ctx).passes
    return passes.evidence, passes.rejected


def read_bytes(data: bytes, path: Path, *, outer_layers: Sequence[Layer] = (), smart: bool = True) -> Reading:
    """Read a manuscript's bytes as text; ``outer_layers`` (CLI, sidecar, catalogue) outrank the file."""
    return TextReader().read(data, path, ReadContext(tuple(outer_layers), smart))


def read_text(text: str, path: Path = Path("manuscript.txt"), *, outer_layers: Sequence[Layer] = (),
              smart: bool = True) -> Reading:
    """Read a manuscript given as text (tests, stdin)."""
    data = text.encode("utf-8", "surrogatepass")  # lone surrogates are removed with a warning
    return read_bytes(data, path, outer_layers=outer_layers, smart=smart)


def _same(text: str) -> str:
    return text


def _section(title: str, lines: Sequence[str], first_line: int, path: Path, kind: Matter) -> Section:
    """Wrapper text (a Gutenberg header or licence) as back-matter paragraphs."""
    raws = chunks(lines, first_line)
    ctx = Context(path, Layout(HARD_WRAPPED, wrap_width(lines)))
    paragraphs: list[Paragraph] = [p for raw in raws for p in paragraphs_of(raw, ctx)]
    return Section(title, tuple(paragraphs), kind)
