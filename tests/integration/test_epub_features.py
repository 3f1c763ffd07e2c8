"""Front matter, volumes, paragraph roles, ranked headings, distinct labels, passage languages,
accessibility metadata, and the KEPUB's Kobo spans."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.books import para
from helpers.epub import EPUB_TYPE, NS, Epub

from bookbinder import words
from bookbinder.covers import CoverArt
from bookbinder.model import Chapter, Manuscript, Matter, Metadata, Paragraph, Role, Section, Span, Style
from bookbinder.writers import BuildContext
from bookbinder.writers.epub import EpubWriter
from bookbinder.writers.kepub import KepubWriter
from bookbinder.writers.kepub.spans import sentences

X = f"{{{NS['x']}}}"


def _build(manuscript: Manuscript, target: Path, writer: EpubWriter | None = None) -> Epub:
    ctx = BuildContext(cover=CoverArt(manuscript.metadata), timestamp=datetime(2024, 1, 1, tzinfo=UTC))
    (writer or EpubWriter()).write(manuscript, target, ctx)
    return Epub(target)


def _omnibus() -> Manuscript:
    chapters = []
    for volume in ("Volume One", "Volume Two"):
        for part in ("Book One", "Book Two"):
            for number in ("I", "II"):
                chapters.append(Chapter(f"Chapter {number}", (para(f"{volume} {part} {number} text."),),
                                        part=part, volume=volume))
    front = (Section("", (para("For my mother."),), Matter.DEDICATION),
             Section("Preface", (para("Why I wrote this."),), Matter.PREFACE))
    back = (Section("Notes", (para("1. A note."),), Matter.NOTES),
            Section("Licence", (para("Free to share."),), Matter.LICENCE),
            Section("Odds and ends", (para("Other."),), Matter.OTHER))
    return Manuscript(Metadata(title="Omnibus", authors=("A. Writer",)), tuple(chapters), back, front)


@pytest.fixture(scope="module")
def omnibus(tmp_path_factory: pytest.TempPathFactory) -> Epub:
    return _build(_omnibus(), tmp_path_factory.mktemp("omni") / "omnibus.epub")


def test_front_matter_comes_before_chapter_one_with_its_epub_type(omnibus: Epub) -> None:
    spine = omnibus.spine()
    order = [spine.index(f"text/{name}.xhtml") for name in ("front01", "front02", "vol01")]
    assert order == sorted(order)
    dedication = omnibus.xml("text/front01.xhtml").find(f".//{X}section", NS)
    assert dedication is not None and dedication.attrib[EPUB_TYPE] == "dedication"
    assert dedication.attrib["role"] == "doc-dedication"
    preface = omnibus.xml("text/front02.xhtml").find(f".//{X}section", NS)
    assert preface is not None and preface.attrib[EPUB_TYPE] == "preface"


def test_back_matter_is_an_appendix_only_when_it_is_one(omnibus: Epub) -> None:
    kinds = [omnibus.xml(f"text/back0{n}.xhtml").find(f".//{X}section", NS) for n in (1, 2, 3)]
    assert [k.attrib.get(EPUB_TYPE) for k in kinds if k is not None] == ["endnotes", "copyright-page", None]
    assert all(k is not None and k.attrib.get(EPUB_TYPE) != "appendix" for k in kinds)


def test_every_word_including_front_matter_and_volumes_reaches_the_epub(omnibus: Epub) -> None:
    assert omnibus.story_words() == words.manuscript_words(_omnibus())


def test_volumes_nest_in_nav_and_ncx_with_distinct_labels(omnibus: Epub) -> None:
    nav = omnibus.nav_tree()
    assert nav == omnibus.ncx_tree()
    top = [label for label, _, _ in nav]
    assert top[2:4] == ["Volume One", "Volume Two"]
    book_one = nav[2][2][0]
    assert book_one[0] == "Volume One, Book One"
    assert [c[0] for c in book_one[2]] == ["Volume One, Book One, Chapter I",
                                           "Volume One, Book One, Chapter II"]
    titles = [omnibus.xml(href).findtext(f"{X}head/{X}title") for href in omnibus.spine() if "/ch" in href]
    assert len(titles) == len(set(titles)) == 8


def test_headings_are_ranked_by_depth_from_h1(omnibus: Epub) -> None:
    def first_heading(href: str) -> str:
        found = next(e for e in omnibus.xml(href).iter() if re.fullmatch(rf"{X}h[1-6]", str(e.tag)))
        return str(found.tag).removeprefix(X)

    assert first_heading("text/vol01.xhtml") == "h1"
    assert first_heading("text/part01.xhtml") == "h2"
    assert first_heading("text/ch001.xhtml") == "h3"
    assert first_heading("text/front02.xhtml") == "h1"


def test_roles_are_classes_and_elements(tmp_path: Path) -> None:
    blocks = (
        Paragraph((Span("A letter, quoted."),), role=Role.QUOTE),
        Paragraph((Span("Its second paragraph."),), role=Role.QUOTE),
        Paragraph((Span("THE END"),), role=Role.CENTERED),
        Paragraph((Span("Hamlet", Style.SMALL_CAPS), Span(" To be, or not to be.")), role=Role.SPEECH),
        Paragraph((Span("Exit."),), role=Role.STAGE),
        Paragraph((Span("A map of the town."),), role=Role.CAPTION),
    )
    book = _build(Manuscript(Metadata(title="Roles"), (Chapter("One", blocks),)), tmp_path / "roles.epub")
    doc = book.xml("text/ch001.xhtml")
    quotes = doc.findall(f".//{X}blockquote", NS)
    assert len(quotes) == 1 and len(quotes[0].findall(f"{X}p")) == 2
    classes = [p.attrib.get("class") for p in doc.iter(f"{X}p")]
    assert classes[2:] == ["centered", "speech", "stage", "caption"]
    speaker = doc.find(f".//{X}span[@class='speaker']", NS)
    assert speaker is not None and speaker.text == "Hamlet"


def test_foreign_passages_carry_their_language(tmp_path: Path) -> None:
    blocks = (para("He said it plainly, in English."),
              para("Μῆνιν ἄειδε θεὰ Πηληϊάδεω Ἀχιλῆος"),
              para("Война и мир, сказал он."))
    book = _build(Manuscript(Metadata(title="Tongues", language="en"), (Chapter("One", blocks),)),
                  tmp_path / "lang.epub")
    langs = [p.attrib.get("lang") for p in book.xml("text/ch001.xhtml").iter(f"{X}p")]
    assert langs == [None, "el", "ru"]


def test_accessibility_metadata_is_honest(omnibus: Epub) -> None:
    props: dict[str, list[str]] = {}
    for meta in omnibus.opf.iterfind("opf:metadata/opf:meta", NS):
        if "property" in meta.attrib:
            props.setdefault(meta.attrib["property"], []).append(meta.text or "")
    assert props["schema:accessMode"] == ["textual"]  # a cover alone is not visual content
    assert "alternativeText" not in props["schema:accessibilityFeature"]
    assert "displayTransformability" in props["schema:accessibilityFeature"]
    assert "pageNavigation" not in props["schema:accessibilityFeature"]  # no PDF built: no page list
    assert props["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert omnibus.opf.attrib["{http://www.w3.org/XML/1998/namespace}lang"] == "en"


def test_sentences_concatenate_back_exactly() -> None:
    text = "He said, \u201cStop.\u201d Then he left!  Why? Because\u2026 she came"
    assert sentences(text) == ["He said, \u201cStop.\u201d ", "Then he left!  ", "Why? ", "Because\u2026 ",
                               "she came"]
    assert "".join(sentences(text)) == text


def test_kepub_wraps_each_sentence_in_a_kobo_span(tmp_path: Path) -> None:
    text = "One sentence. Two sentences! Three? "
    manuscript = Manuscript(Metadata(title="Kobo"),
                            (Chapter("One", (para(text + "Four with <b> & em."),
                                             Paragraph((Span("Start "), Span("mid", Style.EMPHASIS),
                                                        Span(" end. Next.")))),),))
    book = _build(manuscript, tmp_path / "kobo.kepub.epub", KepubWriter())
    doc = book.xml("text/ch001.xhtml")
    body = doc.find(f"{X}body")
    assert body is not None
    columns = body.find(f"{X}div")
    assert columns is not None and columns.attrib["id"] == "book-columns"
    assert columns[0].attrib["id"] == "book-inner"
    first = next(doc.iter(f"{X}p"))
    spans = first.findall(f"{X}span")
    assert [s.text for s in spans] == ["One sentence. ", "Two sentences! ", "Three? ", "Four with <b> & em."]
    assert [s.attrib["id"] for s in spans] == ["kobo.2.1", "kobo.2.2", "kobo.2.3", "kobo.2.4"]
    assert all(s.attrib["class"] == "koboSpan" for s in spans)
    assert Epub(tmp_path / "kobo.kepub.epub").story_words() == words.manuscript_words(manuscript)
