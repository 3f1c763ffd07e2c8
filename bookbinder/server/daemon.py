"""The build server: warm once, then one forked child per command (a warmed spare when ready).

Single-threaded on purpose: ``fork`` copies only the calling thread, so the server never forks
while another thread could hold a lock (the warm-up waits for the cover thread it starts).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any

from bookbinder.server import wire
from bookbinder.server.child import Entry, run_command
from bookbinder.server.spare import Spare
from bookbinder.server.warmup import warm_up


def fingerprint() -> tuple[object, ...]:
    """What the running code was loaded from: bookbinder's modules, the installed distributions and
    the prepared fonts. A change to any (an edit in an editable install, ``pip install -U``,
    ``python -m bookbinder.fonts.prepare``) makes a server stale. About half a millisecond."""
    from bookbinder.fonts.derived import cache_dir

    return _modules(), _distributions(), _mtime(cache_dir())


def _modules() -> frozenset[tuple[str, int, int]]:
    found = []
    for name, module in list(sys.modules.items()):
        where = getattr(module, "__file__", None)
        if where and (name == "bookbinder" or name.startswith("bookbinder.")):
            try:
                info = os.stat(where)
            except OSError:
                found.append((where, 0, 0))  # a removed module file is a change too
            else:
                found.append((where, info.st_mtime_ns, info.st_size))
    return frozenset(found)


def _distributions() -> tuple[tuple[str, str, int], ...]:
    """Each distribution's metadata folder on the module path (pip adds, removes or renames one)."""
    from bookbinder.plugins import METADATA_SUFFIXES

    found = []
    for entry in sys.path:
        with contextlib.suppress(OSError), os.scandir(entry or ".") as listing:
            found += [(entry, item.name, _mtime(item.path)) for item in listing
                      if item.name.endswith(METADATA_SUFFIXES)]
    return tuple(found)


def _mtime(path: str | Path) -> int:
    """A folder's modification time (prepared fonts are written aside and renamed in), or 0."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def serve(entry: Entry, path: str, idle: float) -> None:
    """Listen on ``path`` until idle for ``idle`` seconds, stale, or told to stop."""
    with open(path + ".lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # another server has this address
        warm_up(entry)
        known = fingerprint()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        os.chmod(path, 0o600)
        bound = os.stat(path).st_ino
        listener.listen(64)
        listener.settimeout(idle)
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps finished children
        gc.collect()
        gc.freeze()  # children never scan (and so never copy) the warm heap's pages
        state: dict[str, Any] = {"pid": os.getpid(), "since": time.time(), "served": 0}
        try:
            _accept_loop(listener, lock, entry, known, state)
        finally:
            with contextlib.suppress(OSError):
                if os.stat(path).st_ino == bound:  # still ours: a newer server may have rebound it
                    os.unlink(path)
            listener.close()


def _accept_loop(
    listener: socket.socket, lock: io.TextIOWrapper, entry: Entry, known: tuple[object, ...],
    state: dict[str, Any],
) -> None:
    spare = Spare(entry, (listener, lock))
    try:
        while True:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                return  # idle
            with conn:
                fds: list[int] = []
                try:
                    outcome = _answer(conn, fds, listener, lock, entry, known, state, spare)
                except OSError:  # the command went away mid-answer: the server carries on
                    outcome = ""
                finally:
                    _close_all(fds)
            if outcome == "stop":
                return
            # Only now, with no command's streams or connection open here, may the server fork a
            # new spare: one inherited copy of a stream would keep its reader waiting for the end.
            if outcome == "handed" or spare.dead:
                spare.close()
                spare = Spare(entry, (listener, lock))
    finally:
        spare.close()


def _answer(
    conn: socket.socket, fds: list[int], listener: socket.socket, lock: io.TextIOWrapper, entry: Entry,
    known: tuple[object, ...], state: dict[str, Any], spare: Spare,
) -> str:
    """Serve one connection: "stop", "handed" (to the spare), or "" (answered, or a child forked)."""
    conn.settimeout(5)
    reader = wire.Reader(conn)
    try:
        request = reader.next() if _same_user(conn) else None
    except (OSError, ValueError):
        request = None
    finally:
        fds += reader.fds
    if request is None:
        return ""
    if request.get("op") == "status":
        wire.send(conn, state)
        return ""
    if request.get("op") == "stop":
        wire.send(conn, {"stopping": True})
        return "stop"
    if fingerprint() != known:
        wire.send(conn, {"stale": True})
        return "stop"
    state["served"] += 1
    if spare.take(conn, fds, request):
        return "handed"
    if os.fork() == 0:  # no warm spare yet: a child at once
        listener.close()
        lock.close()  # a long build must not keep a new server from taking the address
        spare.close()
        run_command(conn, fds, request, entry)
    return ""


def _same_user(conn: socket.socket) -> bool:
    import struct

    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", creds)
    return bool(uid == os.getuid())


def _close_all(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


