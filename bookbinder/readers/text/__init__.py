"""Plain text in, Manuscript out: decode -> blocks -> passes -> assemble.

``TextReader.read`` is the whole reader: it unwraps known wrappers (Project Gutenberg, YAML front
matter), cuts the text into Raw chunks, lets the named passes in ``passes.PASSES`` claim them,
assembles chapters, and hands them to ``reading.finish`` (metadata, language, Manuscript).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from bookbinder.options import Option
from bookbinder.readers import ReadContext
from bookbinder.readers.text.patterns import PATTERN_OPTIONS

if TYPE_CHECKING:
    from bookbinder.metadata import Layer
    from bookbinder.readers.reading import Reading

__all__ = ["TEXT_SUFFIXES", "Reading", "TextReader", "read_bytes", "read_text"]

TEXT_SUFFIXES = frozenset({".txt", ".text"})


class TextReader:
    """Plain text: the reader behind ``.txt`` files (Markdown has its own reader).

    The class is all the registry imports to learn the suffixes; the work is in ``reader``.
    """

    name: ClassVar[str] = "text"
    suffixes: ClassVar[frozenset[str]] = TEXT_SUFFIXES
    options: ClassVar[tuple[Option, ...]] = PATTERN_OPTIONS

    def read(self, data: bytes, path: Path, ctx: ReadContext) -> Reading:
        """Decode, unwrap, cut into chunks, run the passes, assemble, then the shared finish."""
        from bookbinder.readers.text import reader

        return reader.read(data, path, ctx, self.name)


def explain(data: bytes, path: Path, ctx: ReadContext) -> tuple[list[str], list[str]]:
    """Why each heading is one, and which candidate lines were turned down and why
    (``inspect --why``)."""
    from bookbinder.readers.text import reader

    return reader.explain(data, path, ctx)


def read_bytes(data: bytes, path: Path, *, outer_layers: Sequence[Layer] = (), smart: bool = True) -> Reading:
    """Read a manuscript's bytes as text; ``outer_layers`` (CLI, sidecar, catalogue) outrank the file."""
    return TextReader().read(data, path, ReadContext(tuple(outer_layers), smart))


def read_text(text: str, path: Path = Path("manuscript.txt"), *, outer_layers: Sequence[Layer] = (),
              smart: bool = True) -> Reading:
    """Read a manuscript given as text (tests, stdin)."""
    data = text.encode("utf-8", "surrogatepass")  # lone surrogates are removed with a warning
    return read_bytes(data, path, outer_layers=outer_layers, smart=smart)


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name != "Reading":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from bookbinder.readers.reading import Reading

        return Reading
