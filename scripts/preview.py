"""`make preview`: build each manuscript in every book style and put the pages a person checks
(title, copyright, contents, About, a chapter opening, a mid-chapter spread, a scene break) on one
contact sheet per book and style: ``preview/<stem>-<style>.png``. Pages are rendered with poppler's
pdftoppm; the sheet is composed with Pillow.

Usage: python -m scripts.preview [--out preview] [--dpi 50] [--styles classic,modern] [--pdf] FILE...
FILE is a manuscript (built once per style), or with --pdf an already built PDF (one sheet).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfReader

from bookbinder import styles


def chosen_pages(pdf: Path, style: str = styles.DEFAULT) -> dict[str, list[int]]:
    """Name -> 1-based page numbers worth looking at, in the order a reader meets them."""
    reader = PdfReader(pdf)
    labels = list(reader.page_labels)
    texts = [(page.extract_text() or "").strip() for page in reader.pages]
    pages: dict[str, list[int]] = {}
    if labels and labels[0] == "Cover":
        pages["cover"] = [1]
    front = [i for i, label in enumerate(labels) if label.isalpha() and label.islower()]
    title = next((i for i in front if texts[i]), None)
    if title is not None:
        pages["title"] = [title + 1]
        copyright_page = next((i for i in front if "Typeset by bookbinder" in texts[i]), None)
        if copyright_page is not None:
            pages["copyright"] = [copyright_page + 1]
    for index in front:
        if texts[index].startswith(styles.get(styles.DEFAULT).labels.about):
            pages["about"] = [index + 1]
        if texts[index].startswith("Contents") and "contents" not in pages:
            pages["contents"] = [index + 1]
    if "1" in labels:
        opening = labels.index("1")
        while opening + 1 < len(texts) and len(texts[opening]) < 120:
            opening += 1  # skip part and volume pages: show a chapter's opening
        pages["opening"] = [opening + 1]
        # a verso (even folio) and the recto facing it
        left = next(
            (
                i
                for i in range(opening + 1, len(labels) - 1)
                if labels[i].isdigit() and int(labels[i]) % 2 == 0
            ),
            None,
        )
        if left is not None:
            pages["spread"] = [left + 1, left + 2]
        glyph = styles.get(style).scene_break
        scene = next((i for i in range(opening + 1, len(texts)) if glyph in texts[i]), None)
        if scene is not None:
            pages["scene break"] = [scene + 1]
    return pages


def render(pdf: Path, number: int, dpi: int, work: Path) -> Image.Image:
    """One page as an image."""
    stem = work / f"p{number}"
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
    with Image.open(stem.with_suffix(".png")) as image:
        return image.convert("RGB")


def contact_sheet(pdf: Path, target: Path, dpi: int, heading: str, style: str = styles.DEFAULT) -> Path:
    """Compose the chosen pages of ``pdf`` into one labelled PNG."""
    chosen = chosen_pages(pdf, style)
    with tempfile.TemporaryDirectory() as folder:
        tiles = [
            (name, [render(pdf, n, dpi, Path(folder)) for n in numbers]) for name, numbers in chosen.items()
        ]
    if not tiles:
        raise SystemExit(f"preview: no pages found in {pdf}")
    page_h = tiles[0][1][0].size[1]
    gap, label_h = 12, 18
    columns = 4
    widths = [sum(i.size[0] for i in images) + gap * (len(images) - 1) for _n, images in tiles]
    cell_w = max(widths)
    rows = (len(tiles) + columns - 1) // columns
    sheet = Image.new(
        "RGB", (columns * (cell_w + gap) + gap, 30 + rows * (page_h + label_h + gap) + gap), "#d9d6cf"
    )
    draw = ImageDraw.Draw(sheet)
    draw.text((gap, 8), heading, fill="black")
    for index, (name, images) in enumerate(tiles):
        x = gap + (index % columns) * (cell_w + gap)
        y = 30 + (index // columns) * (page_h + label_h + gap)
        draw.text((x, y), name, fill="black")
        for image in images:
            sheet.paste(image, (x, y + label_h))
            x += image.size[0]
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target)
    return target


def build(manuscript: Path, style: str, out: Path) -> Path:
    """Build ``manuscript`` as a screen PDF in ``style``; returns the PDF."""
    folder = out / "books" / style
    command = [
        sys.executable,
        "-c",
        "from bookbinder.cli import main; main()",
        "build",
        "-q",
        "-f",
        "pdf",
        "-j",
        "1",
        "-o",
        str(folder),
        "-O",
        f"style={style}",
        str(manuscript),
    ]
    subprocess.run(command, check=True)
    return folder / f"{manuscript.stem}.pdf"


def main(argv: list[str] | None = None) -> int:
    """Write a contact sheet per book and style; prints the PNG paths."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("preview"))
    parser.add_argument("--dpi", type=int, default=50)
    parser.add_argument("--styles", default=",".join(styles.NAMES))
    parser.add_argument("--pdf", action="store_true", help="FILEs are built PDFs: one sheet each")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("preview: pdftoppm not found; install poppler-utils", file=sys.stderr)
        return 2
    for file in args.files:
        if args.pdf:
            print(contact_sheet(file, args.out / f"{file.stem}.png", args.dpi, file.name))
            continue
        for style in args.styles.split(","):
            pdf = build(file, style, args.out)
            print(
                contact_sheet(
                    pdf, args.out / f"{file.stem}-{style}.png", args.dpi, f"{file.name}: {style}", style
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
