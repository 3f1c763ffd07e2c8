"""Emphasis spans and smart punctuation: many tiny cases, hostile text, and properties."""

from __future__ import annotations

from itertools import pairwise

import pytest
from helpers.strategies import HOSTILE, mixed_text
from hypothesis import given, settings
from hypothesis import strategies as st

from bookbinder.model import Style
from bookbinder.readers.text.inline import curl_quotes, parse_inline, smart_text
from bookbinder.words import words

EM, STRONG, BOTH, PLAIN = Style.EMPHASIS, Style.STRONG, Style.EMPHASIS | Style.STRONG, Style.PLAIN


def styles(text: str, smart: bool = False) -> list[tuple[str, Style]]:
    return [(s.text, s.style) for s in parse_inline(text, smart=smart)]


# --- emphasis ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("*word*", [("word", EM)]),
    ("_word_", [("word", EM)]),
    ("**strong**", [("strong", STRONG)]),
    ("__strong__", [("strong", STRONG)]),
    ("***both***", [("both", BOTH)]),
    ("a *b c* d", [("a ", PLAIN), ("b c", EM), (" d", PLAIN)]),
    ("**bold *both* bold**", [("bold ", STRONG), ("both", BOTH), (" bold", STRONG)]),
    ("*one*, *two*.", [("one", EM), (", ", PLAIN), ("two", EM), (".", PLAIN)]),
    ("(*aside*)", [("(", PLAIN), ("aside", EM), (")", PLAIN)]),
    ("*Oh.* Fine", [("Oh.", EM), (" Fine", PLAIN)]),
])
def test_emphasis_becomes_styled_spans(text: str, expected: list[tuple[str, Style]]) -> None:
    assert styles(text) == expected


@pytest.mark.parametrize("text", [
    "a footnote mark* here",        # trailing footnote mark
    "see *1 below",                 # leading footnote mark
    "2*3*4 = 24",                   # multiplication
    "a * b",                        # lone asterisk
    "snake_case_identifier",        # identifiers
    "http://a_b_c/_d_ and www.x.org/*y*",  # URLs are shielded
    "mail first_last@ex_ample.com",  # e-mail addresses too
    "*never closes",                # unclosed emphasis keeps its marker
    "_never closes either",
    "**half*",                      # mismatched runs
    "****",                         # a rule, not emphasis
    "* * *",                        # an ornament that reached the inline pass
    "*a*_b_",                       # removing markers would join two words
    "un*frigging*believable",       # intraword: not emphasis (words must not merge)
    "* spaced *",                   # markers touching spaces
    "*A*\u0300",                     # a combining mark after the closer would join the letter
])
def test_asterisks_and_underscores_that_are_not_emphasis_stay_text(text: str) -> None:
    assert styles(text) == [(text, PLAIN)]


def test_crossing_markers_keep_the_inner_ones_as_text() -> None:
    assert styles("*a _b* c_") == [("a _b", EM), (" c_", PLAIN)]


def test_adjacent_spans_of_one_style_are_merged_and_none_is_empty() -> None:
    spans = parse_inline("*a**b*")  # `**` between words is literal: one emphasis span
    assert all(s.text for s in spans)
    assert all(a.style != b.style for a, b in pairwise(spans))
    assert parse_inline("") == ()


# --- smart punctuation ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ('"Hello," she said.', "\u201cHello,\u201d she said."),
    ("don't", "don\u2019t"),
    ("James' book", "James\u2019 book"),
    ("'tis the season", "\u2019tis the season"),
    ("'Twas brillig", "\u2019Twas brillig"),
    ("tell 'em", "tell \u2019em"),
    ("the '90s", "the \u201990s"),
    ("rock 'n' roll", "rock \u2019n\u2019 roll"),
    ("the letter 's' again", "the letter \u2018s\u2019 again"),
    ("'Hello,' he said", "\u2018Hello,\u2019 he said"),
    ("\"'Kashi? What?\"", "\u201c\u2019Kashi? What?\u201d"),  # elision at the start of a quote
    ("\"'Run,' he said.\"", "\u201c\u2018Run,\u2019 he said.\u201d"),  # nested quotes
    ('"I--" she began', "\u201cI\u2014\u201d she began"),
    ('--"Now!"', "\u2014\u201cNow!\u201d"),
    ("(\"aside\")", "(\u201caside\u201d)"),
    ("wait -- what", "wait \u2014 what"),
    ("wait---what", "wait\u2014what"),
    ("pages 1--2", "pages 1\u20132"),
    ("wait - what", "wait \u2013 what"),
    ("well-known", "well-known"),
    ("----", "----"),
    ("so...", "so\u2026"),
    ("so. . . yes", "so\u2026 yes"),
    ("end....", "end\u2026."),
    ("5'10\"", "5\u201910\u201d"),
])
def test_smart_text(text: str, expected: str) -> None:
    assert smart_text(text) == expected


def test_quotes_see_context_across_span_boundaries() -> None:
    spans = parse_inline('"*Never*," she said, "*ever*."')
    assert [(s.text, s.style) for s in spans] == [
        ("\u201c", PLAIN), ("Never", EM), (",\u201d she said, \u201c", PLAIN), ("ever", EM),
        (".\u201d", PLAIN),
    ]


def test_smart_is_applied_to_text_not_markers() -> None:
    assert styles("*--wait--*", smart=True) == [("\u2014wait\u2014", EM)]
    assert styles("'*tis*", smart=True) == [("\u2019", PLAIN), ("tis", EM)]


def test_no_smart_keeps_punctuation_as_written() -> None:
    assert styles('"a" -- b...', smart=False) == [('"a" -- b...', PLAIN)]


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "&amp; &nbsp; AT&T", "]]>", "a<b", "&#0;"])
def test_hostile_markup_is_text(text: str) -> None:
    spans = parse_inline(text)
    assert "".join(s.text for s in spans) == text
    assert smart_text(text) == text


def test_quotes_inside_things_that_look_like_tags_are_still_text() -> None:
    assert smart_text('<a href="x">') == "<a href=\u201cx\u201d>"
    assert smart_text('<b>"x"</b>') == "<b>\u201cx\u201d</b>"


def test_curl_quotes_keeps_length() -> None:
    text = "\"'a' b' 'c\" d'e '90s\""
    assert len(curl_quotes(text)) == len(text)


def test_a_huge_paragraph_of_quotes_is_fast() -> None:
    text = "'a " * 100_000  # quadratic scanning would take minutes
    assert len(smart_text(text)) == len(text)


# --- properties ----------------------------------------------------------------------------------

MARKERS = ("*", "_", "**", "__", "***", '"', "'", "--", "---", "...", ". . .", " ", "-", "2*3",
           "http://a_b/", "snake_case")
paragraph = mixed_text(MARKERS + HOSTILE, max_size=30)
latinish = st.lists(st.sampled_from(("word", "Tis", "90s", "n", "a", "b", *MARKERS)), max_size=30).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(paragraph, latinish))
def test_words_are_unchanged(text: str) -> None:
    spans = parse_inline(text)
    assert words("".join(s.text for s in spans)) == words(text)
    assert all(s.text for s in spans)
    assert all(a.style != b.style for a, b in pairwise(spans))


@settings(max_examples=400, deadline=None)
@given(st.one_of(paragraph, latinish))
def test_smart_is_idempotent(text: str) -> None:
    once = smart_text(text)
    assert smart_text(once) == once
    assert all(smart_text(span.text) == span.text for span in parse_inline(text))


@settings(max_examples=300, deadline=None)
@given(latinish)
def test_without_smart_only_markers_are_removed(text: str) -> None:
    joined = "".join(s.text for s in parse_inline(text, smart=False))
    assert len(joined) <= len(text)
    assert joined.replace("*", "").replace("_", "") == text.replace("*", "").replace("_", "")
