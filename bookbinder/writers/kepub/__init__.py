"""The KEPUB writer: the EPUB, plus the markup Kobo's reader uses for reading time and highlights.

Kobo's own ``.kepub.epub`` format is an EPUB whose text is cut into ``koboSpan`` spans, one per
sentence (``id="kobo.P.S"``: paragraph P, segment S), inside ``<div id="book-columns"><div
id="book-inner">``, as the Kobo EPUB specification and Standard Ebooks' ``--kobo`` build
(kepubify's algorithm) do it. With them a Kobo counts reading time per chapter, highlights and
annotates reliably, and turns pages faster. This module reuses the EPUB writer's whole assembly
and adds one transform step over the finished content documents.
"""

from __future__ import annotations

from typing import ClassVar

from bookbinder.writers.epub import XHTML, Assembly, EpubWriter
from bookbinder.writers.kepub.spans import kobo_document


class KepubWriter(EpubWriter):
    """Writes ``<stem>.kepub.epub``: the EPUB with Kobo's sentence spans and book columns."""

    name: ClassVar[str] = "kepub"
    extension: ClassVar[str] = ".kepub.epub"

    def transform(self, doc: Assembly) -> None:
        """Kobo's spans in every story and matter document (not the cover or the contents)."""
        for item in doc.documents:
            if item.media_type == XHTML and "nav" not in item.properties and item.id != "cover":
                item.content = kobo_document(item.content)
