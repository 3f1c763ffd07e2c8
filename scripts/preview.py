"""`make preview`: render the pages a person checks (cover, title, contents, a chapter opening, a
body page) of each PDF to PNG in preview/, with poppler's pdftoppm.

Usage: python -m scripts.preview [--out preview] [--dpi 100] BOOK.pdf...
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader


def chosen_pages(pdf: Path) -> dict[str, int]:
    """Name -> 1-based page number of the pages worth looking at."""
    reader = PdfReader(pdf)
    labels = reader.page_labels
    pages: dict[str, int] = {}
    if labels and labels[0] == "Cover":
        pages["cover"] = 1
    if "i" in labels:
        pages["title"] = labels.index("i") + 1
    for index, page in enumerate(reader.pages[: min(len(reader.pages), 40)]):
        if (page.extract_text() or "").lstrip().startswith("Contents"):
            pages["contents"] = index + 1
            break
    if "1" in labels:
        opening = labels.index("1")
        if len(reader.pages[opening].extract_text() or "") < 80 and "3" in labels:
            opening = labels.index("3")  # page 1 was a part title: show the first chapter's opening
        pages["opening"] = opening + 1
        body = min(opening + 3, len(reader.pages) - 1)  # a full page inside the first chapter
        pages["body"] = body + 1
    return pages


def render(pdf: Path, out: Path, dpi: int) -> list[Path]:
    """Write ``<stem>-<name>.png`` for each chosen page; returns the files written."""
    written = []
    for name, number in chosen_pages(pdf).items():
        stem = out / f"{pdf.stem}-{name}"
        subprocess.run(
            [
                "pdftoppm",
                "-f",
                str(number),
                "-l",
                str(number),
                "-r",
                str(dpi),
                "-png",
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        written.append(stem.with_suffix(".png"))
    return written


def main(argv: list[str] | None = None) -> int:
    """Render previews of every PDF given; prints the PNG paths."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("preview"))
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("preview: pdftoppm not found; install poppler-utils", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for pdf in args.pdfs:
        for png in render(pdf, args.out, args.dpi):
            print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
