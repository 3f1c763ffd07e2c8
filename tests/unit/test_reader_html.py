"""HTML reader: AO3's download template, FanFicFare's HTML, any HTML with h1-h3; untrusted input."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from bookbinder import api
from bookbinder.errors import InputError
from bookbinder.model import AuthorNote, Matter, Paragraph, Role, SceneBreak, Source, Style
from bookbinder.readers import ReadContext, reader_for, suffixes
from bookbinder.readers.html import HtmlReader
from bookbinder.words import manuscript_words, words

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
AO3 = FIXTURES / "ao3_multi.html"
FFF = FIXTURES / "fanficfare.html"


def read_html(text: str, name: str = "story.html"):  # type: ignore[no-untyped-def]
    return HtmlReader().read(text.encode("utf-8"), Path(name), ReadContext())


def test_html_suffixes_are_registered() -> None:
    assert {".html", ".htm"} <= suffixes()
    assert reader_for(Path("x.HTML")).name == "html"


def test_ao3_metadata_from_the_preface() -> None:
    reading = api.read(AO3)
    md = reading.manuscript.metadata
    assert reading.reader == "html"
    assert md.title == "The Lantern Keeper"
    assert md.authors == ("wren_alder",)
    assert md.rating == "Teen And Up Audiences"
    assert md.warnings == ("No Archive Warnings Apply",)
    assert md.fandoms == ("Invented Fandom",)
    assert md.relationships == ("Mira & Tobin", "Mira/The Sea")
    assert md.characters == ("Mira Sallow", "Tobin Reed")
    assert "Storms, Mostly" in md.subjects and "Gen" in md.subjects  # a tag keeps its comma
    assert (md.series, md.series_index) == ("Harbour Lights", 2)
    assert md.language == "en"
    assert md.date == "2021-03-04"
    assert md.status == "Complete" and md.chapter_count == "3/3"
    assert md.source_url == "https://archiveofourown.org/works/1234567"
    assert md.publisher == "Archive of Our Own"
    assert md.description == "A keeper, a storm, and the last lamp on the coast."
    assert ("collections", "Autumn Exchange") in md.extra
    assert md.source("rating") is Source.FRONT_MATTER


def test_ao3_chapters_notes_and_afterword() -> None:
    manuscript = api.read(AO3).manuscript
    assert [c.title for c in manuscript.chapters] == [
        "Chapter 1: Oil and Wick",
        "Chapter 2",
        "Chapter 3: Landfall",
    ]
    first = manuscript.chapters[0].blocks
    assert isinstance(first[0], AuthorNote) and first[0].paragraphs[0].text == "Chapter Summary"
    assert first[0].paragraphs[1].text == "Mira trims the wick."
    assert isinstance(first[-1], AuthorNote) and "More soon." in first[-1].paragraphs[-1].text
    assert sum(isinstance(b, SceneBreak) for b in first) == 2  # <hr/> and a centred * * *
    body = [b for b in first if isinstance(b, Paragraph)]
    assert any(s.style is Style.EMPHASIS and s.text == "oil" for s in body[0].spans)
    assert any(s.style is Style.STRONG for s in body[1].spans)
    second = [b for b in manuscript.chapters[1].blocks if isinstance(b, Paragraph)]
    assert second[0].role is Role.QUOTE and second[1].role is Role.CENTERED
    assert second[3].verse and second[3].text.count("\n") == 2
    assert [(s.title, s.kind) for s in manuscript.front_matter] == [("Notes", Matter.NOTE)]
    assert [(s.title, s.kind) for s in manuscript.back_matter] == [("End Notes", Matter.AFTERWORD)]


def test_ao3_story_words_all_reach_the_model_in_order() -> None:
    root = lxml_html.fromstring(AO3.read_bytes())
    for script in root.iter("script"):
        script.drop_tree()
    source: list[str] = []
    for node in root.xpath("//div[@id='chapters']//*[self::h2 or self::blockquote or self::p or self::h3]"):
        if node.tag == "p" and node.xpath("ancestor::blockquote"):
            continue
        source.extend(words(node.text_content()))
    model = manuscript_words(api.read(AO3).manuscript)
    it = iter(model)
    missing = [w for w in source if w not in it]
    assert not missing, missing
    assert "document" not in model  # the script's text never arrives


def test_fanficfare_html() -> None:
    reading = api.read(FFF)
    md = reading.manuscript.metadata
    assert md.title == "Salt Roads" and md.authors == ("quill_and_ink",)
    assert md.source_url == "https://www.example.net/s/7654321/1/"
    assert md.rating == "K+" and md.description == "Two couriers and one very long road."
    assert "Adventure" in md.subjects
    assert [c.title for c in reading.manuscript.chapters] == ["1. Departure", "2. The Ford"]
    assert reading.manuscript.source_contents == ("1. Departure", "2. The Ford")
    assert any(isinstance(b, SceneBreak) for b in reading.manuscript.chapters[0].blocks)


def test_any_html_with_headings_makes_parts_and_chapters() -> None:
    reading = read_html(
        "<html lang='fr'><head><title>Le Livre</title><meta name='author' content='J. Dupont'></head><body>"
        "<h1>Le Livre</h1><h2>Première partie</h2><h3>Un</h3><p>Le premier texte est ici.</p>"
        "<h3>Deux</h3><p>Le deuxième texte est là.</p><h2>Seconde partie</h2><h3>Trois</h3><p>Fin.</p>"
        "</body></html>"
    )
    manuscript = reading.manuscript
    assert manuscript.metadata.title == "Le Livre" and manuscript.metadata.authors == ("J. Dupont",)
    assert [(c.part, c.title) for c in manuscript.chapters] == [
        ("Première partie", "Un"),
        ("Première partie", "Deux"),
        ("Seconde partie", "Trois"),
    ]


def test_html_without_headings_is_one_chapter() -> None:
    reading = read_html("<p>Just one paragraph of a story.</p><p>And another.</p>")
    assert len(reading.manuscript.chapters) == 1
    assert manuscript_words(reading.manuscript) == words("Just one paragraph of a story. And another.")


def test_scripts_events_and_entities_never_reach_the_book() -> None:
    hostile = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<html><body><h2>One</h2><p onclick='evil()'>Safe &xxe; text &lol2;.</p>"
        "<script>var secret = 'leak';</script><style>p{}</style><iframe src='https://example.org/'>frame"
        "</iframe><img src='https://example.org/track.png' onerror='x()'></body></html>"
    )
    text = " ".join(manuscript_words(read_html(hostile).manuscript))
    assert "root" not in text and "leak" not in text and "evil" not in text and "frame" not in text
    assert "lol lol" not in text
    assert "Safe" in text


@pytest.mark.parametrize("data", [b"", b"   \n\t", b"<html></html>", b"\x00\x00\x00"])
def test_empty_html_is_a_clean_error(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        HtmlReader().read(data, Path("empty.html"), ReadContext())
    assert str(caught.value).startswith("empty.html: ")


def test_legacy_charset_is_honoured() -> None:
    data = "<meta charset='windows-1252'><p>Caf\u00e9 na\u00efve</p>".encode("cp1252")
    reading = HtmlReader().read(data, Path("old.html"), ReadContext())
    assert reading.encoding == "windows-1252"
    assert "Café" in reading.manuscript.chapters[0].blocks[0].text  # type: ignore[union-attr]


def test_ao3_single_chapter_work() -> None:
    page = (
        '<html><body><div id="preface"><h2 class="toc-heading">Preface</h2><div class="meta">'
        '<dl class="tags"><dt>Rating:</dt><dd><a href="#">General Audiences</a></dd>'
        '<dt>Fandoms:</dt><dd><a href="#">First Fandom</a>, <a href="#">Second Fandom</a></dd>'
        "<dt>Stats:</dt><dd>Published: 2022-02-02 Words: 9 Chapters: 1/?</dd></dl>"
        '<h1>Small Hours</h1><div class="byline">by <a href="#">one</a>, <a href="#">two</a></div>'
        "</div></div>"
        '<div id="chapters" class="userstuff"><div class="userstuff"><h2>A heading the author wrote</h2>'
        "<p>Nine words of story in a one shot work.</p></div></div>"
        '<div id="afterword"><h2 class="toc-heading">Afterword</h2>'
        '<p class="message">Please comment.</p></div>'
        "</body></html>"
    )
    manuscript = read_html(page).manuscript
    assert manuscript.metadata.fandoms == ("First Fandom", "Second Fandom")
    assert manuscript.metadata.authors == ("one", "two")
    assert manuscript.metadata.status == "In Progress"
    assert len(manuscript.chapters) == 1 and manuscript.chapters[0].title is None
    assert manuscript_words(manuscript) == words(
        "A heading the author wrote Nine words of story in a one shot work."
    )


def test_spacer_paragraphs_are_not_paragraphs() -> None:
    reading = read_html("<h2>One</h2><p>Text.</p><p>&nbsp;</p><p>\u00a0 \u2003</p><p>More text.</p>")
    assert [b.text for b in reading.manuscript.chapters[0].blocks] == ["Text.", "More text."]  # type: ignore[union-attr]
