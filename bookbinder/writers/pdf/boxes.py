"""A paragraph as boxes, glue and penalties for the line breaker (``linebreak``).

Text runs become boxes (words, or pieces of words between break points: hyphenation points,
existing hyphens, dashes, slashes), each followed by how a line may break there. Every distinct
word is worked out once per font and measure (novels repeat their words), hyphenated only on
request, and a piece wider than the line is cut to fit so no input makes a line impossible.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from operator import add

# What follows a box: how the line may break there.
NONE = 0  # nothing: the next box continues the word (a change of font inside a word)
SPACE = 1  # a word space: a break point, the space disappears at a break
HYPHEN = 2  # a hyphenation point: breaking adds a hyphen
BREAK = 3  # after an existing hyphen, a dash or a slash: a break adds nothing
END = 4  # the paragraph's last box

STRETCH = 0.5  # of a word space, as in TeX's fonts
SHRINK = 0.4  # a little more than TeX (1/3): a narrow measure needs it
WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")  # not NBSP: it binds its words
BREAK_AFTER = frozenset("-\u2010\u2013\u2014/")  # hyphen, en and em dashes, slash
HYPHEN_CHARS = frozenset("-\u2010")
BREAK_SEARCH = re.compile("[" + re.escape("".join(sorted(BREAK_AFTER))) + "]")

Measure = Callable[[str, str], float]  # (text, font) -> width in points
Hyphenate = Callable[[str], Sequence[tuple[str, str]]]  # word -> every (left, right) split


@dataclass(frozen=True, slots=True)
class Rules:
    """The costs of the choices a line breaker weighs (TeX's names in comments)."""

    line_penalty: float = 10.0  # \linepenalty: fewer lines are better
    hyphen_penalty: float = 400.0  # \hyphenpenalty (TeX 50): a hyphen costs about a line at ratio 1.5
    explicit_penalty: float = 50.0  # \exhyphenpenalty: after a hyphen, dash or slash in the text
    double_hyphen_demerits: float = 5000.0  # \doublehyphendemerits: two hyphenated lines running
    final_hyphen_demerits: float = 8000.0  # \finalhyphendemerits: a hyphen before the last line
    fitness_demerits: float = 3000.0  # \adjdemerits: a tight line next to a loose one
    short_last_demerits: float = 3000.0  # a last line no longer than a stub
    max_hyphen_run: int = 2  # never more hyphenated lines in a row than this
    min_before: int = 2  # letters before a hyphenation point
    min_after: int = 3  # letters after it
    min_word: int = 5  # shorter words are never hyphenated
    tolerances: tuple[float, float, float] = (1.8, 2.0, 4.0)  # adjustment ratios: passes 1, 2, 3


DEFAULT_RULES = Rules()


@dataclass(slots=True)
class Items:
    """A paragraph as boxes: ``texts[k]`` in ``fonts[k]``, ``widths[k]`` wide, then ``joins[k]``."""

    texts: list[str]
    fonts: list[str]
    widths: list[float]
    joins: list[int]
    glue: list[float]  # the width of the space after box k (0 unless joins[k] is SPACE)
    hyphen: list[float]  # the width of the hyphen a break after box k adds (HYPHEN only)
    _sums: tuple[list[float], list[float]] | None = None

    _text: tuple[str, list[int]] | None = None

    def single_font(self) -> bool:
        """Whether every box is in one font (then a line is drawn as one string)."""
        return not self.fonts or self.fonts.count(self.fonts[0]) == len(self.fonts)

    def text(self, start: int, end: int) -> str:
        """Boxes ``start`` to ``end`` as text, a space where a word space is (one slice)."""
        if self._text is None:
            pieces = [t + " " if g else t for t, g in zip(self.texts, self.glue, strict=True)]
            self._text = ("".join(pieces), [0, *accumulate(map(len, pieces))])
        whole, offsets = self._text
        return whole[offsets[start] : offsets[end] + len(self.texts[end])]

    def sums(self) -> tuple[list[float], list[float]]:
        """Running sums, at C speed: width through box k and its space; spaces through box k."""
        if self._sums is None:
            self._sums = (list(accumulate(map(add, self.widths, self.glue))), list(accumulate(self.glue)))
        return self._sums


@dataclass(frozen=True, slots=True)
class Line:
    """Boxes ``start`` to ``end`` inclusive; ``natural`` width with ``spaces`` word spaces."""

    start: int
    end: int
    natural: float
    spaces: int
    hyphenated: bool  # ends with an added hyphen
    last: bool  # the paragraph's last line: not justified


def words(runs: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """(text, font) runs -> words, each a list of (text, font) pieces (a word may change font)."""
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for text, font in runs:
        for index, part in enumerate(WHITESPACE.split(text)):
            if index and current:
                out.append(current)
                current = []
            if part:
                current.append((part, font))
    if current:
        out.append(current)
    return out


def hyphenation_points(word: str, hyphenate: Hyphenate, rules: Rules) -> list[int]:
    """Offsets in ``word`` where a hyphen may go: not in names (a capital first letter), not in
    short words, at least ``min_before`` letters before and ``min_after`` after."""
    start = 0
    while start < len(word) and not word[start].isalpha():
        start += 1
    end = len(word)
    while end > start and not word[end - 1].isalpha():
        end -= 1
    core = word[start:end]
    if len(core) < rules.min_word or not core.isalpha() or not core[0].islower():
        return []
    points = [
        start + len(left)
        for left, right in hyphenate(core)
        # left + right == core: a plain split (not a German "ck" -> "k-k" change, drawn as written)
        if len(left) >= rules.min_before and len(right) >= rules.min_after and left + right == core
    ]
    return sorted(points)


def _explicit_points(text: str, rules: Rules) -> list[int]:
    """Offsets just after a hyphen, dash or slash with a word on both sides."""
    points: list[int] = []
    if not BREAK_SEARCH.search(text, 1, len(text) - 1):
        return points  # most words: no dash or slash inside
    for index, char in enumerate(text[:-1]):
        if char in BREAK_AFTER and index > 0 and text[index - 1].isalnum():
            after = text[index + 1 :]
            if char in HYPHEN_CHARS:
                before = text[max(0, index - rules.min_before) : index]
                if sum(c.isalpha() for c in after[: rules.min_after]) < rules.min_after:
                    continue  # "re-a" would leave a stub after an existing hyphen
                if sum(c.isalpha() for c in before) < rules.min_before:
                    continue  # nor "half-a-" a lone letter before one
            if after[:1].isalnum() or after[:1] in "\u201c\u2018\"'(":
                points.append(index + 1)
    return points


Boxes = tuple[tuple[str, ...], tuple[float, ...], tuple[int, ...]]  # a word cut at break points


class Builder:
    """Turns text runs into ``Items``, working out each distinct word once per font and measure.

    Novels repeat their words, so a paragraph is mostly dictionary look-ups: a word that is one
    box is stored as its width, one with break points (a dash, a slash, hyphenation points) as
    its boxes. A paragraph in one font whose words are all single boxes is built with list
    operations only.
    """

    def __init__(self, measure: Measure, size: float, rules: Rules = DEFAULT_RULES) -> None:
        self.measure, self.size, self.rules = measure, size, rules
        self._widths: dict[tuple[str, str], float] = {}
        self._tables: dict[tuple[str, float, bool], tuple[dict[str, float | Boxes], set[str]]] = {}

    def width(self, text: str, font: str) -> float:
        """Width of ``text`` in ``font`` at the builder's size (cached)."""
        key = (text, font)
        found = self._widths.get(key)
        if found is None:
            if len(self._widths) > 400_000:  # bound the cache on a book of unique strings
                self._widths.clear()
            found = self._widths[key] = self.measure(text, font) * self.size
        return found

    def _table(
        self, font: str, measure: float, hyphenating: bool
    ) -> tuple[dict[str, float | Boxes], set[str]]:
        key = (font, measure, hyphenating)
        found = self._tables.get(key)
        if found is None or len(found[0]) > 200_000:  # bounded: a book of unique words
            found = self._tables[key] = ({}, set())
        return found

    def items(
        self, runs: Sequence[tuple[str, str]], measure: float, hyphenate: Hyphenate | None
    ) -> Items:
        """Boxes for the (text, font) ``runs`` of a paragraph; a piece wider than ``measure`` is
        cut to fit (a 5 MB word)."""
        if len(runs) == 1:
            text, font = runs[0]
            table, multi = self._table(font, measure, hyphenate is not None)
            found = [w for w in WHITESPACE.split(text) if w]
            values: list[float | Boxes | None] = [table.get(w) for w in found]
            unlisted = False  # a word with boxes that the table does not keep (a giant word)
            if None in values:
                for index, value in enumerate(values):
                    if value is None:
                        value = self._word(found[index], font, measure, hyphenate, table, multi)
                        values[index] = value
                        unlisted = unlisted or not isinstance(value, float)
            if not found:
                return Items([], [], [], [], [], [])
            space = self.width(" ", font)
            if not unlisted and multi.isdisjoint(found):  # one box a word: list operations only
                count = len(found)
                return Items(
                    found,
                    [font] * count,
                    values,  # type: ignore[arg-type]
                    [SPACE] * (count - 1) + [END],
                    [space] * (count - 1) + [0.0],
                    [0.0] * count,
                )
            texts: list[str] = []
            widths: list[float] = []
            joins: list[int] = []
            for word, value in zip(found, values, strict=True):
                if isinstance(value, float):
                    texts.append(word)
                    widths.append(value)
                    joins.append(SPACE)
                elif value is not None:
                    texts += value[0]
                    widths += value[1]
                    joins += value[2]
                    joins[-1] = SPACE
            joins[-1] = END
            dash = self.width("-", font)
            glue = [space if join == SPACE else 0.0 for join in joins]
            hyphen = [dash if join == HYPHEN else 0.0 for join in joins]
            return Items(texts, [font] * len(texts), widths, joins, glue, hyphen)
        return self._assemble(words(runs), measure, hyphenate)

    def _assemble(
        self, paragraph: list[list[tuple[str, str]]], measure: float, hyphenate: Hyphenate | None
    ) -> Items:
        items = Items([], [], [], [], [], [])
        texts, fonts, widths, joins, glue, hyphen = (
            items.texts, items.fonts, items.widths, items.joins, items.glue, items.hyphen
        )
        tables: dict[str, tuple[dict[str, float | Boxes], set[str], float, float]] = {}
        for pieces in paragraph:
            font = pieces[-1][1]
            if len(pieces) == 1:
                found = tables.get(font)
                if found is None:
                    table, multi = self._table(font, measure, hyphenate is not None)
                    found = tables[font] = (table, multi, self.width("-", font), self.width(" ", font))
                table, multi, dash, _ = found
                text = pieces[0][0]
                value = table.get(text)
                if value is None:
                    value = self._word(text, font, measure, hyphenate, table, multi)
                if isinstance(value, float):
                    texts.append(text)
                    fonts.append(font)
                    widths.append(value)
                    joins.append(NONE)
                    glue.append(0.0)
                    hyphen.append(0.0)
                else:
                    texts.extend(value[0])
                    fonts.extend([font] * len(value[0]))
                    widths.extend(value[1])
                    joins.extend(value[2])
                    glue.extend([0.0] * len(value[0]))
                    hyphen.extend([dash if join == HYPHEN else 0.0 for join in value[2]])
            else:
                for text, piece_font in pieces:
                    cut = self._cut(text, piece_font, measure, NONE)
                    texts.extend(cut[0])
                    fonts.extend([piece_font] * len(cut[0]))
                    widths.extend(cut[1])
                    joins.extend(cut[2])
                    glue.extend([0.0] * len(cut[0]))
                    hyphen.extend([0.0] * len(cut[0]))
            joins[-1] = SPACE
            glue[-1] = self.width(" ", font)
        if texts:
            joins[-1] = END
            glue[-1] = 0.0
        return items

    def _word(
        self,
        text: str,
        font: str,
        measure: float,
        hyphenate: Hyphenate | None,
        table: dict[str, float | Boxes],
        multi: set[str],
    ) -> float | Boxes:
        """A word's width, or its boxes when it has break points (remembered in ``table``)."""
        rules = self.rules
        kinds = dict.fromkeys(_explicit_points(text, rules) if len(text) > 2 else [], BREAK)
        if hyphenate is not None and len(text) >= rules.min_word:
            bounds = [0, *kinds, len(text)]
            for left, right in pairwise(bounds):
                for point in hyphenation_points(text[left:right], hyphenate, rules):
                    kinds[left + point] = HYPHEN
        value: float | Boxes
        if not kinds:
            boxes = self._cut(text, font, measure, NONE)
            value = boxes[1][0] if len(boxes[0]) == 1 else boxes
        else:
            bounds = [0, *sorted(kinds), len(text)]
            parts = [
                self._cut(text[left:right], font, measure, kinds.get(right, NONE))
                for left, right in pairwise(bounds)
            ]
            value = (
                tuple(t for part in parts for t in part[0]),
                tuple(w for part in parts for w in part[1]),
                tuple(j for part in parts for j in part[2]),
            )
        if len(text) < 100:  # a giant word is not worth remembering
            table[text] = value
            if not isinstance(value, float):
                multi.add(text)
        return value

    def _cut(self, text: str, font: str, measure: float, join: int) -> Boxes:
        """``text`` as one box followed by ``join``, or as several if it is wider than the line."""
        wide = self.width(text, font) if len(text) < 100 else self.measure(text, font) * self.size
        if wide <= measure:
            return (text,), (wide,), (join,)
        average = wide / len(text)
        texts: list[str] = []
        widths: list[float] = []
        start = 0
        while start < len(text):  # cut by estimate, then correct: a few measurements per line
            count = max(1, int(measure / average * 0.95))
            piece_width = self.measure(text[start : start + count], font) * self.size
            while piece_width > measure and count > 1:
                count = max(1, int(count * 0.9))
                piece_width = self.measure(text[start : start + count], font) * self.size
            while start + count < len(text):
                longer = self.measure(text[start : start + count + 1], font) * self.size
                if longer > measure:
                    break
                count, piece_width = count + 1, longer
            texts.append(text[start : start + count])
            widths.append(piece_width)
            start += count
        return tuple(texts), tuple(widths), (BREAK,) * (len(texts) - 1) + (join,)
