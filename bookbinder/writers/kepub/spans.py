"""Kobo's span and div wrapping of one XHTML document (kepubify's algorithm, simplified).

Each block of text (a paragraph, heading, list item, table cell...) is a Kobo "paragraph" P;
its text is cut into sentences and every piece becomes ``<span class="koboSpan"
id="kobo.P.S">``. A sentence that runs through an ``<em>`` is cut there too (a span cannot cross
an element), as kepubify does. The body's content moves into ``div#book-columns >
div#book-inner``, which Kobo's renderer lays out its columns on.
"""

from __future__ import annotations

import re

from lxml import etree

XHTML_NS = "http://www.w3.org/1999/xhtml"
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "figcaption", "pre")
_BLOCKS = frozenset(f"{{{XHTML_NS}}}{tag}" for tag in _BLOCK_TAGS)
_SKIP = frozenset(f"{{{XHTML_NS}}}{tag}" for tag in ("script", "style", "svg", "math"))
# A sentence ends at . ! ? or … (and any closing quotes or brackets); the space after it stays
# with it, so the spans' text concatenates back to the original exactly.
_SENTENCE = re.compile(r"\S.*?(?:[.!?\u2026]+[\"'\u201d\u2019)\]]*(?:\s+|$)|$)|\s+", re.S)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence end; ``"".join(sentences(t)) == t``."""
    return [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0)]


class _Counter:
    def __init__(self) -> None:
        self.paragraph = 0
        self.segment = 0

    def span(self, text: str) -> etree._Element:
        self.segment += 1
        span = etree.Element(f"{{{XHTML_NS}}}span", {"class": "koboSpan",
                                                      "id": f"kobo.{self.paragraph}.{self.segment}"})
        span.text = text
        return span


def _pieces(text: str | None, counter: _Counter) -> list[etree._Element]:
    if not text:
        return []
    if not text.strip():  # whitespace between elements is layout, not a sentence
        return []
    return [counter.span(piece) for piece in sentences(text)]


def _wrap_inline(element: etree._Element, counter: _Counter) -> None:
    """Wrap the text of ``element`` and its inline descendants in the current paragraph."""
    if element.tag in _SKIP or not isinstance(element.tag, str):
        return
    children = list(element)
    spans = _pieces(element.text, counter)
    if spans:
        element.text = None
        for index, span in enumerate(spans):
            element.insert(index, span)
    for child in children:
        if child.tag in _BLOCKS:
            _new_paragraph(child, counter)
        else:
            _wrap_inline(child, counter)
        tail = _pieces(child.tail, counter)
        if tail:
            child.tail = None
            position = element.index(child)
            for offset, span in enumerate(tail, start=1):
                element.insert(position + offset, span)


def _new_paragraph(element: etree._Element, counter: _Counter) -> None:
    counter.paragraph += 1
    counter.segment = 0
    _wrap_inline(element, counter)


def _walk(element: etree._Element, counter: _Counter) -> None:
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _SKIP:
            continue
        if child.tag in _BLOCKS:
            _new_paragraph(child, counter)
        else:
            _walk(child, counter)


def kobo_document(content: bytes) -> bytes:
    """``content`` (a complete XHTML document) with Kobo's spans and book columns."""
    tree = etree.ElementTree(etree.fromstring(content, _PARSER))
    body = tree.getroot().find(f"{{{XHTML_NS}}}body")
    if body is None:
        return content
    _walk(body, _Counter())
    columns = etree.Element(f"{{{XHTML_NS}}}div", {"id": "book-columns"})
    inner = etree.SubElement(columns, f"{{{XHTML_NS}}}div", {"id": "book-inner"})
    inner.text = body.text
    body.text = "\n"
    for child in list(body):
        inner.append(child)
    columns.tail = "\n"
    body.append(columns)
    out: bytes = etree.tostring(tree, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")
    return out
