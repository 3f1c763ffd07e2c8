"""Markdown bytes -> Parsed: decode, YAML front matter, CommonMark with footnotes, shared HTML path."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt

from bookbinder.metadata import Layer
from bookbinder.readers.html.document import read_headings
from bookbinder.readers.html.notes import take_notes
from bookbinder.readers.html.parse import parse_html
from bookbinder.readers.html.parsed import Parsed
from bookbinder.readers.text.decode import decode
from bookbinder.readers.text.frontmatter import split_yaml


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from mdit_py_plugins.footnote import footnote_plugin

    # CommonMark with raw HTML allowed (it goes through the same sanitising conversion as any
    # HTML: scripts and attributes never reach the book), tables and footnotes.
    return MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)


def parse_markdown(data: bytes, path: Path, *, smart: bool) -> tuple[Parsed, str, str]:
    """(what the file holds, its decoded text, its encoding)."""
    decoded = decode(data, path)
    lines = decoded.text.split("\n")
    front, skip = split_yaml(lines, path)  # the text reader's front matter rules, one home
    body = "\n".join(lines[skip:])
    rendered = _markdown().render(body)
    root = parse_html(f"<html><body>{rendered}</body></html>", path)
    notes = take_notes(root, smart=smart)
    title = front.values.get("title") if front else None
    parsed = read_headings(root, smart=smart, known_title=str(title) if title else None)
    layers: tuple[Layer, ...] = (*([front] if front else []), *parsed.layers)
    warnings = tuple(f"{path}:{line}: {message}" for line, message in decoded.warnings)
    parsed = replace(
        parsed,
        layers=layers,
        back_matter=(*parsed.back_matter, *([notes] if notes else [])),
        consumed=tuple(lines[:skip]),
        warnings=warnings,
        shape="markdown",
    )
    return parsed, decoded.text, decoded.encoding
