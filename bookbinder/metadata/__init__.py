"""Layered metadata: CLI > sidecar > catalogue > front matter > title block > file name.

Every source produces a ``Layer`` of raw ``key -> value`` pairs as its author wrote them. This
module normalises keys (``Author``, ``authors``, ``by`` are one field), picks the first layer that
supplies each field, and records where it came from, so ``inspect`` can explain every value.

Values become the model's types here: lists split on commas (authors also on "and" / "&"),
dates to W3C form, language names to BCP 47 tags, "Foo [2]" to a series and its index. A value
that cannot be understood is kept as an extra under its author's key, never dropped; so is a
second spelling of one field in one layer (``Published:`` and ``Date:``), except that list
fields merge (``Category:``, ``Genre:`` and ``Tags:`` all add subjects).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bookbinder.chars import strip_forbidden
from bookbinder.errors import CoverError
from bookbinder.metadata.language import normalise_language
from bookbinder.metadata.values import (
    parse_date,
    parse_series_index,
    split_series,
    title_case,
    title_from_filename,
)
from bookbinder.model import Metadata, Source

__all__ = [
    "ALIASES", "LIST_FIELDS", "Layer", "RawValue", "Unusable", "canonical_key", "filename_layer",
    "resolve", "stable_identifier", "title_from_filename",
]

RawValue = str | Sequence[str] | int | float | bool | date | None  # YAML gives dates

# Canonical field <- the spellings manuscripts, archives and downloaders use for it.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "book title", "story title", "name"),
    "subtitle": ("subtitle", "sub title"),
    "authors": ("author", "authors", "by", "creator", "writer", "written by", "pseud", "pseuds",
                "pen name", "penname", "author name"),
    "language": ("language", "lang", "dc:language"),
    "identifier": ("identifier", "id", "uuid", "isbn", "story id", "storyid"),
    "date": ("date", "published", "publication date", "release date", "pubdate", "date published"),
    "description": ("description", "summary", "blurb", "abstract", "synopsis"),
    "subjects": ("subjects", "subject", "tags", "tag", "keywords", "genre", "genres",
                 "additional tags", "freeform", "freeform tags", "categories", "category"),
    "series": ("series", "collection"),
    "series_index": ("series index", "series_index", "series number", "volume", "book number"),
    "publisher": ("publisher", "site", "archive"),
    "rights": ("rights", "license", "licence", "copyright"),
    "source_url": ("source url", "source_url", "source", "url", "link", "story url", "storyurl"),
    "fandoms": ("fandom", "fandoms"),
    "rating": ("rating", "rated"),
    "warnings": ("warnings", "warning", "archive warning", "archive warnings",
                 "content warning", "content warnings"),
    "relationships": ("relationships", "relationship", "pairing", "pairings", "ships", "ship"),
    "characters": ("characters", "character"),
    "status": ("status", "completed", "complete"),
    "chapter_count": ("chapters", "chapter count", "chapter_count", "numchapters"),
    "cover": ("cover", "cover image", "cover_image"),
}
_CANONICAL = {alias: name for name, aliases in ALIASES.items() for alias in aliases}

LIST_FIELDS = frozenset(
    {"authors", "subjects", "fandoms", "warnings", "relationships", "characters"}
)
# Lists written on one line: "Tags: a, b, c". Authors also split on " and " / " & ".
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_MULTILINE_FIELDS = frozenset({"description", "rights"})
_TYPESET_SOURCES = (Source.TITLE_BLOCK,)
# Layers read from the manuscript itself; between two of these a fuller name wins (see below).
_FILE_SOURCES = frozenset({Source.FRONT_MATTER, Source.TITLE_BLOCK})
_DISPLAY_FIELDS = frozenset({"title", "subtitle", "series", "description"})


@dataclass(frozen=True, slots=True)
class Layer:
    """Raw metadata from one source, in the words its author used."""

    source: Source
    values: Mapping[str, RawValue]
    file: Path | None = None


def canonical_key(key: str) -> str | None:
    """The model field a raw key names, or None for a key we keep as an extra."""
    norm = re.sub(r"[\s_\-]+", " ", key.strip().lower())
    return _CANONICAL.get(norm)


def _as_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_as_text(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # Characters XML cannot hold (controls, U+FFFE/FFFF, lone surrogates from a YAML "\ud800")
    # would make the OPF unreadable; they carry nothing a reader could see.
    return unicodedata.normalize("NFC", strip_forbidden(str(value))).strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _as_list(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        items = [_one_line(_as_text(v)) for v in value]
    else:
        splitter = _AUTHOR_SPLIT if name == "authors" else _LIST_SPLIT
        items = splitter.split(_one_line(_as_text(value)))
    if name == "authors":
        items = [re.sub(r"^by\s+", "", item, flags=re.IGNORECASE) for item in items]
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


class Unusable(ValueError):
    """A value given for a field that cannot be understood (``date: next spring``)."""


def _normalise(name: str, value: object) -> object | None:
    """A raw value as the model's type; None when it says nothing; Unusable when it is not one."""
    if name in LIST_FIELDS:
        items = _as_list(name, value)
        return items or None
    text = _as_text(value)
    if not text:
        return None
    if name in _MULTILINE_FIELDS:
        # Keep paragraph breaks of a summary; join lines inside a paragraph.
        return "\n\n".join(_one_line(p) for p in re.split(r"\n\s*\n", text) if p.strip())
    text = _one_line(text)
    parsed: object | None = text
    if name == "series_index":
        parsed = parse_series_index(value)
    elif name == "date":
        parsed = parse_date(value)
    elif name == "language":
        parsed = normalise_language(text)
    elif name == "status" and text.lower() in {"yes", "true"}:
        parsed = "Completed"
    if parsed is None:
        raise Unusable(text)
    return parsed


def _absolute_cover(value: object, layer: Layer) -> str:
    """A ``cover:`` path as an absolute path, relative to the file that names it.

    Only the command line may point anywhere. A path written in a manuscript, a sidecar or a
    catalogue must stay inside the folder of that file (symbolic links followed), so a book
    downloaded from the internet cannot put ``../../home/me/private.jpg`` on its cover.
    """
    path = Path(str(value)).expanduser()
    if layer.source is Source.CLI:
        return str(path if path.is_absolute() else path.absolute())
    if layer.file is None:
        raise Unusable(str(value))  # no file to be relative to: kept as an extra, never opened
    base = layer.file.parent
    target = path if path.is_absolute() else base / path
    if not target.resolve().is_relative_to(base.resolve()):
        raise CoverError(
            layer.file, f"cover {str(value)!r} is outside {base}; only --cover may point elsewhere"
        )
    return str(target.absolute())


def _fuller_names(chosen: tuple[object, Source], layer: Layer, raw: RawValue) -> tuple[str, ...] | None:
    """The chosen authors spelt out more fully by a lower layer of the same file, if it does.

    A header's ``Author: Mara Quill`` over a title page's ``By Mara Quill/Quell``: the title
    block is consumed as metadata, so without the fuller form (kept as the byline the title
    pages print) the words the file prints would be lost from every output. Only layers read
    from the file count: the user's own (command line, sidecar, catalogue) are never second-guessed.
    """
    value, source = chosen
    if source not in _FILE_SOURCES or layer.source not in _FILE_SOURCES or not isinstance(value, tuple):
        return None
    try:
        other = _normalise("authors", raw)
    except Unusable:
        return None
    if not isinstance(other, tuple) or len(other) != len(value):
        return None
    pairs = list(zip(value, other, strict=True))
    if all(_name_words(mine) <= _name_words(theirs) for mine, theirs in pairs) and other != value:
        return tuple(str(name) for name in other)
    return None


def _name_words(name: object) -> set[str]:
    return set(re.findall(r"\w+", str(name).casefold()))


def resolve(
    layers: Iterable[Layer], fingerprint: str = "", typography: Callable[[str], str] | None = None
) -> Metadata:
    """Merge layers (highest precedence first) into Metadata with provenance.

    ``fingerprint`` (the manuscript text, or a digest of it) feeds the stable identifier when
    no layer gives one: the same book always gets the same ``urn:uuid``. ``typography`` (the
    reader passes ``smart_text`` unless --no-smart) is applied to the display texts: title,
    subtitle, series and description; names, tags and archive fields stay as written. A value that cannot be
    understood (an unparsable date, an unknown language) is kept as an extra under the key its
    author used, and the field is taken from a lower layer if one has it.
    """
    chosen: dict[str, tuple[object, Source]] = {}
    extras: dict[str, tuple[str, Source]] = {}
    for layer in layers:
        taken_here: set[str] = set()  # fields this layer supplied: two aliases in one layer
        for raw_key, raw_value in layer.values.items():
            key = strip_forbidden(raw_key).strip()
            name = canonical_key(raw_key)
            if name is not None and name in chosen and name not in taken_here:
                if name == "authors" and (fuller := _fuller_names(chosen[name], layer, raw_value)):
                    chosen.setdefault("byline", (", ".join(fuller), layer.source))
                continue  # a higher layer supplied it: precedence, not loss
            try:
                value = None if name is None else _normalise(name, raw_value)
            except Unusable as unusable:
                extras.setdefault(key, (str(unusable), layer.source))
                continue
            if name is None or (name in taken_here and name not in LIST_FIELDS):
                # Unknown keys, and a second alias in one layer (`Published:` and `Date:`), are
                # kept as extras under the author's own key.
                text = _as_text(raw_value)
                if text and key:
                    extras.setdefault(key, (text, layer.source))
                continue
            if value is None:
                continue
            if name == "cover":
                try:
                    value = _absolute_cover(value, layer)
                except Unusable as unusable:
                    extras.setdefault(key, (str(unusable), layer.source))
                    continue
            if name in taken_here:  # `Category:`, `Genre:` and `Tags:` all add subjects
                merged = dict.fromkeys((*chosen[name][0], *value))  # type: ignore[misc]
                value = tuple(merged)
            chosen[name] = (value, layer.source)
            taken_here.add(name)

    values = {name: value for name, (value, _) in chosen.items()}
    sources = {name: source for name, (_, source) in chosen.items()}
    if "series" in values:
        name, index = split_series(str(values["series"]))
        values["series"] = name
        if index is not None and "series_index" not in values:
            values["series_index"], sources["series_index"] = index, sources["series"]
    if "title" not in values:
        values["title"], sources["title"] = "Untitled", Source.DEFAULT
    for field_name in ("title", "subtitle"):
        # Capitals on a title page are typography; as metadata they would shout in every library.
        shown = str(values.get(field_name, ""))
        if shown.isupper() and len(shown.split()) > 1 and sources[field_name] in _TYPESET_SOURCES:
            values[field_name] = title_case(shown)
    if typography is not None:
        for name in _DISPLAY_FIELDS & values.keys():
            values[name] = typography(str(values[name]))
    if "identifier" not in values:
        values["identifier"] = stable_identifier(values, fingerprint)
        sources["identifier"] = Source.DETECTED
    elif not str(values["identifier"]).startswith(("urn:", "http")):
        values["identifier"] = f"urn:bookbinder:{values['identifier']}"
    for key, (_, source) in extras.items():
        sources.setdefault(key, source)  # an unusable `language:` must not hide where language came from
    return Metadata(
        **values,  # type: ignore[arg-type]
        extra=tuple((k, v) for k, (v, _) in extras.items()),
        sources=tuple(sources.items()),
    )


def stable_identifier(values: Mapping[str, object], fingerprint: str) -> str:
    """A urn:uuid derived from title, authors and text: rebuilding keeps it, editing changes it."""
    authors = values.get("authors") or ()
    head = "\0".join([str(values.get("title", "")), *map(str, authors), ""])  # type: ignore[call-overload]
    # uuid5(NAMESPACE_URL, "bookbinder:" + head + fingerprint), hashed in pieces: building one
    # string from a 3 MB novel costs more than the hash itself.
    digest = hashlib.sha1(uuid.NAMESPACE_URL.bytes, usedforsecurity=False)
    digest.update(f"bookbinder:{head}".encode())
    digest.update(fingerprint.encode())
    return f"urn:uuid:{uuid.UUID(bytes=digest.digest()[:16], version=5)}"


def filename_layer(path: Path) -> Layer:
    """The last resort: a title made from the file name."""
    title = title_from_filename(path)
    # A name that is only sort numbers and hashes is no title: the opening line does better.
    return Layer(Source.FILENAME, {} if title.startswith("Untitled") else {"title": title}, path)
