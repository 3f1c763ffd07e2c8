"""EPUB 2 and EPUB 3 files built from XHTML chapters the tests write (no real books copied)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Doc:
    """One content document: file name, its contents-entry title (None: not in the contents), body."""

    name: str
    title: str | None
    body: str
    children: tuple[Doc, ...] = ()


@dataclass(frozen=True)
class Meta:
    title: str = "Fixture Book"
    authors: tuple[str, ...] = ("A. Writer",)
    language: str = "en"
    subjects: tuple[str, ...] = ()
    description: str | None = None
    source: str | None = None
    publisher: str | None = None
    series: str | None = None
    series_index: str | None = None
    extra_opf: str = ""
    extra_files: dict[str, bytes] = field(default_factory=dict)


def xhtml(title: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">\n'
        f"<head><title>{escape(title)}</title></head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def build_epub(docs: Sequence[Doc], meta: Meta = Meta(), *, version: int = 3) -> bytes:
    """A minimal valid-shaped EPUB: mimetype first, container, OPF, NCX (2) or nav (3)."""
    flat = _flatten(docs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            (
                '<?xml version="1.0"?>\n<container version="1.0" '
                'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                "</rootfiles></container>"
            ),
        )
        for doc in flat:
            archive.writestr(
                f"OEBPS/{doc.name}",
                xhtml(doc.title or meta.title, doc.body),
                compress_type=zipfile.ZIP_DEFLATED,
            )
        if version == 3:
            archive.writestr("OEBPS/nav.xhtml", xhtml("Contents", _nav(docs)))
        archive.writestr("OEBPS/toc.ncx", _ncx(docs, meta))
        archive.writestr("OEBPS/content.opf", _opf(flat, meta, version))
        for name, data in meta.extra_files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _flatten(docs: Sequence[Doc]) -> list[Doc]:
    return [d for doc in docs for d in (doc, *_flatten(doc.children))]


def _opf(docs: Sequence[Doc], meta: Meta, version: int) -> str:
    dc = [
        f"<dc:title>{escape(meta.title)}</dc:title>",
        f"<dc:language>{meta.language}</dc:language>",
        '<dc:identifier id="bookid">urn:uuid:12345678-1234-5678-1234-567812345678</dc:identifier>',
    ]
    dc += [
        f'<dc:creator opf:role="aut">{escape(a)}</dc:creator>'
        if version == 2
        else f"<dc:creator>{escape(a)}</dc:creator>"
        for a in meta.authors
    ]
    dc += [f"<dc:subject>{escape(s)}</dc:subject>" for s in meta.subjects]
    if meta.description:
        dc.append(f"<dc:description>{escape(meta.description)}</dc:description>")
    if meta.source:
        dc.append(f"<dc:source>{escape(meta.source)}</dc:source>")
    if meta.publisher:
        dc.append(f"<dc:publisher>{escape(meta.publisher)}</dc:publisher>")
    if meta.series:
        if version == 3:
            dc.append(
                f'<meta property="belongs-to-collection" id="c1">{escape(meta.series)}</meta>'
                '<meta refines="#c1" property="collection-type">series</meta>'
                f'<meta refines="#c1" property="group-position">{meta.series_index or 1}</meta>'
            )
        else:
            dc.append(
                f'<meta name="calibre:series" content="{escape(meta.series)}"/>'
                f'<meta name="calibre:series_index" content="{meta.series_index or 1}"/>'
            )
    if version == 3:
        dc.append('<meta property="dcterms:modified">2020-01-01T00:00:00Z</meta>')
    items = [
        f'<item id="d{i}" href="{d.name}" media-type="application/xhtml+xml"/>' for i, d in enumerate(docs)
    ]
    items.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
    if version == 3:
        items.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
    spine = "".join(f'<itemref idref="d{i}"/>' for i in range(len(docs)))
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" '
        f'version="{version}.0" unique-identifier="bookid">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">'
        f"{''.join(dc)}{meta.extra_opf}</metadata><manifest>{''.join(items)}</manifest>"
        f'<spine toc="ncx">{spine}</spine></package>'
    )


def _nav(docs: Sequence[Doc]) -> str:
    def entries(level: Sequence[Doc]) -> str:
        lis = "".join(
            f'<li><a href="{d.name}">{escape(d.title)}</a>{entries(d.children) if d.children else ""}</li>'
            for d in level
            if d.title
        )
        return f"<ol>{lis}</ol>"

    return f'<nav epub:type="toc" id="toc"><h1>Contents</h1>{entries(docs)}</nav>'


def _ncx(docs: Sequence[Doc], meta: Meta) -> str:
    counter = iter(range(1, 10_000))

    def points(level: Sequence[Doc]) -> str:
        return "".join(
            f'<navPoint id="p{n}" playOrder="{n}"><navLabel><text>{escape(d.title)}</text></navLabel>'
            f'<content src="{d.name}"/>{points(d.children)}</navPoint>'
            for d in level
            if d.title
            for n in [next(counter)]
        )

    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
        'version="2005-1"><head><meta name="dtb:uid" content="x"/></head>'
        f"<docTitle><text>{escape(meta.title)}</text></docTitle><navMap>{points(docs)}</navMap></ncx>"
    )
