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


# Temporary outputs are named `.<final name>.<host>-<pid>.<random>.bookbinder-part`: recognisable, so a
# later run can remove the ones a killed process left behind, and naming the process that owns them
# (the host too: on a shared folder a Dask worker's pid means nothing to another machine).
TEMP_SUFFIX = ".bookbinder-part"
STALE_SECONDS = 24 * 3600  # a temporary file this old is stale even if its pid is alive (pid reuse)
_TEMP_NAME = re.compile(r"^\..+\.([A-Za-z0-9_-]*)-(\d+)\.[^.]+" + re.escape(TEMP_SUFFIX) + "$")


def _host() -> str:
    import socket

    return re.sub(r"[^A-Za-z0-9_]", "_", socket.gethostname())[:40]


def _file_mode() -> int:
    """0666 less the umask, as open() would give (mkstemp's 0600 is for the temporary name only)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_target(dest: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; rename it over ``dest`` only on success.

    Interruption or failure never leaves half a file where make (or a reader app) would see it.
    """
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        prefix = f".{dest.name[:150]}.{_host()}-{os.getpid()}."
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=dest.parent)
        os.close(fd)
    except (NotADirectoryError, FileExistsError):  # -o names a file, or a folder became one mid-batch
        raise OutputError(f"{dest.parent}: not a directory") from None
    except OSError as exc:
        raise OutputError(f"{dest.parent}: cannot write: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _file_mode())
        os.replace(tmp, dest)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise OutputError(f"{dest}: no space left on device") from None
        raise OutputError(f"{dest}: cannot write: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            tmp.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Delete temporary outputs in ``folder`` whose process is gone (or that are a day old)."""
    import time

    removed: list[Path] = []
    moment = time.time() if now is None else now
    try:
        entries = os.scandir(folder)
    except OSError:
        return removed
    with entries:
        for entry in entries:
            match = _TEMP_NAME.match(entry.name)
            if not match or not entry.is_file(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                host, pid = match.group(1), int(match.group(2))
                gone = host == _host() and pid != os.getpid() and not _alive(pid)
                stale = gone or moment - entry.stat().st_mtime > STALE_SECONDS
                if stale:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed
