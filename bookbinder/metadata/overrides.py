"""Metadata given on the command line (``--title``, ``--meta KEY=VALUE``, ...) as one raw layer.

Values are checked at once: a date, language or series index that cannot be understood is a
usage error here rather than an unusable extra later.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bookbinder.errors import UsageError
from bookbinder.metadata import RawValue, canonical_key
from bookbinder.metadata.language import normalise_language
from bookbinder.metadata.values import parse_date, parse_series_index

# Option name -> metadata key, for the named metadata options; ``meta`` holds KEY=VALUE items.
NAMED = {
    "title": "title", "subtitle": "subtitle", "author": "authors", "language": "language",
    "series": "series", "series_index": "series_index", "tag": "subjects",
    "description": "description", "publisher": "publisher", "date": "date",
}


def overrides(given: Mapping[str, Any]) -> dict[str, RawValue]:
    """The named options and ``meta`` items in ``given`` as one raw layer; named options beat --meta."""
    values: dict[str, RawValue] = {}
    for option, key in NAMED.items():
        value = given.get(option)
        if value not in (None, [], ""):
            values[key] = list(value) if isinstance(value, list | tuple) else value
    named = {canonical_key(key) for key in values}
    for item in given.get("meta") or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--meta expects KEY=VALUE, got {item!r}")
        if canonical_key(key) not in named or canonical_key(key) is None:
            values[key.strip()] = value.strip()
    for key, value in values.items():
        _check(key, value)
    return values


def _check(key: str, value: RawValue) -> None:
    """Reject at once what would otherwise end up as an unusable extra."""
    field, text = canonical_key(key), str(value)
    if field == "date" and parse_date(text) is None:
        raise UsageError(f"--date: cannot read {text!r} as a date (try 2019-05-01)")
    if field == "language" and normalise_language(text) is None:
        raise UsageError(f"--language: {text!r} is not a language code or name (try en, fr)")
    if field == "series_index" and parse_series_index(value) is None:
        raise UsageError(f"--series-index: {text!r} is not a number")
