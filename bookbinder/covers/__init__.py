"""Covers: find and validate a user's cover image, or generate one; render either at any size.

Precedence (highest first): ``--cover PATH``; a ``cover:`` path in the metadata (relative to the
manuscript's folder); ``covers/<stem>.jpg|jpeg|png|webp`` in the manuscript's folder, in the
folder above it (the project layout ``seeds/x.txt`` + ``covers/x.jpg``), then in the current
directory; otherwise generated art. A user image is validated when resolved, so a bad cover
fails before any book is written.
"""

from __future__ import annotations

import io
import math
import os
import stat
import threading
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError  # ExifTags, ImageOps (~10 ms): only for user images

from bookbinder.errors import CoverError
from bookbinder.model import Metadata

RGB = tuple[int, int, int]
COVER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# Pillow decoders we accept; others (EPS runs Ghostscript, PSD, ICNS...) are not cover formats.
COVER_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "TIFF", "BMP")
MAX_COVER_PIXELS = 64_000_000  # 8000 x 8000; beyond that an image is a mistake or a bomb
# What decoding a user cover may allocate, checked from its header before a pixel is decoded:
# 8000 x 8000 RGB, or 5600 x 5600 RGBA (whose reduction needs a second copy).
MAX_DECODED_BYTES = 256_000_000
CROP_TOLERANCE = 0.08  # aspect mismatch we crop away; beyond it we pad rather than cut art off
EBOOK_COVER = (1600, 2560)  # KDP's and Google's 5:8 ebook cover, in pixels: `bookbinder cover`'s
# Screens get EBOOK_COVER's 5:8 a little smaller, under Apple's 4-megapixel best practice for EPUB
# covers (1560 x 2496); the screen PDF's cover page has the same width, so one painted design serves both.
_SCALE: float = (3_900_000 / (EBOOK_COVER[0] * EBOOK_COVER[1])) ** 0.5
SCREEN_COVER = (round(EBOOK_COVER[0] * _SCALE / 8) * 8, round(EBOOK_COVER[1] * _SCALE / 8) * 8)
VALIDATION_SIZE = EBOOK_COVER  # no writer needs more of a user image than this
DESIGN_MIN_SIDE = 600  # generated art is laid out at least this large, then reduced


def _decoded_bytes(image: Image.Image) -> int:
    """Peak bytes Pillow allocates to decode and reduce ``image``: one per pixel for 1/L/P, two
    for 16-bit greys, four otherwise (Pillow stores RGB, RGBA, LA, CMYK and I/F pixels in 32
    bits); twice that with an alpha channel (``reduce`` premultiplies alpha into a full copy)."""
    per_pixel = 1 if image.mode in ("1", "L", "P") else 2 if image.mode.startswith("I;16") else 4
    copies = 2 if image.mode in ("RGBA", "LA", "PA") else 1
    return image.width * image.height * per_pixel * copies


def _open(path: Path, draft: tuple[int, int] | None = None) -> Image.Image:
    """Open ``path`` as a loaded image, its header checked against the limits before decoding.

    With ``draft``, a JPEG is decoded at 1/2, 1/4 or 1/8 scale when still at least that size.
    A device or a pipe is refused before it is read (it would never end, or never start).
    """
    try:
        # O_NONBLOCK: opening a FIFO with no writer would wait forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise CoverError(path, "is not a regular file (a device or a pipe?), not an image")
            os.set_blocking(fd, True)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(handle, formats=COVER_FORMATS)
                pixels = image.width * image.height
                if pixels > MAX_COVER_PIXELS:
                    image.close()
                    raise CoverError(
                        path,
                        f"image too large ({image.width}x{image.height} pixels; "
                        f"the limit is {MAX_COVER_PIXELS:,} pixels)",
                    )
                if draft and image.format == "JPEG":
                    image.draft(image.mode, draft)
                if _decoded_bytes(image) > MAX_DECODED_BYTES:
                    image.close()
                    raise CoverError(
                        path,
                        f"image too large to decode ({image.width}x{image.height} {image.mode} needs "
                        f"{_decoded_bytes(image):,} bytes; the limit is {MAX_DECODED_BYTES:,})",
                    )
                image.load()
                return image
    except FileNotFoundError:
        raise CoverError(path, "no such file") from None
    except IsADirectoryError:
        raise CoverError(path, "is a directory, not an image") from None
    except PermissionError:
        raise CoverError(path, "permission denied") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise CoverError(path, "image too large (decompression bomb guard)") from None
    except UnidentifiedImageError:
        raise CoverError(path, f"not an image ({', '.join(COVER_FORMATS)} expected)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CoverError(path, f"corrupt image ({exc})") from None


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert through an embedded ICC profile (Adobe RGB, CMYK) instead of reading its numbers as sRGB."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        from PIL import ImageCms
    except ImportError:  # Pillow built without littlecms: the plain conversion is close enough
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        return converted if converted is not None else image
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unusable profile: fall back to the plain conversion


def to_rgb(image: Image.Image) -> Image.Image:
    """Upright 8-bit sRGB: EXIF orientation applied, ICC profile converted, alpha laid on white.

    ``image`` is consumed (transposed in place, closed once converted): a decoded cover is the
    largest thing a build holds, and each needless copy of it costs its whole size again.
    """
    from PIL import ImageOps

    ImageOps.exif_transpose(image, in_place=True)
    image = _to_srgb(image)
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")  # 16-bit -> 8-bit, scaled
    elif image.mode == "F":
        image = image.point(lambda v: v * 255).convert("L")
    if image.mode in ("LA", "PA", "La", "RGBa") or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        # Laid on white by painting white through the inverted alpha, in place: the same result
        # as alpha_composite over a white image, without two more full-size copies.
        alpha = image.getchannel("A")
        rgb = image.convert("RGB")
        image.close()
        rgb.paste((255, 255, 255), mask=alpha.point(lambda v: 255 - v))
        return rgb
    return image if image.mode == "RGB" else image.convert("RGB")


def edge_colour(image: Image.Image) -> RGB:
    """The average colour of an image's border (padding that matches the art)."""
    small = image.convert("RGB").resize((16, 16), Image.Resampling.BOX)
    ring: list[tuple[int, ...]] = []
    for x in range(16):
        for y in range(16):
            pixel = small.getpixel((x, y))
            if (x in (0, 15) or y in (0, 15)) and isinstance(pixel, tuple):
                ring.append(tuple(int(v) for v in pixel))
    red, green, blue = (round(sum(p[i] for p in ring) / len(ring)) for i in range(3))
    return (red, green, blue)


def fit_to(image: Image.Image, width: int, height: int) -> Image.Image:
    """``image`` at exactly ``width`` x ``height`` without distortion.

    Close aspects are centre-cropped (at most ~4% off each edge, within a print bleed's reach);
    anything further is scaled to fit and padded with the art's own edge colour, so no title
    lettering near an edge is ever cut.
    """
    source, target = image.width / image.height, width / height
    if abs(source / target - 1) <= CROP_TOLERANCE:
        if source > target:
            keep = round(image.height * target)
            box = ((image.width - keep) // 2, 0, (image.width - keep) // 2 + keep, image.height)
        else:
            keep = round(image.width / target)
            box = (0, (image.height - keep) // 2, image.width, (image.height - keep) // 2 + keep)
        return image.resize((width, height), Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    scale = min(width / image.width, height / image.height)
    inner = (max(round(image.width * scale), 1), max(round(image.height * scale), 1))
    canvas = Image.new("RGB", (width, height), edge_colour(image))
    canvas.paste(
        image.resize(inner, Image.Resampling.LANCZOS, reducing_gap=3.0),
        ((width - inner[0]) // 2, (height - inner[1]) // 2),
    )
    return canvas


def _reduced(image: Image.Image, size: tuple[int, int] | None) -> Image.Image:
    """``image`` shrunk by a whole factor that keeps it at least ``size`` either way round, before
    any conversion: each conversion copies the pixels, and copies of the full image are what made
    an 8000x8000 RGBA cover peak at 1.3 GB."""
    if size is None:
        return image
    from PIL import ExifTags, ImageOps

    if image.getexif().get(ExifTags.Base.Orientation, 1) != 1:
        image = ImageOps.exif_transpose(image)  # TIFF keeps its orientation outside ``info``
    factor = min(image.width, image.height) // max(size)
    if factor < 2:
        return image
    try:
        smaller = image.reduce(factor)
    except ValueError:  # a mode reduce() does not handle (P, 1): small per pixel anyway
        return image
    smaller.info = image.info  # EXIF orientation and ICC profile still apply
    image.close()
    return smaller


def load_user_cover(path: Path, size: tuple[int, int] | None = None) -> Image.Image:
    """A validated user cover as RGB; with ``size``, JPEG decoding is already scaled towards it."""
    image = _open(path, size)
    try:
        return to_rgb(_reduced(image, size))
    except (OSError, ValueError) as exc:
        raise CoverError(path, f"cannot convert image ({exc})") from None


@dataclass(frozen=True, slots=True)
class CoverArt:
    """A book's cover, rendered on demand at the size a writer needs."""

    metadata: Metadata
    image: Path | None = None  # a validated user cover; None means generated art

    def picture(self, width: int, height: int) -> Image.Image:
        """The cover as an RGB image of exactly ``width`` x ``height``."""
        if width < 16 or height < 16:
            raise ValueError(f"cover size {width}x{height} is too small")
        from bookbinder.covers.sizes import designed, user_picture

        if self.image is None:
            from bookbinder.covers.art import compose

            scale = math.ceil(DESIGN_MIN_SIDE / min(width, height))
            if scale <= 1:
                return designed(self, self.metadata, width, height, CROP_TOLERANCE)
            # A small cover is the large design reduced, so thumbnails match the full-size art.
            large = compose(self.metadata, width * scale, height * scale).image
            return large.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=2.0)
        image = self.image
        draft = (max(width, VALIDATION_SIZE[0]), max(height, VALIDATION_SIZE[1]))
        return fit_to(user_picture(self, draft, lambda size: load_user_cover(image, size)), width, height)

    def render(self, width: int, height: int) -> bytes:
        """RGB JPEG bytes of the cover at ``width`` x ``height`` pixels (the same bytes every time).

        Rendered bytes are kept in a content-addressed cache (``cache.py``), so a rebuild of an
        unchanged book does not paint or encode its cover again.
        """
        from bookbinder.covers import cache

        key = cache.key(self.metadata, self.image, width, height)
        found = cache.get(key)
        pending = _PREFETCHED.pop((id(self), width, height), None)
        if found is not None:
            return found
        if pending is not None and pending.art is self:
            data = pending.result()
        else:
            with _RENDERING:
                data = self._encode(width, height)
        cache.put(key, data)
        return data

    def prefetch(self, sizes: Iterable[tuple[int, int]]) -> None:
        """Start rendering ``sizes`` on a helper thread, so a writer's later ``render`` finds them ready.

        Pillow's fills, reductions and JPEG encoding release the GIL: on a machine with a spare core
        the cover paints while the book is typeset. The bytes are exactly ``render``'s.
        """
        if not _PREFETCH["enabled"]:
            return
        from bookbinder.covers.cache import holds  # a cached cover is read, not painted on the side
        art, image = self.metadata, self.image
        jobs = [_Prefetch(self, w, h) for w, h in dict.fromkeys(sizes) if not holds(art, image, w, h)]
        for key in [key for key, job in _PREFETCHED.items() if job.art is not self]:
            _PREFETCHED.pop(key, None)  # left over from a book whose writer failed: never read
        for job in jobs:
            _PREFETCHED[(id(self), job.width, job.height)] = job
        if jobs:
            threading.Thread(target=_run_prefetch, args=(jobs,), name="cover", daemon=True).start()

    def _encode(self, width: int, height: int) -> bytes:
        from bookbinder.covers import jpeg, sizes

        if self.image is None and min(width, height) >= DESIGN_MIN_SIDE:  # one painting, cut to size
            return sizes.designed_jpeg(self, self.metadata, width, height, CROP_TOLERANCE)
        return jpeg.encode(self.picture(width, height))

    def warnings(self) -> tuple[str, ...]:
        """Characters of the generated cover's words that no installed font can draw (shown as boxes)."""
        if self.image is not None:
            return ()
        from bookbinder.covers.art import TEXT_STYLES, cover_texts
        from bookbinder.covers.typeset import choose_font, missing_glyphs

        found = []
        for role, text in cover_texts(self.metadata).items():
            missing = missing_glyphs(text, choose_font(text, TEXT_STYLES[role])) if text else ""
            if missing:
                codes = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing)
                found.append(f"no font can draw {codes} in the cover's {role}: shown as a missing-glyph box")
        return tuple(found)

    def colours(self) -> tuple[RGB, RGB, RGB]:
        """Background, ink and accent for the back cover and spine of a print wrap."""
        if self.image is None:
            from bookbinder.covers.art import choose_palette, design_rng

            palette = choose_palette(design_rng(self.metadata))
            return palette.field, palette.ink, palette.accent
        from bookbinder.covers.typeset import contrast_ratio

        background = edge_colour(load_user_cover(self.image, (64, 64)))
        # Pure black or white: one of them always reaches at least 4.58:1 on any background.
        ink: RGB = max(((0, 0, 0), (255, 255, 255)), key=lambda c: contrast_ratio(c, background))
        return background, ink, ink


# Covers share cached FreeType faces (cover_layout.face), which are not safe to use from two threads
# at once: whoever renders holds this lock, so a prefetch and a direct render never overlap.
_RENDERING = threading.Lock()


@dataclass(eq=False, slots=True)
class _Prefetch:
    """One cover size being rendered ahead on the helper thread."""

    art: CoverArt
    width: int
    height: int
    done: threading.Event = field(default_factory=threading.Event)
    data: bytes = b""
    error: Exception | None = None

    def result(self) -> bytes:
        """Wait for the bytes; an error in rendering is raised here, in the writer's thread."""
        self.done.wait()
        if self.error is not None:
            raise self.error
        return self.data


_PREFETCHED: dict[tuple[int, int, int], _Prefetch] = {}  # (id(art), width, height) -> job; art kept alive
_PREFETCH = {"enabled": True}


def set_prefetch(enabled: bool) -> None:
    """Render covers ahead on a helper thread, or not (pool workers: every core already builds a book)."""
    _PREFETCH["enabled"] = enabled


def _run_prefetch(jobs: list[_Prefetch]) -> None:
    for job in jobs:
        try:
            with _RENDERING:
                job.data = job.art._encode(job.width, job.height)
        except Exception as exc:  # handed to the writer that asks for these bytes
            job.error = exc
        finally:
            job.done.set()


def candidates(manuscript_path: Path) -> list[Path]:
    """Where a ``covers/<stem>.*`` file may be, in order (duplicates removed)."""
    stem = manuscript_path.stem
    folders = [
        manuscript_path.parent / "covers",
        manuscript_path.parent.parent / "covers",
        Path.cwd() / "covers",
    ]
    seen: dict[Path, None] = {}
    for folder in folders:
        for suffix in COVER_SUFFIXES:
            for name in (stem + suffix, stem + suffix.upper()):
                seen.setdefault(folder / name, None)
    return list(seen)


def find_cover(manuscript_path: Path, metadata: Metadata, explicit: Path | None = None) -> Path | None:
    """The user cover image that applies to a book, by precedence, or None for generated art."""
    if explicit is not None:
        return explicit
    if metadata.cover:
        given = Path(metadata.cover).expanduser()
        return given if given.is_absolute() else manuscript_path.parent / given
    return next((p for p in candidates(manuscript_path) if p.is_file()), None)


def resolve_cover(manuscript_path: Path, metadata: Metadata, explicit: Path | None = None) -> CoverArt:
    """The cover for a book: --cover, then metadata ``cover:``, then covers/<stem>.*, else generated.

    Raises CoverError naming the file when the chosen image is missing, corrupt, not an image or
    too large; a cover given explicitly is never silently replaced by generated art.
    """
    path = find_cover(manuscript_path, metadata, explicit)
    if path is None:
        return CoverArt(metadata)
    load_user_cover(path, VALIDATION_SIZE)  # decodes every byte; a huge JPEG at a reduced scale
    return CoverArt(metadata, path)
