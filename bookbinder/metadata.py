"""Layered metadata: CLI > sidecar > catalogue > front matter > title block > file name.

Every source produces a ``Layer`` of raw ``key -> value`` pairs as its author wrote them. This
module normalises keys (``Author``, ``authors``, ``by`` are one field), picks the first layer that
supplies each field, and records where it came from, so ``inspect`` can explain every value.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .model import Metadata, Source

RawValue = str | Sequence[str] | int | float | bool | None

# Canonical field <- the spellings manuscripts, archives and downloaders use for it.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "book title", "story title", "name"),
    "subtitle": ("subtitle", "sub title"),
    "authors": ("author", "authors", "by", "creator", "writer", "written by", "pseud", "pseuds"),
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


@dataclass(frozen=True, slots=True)
class Layer:
    """Raw metadata from one source, in the words its author used."""

    source: Source
    values: Mapping[str, RawValue]
    file: Path | None = None


@dataclass(frozen=True, slots=True)
class _Resolved:
    value: object
    source: Source
    extras: dict[str, str] = field(default_factory=dict)


def canonical_key(key: str) -> str | None:
    """The model field a raw key names, or None for a key we keep as an extra."""
    norm = re.sub(r"[\s_\-]+", " ", key.strip().lower())
    return _CANONICAL.get(norm)


def _as_text(value: RawValue) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_as_text(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return unicodedata.normalize("NFC", str(value)).strip()


def _as_list(name: str, value: RawValue) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        items = [_as_text(v) for v in value]
    else:
        splitter = _AUTHOR_SPLIT if name == "authors" else _LIST_SPLIT
        items = splitter.split(_as_text(value))
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


def _normalise(name: str, value: RawValue) -> object | None:
    """A raw value as the model's type; None when it says nothing."""
    if name in LIST_FIELDS:
        items = _as_list(name, value)
        return items or None
    text = _as_text(value)
    if not text:
        return None
    if name == "series_index":
        match = re.search(r"\d+(?:\.\d+)?", text)
        return float(match.group()) if match else None
    if name == "language":
        return text.replace("_", "-")
    if name == "status" and text.lower() in {"yes", "true"}:
        return "Completed"
    return text


def resolve(layers: Iterable[Layer], fingerprint: str = "") -> Metadata:
    """Merge layers (highest precedence first) into Metadata with provenance.

    ``fingerprint`` (the manuscript text, or a digest of it) feeds the stable identifier when
    no layer gives one: the same book always gets the same ``urn:uuid``.
    """
    chosen: dict[str, tuple[object, Source]] = {}
    extras: dict[str, tuple[str, Source]] = {}
    for layer in layers:
        for raw_key, raw_value in layer.values.items():
            name = canonical_key(raw_key)
            if name is None:
                text = _as_text(raw_value)
                if text and raw_key.strip():
                    extras.setdefault(raw_key.strip(), (text, layer.source))
                continue
            if name in chosen:
                continue
            value = _normalise(name, raw_value)
            if value is not None:
                chosen[name] = (value, layer.source)

    values = {name: value for name, (value, _) in chosen.items()}
    sources = {name: source for name, (_, source) in chosen.items()}
    if "title" not in values:
        values["title"], sources["title"] = "Untitled", Source.DEFAULT
    if "identifier" not in values:
        values["identifier"] = stable_identifier(values, fingerprint)
        sources["identifier"] = Source.DETECTED
    elif not str(values["identifier"]).startswith(("urn:", "http")):
        values["identifier"] = f"urn:bookbinder:{values['identifier']}"
    for key, (_, source) in extras.items():
        sources[key] = source
    return Metadata(
        **values,  # type: ignore[arg-type]
        extra=tuple((k, v) for k, (v, _) in extras.items()),
        sources=tuple(sources.items()),
    )


def stable_identifier(values: Mapping[str, object], fingerprint: str) -> str:
    """A urn:uuid derived from title, authors and text: rebuilding keeps it, editing changes it."""
    authors = values.get("authors") or ()
    seed = "\0".join([str(values.get("title", "")), *map(str, authors), fingerprint])  # type: ignore[call-overload]
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bookbinder:' + seed)}"


def title_from_filename(path: Path) -> str:
    """A readable title from a file name: ``the_long-walk.v2`` -> ``The Long Walk V2``."""
    stem = path.stem
    stem = re.sub(r"^\d+[_\-. ]+", "", stem) or stem  # leading sort numbers: 000_, 01-
    stem = re.sub(r"[_\-.]+", " ", stem).strip()
    # A trailing content hash (e.g. 18fc5684e88c9bf4) is not part of a title.
    stem = re.sub(r"\s+[0-9a-f]{8,}$", "", stem) or stem
    words = stem.split()
    return " ".join(w if w.isupper() and len(w) > 1 else w.capitalize() for w in words) or path.name


def filename_layer(path: Path) -> Layer:
    """The last resort: a title made from the file name."""
    return Layer(Source.FILENAME, {"title": title_from_filename(path)}, path)
