"""The user's word on headings: ``--chapter-pattern`` / ``--part-pattern`` (or the sidecar and
catalogue keys ``chapter_pattern`` / ``part_pattern``) replace detection at that level."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bookbinder.errors import InputError
from bookbinder.readers import ReadContext

KEYS = ("chapter_pattern", "part_pattern")


@dataclass(frozen=True, slots=True)
class Patterns:
    """Compiled heading patterns; None where detection decides."""

    chapter: re.Pattern[str] | None = None
    part: re.Pattern[str] | None = None


def patterns(ctx: ReadContext, path: Path) -> Patterns:
    """Reader options first, then the outer metadata layers (CLI, sidecar, catalogue)."""
    found: dict[str, str] = {}
    for key in KEYS:
        value = ctx.options.get(key)
        for layer in ctx.outer_layers:
            if value is None:
                raw = layer.values.get(key, layer.values.get(key.replace("_", "-")))
                value = raw if isinstance(raw, str) else None
        if value:
            found[key] = value
    try:
        compiled = {key: re.compile(value, re.IGNORECASE) for key, value in found.items()}
    except re.error as error:
        raise InputError(path, f"bad heading pattern: {error}") from None
    return Patterns(compiled.get("chapter_pattern"), compiled.get("part_pattern"))
