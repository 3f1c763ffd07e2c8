"""Metadata that lives outside the manuscript: CLI options, `<stem>.toml|yaml`, `bookbinder.toml`.

A sidecar sits next to one manuscript (``story.txt`` + ``story.toml``, ``story.yaml`` or
``story.yml``). A catalogue (``bookbinder.toml``) describes a whole folder: one ``[stem]`` table
per manuscript, and top-level keys that apply to every manuscript in the folder. Values are data,
never paths or markup, except ``cover``, which is resolved relative to the file that names it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from bookbinder.errors import MetadataError
from bookbinder.metadata import Layer, RawValue
from bookbinder.model import Source

CATALOGUE_NAME = "bookbinder.toml"
SIDECAR_SUFFIXES = (".toml", ".yaml", ".yml")
MAX_METADATA_BYTES = 1_000_000  # a metadata file larger than this is not metadata


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise MetadataError(path, f"cannot read ({err.strerror or err})") from None
    if len(data) > MAX_METADATA_BYTES:
        raise MetadataError(path, f"too large for a metadata file ({len(data):,} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise MetadataError(path, "not UTF-8 text", line) from None


def _load_toml(path: Path) -> dict[str, Any]:
    import tomllib  # imported on first use: most manuscripts have no sidecar

    text = _read(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # Python 3.11's TOMLDecodeError has no lineno; its message ends "(at line L, column C)"
        # or "(at end of document)", which is the last line.
        found = re.search(r"\(at line (\d+), column \d+\)$", str(err))
        line = int(found[1]) if found else max(1, len(text.splitlines()))
        reason = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)$", "", str(err))
        raise MetadataError(path, f"malformed TOML: {reason}", line) from None


def _load_yaml(path: Path) -> dict[str, Any]:
    import yaml  # ~20 ms to import (and compile its reader regex): only when a YAML sidecar exists

    try:
        loaded = yaml.safe_load(_read(path))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or "cannot parse"
        raise MetadataError(path, f"malformed YAML: {problem}", mark.line + 1 if mark else None) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise MetadataError(path, "YAML metadata must be `key: value` pairs", 1)
    return loaded


def _scalar(path: Path, key: str, value: object) -> str | int | float | bool | date:
    if isinstance(value, str | int | float | bool | date):
        return value
    raise MetadataError(path, f"{key!r}: expected text, a number, a date or a list of them")


def _values(path: Path, table: Mapping[str, Any]) -> dict[str, RawValue]:
    """Check that every value is text, a number, a date or a flat list of those."""
    out: dict[str, RawValue] = {}
    for key, value in table.items():
        key = str(key)
        if value is None:
            continue
        if isinstance(value, list):
            out[key] = [str(_scalar(path, key, item)) for item in value]
        else:
            out[key] = _scalar(path, key, value)
    return out


def sidecar_path(manuscript: Path) -> Path | None:
    """The sidecar for a manuscript (``<stem>.toml``, ``.yaml``, ``.yml`` in that order), if any."""
    for suffix in SIDECAR_SUFFIXES:
        candidate = manuscript.with_suffix(suffix)
        if candidate.is_file() and candidate.name != CATALOGUE_NAME:
            return candidate
    return None


def sidecar_layer(manuscript: Path) -> Layer | None:
    """The manuscript's own metadata file as a layer."""
    path = sidecar_path(manuscript)
    if path is None:
        return None
    loaded = _load_toml(path) if path.suffix == ".toml" else _load_yaml(path)
    return Layer(Source.SIDECAR, _values(path, loaded), path)


def load_catalogue(folder: Path) -> tuple[dict[str, RawValue], dict[str, dict[str, RawValue]]] | None:
    """A folder's catalogue as (folder-wide values, per-stem tables); None when there is none."""
    path = folder / CATALOGUE_NAME
    if not path.is_file():
        return None
    loaded = _load_toml(path)
    shared = {k: v for k, v in loaded.items() if not isinstance(v, dict)}
    entries = {str(k): _values(path, v) for k, v in loaded.items() if isinstance(v, dict)}
    return _values(path, shared), entries


def catalogue_layer(manuscript: Path) -> Layer | None:
    """What the folder's ``bookbinder.toml`` says about this manuscript (its table first)."""
    catalogue = load_catalogue(manuscript.parent)
    if catalogue is None:
        return None
    shared, entries = catalogue
    values = {**shared, **entries.get(manuscript.stem, {})}
    return Layer(Source.CATALOGUE, values, manuscript.parent / CATALOGUE_NAME) if values else None


def catalogue_warnings(folder: Path, manuscript_suffixes: Collection[str]) -> list[str]:
    """Catalogue entries that name no manuscript in the folder (a typo, or a file moved away).

    ``manuscript_suffixes`` comes from the caller (the reader registry): metadata knows no readers.
    """
    catalogue = load_catalogue(folder)
    if catalogue is None:
        return []
    try:
        present = {p.stem for p in folder.iterdir() if p.suffix.lower() in manuscript_suffixes}
    except OSError as err:
        raise MetadataError(folder, f"cannot list the folder ({err.strerror or err})") from None
    path = folder / CATALOGUE_NAME
    missing = [stem for stem in catalogue[1] if stem not in present]
    return [f"{path}: [{stem}] names no manuscript in {folder}" for stem in missing]


def cli_layer(cli: Mapping[str, RawValue]) -> Layer:
    """Command-line values; a relative ``cover`` is relative to the current directory."""
    return Layer(Source.CLI, dict(cli))


def outer_layers(path: Path, cli: Mapping[str, RawValue] | None = None) -> list[Layer]:
    """The layers that outrank the file itself, highest first: CLI, sidecar, catalogue."""
    layers = [cli_layer(cli)] if cli else []
    for layer in (sidecar_layer(path), catalogue_layer(path)):
        if layer is not None:
            layers.append(layer)
    return layers
