"""Metadata written into the manuscript itself: YAML front matter, a ``Title:``/``Author:`` header
block as fan-fiction downloaders write it, and a title block (``TITLE`` / subtitle / ``by Author``).

Whatever becomes metadata is recorded in ``ctx.consumed``: it leaves the chapters but is counted,
so the nothing-lost tests can account for every word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from bookbinder.metadata import Layer, RawValue, canonical_key
from bookbinder.metadata.language import normalise_language
from bookbinder.model import Source
from bookbinder.readers.text.blocks import Raw
from bookbinder.readers.text.drafts import Context, Draft
from bookbinder.readers.text.headings import match_heading

_FENCE = "---"
_YAML_END = ("---", "...")
_MAX_FRONT_MATTER_LINES = 300
_KEY_VALUE = re.compile(r"^([A-Za-z][\w'’/ .-]{0,30}?)[ \t]*:[ \t]*(\S.*)?$")
_BY_LINE = re.compile(r"^by(?:[ \t]+(?P<author>\S.*))?$", re.I)
_SENTENCE = re.compile(r"[.!?]['\"’”]*$")
_TITLE_BLOCK_WINDOW = 8  # drafts from the top in which a title block may sit
_SHORT = 80
# Fields whose values run over several lines in downloaders' headers (FanFicFare wraps at 78).
_LONG_FIELDS = frozenset({"description", "subjects", "characters", "relationships", "warnings", "fandoms"})


def split_yaml(lines: Sequence[str], path: Path) -> tuple[Layer | None, int]:
    """A leading ``---`` ... ``---`` YAML block: (its layer, lines it spans); (None, 0) if none.

    ``---\\ntitle: Lantern\\n---`` -> Layer(FRONT_MATTER, {'title': 'Lantern'}), 3.
    """
    if not lines or lines[0].strip() != _FENCE:
        return None, 0
    for index in range(1, min(len(lines), _MAX_FRONT_MATTER_LINES)):
        if lines[index].strip() in _YAML_END:
            break
    else:
        return None, 0  # a lone rule at the top is a scene break, not front matter
    from bookbinder.metadata.loading import flat_values, load_yaml

    source = "\n".join(lines[1:index])
    data = load_yaml(source, path, first_line=2)
    if not data:
        return None, index + 1
    values = {key: _raw_value(value) for key, value in flat_values(path, data, source, 2).items()}
    # The manuscript names the layer's file, so a relative `cover:` resolves beside it.
    return Layer(Source.FRONT_MATTER, _languages(values), path), index + 1


def _raw_value(value: object) -> RawValue:
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if item is not None]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _languages(values: dict[str, RawValue]) -> dict[str, RawValue]:
    """Language names (``English``) as BCP 47 codes (``en``)."""
    for key, value in values.items():
        if canonical_key(key) == "language" and isinstance(value, str):
            values[key] = normalise_language(value) or value
    return values


def header_block(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """Leading ``Title: X`` / ``Author: Y`` / ``Summary: ...`` chunks -> a front-matter layer.

    A chunk counts only if every line is ``Key: value`` (or continues the previous value) and
    one key is a metadata field we know, so a story opening with ``Note: ...`` stays story.
    """
    values: dict[str, RawValue] = {}
    index = 0
    while index < len(drafts):
        draft = drafts[index]
        found = _key_values(draft) if isinstance(draft, Raw) else None
        if found is None:
            break
        values.update(found)
        ctx.consumed.extend(draft.lines)  # type: ignore[union-attr]
        index += 1
    if not values:
        return drafts
    ctx.layers.append(Layer(Source.FRONT_MATTER, _languages(values), ctx.path))
    return drafts[index:]


def _key_values(raw: Raw) -> dict[str, RawValue] | None:
    values: dict[str, str] = {}
    key: str | None = None
    for line in raw.lines:
        found = _KEY_VALUE.match(line.strip())
        if found and len(found.group(1).split()) <= 4:
            key = found.group(1).strip()
            values[key] = (found.group(2) or "").strip()
        elif key is not None and (line[:1].isspace() or canonical_key(key) in _LONG_FIELDS):
            values[key] = f"{values[key]} {line.strip()}".strip()  # a wrapped summary or tag list
        else:
            return None
    if not any(canonical_key(k) for k in values):
        return None
    return dict(values)


def title_block(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """``TITLE`` / optional subtitle / ``by Author`` near the top -> a title-block layer.

    Conservative: it needs a ``by`` line, short lines, and nothing but short chunks before it.
    """
    window: list[tuple[int, Raw]] = []
    for index, draft in enumerate(drafts[:_TITLE_BLOCK_WINDOW]):
        if not isinstance(draft, Raw) or not _short(draft):
            break
        window.append((index, draft))
    for position in range(len(window)):
        found = _title_block_at(window, position)
        if found is None:
            continue
        values, used = found
        ctx.layers.append(Layer(Source.TITLE_BLOCK, values, ctx.path))
        for i, chunk in window:
            if i in used:
                ctx.consumed.extend(chunk.lines)
        return [d for i, d in enumerate(drafts) if i not in used]
    return drafts


def _title_block_at(
    window: list[tuple[int, Raw]], position: int
) -> tuple[dict[str, RawValue], set[int]] | None:
    """The title block whose ``by`` line is in chunk ``position``: (values, chunk indexes)."""
    index, raw = window[position]
    lines = [line.strip() for line in raw.lines]
    by_at = next((i for i, line in enumerate(lines) if _BY_LINE.match(line)), None)
    if by_at is None:
        return None
    author = _BY_LINE.match(lines[by_at]).group("author")  # type: ignore[union-attr]
    used, end = {index}, by_at
    if author is None:  # "by" alone: the author is the next line, or the next chunk
        if by_at + 1 < len(lines):
            author, end = lines[by_at + 1], by_at + 1
        elif position + 1 < len(window) and len(window[position + 1][1].lines) == 1:
            author, used = window[position + 1][1].text, used | {window[position + 1][0]}
    if not author or end != len(lines) - 1:
        return None  # nothing may follow the author in the chunk: it would vanish into metadata
    title_lines, more = lines[:by_at], set[int]()
    if not title_lines and position > 0:
        title_lines, more = _title_before(window[:position])
    if not title_lines or len(title_lines) > 3 or any(map(_heading, title_lines)):
        return None
    values: dict[str, RawValue] = {"title": title_lines[0].rstrip(";:,"), "author": author}
    if len(title_lines) > 1:
        values["subtitle"] = " ".join(title_lines[1:])
    return values, used | more


def _title_before(window: list[tuple[int, Raw]]) -> tuple[list[str], set[int]]:
    """The title chunk just above a ``by`` line, and the one above that when this one is a
    subtitle (``Frankenstein;`` / ``or, the Modern Prometheus`` / ``by``)."""
    index, raw = window[-1]
    lines, used = [line.strip() for line in raw.lines], {index}
    first = lines[0]
    if len(window) > 1 and len(lines) == 1 and (first[0].islower() or re.match(r"or\b", first, re.I)):
        above_index, above = window[-2]
        if len(above.lines) == 1:
            lines, used = [above.text, *lines], used | {above_index}
    elif _title_then_subtitle(window):
        (top_index, top), _ = window
        lines, used = [top.text, *lines], used | {top_index}
    return lines, used


def _title_then_subtitle(window: list[tuple[int, Raw]]) -> bool:
    """``TITLE`` / ``Subtitle`` / ``by Author``, each its own chunk: only as the file's first
    two chunks, one line each, neither a heading (``Chapter 1`` is never a subtitle).

    A credit above the title (Gutenberg's ``Produced by ...`` / ``PRIDE AND PREJUDICE``) is
    no title: it names somebody (``by``), and a subtitle never shouts louder than its title.
    """
    if len(window) != 2 or window[0][0] != 0:
        return False
    title, subtitle = (raw.text for _, raw in window)
    return (
        all(len(raw.lines) == 1 and not _heading(raw.text) for _, raw in window)
        and not _CREDIT.search(title)
        and not (subtitle.isupper() and not title.isupper())
    )


_CREDIT = re.compile(r"\b(?:by|par|von)\b", re.I)


def _heading(line: str) -> bool:
    """A chapter or part heading (not a bare numeral), which no title block contains."""
    found = match_heading(line)
    return found is not None and not found.weak


def _short(raw: Raw) -> bool:
    """A chunk that could belong to a title page: a few short lines, none ending a sentence."""
    return len(raw.lines) <= 3 and all(
        len(line.strip()) <= _SHORT and not _SENTENCE.search(line.strip()) for line in raw.lines
    )
