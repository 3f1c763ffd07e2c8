#!/usr/bin/env python3
"""Typography figures of a built PDF, read back from the PDF itself (``make typography``).

Builds one novel in the print profile (and the screen profile, for blank pages) and prints a
Markdown table of the figures a book designer checks, beside the trade-paperback targets::

    .venv/bin/python -m scripts.typography [MANUSCRIPT]

Without MANUSCRIPT it takes the largest English novel under 1 MB in ../shared/corpus (a whole
novel that still builds in seconds); it exits 0 with a reason when there is none.

Lines come from pdfminer's layout analysis (character positions), so a word space is measured as
drawn: the gap between the last glyph of one word and the first of the next. A line break at a
hyphen counts as hyphenation (not a compound's own hyphen) when the manuscript never writes the
two halves joined by a hyphen.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BOOKBINDER = Path(sys.executable).parent / "bookbinder"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
HYPHENS = ("-", "\u2010", "\u00ad")
LOOSE_SPACE = 5.0  # points: a mean word space wider than this reads as a river-prone loose line
STUB = 6  # characters: a paragraph's last line this short after a hyphen is a stub


@dataclass(frozen=True, slots=True)
class Line:
    """One body line as drawn."""

    text: str
    x0: float
    x1: float
    spaces: tuple[float, ...]  # the drawn width of each word space
    page: int


def default_book() -> Path | None:
    """The largest English novel under 1 MB in the shared corpus (a novel that builds quickly)."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        return None
    books = [p for p in corpus.glob("*.txt") if p.stat().st_size < 1_000_000 and "-fr" not in p.stem]
    return max(books, key=lambda p: p.stat().st_size, default=None)


def build(book: Path, out: Path, profile: str) -> tuple[Path, float]:
    """Build ``book``'s PDF in ``profile``; returns its path and the wall time."""
    folder = out / profile
    start = time.perf_counter()
    subprocess.run(
        [str(BOOKBINDER), "build", "-q", "-f", "pdf", "--profile", profile, "-o", str(folder), str(book)],
        check=True,
        env=ENV,
    )
    return folder / f"{book.stem}.pdf", time.perf_counter() - start


def body_lines(pdf: Path) -> list[Line]:
    """Every line set in the body size, in reading order, with its word spaces."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine

    raw: list[tuple[int, str, list[LTChar]]] = []
    sizes: Counter[float] = Counter()
    params = LAParams(line_margin=0.3, char_margin=4.0, word_margin=0.1)
    for number, page in enumerate(extract_pages(str(pdf), laparams=params), 1):
        for box in page:
            if not isinstance(box, LTTextContainer):
                continue
            for line in box:
                if not isinstance(line, LTTextLine):
                    continue
                chars = [c for c in line if isinstance(c, LTChar)]
                if not chars:
                    continue
                sizes.update(round(c.size, 1) for c in chars)
                raw.append((number, line.get_text().rstrip("\n"), chars))
    body = sizes.most_common(1)[0][0]
    lines: list[Line] = []
    for number, text, chars in raw:
        if Counter(round(c.size, 1) for c in chars).most_common(1)[0][0] != body:
            continue
        lines.append(Line(text.strip(), chars[0].x0, chars[-1].x1, word_spaces(chars), number))
    return lines


def word_spaces(chars: list[object]) -> tuple[float, ...]:
    """The gap between each word and the next, from glyph positions."""
    gaps: list[float] = []
    previous = None
    pending = False
    for char in chars:
        text = char.get_text()  # type: ignore[attr-defined]
        if text.isspace():
            pending = previous is not None
            continue
        if pending and previous is not None:
            gaps.append(char.x0 - previous.x1)  # type: ignore[attr-defined]
        pending = False
        previous = char
    return tuple(gaps)


def compounds(book: Path) -> set[str]:
    """Hyphenated words the manuscript writes itself (lower case), to tell them from hyphenation."""
    text = book.read_text(encoding="utf-8", errors="replace")
    return {w.lower() for w in re.findall(r"\w+(?:-\w+)+", text)}


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


def figures(lines: list[Line], joined: set[str]) -> dict[str, float]:
    """The issue's figures from the body lines."""
    edges = Counter(round(line.x1) for line in lines)
    right_by_page: dict[int, float] = {}
    for line in lines:  # the text block's right edge on each page (recto and verso differ)
        right_by_page[line.page] = max(right_by_page.get(line.page, 0.0), line.x1)
    del edges
    hyphen_lines = breaks = capital = short = stubs = full = loose = 0
    stack = longest = 0
    for index, line in enumerate(lines):
        is_full = line.x1 >= right_by_page[line.page] - 1.0
        ends = line.text.endswith(HYPHENS) and not line.text.endswith("--")
        following = lines[index + 1] if index + 1 < len(lines) else None
        if is_full and line.spaces:
            full += 1
            if sum(line.spaces) / len(line.spaces) > LOOSE_SPACE:
                loose += 1
        if ends:
            hyphen_lines += 1
            stack += 1
            longest = max(longest, stack)
        else:
            stack = 0
        if not is_full:
            stack = 0  # a paragraph ends here
        if not ends or following is None:
            continue
        before = line.text.split()[-1].rstrip("".join(HYPHENS)).split("-")[-1]
        before = before.lstrip("\u201c\u2018\"'(_[")
        after_word = following.text.split()[0] if following.text.split() else ""
        after = re.split(r"[^\w]", after_word)[0]
        if f"{before}-{after}".lower() in joined:
            continue  # the compound's own hyphen
        breaks += 1
        if before[:1].isupper():
            capital += 1
        if len(_letters(before)) < 2 or len(_letters(after)) < 3:
            short += 1
        last_of_paragraph = following.x1 < right_by_page[following.page] - 1.0
        if last_of_paragraph and len(following.text) <= STUB:
            stubs += 1
    return {
        "lines": len(lines),
        "hyphen_pct": 100.0 * hyphen_lines / max(1, len(lines)),
        "stack": longest,
        "breaks": breaks,
        "capital": capital,
        "short": short,
        "loose_pct": 100.0 * loose / max(1, full),
        "stubs": stubs,
    }


def blank_pages(pdf: Path) -> int:
    """Pages with no text and no image (the cover is an image): a reader sees a white page."""
    from pypdf import PdfReader

    blank = 0
    for page in PdfReader(str(pdf)).pages:
        text = page.extract_text() or ""
        has_image = bool(page.images)
        if not text.strip() and not has_image:
            blank += 1
    return blank


TARGETS = {
    "hyphen_pct": ("lines ending in a hyphen", "{:.1f} %", "at most 6 %"),
    "stack": ("longest stack of hyphenated lines", "{:.0f}", "2"),
    "capital": ("capitalised words (names) broken", "{:.0f}", "0"),
    "short": ("breaks leaving under 2 letters before or 3 after", "{:.0f}", "0"),
    "loose_pct": (f"full lines whose mean word space exceeds {LOOSE_SPACE:g} pt", "{:.1f} %", "at most 1 %"),
    "blank": ("blank pages in the screen PDF", "{:.0f}", "0"),
    "stubs": (f"paragraphs ending on a stub of <= {STUB} characters after a hyphen", "{:.0f}", "0"),
}


def main(argv: list[str] | None = None) -> int:
    """Build, read back, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manuscript", nargs="?", type=Path)
    args = parser.parse_args(argv)
    book = args.manuscript or default_book()
    if book is None or not book.is_file():
        print("skipped: no manuscript given and no English novel under 1 MB in ../shared/corpus")
        return 0
    with tempfile.TemporaryDirectory(prefix="typography-") as tmp:
        printed, print_time = build(book, Path(tmp), "print")
        screen, screen_time = build(book, Path(tmp), "screen")
        values = figures(body_lines(printed), compounds(book))
        values["blank"] = blank_pages(screen)
    print(f"{book.name}: print PDF {print_time:.1f} s, screen PDF {screen_time:.1f} s, "
          f"{values['lines']:.0f} body lines, {values['breaks']:.0f} hyphenation breaks\n")
    print("| figure | now | trade paperback |")
    print("|---|---|---|")
    for key, (label, fmt, target) in TARGETS.items():
        print(f"| {label} | {fmt.format(values[key])} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
