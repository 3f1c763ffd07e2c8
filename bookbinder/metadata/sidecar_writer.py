"""`bookbinder meta FILE`: write the metadata found for a manuscript as a sidecar to edit.

The sidecar is TOML, the format the catalogue uses too. Every field says where its value came
from, and the fields a book should have but lacks are written as comments ready to fill in.
Strings are written as JSON strings, which are valid TOML basic strings (the same escapes), so no
TOML-writing dependency is needed for a file this simple.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from bookbinder.model import Metadata, Source

# Fields a reader of the file would edit, in the order a title page reads.
_FIELDS = ("title", "subtitle", "authors", "series", "series_index", "language", "date", "description",
           "subjects", "fandoms", "rating", "warnings", "relationships", "characters", "status",
           "publisher", "rights", "source_url")
_WANTED = ("title", "authors")  # commented in when missing: the two a book must have
# Guesses are not written as values, nor the catalogue's (it stays their one home).
_HIDDEN_SOURCES = frozenset(
    {Source.FILENAME, Source.OPENING_LINE, Source.DEFAULT, Source.DETECTED, Source.CATALOGUE}
)


def sidecar_path(source: Path) -> Path:
    """Where the sidecar of ``source`` goes: beside it, same stem, ``.toml``."""
    return source.with_suffix(".toml")


def _value(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(json.dumps(str(v), ensure_ascii=False) for v in value) + "]"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def sidecar_text(metadata: Metadata) -> str:
    """The TOML text of a sidecar holding ``metadata``."""
    known = {f.name for f in fields(Metadata)}
    lines = ["# Metadata for bookbinder: edit and rebuild. Each value says where it was found."]
    for name in _FIELDS:
        assert name in known, name
        value = getattr(metadata, name)
        origin = metadata.source(name)
        if value in (None, (), "") or (name != "language" and origin in _HIDDEN_SOURCES):
            if name in _WANTED:
                guess = f" (a guess: {_value(value)})" if value not in (None, (), "") else ""
                empty = _value(("",)) if name == "authors" else _value("")
                lines.append(f"# {name} = {empty}  # not found{guess}")
            continue
        lines.append(f"{name} = {_value(value)}  # from {origin.value}")
    return "\n".join(lines) + "\n"
