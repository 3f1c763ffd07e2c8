"""What a markup reader found, before the shared finishing step turns it into a Reading."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bookbinder.errors import InputError
from bookbinder.metadata import Layer
from bookbinder.model import Chapter, Section

if TYPE_CHECKING:
    from bookbinder.readers import ReadContext
    from bookbinder.readers.reading import Reading


@dataclass(frozen=True, slots=True)
class Parsed:
    """Chapters, matter, metadata layers (highest first) and evidence from one file."""

    chapters: tuple[Chapter, ...]
    front_matter: tuple[Section, ...] = ()
    back_matter: tuple[Section, ...] = ()
    layers: tuple[Layer, ...] = ()
    source_contents: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    consumed: tuple[str, ...] = ()
    shape: str = ""  # which layout was recognised: "ao3", "fanficfare", "headings", ...


def finish_parsed(
    parsed: Parsed, *, path: Path, ctx: ReadContext, reader: str, fingerprint: str, encoding: str = "utf-8"
) -> Reading:
    """The shared finishing step (layers, language, resolve) for a markup reader's result."""
    from bookbinder.readers.reading import finish

    if not any(chapter.blocks or chapter.title for chapter in parsed.chapters):
        raise InputError(path, "no story text found")
    return finish(
        path=path,
        ctx=ctx,
        chapters=parsed.chapters,
        reader=reader,
        fingerprint=fingerprint,
        back_matter=parsed.back_matter,
        front_matter=parsed.front_matter,
        source_contents=parsed.source_contents,
        layers=_own_file(parsed.layers, path),
        encoding=encoding,
        mode=f"markup ({parsed.shape})" if parsed.shape else "markup",
        warnings=parsed.warnings,
        consumed=parsed.consumed,
    )


def _own_file(layers: tuple[Layer, ...], path: Path) -> tuple[Layer, ...]:
    """Layers found inside the file name it (inspect shows where a value came from)."""
    return tuple(layer if layer.file else Layer(layer.source, layer.values, path) for layer in layers)
