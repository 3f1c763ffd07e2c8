"""Atomic output files, safe output names and bounded reads."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from bookbinder.errors import InputError, OutputError

# Manuscripts beyond this are refused before any work (a 50 MB novel is ten War and Peaces).
MAX_INPUT_BYTES = 256 * 1024 * 1024

_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def read_input(path: Path) -> bytes:
    """Read a manuscript, turning OS failures into one-line InputErrors."""
    try:
        if path.is_dir():
            raise InputError(path, "is a directory, not a manuscript")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(path, f"too large ({size:,} bytes; the limit is {MAX_INPUT_BYTES:,})")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


def safe_stem(stem: str) -> str:
    """An output file name stem that cannot escape its directory or trip Windows."""
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", "_", stem).strip(" .")
    if not stem or set(stem) <= {"."}:
        stem = "book"
    if _WINDOWS_RESERVED.match(stem):
        stem = f"_{stem}"
    return stem[:200]


@contextlib.contextmanager
def atomic_target(dest: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; rename it over ``dest`` only on success.

    Interruption or failure never leaves half a file where make (or a reader app) would see it.
    """
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"{dest.parent}: cannot write: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise OutputError(f"{dest}: no space left on device") from None
        raise OutputError(f"{dest}: cannot write: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
