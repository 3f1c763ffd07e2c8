"""Untrusted markup in, lxml trees out: no network, no DTD, no entity expansion.

HTML (and EPUB content documents, which are often invalid XML) goes through lxml's HTML parser:
libxml2's HTML mode never loads a DTD or an external entity, and ``no_network`` forbids any fetch.
Package files (OPF, NCX, container.xml, nav) go through an XML parser built with
``resolve_entities=False, no_network=True, load_dtd=False`` and without ``huge_tree``, so an
entity bomb or an XXE reference stays an unexpanded reference and depth/size stay bounded.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from lxml import etree, html

from bookbinder.errors import InputError

_HTML_PARSER = html.HTMLParser(
    no_network=True, remove_comments=True, remove_pis=True, recover=True, default_doctype=False  # type: ignore[call-arg]
)
_XML_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    remove_comments=True,
    remove_pis=True,
    recover=False,
    huge_tree=False,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_markup(data: bytes) -> tuple[str, str]:
    """(text, encoding): a BOM, else a declared charset, else UTF-8, else Windows-1252."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    declared = _META_CHARSET.search(data[:4096]) or re.search(
        rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", data[:200]
    )
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            codecs.lookup(name)
        except LookupError:
            pass
        else:
            if name not in ("utf-8", "utf8"):
                return data.decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def parse_html(text: str, path: Path) -> etree._Element:
    """The document's root element; a file with no markup at all is an InputError."""
    text = _XML_DECLARATION.sub("", text.replace("\x00", ""), count=1)  # lxml refuses str + declaration
    if not text.strip():
        raise InputError(path, "empty document")
    try:
        root: etree._Element = html.document_fromstring(text, parser=_HTML_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(path, f"not readable as HTML ({_first_line(exc)})") from None
    return root


def parse_xml(data: bytes, path: Path, what: str) -> etree._Element:
    """A package XML file (OPF, NCX, nav, container.xml); malformed -> InputError naming it."""
    try:
        root = etree.fromstring(data, parser=_XML_PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(path, f"malformed {what} ({_first_line(exc)})") from None
    if root is None:
        raise InputError(path, f"empty {what}")
    return root


def _first_line(exc: Exception) -> str:
    message = str(exc).strip().splitlines()
    return message[0][:160] if message else type(exc).__name__
