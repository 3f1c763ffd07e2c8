"""Values derived from an installed data file (a font, a hyphenation dictionary), kept on disk.

Decoding such a file costs tens or hundreds of milliseconds in every new process; reading back
plain Python values with ``marshal`` costs one or two. A cached file holds a key (the source's
path, size and mtime and the deriving code's version) and the values; it is used only when the key
matches, so a changed source or code is never answered from a stale cache. Files live in
``cache_dir``, beside the prepared fonts (``bookbinder.fonts.prepare``), written under a temporary
name and renamed, so parallel builds never read half a file; writing is best effort: a read-only folder
costs a process the decode, never a build. marshal is fast and is only ever given our own files.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """Where prepared fonts and the values derived from them are kept: the environment's own share
    folder when writable."""
    override = os.environ.get("BOOKBINDER_FONT_CACHE")
    if override:
        return Path(override)
    inside = Path(sys.prefix) / "share" / "bookbinder" / "fonts"
    try:
        inside.mkdir(parents=True, exist_ok=True)
        if os.access(inside, os.W_OK):
            return inside
    except OSError:
        pass
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return home / "bookbinder" / "fonts"


def key(source: str, version: object) -> tuple[object, ...]:
    """What a cache of ``source`` must have been made from: the file as it is now, and ``version``."""
    stat = os.stat(source)
    return (version, os.path.abspath(source), stat.st_size, stat.st_mtime_ns)


def location(source: str, suffix: str) -> Path:
    """The cache file of ``source`` (one per source file and ``suffix``)."""
    full = os.path.abspath(source)
    digest = hashlib.sha256(full.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    stem = "".join(c for c in Path(full).stem if c.isalnum() or c in "-_")[:60]
    return cache_dir() / f"{stem}-{digest}.{suffix}"


def read(target: Path, wanted: tuple[object, ...]) -> tuple[object, ...] | None:
    """The values cached in ``target`` under the key ``wanted``; None when missing or stale."""
    try:
        stored = marshal.loads(target.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None  # missing, unreadable, or not ours
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == wanted:
        values = stored[1]
        return values if isinstance(values, tuple) else None
    return None


def write(target: Path, wanted: tuple[object, ...], values: tuple[object, ...]) -> Path | None:
    """Cache ``values`` under ``wanted`` in ``target``; None when the folder cannot be written."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            stored: Any = (wanted, values)  # plain values only: marshal raises ValueError otherwise
            temporary.write_bytes(marshal.dumps(stored))
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    except (OSError, ValueError):
        return None
    return target
