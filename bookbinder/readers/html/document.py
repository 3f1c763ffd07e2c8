"""One HTML document -> Parsed: AO3's template, FanFicFare's, or any HTML with h1-h3 headings."""

from __future__ import annotations

from lxml import etree

from bookbinder.metadata import Layer, RawValue
from bookbinder.model import Source
from bookbinder.readers.html.ao3 import is_ao3, read_ao3
from bookbinder.readers.html.convert import Converter, body_of, element_text, find_all
from bookbinder.readers.html.fanficfare import heading_values, is_fanficfare, title_entries
from bookbinder.readers.html.parsed import Parsed
from bookbinder.readers.html.structure import outline

# <meta name=...> spellings that carry a book's metadata (Dublin Core in HTML, and plain names).
_META_NAMES = {
    "author": "authors",
    "dc.creator": "authors",
    "dc.title": "title",
    "description": "description",
    "dc.description": "description",
    "keywords": "subjects",
    "dc.subject": "subjects",
    "dc.language": "language",
    "dc.date": "date",
    "dc.publisher": "publisher",
    "dc.rights": "rights",
    "dc.source": "source url",
    "dc.identifier": "identifier",
}


def parse_document(root: etree._Element, *, smart: bool) -> Parsed:
    """The chapters, matter and metadata of a whole HTML document."""
    head = head_layer(root)
    if is_ao3(root):
        parsed = read_ao3(root, smart=smart)
        return _with_layer(parsed, head)
    if is_fanficfare(root):
        return _fanficfare(root, smart, head)
    return read_headings(root, smart=smart, head=head)


def head_layer(root: etree._Element) -> Layer | None:
    """``<title>``, ``<html lang>`` and ``<meta name=...>``: the lowest of the file's own layers."""
    values: dict[str, RawValue] = {}
    for meta in root.iter("meta"):
        key = _META_NAMES.get((meta.get("name") or "").strip().lower())
        content = " ".join((meta.get("content") or "").split())
        if key and content:
            values.setdefault(key, content)
    title = next(iter(root.iter("title")), None)
    if title is not None and element_text(title) and "title" not in values:
        values["title"] = element_text(title)
    language = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if language:
        values["language"] = language
    return Layer(Source.FRONT_MATTER, values) if values else None


def _fanficfare(root: etree._Element, smart: bool, head: Layer | None) -> Parsed:
    values = heading_values(root)
    tables = find_all(root, "//table[contains(concat(' ', @class, ' '), ' full ')]")
    for table in tables:
        values.update({k: v for k, v in title_entries(table).items() if k not in values})
    skip = set(tables)
    heading = next(iter(root.iter("h1")), None)
    if heading is not None and values.get("title"):
        skip.add(heading)
    body = body_of(root)
    items = Converter(smart=smart, skip=lambda element: element in skip).convert(body)
    found = outline(items, title_from_h1=False)
    layers = (Layer(Source.FRONT_MATTER, values), *([head] if head else []))
    consumed = tuple(element_text(element) for element in skip)
    return Parsed(
        found.chapters, layers=layers, source_contents=found.contents, consumed=consumed, shape="fanficfare"
    )


def read_headings(
    root: etree._Element, *, smart: bool, head: Layer | None = None, known_title: str | None = None
) -> Parsed:
    """Any HTML: chapters by h1-h3 headings (Markdown and Word readers end here too)."""
    body = body_of(root)
    items = Converter(smart=smart).convert(body)
    title = head.values.get("title") if head else None
    found = outline(items, known_title=known_title or (title if isinstance(title, str) else None))
    values: dict[str, RawValue] = {"title": found.title} if found.title else {}
    layers = tuple(layer for layer in (Layer(Source.FRONT_MATTER, values) if values else None, head) if layer)
    return Parsed(found.chapters, layers=layers, source_contents=found.contents, shape="headings")


def _with_layer(parsed: Parsed, head: Layer | None) -> Parsed:
    if head is None:
        return parsed
    from dataclasses import replace

    return replace(parsed, layers=(*parsed.layers, head))
