"""Reading an EPUB back for tests: package document, spine, nav and NCX trees, story words."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from bookbinder import words

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"

Tree = tuple[tuple[str, str, "Tree"], ...]  # (label, href, children)


class Epub:
    """An opened EPUB: its zip, its OPF (parsed) and the OPF's folder."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        container = ET.fromstring(self.zip.read("META-INF/container.xml"))
        rootfile = container.find(".//c:rootfile", NS)
        assert rootfile is not None
        self.opf_path = rootfile.attrib["full-path"]
        self.base = posixpath.dirname(self.opf_path)
        self.opf = ET.fromstring(self.zip.read(self.opf_path))

    def read(self, href: str) -> bytes:
        """A member's bytes, by its href relative to the OPF."""
        return self.zip.read(posixpath.normpath(posixpath.join(self.base, href.split("#")[0])))

    def xml(self, href: str) -> ET.Element:
        """A member parsed as XML."""
        return ET.fromstring(self.read(href))

    def manifest(self) -> dict[str, ET.Element]:
        """Manifest items by id."""
        return {item.attrib["id"]: item for item in self.opf.iterfind("opf:manifest/opf:item", NS)}

    def spine(self) -> list[str]:
        """Hrefs of the spine documents, in reading order."""
        items = self.manifest()
        refs = self.opf.iterfind("opf:spine/opf:itemref", NS)
        return [items[ref.attrib["idref"]].attrib["href"] for ref in refs]

    def item_with_property(self, prop: str) -> ET.Element:
        """The one manifest item carrying ``prop``."""
        found = [i for i in self.manifest().values() if prop in i.attrib.get("properties", "").split()]
        assert len(found) == 1, found
        return found[0]

    def nav_tree(self, kind: str = "toc") -> Tree:
        """The nav document's ``kind`` list as (label, href, children), hrefs relative to the OPF."""
        href = self.item_with_property("nav").attrib["href"]
        root = self.xml(href)
        nav = next(n for n in root.iter(f"{{{NS['x']}}}nav") if n.attrib.get(EPUB_TYPE) == kind)
        ol = nav.find("x:ol", NS)
        assert ol is not None
        return _nav_list(ol, posixpath.dirname(href))

    def ncx_tree(self) -> Tree:
        """The NCX navMap as (label, href, children)."""
        ncx_id = self.opf.find("opf:spine", NS).attrib["toc"]  # type: ignore[union-attr]
        href = self.manifest()[ncx_id].attrib["href"]
        nav_map = self.xml(href).find("ncx:navMap", NS)
        assert nav_map is not None
        return _ncx_points(nav_map, posixpath.dirname(href))

    def story_words(self) -> list[str]:
        """Words of the front matter sections, body and back matter documents, in spine order."""
        found: list[str] = []
        for href in self.spine():
            body = self.xml(href).find("x:body", NS)
            assert body is not None
            kind = body.attrib.get(EPUB_TYPE)
            if kind in ("bodymatter", "backmatter") or "front-matter" in body.attrib.get("class", "").split():
                found.extend(words.words("".join(body.itertext())))
        return found


def _nav_list(ol: ET.Element, base: str) -> Tree:
    out = []
    for li in ol.findall("x:li", NS):
        a = li.find("x:a", NS)
        assert a is not None
        child = li.find("x:ol", NS)
        href = posixpath.normpath(posixpath.join(base, a.attrib["href"]))
        out.append(("".join(a.itertext()), href, _nav_list(child, base) if child is not None else ()))
    return tuple(out)


def _ncx_points(parent: ET.Element, base: str) -> Tree:
    out = []
    for point in parent.findall("ncx:navPoint", NS):
        label = point.find("ncx:navLabel/ncx:text", NS)
        content = point.find("ncx:content", NS)
        assert label is not None and content is not None
        href = posixpath.normpath(posixpath.join(base, content.attrib["src"]))
        out.append((label.text or "", href, _ncx_points(point, base)))
    return tuple(out)
