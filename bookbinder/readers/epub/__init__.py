"""EPUB reader: AO3's and FanFicFare's EPUBs and any EPUB 2 or 3 ("re-bind" a downloaded book).

``archive.py`` reads the zip in memory with bounds (no path escapes, no bombs, a size limit);
``package.py`` reads the OPF (Dublin Core, calibre and EPUB 3 series), spine and nav or NCX;
``book.py`` turns the content documents into chapters with the shared HTML conversion.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from bookbinder.errors import InputError

if TYPE_CHECKING:
    from bookbinder.readers import ReadContext
    from bookbinder.readers.reading import Reading

MAX_EPUB_BYTES = 100 * 1024 * 1024  # a downloaded story is a few MB; a 100 MB EPUB is not a manuscript


class EpubReader:
    """``.epub`` files."""

    name: ClassVar[str] = "epub"
    suffixes: ClassVar[frozenset[str]] = frozenset({".epub"})

    def read(self, data: bytes, path: Path, ctx: ReadContext) -> Reading:
        """Unzip in memory, read the package, the documents in spine order, then the shared finish."""
        from bookbinder.readers.epub.book import parse_epub
        from bookbinder.readers.html.parsed import finish_parsed

        if len(data) > MAX_EPUB_BYTES:
            raise InputError(path, f"EPUB too large ({len(data):,} bytes; the limit is {MAX_EPUB_BYTES:,})")
        parsed, fingerprint = parse_epub(data, path, smart=ctx.smart)
        return finish_parsed(parsed, path=path, ctx=ctx, reader=self.name, fingerprint=fingerprint)
