"""Decoding: encodings, BOMs, newlines, characters XML forbids, and input that is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bookbinder.errors import InputError
from bookbinder.readers.text import read_bytes
from bookbinder.readers.text.decode import decode

PATH = Path("story.txt")
TEXT = "Chapter 1\n\n“Café déjà vu,” said Zoë — naïve, œuvre, 50 €.\n\nThe end.\n"


def para_texts(data: bytes) -> list[str]:
    return [b.text for c in read_bytes(data, PATH, smart=False).manuscript.chapters for b in c.blocks]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "windows-1252"],
)
def test_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    decoded = decode(data, PATH)
    assert decoded.encoding == encoding
    assert decoded.text == TEXT
    assert read_bytes(data, PATH).encoding == encoding


def test_latin1_is_detected_without_any_hint() -> None:
    text = ("Il était une fois, à Thunder-ten-tronckh, un garçon élevé près du château. " * 20 + "\n\n") * 5
    decoded = decode(text.encode("latin-1"), PATH)
    assert decoded.text == text
    assert decoded.encoding in {"latin-1", "cp1252"}  # the two agree on every byte here


def test_gutenberg_charset_line_is_a_hint() -> None:
    text = "Title: Candide\n\nCharacter set encoding: ISO-8859-1\n\nÉlevé à la française.\n"
    assert decode(text.encode("latin-1"), PATH).encoding == "latin-1"


def test_cp1252_quotes_are_not_latin1_controls() -> None:
    data = "He said “hello” – and left…\n".encode("cp1252")
    decoded = decode(data, PATH)
    assert decoded.encoding == "cp1252"
    assert "“hello”" in decoded.text


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
def test_line_endings(newline: str) -> None:
    first = "The first paragraph is wrapped at about seventy columns, as old"
    second = "e-texts are, so its two lines make one paragraph of prose."
    source = f"{first}\n{second}\n\n{first}\n{second}\n".replace("\n", newline)
    assert para_texts(source.encode()) == [f"{first} {second}"] * 2


def test_forbidden_characters_are_removed_with_a_warning_naming_lines() -> None:
    source = "Fine line.\n\nBad\x00 line.\n\nPage\x0c break.\n\nAlso \x07bell and \x1b escape.\n"
    reading = read_bytes(source.encode(), PATH, smart=False)
    assert [b.text for b in reading.manuscript.chapters[0].blocks] == [  # type: ignore[union-attr]
        "Fine line.",
        "Bad line.",
        "Page break.",
        "Also bell and escape.",
    ]
    assert len(reading.warnings) == 1
    warning = reading.warnings[0]
    assert warning.startswith("story.txt:3: ")
    assert "3, 5, 7" in warning and "U+0000" in warning and "U+000C" in warning


def test_noncharacters_and_lone_surrogates_are_removed() -> None:
    source = "A\ufffe B\uffff C.\n"
    assert decode(source.encode("utf-8"), PATH).text == "A B C.\n"
    utf16 = codecs.BOM_UTF16_LE + "x".encode("utf-16-le") + b"\x00\xd8" + "y".encode("utf-16-le")
    decoded = decode(utf16, PATH)
    assert "\ud800" not in decoded.text and decoded.warnings
    wtf8 = "Lone \ud83d surrogate.\n".encode("utf-8", "surrogatepass")
    reading = read_bytes(wtf8, PATH, smart=False)
    assert reading.manuscript.chapters[0].blocks[0].text == "Lone surrogate."  # type: ignore[union-attr]
    assert reading.warnings and "U+D83D" in reading.warnings[0]


def test_tabs_are_white_space() -> None:
    assert para_texts(b"He\tran\t\thome.\n") == ["He ran home."]


@pytest.mark.parametrize("data", [b"", b"   \n\t\n  ", "\ufeff \n".encode("utf-8"), b"\x00\x0c\n"])
def test_empty_or_blank_input_is_an_error(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        read_bytes(data, PATH)
    assert "empty" in info.value.reason
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"PK\x03\x04" + b"\x00" * 100, "zip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "PNG"),
        (bytes(range(256)) * 10, "binary"),
        (b"text\x00with\x00many\x00nuls\x00" * 20, "binary"),
    ],
)
def test_binary_input_is_one_line_error(data: bytes, what: str) -> None:
    with pytest.raises(InputError) as info:
        read_bytes(data, Path("book.epub"))
    message = str(info.value)
    assert message.startswith("book.epub: ") and what in message and "\n" not in message


def test_large_utf8_file_is_not_sent_to_the_detector() -> None:
    import time

    data = ("Ünïcödé paragraph text that goes on for a while and then ends.\n\n" * 50_000).encode()
    start = time.perf_counter()
    assert decode(data, PATH).encoding == "utf-8"
    assert time.perf_counter() - start < 0.5


def test_cyrillic_code_page_is_not_mistaken_for_windows_1252() -> None:
    text = "Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему.\n" * 8
    decoded = decode(text.encode("cp1251"), PATH)
    assert decoded.text == text
