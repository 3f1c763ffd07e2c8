"""The EPUB writer: structure (OPF, nav, NCX, landmarks), nothing lost, escaping, reproducibility."""

from __future__ import annotations

import hashlib
import io
import os
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from helpers.books import EPOCH, HOSTILE, build, kitchen_sink, para
from helpers.epub import EPUB_TYPE, NS, Epub
from hypothesis import given
from hypothesis import strategies as st

from bookbinder import api, styles, toc, words
from bookbinder.model import (
    Chapter,
    Manuscript,
    Metadata,
    SceneBreak,
)
from bookbinder.writers.xhtml import clean, document, paragraph


@pytest.fixture
def sink(tmp_path: Path) -> tuple[Manuscript, Epub]:
    manuscript = kitchen_sink()
    return manuscript, build(manuscript, tmp_path / "sink.epub")


def test_every_word_reaches_the_epub_in_order(sink: tuple[Manuscript, Epub]) -> None:
    manuscript, book = sink
    assert book.story_words() == words.manuscript_words(manuscript)


def test_hostile_text_reads_back_exactly_as_written(sink: tuple[Manuscript, Epub]) -> None:
    _, book = sink
    chapter = book.xml("text/ch001.xhtml")
    texts = ["".join(p.itertext()) for p in chapter.iter(f"{{{NS['x']}}}p")]
    assert texts[0] == HOSTILE
    assert chapter.find(".//x:script", NS) is None
    heading = chapter.find(".//x:h1", NS)  # no part above it: the top rank
    assert heading is not None and heading.text == "Prologue: <Before> & After"


def test_characters_xml_forbids_are_dropped_not_fatal(tmp_path: Path) -> None:
    nasty = "bell\x07 nul\x00 formfeed\x0c c1\x85 fffe\ufffe end"
    manuscript = Manuscript(Metadata(title=f"T{nasty}", authors=(f"A{nasty}",), description=nasty),
                            (Chapter(f"C{nasty}", (para(nasty),)),))
    book = build(manuscript, tmp_path / "nasty.epub")
    title = book.opf.find(".//dc:title", NS)
    assert title is not None and title.text == clean(f"T{nasty}") == "Tbell nul formfeed c1 fffe end"
    assert book.opf.find(".//dc:description", NS) is not None  # not silently dropped by lxml
    assert book.story_words() == words.manuscript_words(manuscript)


def test_markup_for_scene_breaks_emphasis_notes_and_verse(sink: tuple[Manuscript, Epub]) -> None:
    manuscript, book = sink
    docs = [book.xml(f"text/{toc.chapter_id(i)}.xhtml") for i in range(len(manuscript.chapters))]
    marks = [p for d in docs for p in d.iterfind(".//x:p[@class='scene-break']", NS)]
    assert len(marks) == sum(isinstance(b, SceneBreak) for c in manuscript.chapters for b in c.blocks) == 2
    assert {p.text for p in marks} == {styles.get(styles.DEFAULT).scene_break}  # shown without CSS too
    assert all(p.get("role") == "separator" for p in marks)
    first = docs[0]
    assert [e.text for e in first.iterfind(".//x:em", NS)] == ["un", "both"]
    assert [("".join(e.itertext())) for e in first.iterfind(".//x:strong", NS)] == ["loud", "both"]
    note = docs[1].find(".//x:div[@class='author-note']", NS)
    assert note is not None and len(note.findall("x:p", NS)) == 2
    verse = docs[1].find(".//x:p[@class='verse']", NS)
    assert verse is not None and len(verse.findall("x:br", NS)) == 2
    assert "".join(verse.itertext()) == "Roses are red\nViolets are <blue>\n& so are you"


def test_reading_order_one_file_per_chapter(sink: tuple[Manuscript, Epub]) -> None:
    _, book = sink
    assert book.spine() == [
        "text/cover.xhtml", "text/titlepage.xhtml", "text/copyright.xhtml", "text/about.xhtml", "nav.xhtml",
        "text/ch001.xhtml", "text/part01.xhtml", "text/ch002.xhtml", "text/ch003.xhtml",
        "text/part02.xhtml", "text/ch004.xhtml", "text/ch005.xhtml", "text/back01.xhtml",
    ]
    assert all(ref.get("linear") != "no" for ref in book.opf.iterfind("opf:spine/opf:itemref", NS))
    part = book.xml("text/part02.xhtml")
    section = part.find(".//x:section", NS)
    assert section is not None and section.attrib[EPUB_TYPE] == "part"
    assert "".join(section.itertext()).strip() == "Part Two: Winter"


def test_nav_nests_chapters_under_parts_and_ncx_mirrors_it(sink: tuple[Manuscript, Epub]) -> None:
    manuscript, book = sink
    nav = book.nav_tree()
    assert nav == book.ncx_tree()
    labels = [(label, [c[0] for c in children]) for label, _, children in nav]
    assert labels == [
        ("About this book", []),
        ("Prologue: <Before> & After", []),
        ("Part One: Spring", ["Chapter 1: Roses", "Chapter 3"]),
        ("Part Two: Winter", ["Chapter 3: Silence", "Chapter 4"]),
        ("The Project Gutenberg License & <Terms>", []),
    ]
    story = nav[1:-1]
    assert [e.title for e in toc.build_toc(manuscript)] == [label for label, _, _ in story]
    assert story[1][1] == "text/part01.xhtml" and story[1][2][0][1] == "text/ch002.xhtml"
    ncx = book.xml("toc.ncx")
    depth = ncx.find("ncx:head/ncx:meta[@name='dtb:depth']", NS)
    assert depth is not None and depth.attrib["content"] == "2"
    orders = [int(p.attrib["playOrder"]) for p in ncx.iter(f"{{{NS['ncx']}}}navPoint")]
    assert orders == list(range(1, len(orders) + 1))


def test_landmarks_and_guide(sink: tuple[Manuscript, Epub]) -> None:
    _, book = sink
    nav = book.xml("nav.xhtml")
    marks = next(n for n in nav.iter(f"{{{NS['x']}}}nav") if n.attrib.get(EPUB_TYPE) == "landmarks")
    found = {a.attrib[EPUB_TYPE]: a.attrib["href"] for a in marks.iter(f"{{{NS['x']}}}a")}
    assert found == {"cover": "text/cover.xhtml", "titlepage": "text/titlepage.xhtml", "toc": "nav.xhtml#toc",
                     "bodymatter": "text/ch001.xhtml"}
    guide = {r.attrib["type"]: r.attrib["href"] for r in book.opf.iterfind("opf:guide/opf:reference", NS)}
    assert guide == {"cover": "text/cover.xhtml", "title-page": "text/titlepage.xhtml",
                     "toc": "nav.xhtml#toc", "text": "text/ch001.xhtml"}
    for href in found.values():
        book.read(href)  # every landmark points at a real document


def test_cover_image_and_cover_page(sink: tuple[Manuscript, Epub]) -> None:
    _, book = sink
    image = book.item_with_property("cover-image")
    assert image.attrib["media-type"] == "image/jpeg"
    assert book.read(image.attrib["href"])[:3] == b"\xff\xd8\xff"
    legacy = book.opf.find("opf:metadata/opf:meta[@name='cover']", NS)
    assert legacy is not None and legacy.attrib["content"] == image.attrib["id"]
    first = book.spine()[0]
    assert "properties" not in book.manifest()["cover"].attrib  # a plain img, no SVG (Apple, Kobo)
    page = book.xml(first)
    assert page.find(".//{http://www.w3.org/2000/svg}svg", NS) is None
    img = page.find(".//x:img", NS)
    assert img is not None and img.attrib["alt"].startswith("Cover: Lantern <& Ash>, by R. Vale")
    assert os.path.normpath(os.path.join("text", img.attrib["src"])) == image.attrib["href"]
    from PIL import Image

    with Image.open(io.BytesIO(book.read(image.attrib["href"]))) as cover:
        assert cover.width * cover.height < 4_000_000  # Apple's best practice: under 4 megapixels


def test_package_metadata(sink: tuple[Manuscript, Epub]) -> None:
    manuscript, book = sink
    meta = book.opf.find("opf:metadata", NS)
    assert meta is not None

    def dc(name: str) -> list[str]:
        return [e.text or "" for e in meta.iterfind(f"dc:{name}", NS)]

    def prop(name: str, refines: str | None = None) -> list[str]:
        return [e.text or "" for e in meta.iterfind("opf:meta", NS)
                if e.get("property") == name and (refines is None or e.get("refines") == refines)]

    assert dc("title") == ["Lantern <& Ash>", "A story in ]]> parts"]
    assert dc("creator") == ["R. Vale", "Mo & Jo"]
    assert prop("file-as", "#creator01") == ["Vale, R."] and prop("role", "#creator01") == ["aut"]
    assert dc("language") == ["en"]
    identifier_id = book.opf.attrib["unique-identifier"]
    ident = meta.find(f"dc:identifier[@id='{identifier_id}']", NS)
    assert ident is not None and ident.text == manuscript.metadata.identifier
    assert prop("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    assert dc("date") == ["2021-03-04"]
    assert dc("description") == [manuscript.metadata.description]
    assert dc("subject") == ["Original Work", "Hurt/Comfort", "Angst & Fluff"]
    assert dc("publisher") == ["Small & Press"] and dc("rights") == ["CC BY-NC 4.0"]
    assert dc("source") == ["https://archiveofourown.org/works/1?view=full&x=<1>"]
    assert prop("belongs-to-collection") == ["Lights <Out>"]
    assert prop("group-position", "#series") == ["2"]
    calibre = {e.get("name"): e.get("content") for e in meta.iterfind("opf:meta[@name]", NS)}
    assert calibre["calibre:series"] == "Lights <Out>" and calibre["calibre:series_index"] == "2"
    for needed in ("schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
                   "schema:accessibilitySummary"):
        assert prop(needed), needed


def test_about_page_has_the_archive_preface(sink: tuple[Manuscript, Epub]) -> None:
    manuscript, book = sink
    about = book.xml("text/about.xhtml")
    rows = dict(zip([e.text for e in about.iter(f"{{{NS['x']}}}dt")],
                    [e.text for e in about.iter(f"{{{NS['x']}}}dd")], strict=True))
    assert rows["Words"] == f"{words.story_words(manuscript.chapters):,}"
    assert rows["Rating"] == "Teen And Up Audiences" and rows["Kudos"] == "12 < 13"
    assert rows["Tags"] == "Hurt/Comfort, Angst & Fluff" and rows["Chapters"] == "3/3"
    summary = [p.text for p in about.iterfind(".//x:div[@class='summary']/x:p", NS)]
    assert summary == ["A summary with <tags> & ampersands.", "Second paragraph."]


def test_plain_book_has_no_about_page_and_a_sensible_toc(tmp_path: Path) -> None:
    manuscript = Manuscript(Metadata(title="Just a Story"), (Chapter(None, (para("Words."),)),))
    book = build(manuscript, tmp_path / "plain.epub")
    assert "text/about.xhtml" not in book.spine()
    assert book.nav_tree() == (("Just a Story", "text/ch001.xhtml", ()),) == book.ncx_tree()
    assert book.story_words() == ["Words"]


def test_language_and_direction_on_every_document(tmp_path: Path) -> None:
    manuscript = Manuscript(Metadata(title="قصة", language="ar"), (Chapter("فصل", (para("كلمات"),)),))
    book = build(manuscript, tmp_path / "rtl.epub")
    spine = book.opf.find("opf:spine", NS)
    assert spine is not None and spine.attrib["page-progression-direction"] == "rtl"
    for href in book.spine():
        root = book.xml(href)
        assert root.attrib["lang"] == root.attrib["{http://www.w3.org/XML/1998/namespace}lang"] == "ar"
        assert root.attrib["dir"] == "rtl"


def test_stylesheet_is_linked_from_every_document(sink: tuple[Manuscript, Epub]) -> None:
    _, book = sink
    css = book.manifest()["css"].attrib["href"]
    sheet = book.read(css).decode()
    assert "text-indent" in sheet and "hyphens: auto" in sheet and "font-family" not in sheet
    for href in book.spine():
        links = [link.attrib["href"] for link in book.xml(href).iterfind("x:head/x:link", NS)]
        base = os.path.dirname(href)
        assert [os.path.normpath(os.path.join(base, link)) for link in links] == [css], href


def test_zip_container_is_fixed(sink: tuple[Manuscript, Epub]) -> None:
    _, book = sink
    infos = book.zip.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert infos[0].extra == b"" and book.zip.read("mimetype") == b"application/epub+zip"
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_modified_is_utc_whatever_the_local_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        book = build(kitchen_sink(), tmp_path / "tz.epub", epoch=0)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    modified = [e.text for e in book.opf.iterfind("opf:metadata/opf:meta", NS)
                if e.get("property") == "dcterms:modified"]
    assert modified == ["1970-01-01T00:00:00Z"]
    assert {i.date_time for i in book.zip.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # zip cannot go earlier


def test_identifier_is_derived_when_metadata_has_none(tmp_path: Path) -> None:
    base = Manuscript(Metadata(title="No Id"), (Chapter(None, (para("Some words."),)),))
    changed = Manuscript(Metadata(title="No Id"), (Chapter(None, (para("Other words."),)),))
    ids = []
    for n, manuscript in enumerate((base, base, changed)):
        ident = build(manuscript, tmp_path / f"{n}.epub").opf.find(".//dc:identifier", NS)
        assert ident is not None and (ident.text or "").startswith("urn:uuid:")
        ids.append(ident.text)
    assert ids[0] == ids[1] != ids[2]


def test_unwritable_target_raises_instead_of_returning_false(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        build(kitchen_sink(), tmp_path / "missing-dir" / "x.epub")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_rebuilds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two builds, two folders, two wall-clock times (zip stores 2 s steps), no SOURCE_DATE_EPOCH."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    text = "Title: Same\nAuthor: Someone\n\nChapter 1\n\nA <b> & ]]> story.\n\n* * *\n\nMore *words*.\n"
    outputs = []
    for n in range(2):
        folder = tmp_path / f"run{n}"
        folder.mkdir()
        source = folder / "same.txt"
        source.write_text(text, encoding="utf-8")
        os.utime(source, (EPOCH, EPOCH))
        if n:
            time.sleep(2.1)
        outputs.extend(api.build(source, api.BuildOptions(formats=("epub",), out_dir=folder / "out")))
    assert sha256(outputs[0]) == sha256(outputs[1])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 86400))
    later = api.build(outputs[0].parent.parent / "same.txt",
                      api.BuildOptions(formats=("epub",), out_dir=tmp_path / "later"))
    assert sha256(later[0]) != sha256(outputs[0])  # the timestamp really is the build date


def test_built_from_a_hostile_manuscript_file(tmp_path: Path) -> None:
    source = tmp_path / "hostile.txt"
    source.write_text("Chapter 1: <Intro> & \"More\"\n\n" + HOSTILE + "\n\nA/N: notes & <stuff>\n",
                      encoding="utf-8")
    (out,) = api.build(source, api.BuildOptions(formats=("epub",), out_dir=tmp_path / "out"))
    assert Epub(out).story_words() == words.manuscript_words(api.read(source).manuscript)


@given(st.text(max_size=200))
def test_any_text_survives_xhtml(text: str) -> None:
    page = document("t", "en", paragraph(para(text)), body_type="bodymatter", stylesheet="s.css")
    found = ET.fromstring(page).find("x:body/x:p", NS)
    assert found is not None
    assert "".join(found.itertext()) == clean(text)


def test_war_and_peace_sized_book_is_fast(tmp_path: Path) -> None:
    """365 chapters in 17 parts, about 3 MB of text: the writer alone stays well under a second."""
    paragraph_text = "Well, Prince, so Genoa and Lucca are now just family estates of the Buonapartes. " * 4
    chapters = tuple(Chapter(f"CHAPTER {i % 30 + 1}", tuple(para(paragraph_text) for _ in range(25)),
                             part=f"BOOK {i // 22 + 1}") for i in range(365))
    manuscript = Manuscript(Metadata(title="War and Peace", authors=("Leo Tolstoy",)), chapters)
    start = time.perf_counter()
    book = build(manuscript, tmp_path / "big.epub")
    elapsed = time.perf_counter() - start
    assert len(book.spine()) == 4 + 17 + 365  # cover, title page, copyright, contents; parts; chapters
    assert elapsed < 5.0, f"{elapsed:.2f} s"  # about 0.3 s measured; a bound that flags a quadratic step


def test_copyright_page_reads_like_a_book(sink: tuple[Manuscript, Epub]) -> None:
    manuscript, book = sink
    page = "".join(book.xml("text/copyright.xhtml").itertext())
    meta = manuscript.metadata
    assert f"Copyright \u00a9 {meta.date[:4]}" in page and meta.authors[0] in page
    assert "urn:uuid" not in page and "This edition:" in page
