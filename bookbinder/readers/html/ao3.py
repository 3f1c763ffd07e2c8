"""AO3's download template (HTML, and the EPUB calibre makes from it): preface, chapters, afterword.

The preface holds a ``dl`` of tags (rating, archive warnings, category, fandom, relationships,
characters, additional tags), language, series ("Part N of ..."), collections and stats, then the
title, byline, summary and notes. Each chapter has an ``h2.heading`` in a ``div.meta`` with its own
summary and notes (``<p>Chapter Notes</p><blockquote>``), the text, then its end notes. The
afterword holds the work's end notes. Labels and ids are the template's, so they are matched here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from bookbinder.metadata import Layer, RawValue
from bookbinder.model import (
    AuthorNote,
    Block,
    Chapter,
    Matter,
    Paragraph,
    SceneBreak,
    Section,
    Source,
    Span,
    Style,
)
from bookbinder.readers.html.convert import (
    Converter,
    Heading,
    Labelled,
    body_of,
    element_text,
    find_all,
    local_name,
)
from bookbinder.readers.html.parsed import Parsed
from bookbinder.readers.html.structure import notes_block

_CHAPTER_LABELS = ("Chapter Summary", "Chapter Notes", "Chapter End Notes")
_WORK_LABELS = ("Summary", "Notes")
_ENDNOTE_LINK = re.compile(r"^see the end of the (?:chapter|work) for (?:more )?notes\.?$", re.IGNORECASE)
_SERIES = re.compile(r"^\s*Part\s+(\d+)\s+of\s+(.+?)\s*$", re.IGNORECASE | re.DOTALL)
_STAT = re.compile(r"(Published|Updated|Completed|Words|Chapters):\s*(\S+)")
# dt label (singular or plural, lower-cased, no colon) -> the key our metadata layer understands.
_DT_KEYS = {
    "rating": "rating",
    "ratings": "rating",
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "category": "category",
    "categories": "category",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationship": "relationships",
    "relationships": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tag": "tags",
    "additional tags": "tags",
    "language": "language",
    "collection": "collections",
    "collections": "collections",
}
_LIST_KEYS = frozenset(
    {"warnings", "category", "fandoms", "relationships", "characters", "tags", "collections"}
)


def is_ao3(root: etree._Element) -> bool:
    """AO3's template: a preface div with the tag list and a chapters div or afterword."""
    preface = _by_id(root, "preface")
    return bool(preface and preface[0].find(".//dl") is not None) and bool(
        _by_id(root, "chapters") or _by_id(root, "afterword")
    )


def _by_id(root: etree._Element, name: str) -> list[etree._Element]:
    """Elements with this id: the parser's id table first (constant time), else a scan (a tree
    assembled from several documents keeps no id table)."""
    return find_all(root, f"id('{name}')") or find_all(root, f"//*[@id='{name}']")


def read_ao3(root: etree._Element, *, smart: bool) -> Parsed:
    """Metadata from the preface, chapters with their notes, end notes from the afterword."""
    preface = _by_id(root, "preface")[0]
    afterwords = _by_id(root, "afterword")
    values, description, notes = _preface(preface, smart)
    front = (Section("Notes", notes, Matter.NOTE),) if notes else ()
    if description:
        values["summary"] = description
    back: list[Section] = []
    consumed: list[str] = []
    for afterword in afterwords:
        back.extend(_afterword(afterword, smart, consumed))
    chapters = _chapters(root, smart)
    return Parsed(
        chapters=chapters,
        front_matter=front,
        back_matter=tuple(back),
        layers=(Layer(Source.FRONT_MATTER, values),),
        consumed=tuple(consumed),
        shape="ao3",
    )


def _preface(preface: etree._Element, smart: bool) -> tuple[dict[str, RawValue], str, tuple[Paragraph, ...]]:
    values: dict[str, RawValue] = {}
    for dl in preface.iter("dl"):
        for label, dd in _pairs(dl):
            _tag_field(values, label, dd)
    heading = next(iter(preface.iter("h1")), None)
    if heading is not None:
        values["title"] = element_text(heading)
    for byline in find_all(preface, ".//*[contains(concat(' ', @class, ' '), ' byline ')]"):
        names = [element_text(a) for a in byline.iter("a") if element_text(a)]
        text = re.sub(r"^\s*by\s+", "", element_text(byline), flags=re.IGNORECASE)
        values["authors"] = names or [text]
        break
    for message in find_all(preface, ".//*[contains(concat(' ', @class, ' '), ' message ')]"):
        for link in message.iter("a"):
            href = link.get("href") or ""
            if "/works/" in href:
                values["source url"] = href
            elif element_text(link):
                values["publisher"] = element_text(link)
    description = ""
    notes: tuple[Paragraph, ...] = ()
    items = Converter(smart=smart, labels=_WORK_LABELS).convert(preface)
    for item in items:
        if isinstance(item, Labelled) and item.label.lower() == "summary":
            description = "\n\n".join(p.text for p in item.paragraphs)
        elif isinstance(item, Labelled) and item.label.lower() == "notes":
            notes = item.paragraphs
    for related in find_all(preface, ".//ul/li"):
        values.setdefault("related works", [])
        listed = values["related works"]
        assert isinstance(listed, list)
        listed.append(element_text(related))
    return values, description, notes


def _pairs(dl: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    label: str | None = None
    for child in dl:
        name = local_name(child)
        if name == "dt":
            label = element_text(child).rstrip(":").strip().lower()
        elif name == "dd" and label is not None:
            yield label, child
            label = None


def _tag_field(values: dict[str, RawValue], label: str, dd: etree._Element) -> None:
    if label == "stats":
        _stats(values, element_text(dd))
        return
    if label == "series":
        found = _SERIES.match(element_text(dd))  # the first series a work belongs to
        links = [element_text(a) for a in dd.iter("a")]
        if found:
            values["series index"] = found.group(1)
            values["series"] = links[0] if links else found.group(2)
        else:
            values["series"] = element_text(dd)
        return
    key = _DT_KEYS.get(label, label)
    names = [element_text(a) for a in dd.iter("a") if element_text(a)]
    if key in _LIST_KEYS:
        # Tags are links; a tag may hold a comma, so links are read one by one.
        values[key] = names or [element_text(dd)]
    else:
        values[key] = ", ".join(names) if names else element_text(dd)


def _stats(values: dict[str, RawValue], text: str) -> None:
    stats = dict(_STAT.findall(text))
    if "Published" in stats:
        values["published"] = stats["Published"]
    for key in ("Updated", "Completed"):
        if key in stats:
            values[f"{key.lower()} on"] = stats[key]  # "completed" alone would name the status
    if "Words" in stats:
        values["words"] = stats["Words"]
    chapters = stats.get("Chapters")
    if chapters:
        values["chapters"] = chapters
        done, _, total = chapters.partition("/")
        values["status"] = "Complete" if "Completed" in stats or done == total else "In Progress"


def _afterword(afterword: etree._Element, smart: bool, consumed: list[str]) -> list[Section]:
    sections: list[Section] = []
    for endnotes in find_all(afterword, ".//*[@id='endnotes']"):
        items = Converter(smart=smart, labels=("End Notes",)).convert(endnotes)
        body = tuple(
            p
            for item in items
            for p in (
                item.paragraphs
                if isinstance(item, Labelled)
                else (item,)
                if isinstance(item, Paragraph)
                else ()
            )
        )
        if body:
            sections.append(Section("End Notes", body, Matter.AFTERWORD))
    for dl in afterword.iter("dl"):
        entries = tuple(
            Paragraph(p.spans) for p in Converter(smart=smart).convert(dl) if isinstance(p, Paragraph)
        )
        if len(entries) > 1:
            sections.append(Section(entries[0].text, entries[1:], Matter.OTHER))
    for message in find_all(afterword, ".//*[contains(concat(' ', @class, ' '), ' message ')]"):
        consumed.append(element_text(message))
    return sections


def _outside_story(element: etree._Element) -> bool:
    """Preface, afterword and the template's navigation links are not story text."""
    if element.get("id") in ("preface", "afterword"):
        return True
    if "endnote-link" in (element.get("class") or ""):
        return True
    lead = (element.text or "").lstrip()[:11].lower()  # cheap test first: this runs on every element
    return (
        lead == "see the end"
        and local_name(element) == "div"
        and bool(_ENDNOTE_LINK.match(element_text(element)))
    )


def _chapters(root: etree._Element, smart: bool) -> tuple[Chapter, ...]:
    bodies = [body_of(root)]
    items = Converter(smart=smart, labels=_CHAPTER_LABELS, skip=_outside_story).convert(bodies[0])
    chapters: list[tuple[str | None, list[Block]]] = []
    lead: list[Block] = []
    for item in items:
        if isinstance(item, Heading) and _is_chapter_heading(item):
            chapters.append((item.text, []))
            continue
        block: Block
        if isinstance(item, Heading):
            block = _heading_paragraph(item)
        elif isinstance(item, Labelled):
            block = notes_block(item)
        else:
            block = item
        (chapters[-1][1] if chapters else lead).append(block)
    built = [Chapter(title, _trim(blocks)) for title, blocks in chapters]
    if _has_text(lead) or not built:
        built.insert(0, Chapter(None, _trim(lead)))
    return tuple(built)


def _heading_paragraph(item: Heading) -> Paragraph:
    """An author's own heading inside a chapter: kept, set bold."""
    return Paragraph((Span(item.text, Style.STRONG),))


def _is_chapter_heading(item: Heading) -> bool:
    """The template's chapter heading: ``h2.heading`` in a ``div.meta``, not the author's own h2."""
    element = item.element
    if item.level != 2:
        return False
    classes = (element.get("class") or "").split()
    if "heading" in classes:
        return True
    parent = element.getparent()
    parent_classes = (parent.get("class") or "").split() if parent is not None else []
    if "meta" in parent_classes:
        return True
    # calibre's EPUB may rename classes: an h2 outside every user-content block still counts.
    ancestor = parent
    while ancestor is not None:
        if "userstuff" in (ancestor.get("class") or "").split() and ancestor.get("id") != "chapters":
            return False
        ancestor = ancestor.getparent()
    return bool(find_all(element, "ancestor::*[@id='chapters']")) or not find_all(
        element, "ancestor::*[contains(concat(' ', @class, ' '), ' userstuff ')]"
    )


def _has_text(blocks: list[Block]) -> bool:
    return any(isinstance(b, Paragraph | AuthorNote) for b in blocks)


def _trim(blocks: list[Block]) -> tuple[Block, ...]:
    while blocks and isinstance(blocks[0], SceneBreak):
        blocks = blocks[1:]
    while blocks and isinstance(blocks[-1], SceneBreak):
        blocks = blocks[:-1]
    return tuple(blocks)
