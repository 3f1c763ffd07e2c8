"""Fuzzing the markup readers as test_fuzz.py fuzzes the text reader: any bytes give a reading or
a one-line BookbinderError, never another exception."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from helpers.epub_fixtures import Doc, build_epub
from helpers.strategies import ANY_CHAR, assert_clean_error
from hypothesis import given, settings
from hypothesis import strategies as st

from bookbinder.errors import BookbinderError
from bookbinder.readers import ReadContext
from bookbinder.readers.docx import DocxReader
from bookbinder.readers.epub import EpubReader
from bookbinder.readers.html import HtmlReader
from bookbinder.readers.markdown import MarkdownReader
from bookbinder.readers.reading import Reading

TAGS = (
    "p",
    "div",
    "em",
    "b",
    "i",
    "strong",
    "h1",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "hr",
    "br",
    "center",
    "span",
    "script",
    "table",
    "tr",
    "td",
    "dl",
    "dt",
    "dd",
    "ol",
    "li",
    "pre",
    "a",
    "sup",
)
ATTRS = (
    "",
    ' id="preface"',
    ' id="chapters"',
    ' id="afterword"',
    ' class="meta group"',
    ' class="heading"',
    ' class="userstuff"',
    ' align="center"',
    ' style="font-style:italic"',
    ' onclick="x()"',
    ' id="fn1"',
)


def check(reader: object, data: bytes, name: str) -> Reading | None:
    try:
        reading = reader.read(data, Path(name), ReadContext())  # type: ignore[attr-defined]
    except BookbinderError as err:
        assert_clean_error(err)
        return None
    assert reading.manuscript.chapters and reading.manuscript.metadata.title.strip()
    return reading


markup = st.lists(
    st.one_of(
        st.text(ANY_CHAR, max_size=30),
        st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
        st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
        st.sampled_from(
            (
                "<p>Chapter Notes</p>",
                "<p>Summary</p>",
                "<dt>Rating:</dt>",
                "<dd>x</dd>",
                "<b>Rating:</b>",
                "* * *",
                "&amp;",
                "&nbsp;",
                "&bogus;",
                "<!--",
                "-->",
                "<![CDATA[",
                "<?xml ?>",
                "<!DOCTYPE html>",
            )
        ),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(markup)
def test_html_reader_is_total_on_tag_soup(text: str) -> None:
    check(HtmlReader(), text.encode("utf-8", "surrogatepass"), "fuzz.html")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_html_reader_is_total_on_bytes(data: bytes) -> None:
    check(HtmlReader(), data, "fuzz.html")


@settings(max_examples=200, deadline=None)
@given(st.text(ANY_CHAR, max_size=1500))
def test_markdown_reader_is_total(text: str) -> None:
    check(MarkdownReader(), text.encode("utf-8", "surrogatepass"), "fuzz.md")


@settings(max_examples=100, deadline=None)
@given(markup, st.sampled_from((2, 3)))
def test_epub_reader_is_total_on_any_content(body: str, version: int) -> None:
    data = build_epub([Doc("c1.xhtml", "One", body), Doc("c2.xhtml", None, body)], version=version)
    check(EpubReader(), data, "fuzz.epub")


VALID_EPUB = build_epub([Doc("c1.xhtml", "One", "<p>Some words of a story.</p>")])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(VALID_EPUB) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_epub_reader_is_total_on_damaged_archives(flips: list[tuple[int, int]]) -> None:
    data = bytearray(VALID_EPUB)
    for at, value in flips:
        data[at] = value
    check(EpubReader(), bytes(data), "fuzz.epub")


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            (
                "mimetype",
                "META-INF/container.xml",
                "OEBPS/content.opf",
                "content.opf",
                "OEBPS/toc.ncx",
                "word/document.xml",
            )
        ),
        st.binary(max_size=300),
        max_size=5,
    )
)
def test_zip_readers_are_total_on_arbitrary_entries(entries: dict[str, bytes]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    check(EpubReader(), out.getvalue(), "fuzz.epub")
    check(DocxReader(), out.getvalue(), "fuzz.docx")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=1000))
def test_docx_reader_is_total_on_bytes(data: bytes) -> None:
    check(DocxReader(), data, "fuzz.docx")


WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéøß"), min_size=1, max_size=8)
INLINE = ("em", "i", "b", "strong", "span", "a", "cite", "sup", "small")
BLOCKS = ("p", "div", "blockquote", "li", "h2", "h3", "h4", "td", "pre", "center")


@st.composite
def story_markup(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Random but well-formed story HTML and the words it holds, in order."""
    out: list[str] = []
    said: list[str] = []
    for _ in range(draw(st.integers(1, 12))):
        block = draw(st.sampled_from(BLOCKS))
        pieces = []
        for word in draw(st.lists(WORD, min_size=1, max_size=10)):
            said.append(word)
            tag = draw(st.sampled_from((None, *INLINE)))
            pieces.append(f"<{tag}>{word}</{tag}>" if tag else word)
            pieces.append(draw(st.sampled_from((" ", "\n", "<br/>", " <hr/> "))))
        out.append(f"<{block}>{''.join(pieces)}</{block}>")
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(("<hr/>", "<p>* * *</p>", "<script>var hidden = 1;</script>"))))
    return "<html><body>" + "".join(out) + "</body></html>", said


@settings(max_examples=150, deadline=None)
@given(story_markup())
def test_html_reader_loses_no_word(story: tuple[str, list[str]]) -> None:
    from bookbinder.words import manuscript_words, words

    text, said = story
    reading = check(HtmlReader(), text.encode("utf-8"), "words.html")
    assert reading is not None
    assert manuscript_words(reading.manuscript) == [w for s in said for w in words(s)]
