"""Model -> XHTML fragments and documents for EPUB. Escaping lives here and only here.

Documents are built as strings, not DOM trees: War and Peace has 365 chapters and string
building is an order of magnitude faster than lxml element construction. Every piece of text
passes through ``escape`` (or ``attr`` inside attributes) on its way into markup, so a manuscript
containing ``<script>``, ``&`` or ``]]>`` shows those characters as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import assert_never

from bookbinder.chars import strip_forbidden
from bookbinder.model import AuthorNote, Matter, Paragraph, Role, SceneBreak, Section, Span, Style
from bookbinder.toc import TocEntry
from bookbinder.writers.passages import passage_language

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
# Scripts written right to left (ISO 639-1/3 codes); the book's page progression follows.
_RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi"})


def clean(text: str) -> str:
    """``text`` without the characters XML cannot carry (the reader should have removed them)."""
    return strip_forbidden(text)


def escape(text: str) -> str:
    """``text`` as XHTML character data (``>`` too, so ``]]>`` stays harmless)."""
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A raw CR would come back from any XML parser as LF; as a reference it survives.
    return text.replace("\r", "&#13;") if "\r" in text else text


def attr(text: str) -> str:
    """``text`` as the value of a double-quoted XML attribute."""
    return escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def language_tag(language: str) -> str:
    """A well-formed BCP 47 tag for ``xml:lang`` (``en`` when the metadata holds something else)."""
    language = language.strip().replace("_", "-")
    return language if _LANGUAGE_TAG.match(language) else "en"


def direction(language: str) -> str:
    """``rtl`` for right-to-left languages, else ``ltr``."""
    return "rtl" if language_tag(language).split("-")[0].lower() in _RTL_LANGUAGES else "ltr"


def _styled(markup: str, style: Style) -> str:
    if Style.EMPHASIS in style:
        markup = f"<em>{markup}</em>"
    if Style.STRONG in style:
        markup = f"<strong>{markup}</strong>"
    if Style.SMALL_CAPS in style:
        markup = f'<span class="small-caps">{markup}</span>'
    return markup


def spans(items: Sequence[Span]) -> str:
    """Inline markup for a run of spans; a ``\\n`` inside text becomes a line break."""
    out: list[str] = []
    for span in items:
        text = escape(span.text)
        if "\n" in text:
            text = "<br/>\n".join(text.split("\n"))
        out.append(_styled(text, span.style) if span.style and text else text)
    return "".join(out)


def page_breaks(labels: Sequence[str]) -> str:
    """Print page-number markers (EPUB page navigation) for the pages that start here."""
    return "".join(
        f'<span id="page-{attr(label)}" epub:type="pagebreak" role="doc-pagebreak"'
        f' aria-label="{attr(label)}"/>'
        for label in labels
    )


# A paragraph role's class; SPEECH opens with the speaker as a small-caps span (model.Role).
_ROLE_CLASS = {Role.CENTERED: "centered", Role.SPEECH: "speech", Role.STAGE: "stage", Role.CAPTION: "caption",
               Role.QUOTE: "quote"}


def _speech(para: Paragraph) -> str:
    """A play's speech: the leading small-caps speaker becomes ``<span class="speaker">``."""
    items = para.spans
    if items and Style.SMALL_CAPS in items[0].style:
        rest = Style(items[0].style & ~Style.SMALL_CAPS)
        speaker = _styled(escape(items[0].text), rest) if rest else escape(items[0].text)
        return f'<span class="speaker">{speaker}</span>{spans(items[1:])}'
    return spans(items)


def paragraph(para: Paragraph, *, language: str = "", breaks: Sequence[str] = ()) -> str:
    """One ``<p>``: verse keeps its lines, a role gives its class; ``lang`` when the passage is in
    another language than the book (text-to-speech then reads it right, WCAG 3.1.2)."""
    classes = ["verse"] if para.verse else []
    if para.role in _ROLE_CLASS:
        classes.append(_ROLE_CLASS[para.role])
    cls = f' class="{" ".join(classes)}"' if classes else ""
    foreign = passage_language(para.text, language) if language else None
    lang = f' lang="{foreign}" xml:lang="{foreign}"' if foreign else ""
    inner = _speech(para) if para.role is Role.SPEECH else spans(para.spans)
    return f"<p{cls}{lang}>{page_breaks(breaks)}{inner}</p>\n"


SCENE_BREAK = "*\u2003*\u2003*"  # when no style names its ornament


def blocks(items: Iterable[Paragraph | SceneBreak | AuthorNote], *, scene_break: str = SCENE_BREAK,
           language: str = "", breaks: Mapping[int, Sequence[str]] | None = None,
           notes_href: str = "", note_label: str = "Author\u2019s note") -> str:
    """Markup for a chapter's blocks, in order; consecutive quotations share one blockquote. A
    scene break carries its ornament as text, so readers that ignore CSS generated content still
    show it.

    ``breaks`` maps a block's index to the print pages that start in it (the PDF's page list).
    A note gathered at the back (``--notes end``) leaves a link to ``notes_href`` where it stood.
    """
    breaks = breaks or {}
    out: list[str] = []
    quoting = False
    for index, block in enumerate(items):
        here = breaks.get(index, ())
        is_quote = isinstance(block, Paragraph) and block.role is Role.QUOTE
        if quoting and not is_quote:
            out.append("</blockquote>\n")
        if is_quote and not quoting:
            out.append("<blockquote>\n")
        quoting = is_quote
        match block:
            case Paragraph():
                out.append(paragraph(block, language=language, breaks=here))
            case SceneBreak():
                out.append(f'{page_breaks(here)}<p class="scene-break" role="separator">'
                           f'{escape(scene_break)}</p>\n')
            case AuthorNote() if block.ref and not block.paragraphs:
                target = f"{notes_href}#{block.ref}"
                out.append(f'<p class="note-ref">{page_breaks(here)}<a id="{attr(block.ref)}-from" '
                           f'href="{attr(target)}" role="doc-noteref">{escape(note_label)}</a></p>\n')
            case AuthorNote():
                notes = "".join(paragraph(p, language=language, breaks=here if n == 0 else ())
                                for n, p in enumerate(block.paragraphs))
                if not block.paragraphs:
                    notes = page_breaks(here)
                out.append(f'<div class="author-note" role="note">\n{notes}</div>\n')
            case _:
                assert_never(block)
    if quoting:
        out.append("</blockquote>\n")
    return "".join(out)


def heading_lines(title: str) -> str:
    """A heading's number and title as two spans (``CHAPTER I`` / ``Of the House``), the words as
    written; a space between them keeps the words apart where CSS is ignored."""
    from bookbinder.styles.headings import split_heading

    number, name = split_heading(title)
    if number is None or name is None:
        return escape(title)
    number_line = f'<span class="chapter-number">{escape(number)}</span>'
    return f'{number_line} <span class="chapter-name">{escape(name)}</span>'


def heading(level: int, cls: str, title: str | None, *, lines: bool = False) -> str:
    """``<hN class=...>`` for a title (nothing for none); N is clamped to 1..6; ``lines``: a
    chapter's number and name as two spans (``heading_lines``)."""
    if not title or not title.strip():
        return ""
    n = min(max(level, 1), 6)
    return f'<h{n} class="{cls}">{heading_lines(title) if lines else escape(title)}</h{n}>\n'


def chapter_section(section_id: str, title: str | None, body: str, *, level: int = 1,
                    breaks: Sequence[str] = ()) -> str:
    """A chapter: ``<section epub:type="chapter">`` with its heading when it has a title; a chapter
    without one is labelled for assistive technology by ``aria-label``."""
    label = "" if title and title.strip() else ' aria-label="Chapter"'
    return (f'<section id="{section_id}" epub:type="chapter" role="doc-chapter"{label}>\n'
            f'{page_breaks(breaks)}'
            f'{heading(level, "chapter-title", title, lines=True)}{body}</section>\n')


def division_section(section_id: str, title: str, *, kind: str = "part", level: int = 1,
                     breaks: Sequence[str] = ()) -> str:
    """A volume, part or book title page (``kind`` is ``part`` or ``volume``)."""
    role = ' role="doc-part"' if kind == "part" else ""
    return (
        f'<section id="{section_id}" class="{kind}" epub:type="{kind}"{role}>\n{page_breaks(breaks)}'
        f'{heading(level, f"{kind}-title", title)}</section>\n'
    )


def part_section(section_id: str, title: str) -> str:
    """A part (or book) title page."""
    return division_section(section_id, title)


# Matter kind -> (epub:type, DPUB-ARIA role). Only real appendices are appendices; matter with no
# structural meaning (OTHER) is a plain section, so nothing claims to be what it is not.
MATTER_SEMANTICS: dict[Matter, tuple[str, str]] = {
    Matter.DEDICATION: ("dedication", "doc-dedication"),
    Matter.EPIGRAPH: ("epigraph", "doc-epigraph"),
    Matter.FOREWORD: ("foreword", "doc-foreword"),
    Matter.PREFACE: ("preface", "doc-preface"),
    Matter.INTRODUCTION: ("introduction", "doc-introduction"),
    Matter.PROLOGUE: ("prologue", "doc-prologue"),
    Matter.NOTE: ("preamble", ""),
    Matter.CREDITS: ("other-credits", "doc-credits"),
    Matter.AFTERWORD: ("afterword", "doc-afterword"),
    Matter.APPENDIX: ("appendix", "doc-appendix"),
    Matter.NOTES: ("endnotes", "doc-endnotes"),
    Matter.LICENCE: ("copyright-page", ""),
    Matter.OTHER: ("", ""),
}


def matter_section(section_id: str, section: Section, *, level: int = 1, language: str = "",
                   breaks: Mapping[int, Sequence[str]] | None = None,
                   backlinks: Mapping[str, str] | None = None) -> str:
    """Front or back matter, with the epub:type and role its kind implies. Gathered author's
    notes each get their anchor and a link back to the document in ``backlinks`` they came from."""
    kind, role = MATTER_SEMANTICS[section.kind]
    semantics = (f' epub:type="{kind}"' if kind else "") + (f' role="{role}"' if role else "")
    label = "" if section.title.strip() else f' aria-label="{attr(section.kind.value.capitalize())}"'
    breaks = breaks or {}
    if section.notes:
        body = _gathered_notes(section, language, breaks, backlinks or {})
    else:
        body = blocks(section.paragraphs, language=language, breaks=breaks)
    return (
        f'<section id="{section_id}" class="matter {section.kind.value}"{semantics}{label}>\n'
        f'{page_breaks(breaks.get(-1, ()))}{heading(level, "matter-title", section.title)}{body}</section>\n'
    )


def _gathered_notes(section: Section, language: str, breaks: Mapping[int, Sequence[str]],
                    backlinks: Mapping[str, str]) -> str:
    """Each gathered note with its id and a link back to where it stood (``--notes end``)."""
    out: list[str] = []
    offset = 0  # page breaks are indexed over the section's paragraphs, which the notes share
    for note in section.notes:
        count = len(note.paragraphs)
        mine = {i - offset: pages for i, pages in breaks.items() if offset <= i < offset + count}
        inner = blocks(note.paragraphs, language=language, breaks=mine)
        ref = note.ref or ""
        back = backlinks.get(ref)
        link = (f'<p class="backlink"><a href="{attr(back)}#{attr(ref)}-from" role="doc-backlink" '
                f'aria-label="Back to the story">\u21a9</a></p>\n') if back else ""
        out.append(f'<div id="{attr(ref)}" class="author-note" role="note">\n{inner}{link}</div>\n')
        offset += count
    return "".join(out)


def appendix_section(section_id: str, section: Section) -> str:
    """Back matter kept after the story (a Project Gutenberg licence, say)."""
    return matter_section(section_id, section)


def toc_list(entries: Sequence[TocEntry], href: dict[str, str], indent: str = "") -> str:
    """A nested ``<ol>`` of links for TOC entries (``href`` maps each target to its file)."""
    out = [f"{indent}<ol>\n"]
    for entry in entries:
        label = escape(entry.title.strip()) or entry.target
        link = f'<a href="{attr(href[entry.target])}">{label}</a>'
        if entry.children:
            inner = toc_list(entry.children, href, indent + "  ")
            out.append(f"{indent}<li>{link}\n{inner}{indent}</li>\n")
        else:
            out.append(f"{indent}<li>{link}</li>\n")
    out.append(f"{indent}</ol>\n")
    return "".join(out)


def document(title: str, language: str, body: str, *, body_type: str, stylesheet: str,
             body_class: str = "", head_extra: str = "") -> bytes:
    """A complete XHTML5 content document, UTF-8 encoded."""
    lang = attr(language_tag(language))
    dir_attr = ' dir="rtl"' if direction(language) == "rtl" else ""
    cls = f' class="{attr(body_class)}"' if body_class else ""
    kind = f' epub:type="{attr(body_type)}"' if body_type else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f' lang="{lang}" xml:lang="{lang}"{dir_attr}>\n<head>\n<title>{escape(title)}</title>\n'
        f'<link rel="stylesheet" type="text/css" href="{attr(stylesheet)}"/>\n{head_extra}</head>\n'
        f"<body{kind}{cls}>\n{body}</body>\n</html>\n"
    ).encode()
