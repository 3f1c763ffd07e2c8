"""Score the reader's structure against a corpus' ground truth (``expect.json``).

For every book listed in ``expect.json`` the reader runs in-process (``bookbinder.api.read``) and
the table shows expected vs found chapter and part counts, whether the first three chapter titles
match (compared word by word, case-folded, so ``1.  The Cyclone`` matches ``1. The Cyclone`` and
``CHAPTER I / TITLE`` matches ``CHAPTER I: TITLE``), title, author, front matter, and the
word-count identity (every source word reaches the model or the consumed metadata). Totals close
the table. ``make score`` runs it on ``../shared/corpus-dev``.

Usage: python -m scripts.score [CORPUS_DIR] [--only NAME] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookbinder.api import read
from bookbinder.model import Manuscript
from bookbinder.readers.text.decode import decode
from bookbinder.readers.text.scenebreaks import is_ornament
from bookbinder.words import manuscript_words, words

ROOT = Path(__file__).resolve().parents[1]
# Beside the checkout, or beside the main checkout when this is a git worktree (../../shared).
DEFAULT_CORPUS = next(
    (p / "shared" / "corpus-dev" for p in ROOT.parents[:2] if (p / "shared" / "corpus-dev").is_dir()),
    ROOT.parent / "shared" / "corpus-dev",
)
_CONTENTS_WORDS = ("contents", "table des matières", "inhalt", "índice", "indice", "sommaire")


@dataclass
class Row:
    name: str
    chapters: tuple[int, int]
    parts: tuple[int, int]
    first: bool
    title: bool
    author: bool
    front: tuple[int, int, bool]
    words_ok: bool
    seconds: float
    detail: dict[str, Any]


def _key(text: str) -> list[str]:
    return [w.casefold() for w in words(unicodedata.normalize("NFKC", text))]


def top_level_count(book: Manuscript) -> int:
    """Divisions above chapters, the highest level only (volumes if any, else parts)."""
    level = "volume" if any(c.volume for c in book.chapters) else "part"
    count, last = 0, None
    for chapter in book.chapters:
        value = getattr(chapter, level)
        if value and value != last:
            count += 1
        last = value
    return count


def words_identity(path: Path, reading: Any) -> bool:
    """words(source) == words(model) + words(consumed), ornament lines and made-up titles aside."""
    text = decode(path.read_bytes(), path).text
    lines = text.split("\n")
    source = Counter(w for line in lines if not is_ornament(line) for w in words(line))
    # A line of X's is an ornament unless it is a chapter numeral ("XXX"): either is fine.
    ornaments = Counter(w for line in lines if is_ornament(line) for w in words(line))
    book = reading.manuscript
    found = Counter(manuscript_words(book)) + Counter(w for t in reading.consumed for w in words(t))
    found += Counter(w for entry in getattr(book, "source_contents", ()) for w in words(entry))
    sections = (*getattr(book, "front_matter", ()), *book.back_matter)
    made_up = Counter(w for s in sections for w in words(s.title))
    # Section titles the reader may make up ("About this edition") are words the source never had.
    return not (source - found) and not ((found - source) - made_up - ornaments)


def front_matter_found(book: Manuscript) -> list[str]:
    found = [s.title for s in getattr(book, "front_matter", ())]
    if getattr(book, "source_contents", ()):
        found.append("Contents")
    return found


def front_ok(expected: list[str], found: list[str]) -> bool:
    """Same number of sections, and a contents list found exactly when one is expected."""
    def has_contents(titles: list[str]) -> bool:
        return any(any(w in t.casefold() for w in _CONTENTS_WORDS) for t in titles)

    wanted = [t for t in expected if not any(w in t.casefold() for w in _CONTENTS_WORDS)]
    got = [t for t in found if not any(w in t.casefold() for w in _CONTENTS_WORDS)]
    return len(wanted) == len(got) and has_contents(expected) == has_contents(found)


def score_book(path: Path, expect: dict[str, Any]) -> Row:
    start = time.process_time()
    reading = read(path)
    seconds = time.process_time() - start
    book = reading.manuscript
    titles = [c.title or "" for c in book.chapters]
    wanted_first = expect["first_chapters"]
    first = [_key(t) for t in titles[: len(wanted_first)]] == [_key(t) for t in wanted_first]
    front = front_matter_found(book)
    authors = " & ".join(book.metadata.authors)
    return Row(
        name=path.stem,
        chapters=(expect["chapters"], len(book.chapters) if expect["chapters"] else _untitled(book)),
        parts=(expect["parts"], top_level_count(book)),
        first=first,
        title=_key(book.metadata.title) == _key(expect["title"]),
        author=_key(authors) == _key(expect["author"]),
        front=(len(expect["front_matter"]), len(front), front_ok(expect["front_matter"], front)),
        words_ok=words_identity(path, reading),
        seconds=seconds,
        detail={
            "first": titles[:3],
            "want_first": wanted_first,
            "title": book.metadata.title,
            "author": authors,
            "front": front,
            "want_front": expect["front_matter"],
        },
    )


def _untitled(book: Manuscript) -> int:
    """A book without divisions reads as one untitled chapter: that is zero chapters found."""
    chapters = book.chapters
    return 0 if len(chapters) == 1 and not chapters[0].title else len(chapters)


def _mark(ok: bool) -> str:
    return "ok" if ok else "--"


def print_table(rows: list[Row], verbose: bool) -> None:
    header = (
        f"{'book':34} {'chapters':>9} {'parts':>6} {'first3':>6} {'title':>5} {'author':>6}"
        f" {'front':>7} {'words':>5} {'cpu s':>6}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        ch = f"{r.chapters[1]}/{r.chapters[0]}"
        pa = f"{r.parts[1]}/{r.parts[0]}"
        ch_mark = " " if r.chapters[0] == r.chapters[1] else "x"
        pa_mark = " " if r.parts[0] == r.parts[1] else "x"
        fr = f"{r.front[1]}/{r.front[0]}{' ' if r.front[2] else 'x'}"
        print(
            f"{r.name[:34]:34} {ch:>8}{ch_mark} {pa:>5}{pa_mark} {_mark(r.first):>6} {_mark(r.title):>5}"
            f" {_mark(r.author):>6} {fr:>7} {_mark(r.words_ok):>5} {r.seconds:6.2f}"
        )
        if verbose and not (r.first and r.title and r.author and r.front[2]):
            for key, value in r.detail.items():
                print(f"    {key}: {value}")
    with_chapters = [r for r in rows if r.chapters[0]]
    with_parts = [r for r in rows if r.parts[0]]
    print("-" * len(header))
    print(
        f"chapters exact {sum(r.chapters[0] == r.chapters[1] for r in with_chapters)}/{len(with_chapters)}"
        f" (all books {sum(r.chapters[0] == r.chapters[1] for r in rows)}/{len(rows)});"
        f" parts right {sum(r.parts[0] == r.parts[1] for r in with_parts)}/{len(with_parts)}"
        f" (all books {sum(r.parts[0] == r.parts[1] for r in rows)}/{len(rows)});"
        f" first three {sum(r.first for r in with_chapters)}/{len(with_chapters)}"
    )
    print(
        f"title {sum(r.title for r in rows)}/{len(rows)}; author {sum(r.author for r in rows)}/{len(rows)};"
        f" front matter {sum(r.front[2] for r in rows)}/{len(rows)};"
        f" words kept {sum(r.words_ok for r in rows)}/{len(rows)};"
        f" cpu {sum(r.seconds for r in rows):.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--only", default="", help="score only books whose file name contains this")
    parser.add_argument("--verbose", "-v", action="store_true", help="show titles for mismatches")
    args = parser.parse_args(argv)
    expect_path = args.corpus / "expect.json"
    if not expect_path.is_file():
        print(f"error: {expect_path}: no expect.json (the corpus lives beside the checkout)", file=sys.stderr)
        return 1
    expected = {k: v for k, v in json.loads(expect_path.read_text(encoding="utf-8")).items() if k != "_doc"}
    rows = [
        score_book(args.corpus / name, entry)
        for name, entry in sorted(expected.items())
        if args.only in name
    ]
    print_table(rows, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
