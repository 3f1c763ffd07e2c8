"""A forked child of the server becomes one command: its streams, folder, environment and umask."""

from __future__ import annotations

import contextlib
import io
import os
import resource
import signal
import sys
from collections.abc import Callable
from typing import Any

from bookbinder.server import wire

Entry = Callable[[list[str], str], int]  # the CLI: (argv without the program, program) -> exit status


def run_command(conn: wire.Socket, fds: list[int], request: dict[str, Any], entry: Entry) -> None:
    """In the forked child: become the command, run it, report its status, and never return."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # subprocesses and pools wait for their own
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.setpgid(0, 0)  # the command's own group: the client's Ctrl-C reaches its workers too
        _take_streams(fds)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.umask(request["umask"])
        wire.send(conn, {"pid": os.getpid()})
        conn.settimeout(None)
        start = _cpu_seconds()  # a spare's warm-up is not the command's
        code = _run(entry, request["argv"], request["program"])
        cpu = _cpu_seconds() - start
        wire.send(conn, {"exit": int(code), "cpu": round(cpu, 4)})  # int: ExitCode is an enum
    except BaseException:  # the client reports a child that ends without a status
        pass
    finally:
        os._exit(0)


def _cpu_seconds() -> float:
    """User and system time of this process and the children it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _run(entry: Entry, argv: list[str], program: str) -> int:
    try:
        return entry(argv, program)
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()


def _take_streams(fds: list[int]) -> None:
    """The command's stdin, stdout and stderr become this process's, as Python would open them."""
    if len(fds) != 3:
        raise OSError("a command sends its three standard streams")
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    sys.stdin = _text_stream(0, "r", sys.stdin)
    sys.stdout = _text_stream(1, "w", sys.stdout)
    sys.stderr = _text_stream(2, "w", sys.stderr)
    # The originals too: the terminal's width is read from sys.__stdout__ (shutil, rich).
    for name, stream in (("__stdin__", sys.stdin), ("__stdout__", sys.stdout), ("__stderr__", sys.stderr)):
        setattr(sys, name, stream)


def _text_stream(fd: int, mode: str, like: Any) -> io.TextIOWrapper:
    """A text stream on ``fd`` set up as the server's own was (encoding, errors, unbuffered),
    line-buffered where Python would: on a terminal, and always for stderr."""
    raw = io.FileIO(fd, mode, closefd=False)
    binary = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
    return io.TextIOWrapper(
        binary, encoding=like.encoding, errors=like.errors,
        line_buffering=mode == "w" and (fd == 2 or raw.isatty()),
        write_through=getattr(like, "write_through", False),
    )


