"""Model -> XHTML fragments and documents for EPUB. Escaping lives here and only here.

Documents are built as strings, not DOM trees: War and Peace has 365 chapters and string
building is an order of magnitude faster than lxml element construction. Every piece of text
passes through ``escape`` (or ``attr`` inside attributes) on its way into markup, so a manuscript
containing ``<script>``, ``&`` or ``]]>`` shows those characters as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import assert_never

from bookbinder.chars import strip_forbidden
from bookbinder.model import AuthorNote, Paragraph, SceneBreak, Section, Span, Style
from bookbinder.toc import TocEntry

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


def paragraph(para: Paragraph) -> str:
    """One ``<p>``; verse keeps its lines."""
    if para.verse:
        return f'<p class="verse">{spans(para.spans)}</p>\n'
    return f"<p>{spans(para.spans)}</p>\n"


SCENE_BREAK = "*\u2003*\u2003*"  # when no style names its ornament


def blocks(items: Iterable[Paragraph | SceneBreak | AuthorNote], *, scene_break: str = SCENE_BREAK) -> str:
    """Markup for a chapter's blocks, in order. A scene break carries its ornament as text, so
    readers that ignore CSS generated content still show it."""
    out: list[str] = []
    for block in items:
        match block:
            case Paragraph():
                out.append(paragraph(block))
            case SceneBreak():
                out.append(f'<p class="scene-break" role="separator">{escape(scene_break)}</p>\n')
            case AuthorNote():
                notes = "".join(paragraph(p) for p in block.paragraphs)
                out.append(f'<div class="author-note" role="note">\n{notes}</div>\n')
            case _:
                assert_never(block)
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


def chapter_section(section_id: str, title: str | None, body: str) -> str:
    """A chapter: ``<section epub:type="chapter">`` with its heading when it has a title."""
    heading = f'<h2 class="chapter-title">{heading_lines(title)}</h2>\n' if title and title.strip() else ""
    return f'<section id="{section_id}" epub:type="chapter" role="doc-chapter">\n{heading}{body}</section>\n'


def part_section(section_id: str, title: str) -> str:
    """A part (or book) title page."""
    return (
        f'<section id="{section_id}" class="part" epub:type="part" role="doc-part">\n'
        f'<h1 class="part-title">{escape(title)}</h1>\n</section>\n'
    )


def appendix_section(section_id: str, section: Section) -> str:
    """Back matter kept after the story (a Project Gutenberg licence, say)."""
    body = "".join(paragraph(p) for p in section.paragraphs)
    return (
        f'<section id="{section_id}" class="appendix" epub:type="appendix" role="doc-appendix">\n'
        f'<h2 class="appendix-title">{escape(section.title)}</h2>\n{body}</section>\n'
    )


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
