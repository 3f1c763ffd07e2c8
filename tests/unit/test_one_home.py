"""Facts with one home: forbidden characters, roman numerals, month names."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbinder.chars import FORBIDDEN, strip_forbidden
from bookbinder.metadata import Layer, resolve
from bookbinder.metadata.values import MONTHS, parse_date, roman, roman_value
from bookbinder.model import Source
from bookbinder.readers.text import read_text
from bookbinder.readers.text.gutenberg import w3c_date
from bookbinder.readers.text.headings import numeral_value
from bookbinder.writers.xhtml import clean


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1f", "\x7f", "\x80", "\x85", "\x9f", "\ufffe", "\ud800"])
def test_every_layer_drops_the_same_forbidden_characters(char: str) -> None:
    assert FORBIDDEN.search(char) and strip_forbidden(f"a{char}b") == "ab" == clean(f"a{char}b")
    title = resolve([Layer(Source.CLI, {"title": f"Tides{char} of Home"})]).title
    assert title == "Tides of Home"
    body = read_text(f"It was late{char} and dark.\n", Path("s.txt"), smart=False).manuscript
    assert body.chapters[0].blocks[0].text == "It was late and dark."  # type: ignore[union-attr]


@pytest.mark.parametrize("char", ["\t", "\n", "\r", "\xa0", "é", "\u2014", "\U0001f600"])
def test_characters_books_carry_are_kept(char: str) -> None:
    assert strip_forbidden(f"a{char}b") == f"a{char}b"


@pytest.mark.parametrize("number", [1, 4, 9, 14, 40, 90, 399, 400, 1994, 3999])
def test_roman_numerals_round_trip(number: int) -> None:
    assert roman_value(roman(number)) == number
    assert roman_value(roman(number).upper()) == number


@pytest.mark.parametrize("text", ["", "IIII", "VX", "IC", "ABC", "x1"])
def test_malformed_roman_numerals_are_not_numbers(text: str) -> None:
    assert roman_value(text) is None


def test_headings_use_the_same_numerals() -> None:
    assert (numeral_value("XIV."), numeral_value("12"), numeral_value("xiv"), numeral_value("IIII")) == (
        14, 12, None, None
    )


def test_month_names_are_one_table() -> None:
    assert MONTHS["september"] == MONTHS["sept"] == MONTHS["sep"] == 9
    assert parse_date("Sept 3, 2019") == "2019-09-03"
    assert w3c_date("June 17, 2008 [EBook #84]") == "2008-06-17"
    assert w3c_date("Sept 3, 2008") == "2008-09-03"
