"""Heading rows that share one compiled numeral-and-title pattern match as their whole patterns do."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bookbinder.readers.text import headings

WHOLE = [(name, re.compile(pattern, re.IGNORECASE)) for name, _, pattern, _ in headings.ROWS]
PIECES = st.sampled_from([
    "chapter", "CHAP.", "ch.", "Ch", "part", "partie", "Book", "vol.", "volume", "letter", "Kapitel",
    "capítulo", " ", "  ", "\t", "\u00a0", "1", "12", "iv", "XII", "twenty", "-", "one", "thirteen",
    "hundred", ":", ".", "—", "The", "Storm", "[1]", "x", "first", "epilogue",
])


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=7).map("".join))
def test_each_row_matches_as_its_whole_pattern(line: str) -> None:
    for (name, whole), (row_name, _, row, _) in zip(WHOLE, headings._COMPILED, strict=True):
        assert name == row_name
        expected, found = whole.fullmatch(line), row.fullmatch(line)
        assert (expected is None) == (found is None), (name, line)
        if expected and found:
            assert expected.groupdict() == found.groupdict(), (name, line)


def test_the_numbered_rows_share_one_pattern() -> None:
    shared = {id(row.rest) for _, _, row, _ in headings._COMPILED if row.lead is not None}
    assert len(shared) == 1
    assert headings.match_heading("Chapter 12: The Storm") is not None
