"""Headings from evidence across the whole book: a repeated shape whose numbering advances.

The heading table knows the common words ("Chapter", "Part"); books use many more ("Kapitel",
"Κεφάλαιον", "Stave", "Canto", "Letter", "Scene") and often none ("[ 1 ]", "— I —", "1. The
Cyclone", "I. HISTORY."). A short line set apart from the text is a *candidate*; its *shape* is the
line with the numeral taken out (the heading word, or the brackets and stops around a bare
numeral). A shape is a heading shape when at least three candidates share it and their numbers
count up (by one, or starting again at one in a new part). One line of dialogue in capitals, a
short line of verse or the date over a letter never repeats with an advancing number, so it stays
text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from bookbinder.readers.text.numbering import number_value

MIN_MEMBERS = 3
MAX_CANDIDATE = 80
MAX_TITLE_WORDS = 14


# Words that name a division above chapters, in the languages books come in.
def fold(word: str) -> str:
    """Case and accents folded: ``ΜΈΡΟΣ``, ``μέρος`` and ``Μερος`` are one heading word."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


PART_WORDS = frozenset(
    fold(word)
    for word in [
        "part",
        "book",
        "volume",
        "vol",
        "act",
        "livre",
        "partie",
        "tome",
        "teil",
        "buch",
        "band",
        "libro",
        "parte",
        "tomo",
        "deel",
        "μέρος",
        "τόμος",
        "βιβλίον",
        "часть",
        "книга",
        "том",
    ]
)
_NUMERAL = r"[^\W_]+['ʹ΄’]?"
_WORD_FIRST = re.compile(rf"(?P<word>[^\W\d_]{{2,}})\.?\s+(?P<num>{_NUMERAL})(?P<tail>.*)")
_NUMBER_FIRST = re.compile(r"(?P<num>[^\W\d_]{3,}(?:-[^\W\d_]+)?)\s+(?P<word>[^\W\d_]{2,})(?P<tail>.*)")
_BARE = re.compile(
    rf"(?P<pre>[\[(—–\-]*)\s*(?P<num>{_NUMERAL})\s*(?P<post>[\])—–\-]*)(?P<stop>\.?)(?P<tail>.*)"
)
_TAIL = re.compile(r"(?:\[\w{1,3}\])?\s*(?:[.:,]|--|[—–-])?\s*(?P<title>.*)")
_MONTHS = {
    fold(name): number
    for number, names in enumerate(
        (
            "january janvier januar jänner enero gennaio janeiro",
            "february février februar febrero febbraio fevereiro",
            "march mars märz marzo março",
            "april avril abril aprile",
            "may mai mayo maggio maio",
            "june juin juni junio giugno junho",
            "july juillet juli julio luglio julho",
            "august août agosto",
            "september septembre septiembre settembre setembro",
            "october octobre oktober octubre ottobre outubro",
            "november novembre noviembre novembro",
            "december décembre dezember diciembre dicembre dezembro",
        ),
        1,
    )
    for name in names.split()
}
_DATE = re.compile(r"(?P<month>[^\W\d_]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?P<tail>.*)")
_DATE_FIRST = re.compile(r"(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]+)\b(?P<tail>.*)")
_SPACED_LETTERS = re.compile(r"^((?:[^\W\d_] ){2,}[^\W\d_])(?=\W|$)")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[,;]['\"’”»)]*$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A short line set apart: where it is, its shape, its number and its title (if any)."""

    index: int  # position of the draft in the pass's list
    text: str
    shape: tuple[str, ...]
    number: int | None
    word: str = ""  # the heading word ("kapitel"), "" for a bare numeral
    title: str = ""


@dataclass(frozen=True, slots=True)
class Sequence:
    """An accepted heading shape and its members, in reading order."""

    shape: tuple[str, ...]
    members: tuple[Candidate, ...]
    part: bool  # a division above chapters

    def describe(self) -> str:
        numbers = [m.number for m in self.members]
        known = [n for n in numbers if n is not None]
        if self.shape == ("date",):
            return f"{len(self.members)} dated lines running forward in time"
        shown = " ".join(part for part in self.shape if part)
        return f"shape {shown!r}: {len(self.members)} lines numbered {_ranges(known)}"


def normalise(line: str) -> str:
    """Whitespace collapsed, emphasis marks off, letter-spaced words joined (``C H A P.`` -> ``CHAP.``)."""
    text = " ".join(line.split()).strip("_*")
    spaced = _SPACED_LETTERS.match(text)
    if spaced:
        text = spaced.group(1).replace(" ", "") + text[spaced.end() :]
    return text


def candidate(index: int, line: str) -> Candidate | None:
    """The line's heading shape, if it has a numeral in a heading position."""
    found = _shape(index, normalise(line))
    if found is None:
        return None
    shown = " ".join(line.split())  # the heading as written: "C H A P. II." keeps its spaces
    return Candidate(found.index, shown, found.shape, found.number, found.word, found.title)


def _shape(index: int, text: str) -> Candidate | None:
    if not text or len(text) > MAX_CANDIDATE or text.count(" ") > MAX_TITLE_WORDS + 1:
        return None
    if text[-1] in ",;" or text[0] in "\"“‘'«":
        return None  # a sentence running on, or a line of dialogue
    dated = _date(index, text)
    if dated is not None:
        return dated
    found = _WORD_FIRST.fullmatch(text)
    if found:
        number = number_value(found.group("num"))
        title = _title(found.group("tail")) if number is not None else None
        if number is not None and title is not None:
            word = fold(found.group("word"))
            return Candidate(index, text, ("word", word), number, word, title)
    found = _NUMBER_FIRST.fullmatch(text)
    if found:
        number = number_value(found.group("num"))
        title = _title(found.group("tail")) if number is not None else None
        if number is not None and title is not None:
            word = fold(found.group("word")).rstrip(".")
            return Candidate(index, text, ("word", word), number, word, title)
    found = _BARE.fullmatch(text)
    if found:
        token = found.group("num")
        number = number_value(token)
        title = _title(found.group("tail"))
        arabic = token.isascii() and token.isdecimal()
        if number is None or title is None or not (arabic or token.isupper()):
            return _unnumbered(index, text)
        if title and not found.group("stop"):
            return None  # "I went home" is a sentence, "[1] See page 7" a footnote; "I. HOME" a heading
        kind = "arabic" if arabic else "numeral"
        around = (found.group("pre"), found.group("post"), found.group("stop"))
        shape = ("bare", *around, kind, "titled" if title else "")
        return Candidate(index, text, shape, number, "", title)
    return _unnumbered(index, text)


def _date(index: int, text: str) -> Candidate | None:
    """``MAY 4.``, ``January 8, 1772.``, ``12 mai``: a letter's or a diary's date heading. Its
    number orders the dates (month * 100 + day)."""
    found = _DATE.fullmatch(text) or _DATE_FIRST.fullmatch(text)
    if found is None:
        return None
    month = _MONTHS.get(fold(found.group("month")))
    day = int(found.group("day"))
    tail = found.group("tail").strip()
    if month is None or not 1 <= day <= 31 or len(tail.split()) > 4 or _SENTENCE_END.search(tail):
        return None
    return Candidate(index, text, ("date",), month * 100 + day, "", tail)


def _unnumbered(index: int, text: str) -> Candidate | None:
    """A heading word with a numeral the reader cannot value (a misprint: ``Zölftes Kapitel``,
    ``ΚΕΦΑΛΑΙΟΝ Γ.``): a member of its word's sequence only if that sequence is found anyway."""
    found = _WORD_FIRST.fullmatch(text)
    if (
        found
        and found.group("word").isupper()
        and found.group("num").isupper()
        and len(found.group("num")) <= 4
        and _title(found.group("tail")) == ""
    ):
        word = fold(found.group("word"))
        return Candidate(index, text, ("word", word), None, word, "")
    found = _NUMBER_FIRST.fullmatch(text)
    capitalised = found and found.group("num")[:1].isupper() and found.group("word")[:1].isupper()
    if found and capitalised and _title(found.group("tail")) == "":
        word = fold(found.group("word")).rstrip(".")
        return Candidate(index, text, ("word", word), None, word, "")
    return None


def _title(tail: str) -> str | None:
    """The title after the numeral ("" for none), or None when the rest reads as a sentence."""
    found = _TAIL.fullmatch(tail.strip())
    if found is None:
        return None
    title = found.group("title").strip()
    if not title:
        return ""
    if len(title.split()) > MAX_TITLE_WORDS or _SENTENCE_END.search(title):
        return None
    letter = _LETTER.search(title)
    if letter is None:
        return title
    # Titles start with a capital or are in capitals; "I was there." starts a sentence.
    return title if letter.group().isupper() or title.isupper() else None


def advances(numbers: list[int | None], restarts_often: bool = False) -> bool:
    """Most known numbers are one more than the last known one, or start again at one."""
    known = [n for n in numbers if n is not None]
    if len(known) < MIN_MEMBERS or len(known) * 2 < len(numbers):
        return False
    steps = sum(1 for a, b in pairwise(known) if b == a + 1 or b == 1 or a < b <= a + 2)
    runs = 1 + sum(1 for a, b in pairwise(known) if b <= a)
    # Numbering restarts in a new part, after several headings; "FIRST WITCH", "SECOND WITCH",
    # "THIRD WITCH", "FIRST WITCH" (speakers in a play) restart every two or three.
    return (
        steps * 4 >= (len(known) - 1) * 3
        and known.count(known[0]) * 2 <= len(known) + 1
        and (runs == 1 or restarts_often or len(known) >= 4 * runs)
    )


def chronological(dates: list[int | None]) -> bool:
    """Date headings run forward in time (a new year may start again in January)."""
    known = [d for d in dates if d is not None]
    if len(known) < 2 * MIN_MEMBERS:
        return False
    forward = sum(1 for a, b in pairwise(known) if b > a or (a // 100 == 12 and b // 100 == 1))
    return forward * 5 >= (len(known) - 1) * 4


def find_sequences(candidates: Iterable[Candidate]) -> list[Sequence]:
    """Shapes shared by enough candidates with advancing numbers; parts above chapters marked."""
    groups: dict[tuple[str, ...], list[Candidate]] = defaultdict(list)
    for found in candidates:
        groups[found.shape].append(found)
    accepted = [
        members
        for shape, members in groups.items()
        if _spread(members)
        and (
            chronological([m.number for m in members])
            if shape == ("date",)
            # Parts restart in every volume, after only a few ("BOOK FIRST", "BOOK SECOND").
            else advances([m.number for m in members], members[0].word in PART_WORDS)
        )
    ]
    accepted = _with_misspellings(accepted, groups)
    accepted = [m for m in accepted if m[0].word in PART_WORDS or not _inside_one_gap(m, accepted)]
    sequences: list[Sequence] = []
    for members in accepted:
        word = members[0].word
        part = word in PART_WORDS or (not word and _encloses(members, accepted))
        sequences.append(Sequence(members[0].shape, tuple(members), part))
    return sequences


def _spread(members: list[Candidate]) -> bool:
    """Headings have text between them; a list of numbered one-line paragraphs does not (a
    contents list among them is fine: the body's headings are spread out)."""
    apart = sum(1 for a, b in pairwise(members) if b.index - a.index > 1)
    return apart * 2 >= len(members) - 1


def _with_misspellings(
    accepted: list[list[Candidate]], groups: dict[tuple[str, ...], list[Candidate]]
) -> list[list[Candidate]]:
    """Lines whose heading word is one letter off an accepted one (``ΚΕΦΑΛΑΙΩΝ`` beside
    ``ΚΕΦΑΛΑΙΟΝ``) join that sequence: a misprint does not make a chapter vanish."""
    out: list[list[Candidate]] = []
    taken = {id(members) for members in accepted}
    for members in accepted:
        word = members[0].word
        extra = [
            m
            for other in groups.values()
            if id(other) not in taken and len(word) >= 6 and _one_letter_off(other[0].word, word)
            for m in other
        ]
        out.append(sorted([*members, *extra], key=lambda m: m.index) if extra else members)
    return out


def _one_letter_off(a: str, b: str) -> bool:
    if not a or abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _inside_one_gap(members: list[Candidate], accepted: list[list[Candidate]]) -> bool:
    """A numbered list inside one chapter (articles of a treaty): every member falls between the
    same two headings of a longer sequence."""
    first, last = members[0].index, members[-1].index
    return any(
        len(other) > len(members)
        and not any(first <= m.index <= last for m in other)
        and other[0].index < first
        for other in accepted
        if other is not members
    )


def _encloses(members: list[Candidate], accepted: list[list[Candidate]]) -> bool:
    """A bare sequence is a level above another bare one when it is the sparser of the two and
    every gap between its headings holds some of the other's."""
    for other in accepted:
        if other is members or other[0].word or len(other) <= len(members):
            continue
        positions = [m.index for m in other]
        gaps = [*(m.index for m in members), 1 << 60]
        if all(any(a < p < b for p in positions) for a, b in pairwise(gaps)):
            return True
    return False


def _ranges(numbers: list[int]) -> str:
    if not numbers:
        return "-"
    runs: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:]:
        if n == prev + 1:
            prev = n
            continue
        runs.append(f"{start}-{prev}" if prev != start else str(start))
        start = prev = n
    runs.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(runs[:6]) + (" ..." if len(runs) > 6 else "")
