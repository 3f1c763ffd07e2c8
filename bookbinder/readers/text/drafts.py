"""The reader's working types: drafts that passes turn into model blocks, and the pass context."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bookbinder.metadata import Layer
from bookbinder.model import AuthorNote, Paragraph, SceneBreak
from bookbinder.readers.text.blocks import Layout, Raw
from bookbinder.readers.text.headings import Kind
from bookbinder.readers.text.patterns import Patterns
from bookbinder.readers.text.sequences import Sequence


@dataclass(frozen=True, slots=True)
class Heading:
    """A division of the text: its full heading text and what it divides."""

    title: str
    kind: Kind
    line: int = 0
    level: int = 0  # Markdown '#' count; 0 for worded headings


@dataclass(frozen=True, slots=True)
class Aside:
    """Text kept out of the chapters (a contents list, an edition's front matter): back matter."""

    title: str
    raws: tuple[Raw, ...]
    line: int = 0


Draft = Raw | Heading | Aside | Paragraph | SceneBreak | AuthorNote

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(slots=True)
class Context:
    """What passes share: the file, its layout, and what they found besides the chapters."""

    path: Path
    layout: Layout
    text: str = ""  # the body text (for the de-hyphenation vocabulary)
    smart: bool = True
    gutenberg: bool = False
    fanficfare: bool = False
    layers: list[Layer] = field(default_factory=list)  # metadata found in the file
    consumed: list[str] = field(default_factory=list)  # source text that became metadata
    warnings: list[str] = field(default_factory=list)
    sequences: list[Sequence] = field(default_factory=list)  # heading shapes found (inspect --why)
    evidence: list[str] = field(default_factory=list)  # why each heading is one (inspect --why)
    rejected: list[str] = field(default_factory=list)  # candidate lines turned down, and why
    patterns: Patterns = field(default_factory=Patterns)  # the user's heading patterns
    _vocabulary: set[str] | None = None

    def warn(self, line: int, message: str) -> None:
        """Record a warning as data: ``path:line: message``."""
        self.warnings.append(f"{self.path}:{line}: {message}")

    def vocabulary(self) -> set[str]:
        """Lower-cased words of the file, including hyphenated compounds (built on first use)."""
        if self._vocabulary is None:
            self._vocabulary = set(_WORD.findall(self.text.lower()))
        return self._vocabulary
