"""HTML elements -> model blocks: the one conversion the HTML, EPUB, DOCX and Markdown readers share.

Block elements become paragraphs; ``em``/``i``/``cite`` and italic styles become EMPHASIS,
``strong``/``b`` and bold styles STRONG, ``font-variant: small-caps`` SMALL_CAPS; ``hr`` and a
paragraph of ornaments alone (``* * *``, ``#``, ``~~~``) are scene breaks; ``blockquote`` gives
Role.QUOTE, centred text (``align``, ``text-align``, ``<center>``, a ``center`` class) Role.CENTERED;
``br`` keeps its line break (a verse paragraph). Scripts, styles, forms and embedded objects are
dropped with their text; attributes are never copied, so event handlers cannot reach a book.
Headings are returned as ``Heading`` items for the caller to place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lxml import etree

from bookbinder.model import Paragraph, Role, SceneBreak, Span, Style
from bookbinder.readers.text.inline import curl_quotes, smart_text

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "iframe",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "svg",
        "math",
        "canvas",
        "audio",
        "video",
        "map",
        "frameset",
        "frame",
        "base",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "blockquote",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "pre",
        "center",
        "address",
        "body",
        "html",
        "details",
        "summary",
        "fieldset",
        "legend",
        "hgroup",
        "h4",
        "h5",
        "h6",
    }
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
_EMPHASIS = frozenset({"em", "i", "cite", "dfn", "var"})
_STRONG = frozenset({"strong", "b"})
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_WORDISH = re.compile(r"[^\W_]")
_ORNAMENT_CHARS = set("*#~•·-–—_=+◇◆♦❖⁂※∗§⸻⁕✦✧❧☙○●◦⋆★☆ .")
_CENTER_CLASS = re.compile(r"(?:^|[\s_-])(?:center|centre|centered|centred|text-center)(?:$|[\s_-])", re.I)
_MAX_DEPTH = 200  # deeper nesting is read as plain text: recursion stays bounded on hostile markup


@dataclass(frozen=True, slots=True)
class Heading:
    """An ``h1``-``h3`` heading found in the flow (``h4``-``h6`` are bold paragraphs)."""

    level: int
    text: str
    element: etree._Element = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Labelled:
    """A labelled block: a ``<p>Summary</p>`` followed by its ``<blockquote>`` (AO3's notes)."""

    label: str
    paragraphs: tuple[Paragraph, ...]


Item = Paragraph | SceneBreak | Heading | Labelled


def local_name(element: etree._Element) -> str:
    """The tag without namespace, lower-cased; "" for comments and entities."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def find_all(element: etree._Element, path: str) -> list[etree._Element]:
    """The elements an XPath selects (typed: lxml's xpath() may also return strings)."""
    found = element.xpath(path)
    return [item for item in found if isinstance(item, etree._Element)] if isinstance(found, list) else []


def body_of(root: etree._Element) -> etree._Element:
    """The ``body`` element (or the root when a fragment has none)."""
    for element in root.iter():
        if local_name(element) == "body":
            return element
    return root


def clean_text(text: str) -> str:
    """Whitespace collapsed and trimmed, as a browser would show it."""
    return " ".join(text.split()) if "\u00a0" not in text else _SPACES.sub(" ", text).strip()


def element_text(element: etree._Element) -> str:
    """An element's visible text (scripts and styles left out), whitespace collapsed."""
    parts: list[str] = []
    _visible_text(element, parts, 0)
    return clean_text("".join(parts))


def _visible_text(element: etree._Element, parts: list[str], depth: int) -> None:
    name = local_name(element)
    if name and name not in _SKIP:
        parts.append(element.text or "")
        for child in element:
            if depth < _MAX_DEPTH:
                _visible_text(child, parts, depth + 1)
            parts.append(child.tail or "")
        if name in _BLOCK or name in _HEADINGS or name == "br":
            parts.append(" ")  # block boundaries separate words


def is_ornament(text: str) -> bool:
    """A line of ornaments alone, the way manuscripts mark a scene break."""
    stripped = text.strip()
    return (
        0 < len(stripped) <= 40
        and not _WORDISH.search(stripped)
        and set(stripped) <= _ORNAMENT_CHARS
        and stripped.strip(" .") != ""
    )


def _inline_style(element: etree._Element, name: str) -> Style:
    style = Style.PLAIN
    if name in _EMPHASIS:
        style |= Style.EMPHASIS
    elif name in _STRONG:
        style |= Style.STRONG
    css = (element.get("style") or "").lower().replace(" ", "")
    if css:
        if "font-style:italic" in css or "font-style:oblique" in css:
            style |= Style.EMPHASIS
        if re.search(r"font-weight:(?:bold|bolder|[6-9]00)", css):
            style |= Style.STRONG
        if "font-variant:small-caps" in css or "font-variant-caps:small-caps" in css:
            style |= Style.SMALL_CAPS
    return style


def is_centred(element: etree._Element, name: str) -> bool:
    """Centred by tag, attribute, inline style or an obviously named class."""
    if name == "center" or (element.get("align") or "").lower() == "center":
        return True
    css = (element.get("style") or "").lower().replace(" ", "")
    return "text-align:center" in css or bool(_CENTER_CLASS.search(element.get("class") or ""))


class Converter:
    """Walks elements in document order and collects model items."""

    def __init__(
        self,
        *,
        smart: bool = True,
        labels: Iterable[str] = (),
        skip: Callable[[etree._Element], bool] | None = None,
    ) -> None:
        self.smart = smart
        self.labels = frozenset(label.lower() for label in labels)
        self.skip = skip
        self.items: list[Item] = []
        self._buffer: list[tuple[str, Style]] = []
        self._taken: set[etree._Element] = set()
        self._container: etree._Element | None = None

    def convert(self, element: etree._Element, *, container: bool = False) -> list[Item]:
        """The items of ``element`` and everything inside it; a ``container`` (a template's
        blockquote around notes) gives its own role to nothing."""
        self._container = element if container else None
        self._walk(element, Role.BODY, Style.PLAIN, 0, pre=False)
        self._flush(Role.BODY)
        return self.items

    def convert_children(self, elements: Iterable[etree._Element]) -> list[Item]:
        """The items of several sibling elements, in order."""
        for element in elements:
            self._walk(element, Role.BODY, Style.PLAIN, 0, pre=False)
        self._flush(Role.BODY)
        return self.items

    def _walk(self, element: etree._Element, role: Role, style: Style, depth: int, *, pre: bool) -> None:
        name = local_name(element)
        if not name or name in _SKIP or element in self._taken or (self.skip and self.skip(element)):
            return
        if depth > _MAX_DEPTH:
            self._buffer.append((element_text(element), style))
            return
        if name in _HEADINGS:
            self._flush(role)
            text = element_text(element)
            if text:
                self.items.append(Heading(_HEADINGS[name], self._smart(text), element))
            return
        if name == "hr":
            self._flush(role)
            self.items.append(SceneBreak())
            return
        if name == "br":
            self._buffer.append(("\n", style))
            return
        style |= _inline_style(element, name)
        block = name in _BLOCK
        if block:
            self._flush(role)
            if name == "p" and self.labels and len(element) <= 1 and self._labelled(element):
                return
            if element is self._container:
                pass
            elif name == "blockquote":
                role = Role.QUOTE
            elif is_centred(element, name):
                role = Role.CENTERED
            elif name in ("h4", "h5", "h6"):
                style |= Style.STRONG
            pre = pre or name == "pre"
        if element.text:
            self._buffer.append((element.text, style))
        for child in element:
            self._walk(child, role, style, depth + 1, pre=pre)
            if child.tail:
                self._buffer.append((child.tail, style))
        if block:
            self._flush(role, pre=pre)

    def _labelled(self, element: etree._Element) -> bool:
        """``<p>Chapter Notes</p><blockquote>...`` -> one Labelled item; the quote is taken."""
        if len(element.text or "") > 60:
            return False
        label = element_text(element)
        following = element.getnext()
        if label.lower() not in self.labels or following is None or local_name(following) != "blockquote":
            return False
        inner = Converter(smart=self.smart).convert(following, container=True)
        paragraphs = tuple(item for item in inner if isinstance(item, Paragraph))
        headings = [
            Paragraph((Span(item.text, Style.STRONG),)) for item in inner if isinstance(item, Heading)
        ]
        self.items.append(Labelled(label, (*headings, *paragraphs) if headings else paragraphs))
        self._taken.add(following)
        return True

    def _flush(self, role: Role, *, pre: bool = False) -> None:
        if not self._buffer:
            return
        pieces = _normalise(self._buffer, pre=pre)
        self._buffer = []
        if not pieces:
            return
        text = "".join(text for text, _ in pieces)
        if not text.strip():
            return  # <p>&nbsp;</p>: spacing in word-processor HTML, not a paragraph
        if is_ornament(text):
            self.items.append(SceneBreak())
            return
        spans = self._spans(pieces)
        self.items.append(Paragraph(spans, verse="\n" in text, role=role))

    def _spans(self, pieces: list[tuple[str, Style]]) -> tuple[Span, ...]:
        if not self.smart:
            return tuple(Span(text, style) for text, style in pieces)
        # Quotes are curled over the whole paragraph (a quote mark may sit outside an <em>), then
        # cut back at the same offsets (curl_quotes keeps length); dashes and ellipses per span.
        curled = curl_quotes("".join(text for text, _ in pieces))
        spans: list[Span] = []
        at = 0
        for text, style in pieces:
            spans.append(Span(smart_text(curled[at : at + len(text)]), style))
            at += len(text)
        return tuple(spans)

    def _smart(self, text: str) -> str:
        return smart_text(text) if self.smart else text


def _normalise(buffer: list[tuple[str, Style]], *, pre: bool) -> list[tuple[str, Style]]:
    """Collapse whitespace across span boundaries, keep ``br`` line breaks, merge equal styles."""
    pieces: list[list[object]] = []
    for raw, style in buffer:
        if raw == "\n" or pre:
            lines = raw.replace("\r\n", "\n").split("\n") if pre else ["", ""]
            for index, line in enumerate(lines):
                if index:
                    if pieces:
                        pieces[-1][0] = str(pieces[-1][0]).rstrip(" ")
                    pieces.append(["\n", style])
                text = _SPACES.sub(" ", line)
                if text:
                    _append(pieces, text, style)
            continue
        _append(pieces, _collapse(raw), style)
    while pieces and str(pieces[-1][0]).strip(" \n") == "":
        pieces.pop()
    while pieces and str(pieces[0][0]).strip(" \n") == "":
        pieces.pop(0)
    if not pieces:
        return []
    pieces[-1][0] = str(pieces[-1][0]).rstrip(" \n")
    merged: list[tuple[str, Style]] = []
    for raw_text, raw_style in pieces:
        assert isinstance(raw_style, Style)
        text, style = str(raw_text), raw_style
        if not text:
            continue
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    # A run of breaks is one break; no space hugs a line break.
    return [(_BREAKS.sub("\n", text) if "\n" in text else text, style) for text, style in merged]


_BREAKS = re.compile(r" *\n[ \n]*")
_ODD_SPACE = re.compile(r"[\t\n\r\f\v]|  ")


def _collapse(text: str) -> str:
    """Runs of whitespace to one space (most text has none to collapse: skip the regex)."""
    return _SPACES.sub(" ", text) if _ODD_SPACE.search(text) else text


def _append(pieces: list[list[object]], text: str, style: Style) -> None:
    last = str(pieces[-1][0]) if pieces else "\n"
    if last.endswith((" ", "\n")) or not last:
        text = text.lstrip(" ")
    if text:
        pieces.append([text, style])


def paragraphs_of(items: Iterable[Item]) -> tuple[Paragraph, ...]:
    """The paragraphs among ``items`` (headings become bold paragraphs: no word is dropped)."""
    out: list[Paragraph] = []
    for item in items:
        if isinstance(item, Paragraph):
            out.append(item)
        elif isinstance(item, Heading):
            out.append(Paragraph((Span(item.text, Style.STRONG),)))
        elif isinstance(item, Labelled):
            out.append(Paragraph((Span(item.label, Style.STRONG),)))
            out.extend(item.paragraphs)
    return tuple(out)
