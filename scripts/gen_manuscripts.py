#!/usr/bin/env python3
"""Generate fan-fiction-sized manuscripts for batch benchmarks, deterministically.

Each manuscript has 2,000-6,000 words of invented prose over a small built-in vocabulary: dialogue
in straight or curly quotes, *emphasis* and _emphasis_, scene breaks, and (in about 40 % of them)
chapter headings; some open with a ``Title:``/``Author:`` header or an author's note, as archive
downloads do. The same ``--seed`` always gives byte-identical files. Usage::

    .venv/bin/python -m scripts.gen_manuscripts bench/work/batch --count 1000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SEED = 20261122


def _vocab(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


NOUNS = _vocab(
    "door window village forest river night morning letter sword mask scroll tea rain road bridge house "
    "garden market teacher student mission report desk lamp roof wall field mountain lake boat shadow "
    "voice hand heart smile moment silence evening winter summer crowd friend stranger book pen cup"
)
VERBS = _vocab(
    "walked looked turned waited laughed whispered smiled listened opened closed reached remembered "
    "noticed followed carried watched wondered stopped answered sighed nodded shrugged hesitated moved"
)
ADJECTIVES = _vocab(
    "quiet old warm cold bright small long heavy soft sudden strange familiar careful tired gentle "
    "empty narrow distant pale dark green golden broken patient restless"
)
ADVERBS = _vocab("slowly quietly finally suddenly carefully softly again still almost already")
LINKS = _vocab("and but then so while because although until before after")
NAMES = _vocab(
    "Aren Bela Corin Dara Elio Fenn Galen Hira Ilse Joren Kaia Lio Mira Nils Orla Pem Quin Rowan "
    "Sela Teo Una Vale Wren Yara Zev"
)
TITLES = _vocab(
    "The Long Way Home|Paper Lanterns|What the River Knew|Small Mercies|After the Rain|Borrowed Time|"
    "The Quiet Hours|Salt and Ash|A Door Left Open|Winter Tea|Lines of Sight|The Last Mission",
    "|",
)
BREAKS = ("* * *", "***", "~~~", "-----", "o0o")


def sentence(rng: random.Random) -> str:
    """One sentence of invented prose, sometimes with emphasis."""
    words = [rng.choice(NAMES), rng.choice(VERBS)]
    for _ in range(rng.randint(1, 3)):
        words += ["the", rng.choice(ADJECTIVES), rng.choice(NOUNS)]
        if rng.random() < 0.5:
            words.append(rng.choice(LINKS))
    if words[-1] in LINKS:
        words.append(rng.choice(ADVERBS))
    if rng.random() < 0.08:
        i = rng.randrange(2, len(words))
        mark = rng.choice("*_")
        words[i] = f"{mark}{words[i]}{mark}"
    return " ".join(words) + rng.choice("....!?")


def paragraph(rng: random.Random, curly: bool) -> str:
    """Narration, or a line of dialogue with a tag."""
    if rng.random() < 0.35:
        said = sentence(rng).rstrip(".!?")
        spoken = said[0].upper() + said[1:]
        left, right = ("\u201c", "\u201d") if curly else ('"', '"')
        return f"{left}{spoken},{right} {rng.choice(NAMES)} said {rng.choice(ADVERBS)}. " + sentence(rng)
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 7)))


def manuscript(rng: random.Random, number: int) -> str:
    """A whole manuscript of 2,000-6,000 words."""
    target = rng.randint(2000, 5700)  # headings and the last paragraph add up to ~300 words
    curly = rng.random() < 0.5
    chapters = rng.randint(2, 8) if rng.random() < 0.4 else 0
    title = f"{rng.choice(TITLES)} {number}"
    lines: list[str] = []
    if rng.random() < 0.3:
        lines += [f"Title: {title}", f"Author: {rng.choice(NAMES)}{rng.randint(1, 99)}", ""]
    if rng.random() < 0.2:
        lines += [f"A/N: {sentence(rng)} {sentence(rng)}", ""]
    words = 0
    per_chapter = target // max(chapters, 1)
    for chapter in range(max(chapters, 1)):
        if chapters:
            heading = f"Chapter {chapter + 1}"
            if rng.random() < 0.6:
                heading += f": {rng.choice(TITLES)}"
            lines += [heading, ""]
        written = 0
        while written < per_chapter:
            if written and rng.random() < 0.04:
                lines += [rng.choice(BREAKS), ""]
            text = paragraph(rng, curly)
            lines += [text, ""]
            written += len(text.split())
        words += written
    return "\n".join(lines).rstrip() + "\n"


def generate(out_dir: Path, count: int, seed: int = SEED) -> list[Path]:
    """Write ``count`` manuscripts into ``out_dir`` (``fic-0000.txt`` ...); returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = out_dir / f"fic-{number:04d}.txt"
        text = manuscript(rng, number)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Command line: generate into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    paths = generate(args.out_dir, args.count, args.seed)
    print(f"{len(paths)} manuscripts in {args.out_dir}")


if __name__ == "__main__":
    main()
