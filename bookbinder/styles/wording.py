"""The copyright page's wording, shared by the PDF and the EPUB so both say the same thing.
(Dates, names, the series line and the About rows have their one home in bookbinder.metadata.display.)
"""

from __future__ import annotations

from bookbinder.metadata.display import names, readable_date, series_line, year_of
from bookbinder.model import Metadata


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
    lines.append(edition)
    lines.append(faces)
    return lines
