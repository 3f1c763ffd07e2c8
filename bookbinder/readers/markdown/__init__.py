"""Markdown reader: CommonMark by markdown-it-py (the reference-conformant Python parser), YAML
front matter and footnotes by mdit-py-plugins; the HTML it renders goes through the shared
conversion, so ``#``/``##``/``###`` headings make chapters and parts as in any HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from bookbinder.readers.text import MARKDOWN_SUFFIXES, TextReader

if TYPE_CHECKING:
    from bookbinder.readers import ReadContext
    from bookbinder.readers.reading import Reading


class MarkdownReader:
    """``.md``/``.markdown`` files.

    While the text reader still claims the Markdown suffixes (it read Markdown as text before
    this reader existed), this reader claims none of them, so the registry sees no clash; it
    takes them over as soon as the text reader lets them go.
    """

    name: ClassVar[str] = "markdown"
    suffixes: ClassVar[frozenset[str]] = MARKDOWN_SUFFIXES - TextReader.suffixes

    def read(self, data: bytes, path: Path, ctx: ReadContext) -> Reading:
        """Decode, front matter, CommonMark -> HTML -> the shared conversion, then finish."""
        from bookbinder.readers.html.parsed import finish_parsed
        from bookbinder.readers.markdown.render import parse_markdown

        parsed, text, encoding = parse_markdown(data, path, smart=ctx.smart)
        return finish_parsed(
            parsed, path=path, ctx=ctx, reader=self.name, fingerprint=text, encoding=encoding
        )
