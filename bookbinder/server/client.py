"""What ``bookbinder`` does before anything else: hand the command to a warm server if one runs.

Returns the command's exit status, or None when this process must run the command itself (no
server, a stale one, or servers switched off). When none runs, one is started in the background
for the next command: this one does not wait for it.
"""

from __future__ import annotations

import os
import sys

# _signal, not signal: the wrapper builds enums on import (5 ms of every command's start-up).
from _signal import (  # type: ignore[import-not-found]
    SIG_IGN,
    SIGHUP,
    SIGINT,
    SIGQUIT,
    SIGTERM,
    getsignal,
    signal,
)
from _socket import AF_UNIX, SOCK_STREAM

from bookbinder.server import address, wire

# Commands that must run here: the server's own controls.
LOCAL_COMMANDS = ("server",)
FIRST_ANSWER_SECONDS = 5.0  # a server answers at once; one that does not is presumed gone
TIMES_ENV = address.PER_COMMAND[1]  # a file to which each served command's CPU seconds are added
INTERNAL, INTERRUPTED = 3, 130  # ExitCode's values (bookbinder.errors costs the client an import)


def run_on_server(argv: list[str]) -> int | None:
    """Run ``argv`` on a server; None when this process should run it."""
    if not address.enabled() or argv[:1] in ([name] for name in LOCAL_COMMANDS):
        return None
    path = address.socket_path()
    if path is None:
        return None
    sock = _connect(path)
    if sock is None:  # none listens there
        start(path)
        return None
    relay = _Relay()
    try:
        sock.settimeout(FIRST_ANSWER_SECONDS)
        request = {"argv": argv, "program": _program(), "cwd": os.getcwd(), "env": dict(os.environ),
                   "umask": _umask()}
        try:
            wire.send(sock, request, (0, 1, 2))
            reader = wire.Reader(sock)
            first = reader.next()
        except (OSError, ValueError):
            first = None
        pid = first.get("pid") if first is not None else None
        if not isinstance(pid, int):
            if first is not None and first.get("stale"):
                start(path)
            if relay.pending:  # interrupted before any command ran: nothing more to do
                sys.stderr.write("interrupted\n")
                return INTERRUPTED
            relay.restore()  # this process runs the command: Ctrl-C must reach it again
            return None
        relay.attach(pid)
        return _follow(reader)
    finally:
        sock.close()


def _connect(path: str) -> wire.Socket | None:
    sock = wire.Socket(AF_UNIX, SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return None
    return sock


class _Relay:
    """Signals meant for this process go to the command's process group (its workers too), as a
    terminal's Ctrl-C would reach them; one that comes before the command's pid waits for it."""

    SIGNALS = (SIGINT, SIGTERM, SIGHUP, SIGQUIT)

    def __init__(self) -> None:
        self.pid = 0
        self.pending: list[int] = []
        self.previous = {signum: getsignal(signum) for signum in self.SIGNALS}
        for signum, handler in self.previous.items():
            if handler != SIG_IGN:  # a background job's ignored Ctrl-C stays ignored
                signal(signum, self.forward)

    def restore(self) -> None:
        for signum, handler in self.previous.items():
            signal(signum, handler)

    def forward(self, signum: int, _frame: object) -> None:
        if not self.pid:
            self.pending.append(signum)
            return
        try:  # noqa: SIM105 - contextlib costs the client 2 ms to import
            os.killpg(self.pid, signum)
        except OSError:  # the command has just ended
            pass

    def attach(self, pid: int) -> None:
        self.pid = pid
        for signum in self.pending:
            self.forward(signum, None)


def _follow(reader: wire.Reader) -> int:
    """Wait for the command's exit status."""
    reader.sock.settimeout(None)
    while True:
        try:
            message = reader.next()
        except (OSError, ValueError):
            message = None
        if message is None:
            sys.stderr.write("error: the build server's process ended without an exit status\n")
            return INTERNAL
        status = message.get("exit")
        if isinstance(status, int):
            _record_time(message.get("cpu"))
            return status


def _record_time(cpu: object) -> None:
    where = os.environ.get(TIMES_ENV)
    if where and isinstance(cpu, int | float):
        try:
            with open(where, "a", encoding="utf-8") as out:
                out.write(f"{cpu}\n")
        except OSError:  # a diagnostic only
            pass


def _program() -> str:
    """The command's name as the user typed it, as click finds it (``python -m bookbinder``)."""
    spec = getattr(sys.modules["__main__"], "__spec__", None)
    if spec is not None and spec.name:
        return f"python -m {spec.name.removesuffix('.__main__')}"
    return os.path.basename(sys.argv[0])


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Run by the started server: the client's module path, so it imports exactly what the client would.
BOOT = (
    "import sys, json; sys.path[:] = json.loads(sys.argv[1]); "
    "from bookbinder.__main__ import serve; serve(sys.argv[2])"
)


def start(path: str) -> None:
    """Start a server for ``path`` in the background, detached from this command's terminal."""
    import json
    import subprocess

    try:  # noqa: SIM105 - as above
        subprocess.Popen(
            [sys.executable, "-c", BOOT, json.dumps(sys.path), path],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd="/", start_new_session=True, close_fds=True,
        )
    except OSError:  # no server this time; the command runs here all the same
        pass


def control(op: str) -> dict[str, object] | None:
    """Ask the server for this environment its ``status``, or to ``stop``; None when none runs."""
    path = address.socket_path()
    sock = _connect(path) if path is not None else None
    if sock is None:
        return None
    try:
        sock.settimeout(FIRST_ANSWER_SECONDS)
        wire.send(sock, {"op": op})
        return wire.Reader(sock).next()
    except (OSError, ValueError):
        return None
    finally:
        sock.close()
