"""Decoding: encodings, BOMs, newlines, characters XML forbids, and input that is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

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


# --- mixed, mis-marked and mis-decoded text (issue 18) ------------------------------------------

WESTERN = "“Café” — naïve Zoë said ‘déjà vu’… 50 € ½ œuvre Ærø"


def test_utf8_and_windows_1252_in_one_file_decode_run_by_run() -> None:
    """A chapter saved by another editor: each line keeps its own encoding (was: all Latin-1,
    ``CafÃ©``, curly quotes lost)."""
    utf8 = "Chapter 1\n\nShe sat in the Café, “happy” — at last.\n\n".encode()
    legacy = "He said “no” – twice, at the café. It’s over…\n".encode("cp1252")
    decoded = decode(utf8 + legacy + utf8, PATH)
    assert decoded.text == (utf8 + legacy.decode("cp1252").encode() + utf8).decode()
    assert "Ã" not in decoded.text
    assert decoded.encoding == "utf-8+cp1252"
    assert any("Windows-1252" in message and line == 5 for line, message in decoded.warnings)


# Words: in Windows-1252 two non-ASCII characters side by side can be valid UTF-8 by chance
# (``Æœ`` is the bytes of U+019C); prose separates them with letters or spaces.
WORDS = st.lists(st.text(alphabet=st.sampled_from(WESTERN + "abcxyz"), min_size=1, max_size=1)
                 .map(lambda ch: ch + "a"), min_size=1, max_size=12).map(" ".join)


@given(st.lists(st.tuples(st.booleans(), WORDS), min_size=2, max_size=12))
@settings(max_examples=150, deadline=None)
def test_any_mix_of_utf8_and_windows_1252_lines_round_trips(lines: list[tuple[bool, str]]) -> None:
    """Whatever the mix, every line reads back as written, provided the file is really mixed
    (at least two UTF-8 sequences and one line that is not UTF-8)."""
    encoded = [text.encode("utf-8" if utf8 else "cp1252") for utf8, text in lines]
    data = b"Chapter 1\n\n" + b"\n".join(encoded) + b"\n"
    utf8_lines = [text for utf8, text in lines if utf8 and any(ch > "\x7f" for ch in text)]
    legacy = [text for utf8, text in lines if not utf8 and any(ch > "\x7f" for ch in text)]
    assume(sum(len(text.encode()) - len(text) for text in utf8_lines) >= 2 and legacy)
    expected = "Chapter 1\n\n" + "\n".join(text for _, text in lines) + "\n"
    assert decode(data, PATH).text == expected


def test_windows_1252_starting_with_y_thorn_is_not_utf16() -> None:
    """``ÿþ`` in Windows-1252 are the bytes of the UTF-16 LE byte order mark (was: CJK garbage)."""
    text = "ÿþ was scratched on the door. Chapter 1 began: “Who’s there?” said Zoë.\n"
    decoded = decode(text.encode("cp1252"), PATH)
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


def test_damaged_utf16_with_a_bom_is_still_utf16() -> None:
    data = codecs.BOM_UTF16_LE + "Chapter 1\n\nWörds in UTF-16.\n".encode("utf-16-le") + b"\x00\xd8"
    decoded = decode(data, PATH)
    assert decoded.encoding == "utf-16"
    assert decoded.text.startswith("Chapter 1\n\nWörds in UTF-16.")


def test_utf8_bom_on_a_mixed_file_is_not_trusted_blindly() -> None:
    data = codecs.BOM_UTF8 + "Café “one”.\n".encode() + "Café “two”.\n".encode("cp1252")
    assert decode(data, PATH).text == "Café “one”.\nCafé “two”.\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize(
    "text", [TEXT, "Глава 1\n\nОна сказала: «Её нет дома».\n"], ids=["latin", "cyrillic"]
)
def test_utf16_and_utf32_without_a_bom_are_text(codec: str, text: str) -> None:
    """No BOM, NUL bytes on one side of each unit: text, not "binary" (was: refused)."""
    decoded = decode(text.encode(codec), PATH)
    assert decoded.text == text
    assert decoded.encoding == codec


READABLE = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp"))


@given(st.text(alphabet=READABLE, min_size=20, max_size=200),
       st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]))
@settings(max_examples=150, deadline=None)
def test_any_western_text_in_wide_encodings_without_bom_reads_back(body: str, codec: str) -> None:
    text = "Chapter 1\n\nThe story begins here: " + body + "\n"
    assume(text.strip("\ufeff") == text and sum(ch < "\x80" for ch in text) * 2 > len(text))
    assert decode(text.encode(codec), PATH).text == text


def test_text_mis_decoded_before_it_was_saved_is_repaired_with_a_warning() -> None:
    decoded = decode("Chapter 1\n\nI donâ€™t know the CafÃ© at all.\n".encode(), PATH)
    assert decoded.text == "Chapter 1\n\nI don’t know the Café at all.\n"
    assert any(line == 3 and "mojibake" in message for line, message in decoded.warnings)


@pytest.mark.parametrize("text", [
    "Chapter 1\n\nLe château, l’âme, « à bientôt » — São Paulo, Ålesund, ÂGE.\n",
    "Chapter 1\n\nÂ is a letter; Ã too. “Quote” — dash.\n",
])
def test_clean_text_with_those_letters_is_left_alone(text: str) -> None:
    decoded = decode(text.encode(), PATH)
    assert decoded.text == text
    assert decoded.warnings == ()
