"""Store and device rules that need no external tool: read straight from the EPUB zip.

- kindle: Send to Kindle's known rejection causes: no or bad ``dc:language``, no cover image,
  over the 200 MB upload limit (50 MB by e-mail: a warning), content documents without an XML
  declaration.
- kobo (Kobo EPUB guidelines): cover declared in the OPF and in its own XHTML file as an
  ``<img>``; no GIF cover; images under 5 MB, the cover under 3 MB; file names without spaces or
  special characters; no inline ``style`` attributes.
- apple (Apple Books asset guide): a cover at least 1400 pixels wide and under 4 megapixels; a
  navigation document; a plain ``<img>`` cover page, not SVG.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from bookbinder.check.findings import Finding, Level

MB = 1024 * 1024
KINDLE_MAX_BYTES = 200 * MB
KINDLE_EMAIL_MAX_BYTES = 50 * MB
KOBO_IMAGE_MAX_BYTES = 5 * MB
KOBO_COVER_MAX_BYTES = 3 * MB
APPLE_COVER_MIN_WIDTH = 1400
APPLE_COVER_MAX_PIXELS = 4_000_000
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._/-]+$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
       "c": "urn:oasis:names:tc:opendocument:xmlns:container", "x": "http://www.w3.org/1999/xhtml"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass
class Book:
    """The parts of an EPUB the rules look at."""

    path: Path
    zip: zipfile.ZipFile
    opf_path: str
    opf: etree._Element

    def href(self, href: str) -> str:
        """A manifest href as a zip member name."""
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.opf_path), href))

    def items(self) -> Iterator[etree._Element]:
        """Manifest items."""
        yield from self.opf.iterfind("opf:manifest/opf:item", _NS)

    def cover_item(self) -> etree._Element | None:
        """The cover image's manifest item (EPUB 3 property, else the EPUB 2 meta)."""
        for item in self.items():
            if "cover-image" in item.get("properties", "").split():
                return item
        meta = self.opf.find("opf:metadata/opf:meta[@name='cover']", _NS)
        if meta is not None:
            for item in self.items():
                if item.get("id") == meta.get("content"):
                    return item
        return None

    def documents(self) -> Iterator[tuple[str, bytes]]:
        """(member name, bytes) of every XHTML content document."""
        for item in self.items():
            if item.get("media-type") == "application/xhtml+xml":
                name = self.href(item.get("href", ""))
                yield name, self.zip.read(name)

    def cover_size(self) -> tuple[int, int] | None:
        """The cover image's pixel size."""
        item = self.cover_item()
        if item is None:
            return None
        from PIL import Image

        with Image.open(io.BytesIO(self.zip.read(self.href(item.get("href", ""))))) as image:
            return image.size


def _open(path: Path) -> Book:
    archive = zipfile.ZipFile(path)
    container = etree.fromstring(archive.read("META-INF/container.xml"), _PARSER)
    rootfile = container.find(".//c:rootfile", _NS)
    if rootfile is None:
        raise ValueError("META-INF/container.xml names no package document")
    opf_path = rootfile.get("full-path", "")
    return Book(path, archive, opf_path, etree.fromstring(archive.read(opf_path), _PARSER))


def kindle(book: Book) -> Iterator[tuple[Level, str]]:
    """Send to Kindle's known rejection causes."""
    language = book.opf.findtext("opf:metadata/dc:language", default="", namespaces=_NS).strip()
    if not _LANGUAGE.match(language):
        yield Level.ERROR, f"dc:language {language!r} is missing or not a language tag"
    if book.cover_item() is None:
        yield Level.ERROR, "no cover image in the manifest"
    size = book.path.stat().st_size
    if size > KINDLE_MAX_BYTES:
        yield Level.ERROR, f"{size / MB:.0f} MB: over Send to Kindle's 200 MB limit"
    elif size > KINDLE_EMAIL_MAX_BYTES:
        yield Level.WARNING, f"{size / MB:.0f} MB: over the 50 MB e-mail limit (use the app or web upload)"
    for name, data in book.documents():
        if not data.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml"):
            yield Level.ERROR, f"{name}: no XML declaration"


def kobo(book: Book) -> Iterator[tuple[Level, str]]:
    """The Kobo EPUB guidelines' rules for covers, images, file names and styles."""
    cover = book.cover_item()
    if book.opf.find("opf:metadata/opf:meta[@name='cover']", _NS) is None:
        yield Level.ERROR, 'no <meta name="cover"> in the OPF (Kobo finds the cover by it)'
    if cover is not None:
        if cover.get("media-type") == "image/gif":
            yield Level.ERROR, "the cover is a GIF"
        size = book.zip.getinfo(book.href(cover.get("href", ""))).file_size
        if size > KOBO_COVER_MAX_BYTES:
            yield Level.WARNING, f"the cover is {size / MB:.1f} MB (Kobo: under 3 MB)"
        cover_href = posixpath.basename(cover.get("href", ""))
        pages = [name for name, data in book.documents() if cover_href.encode() in data]
        if not any(b"<img" in book.zip.read(name) for name in pages):
            yield Level.ERROR, "no cover page shows the cover with <img>"
    for item in book.items():
        href = item.get("href", "")
        if not _SAFE_NAME.match(href):
            yield Level.ERROR, f"file name {href!r} has spaces or special characters"
        if item.get("media-type", "").startswith("image/"):
            size = book.zip.getinfo(book.href(href)).file_size
            if size > KOBO_IMAGE_MAX_BYTES:
                yield Level.WARNING, f"{href} is {size / MB:.1f} MB (Kobo: images under 5 MB)"
    for name, data in book.documents():
        if b" style=" in data:
            yield Level.WARNING, f"{name}: inline style attributes (Kobo: use the stylesheet)"


def apple(book: Book) -> Iterator[tuple[Level, str]]:
    """Apple Books asset guide: cover size, navigation document, plain-img cover page."""
    size = book.cover_size()
    if size is not None:
        width, height = size
        if width < APPLE_COVER_MIN_WIDTH:
            yield Level.ERROR, f"the cover is {width} px wide (Apple: at least {APPLE_COVER_MIN_WIDTH})"
        if width * height >= APPLE_COVER_MAX_PIXELS:
            yield Level.WARNING, f"the cover is {width}x{height}: over Apple's 4-megapixel best practice"
    if not any("nav" in item.get("properties", "").split() for item in book.items()):
        yield Level.ERROR, "no EPUB 3 navigation document"
    cover = book.cover_item()
    if cover is not None:
        cover_href = posixpath.basename(cover.get("href", ""))
        for name, data in book.documents():
            if cover_href.encode() in data and b"<svg" in data:
                yield Level.WARNING, f"{name}: the cover page wraps the image in SVG (Apple: a plain <img>)"


Rule = Callable[[Book], Iterator[tuple[Level, str]]]
RULES: dict[str, Rule] = {"kindle": kindle, "kobo": kobo, "apple": apple}


def findings(path: Path, checks: tuple[str, ...] = tuple(RULES)) -> list[Finding]:
    """The store rules' findings for the EPUB at ``path``."""
    try:
        book = _open(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        return [Finding("epub", Level.ERROR, f"cannot read the package: {exc}")]
    with book.zip:
        return [Finding(name, level, message) for name in checks for level, message in RULES[name](book)]
