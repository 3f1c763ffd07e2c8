"""EPUB content documents -> Parsed: AO3's and FanFicFare's downloads, and any EPUB 2 or 3.

Documents are read in spine order. An AO3 EPUB (calibre's conversion of AO3's HTML download)
is joined back into one document and read by the AO3 template reader. Otherwise each document
is a chapter titled by the book's own nav/NCX entry (or its heading); a document that holds
several headings is split by them; one with no title of its own continues the chapter before
(calibre splits long chapters); cover, contents and title pages carry no story and become
metadata (FanFicFare's ``<b>Label:</b> value`` title page) or evidence.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from pathlib import Path

from lxml import etree, html

from bookbinder.errors import InputError
from bookbinder.metadata import Layer, canonical_key
from bookbinder.model import Block, Chapter, Paragraph, SceneBreak, Source, Span, Style
from bookbinder.readers.epub.archive import SafeZip
from bookbinder.readers.epub.package import Package, read_package
from bookbinder.readers.html.ao3 import is_ao3, read_ao3
from bookbinder.readers.html.convert import Converter, Heading, Item, body_of, element_text, find_all
from bookbinder.readers.html.fanficfare import title_entries
from bookbinder.readers.html.parse import decode_markup, parse_html
from bookbinder.readers.html.parsed import Parsed
from bookbinder.readers.html.structure import outline
from bookbinder.words import count

_TITLE_PAGE_WORDS = 80  # a title page names the book and its author; a chapter says more
_FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")


def parse_epub(data: bytes, path: Path, *, smart: bool) -> tuple[Parsed, str]:
    """(what the EPUB holds, a fingerprint of its text)."""
    archive = SafeZip(data, path, "EPUB")
    _refuse_drm(archive, path)
    package = read_package(archive, path)
    documents = [(name, _document(archive, name, path)) for name in package.spine]
    fingerprint = "\n".join(element_text(body_of(root)) for _, root in documents)
    if any(find_all(root, "//*[@id='preface']//dl") for _, root in documents):
        joined = _joined(documents)
        if is_ao3(joined):
            parsed = read_ao3(joined, smart=smart)
            return _replace_layers(parsed, (*parsed.layers, package.layer)), fingerprint
    return _by_documents(documents, package, smart), fingerprint


def _refuse_drm(archive: SafeZip, path: Path) -> None:
    if not archive.has("META-INF/encryption.xml"):
        return
    text = archive.read("META-INF/encryption.xml").decode("utf-8", "replace")
    if not all(kind in _FONT_OBFUSCATION for kind in _algorithms(text)):
        raise InputError(path, "EPUB is encrypted (DRM); only DRM-free EPUBs can be read")


def _algorithms(text: str) -> list[str]:
    """The encryption methods named (key-transport entries included): anything but font
    obfuscation means the text itself is encrypted."""
    return re.findall(r'<(?:\w+:)?EncryptionMethod[^>]*Algorithm="([^"]+)"', text)


def _document(archive: SafeZip, name: str, path: Path) -> etree._Element:
    text, _ = decode_markup(archive.read(name))
    try:
        return parse_html(text, path)
    except InputError:
        empty: etree._Element = html.fromstring("<html><body></body></html>")
        return empty  # an unreadable document: nothing to lose


def _joined(documents: list[tuple[str, etree._Element]]) -> etree._Element:
    """All documents' bodies in one tree, for templates that calibre split across files."""
    root = html.fromstring("<html><body></body></html>")
    body = root.find("body")
    assert body is not None
    for _, document in documents:
        wrapper = etree.SubElement(body, "div")
        source = body_of(document)
        wrapper.text = source.text
        for child in source:
            wrapper.append(copy.deepcopy(child))
    return root


def _by_documents(documents: list[tuple[str, etree._Element]], package: Package, smart: bool) -> Parsed:
    titles: dict[str, str] = {}
    for entry in package.toc:
        titles.setdefault(entry.path, entry.title)
    book_title = str(package.layer.values.get("title") or "")
    layers: list[Layer] = [package.layer]
    consumed: list[str] = []
    chapters: list[Chapter] = []
    for name, root in documents:
        body = body_of(root)
        if name == package.nav_path:
            continue  # the book's own contents: kept as evidence (source_contents)
        entries = title_entries(body)
        known = [key for key in entries if canonical_key(key)]
        text = element_text(body)
        if len(known) >= 3 and count(text) < 2000:  # FanFicFare's title page
            layers.append(Layer(Source.FRONT_MATTER, entries))
            consumed.append(text)
            continue
        if name in package.skipped or _title_page(text, book_title):
            if text:
                consumed.append(text)
            continue
        items = Converter(smart=smart).convert(body)
        chapters.extend(_chapters(items, titles.get(name), chapters))
    if not chapters:
        chapters.append(Chapter(None, ()))
    contents = tuple(entry.title for entry in package.toc)
    return Parsed(
        tuple(chapters),
        layers=tuple(layers),
        source_contents=contents,
        consumed=tuple(consumed),
        shape="epub",
    )


def _title_page(text: str, title: str) -> bool:
    """A short page that names the book: its title page (the title is metadata already)."""
    return (
        bool(title)
        and count(text) <= _TITLE_PAGE_WORDS
        and title.lower() in text.lower()
        and count(text) <= count(title) + 20
    )


def _chapters(items: list[Item], toc_title: str | None, before: list[Chapter]) -> list[Chapter]:
    """One document's chapters (see the module docstring)."""
    headings = [item for item in items if isinstance(item, Heading)]
    if len(headings) > 1 and not _only_titles(items):
        found = list(outline(items, title_from_h1=False).chapters)
        if found and found[0].title is None and toc_title:
            found[0] = Chapter(toc_title, found[0].blocks)
        return _continue(found, before)
    # The document's own leading heading is its title (its words are the source's); the
    # contents entry names a document that has none.
    title = toc_title
    blocks: list[Block] = []
    for index, item in enumerate(items):
        if isinstance(item, Heading):
            if not _text_before(items, index) and (index == 0 or title == toc_title):
                if title is not None and title != toc_title:
                    blocks.append(_bold(item))  # a second leading heading: a subtitle, kept
                else:
                    title = item.text
                continue
            blocks.append(_bold(item))
        elif isinstance(item, Paragraph | SceneBreak):
            blocks.append(item)
    blocks = _trim(blocks)
    if not blocks and title is None:
        return []
    if title is None and before:  # no title of its own: the rest of the chapter before
        last = before.pop()
        return [Chapter(last.title, (*last.blocks, *blocks), last.part, volume=last.volume)]
    return [Chapter(title, tuple(blocks))]


def _only_titles(items: list[Item]) -> bool:
    return not any(isinstance(item, Paragraph) for item in items)


def _continue(found: list[Chapter], before: list[Chapter]) -> list[Chapter]:
    if found and found[0].title is None and before:
        last = before.pop()
        found[0] = Chapter(last.title, (*last.blocks, *found[0].blocks), last.part, volume=last.volume)
    return found


def _text_before(items: list[Item], index: int) -> bool:
    return any(isinstance(item, Paragraph) for item in items[:index])


def _bold(item: Heading) -> Paragraph:
    """A heading inside a chapter: kept as a bold paragraph."""
    return Paragraph((Span(item.text, Style.STRONG),))


def _trim(blocks: list[Block]) -> list[Block]:
    while blocks and isinstance(blocks[0], SceneBreak):
        blocks = blocks[1:]
    while blocks and isinstance(blocks[-1], SceneBreak):
        blocks = blocks[:-1]
    return blocks


def _replace_layers(parsed: Parsed, layers: tuple[Layer, ...]) -> Parsed:
    return replace(parsed, layers=layers)
