"""The build server's parts, in process: its address, messages, staleness, spares and the client's
fallbacks. (tests/integration/test_server.py runs whole commands through a real server.)"""

from __future__ import annotations

import os
import signal
import socket
import sys
import tempfile
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from bookbinder.server import address, client, daemon, wire
from bookbinder.server.child import Entry
from bookbinder.server.spare import Spare


@pytest.fixture
def private_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="bbs-", dir="/tmp"))
    monkeypatch.setenv(address.FOLDER_ENV, str(folder))
    monkeypatch.setenv(address.MODE_ENV, "auto")
    yield folder
    for entry in folder.iterdir():
        entry.unlink()
    folder.rmdir()


def test_the_socket_folder_must_be_private(private_folder: Path) -> None:
    assert address.folder() == str(private_folder)
    private_folder.chmod(0o777)
    assert address.folder() is None  # others could plant a socket there
    private_folder.chmod(0o700)
    link = private_folder.with_name(private_folder.name + "-link")
    link.symlink_to(private_folder)
    try:
        os.environ[address.FOLDER_ENV] = str(link)
        assert address.folder() is None
    finally:
        link.unlink()


def test_an_address_changes_with_import_time_settings_only(
    private_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = address.socket_path()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # read per command
    monkeypatch.setenv("BOOKBINDER_COVER_CACHE", "/elsewhere")  # read per command
    monkeypatch.setenv(address.MODE_ENV, "on")
    assert address.socket_path() == first
    monkeypatch.setenv("PYTHONPATH", "/plugins")  # a plugin's module path: another server
    assert address.socket_path() != first
    monkeypatch.delenv("PYTHONPATH")
    monkeypatch.setenv("BOOKBINDER_FONT_CACHE", "/fonts")  # other fonts: another server
    assert address.socket_path() != first


def test_servers_can_be_switched_off(private_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []
    monkeypatch.setattr(client, "start", started.append)
    monkeypatch.setenv(address.MODE_ENV, "off")
    assert client.run_on_server(["build", "x.txt"]) is None
    assert started == []
    monkeypatch.setenv(address.MODE_ENV, "auto")
    assert client.run_on_server(["build", "x.txt"]) is None  # none runs: this process builds...
    assert started == [address.socket_path()]  # ...and one is started for the next command
    assert client.run_on_server(["server", "status"]) is None  # the server's controls run here
    assert len(started) == 1


def test_messages_carry_plain_data_and_descriptors() -> None:
    ours, theirs = socket.socketpair()
    read_end, write_end = os.pipe()
    with ours, theirs:
        wire.send(ours, {"argv": ["build", "ä.txt"], "umask": 0o22, "env": {"A": "1"}}, (write_end,))
        wire.send(ours, {"exit": 0})
        reader = wire.Reader(theirs)
        assert reader.next() == {"argv": ["build", "ä.txt"], "umask": 0o22, "env": {"A": "1"}}
        assert reader.next() == {"exit": 0}
        (passed,) = reader.fds
        os.write(passed, b"through the socket")
        assert os.read(read_end, 100) == b"through the socket"
        ours.close()
        assert reader.next() is None  # the other side closed
    for fd in (read_end, write_end, passed):
        os.close(fd)


def test_a_server_that_says_it_is_stale_is_not_used(
    private_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = address.socket_path()
    assert path is not None
    started: list[str] = []
    monkeypatch.setattr(client, "start", started.append)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(path)
        listener.listen(1)

        def answer_stale() -> None:
            conn, _ = listener.accept()
            with conn:
                reader = wire.Reader(conn)
                assert reader.next() is not None
                for fd in reader.fds:
                    os.close(fd)
                wire.send(conn, {"stale": True})

        thread = threading.Thread(target=answer_stale)
        thread.start()
        handlers = [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)]
        assert client.run_on_server(["build", "x.txt"]) is None  # this process builds it...
        thread.join()
    assert [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)] == handlers  # ...Ctrl-C and all
    assert started == [path]  # and a fresh server is started for the next one


def test_a_change_to_a_loaded_module_makes_the_server_stale(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text("x = 1\n", encoding="utf-8")
    module = types.ModuleType("bookbinder.probe_for_staleness")
    module.__file__ = str(source)
    sys.modules[module.__name__] = module
    try:
        daemon.fingerprint()  # imports what it reads with (in a server, the warm-up has)
        before = daemon.fingerprint()
        assert daemon.fingerprint() == before
        source.write_text("x = 22\n", encoding="utf-8")
        os.utime(source, ns=(time.time_ns(), time.time_ns() + 1_000_000))
        assert daemon.fingerprint() != before
    finally:
        del sys.modules[module.__name__]


def _spare_entry(delay: float, record: Path) -> Entry:
    def entry(argv: list[str], program: str) -> int:
        if argv[0] == "build" and "warm-up.txt" in argv[1]:
            time.sleep(delay)  # the spare's warm-up
            return 0
        record.write_text(f"{program} {' '.join(argv)} in {os.getcwd()} SDE={os.environ.get('SDE')}")
        return 3

    return entry


def _request(folder: Path) -> dict[str, object]:
    return {"argv": ["inspect", "story.txt"], "program": "bookbinder", "cwd": str(folder),
            "env": {"SDE": "42"}, "umask": 0o022}


def test_a_warm_spare_runs_the_next_command(tmp_path: Path) -> None:
    record = tmp_path / "ran.txt"
    spare = Spare(_spare_entry(0.0, record), ())
    client_end, server_end = socket.socketpair()
    streams = [os.open(os.devnull, os.O_RDWR) for _ in range(3)]
    try:
        deadline = time.monotonic() + 30
        while not spare.take(server_end, streams, _request(tmp_path)):
            assert not spare.dead and time.monotonic() < deadline
            time.sleep(0.05)
        server_end.close()
        reader = wire.Reader(client_end)
        started = reader.next()
        assert started is not None and isinstance(started["pid"], int)
        assert (reader.next() or {}).get("exit") == 3
        assert record.read_text() == f"bookbinder inspect story.txt in {tmp_path} SDE=42"
    finally:
        spare.close()
        client_end.close()
        for fd in streams:
            os.close(fd)


def test_a_spare_still_warming_is_passed_over_and_a_dead_one_noticed(tmp_path: Path) -> None:
    conn, other = socket.socketpair()
    slow = Spare(_spare_entry(30.0, tmp_path / "never.txt"), ())
    try:
        assert not slow.take(conn, [], _request(tmp_path))
        assert not slow.dead  # still warming: the server forks a child at once instead
    finally:
        slow.close()

    def broken(argv: list[str], program: str) -> int:
        raise RuntimeError("the warm-up failed")

    dead = Spare(broken, ())
    try:
        deadline = time.monotonic() + 30
        while not dead.dead:
            assert not dead.take(conn, [], _request(tmp_path))
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        dead.close()
        conn.close()
        other.close()


def test_bytes_that_are_not_a_message_are_refused_as_such() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        ours.sendall((3).to_bytes(wire.HEADER, "big") + b"\xff\x00\x01")
        with pytest.raises(ValueError, match="not a message"):
            wire.Reader(theirs).next()
        ours.sendall((wire.MAX_MESSAGE + 1).to_bytes(wire.HEADER, "big"))
        with pytest.raises(ValueError, match="too long"):
            wire.Reader(theirs).next()
