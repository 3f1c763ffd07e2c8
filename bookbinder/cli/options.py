"""The metadata options shared by `inspect`, `build` and `cover`, and their conversion to a layer.

A command declares the options it takes (``title: Title = None`` ...) and passes its
``ctx.params`` to ``overrides``, which keeps every command signature one line per group.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import typer

from bookbinder.errors import UsageError
from bookbinder.metadata import RawValue, canonical_key
from bookbinder.metadata.language import normalise_language
from bookbinder.metadata.values import parse_date, parse_series_index

_PANEL = "Metadata"


def _option(*names: str, help: str) -> Any:
    return typer.Option(*names, help=help, rich_help_panel=_PANEL)


Title = Annotated[str | None, _option("--title", help="Book title.")]
Subtitle = Annotated[str | None, _option("--subtitle", help="Subtitle.")]
Author = Annotated[list[str] | None, _option("--author", help="Author (repeatable).")]
Language = Annotated[str | None, _option("--language", help="Language: en, fr-CA, or a name such as French.")]
Series = Annotated[str | None, _option("--series", help="Series name.")]
SeriesIndex = Annotated[float | None, _option("--series-index", help="Position in the series, e.g. 2.")]
Tag = Annotated[list[str] | None, _option("--tag", help="Subject or tag (repeatable).")]
Description = Annotated[str | None, _option("--description", help="Summary shown by readers and stores.")]
Publisher = Annotated[str | None, _option("--publisher", help="Publisher.")]
PubDate = Annotated[str | None, _option("--date", help="Publication date: 2019-05-01, May 1, 2019, 2019.")]
Meta = Annotated[
    list[str] | None, _option("--meta", "-m", help="Any metadata field as KEY=VALUE (repeatable).")
]
NoSmart = Annotated[bool, typer.Option("--no-smart", help="Keep straight quotes, -- and ... as written.")]

# Command parameter -> metadata key, for the named options above.
_NAMED = {
    "title": "title", "subtitle": "subtitle", "author": "authors", "language": "language",
    "series": "series", "series_index": "series_index", "tag": "subjects",
    "description": "description", "publisher": "publisher", "date": "date",
}


def _check(key: str, value: RawValue) -> None:
    """Reject at once what would otherwise end up as an unusable extra."""
    field, text = canonical_key(key), str(value)
    if field == "date" and parse_date(text) is None:
        raise UsageError(f"--date: cannot read {text!r} as a date (try 2019-05-01)")
    if field == "language" and normalise_language(text) is None:
        raise UsageError(f"--language: {text!r} is not a language code or name (try en, fr)")
    if field == "series_index" and parse_series_index(value) is None:
        raise UsageError(f"--series-index: {text!r} is not a number")


def overrides(params: Mapping[str, Any]) -> dict[str, RawValue]:
    """A command's metadata options (its ``ctx.params``) as one raw layer; named options beat --meta."""
    values: dict[str, RawValue] = {}
    for param, key in _NAMED.items():
        value = params.get(param)
        if value not in (None, [], ""):
            values[key] = list(value) if isinstance(value, list | tuple) else value
    named = {canonical_key(key) for key in values}
    for item in params.get("meta") or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--meta expects KEY=VALUE, got {item!r}")
        if canonical_key(key) not in named or canonical_key(key) is None:
            values[key.strip()] = value.strip()
    for key, value in values.items():
        _check(key, value)
    return values
