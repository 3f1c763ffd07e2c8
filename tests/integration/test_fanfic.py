"""Fan-fiction workflows end to end: author's-note policy, series omnibus, books nobody named."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from helpers.epub import NS, Epub
from typer.testing import CliRunner

from bookbinder import api
from bookbinder.cli import app
from bookbinder.words import manuscript_words

STORY = """A/N: Thanks for all the kudos on the last chapter!

The harbour lights came on one by one.

Nobody on the quay looked up.

Author's Note: Next chapter on Friday.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def epub_words(path: Path) -> list[str]:
    return Epub(path).story_words()


def epub_title(path: Path) -> str:
    epub = Epub(path)
    title = epub.opf.find("opf:metadata/dc:title", {**NS, "dc": "http://purl.org/dc/elements/1.1/"})
    assert title is not None and title.text
    return title.text


@pytest.mark.parametrize("policy", ["keep", "end", "strip"])
def test_every_note_policy_builds_a_book_that_keeps_the_story(tmp_path: Path, policy: str) -> None:
    source = write(tmp_path, "harbour.txt", "Title: Harbour\nAuthor: R. Vale\n\n" + STORY)
    options = api.BuildOptions(formats=("epub",), out_dir=tmp_path / "out", notes=api.notes_policy(policy))
    (epub,) = api.build(source, options)
    text = " ".join(epub_words(epub))
    assert "The harbour lights came on one by one" in text
    assert ("Next chapter on Friday" in text) is (policy != "strip")


def test_inspect_says_how_many_words_strip_removes(tmp_path: Path) -> None:
    source = write(tmp_path, "harbour.txt", STORY)
    result = CliRunner().invoke(app, ["inspect", str(source), "--notes", "strip"])
    assert result.exit_code == 0, result.output
    assert "author's notes: 2 (strip: 18 words removed)" in result.output


def test_an_unnamed_manuscript_gets_its_opening_line_and_one_warning(tmp_path: Path) -> None:
    source = write(tmp_path, "000_18fc5684e88c9bf4.txt", "Rain fell on the quay.\n\nThe boats came in.\n")
    warnings: list[str] = []
    (epub,) = api.build(source, api.BuildOptions(formats=("epub",), out_dir=tmp_path / "out"),
                        warn=warnings.append)
    assert epub_title(epub) == "Rain fell on the quay"
    advice = [w for w in warnings if "no title" in w]
    assert len(advice) == 1 and "no author" in advice[0] and "000_18fc5684e88c9bf4.toml" in advice[0]


def test_meta_writes_a_sidecar_that_the_next_build_reads(tmp_path: Path) -> None:
    source = write(tmp_path, "000_18fc5684e88c9bf4.txt", "Title: Quay Lights\n\nRain fell on the quay.\n")
    runner = CliRunner()
    result = runner.invoke(app, ["meta", str(source), "--author", "R. Vale"])
    assert result.exit_code == 0, result.output
    sidecar = tmp_path / "000_18fc5684e88c9bf4.toml"
    assert tomllib.loads(sidecar.read_text("utf-8")) == {
        "title": "Quay Lights", "authors": ["R. Vale"], "language": "en"}
    again = runner.invoke(app, ["meta", str(source)])
    assert again.exit_code == 2 and "--force" in again.output  # the user's edits are never clobbered
    meta = api.read(source).manuscript.metadata
    assert (meta.title, meta.authors) == ("Quay Lights", ("R. Vale",))


def test_omnibus_binds_a_series_in_order_and_builds_the_rest_alone(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Title: Ebb\nAuthor: R. Vale\nSeries: Tides [2]\n\nThe water fell back.\n")
    write(tmp_path, "a.txt", "Title: Flood\nAuthor: R. Vale\nSeries: Tides [1]\n\nThe water rose high.\n")
    write(tmp_path, "c.txt", "Title: Alone\nAuthor: R. Vale\n\nA story of its own.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(tmp_path), "--omnibus", "-f", "epub", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["Tides.epub", "c.epub"]
    text = " ".join(epub_words(out / "Tides.epub"))
    assert text.index("The water rose high") < text.index("The water fell back")
    bound = [w for w in manuscript_words(api.read(tmp_path / "a.txt").manuscript)]
    assert " ".join(bound[-4:]) in text


def test_a_one_shot_has_no_contents_page_and_no_heading_repeating_its_title(tmp_path: Path) -> None:
    from pypdf import PdfReader

    source = write(tmp_path, "quay.txt", "Title: Quay Lights\nAuthor: R. Vale\n\nRain fell on the quay.\n")
    epub, pdf = api.build(source, api.BuildOptions(out_dir=tmp_path / "out"))
    spine = Epub(epub).spine()
    assert not any("nav" in href for href in spine) and spine[-1].endswith("ch001.xhtml")
    pages = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    assert not any("Contents" in text for text in pages)
    assert sum(text.count("Quay Lights") for text in pages) == sum(
        1 for text in pages[:3] if "Quay Lights" in text)  # the title only on the front pages


def test_a_book_with_no_known_date_claims_no_edition_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    source = write(tmp_path, "quay.txt", "Title: Quay Lights\nAuthor: R. Vale\n\nRain fell on the quay.\n")
    (epub,) = api.build(source, api.BuildOptions(formats=("epub",), out_dir=tmp_path / "out"))
    copyright_page = Epub(epub).read("text/copyright.xhtml").decode("utf-8")
    assert "This edition" not in copyright_page and "1980" not in copyright_page


def test_notes_gathered_at_the_end_are_linked_both_ways_in_the_epub(tmp_path: Path) -> None:
    source = write(tmp_path, "harbour.txt", "Title: Harbour\nAuthor: R. Vale\n\n" + STORY)
    options = api.BuildOptions(formats=("epub",), out_dir=tmp_path / "out", notes=api.notes_policy("end"))
    (epub,) = api.build(source, options)
    book = Epub(epub)
    anchors: dict[str, str] = {}  # "file#id" -> href it links to
    for href in book.spine():
        for element in book.xml(href).iter():
            name = href.rsplit("/", 1)[-1]
            if element.get("id"):
                anchors.setdefault(f"{name}#{element.get('id')}", "")
            if element.tag == "{http://www.w3.org/1999/xhtml}a" and element.get("role") in (
                    "doc-noteref", "doc-backlink"):
                anchors[f"{name}#link{len(anchors)}"] = element.get("href", "")
    links = [target for target in anchors.values() if target]
    assert len(links) == 4  # two notes: a link to each, and a link back from each
    assert all(target in anchors for target in links), links  # every link lands on an anchor


def test_notes_gathered_at_the_end_are_linked_both_ways_in_the_screen_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader

    source = write(tmp_path, "harbour.txt", "Title: Harbour\nAuthor: R. Vale\n\n" + STORY)
    options = api.BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", notes=api.notes_policy("end"))
    (pdf,) = api.build(source, options)
    reader = PdfReader(pdf)
    page_of = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    texts = [page.extract_text() or "" for page in reader.pages]
    story = next(n for n, text in enumerate(texts) if "harbour lights came on" in text)
    notes = next(n for n, text in enumerate(texts) if "Next chapter on Friday" in text)
    links = {}  # page -> the pages its XYZ links (note links, not the contents' /Fit ones) go to
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            dest = annot.get_object()["/Dest"]
            if str(dest[1]) == "/XYZ":
                links.setdefault(number, []).append(page_of[dest[0].idnum])
    assert links == {story: [notes, notes], notes: [story, story]}
