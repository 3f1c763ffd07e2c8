"""DOCX bytes -> Parsed, through mammoth's HTML and the shared conversion."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

from bookbinder.errors import InputError
from bookbinder.metadata import Layer, RawValue
from bookbinder.model import Source
from bookbinder.readers.epub.archive import SafeZip
from bookbinder.readers.html.convert import clean_text, local_name
from bookbinder.readers.html.document import read_headings
from bookbinder.readers.html.notes import take_notes
from bookbinder.readers.html.parse import parse_html, parse_xml
from bookbinder.readers.html.parsed import Parsed

_CENTRED_STYLE = "Bookbinder Centred"
# Word's own styles -> HTML (mammoth maps Heading 1-6 itself); a page break is a break in the text.
_STYLE_MAP = "\n".join(
    [
        "p[style-name='Title'] => p.docx-title:fresh",
        "p[style-name='Subtitle'] => p.subtitle:fresh",
        f"p[style-name='{_CENTRED_STYLE}'] => p.center:fresh",
        "p[style-name='Quote'] => blockquote > p:fresh",
        "p[style-name='Intense Quote'] => blockquote > p:fresh",
        "br[type='page'] => hr",
    ]
)
_CORE_FIELDS = {
    "title": "title",
    "creator": "authors",
    "subject": "subject",
    "keywords": "tags",
    "description": "description",
    "language": "language",
}


def parse_docx(data: bytes, path: Path, *, smart: bool) -> tuple[Parsed, str]:
    """(what the document holds, its text as a fingerprint)."""
    import mammoth

    archive = SafeZip(data, path, "Word document")  # bounds and bombs checked before mammoth reads
    if not archive.has("word/document.xml"):
        raise InputError(path, "not a Word document (no word/document.xml)")
    _refuse_dtds(archive, path)
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=_STYLE_MAP, transform_document=mammoth.transforms.paragraph(_centred)
        )
    except InputError:
        raise
    except Exception as exc:  # mammoth raises plain exceptions (KeyError, ValueError...) on damage
        raise InputError(
            path, f"damaged Word document ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})"
        ) from None
    root = parse_html(f"<html><body>{result.value}</body></html>", path)
    notes = take_notes(root, smart=smart)
    core = _core_properties(archive, path)
    titles = _take_titles(root)
    if titles:  # the Title paragraph names the book; the core properties may say otherwise
        core = Layer(Source.FRONT_MATTER, {"title": titles[0], **(dict(core.values) if core else {})})
    consumed = tuple(titles)
    title = core.values.get("title") if core else None
    parsed = read_headings(root, smart=smart, known_title=title if isinstance(title, str) else None)
    fingerprint = clean_text(" ".join(str(part) for part in root.itertext()))
    return replace(
        parsed,
        layers=(*parsed.layers, *([core] if core else [])),
        back_matter=(*parsed.back_matter, *([notes] if notes else [])),
        consumed=consumed,
        shape="docx",
    ), fingerprint


def _take_titles(root: Any) -> list[str]:
    """Paragraphs in Word's Title style, lifted out of the text (they become the book's title)."""
    titles: list[str] = []
    for element in list(root.iter("p")):
        if element.get("class") == "docx-title":
            text = clean_text("".join(str(part) for part in element.itertext()))
            if text:
                titles.append(text)
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    return titles


def _refuse_dtds(archive: SafeZip, path: Path) -> None:
    """Office XML never declares a DTD; a part that does is hostile (entity expansion, XXE).
    mammoth parses with minidom, which fetches nothing but would expand internal entities."""
    for name in archive.names():
        if name.endswith((".xml", ".rels")):
            data = archive.read(name)
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise InputError(path, f"{name} declares a DTD or entities (Word never does); refused")


def _centred(paragraph: Any) -> Any:
    """A centred body paragraph (mammoth ignores alignment) gets a style the map knows."""
    style = (paragraph.style_name or "").lower()
    if paragraph.alignment == "center" and not style.startswith(("heading", "title", "subtitle")):
        return paragraph.copy(style_id="BookbinderCentred", style_name=_CENTRED_STYLE)
    return paragraph


def _core_properties(archive: SafeZip, path: Path) -> Layer | None:
    """docProps/core.xml (Dublin Core): title, creator, keywords, description, language."""
    if not archive.has("docProps/core.xml"):
        return None
    try:
        root = parse_xml(archive.read("docProps/core.xml"), path, "docProps/core.xml")
    except InputError:
        return None  # broken properties do not stop the text being read
    values: dict[str, RawValue] = {}
    for element in root:
        key = _CORE_FIELDS.get(local_name(element))
        text = clean_text("".join(str(part) for part in element.itertext()))
        if key and text:
            values[key] = text
    return Layer(Source.FRONT_MATTER, values) if values else None
