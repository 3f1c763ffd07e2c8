"""What a reader returns, and the one finishing step every reader goes through.

A reader finds chapters, sections and the metadata written inside its file; ``finish`` does the
rest the same way for every format: metadata layers in precedence order (command line, sidecar
and catalogue first, then the file's own, detected language, the file name), language detection
on a sample of the story, ``resolve``, and the Manuscript. A new reader calls ``finish`` and so
cannot forget a layer or detect the language differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bookbinder.metadata import Layer, filename_layer, resolve
from bookbinder.metadata.fallbacks import opening_line_layer
from bookbinder.metadata.language import detect_language
from bookbinder.model import Block, Chapter, Manuscript, SceneBreak, Section, Source
from bookbinder.words import chapter_text

if TYPE_CHECKING:
    from bookbinder.readers import ReadContext

_LANGUAGE_SAMPLE = 200_000  # characters of story text given to language detection


@dataclass(frozen=True, slots=True)
class Reading:
    """A manuscript plus the reading facts writers do not need."""

    manuscript: Manuscript
    encoding: str
    mode: str  # how paragraphs were found: "blank-separated", "hard-wrapped", "markup", ...
    warnings: tuple[str, ...] = ()
    layers: tuple[Layer, ...] = ()  # metadata found inside the file (front matter, title block)
    consumed: tuple[str, ...] = ()  # source text that became metadata, not chapters
    reader: str = "text"  # the name of the reader that read it


def finish(
    *,
    path: Path,
    ctx: ReadContext,
    chapters: Sequence[Chapter],
    reader: str,
    fingerprint: str,
    back_matter: Sequence[Section] = (),
    front_matter: Sequence[Section] = (),
    source_contents: Sequence[str] = (),
    layers: Sequence[Layer] = (),
    encoding: str = "utf-8",
    mode: str = "",
    warnings: Sequence[str] = (),
    consumed: Sequence[str] = (),
) -> Reading:
    """Resolve metadata and assemble the Manuscript; ``layers`` are the file's own, highest first.

    ``fingerprint`` (the decoded text, or a digest of the file) makes the stable identifier.
    """
    from bookbinder.readers.text.inline import smart_text  # the body's typography, for titles too

    detected = detect_language(_story_sample(chapters))
    language = [Layer(Source.DETECTED, {"language": detected})] if detected else []
    metadata = resolve(
        [*ctx.outer_layers, *layers, *language, filename_layer(path), *opening_line_layer(chapters)],
        fingerprint=fingerprint,
        typography=smart_text if ctx.smart else None,  # titles get the body's curly quotes
    )
    manuscript = Manuscript(
        metadata,
        tuple(chapters),
        tuple(back_matter),
        tuple(front_matter),
        tuple(source_contents),
    )
    return Reading(
        manuscript, encoding, mode, tuple(warnings), tuple(layers), tuple(consumed), reader
    )


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


def trim_scene_breaks(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """No scene break at the very start or end of a chapter (every reader's rule)."""
    start, end = 0, len(blocks)
    while start < end and isinstance(blocks[start], SceneBreak):
        start += 1
    while end > start and isinstance(blocks[end - 1], SceneBreak):
        end -= 1
    return tuple(blocks[start:end])
