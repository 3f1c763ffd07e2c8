"""HTML reader: AO3's download template, FanFicFare's HTML, and any HTML with h1-h3 headings.

lxml parses (``parse.py``: no network, no DTD, no entities); ``convert.py`` turns elements into
model blocks for every markup reader; ``ao3.py`` and ``fanficfare.py`` know the two templates
fan fiction downloads come in; ``structure.py`` makes chapters from headings otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from bookbinder.readers import ReadContext
    from bookbinder.readers.reading import Reading


class HtmlReader:
    """``.html``/``.htm``/``.xhtml`` files: one document, one book."""

    name: ClassVar[str] = "html"
    suffixes: ClassVar[frozenset[str]] = frozenset({".html", ".htm", ".xhtml"})

    def read(self, data: bytes, path: Path, ctx: ReadContext) -> Reading:
        """Decode, parse safely, recognise the template, then the shared finish."""
        from bookbinder.readers.html.document import parse_document
        from bookbinder.readers.html.parse import decode_markup, parse_html
        from bookbinder.readers.html.parsed import finish_parsed

        text, encoding = decode_markup(data)
        root = parse_html(text, path)
        parsed = parse_document(root, smart=ctx.smart)
        return finish_parsed(
            parsed, path=path, ctx=ctx, reader=self.name, fingerprint=text, encoding=encoding
        )
