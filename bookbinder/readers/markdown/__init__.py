"""Markdown reader: CommonMark by markdown-it-py (the reference-conformant Python parser), YAML
front matter and footnotes by mdit-py-plugins; the HTML it renders goes through the shared
conversion, so ``#``/``##``/``###`` headings make chapters and parts as in any HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from bookbinder.readers import ReadContext
    from bookbinder.readers.reading import Reading


class MarkdownReader:
    """``.md``/``.markdown`` files, parsed as CommonMark."""

    name: ClassVar[str] = "markdown"
    suffixes: ClassVar[frozenset[str]] = frozenset({".md", ".markdown", ".mdown", ".mkd"})

    def read(self, data: bytes, path: Path, ctx: ReadContext) -> Reading:
        """Decode, front matter, CommonMark -> HTML -> the shared conversion, then finish."""
        from bookbinder.readers.html.parsed import finish_parsed
        from bookbinder.readers.markdown.render import parse_markdown

        parsed, text, encoding = parse_markdown(data, path, smart=ctx.smart)
        return finish_parsed(
            parsed, path=path, ctx=ctx, reader=self.name, fingerprint=text, encoding=encoding
        )
