"""An EPUB's package: the OPF's metadata, manifest and spine, and its nav (EPUB 3) or NCX (EPUB 2)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from bookbinder.errors import InputError
from bookbinder.metadata import Layer, RawValue
from bookbinder.model import Source
from bookbinder.readers.epub.archive import SafeZip, join_href
from bookbinder.readers.html.convert import clean_text, element_text, local_name
from bookbinder.readers.html.parse import decode_markup, parse_html, parse_xml

_HTML_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/x-dtbook+xml"})
_SKIPPED_LANDMARKS = frozenset({"cover", "toc", "title-page", "titlepage", "copyright-page", "loi", "lot"})
_OPF_ROLES_KEPT = frozenset({"", "aut"})


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One entry of the book's own contents: its file, title and nesting depth (0 = top)."""

    path: str
    title: str
    depth: int


@dataclass(slots=True)
class Package:
    """What the OPF says, resolved to archive paths."""

    opf_path: str
    layer: Layer
    spine: list[str] = field(default_factory=list)  # content documents in reading order
    toc: list[TocEntry] = field(default_factory=list)
    nav_path: str | None = None
    skipped: set[str] = field(default_factory=set)  # cover, contents and title pages by landmark
    body_start: str | None = None  # the first document of the story (landmark bodymatter, guide text)


def read_package(archive: SafeZip, path: Path) -> Package:
    """Container -> OPF -> metadata layer, spine, contents; a broken package is an InputError."""
    opf_path = _rootfile(archive, path)
    opf = parse_xml(archive.read(opf_path), path, f"package document {opf_path}")
    base = posixpath.dirname(opf_path)
    manifest: dict[str, tuple[str, str, str]] = {}
    for item in _children(opf, "manifest", "item"):
        href = join_href(base, item.get("href") or "")
        if href and archive.has(href):
            manifest[item.get("id") or ""] = (
                href,
                item.get("media-type") or "",
                item.get("properties") or "",
            )
    package = Package(opf_path, Layer(Source.FRONT_MATTER, _metadata(opf)))
    spine_elements = _children(opf, "spine", "itemref")
    for itemref in spine_elements:
        entry = manifest.get(itemref.get("idref") or "")
        if entry and entry[1] in _HTML_TYPES:
            package.spine.append(entry[0])
    if not package.spine:
        raise InputError(path, "EPUB has no readable content documents in its spine")
    nav = next((href for href, kind, props in manifest.values() if "nav" in props.split()), None)
    package.nav_path = nav
    if nav:
        package.toc = _nav_entries(archive, nav, path, package)
    if not package.toc:
        spine = next(iter(opf.iter("{*}spine")), None)
        ncx = manifest.get(spine.get("toc") or "") if spine is not None else None
        ncx_path = (
            ncx[0]
            if ncx
            else next((h for h, k, _ in manifest.values() if k == "application/x-dtbncx+xml"), None)
        )
        if ncx_path:
            package.toc = _ncx_entries(archive, ncx_path, path)
    for reference in opf.iter("{*}reference"):  # EPUB 2 guide
        kind = (reference.get("type") or "").lower()
        href = join_href(base, reference.get("href") or "")
        if href and kind in _SKIPPED_LANDMARKS:
            package.skipped.add(href)
        elif href and kind == "text" and package.body_start is None:
            package.body_start = href
    return package


def _rootfile(archive: SafeZip, path: Path) -> str:
    if archive.has("META-INF/container.xml"):
        container = parse_xml(archive.read("META-INF/container.xml"), path, "META-INF/container.xml")
        for rootfile in container.iter("{*}rootfile"):
            full = join_href("", rootfile.get("full-path") or "")
            if full and archive.has(full):
                return full
    found = [name for name in archive.names() if name.lower().endswith(".opf")]
    if not found:
        raise InputError(path, "not an EPUB: no package document (META-INF/container.xml or .opf)")
    return found[0]


def _children(root: etree._Element, parent: str, child: str) -> list[etree._Element]:
    return [element for holder in root.iter(f"{{*}}{parent}") for element in holder.iter(f"{{*}}{child}")]


def _metadata(opf: etree._Element) -> dict[str, RawValue]:
    """Dublin Core and calibre/EPUB 3 series metadata in our layer's words."""
    values: dict[str, RawValue] = {}
    meta = next(iter(opf.iter("{*}metadata")), opf)
    refines: dict[str, dict[str, str]] = {}
    for element in meta.iter("{*}meta"):
        about = (element.get("refines") or "").lstrip("#")
        if about and element.get("property"):
            refines.setdefault(about, {})[element.get("property") or ""] = clean_text(element.text or "")
    authors: list[str] = []
    subjects: list[str] = []
    for element in meta:
        name = local_name(element)
        text = clean_text("".join(str(part) for part in element.itertext()))
        if not name or not text:
            continue
        if name == "creator":
            role = (
                element.get("{http://www.idpf.org/2007/opf}role")
                or refines.get(element.get("id") or "", {}).get("role", "")
            ).lower()
            if role in _OPF_ROLES_KEPT:
                authors.append(text)
        elif name == "subject":
            subjects.append(text)
        elif name == "description":
            values.setdefault("description", _plain(text))
        elif name in ("title", "language", "publisher", "rights"):
            values.setdefault(name, text)
        elif name == "date":
            values.setdefault("date", text[:10])
        elif name == "source" and text.startswith(("http://", "https://")):
            values.setdefault("source url", text)
        elif name == "meta":
            _series(element, text, refines, values)
    for element in meta.iter("{*}meta"):
        if element.get("name") and element.get("content"):
            _series(element, "", refines, values)
    if authors:
        values["authors"] = authors
    if subjects:
        values["subjects"] = subjects
    return values


def _series(
    element: etree._Element, text: str, refines: dict[str, dict[str, str]], values: dict[str, RawValue]
) -> None:
    name = (element.get("name") or "").lower()
    content = clean_text(element.get("content") or "")
    if name == "calibre:series" and content:
        values.setdefault("series", content)
    elif name == "calibre:series_index" and content:
        values.setdefault("series index", content)
    elif element.get("property") == "belongs-to-collection" and text:
        refined = refines.get(element.get("id") or "", {})
        if refined.get("collection-type", "series") == "series":
            values.setdefault("series", text)
            if refined.get("group-position"):
                values.setdefault("series index", refined["group-position"])


def _plain(text: str) -> str:
    """calibre and FanFicFare store the summary as escaped HTML: its text, paragraphs kept."""
    if "<" not in text:
        return text
    root = parse_html(f"<div>{text}</div>", Path("description"))
    paragraphs = [element_text(p) for p in root.iter("p")]
    return "\n\n".join(p for p in paragraphs if p) or element_text(root)


def _nav_entries(archive: SafeZip, nav: str, path: Path, package: Package) -> list[TocEntry]:
    text, _ = decode_markup(archive.read(nav))
    root = parse_html(text, path)
    entries: list[TocEntry] = []
    base = posixpath.dirname(nav)
    for element in root.iter("nav"):
        kind = element.get("epub:type") or element.get("{http://www.idpf.org/2007/ops}type") or ""
        if kind == "landmarks":
            for link in element.iter("a"):
                landmark = (link.get("epub:type") or "").lower()
                href = join_href(base, link.get("href") or "")
                if href and landmark in _SKIPPED_LANDMARKS:
                    package.skipped.add(href)
                elif href and landmark == "bodymatter":
                    package.body_start = href
        if kind != "toc":
            continue
        for link in element.iter("a"):
            href = join_href(base, link.get("href") or "")
            depth = sum(1 for ancestor in link.iterancestors() if local_name(ancestor) == "ol") - 1
            if href and element_text(link):
                entries.append(TocEntry(href, element_text(link), max(depth, 0)))
    return entries


def _ncx_entries(archive: SafeZip, ncx: str, path: Path) -> list[TocEntry]:
    root = parse_xml(archive.read(ncx), path, f"NCX {ncx}")
    base = posixpath.dirname(ncx)
    entries: list[TocEntry] = []
    nav_map = next(iter(root.iter("{*}navMap")), None)
    if nav_map is None:
        return entries
    for point in nav_map.iter("{*}navPoint"):
        label = next(iter(point.iter("{*}text")), None)
        content = next((c for c in point if local_name(c) == "content"), None)
        href = join_href(base, content.get("src") or "") if content is not None else None
        depth = sum(1 for ancestor in point.iterancestors() if local_name(ancestor) == "navpoint")
        if href and label is not None and clean_text(label.text or ""):
            entries.append(TocEntry(href, clean_text(label.text or ""), depth))
    return entries
