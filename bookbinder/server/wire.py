"""The messages between a command and a server, and the standard streams passed with the first.

A message is a length-prefixed ``marshal`` of plain data (dicts, lists, strings, numbers): the
client imports this on every command, and ``json`` would cost it 4 ms more (``marshal`` is built
in). Only a process of the same user can connect (the daemon checks), so nothing here is read from
a stranger. Written against ``_socket``, the C module under ``socket``, for the same reason:
``socket`` builds enums and imports ``selectors`` (3 ms).
"""

from __future__ import annotations

import array
import marshal
from _socket import CMSG_SPACE, SCM_RIGHTS, SOL_SOCKET
from _socket import socket as Socket

__all__ = ["MAX_MESSAGE", "Message", "Reader", "Socket", "send"]

MAX_MESSAGE = 1 << 22  # a request carries argv and the environment: far below this
HEADER = 4  # bytes of big-endian length before each message
MAX_FDS = 4  # a connection and three standard streams (handed from the server to a spare)
Message = dict[str, object]


def send(sock: Socket, message: Message, fds: tuple[int, ...] = ()) -> None:
    body = marshal.dumps(message)
    data = len(body).to_bytes(HEADER, "big") + body
    if fds:  # the first byte carries the descriptors (SCM_RIGHTS); the rest is plain bytes
        sock.sendmsg([data[:1]], [(SOL_SOCKET, SCM_RIGHTS, array.array("i", fds))])
        data = data[1:]
    sock.sendall(data)


class Reader:
    """Messages from one connection, in order; descriptors that came with them in ``fds``."""

    def __init__(self, sock: Socket) -> None:
        self.sock = sock
        self.buffer = b""
        self.fds: list[int] = []

    def next(self) -> Message | None:
        """The next message, or None when the other side closed the connection first."""
        size = self._fill(HEADER) and int.from_bytes(self.buffer[:HEADER], "big")
        if not size:
            return None
        if size > MAX_MESSAGE:
            raise ValueError("message too long")
        if not self._fill(HEADER + size):
            return None
        body, self.buffer = self.buffer[HEADER : HEADER + size], self.buffer[HEADER + size :]
        try:
            found = marshal.loads(body)
        except (EOFError, TypeError, ValueError) as error:  # marshal's complaints about bad bytes
            raise ValueError(f"not a message: {error}") from None
        if not isinstance(found, dict):
            raise ValueError("a message is a dict")
        return found

    def _fill(self, wanted: int) -> bool:
        """Read until the buffer holds ``wanted`` bytes; False when the connection closes first."""
        while len(self.buffer) < wanted:
            data, ancillary, _, _ = self.sock.recvmsg(65536, CMSG_SPACE(MAX_FDS * array.array("i").itemsize))
            for level, kind, payload in ancillary:
                if level == SOL_SOCKET and kind == SCM_RIGHTS:
                    fds = array.array("i")
                    fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
                    self.fds += fds.tolist()
            if not data:
                return False
            self.buffer += data
        return True
