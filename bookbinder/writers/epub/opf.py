"""OPF package metadata for an ebooklib book, from the manuscript's Metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ebooklib import epub

from bookbinder.model import Metadata
from bookbinder.writers.epub.pages import series_number
from bookbinder.writers.xhtml import clean, language_tag

_W3C_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


@dataclass(frozen=True, slots=True)
class Accessibility:
    """What the built book really offers a reader who cannot see it, or reads it another way.

    Derived from the book, never claimed wholesale: a text-only book is ``textual`` (the W3C
    metadata guide: a cover alone does not make a book visual, nor call for alternativeText);
    page navigation only when there is a page list. ``conforms`` is set by the writer when its
    own checks hold (a valid language tag; Ace and epubcheck verify the rest in CI).
    """

    has_page_list: bool = False
    has_parts: bool = False
    page_source: str = ""
    conforms: bool = True

    def features(self) -> tuple[str, ...]:
        """schema:accessibilityFeature values."""
        found = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
        if self.has_page_list:
            found += ["pageBreakMarkers", "pageNavigation"]
        return tuple(found)

    def summary(self) -> str:
        """schema:accessibilitySummary: the same facts in words, for a store's product page."""
        divisions = "parts and chapters" if self.has_parts else "chapters"
        text = (f"Reflowable text that a reader can restyle, read aloud or in braille: every word is "
                f"text, the cover has a description, {divisions} have headings and a linked table "
                f"of contents, and the reading order is the print order.")
        if self.has_page_list:
            text += " Page numbers match the PDF edition, with a page list for navigation."
        text += " No flashing, sound or motion hazards."
        if self.conforms:
            text += f" Meets {CONFORMANCE}."
        return text


def apply_accessibility(book: epub.EpubBook, a11y: Accessibility) -> None:
    """schema.org accessibility metadata, the conformance claim, and the page-break source."""
    _meta(book, "schema:accessMode", "textual")
    _meta(book, "schema:accessModeSufficient", "textual")
    for feature in a11y.features():
        _meta(book, "schema:accessibilityFeature", feature)
    _meta(book, "schema:accessibilityHazard", "none")
    _meta(book, "schema:accessibilitySummary", a11y.summary())
    if a11y.conforms:
        _meta(book, "dcterms:conformsTo", CONFORMANCE)
        _meta(book, "a11y:certifiedBy", "bookbinder")
    if a11y.has_page_list:
        _meta(book, "pageBreakSource", a11y.page_source or "none")


def file_as(name: str) -> str:
    """How a name sorts: "Leo Tolstoy" -> "Tolstoy, Leo"; one-word pen names stay as they are."""
    name = " ".join(name.split())
    if "," in name or " " not in name:
        return name
    first, _, last = name.rpartition(" ")
    return f"{last}, {first}"


def _meta(book: epub.EpubBook, prop: str, value: str, **extra: str) -> None:
    book.add_metadata(None, "meta", clean(value), {"property": prop, **extra})


def _dc(book: epub.EpubBook, name: str, value: str | None, **attrs: str) -> None:
    if value and clean(value).strip():
        book.add_metadata("DC", name, clean(value).strip(), attrs or None)


def apply_metadata(book: epub.EpubBook, meta: Metadata, identifier: str) -> None:
    """Fill ``book`` with title, creators, language, identifier, series, rights, accessibility."""
    book.set_identifier(clean(identifier))
    title = clean(meta.title).strip() or "Untitled"
    book.title = title
    book.add_metadata("DC", "title", title, {"id": "title"})
    _meta(book, "title-type", "main", refines="#title")
    if meta.subtitle and clean(meta.subtitle).strip():
        book.add_metadata("DC", "title", clean(meta.subtitle).strip(), {"id": "subtitle"})
        _meta(book, "title-type", "subtitle", refines="#subtitle")
    book.set_language(language_tag(meta.language))
    authors = [a for a in (clean(a).strip() for a in meta.authors) if a]
    for number, author in enumerate(authors, start=1):
        uid = f"creator{number:02d}"
        book.add_metadata("DC", "creator", author, {"id": uid})
        _meta(book, "role", "aut", refines=f"#{uid}", scheme="marc:relators")
        _meta(book, "file-as", file_as(author), refines=f"#{uid}")
        if len(authors) > 1:
            _meta(book, "display-seq", str(number), refines=f"#{uid}")
    if meta.date and _W3C_DATE.match(meta.date.strip()):
        _dc(book, "date", meta.date.strip())
    _dc(book, "description", meta.description)
    for subject in dict.fromkeys((*meta.fandoms, *meta.subjects)):
        _dc(book, "subject", subject)
    _dc(book, "publisher", meta.publisher)
    _dc(book, "rights", meta.rights)
    _dc(book, "source", meta.source_url)
    if meta.series and clean(meta.series).strip():
        series = clean(meta.series).strip()
        _meta(book, "belongs-to-collection", series, id="series")
        _meta(book, "collection-type", "series", refines="#series")
        # calibre (and the Kobo/Kindle tools built on it) read only its own EPUB 2 style meta.
        book.add_metadata(None, "meta", "", {"name": "calibre:series", "content": series})
        if meta.series_index is not None:
            index = series_number(meta.series_index)
            _meta(book, "group-position", index, refines="#series")
            book.add_metadata(None, "meta", "", {"name": "calibre:series_index", "content": index})
