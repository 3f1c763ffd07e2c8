"""FanFicFare's HTML and EPUB title pages: ``<b>Label:</b> value`` entries (a table in HTML, lines
in the EPUB's title page) and an ``<h1><a href=URL>Title</a> by <a>Author</a></h1>`` heading."""

from __future__ import annotations

import re

from lxml import etree

from bookbinder.metadata import RawValue, canonical_key
from bookbinder.readers.html.convert import element_text, find_all, local_name

# FanFicFare's labels our metadata layer does not already know by name.
_LABELS = {"extra tags": "tags", "ships": "relationships", "site": "publisher"}
_BY = re.compile(r"\s+by\s+", re.IGNORECASE)


def is_fanficfare(root: etree._Element) -> bool:
    """FanFicFare's HTML: its title table, or its ``<a name="sectionN"><h2>`` chapter anchors."""
    return bool(find_all(root, "//table[contains(concat(' ', @class, ' '), ' full ')]//td/b")) or bool(
        find_all(root, "//a[starts-with(@name, 'section')]/h2")
    )


def title_entries(element: etree._Element) -> dict[str, RawValue]:
    """``<b>Label:</b> value`` pairs under ``element``, for labels that name a metadata field
    (or FanFicFare's own); in a table the value is the next cell, on a page the text up to ``<br>``."""
    values: dict[str, RawValue] = {}
    for bold in element.iter("b", "strong"):
        label = element_text(bold)
        if not label.endswith(":"):
            continue
        key = label[:-1].strip()
        key = _LABELS.get(key.lower(), key)
        if not key or len(key) > 40:
            continue
        parent = bold.getparent()
        if parent is not None and local_name(parent) in ("td", "th"):
            cell = parent.getnext()
            value = element_text(cell) if cell is not None else ""
        else:
            value = _inline_value(bold)
        if value and (canonical_key(key) or key[:1].isupper()):
            values.setdefault(key, value)
    return values


def _inline_value(bold: etree._Element) -> str:
    """The text after a bold label up to the next line break or bold label."""
    parts = [bold.tail or ""]
    sibling = bold.getnext()
    while sibling is not None and local_name(sibling) not in ("br", "b", "strong", "p", "div"):
        parts.append(element_text(sibling))
        parts.append(sibling.tail or "")
        sibling = sibling.getnext()
    return " ".join(" ".join(parts).split())


def heading_values(root: etree._Element) -> dict[str, RawValue]:
    """``<h1><a href=URL>Title</a> by <a>Author</a></h1>``: title, authors and story URL."""
    heading = next(iter(root.iter("h1")), None)
    if heading is None:
        return {}
    links = list(heading.iter("a"))
    text = element_text(heading)
    if not links or not _BY.search(text):
        return {}
    title, _, byline = text.partition(_BY.search(text).group())  # type: ignore[union-attr]
    values: dict[str, RawValue] = {"title": element_text(links[0]) or title}
    authors = [element_text(a) for a in links[1:] if element_text(a)]
    values["authors"] = authors or [byline]
    if links[0].get("href", "").startswith(("http://", "https://")):
        values["source url"] = links[0].get("href", "")
    return values
