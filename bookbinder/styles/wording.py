"""How the designed pages word metadata for a reader: dates, language names, the copyright lines,
the About page's rows. Shared by the PDF writer (and open to the EPUB's pages) so both say the
same thing the same way.
"""

from __future__ import annotations

import re
from functools import cache

from bookbinder.model import Metadata

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
_W3C = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def readable_date(value: str | None) -> str | None:
    """``2023-11-04`` -> ``4 November 2023``; ``2023-11`` -> ``November 2023``; else as given."""
    if not value:
        return None
    match = _W3C.match(value)
    if not match:
        return value
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    name = MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def year_of(value: str | None) -> str | None:
    """The year of a W3C date."""
    match = _W3C.match(value or "")
    return match.group(1) if match else None


@cache
def _language_names() -> dict[str, str]:
    import pycld2  # a dependency already (language detection); its table names ~180 languages

    names: dict[str, str] = {}
    for name, code in pycld2.LANGUAGES:
        if name != "Unknown":
            names.setdefault(code.lower(), name.title().replace("_", " "))
    return names


def language_name(tag: str) -> str:
    """``en-GB`` -> ``English``; an unknown tag comes back as written."""
    primary = tag.split("-")[0].lower()
    return _language_names().get(primary, tag)


def series_text(meta: Metadata) -> str | None:
    """``The Harbour Books, book 2`` (or the series alone)."""
    if not meta.series:
        return None
    if meta.series_index is None:
        return meta.series
    return f"{meta.series}, book {meta.series_index:g}"


def copyright_lines(meta: Metadata, faces: str, edition: str) -> list[str]:
    """The copyright page, line by line: © year and author, rights, series, first publication,
    this edition, the faces. A raw ``urn:uuid`` identifier is for machines, so it is left out."""
    year = year_of(meta.date)
    holder = ", ".join(meta.authors)
    lines = []
    if holder or year:
        lines.append("Copyright \u00a9 " + " ".join(part for part in (year, holder) if part))
    if meta.rights:  # unknown rights are not claimed (a public-domain e-text is not "reserved")
        lines.append(meta.rights)
    series = series_text(meta)
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
    lines.append(edition)
    lines.append(faces)
    return lines


def about_rows(meta: Metadata, words: int, chapters: int) -> list[tuple[str, str]]:
    """(label, value) rows of a fan-fiction "About this book" page, for a reader, not a parser."""
    rows: list[tuple[str, str | tuple[str, ...] | None]] = [
        ("Fandom", meta.fandoms),
        ("Rating", meta.rating),
        ("Archive warnings", meta.warnings),
        ("Relationships", meta.relationships),
        ("Characters", meta.characters),
        ("Tags", meta.subjects),
        ("Series", series_text(meta)),
        ("Language", language_name(meta.language)),
        ("Status", meta.status),
        ("Published", readable_date(meta.date)),
        ("Chapters", meta.chapter_count or str(chapters)),
        ("Words", f"{words:,}"),
        *(
            (key.replace("_", " ").capitalize(), value)
            for key, value in meta.extra
            if key.lower().replace(" ", "_") not in {"words", "word_count", "language", "chapters"}
        ),
    ]
    flat: list[tuple[str, str]] = []
    for label, value in rows:
        text = value if isinstance(value, str) or value is None else ", ".join(value)
        if text and label.lower() in {"updated", "completed"}:
            text = readable_date(text)
        if text:
            flat.append((label, text))
    return flat


def has_about(meta: Metadata) -> bool:
    """True when the metadata says more than the title page shows (an archive's preface)."""
    return bool(
        meta.description
        or meta.fandoms
        or meta.rating
        or meta.warnings
        or meta.relationships
        or meta.characters
        or meta.status
        or meta.chapter_count
    )
