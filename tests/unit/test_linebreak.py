"""The whole-paragraph line breaker: feasible lines, hyphenation rules, nothing lost, page splits."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle

from bookbinder.writers.pdf import linebreak
from bookbinder.writers.pdf.boxes import (
    BREAK,
    DEFAULT_RULES,
    HYPHEN,
    SHRINK,
    Builder,
    Items,
    Line,
    hyphenation_points,
)
from bookbinder.writers.pdf.flowables import SetParagraph, set_paragraph
from bookbinder.writers.pdf.layout import hyphenator
from bookbinder.writers.pdf.linebreak import break_lines

FONT = "mono"
SIZE = 10.0
EN = hyphenator("en")
assert EN is not None


def mono(text: str, font: str) -> float:
    """A monospaced face: every character 0.5 em, a space too (widths per point of size)."""
    return 0.5 * len(text)


def build(
    text: str, measure: float, hyphenate: bool = False, builder: Builder | None = None
) -> Items:
    builder = builder or Builder(mono, SIZE)
    return builder.items([(text, FONT)], measure, EN if hyphenate else None)


def set_lines(text: str, measure: float) -> tuple[Items, list[Line]]:
    builder = Builder(mono, SIZE)
    plain = build(text, measure, builder=builder)
    return break_lines(
        plain, measure, measure, short=20, hyphenated=lambda: build(text, measure, True, builder)
    )


def line_text(items: Items, line: Line) -> str:
    return items.text(line.start, line.end) + ("-" if line.hyphenated else "")


PROSE = (
    "It was a dark and stormy night; the rain fell in torrents, except at occasional intervals, "
    "when it was checked by a violent gust of wind which swept up the streets, rattling along the "
    "housetops, and fiercely agitating the scanty flame of the lamps that struggled against the "
    "darkness. Through one of the obscurest quarters of London, and among haunts little loved by the "
    "gentlemen of the police, a man, evidently of the lowest orders, was wending his solitary way."
)


def test_lines_fit_the_measure_and_keep_every_word_in_order() -> None:
    items, lines = set_lines(PROSE, 200.0)
    assert len(lines) > 5
    for line in lines:
        shrink = line.spaces * 5.0 * SHRINK  # the mono space is 5 pt
        assert line.natural - shrink <= 200.0 + 1e-6
    assert " ".join(items.text(line.start, line.end) for line in lines).split() == PROSE.split()
    assert lines[-1].last and not any(line.last for line in lines[:-1])


def test_total_fit_beats_first_fit_on_looseness() -> None:
    """Whole-paragraph breaking spreads the space: its worst line is no looser than greedy's."""
    builder = Builder(mono, SIZE)
    items = build(PROSE, 230.0, builder=builder)
    optimal = linebreak.lines_of(items, linebreak.total_fit(items, 230.0, 230.0, short=0, hyphenate=False,
                                                             tolerance=None) or [])
    greedy = linebreak.lines_of(items, linebreak.first_fit(items, 230.0, 230.0))

    def worst(lines: list[Line]) -> float:
        return max((230.0 - line.natural) / line.spaces for line in lines[:-1] if line.spaces)

    assert worst(optimal) <= worst(greedy) + 1e-9


def test_no_hyphenation_of_names_short_words_or_near_the_ends() -> None:
    rules = DEFAULT_RULES
    assert hyphenation_points("Netherfield", EN, rules) == []
    assert hyphenation_points("Elizabeth,", EN, rules) == []
    assert hyphenation_points("over", EN, rules) == []
    points = hyphenation_points("\u201cextraordinarily,\u201d", EN, rules)
    assert points
    word = "\u201cextraordinarily,\u201d"
    for point in points:
        before, after = word[:point], word[point:]
        assert sum(c.isalpha() for c in before) >= 2
        assert sum(c.isalpha() for c in after) >= 3


def test_breaks_allowed_after_dashes_and_slashes_without_adding_a_hyphen() -> None:
    items = build("yes\u2014no and/or well-known", 1000.0)
    assert items.texts[:2] == ["yes\u2014", "no"]
    assert items.joins[0] == BREAK
    assert "and/" in items.texts and "well-" in items.texts
    assert HYPHEN not in items.joins
    assert build("twenty-three", 1000.0).texts == ["twenty-", "three"]
    assert build("half-a-mile", 1000.0).texts == ["half-a-mile"]  # no lone "a-" or "a-m" at a break


def test_never_more_than_two_hyphenated_lines_running() -> None:
    long_words = " ".join(["incomprehensibilities uncharacteristically extraordinarily"] * 12)
    items, lines = set_lines(long_words, 120.0)
    assert any(line.hyphenated for line in lines)
    run = longest = 0
    for line in lines:
        run = run + 1 if line.hyphenated or items.texts[line.end].endswith("-") else 0
        longest = max(longest, run)
    assert longest <= 2


def test_a_giant_word_is_cut_to_the_measure_and_kept_whole() -> None:
    word = "x" * 50_000
    items = build(word, 300.0)
    assert "".join(items.texts) == word
    assert max(items.widths) <= 300.0
    chosen, lines = break_lines(items, 300.0, 300.0, short=20)
    assert sum(len(chosen.text(line.start, line.end)) for line in lines) == len(word)


def test_giant_paragraphs_are_broken_first_fit() -> None:
    text = "word " * (linebreak.OPTIMAL_LIMIT + 10)
    items = build(text, 300.0)
    _, lines = break_lines(items, 300.0, 300.0, short=20)
    assert [line.end for line in lines] == linebreak.first_fit(items, 300.0, 300.0)
    assert sum(line.end - line.start + 1 for line in lines) == len(items.texts)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghij-\u2014/", min_size=1, max_size=30), min_size=1, max_size=80),
       st.floats(min_value=40.0, max_value=400.0))
def test_nothing_is_lost_whatever_the_words(words: list[str], measure: float) -> None:
    text = " ".join(words)
    items, lines = set_lines(text, measure)
    assert "".join(items.texts) == "".join(text.split())
    assert [line.start for line in lines] == [0] + [line.end + 1 for line in lines[:-1]]
    assert lines[-1].end == len(items.texts) - 1


def _style(**changes: object) -> ParagraphStyle:
    base: dict[str, object] = {"fontName": "Helvetica", "fontSize": 10, "leading": 12, "allowWidows": 0,
                               "allowOrphans": 0}
    base.update(changes)
    return ParagraphStyle("t", **base)  # type: ignore[arg-type]


def _paragraph(text: str, style: ParagraphStyle) -> SetParagraph:
    from reportlab.platypus import Paragraph

    flowable = set_paragraph(Paragraph(text, style))
    assert isinstance(flowable, SetParagraph)
    return flowable


def test_split_keeps_two_lines_each_side() -> None:
    para = _paragraph(PROSE, _style())
    _, height = para.wrap(200, 10_000)
    count = round(height / 12)
    assert count >= 6
    assert para.split(200, 12 * 1.5) == []  # one line would be an orphan
    head, tail = para.split(200, 12 * (count - 1))  # one line would be a widow
    assert round(head.wrap(200, 1e6)[1] / 12) == count - 2
    assert round(tail.wrap(200, 1e6)[1] / 12) == 2
    assert not tail.first and tail.getSpaceBefore() == 0


def _canvas_on(page: int) -> SimpleNamespace:
    doc = SimpleNamespace(book_page=lambda physical: physical)
    return SimpleNamespace(_doctemplate=doc, getPageNumber=lambda: page)


@pytest.mark.parametrize("page", [1, 2])
def test_no_hyphen_at_the_foot_of_a_recto(page: int) -> None:
    text = " ".join(["incomprehensibilities uncharacteristically extraordinarily"] * 12)
    para = _paragraph(text, _style(hyphenationLang=EN))
    para.wrap(150, 1e6)
    lines = para._lines
    cut = next(i for i in range(2, len(lines) - 2) if lines[i - 1].hyphenated)
    para.canv = _canvas_on(page)
    head, _ = para.split(150, 12 * cut + 1)
    kept = len(head._lines)
    assert kept == (cut - 1 if page % 2 else cut)
