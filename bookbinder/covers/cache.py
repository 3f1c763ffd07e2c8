"""A content-addressed cache of rendered cover JPEGs, in the user's cache folder.

The key is a hash of everything that decides the bytes: the covers code itself, Pillow's version
(it bundles the JPEG and FreeType libraries), the font files the covers can draw with, the book's
metadata, the user image's bytes (if any) and the size. A hit skips painting and encoding, about
a third of a fan-fiction book's build: a rebuild after a text edit, a ``--force`` run or a second
output folder reuses the cover. Entries are written atomically, and the oldest are removed when
the folder passes MAX_BYTES (a cover is ~250 KB: about a thousand of them).

``BOOKBINDER_COVER_CACHE`` names another folder, or turns the cache off when empty;
``BOOKBINDER_CACHE_DIR`` moves all of bookbinder's caches.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from functools import cache
from pathlib import Path

from bookbinder.model import Metadata

ENV = "BOOKBINDER_COVER_CACHE"
MAX_BYTES = 256 * 1024 * 1024
PRUNE_EVERY = 200  # puts between size checks
_puts = {"count": 0}


def folder() -> Path | None:
    """The cache folder, or None when caching is off."""
    value = os.environ.get(ENV)
    if value is None:
        from bookbinder.cachedir import user_cache_dir

        base = user_cache_dir()
        return base / "covers" if base is not None else None
    return Path(value.strip()).expanduser() if value.strip() else None


@cache
def _code() -> str:
    """A digest of what paints every cover: the covers package, Pillow, and the faces it can use.

    A code change, a Pillow upgrade or a re-prepared font never reuses an old cover.
    """
    import PIL

    from bookbinder.covers.art import TEXT_STYLES
    from bookbinder.fonts import font_chain

    digest = hashlib.sha256(PIL.__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    for style in sorted(set(TEXT_STYLES.values())):
        for face in font_chain(style):
            found = face.stat()
            line = f"{face}\0{found.st_size}\0{found.st_mtime_ns}\n"
            digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def key(metadata: Metadata, image: Path | None, width: int, height: int) -> str | None:
    """The entry name for a cover, or None when caching is off (or the image cannot be read)."""
    if folder() is None:
        return None
    digest = hashlib.sha256(f"{_code()}\n{metadata!r}\n{width}x{height}\n".encode("utf-8", "surrogatepass"))
    if image is not None:
        try:
            with image.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
        except OSError:
            return None
    return digest.hexdigest()


def holds(metadata: Metadata, image: Path | None, width: int, height: int) -> bool:
    """Whether the cover of this size is cached (without reading it)."""
    name, where = key(metadata, image, width, height), folder()
    return name is not None and where is not None and (where / f"{name}.jpg").is_file()


def get(name: str | None) -> bytes | None:
    """The cached bytes, or None on a miss."""
    where = folder()
    if name is None or where is None:
        return None
    try:
        return (where / f"{name}.jpg").read_bytes()
    except OSError:
        return None


def put(name: str | None, data: bytes) -> None:
    """Store ``data`` (best effort: a read-only or full cache never fails a book)."""
    where = folder()
    if name is None or where is None:
        return
    import tempfile  # only when caching is on (~3 ms to import)

    with contextlib.suppress(OSError):  # written aside and renamed: readers never see half an entry
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, where / f"{name}.jpg")
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    _puts["count"] += 1
    if _puts["count"] % PRUNE_EVERY == 0:
        prune(where)


def prune(where: Path, limit: int = MAX_BYTES) -> None:
    """Remove the least recently written entries until the folder is under ``limit`` bytes."""
    entries = []
    with contextlib.suppress(OSError), os.scandir(where) as found:
        for entry in found:
            if entry.name.endswith(".jpg"):
                with contextlib.suppress(OSError):
                    stat = entry.stat()
                    entries.append((stat.st_mtime, stat.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(path)
            total -= size
