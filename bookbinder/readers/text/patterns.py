"""The user's word on headings: ``--chapter-pattern`` / ``--part-pattern`` (``-R chapter_pattern=``,
or the sidecar and catalogue keys ``chapter_pattern`` / ``part_pattern``) replace detection at that
level. The registry lifts the keys out of the metadata into ``ctx.options``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bookbinder.errors import InputError
from bookbinder.options import Option
from bookbinder.readers import ReadContext

PATTERN_OPTIONS = (
    Option("chapter_pattern", "", "Lines matching this regex (whole line, any case) are chapters."),
    Option("part_pattern", "", "Lines matching this regex (whole line, any case) are parts."),
)


@dataclass(frozen=True, slots=True)
class Patterns:
    """Compiled heading patterns; None where detection decides."""

    chapter: re.Pattern[str] | None = None
    part: re.Pattern[str] | None = None


def patterns(ctx: ReadContext, path: Path) -> Patterns:
    """The patterns in ``ctx.options``; one that does not compile is a one-line input error."""
    compiled: dict[str, re.Pattern[str]] = {}
    for option in PATTERN_OPTIONS:
        value = ctx.options.get(option.name)
        if not value:
            continue
        try:
            compiled[option.name] = re.compile(value, re.IGNORECASE)
        except re.error as error:
            raise InputError(path, f"{option.name}: not a regular expression: {error}") from None
    return Patterns(compiled.get("chapter_pattern"), compiled.get("part_pattern"))
