"""EPUB reader: EPUB 2 and 3 (spine, nav/NCX titles, OPF metadata), AO3 and FanFicFare EPUBs,
and hostile archives (path escapes, bombs, XXE, size bound)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from helpers.epub_fixtures import Doc, Meta, build_epub

from bookbinder.errors import InputError
from bookbinder.model import SceneBreak
from bookbinder.readers import ReadContext, reader_for
from bookbinder.readers.epub import EpubReader
from bookbinder.words import manuscript_words, words

HTML = Path(__file__).resolve().parent.parent / "fixtures" / "html"
DOCS = [
    Doc("cover.xhtml", None, "<div><img src='cover.jpg' alt='cover'/></div>"),
    Doc("title.xhtml", None, "<h1>Tidewater</h1><p>A. Writer</p>"),
    Doc(
        "c1.xhtml",
        "Chapter One",
        "<h2>Chapter One</h2><p>The first <em>tide</em> came in.</p><p>* * *</p><p>Evening fell.</p>",
    ),
    Doc("c1b.xhtml", None, "<p>The chapter goes on in a second file.</p>"),
    Doc("c2.xhtml", "Chapter Two", "<p>A chapter whose file has no heading.</p>"),
]
META = Meta(
    title="Tidewater",
    subjects=("Sea", "Family"),
    description="<p>A <b>quiet</b> book.</p>",
    source="https://example.org/s/1",
    publisher="Example Press",
    series="Coast",
    series_index="2",
)


def read(data: bytes, name: str = "book.epub"):  # type: ignore[no-untyped-def]
    return EpubReader().read(data, Path(name), ReadContext())


@pytest.mark.parametrize("version", [2, 3])
def test_any_epub_spine_titles_and_metadata(version: int) -> None:
    reading = read(build_epub(DOCS, META, version=version))
    manuscript = reading.manuscript
    assert reading.reader == "epub" and reader_for(Path("x.epub")).name == "epub"
    assert [c.title for c in manuscript.chapters] == ["Chapter One", "Chapter Two"]
    first = manuscript.chapters[0].blocks
    assert any(isinstance(b, SceneBreak) for b in first)
    assert first[-1].text == "The chapter goes on in a second file."  # type: ignore[union-attr]
    md = manuscript.metadata
    assert md.title == "Tidewater" and md.authors == ("A. Writer",)
    assert md.subjects == ("Sea", "Family") and md.description == "A quiet book."
    assert md.source_url == "https://example.org/s/1" and md.publisher == "Example Press"
    assert (md.series, md.series_index) == ("Coast", 2)
    assert manuscript.source_contents == ("Chapter One", "Chapter Two")
    story = words(
        "Chapter One The first tide came in. Evening fell. The chapter goes on in a second file. "
        "Chapter Two A chapter whose file has no heading."
    )
    assert manuscript_words(manuscript) == story


def test_ao3_epub_reads_the_template_across_files() -> None:
    from lxml import html

    root = html.fromstring(HTML.joinpath("ao3_multi.html").read_bytes())
    body = root.find("body")
    assert body is not None
    pieces = [html.tostring(child, encoding="unicode") for child in body]  # preface, chapters, afterword
    docs = [Doc(f"part{i}.xhtml", None, piece) for i, piece in enumerate(pieces)]
    meta = Meta(title="The Lantern Keeper", authors=("wren_alder",), subjects=("Fanworks", "Gen"))
    reading = read(build_epub(docs, meta, version=2))
    md = reading.manuscript.metadata
    assert md.rating == "Teen And Up Audiences" and md.fandoms == ("Invented Fandom",)
    assert reading.manuscript.chapters[0].title == "Chapter 1: Oil and Wick"


def test_fanficfare_epub_title_page_is_metadata() -> None:
    title_page = (
        "<h3><a href='https://www.example.net/s/1/1/'>Salt Roads</a> by <a>quill</a></h3><div>"
        "<b>Category:</b> Invented Fandom<br/><b>Rating:</b> K+<br/><b>Status:</b> Completed<br/>"
        "<b>Words:</b> 2,000<br/><b>Summary:</b> Two couriers.<br/></div>"
    )
    docs = [
        Doc("title_page.xhtml", None, title_page),
        Doc("file0001.xhtml", "1. Departure", "<h3>1. Departure</h3><p>The road began.</p>"),
    ]
    reading = read(build_epub(docs, Meta(title="Salt Roads", authors=("quill",)), version=2))
    md = reading.manuscript.metadata
    assert md.rating == "K+" and md.status is not None
    assert [c.title for c in reading.manuscript.chapters] == ["1. Departure"]
    assert "Invented Fandom" not in " ".join(manuscript_words(reading.manuscript))


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_entries_escaping_the_archive_are_ignored() -> None:
    evil = Meta(extra_files={"../../evil.xhtml": b"<p>escaped</p>", "/abs.xhtml": b"<p>absolute</p>"})
    docs = [*DOCS, Doc("../../evil.xhtml", "Evil", "<p>escaped</p>")]
    reading = read(build_epub(docs, evil))
    assert "escaped" not in manuscript_words(reading.manuscript)


def test_zip_bomb_is_refused() -> None:
    data = build_epub(DOCS, Meta(extra_files={"OEBPS/c2.xhtml.bak": b"0" * 30_000_000}))
    bomb = build_epub([*DOCS[:2], Doc("c2.xhtml", "Two", "<p>" + "a " * 5_000_000 + "</p>")])
    with pytest.raises(InputError, match="zip bomb"):
        read(bomb)
    read(data)  # a big entry that is never read does no harm


def test_oversize_epub_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import bookbinder.readers.epub as epub

    monkeypatch.setattr(epub, "MAX_EPUB_BYTES", 1000)
    with pytest.raises(InputError, match="EPUB too large"):
        read(build_epub(DOCS))


def test_external_entities_in_the_package_are_not_expanded() -> None:
    xxe = '<!DOCTYPE package [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    data = build_epub(DOCS, Meta(title="&xxe;"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    opf = entries["OEBPS/content.opf"].decode()
    entries["OEBPS/content.opf"] = opf.replace("?>\n", "?>\n" + xxe, 1).encode()
    try:
        reading = read(_zip(entries))
    except InputError as err:
        assert "root:" not in str(err)
    else:
        assert "root" not in reading.manuscript.metadata.title


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04garbage", b"not a zip at all", _zip({"mimetype": b"x"})])
def test_malformed_epub_is_one_clean_error(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read(data, "bad.epub")
    message = str(caught.value)
    assert message.startswith("bad.epub: ") and "\n" not in message


def test_drm_epub_is_refused() -> None:
    encryption = (
        b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        b'<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
        b"</enc:EncryptedData></encryption>"
    )
    with pytest.raises(InputError, match="DRM"):
        read(build_epub(DOCS, Meta(extra_files={"META-INF/encryption.xml": encryption})))


def test_part_title_pages_open_parts() -> None:
    docs = [
        Doc(
            "p1.xhtml",
            "Part One",
            "<h1>Part One</h1>",
            children=(
                Doc("c1.xhtml", "One", "<h2>One</h2><p>First chapter text.</p>"),
                Doc("c2.xhtml", "Two", "<h2>Two</h2><p>Second chapter text.</p>"),
            ),
        ),
        Doc(
            "p2.xhtml",
            "Part Two",
            "<h1>Part Two</h1>",
            children=(Doc("c3.xhtml", "Three", "<h2>Three</h2><p>Third chapter text.</p>"),),
        ),
    ]
    manuscript = read(build_epub(docs)).manuscript
    assert [(c.part, c.title) for c in manuscript.chapters] == [
        ("Part One", "One"),
        ("Part One", "Two"),
        ("Part Two", "Three"),
    ]
    assert manuscript_words(manuscript) == words(
        "Part One One First chapter text. Two Second chapter text. Part Two Three Third chapter text."
    )


def test_ao3_epub_split_per_chapter_with_renamed_classes() -> None:
    """calibre (which makes AO3's EPUBs) splits at each chapter heading and may rename classes."""
    import re

    from lxml import html

    page = re.sub(r'class="[^"]*"', 'class="calibre3"', HTML.joinpath("ao3_multi.html").read_text())
    body = html.fromstring(page).find("body")
    assert body is not None
    preface, chapters, afterword = list(body)
    files: list[list[str]] = []
    for child in chapters:
        if child.find("h2") is not None or not files:
            files.append([])
        files[-1].append(html.tostring(child, encoding="unicode"))
    docs = [Doc("preface.xhtml", None, html.tostring(preface, encoding="unicode"))]
    docs += [Doc(f"split_{i:03}.xhtml", None, f"<div>{''.join(f)}</div>") for i, f in enumerate(files)]
    docs.append(Doc("afterword.xhtml", None, html.tostring(afterword, encoding="unicode")))
    manuscript = read(build_epub(docs, Meta(title="The Lantern Keeper"))).manuscript
    assert manuscript.metadata.rating == "Teen And Up Audiences"
    assert [c.title for c in manuscript.chapters] == [
        "Chapter 1: Oil and Wick",
        "Chapter 2",
        "Chapter 3: Landfall",
    ]
    assert [s.title for s in manuscript.back_matter] == ["End Notes"]


def test_a_contents_page_in_the_spine_is_not_a_chapter() -> None:
    toc_page = (
        "<h3>Table of Contents</h3><p><a href='file0001.xhtml'>1. Departure</a><br/>"
        "<a href='file0002.xhtml'>2. The Ford</a><br/></p>"
    )
    docs = [
        Doc("toc_page.xhtml", None, toc_page),
        Doc("file0001.xhtml", "1. Departure", "<h3>1. Departure</h3><p>The road began.</p>"),
        Doc("file0002.xhtml", "2. The Ford", "<h3>2. The Ford</h3><p>The river was high.</p>"),
    ]
    reading = read(build_epub(docs, version=2))
    assert [c.title for c in reading.manuscript.chapters] == ["1. Departure", "2. The Ford"]
    assert any("Table of Contents" in text for text in reading.consumed)
