"""Where a build server listens, and whether this command may use one.

Kept to the standard library's cheapest modules: the client imports this before anything else.
"""

from __future__ import annotations

import os
import stat
import sys

MODE_ENV = "BOOKBINDER_SERVER"  # auto (the default): use one, start one when none runs; off: never
FOLDER_ENV = "BOOKBINDER_SERVER_DIR"  # where sockets live (default: the user's runtime folder)
IDLE_ENV = "BOOKBINDER_SERVER_IDLE"  # seconds without a command before a server stops
DEFAULT_IDLE = 600.0  # ten minutes, as sccache's server
OFF = ("off", "0", "no", "false")

# Variables read while modules import, or cached for a process's life (font and cache folders,
# the module path, locale, allocator): a command whose values differ from a server's must not be
# served by it, so they are part of the server's address. Everything else (SOURCE_DATE_EPOCH,
# PATH, ...) is read per command and travels with it.
IMPORT_TIME_VARIABLES = ("BOOKBINDER_", "PYTHON", "LANG", "LC_", "XDG_", "PILLOW_", "MALLOC_", "RL_")
IMPORT_TIME_NAMES = ("HOME", "TMPDIR", "TZ")
# Read afresh by every command (by the client, or by the covers at each call): not an address.
PER_COMMAND = (MODE_ENV, "BOOKBINDER_SERVER_TIMES", "BOOKBINDER_COVER_CACHE")


def enabled() -> bool:
    """Servers are on unless switched off; Linux only (the peer's uid is read with SO_PEERCRED)."""
    return sys.platform == "linux" and os.environ.get(MODE_ENV, "auto").strip().lower() not in OFF


def idle_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get(IDLE_ENV, DEFAULT_IDLE)))
    except ValueError:
        return DEFAULT_IDLE


def folder() -> str | None:
    """The user's private socket folder (created 0700), or None when it is not safely ours."""
    base = os.environ.get(FOLDER_ENV)
    if not base:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        base = os.path.join(runtime, "bookbinder") if runtime else f"/tmp/bookbinder-{os.getuid()}"
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        found = os.lstat(base)
    except OSError:
        return None
    # Another user's folder, a symlink, or one others can write to: no server for this command.
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or found.st_mode & 0o077:
        return None
    return base


def identity() -> str:
    """What a server and its commands must share: interpreter, package, version, import-time setup."""
    from bookbinder.version import __version__

    shaping = sorted(
        (name, value) for name, value in os.environ.items()
        if (name.startswith(IMPORT_TIME_VARIABLES) or name in IMPORT_TIME_NAMES) and name not in PER_COMMAND
    )
    package = os.path.dirname(os.path.abspath(__file__))
    return repr((sys.executable, sys.prefix, sys.path, package, __version__, shaping))


def socket_path() -> str | None:
    """The socket of the server this command may use (or start), or None when none may be used."""
    import zlib  # a name, not a secret: the folder's permissions guard it; zlib imports in 0.3 ms

    where = folder()
    if where is None:
        return None
    text = identity().encode("utf-8", "surrogateescape")
    # Two checksums of the identity: a 64-bit name keeps accidental collisions out of reach.
    name = f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"
    path = os.path.join(where, f"{name}.sock")
    return path if len(path.encode()) < 100 else None  # AF_UNIX paths are limited to 108 bytes
