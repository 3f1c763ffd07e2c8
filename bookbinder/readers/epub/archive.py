"""Zip containers (EPUB, DOCX) read in memory with bounds: no entry escapes, no bomb unpacks.

Nothing is ever extracted to disk; entries named with ``..``, an absolute path or a drive are
ignored; the archive's declared total size, each entry's size and its compression ratio are
checked before reading, and reads stop at the declared size, so a lying header cannot inflate.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import Path

from bookbinder.errors import InputError

MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a whole book with its images, unpacked
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # one chapter or image
MAX_RATIO = 200  # text compresses ~4-10x; hundreds-fold is a bomb
MAX_ENTRIES = 10_000


class SafeZip:
    """The readable entries of a zip archive and bounded reads of them."""

    def __init__(self, data: bytes, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            NotImplementedError,
            ValueError,
            OSError,
            EOFError,
        ) as exc:
            raise InputError(path, f"not a readable {kind} (zip archive): {_one_line(exc)}") from None
        if len(infos) > MAX_ENTRIES:
            raise InputError(path, f"{kind} has {len(infos):,} entries (the limit is {MAX_ENTRIES:,})")
        total = sum(info.file_size for info in infos)
        if total > MAX_UNPACKED_BYTES:
            raise InputError(
                path, f"{kind} too large: {total:,} bytes unpacked (the limit is {MAX_UNPACKED_BYTES:,})"
            )
        self._infos = {
            info.filename: info for info in infos if _safe_name(info.filename) and not info.is_dir()
        }

    def names(self) -> list[str]:
        """Entry names that stay inside the archive, in archive order."""
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """An entry's bytes; a bomb, an oversize or a corrupt entry is an InputError."""
        info = self._infos.get(name)
        if info is None:
            raise InputError(self.path, f"{self.kind} lacks {name}")
        if info.file_size > MAX_ENTRY_BYTES:
            raise InputError(self.path, f"{name} is too large ({info.file_size:,} bytes unpacked)")
        if (
            info.compress_size
            and info.file_size > 1024 * 1024
            and info.file_size / info.compress_size > MAX_RATIO
        ):
            raise InputError(
                self.path,
                f"{name} is compressed {info.file_size // info.compress_size}-fold (a zip bomb?); refused",
            )
        try:
            with self._zip.open(info) as stream:
                data = stream.read(info.file_size + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            NotImplementedError,
            RuntimeError,
            ValueError,
            OSError,
            EOFError,
        ) as exc:
            raise InputError(self.path, f"{name}: damaged {self.kind} entry ({_one_line(exc)})") from None
        if len(data) > info.file_size:
            raise InputError(self.path, f"{name} is larger than its header says; refused")
        return data


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _safe_name(name: str) -> bool:
    """No absolute path, drive, backslash escape or ``..`` segment."""
    if not name or name.startswith(("/", "\\")) or ":" in name.split("/")[0] or "\\" in name:
        return False
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return False  # control characters: a damaged or hostile directory
    return ".." not in name.split("/")


def join_href(base_dir: str, href: str) -> str | None:
    """An href resolved against the directory of the file that holds it; None when it escapes."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None  # another site: never fetched
    target = unquote(parts.path)
    if not target:
        return None
    joined = posixpath.normpath(posixpath.join(base_dir, target)) if not target.startswith("/") else None
    if joined is None or joined.startswith("../") or joined == "..":
        return None
    return joined
