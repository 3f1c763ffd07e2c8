"""Which lines are headings: a table of patterns, one row per way writers mark a division.

A line is only tried when it already looks like a heading (short, on its own, not ending like a
sentence), so prose that happens to start with "Chapter" stays prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from bookbinder.metadata.values import roman_value


class Kind(StrEnum):
    """What a heading divides: a part holds chapters; a flexible one is either."""

    PART = "part"
    CHAPTER = "chapter"
    FLEX = "flex"  # Prologue / Epilogue: a chapter, or a part when chapters follow it
    CONTENTS = "contents"  # a table of contents starts here


_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMBER = rf"(?:\d{{1,4}}|[ivxlcdm]{{1,9}}|(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_TEENS}|{_UNITS}|hundred)"
ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|last|final|premi[eè]re?|deuxi[eè]me|troisi[eè]me)"
)
# After the number: nothing, or a separator and a title ("Chapter 3: The Storm", "Part 1, Confusion").
# A footnote mark may follow the number: "CHAPITRE XXII[1]." (Candide).
# A lone trailing colon or dash is allowed too: "Chapter 1:".
_TAIL = r"(?:\[\w{1,3}\])?\.?(?:(?P<sep>\s*[:.,\-–—]\s*|\s+)(?P<title>\S.*))?(?:\s*[:\-–—])?"

# (name, kind, pattern, weak). Weak rows (a bare numeral) count only when a file has two or more.
ROWS: tuple[tuple[str, Kind, str, bool], ...] = (
    # "Chapter 1", "CHAPTER IV.", "Chapter Twelve - The Storm", "Ch. 3" (AO3, Gutenberg, drafts)
    ("chapter", Kind.CHAPTER, rf"(?:chapter|chap\.|ch\.)\s*{NUMBER}{_TAIL}", False),
    # "CHAPITRE I." (Candide), "Capítulo 2", "Kapitel 3", "Capitolo 4"
    (
        "chapter-foreign",
        Kind.CHAPTER,
        rf"(?:chapitre|cap[ií]tulo|kapitel|capitolo|hoofdstuk)\s+{NUMBER}{_TAIL}",
        False,
    ),
    # "Letter 1" (Frankenstein's opening letters are its first chapters)
    ("letter", Kind.CHAPTER, rf"letter\s+{NUMBER}{_TAIL}", False),
    # "Part 1, Confusion" (seed 000), "Book One", "BOOK ONE: 1805" (War and Peace), "Volume II"
    ("part", Kind.PART, rf"(?:part|book|volume|vol\.|livre|partie|teil)\s+{NUMBER}{_TAIL}", False),
    # "FIRST EPILOGUE: 1813 - 20", "SECOND EPILOGUE" (War and Peace), "Second Part", "Première partie"
    ("ordinal-part", Kind.PART, rf"{ORDINAL}\s+(?:part|book|volume|epilogue|partie|livre){_TAIL}", False),
    # "Prologue", "Epilogue: Ten Years Later", "Interlude" (fan fiction), "Afterword"
    (
        "standalone",
        Kind.FLEX,
        rf"(?:prologue|epilogue|interlude|afterword|postscript|coda|[ée]pilogue){_TAIL}",
        False,
    ),
    # "IV." or "XII" alone (older novels number chapters with bare Roman numerals)
    ("roman", Kind.CHAPTER, r"(?-i:[IVXLC]{1,7})\.?", True),
    # "1", "12." alone (drafts that number chapters only)
    ("number", Kind.CHAPTER, r"\d{1,3}\.?", True),
    # "CONTENTS", "Table of Contents" (Frankenstein, War and Peace, FanFicFare)
    ("contents", Kind.CONTENTS, r"(?:table\s+of\s+)?contents[:.]?|table des mati[eè]res|sommaire|inhalt"
        r"|[ií]ndice|index", False),
)



class _Row:
    """One row compiled. The four rows that end in a numeral and a title share one compiled
    ``{NUMBER}{_TAIL}`` (compiling it is most of each row's cost, ~0.5 ms, at every start):
    their lead word and its spaces are matched apart. That is the same match, since no lead
    word matches at two lengths and a numeral never starts with a space."""

    __slots__ = ("lead", "rest")

    def __init__(self, pattern: str, shared: re.Pattern[str]) -> None:
        self.lead = re.compile(pattern.removesuffix(_NUMBER_TAIL), re.IGNORECASE) if (
            pattern.endswith(_NUMBER_TAIL)) else None
        self.rest = shared if self.lead else re.compile(pattern, re.IGNORECASE)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        if self.lead is None:
            return self.rest.fullmatch(text)
        lead = self.lead.match(text)
        return None if lead is None else self.rest.fullmatch(text, lead.end())


_NUMBER_TAIL = NUMBER + _TAIL
_SHARED_TAIL = re.compile(_NUMBER_TAIL, re.IGNORECASE)
_COMPILED = tuple((name, kind, _Row(pattern, _SHARED_TAIL), weak) for name, kind, pattern, weak in ROWS)
_MARKDOWN = re.compile(r"(#{1,6})[ \t]+(\S.*?)(?:[ \t]+#+)?[ \t]*$")
_WRAPPED_IN_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(\S(?:.*\S)?)\1")
_SENTENCE_END = re.compile(r"[.;,]['\"’”»)]*$")
MAX_HEADING = 100
MAX_TITLE_WORDS = 12


@dataclass(frozen=True, slots=True)
class Match:
    """A heading line recognised by a table row (``level`` is the Markdown ``#`` count, else 0)."""

    row: str
    kind: Kind
    weak: bool
    level: int = 0
    title: str = ""  # the heading text to show (Markdown marks removed)
    titled: bool = False  # the line names the division ("Chapter 3: The Storm", "# Home")


def match_heading(line: str) -> Match | None:
    """The table row that ``line`` matches as a heading, or None."""
    text = _unbold(" ".join(line.split()))
    if not text or len(text) > MAX_HEADING:
        return None
    markdown = _MARKDOWN.fullmatch(text)
    if markdown:
        return Match("markdown", Kind.CHAPTER, False, len(markdown.group(1)), markdown.group(2), True)
    for name, kind, pattern, weak in _COMPILED:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        title = found.groupdict().get("title")
        if title is not None and not _title_ok(title, found.group("sep") or ""):
            continue
        return Match(name, kind, weak, 0, text, title is not None)
    return None


def _unbold(text: str) -> str:
    """``**Chapter 1**`` or ``_Prologue_`` (drafts pasted from a word processor) -> the heading."""
    found = _WRAPPED_IN_EMPHASIS.fullmatch(text)
    return found.group(2).strip() if found else text


def _title_ok(title: str, separator: str) -> bool:
    """The words after a heading's number must read as a title, not as the rest of a sentence."""
    words = title.split()
    if len(words) > MAX_TITLE_WORDS or _SENTENCE_END.search(title):
        return False
    if not separator.strip():
        # "Chapter 1 The Beginning" is a title; "Chapter 1 was hard" is a sentence.
        first = title.lstrip("([\"'“‘«")[:1]
        return first.isupper() or first.isdigit()
    return True


def looks_like_title(line: str) -> bool:
    """A short line that could be a heading's title on the next line ("The Beginning")."""
    text = " ".join(line.split()).strip("_*")
    if not text or len(text) > 60 or len(text.split()) > (MAX_TITLE_WORDS if text.isupper() else 10):
        return False
    if text[0] in "\"'“‘«—–-([" or not (text[0].isupper() or text[0].isdigit()):
        return False
    if ":" in text:  # "A/N: thanks", "Note: ..." are labels, not titles
        return False
    if re.search(r"[.;,]['\"’”»)]*$|[\"”’»]$", text) or match_heading(text) is not None:
        return False
    # "Who Stole the Tarts?" is a title; "What force moves the nations?" opens a chapter.
    return not text.endswith(("?", "!")) or _title_case(text)


def _title_case(text: str) -> bool:
    """Most longer words capitalised, as titles are (or the whole line in capitals)."""
    long_words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return text.isupper() or sum(w[0].isupper() for w in long_words) * 2 > len(long_words)


def numeral_value(text: str) -> int | None:
    """The number a bare numeral heading shows ("XIV." -> 14, "12" -> 12), or None."""
    core = text.strip().rstrip(".")
    if core.isdigit():
        return int(core)
    return roman_value(core) if core.isupper() else None


def counts_up(values: list[int | None]) -> bool:
    """Bare numerals are headings only if they count: each next is one more, or starts again at 1."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return False
    steps = sum(1 for a, b in pairwise(known) if b in (a + 1, 1))
    return steps * 2 > len(known) - 1
