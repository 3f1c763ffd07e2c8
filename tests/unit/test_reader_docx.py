"""Word reader: heading styles, italic/bold, centred breaks, page breaks, footnotes (python-docx
builds the fixtures here; footnotes are added as raw WordprocessingML parts)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

docx = pytest.importorskip("docx", reason="python-docx (a dev dependency) builds the DOCX fixtures")
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK  # noqa: E402

from bookbinder.errors import InputError  # noqa: E402
from bookbinder.model import Matter, Paragraph, Role, SceneBreak, Style  # noqa: E402
from bookbinder.readers import ReadContext, reader_for  # noqa: E402
from bookbinder.readers.docx import DocxReader  # noqa: E402
from bookbinder.words import manuscript_words, words  # noqa: E402


def draft() -> bytes:
    document = docx.Document()
    document.core_properties.author = "D. Author"
    document.core_properties.keywords = "draft, novel"
    document.core_properties.comments = "A draft in Word."
    document.add_heading("The Draft", 0)
    document.add_heading("Part One", 1)
    document.add_heading("Chapter One", 2)
    first = document.add_paragraph("It was ")
    first.add_run("very").italic = True
    first.add_run(" late and ")
    first.add_run("dark").bold = True
    first.add_run(".")
    for ornament in ("***", "#"):
        mark = document.add_paragraph(ornament)
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sign = document.add_paragraph("No Entry")
    sign.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("Before the break.").add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("After the break.")
    document.add_heading("Chapter Two", 2)
    document.add_paragraph("More words here.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def read(data: bytes, name: str = "draft.docx"):  # type: ignore[no-untyped-def]
    return DocxReader().read(data, Path(name), ReadContext())


def test_heading_styles_make_parts_and_chapters() -> None:
    reading = read(draft())
    manuscript = reading.manuscript
    assert reading.reader == "docx" and reader_for(Path("a.DOCX")).name == "docx"
    assert manuscript.metadata.title == "The Draft" and manuscript.metadata.authors == ("D. Author",)
    assert manuscript.metadata.subjects == ("draft", "novel")
    assert [(c.part, c.title) for c in manuscript.chapters] == [
        ("Part One", "Chapter One"),
        ("Part One", "Chapter Two"),
    ]


def test_styles_breaks_and_centred_text() -> None:
    blocks = read(draft()).manuscript.chapters[0].blocks
    first = blocks[0]
    assert isinstance(first, Paragraph)
    assert [(s.text, s.style) for s in first.spans] == [
        ("It was ", Style.PLAIN),
        ("very", Style.EMPHASIS),
        (" late and ", Style.PLAIN),
        ("dark", Style.STRONG),
        (".", Style.PLAIN),
    ]
    assert isinstance(blocks[1], SceneBreak) and isinstance(blocks[2], SceneBreak)
    assert isinstance(blocks[3], Paragraph) and blocks[3].role is Role.CENTERED
    kinds = [type(b).__name__ for b in blocks[4:]]
    assert kinds == ["Paragraph", "SceneBreak", "Paragraph"]  # the page break


def test_every_word_reaches_the_model_in_order() -> None:
    expected = words(
        "Part One Chapter One It was very late and dark. No Entry Before the break. "
        "After the break. Chapter Two More words here."
    )
    assert manuscript_words(read(draft()).manuscript) == expected


def test_footnotes_become_notes() -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    document.add_heading("One", 1)
    paragraph = document.add_paragraph("A claim")
    run = paragraph.add_run()
    ref = (
        '<w:footnoteReference xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:id="1"/>'
    )
    from docx.oxml import parse_xml

    run._r.append(parse_xml(ref))
    notes = (
        b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:footnote w:id="1"><w:p><w:r><w:t>The source of the claim.</w:t></w:r></w:p></w:footnote>'
        b"</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        notes,
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    out = io.BytesIO()
    document.save(out)
    manuscript = read(out.getvalue()).manuscript
    assert [(s.title, s.kind) for s in manuscript.back_matter] == [("Notes", Matter.NOTES)]
    assert "source of the claim" in manuscript.back_matter[0].paragraphs[0].text
    assert "[1]" in manuscript.chapters[0].blocks[0].text  # type: ignore[union-attr]


@pytest.mark.parametrize("data", [b"", b"plain text", b"PK\x03\x04broken"])
def test_malformed_docx_is_one_clean_error(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read(data, "bad.docx")
    assert str(caught.value).startswith("bad.docx: ") and "\n" not in str(caught.value)


def test_entities_in_the_document_are_not_expanded() -> None:
    """A part that declares a DTD is refused before mammoth sees it (Word never writes one)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(draft()))
    doctype = (
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                text = data.decode("utf-8")
                head, _, rest = text.partition("?>")
                text = head + "?>" + doctype + rest.replace("More words here.", "More &xxe; &f; here.")
                data = text.encode("utf-8")
            target.writestr(name, data)
    with pytest.raises(InputError, match="declares a DTD") as caught:
        read(out.getvalue(), "entities.docx")
    assert "\n" not in str(caught.value) and "root:" not in str(caught.value)
