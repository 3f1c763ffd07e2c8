"""Atomic output files, safe output names and bounded reads."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from bookbinder.errors import InputError, OutputError

# Manuscripts beyond this are refused before any work (a 50 MB novel is ten War and Peaces).
MAX_INPUT_BYTES = 256 * 1024 * 1024

_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def read_input(path: Path, limit: int = MAX_INPUT_BYTES, error: type[InputError] = InputError) -> bytes:
    """Read a regular file of at most ``limit`` bytes, turning OS failures into one-line errors.

    Devices, FIFOs and sockets (``/dev/zero``, ``/dev/stdin``, a named pipe) are refused before a
    byte is read: they would hang or never end. The limit is enforced on the bytes actually read,
    not on ``stat``: ``/proc`` files report a size of 0, and a file may grow while we read it.
    """
    try:
        if path.is_dir():
            raise error(path, "is a directory, not a manuscript")
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            kind = _special_kind(os.fstat(fd).st_mode)
            if kind:
                raise error(path, f"is {kind}, not a regular file")
            os.set_blocking(fd, True)
            size = os.fstat(fd).st_size
            if size > limit:
                raise error(path, f"too large ({size:,} bytes; the limit is {limit:,})")
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise error(path, f"too large (more than {limit:,} bytes, the limit)")
        return data
    except FileNotFoundError:
        raise error(path, "no such file") from None
    except PermissionError:
        raise error(path, "permission denied") from None
    except IsADirectoryError:
        raise error(path, "is a directory, not a manuscript") from None
    except OSError as exc:
        raise error(path, exc.strerror or str(exc)) from None


def _special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def new_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0666 less the umask (a shared group's 002 gives
    0664, a private 077 gives 0600), as every other tool writing into the folder does."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:  # Linux: read without changing it
            umask = next(int(line.split()[1], 8) for line in status if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        umask = os.umask(0o022)  # elsewhere: set and restore (another thread could see 022 briefly)
        os.umask(umask)
    return 0o666 & ~umask


def ensure_directory(folder: Path) -> None:
    """Create the output folder; a file (or anything else) in its place is a clear error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: not a directory") from None
    except NotADirectoryError:
        raise OutputError(f"{folder}: a parent of it is a file, not a directory") from None
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise OutputError(f"{folder}: not a directory")


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
    if hasattr(os, "uname"):  # POSIX: the same name as socket.gethostname(), without importing socket
        name = os.uname().nodename
    else:
        import socket

        name = socket.gethostname()
    return re.sub(r"[^A-Za-z0-9_]", "_", name)[:40]


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
        os.chmod(tmp, new_file_mode())  # mkstemp made it 0600
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
