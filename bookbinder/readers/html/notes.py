"""Footnotes as Markdown (mdit-py-plugins) and Word (mammoth) render them -> a Notes section.

The note texts are lifted out of the flow (an ``ol`` of ``li id="fn1"``/``"footnote-1"``), the
back-links (``↩``/``↑``) dropped; the references (``[1]``) stay in the text where they were.
"""

from __future__ import annotations

import re

from lxml import etree

from bookbinder.model import Matter, Paragraph, Section, Span
from bookbinder.readers.html.convert import Converter, local_name

_NOTE_ID = re.compile(r"^(?:fn|footnote-|endnote-)(\d+)$")
_BACK_LINK = re.compile(r"^#(?:fnref|footnote-ref-|endnote-ref-)")
NOTES_TITLE = "Notes"


def take_notes(root: etree._Element, *, smart: bool) -> Section | None:
    """Remove the footnote list(s) from ``root`` and return them as one back-matter section."""
    paragraphs: list[Paragraph] = []
    for item in list(root.iter("li")):
        found = _NOTE_ID.match(item.get("id") or "")
        if not found:
            continue
        for link in list(item.iter("a")):
            if _BACK_LINK.match(link.get("href") or ""):
                _remove(link)
        converted = [
            p for p in Converter(smart=smart).convert(item, container=True) if isinstance(p, Paragraph)
        ]
        if converted:
            first = converted[0]
            converted[0] = Paragraph((Span(f"{found.group(1)}. "), *first.spans), first.verse)
        paragraphs.extend(converted)
        _remove(item)
    for element in list(root.iter("section", "ol", "hr")):
        classes = (element.get("class") or "").split()
        empty_list = local_name(element) == "ol" and len(element) == 0 and not (element.text or "").strip()
        if "footnotes" in classes or "footnotes-sep" in classes or (empty_list and paragraphs):
            _remove(element)
    return Section(NOTES_TITLE, tuple(paragraphs), Matter.NOTES) if paragraphs else None


def _remove(element: etree._Element) -> None:
    """Drop an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
