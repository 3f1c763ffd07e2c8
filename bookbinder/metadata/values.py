"""Turning metadata values as people write them into the model's types: dates, series numbers,
and a readable title from a file name. Each returns None when the value cannot be understood,
and the caller keeps the raw text as an extra (nothing an author wrote is dropped).

This is also the one home of month names and roman numerals (both ways), which the readers
(headings, Gutenberg headers) and the PDF's page labels use too."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

MONTHS = {  # month name or abbreviation (lower case) -> 1..12
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_WEEKDAY = r"(?:[A-Za-z]{3,9},?\s+)?"
_DATE_FORMS = [re.compile(rf"^{form}$", re.IGNORECASE) for form in (
    rf"{_YEAR}(?:[-/.](?P<mm>\d{{1,2}})(?:[-/.](?P<dd>\d{{1,2}}))?)?{_TIME}",  # 2019-05-01, 2019/5/1
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # May 1, 2019
    rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}",  # 1 May 2019, 1st of May 2019
    rf"{_MONTH},?\s+{_YEAR}",  # May 2019
)]
_NUMERIC_DMY = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")  # 01/05/2019 or 1.5.2019


def _w3c(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(value: object) -> str | None:
    """A W3C date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) from what an author wrote, or None.

    ``2019-05-01``, ``2019/05/01``, ``May 1, 2019``, ``1 May 2019``, ``May 2019`` and timestamps
    work. ``01/05/2019`` is read only when unambiguous (a part above 12, or dots: day.month.year);
    ``01/02/2019`` could be January or February, so it is None and stays as text.
    """
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    text = " ".join(str(value).split())
    for form in _DATE_FORMS:
        match = form.match(text)
        if not match:
            continue
        parts = match.groupdict()
        month_name = parts.get("month")
        month = MONTHS.get(month_name.lower()) if month_name else (
            int(parts["mm"]) if parts.get("mm") else None
        )
        if month_name and month is None:
            return None
        day = parts.get("day") or parts.get("dd")
        return _w3c(int(parts["year"]), month, int(day) if day else None)
    numeric = _NUMERIC_DMY.match(text)
    if numeric:
        first, sep, second, year = int(numeric[1]), numeric[2], int(numeric[3]), int(numeric[4])
        if sep == "." or first > 12:
            return _w3c(year, second, first)  # day first: 25/12/2019, 1.5.2019
        if second > 12:
            return _w3c(year, first, second)  # month first: 12/25/2019
    return None


_NUMBER_WORDS = {word: n for n, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
))}
_ROMAN = re.compile(r"^(?=[mdclxvi])(m{0,4})(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)
_ROMAN_DIGITS = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
    (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)


def roman_value(text: str) -> int | None:
    """The number a well-formed roman numeral shows (``XIV``, ``xiv`` -> 14), else None."""
    if not _ROMAN.match(text):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for ch, nxt in zip(text.lower(), [*text.lower()[1:], ""], strict=True):
        total += -values[ch] if nxt and values[nxt] > values[ch] else values[ch]
    return total


def roman(number: int) -> str:
    """``14`` -> ``xiv`` (lower case, as front-matter page numbers are printed)."""
    out = []
    for value, letters in _ROMAN_DIGITS:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


MAX_SERIES_INDEX = 1_000_000  # far beyond any series; past it a number is a mistake (or .inf)


def _position(number: float) -> float | None:
    """A series position: finite, not negative, below MAX_SERIES_INDEX (writers print it as a number)."""
    return number if math.isfinite(number) and 0 <= number < MAX_SERIES_INDEX else None


def parse_series_index(value: object) -> float | None:
    """A series position from ``2``, ``2.5``, ``#3``, ``Book 2``, ``Part 2 of 5``, ``two``, ``II``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _position(float(value)) if abs(value) < MAX_SERIES_INDEX * 2 else None
    text = str(value).strip()
    number = re.search(r"\d+(?:\.\d+)?", text)
    if number:
        return _position(float(number.group()))
    last = text.split()[-1].lower() if text.split() else ""
    if last in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[last])
    roman = roman_value(last) if len(last) > 1 or text.isupper() else None  # a lone "x" is no number
    return float(roman) if roman else None


# "Foo [2]", "Foo #2", "Foo, Book 2", "Part 2 of Foo" (AO3): a series name with its position.
_SERIES_WITH_INDEX = (
    re.compile(r"^(?P<name>.+?)\s*[\[(]\s*#?(?P<index>\d+(?:\.\d+)?)\s*[\])]$"),
    re.compile(r"^(?P<name>.+?)\s+#(?P<index>\d+(?:\.\d+)?)$"),
    re.compile(r"^(?P<name>.+?),?\s+(?:book|volume|vol\.|part)\s+(?P<index>\d+(?:\.\d+)?)$", re.I),
    re.compile(r"^(?:part|book)\s+(?P<index>\d+(?:\.\d+)?)\s+of\s+(?P<name>.+)$", re.I),
)


def split_series(text: str) -> tuple[str, float | None]:
    """``Foo [2]`` -> (``Foo``, 2.0); a plain series name comes back with None."""
    for pattern in _SERIES_WITH_INDEX:
        match = pattern.match(text.strip())
        if match:
            index = _position(float(match["index"]))
            if index is not None:
                return match["name"].strip(), index
    return text, None


_SMALL_WORDS = frozenset((
    "a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to", "vs", "via",
))
# A content hash as download tools and sync services append it: 8+ hex digits, letters and digits.
_HASH = re.compile(r"^(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{8,}$", re.IGNORECASE)


def title_from_filename(path: Path) -> str:
    """A readable title from a file name: ``the_long-walk.v2`` -> ``The Long Walk V2``.

    Leading sort numbers and content hashes are machine labels, not words of a title. A name that
    is nothing else (``000_18fc5684e88c9bf4``, as archive exports name files) becomes
    ``Untitled 000``: the hash means nothing to a reader, while the sort number keeps books
    from one folder distinct and in order on an e-reader's shelf.
    """
    words = [w for w in re.split(r"[\s_\-.]+", path.stem) if w]
    sort_number = words.pop(0) if len(words) > 1 and words[0].isdigit() else None
    words = [w for w in words if not _HASH.match(w)]
    if not words:
        return f"Untitled {sort_number}" if sort_number else "Untitled"
    titled = []
    for i, word in enumerate(words):
        if word != word.lower():
            titled.append(word)  # keep the author's own capitals: McGregor, NASA, iPod
        elif 0 < i < len(words) - 1 and word in _SMALL_WORDS:
            titled.append(word)
        else:
            titled.append(word[:1].upper() + word[1:])
    return " ".join(titled)


def title_case(text: str) -> str:
    """``THE CLOCKMAKER'S DAUGHTER`` -> ``The Clockmaker's Daughter``, for titles set in capitals
    on a title page; roman numerals stay capitals (``BOOK II`` -> ``Book II``)."""
    words = text.lower().split()
    out = []
    for i, word in enumerate(words):
        if roman_value(word.strip(".,:;")):  # also keeps the pronoun I a capital
            out.append(word.upper())
        elif 0 < i < len(words) - 1 and word in _SMALL_WORDS:
            out.append(word)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(out)
