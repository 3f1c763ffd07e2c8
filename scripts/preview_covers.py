"""Write PNG thumbnails of the covers of seeds/ and ../shared/seeds (plus stress samples) and a contact sheet.

Usage: python -m scripts.preview_covers [--out preview/covers] [MANUSCRIPT ...]

Each manuscript gets the cover a build would give it (user covers from covers/ included), and
``contact-sheet.png`` shows them side by side, labelled, as on a shelf of thumbnails.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bookbinder import api
from bookbinder.covers import CoverArt, resolve_cover
from bookbinder.errors import BookbinderError
from bookbinder.fonts import embeddable_font
from bookbinder.model import Metadata

ROOT = Path(__file__).resolve().parent.parent
THUMB = (320, 512)
LABEL_FONT = embeddable_font("DejaVu Sans")  # installed with bookbinder (matplotlib ships it)

# Covers that exercise the layout's hard cases, shown beside the real books.
SAMPLES: dict[str, Metadata] = {
    "sample-long-title": Metadata(
        "The Extraordinary and Entirely Unlikely Chronicle of a Lighthouse Keeper Who Learned to "
        "Speak With the Tides at Dusk Too",
        ("Someone With A Rather Long Pen Name",),
        series="The Tidewater Cycle",
        series_index=2.0,
    ),
    "sample-one-word": Metadata("Rain", ("Ann Smith",)),
    "sample-subtitle": Metadata(
        "Small Hours", ("J. Okafor", "M. Lindqvist"), subtitle="Stories from the Night Shift"
    ),
    "sample-no-author": Metadata("Letters Nobody Sent"),
    "sample-greek": Metadata("Η Οδύσσεια", ("Όμηρος",)),
    "sample-cyrillic": Metadata("Война и мир", ("Лев Толстой",)),
    "sample-cjk": Metadata("火影忍者：新的开始", ("岸本齐史",)),
}


def manuscripts(given: list[Path]) -> list[Path]:
    """The manuscripts to preview: those given, else seeds/ and ../shared/seeds."""
    if given:
        return given
    found: list[Path] = []
    for folder in (ROOT / "seeds", ROOT.parent / "shared" / "seeds"):
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.suffix.lower() in api.manuscript_suffixes())
    return found


def covers_to_show(paths: list[Path]) -> list[tuple[str, CoverArt]]:
    """(label, cover) for each manuscript that reads, then the stress samples."""
    shown: list[tuple[str, CoverArt]] = []
    for path in paths:
        try:
            metadata = api.read(path).manuscript.metadata
            shown.append((path.stem, resolve_cover(path, metadata)))
        except BookbinderError as err:
            print(f"error: {err}", file=sys.stderr)
    shown += [(name, CoverArt(metadata)) for name, metadata in SAMPLES.items()]
    return shown


def contact_sheet(thumbs: list[tuple[str, Image.Image]], columns: int = 6) -> Image.Image:
    """Thumbnails in a labelled grid on a light shelf colour."""
    gap, label = 24, 34
    rows = -(-len(thumbs) // columns)
    width = gap + min(columns, len(thumbs)) * (THUMB[0] + gap)
    sheet = Image.new("RGB", (width, gap + rows * (THUMB[1] + label + gap)), (236, 233, 227))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(LABEL_FONT), 15) if LABEL_FONT.is_file() else ImageFont.load_default()
    for index, (name, thumb) in enumerate(thumbs):
        x = gap + (index % columns) * (THUMB[0] + gap)
        y = gap + (index // columns) * (THUMB[1] + label + gap)
        sheet.paste(thumb, (x, y))
        draw.text((x, y + THUMB[1] + 8), name[:38], font=font, fill=(60, 60, 60))
    return sheet


def main(argv: list[str] | None = None) -> int:
    """Render every cover at 1600x2560, save thumbnails and the contact sheet; print timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manuscripts", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "preview" / "covers")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    thumbs: list[tuple[str, Image.Image]] = []
    for name, art in covers_to_show(manuscripts(args.manuscripts)):
        start = time.perf_counter()
        picture = art.picture(1600, 2560)
        seconds = time.perf_counter() - start
        thumb = picture.resize(THUMB, Image.Resampling.LANCZOS)
        thumb.save(args.out / f"{name}.png", optimize=False)
        thumbs.append((name, thumb))
        print(f"{name:40} {seconds * 1000:6.0f} ms  {'user image' if art.image else 'generated'}")
    if thumbs:
        contact_sheet(thumbs).save(args.out / "contact-sheet.png")
        print(f"wrote {len(thumbs)} thumbnails and {args.out / 'contact-sheet.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
