"""The emphasis runs found per segment (between marker edges) are those found per character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bookbinder.model import Style
from bookbinder.readers.text import inline


def per_character(text: str) -> list[tuple[str, Style]]:
    """The reference: a style and a hidden flag for every character, then runs of equal style."""
    pairs = inline._match_delimiters(text) if ("*" in text or "_" in text) else []
    if not pairs:
        return [(text, Style.PLAIN)] if text else []
    styles = [Style.PLAIN] * len(text)
    hidden = [False] * len(text)
    for opener, closer in pairs:
        for i in range(opener.start + opener.length, closer.start):
            styles[i] |= inline._STYLE_FOR_RUN[opener.length]
        for i in (*range(opener.start, opener.start + opener.length),
                  *range(closer.start, closer.start + closer.length)):
            hidden[i] = True
    out: list[tuple[str, Style]] = []
    for ch, style, gone in zip(text, styles, hidden, strict=True):
        if gone:
            continue
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + ch, style)
        else:
            out.append((ch, style))
    return out


# Letters, spaces, markers of every length, a combining mark, a shielded URL holding markers.
PIECES = st.sampled_from([*"ab *_.,'\n", "**", "__", "***", "e\u0301", "http://x.y/a_b*c "])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_segments_give_the_runs_characters_give(text: str) -> None:
    assert inline._styled_runs(text) == per_character(text)


def test_nested_and_adjacent_emphasis() -> None:
    text = "***both*** and *one **two** one* _x_"
    assert inline._styled_runs(text) == per_character(text)
    assert (" and ", Style.PLAIN) in inline._styled_runs(text)
