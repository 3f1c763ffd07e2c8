"""Word reader (``.docx``) by mammoth.

Why mammoth rather than python-docx: mammoth turns a document into clean semantic HTML by style
(Heading 1-6, Title, emphasis, lists, tables, footnotes and endnotes with their references), so
the shared HTML conversion reads Word exactly as it reads HTML, and nothing in text boxes,
tables or notes is skipped; python-docx exposes paragraphs and runs but no footnotes, and every
structure would be walked by hand. Centred paragraphs (mammoth ignores alignment) are marked by
a document transform, page breaks are mapped to ``hr`` (a scene break; before a heading it falls
away). Core properties (title, creator, keywords, description, language) are the file's metadata.
Safety: the zip is checked first (sizes, ratio, entry names), and a part declaring a DTD or entities
is refused before mammoth's minidom parser sees it (minidom fetches nothing external, but expat
would expand internal entities up to its amplification limit).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from bookbinder.readers import ReadContext
    from bookbinder.readers.reading import Reading


class DocxReader:
    """``.docx`` files (Word 2007 and later, LibreOffice, Google Docs exports)."""

    name: ClassVar[str] = "docx"
    suffixes: ClassVar[frozenset[str]] = frozenset({".docx"})

    def read(self, data: bytes, path: Path, ctx: ReadContext) -> Reading:
        """Check the zip, convert with mammoth, read its HTML like any HTML, then finish."""
        from bookbinder.readers.docx.convert import parse_docx
        from bookbinder.readers.html.parsed import finish_parsed

        parsed, fingerprint = parse_docx(data, path, smart=ctx.smart)
        return finish_parsed(parsed, path=path, ctx=ctx, reader=self.name, fingerprint=fingerprint)
