#!/usr/bin/env python3
"""A synthetic AO3 HTML download in the archive's template (invented words, no real story), and
the reader's time on it: ``python -m scripts.gen_ao3 [--chapters 100] [--runs 5]``."""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

_WORDS = [
    "lantern",
    "harbour",
    "keeper",
    "storm",
    "wick",
    "salt",
    "tide",
    "gull",
    "rope",
    "ledger",
    "morning",
    "grey",
    "bread",
    "door",
    "north",
    "stair",
    "glass",
    "oil",
    "signal",
    "shore",
]


def _sentence(seed: int, length: int = 14) -> str:
    words = [_WORDS[(seed * 7 + i * 3) % len(_WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def ao3_html(chapters: int = 100, paragraphs: int = 30) -> str:
    """An AO3-shaped download: preface with tags and stats, chapters with notes, afterword."""
    parts = [
        '<!DOCTYPE html><html><head><meta charset="UTF-8"/><title>Generated Work</title></head><body>',
        '<div id="preface"><h2 class="toc-heading">Preface</h2><p class="message"><b>Generated Work</b><br/>'
        'Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a> at '
        '<a href="https://archiveofourown.org/works/1">https://archiveofourown.org/works/1</a>.</p>'
        '<div class="meta"><dl class="tags"><dt>Rating:</dt><dd><a href="#">General Audiences</a></dd>'
        '<dt>Fandom:</dt><dd><a href="#">Invented Fandom</a></dd>'
        '<dt>Additional Tags:</dt><dd><a href="#">Tag One</a>, <a href="#">Tag Two</a></dd>'
        "<dt>Language:</dt><dd>English</dd><dt>Stats:</dt><dd>Published: 2020-01-01 Words: 100,000 "
        f"Chapters: {chapters}/{chapters}</dd></dl><h1>Generated Work</h1>"
        '<div class="byline">by <a rel="author" href="#">generator</a></div>'
        '<p>Summary</p><blockquote class="userstuff"><p>A generated summary.</p></blockquote></div></div>',
        '<div id="chapters" class="userstuff">',
    ]
    for number in range(1, chapters + 1):
        parts.append(
            f'<div class="meta group"><h2 class="heading">Chapter {number}: Part {number}</h2>'
            '<p>Chapter Notes</p><blockquote class="userstuff"><p>A note.</p></blockquote></div>'
            '<div class="userstuff">'
        )
        for index in range(paragraphs):
            parts.append(
                f"<p>{_sentence(number * 100 + index)} <em>{_sentence(index, 4)}</em> "
                f"{_sentence(index + number)}</p>"
            )
            if index == paragraphs // 2:
                parts.append("<hr/>")
        parts.append("</div>")
    parts.append('</div><div id="afterword"><h2 class="toc-heading">Afterword</h2></div></body></html>')
    return "\n".join(parts)


def read_seconds(chapters: int = 100, runs: int = 5) -> tuple[float, int]:
    """(median CPU seconds to read the generated file in process, its size in bytes).

    CPU time of this process, not wall time: the reader is single-threaded, so on an idle machine
    the two agree, and on a shared one CPU time does not count other processes' turns."""
    import tempfile

    from bookbinder import api

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated-ao3.html"
        path.write_text(ao3_html(chapters), encoding="utf-8")
        api.read(path)  # warm: imports, caches
        times = []
        for _ in range(runs):
            start = time.process_time()
            api.read(path)
            times.append(time.process_time() - start)
        return statistics.median(times), path.stat().st_size


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", type=Path, help="write the file here instead of timing it")
    args = parser.parse_args()
    if args.write:
        args.write.write_text(ao3_html(args.chapters), encoding="utf-8")
        return
    seconds, size = read_seconds(args.chapters, args.runs)
    label = f"AO3 HTML, {args.chapters} chapters ({size:,} bytes)"
    print(f"| {label} | read (CPU) | {seconds * 1000:.0f} ms | < 500 ms |")


if __name__ == "__main__":
    main()
