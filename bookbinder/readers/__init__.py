"""Plain text in, Manuscript out: decode -> blocks -> passes -> assemble.

PLACEHOLDER: a naive reader so writers can be developed; the reader work replaces the body of
``read_bytes`` (keeping its signature and the ``Reading`` type).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..metadata import Layer, filename_layer, resolve
from ..model import Chapter, Manuscript, Paragraph, Span


@dataclass(frozen=True, slots=True)
class Reading:
    """A manuscript plus the reading facts writers do not need."""

    manuscript: Manuscript
    encoding: str
    mode: str  # paragraph mode: "blank-separated", "line-per-paragraph", "hard-wrapped", "indented"
    warnings: tuple[str, ...] = ()
    layers: tuple[Layer, ...] = ()  # metadata found inside the file (front matter, title block)
    consumed: tuple[str, ...] = ()  # source text that became metadata, not chapters


def read_bytes(
    data: bytes, path: Path, *, outer_layers: Sequence[Layer] = (), smart: bool = True
) -> Reading:
    """Read a manuscript's bytes; ``outer_layers`` (CLI, sidecar, catalogue) outrank the file."""
    text = data.decode("utf-8", errors="replace")
    if not text.strip():
        raise InputError(path, "empty manuscript")
    paras = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    chapter = Chapter(None, tuple(Paragraph((Span(" ".join(p.split())),)) for p in paras))
    metadata = resolve([*outer_layers, filename_layer(path)], text)
    return Reading(Manuscript(metadata, (chapter,)), "utf-8", "blank-separated")


def read_text(text: str, path: Path = Path("manuscript.txt"), **kwargs: object) -> Reading:
    """Read a manuscript given as text (tests, stdin)."""
    return read_bytes(text.encode("utf-8"), path, **kwargs)  # type: ignore[arg-type]
