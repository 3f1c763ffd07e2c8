"""How metadata reads on a page: the series line, the byline, the "About this book" rows.

One wording for every place a book shows them (EPUB title and about pages, the PDF's title and
copyright pages, the cover), so the three can never disagree: "Tides, Book 2" everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from functools import cache

from bookbinder.model import Metadata

_GREEK_ACCENTS = frozenset("\u0301\u0300\u0342\u0313\u0314\u0345")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_W3C = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_COUNTED = {"words", "word_count", "language", "chapters"}  # extras the rows already show


def readable_date(value: str | None) -> str | None:
    """``2023-11-04`` -> ``4 November 2023``; ``2023-11`` -> ``November 2023``; else as given."""
    if not value:
        return None
    match = _W3C.match(value.strip())
    if not match:
        return value
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    name = MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def year_of(value: str | None) -> str | None:
    """The year of a W3C date."""
    match = _W3C.match((value or "").strip())
    return match.group(1) if match else None


@cache
def _language_names() -> dict[str, str]:
    import pycld2  # a dependency already (language detection); its table names ~180 languages

    found: dict[str, str] = {}
    for name, code in pycld2.LANGUAGES:
        if name != "Unknown":
            found.setdefault(code.lower(), name.title().replace("_", " "))
    return found


def language_name(tag: str) -> str:
    """``en-GB`` -> ``English``; an unknown tag comes back as written."""
    return _language_names().get(tag.split("-")[0].lower(), tag)


def series_number(value: float) -> str:
    """A series index as people write it: 2, not 2.0; 2.5 stays 2.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def series_line(meta: Metadata) -> str | None:
    """ "Series, Book 2" (or just the series name; None without a series)."""
    if not meta.series:
        return None
    if meta.series_index is None:
        return meta.series
    return f"{meta.series}, Book {series_number(meta.series_index)}"


def names(authors: Sequence[str]) -> str | None:
    """'A', 'A & B', 'A, B & C' (None when the book has no author)."""
    kept = [a.strip() for a in authors if a.strip()]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else ", ".join(kept[:-1]) + " & " + kept[-1]


def title_page_authors(meta: Metadata) -> tuple[str, ...]:
    """The author lines of a title page: the byline as the manuscript printed it, else the names."""
    return (meta.byline,) if meta.byline else meta.authors


def capitals(text: str) -> str:
    """Upper case as a typesetter sets it: Greek capitals drop their accents (ΌΜΗΡΟΣ -> ΟΜΗΡΟΣ)."""
    kept: list[str] = []
    greek = False
    for ch in unicodedata.normalize("NFD", text.upper()):
        if unicodedata.combining(ch):
            if greek and ch in _GREEK_ACCENTS:
                continue
        else:
            greek = "GREEK" in unicodedata.name(ch, "")
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def about_rows(meta: Metadata, words: int, chapters: int) -> list[tuple[str, str]]:
    """(label, value) rows of "About this book", in the order an archive download shows them, worded
    for a reader: the language by name, dates as people write them, one word count."""
    rows: list[tuple[str, str | Sequence[str] | None]] = [
        ("Rating", meta.rating),
        ("Archive warnings", meta.warnings),
        ("Fandom", meta.fandoms),
        ("Relationships", meta.relationships),
        ("Characters", meta.characters),
        ("Tags", meta.subjects),
        ("Series", series_line(meta)),
        ("Language", language_name(meta.language)),
        ("Status", meta.status),
        ("Published", readable_date(meta.date)),
        ("Chapters", meta.chapter_count or str(chapters)),
        ("Words", f"{words:,}"),
        ("Source", meta.source_url),
        *(
            (key.replace("_", " ").capitalize(), readable_date(value) or value)
            for key, value in meta.extra
            if key.lower().replace(" ", "_") not in _COUNTED
        ),
    ]
    flat: list[tuple[str, str]] = []
    for label, value in rows:
        text = value if isinstance(value, str) or value is None else ", ".join(value)
        if text:
            flat.append((label, text))
    return flat


def has_about(meta: Metadata) -> bool:
    """True when the metadata says more than the title page shows (an archive's preface)."""
    return bool(
        meta.description
        or meta.subjects
        or meta.fandoms
        or meta.rating
        or meta.warnings
        or meta.relationships
        or meta.characters
        or meta.status
        or meta.chapter_count
        or meta.source_url
        or meta.extra
    )


def edition_line(timestamp: datetime) -> str:
    """"This edition: March 2021." for the copyright page, or nothing when the build's date is
    the 1980-01-01 floor that stands for "no date known" (zip's earliest): never a false date."""
    if (timestamp.year, timestamp.month, timestamp.day) == (1980, 1, 1):
        return ""
    return f"This edition: {readable_date(timestamp.strftime('%Y-%m'))}."


def copyright_lines(meta: Metadata, faces: str, edition: str) -> list[str]:
    """The copyright page, line by line: © year and author, rights, series, first publication,
    this edition, the faces. A raw ``urn:uuid`` identifier is for machines, so it is left out;
    unknown rights are not claimed (a public-domain e-text is not "all rights reserved")."""
    year, holder = year_of(meta.date), names(meta.authors)
    lines = []
    if holder or year:
        lines.append("Copyright \u00a9 " + " ".join(part for part in (year, holder) if part))
    if meta.rights:
        lines.append(meta.rights)
    series = series_line(meta)
    if series:
        lines.append(f"Part of {series}.")
    first = readable_date(meta.date)
    if meta.publisher:
        lines.append(f"First published by {meta.publisher}" + (f", {first}." if first else "."))
    elif first:
        lines.append(f"First published {first}.")
    if meta.source_url:
        lines.append(f"Originally published at {meta.source_url}")
    if meta.identifier and not meta.identifier.lower().startswith("urn:uuid:"):
        lines.append(meta.identifier)
    if edition:
        lines.append(edition)
    lines.append(faces)
    return lines
