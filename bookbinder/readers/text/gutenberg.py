"""Project Gutenberg wrappers: the header (up to ``*** START OF``) and the licence at the end.

Both are kept out of the chapters, so chapter detection sees only the book, and are kept as
back matter, never deleted. The header's ``Title:``/``Author:``/``Language:``/``Release Date:``
lines become a front-matter metadata layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bookbinder.metadata import Layer, RawValue
from bookbinder.metadata.language import normalise_language
from bookbinder.metadata.values import MONTHS
from bookbinder.model import Source
from bookbinder.readers.text.lazy import lazy_pattern

_START = re.compile(
    # "*** START OF THIS PROJECT GUTENBERG EBOOK X ***"; pre-2000 files end their header with
    # "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*" instead.
    r"^[ \t]*(?:\*{3}[ \t]*START OF (?:THE|THIS) PROJECT GUTENBERG|\*END\*[ \t]*THE SMALL PRINT)[^\n]*$",
    re.I | re.M,
)
_END = lazy_pattern(
    r"^[ \t]*(?:\*{3}[ \t]*END OF (?:THE|THIS) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg)",
    re.I | re.M,
)
_FIELD = lazy_pattern(r"^([A-Z][A-Za-z ]{1,30}):[ \t]*(.*)$")
_EBOOK_NUMBER = lazy_pattern(r"\[(?:E-?Book|Etext)\s*#\s*(\d+)\]", re.I)
# Header fields we take, in the header's words -> the metadata key.
FIELDS = {
    "title": "title",
    "author": "author",
    "language": "language",
    "release date": "date",
    "translator": "translator",
    "translators": "translator",
}
_DATE = lazy_pattern(
    r"(?:(?P<month>[A-Za-z]+)\.?\s+(?:(?P<day>\d{1,2}),?\s+)?|(?P<mo2>[A-Za-z]+),\s*)?(?P<year>\d{4})"
)
HEADER_TITLE = "Project Gutenberg header"
LICENCE_TITLE = "Project Gutenberg licence"


@dataclass(frozen=True, slots=True)
class Wrapped:
    """A Gutenberg file cut in three: header lines, the book, licence lines (with line numbers)."""

    header: tuple[str, ...]
    body: tuple[str, ...]
    body_line: int  # 1-based line number of the first body line
    footer: tuple[str, ...]
    footer_line: int


def unwrap_gutenberg(text: str) -> Wrapped | None:
    """Find the START and END markers; None when the text is not a Gutenberg file."""
    start = _START.search(text, 0, 40_000)
    if start is None:
        return None
    end = _find_end(text, start.end())
    header = text[: start.end()]
    body = text[start.end() : end.start() if end else len(text)]
    footer = text[end.start() :] if end else ""
    body_line = header.count("\n") + 1
    body_lines = body.split("\n")
    footer_line = body_line + len(body_lines) - 1
    return Wrapped(
        tuple(header.split("\n")), tuple(body_lines), body_line, tuple(footer.split("\n")), footer_line
    )


def _find_end(text: str, pos: int) -> re.Match[str] | None:
    """``_END().search(text, pos)``, ten times faster: a multi-line ``^`` makes the regex engine
    try every position of a 3 MB novel, so candidates are found by a newline-led prefilter."""
    if pos == 0 or text[pos - 1 : pos] == "\n":  # pos itself starts a line
        found = _END().match(text, pos)
        if found is not None:
            return found
    for candidate in _END_CANDIDATE().finditer(text, pos):
        found = _END().match(text, candidate.end())
        if found is not None:
            return found
    return None


_END_CANDIDATE = lazy_pattern(r"\n(?=[ \t]*(?:\*{3}|end of))", re.I)


# The 1990s first line names the book: "The Project Gutenberg Etext of <title> by <author>".
_ETEXT_OF = lazy_pattern(
    r"(?:the\s+)?project\s+gutenberg'?s?\s+e-?(?:text|book)\s+of\s+(?P<title>.+?)(?:,?\s+by\s+(?P<author>.+?))?",
    re.IGNORECASE,
)
# What a header title says about the edition, not the book: ", Complete", ", v. 1, 2, 3, 4".
_EDITION_SUFFIX = lazy_pattern(
    r",\s*(?:complete|(?:v|vol|vols|volumes?)\.?\s+[\dIVXLC]+(?:\s*(?:,|&|and|-)\s*[\dIVXLC]+)*)\.?$",
    re.IGNORECASE,
)


def header_layer(header: tuple[str, ...]) -> Layer | None:
    """The metadata a Gutenberg header states (continuation lines are indented)."""
    values: dict[str, RawValue] = {}
    key: str | None = None
    for line in header:
        found = _FIELD().match(line)
        if found and found.group(1).lower() in FIELDS:
            key = FIELDS[found.group(1).lower()]
            values[key] = found.group(2).strip()
        elif key == "title" and line.startswith((" ", "\t")) and line.strip():
            values["subtitle"] = line.strip()  # "Title: Frankenstein" / "       or The Modern Prometheus"
        else:
            key = None
    first = next((line.strip(" *\t") for line in header if line.strip(" *\t")), "")
    old_style = _ETEXT_OF().fullmatch(first)
    if old_style and "title" not in values:  # "The Project Gutenberg Etext of Emma by Jane Austen"
        values["title"] = old_style.group("title").strip()
        if old_style.group("author") and "authors" not in values:
            values["authors"] = old_style.group("author").strip()
    if isinstance(values.get("title"), str):
        values["title"] = _EDITION_SUFFIX().sub("", str(values["title"])).strip()
    number = _EBOOK_NUMBER().search("\n".join(header))
    if number:
        values["source url"] = f"https://www.gutenberg.org/ebooks/{number.group(1)}"
    if isinstance(values.get("language"), str):
        language = str(values["language"])
        values["language"] = normalise_language(language.split(",")[0]) or language
    if isinstance(values.get("date"), str):
        values["date"] = w3c_date(str(values["date"])) or None
    values = {k: v for k, v in values.items() if v}
    return Layer(Source.FRONT_MATTER, values) if values else None


def w3c_date(text: str) -> str | None:
    """``June 17, 2008 [EBook #84]`` -> ``2008-06-17``; ``March, 1994`` -> ``1994-03``."""
    found = _DATE().search(text)
    if not found:
        return None
    year = found.group("year")
    month = MONTHS.get((found.group("month") or found.group("mo2") or "").lower())
    if not month:
        return year
    day = found.group("day")
    return f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"
