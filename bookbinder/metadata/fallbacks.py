"""What a book is called when nobody named it, and the advice that tells the user so.

An untitled work is known by its opening words, the convention for untitled poems and letters:
"It was the best of times…" says more on a shelf than "Untitled 000". A file name that is only
machine labels (sort numbers, content hashes) gives no title at all, so the opening line wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from bookbinder.metadata import Layer
from bookbinder.model import Chapter, Metadata, Paragraph, Source

MAX_TITLE_WORDS = 8
# The first sentence ends at . ! ? (or their closing quote) followed by a space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s")
_FALLBACK_SOURCES = frozenset({Source.FILENAME, Source.OPENING_LINE, Source.DEFAULT})


def opening_line(chapters: Iterable[Chapter]) -> str | None:
    """The opening words of the story: its first sentence, cut to a few words with an ellipsis."""
    for chapter in chapters:
        for block in chapter.blocks:
            if isinstance(block, Paragraph) and block.text.strip():
                first = block.text.strip().split("\n", 1)[0]
                end = _SENTENCE_END.search(first)
                sentence = first[: end.start()].strip() if end else first
                words = sentence.split()
                if len(words) > MAX_TITLE_WORDS:
                    return " ".join(words[:MAX_TITLE_WORDS]).rstrip(",;:—–-") + "…"
                # A title drops its sentence's full stop, but not an ellipsis.
                return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    return None


def opening_line_layer(chapters: Iterable[Chapter]) -> list[Layer]:
    """A title layer from the opening line (below the file name's), or none for an empty book."""
    line = opening_line(chapters)
    return [Layer(Source.OPENING_LINE, {"title": line})] if line else []


def missing_metadata_warning(metadata: Metadata, source: Path) -> str | None:
    """One line saying which of title and author the book lacks and where to set them."""
    title_from = metadata.source("title")
    lacks: list[str] = []
    if title_from in _FALLBACK_SOURCES:
        where = {Source.FILENAME: "its file name", Source.OPENING_LINE: "its opening line"}.get(
            title_from, "a placeholder"
        )
        lacks.append(f"no title (using “{metadata.title}” from {where})")
    if not metadata.authors:
        lacks.append("no author")
    if not lacks:
        return None
    sidecar = source.with_suffix(".toml")
    return (
        f"{source}: {' and '.join(lacks)}: set them in {sidecar} "
        f"(`bookbinder meta {source}` writes one to edit)"
    )
