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
from bookbinder.metadata import Layer, RawValue, canonical_key
from bookbinder.model import Block, Chapter, Matter, Paragraph, SceneBreak, Section, Source, Span, Style
from bookbinder.readers.epub.archive import SafeZip
from bookbinder.readers.epub.package import Package, read_package
from bookbinder.readers.html.ao3 import is_ao3, read_ao3
from bookbinder.readers.html.convert import (
    Converter,
    Heading,
    Item,
    body_of,
    element_text,
    find_all,
    local_name,
    paragraphs_of,
)
from bookbinder.readers.html.fanficfare import title_entries
from bookbinder.readers.html.parse import decode_markup, parse_html
from bookbinder.readers.html.parsed import Parsed
from bookbinder.readers.html.structure import outline
from bookbinder.words import count, words

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
    front: list[Section] = []
    back: list[Section] = []
    names = [name for name, _ in documents]
    start = names.index(package.body_start) if package.body_start in names else None
    for position, (name, root) in enumerate(documents):
        body = body_of(root)
        if name == package.nav_path:
            continue  # the book's own contents: kept as evidence (source_contents)
        about = _dl_layer(body)
        if about is not None:  # an About page's list of tags (ours, and many generators')
            layers.append(about)
            consumed.append(element_text(body))
            continue
        kind = _matter_kind(body)
        if (start is not None and position < start) or (kind in _FRONT and not chapters):
            section = _section(body, titles.get(name), kind or Matter.OTHER, smart)
            if section is not None:
                front.append(section)
            continue
        if kind in _BACK and chapters:
            section = _section(body, titles.get(name), kind or Matter.OTHER, smart)
            if section is not None:
                back.append(section)
            continue
        entries = title_entries(body)
        known = [key for key in entries if canonical_key(key)]
        text = element_text(body)
        if len(known) >= 3 and count(text) < 2000:  # FanFicFare's title page
            layers.append(Layer(Source.FRONT_MATTER, entries))
            consumed.append(text)
            continue
        if name in package.skipped or _title_page(text, book_title) or _contents_page(body, text):
            if text:
                consumed.append(text)
            continue
        items = Converter(smart=smart).convert(body)
        chapters.extend(_chapters(items, titles.get(name), chapters))
    chapters = _parts(chapters)
    if not chapters:
        chapters.append(Chapter(None, ()))
    contents = tuple(entry.title for entry in package.toc)
    return Parsed(
        tuple(chapters),
        front_matter=tuple(front),
        back_matter=tuple(back),
        layers=tuple(layers),
        source_contents=contents,
        consumed=tuple(consumed),
        shape="epub",
    )


_MATTER = {
    "foreword": Matter.FOREWORD,
    "preface": Matter.PREFACE,
    "dedication": Matter.DEDICATION,
    "epigraph": Matter.EPIGRAPH,
    "introduction": Matter.INTRODUCTION,
    "acknowledgments": Matter.CREDITS,
    "afterword": Matter.AFTERWORD,
    "appendix": Matter.APPENDIX,
    "endnotes": Matter.NOTES,
    "footnotes": Matter.NOTES,
    "rearnotes": Matter.NOTES,
    "colophon": Matter.CREDITS,
    "copyright-page": Matter.LICENCE,
    "frontmatter": Matter.OTHER,
    "backmatter": Matter.OTHER,
}
_FRONT = frozenset(
    {Matter.FOREWORD, Matter.PREFACE, Matter.DEDICATION, Matter.EPIGRAPH, Matter.INTRODUCTION, Matter.LICENCE}
)
_BACK = frozenset({Matter.AFTERWORD, Matter.APPENDIX, Matter.NOTES, Matter.CREDITS})


def _matter_kind(body: etree._Element) -> Matter | None:
    """What EPUB 3's ``epub:type`` says a document is (on its body or its first section)."""
    holders = [body, *(child for child in body if local_name(child) in ("section", "div", "aside"))][:2]
    for holder in holders:
        for token in (holder.get("epub:type") or "").lower().split():
            if token in _MATTER:
                found = _MATTER[token]
                if found is not Matter.OTHER or holder is holders[-1]:
                    return found
    return None


def _section(body: etree._Element, toc_title: str | None, kind: Matter, smart: bool) -> Section | None:
    """A front- or back-matter document as a Section: its heading (or contents entry) and text."""
    items = Converter(smart=smart).convert(body)
    title = toc_title
    if items and isinstance(items[0], Heading):
        title = items[0].text
        items = items[1:]
    paragraphs = paragraphs_of(items)
    if not paragraphs and not title:
        return None
    return Section(title or kind.value.title(), paragraphs, kind)


def _dl_layer(body: etree._Element) -> Layer | None:
    """A ``dl`` of at least three metadata labels (Rating, Fandom, Tags...) -> a metadata layer."""
    for dl in body.iter("dl"):
        values: dict[str, RawValue] = {}
        label: str | None = None
        for child in dl:
            if local_name(child) == "dt":
                label = element_text(child).rstrip(":").strip()
            elif local_name(child) == "dd" and label:
                values.setdefault(label, element_text(child))
                label = None
        if sum(1 for key in values if canonical_key(key)) >= 3:
            return Layer(Source.FRONT_MATTER, values)
    return None


def _parts(chapters: list[Chapter]) -> list[Chapter]:
    """A document that is only a title, followed by chapters with text, opens a part (a part
    title page); an empty title at the very end stays a chapter so its words are kept."""
    out: list[Chapter] = []
    part: str | None = None
    for index, chapter in enumerate(chapters):
        following = chapters[index + 1] if index + 1 < len(chapters) else None
        if not chapter.blocks and chapter.title and following is not None and following.blocks:
            part = chapter.title
            continue
        out.append(replace(chapter, part=part) if part and chapter.part is None else chapter)
    return out


def _contents_page(body: etree._Element, text: str) -> bool:
    """A page of links into the book (FanFicFare's toc_page, a generator's contents): evidence, the
    nav already gives the contents."""
    links = [a for a in body.iter("a") if a.get("href") and "://" not in (a.get("href") or "")]
    linked = sum(count(element_text(a)) for a in links)
    return len(links) >= 2 and linked >= 0.6 * count(text)


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
    # The document's own leading heading is its title (its words are the source's); the contents
    # entry names a document that has none, and wins when it has the same words (its punctuation
    # survives a heading set as number and name lines: "Chapter 1" / "Oil and Wick").
    title = toc_title
    titled = False
    blocks: list[Block] = []
    for index, item in enumerate(items):
        if isinstance(item, Heading):
            if not titled and not _text_before(items, index):
                titled = True
                same = toc_title is not None and words(item.text) == words(toc_title)
                title = toc_title if same else item.text
                continue
            blocks.append(_bold(item))  # a second heading: a subtitle or the author's own, kept
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
