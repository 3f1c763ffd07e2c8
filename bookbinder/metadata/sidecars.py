"""Metadata that lives outside the manuscript: CLI options, `<stem>.toml|yaml`, `bookbinder.toml`.

A sidecar sits next to one manuscript (``story.txt`` + ``story.toml``, ``story.yaml`` or
``story.yml``). A catalogue (``bookbinder.toml``) describes a whole folder: one ``[stem]`` table
per manuscript, and top-level keys that apply to every manuscript in the folder. Values are data,
never paths or markup, except ``cover``, which is resolved relative to the file that names it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from bookbinder.errors import MetadataError
from bookbinder.fsio import read_input
from bookbinder.metadata import Layer, RawValue
from bookbinder.metadata.loading import flat_values, load_toml, load_yaml
from bookbinder.model import Source

CATALOGUE_NAME = "bookbinder.toml"
SIDECAR_SUFFIXES = (".toml", ".yaml", ".yml")
MAX_METADATA_BYTES = 1_000_000  # a metadata file larger than this is not metadata


def _read(path: Path) -> str:
    # Bounded by the bytes actually read (a sparse 3 GB file is refused after 1 MB), and never a
    # device or a pipe.
    data = read_input(path, MAX_METADATA_BYTES, MetadataError)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise MetadataError(path, "not UTF-8 text", line) from None


def _load_toml(path: Path) -> dict[str, Any]:
    return load_toml(_read(path), path)


def _values(path: Path, table: Mapping[str, Any]) -> dict[str, RawValue]:
    return flat_values(path, table)


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
    text = _read(path)
    loaded = load_toml(text, path) if path.suffix == ".toml" else load_yaml(text, path)
    return Layer(Source.SIDECAR, flat_values(path, loaded, text), path)


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
