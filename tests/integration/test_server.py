"""The build server (bookbinder/server): a command it serves behaves as the same command run alone.

Each test starts its own server in a private socket folder (short, under /tmp: a Unix socket's path
is limited to 108 bytes) and stops it afterwards. The outputs, messages and exit codes of a served
command are compared with the same command with servers switched off.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.plugins import start_slow_batch, toy_writer

from bookbinder.fsio import TEMP_SUFFIX

__all__ = ["toy_writer"]  # the fixture, used by name

STORY = (
    "Title: Harbour Lights\nAuthor: M. Rowe\n\nChapter 1\n\n"
    "\"Come in,\" she said. The lamp was *lit*, and the harbour lay quiet under the rain.\n\n"
    "He waited by the door.\n\n\n\nMorning came grey and cold.\n\nChapter 2\n\nThey walked back.\n"
)


def bookbinder(
    *args: str, cwd: Path, env: dict[str, str], **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "bookbinder", *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=120, **kwargs,
    )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of commands that a running server serves (started here, stopped after)."""
    folder = tempfile.mkdtemp(prefix="bbs-", dir="/tmp")  # 0700, and short
    env = {**os.environ, "BOOKBINDER_SERVER": "auto", "BOOKBINDER_SERVER_DIR": folder,
           "BOOKBINDER_SERVER_IDLE": "120"}
    # Commands run from tmp_path (python -m puts the folder first on the path): one server for all.
    assert bookbinder("server", "start", cwd=tmp_path, env=env).returncode == 0
    try:
        wait_for(lambda: served_count(tmp_path, env) == 0)
        yield env
    finally:
        bookbinder("server", "stop", cwd=tmp_path, env=env)
        shutil.rmtree(folder, ignore_errors=True)


def wait_for(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def served_count(cwd: Path, env: dict[str, str]) -> int:
    status = bookbinder("server", "status", cwd=cwd, env=env).stdout
    return int(status.split(": ")[-1].split()[0]) if "commands served" in status else -1


def took(text: str) -> str:
    return re.sub(r" in \d+\.\d s$", " in N s", text, flags=re.M)


def alone(env: dict[str, str]) -> dict[str, str]:
    return {**env, "BOOKBINDER_SERVER": "off"}


def test_a_served_build_is_byte_identical_to_one_run_alone(tmp_path: Path, served: dict[str, str]) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "untitled.txt").write_text("Just one line, with no title and no author.\n", encoding="utf-8")
    before = served_count(tmp_path, served)
    results = {}
    for name, env in (("served", served), ("alone", alone(served))):
        results[name] = bookbinder(
            "build", "story.txt", "untitled.txt", "-o", name, "-j", "1", cwd=tmp_path, env=env
        )
    assert served_count(tmp_path, served) == before + 1  # the first build was the server's
    assert results["served"].returncode == results["alone"].returncode == 0
    # the missing-title warning, once, and the summary (its time aside)
    assert took(results["served"].stderr) == took(results["alone"].stderr)
    assert "no title" in results["served"].stderr
    assert results["served"].stdout.replace("served", "alone") == results["alone"].stdout
    for book in ("story.epub", "story.pdf", "untitled.epub", "untitled.pdf"):
        assert (tmp_path / "served" / book).read_bytes() == (tmp_path / "alone" / book).read_bytes(), book


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("build", "missing.txt", "-o", "out"), 1),  # bad input: one error line
        (("build", "--no-such-option"), 2),  # usage error (typer's)
        (("inspect", "story.txt", "--json"), 0),  # stdout is the command's
    ],
)
def test_messages_and_exit_codes_are_the_commands(
    tmp_path: Path, served: dict[str, str], args: tuple[str, ...], code: int
) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    before = served_count(tmp_path, served)
    via_server = bookbinder(*args, cwd=tmp_path, env=served)
    by_itself = bookbinder(*args, cwd=tmp_path, env=alone(served))
    assert served_count(tmp_path, served) == before + 1
    assert (via_server.returncode, via_server.stdout, took(via_server.stderr)) == (
        by_itself.returncode, by_itself.stdout, took(by_itself.stderr),
    )
    assert via_server.returncode == code
    assert "Traceback" not in via_server.stderr


def test_the_commands_folder_environment_and_umask_travel_with_it(
    tmp_path: Path, served: dict[str, str]
) -> None:
    (tmp_path / "work").mkdir()  # relative paths: the server itself runs in /
    (tmp_path / "work" / "story.txt").write_text(STORY, encoding="utf-8")
    env = {**served, "SOURCE_DATE_EPOCH": "1600000000"}  # read per command, not per server
    before = served_count(tmp_path, env)
    args = ("build", "work/story.txt", "-f", "epub", "-o")
    result = bookbinder(*args, "work/out", cwd=tmp_path, env=env, preexec_fn=lambda: os.umask(0o077))
    assert result.returncode == 0, result.stderr
    assert served_count(tmp_path, env) == before + 1
    book = tmp_path / "work" / "out" / "story.epub"
    assert book.stat().st_mode & 0o777 == 0o600
    assert bookbinder(*args, "ref", cwd=tmp_path, env=alone(env)).returncode == 0
    assert book.read_bytes() == (tmp_path / "ref" / "story.epub").read_bytes()  # the same epoch inside


@pytest.mark.usefixtures("toy_writer")
def test_ctrl_c_stops_a_served_batch_and_leaves_no_partial_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tempfile.mkdtemp(prefix="bbs-", dir="/tmp")
    # start_slow_batch runs `python -m bookbinder` in tmp_path with this process's environment.
    monkeypatch.setenv("BOOKBINDER_SERVER", "auto")
    monkeypatch.setenv("BOOKBINDER_SERVER_DIR", folder)
    env = dict(os.environ)
    try:
        assert bookbinder("server", "start", cwd=tmp_path, env=env).returncode == 0
        wait_for(lambda: served_count(tmp_path, env) == 0)
        proc, out = start_slow_batch(tmp_path, count=3, jobs=2)
        assert len(list(out.glob(f"*{TEMP_SUFFIX}"))) == 2
        assert served_count(tmp_path, env) == 1  # the batch runs in the server's child, not the client
        proc.send_signal(signal.SIGINT)  # the terminal's Ctrl-C reaches the client, which relays it
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 130, stderr
        assert "interrupted" in stderr and "Traceback" not in stderr
        assert not list(out.glob(f"*{TEMP_SUFFIX}")) and not list(out.glob("*.toy"))
    finally:
        bookbinder("server", "stop", cwd=tmp_path, env=env)
        shutil.rmtree(folder, ignore_errors=True)


def test_an_idle_server_stops_and_removes_its_socket(tmp_path: Path) -> None:
    folder = tempfile.mkdtemp(prefix="bbs-", dir="/tmp")
    env = {**os.environ, "BOOKBINDER_SERVER": "auto", "BOOKBINDER_SERVER_DIR": folder,
           "BOOKBINDER_SERVER_IDLE": "1"}
    try:
        (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
        first = bookbinder("inspect", "story.txt", cwd=tmp_path, env=env)  # none runs: starts one
        assert first.returncode == 0
        wait_for(lambda: any(name.endswith(".sock") for name in os.listdir(folder)))
        wait_for(lambda: not any(name.endswith(".sock") for name in os.listdir(folder)), seconds=30)
        assert "no server runs" in bookbinder("server", "status", cwd=tmp_path, env=env).stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_servers_switched_off_start_none(tmp_path: Path) -> None:
    folder = tempfile.mkdtemp(prefix="bbs-", dir="/tmp")
    env = {**os.environ, "BOOKBINDER_SERVER": "off", "BOOKBINDER_SERVER_DIR": folder}
    try:
        (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
        assert bookbinder("inspect", "story.txt", cwd=tmp_path, env=env).returncode == 0
        time.sleep(0.5)
        assert not any(name.endswith(".sock") for name in os.listdir(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
