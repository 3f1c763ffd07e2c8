"""Metadata that lives outside the manuscript: CLI options, `<stem>.toml|yaml`, `bookbinder.toml`.

PLACEHOLDER: only the CLI layer; the metadata work adds sidecar and catalogue files.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .metadata import Layer, RawValue
from .model import Source


def outer_layers(path: Path, cli: Mapping[str, RawValue] | None = None) -> list[Layer]:
    """The layers that outrank the file itself, highest first: CLI, sidecar, catalogue."""
    layers = []
    if cli:
        layers.append(Layer(Source.CLI, dict(cli)))
    return layers
