"""The `bookbinder` command as a user meets it: --version, --help, inspect, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bookbinder import __version__
from bookbinder.cli import app

STORY = (
    "Chapter 1: The Lamp\n\nThe keeper lit the lamp.\n\nThe boats came home.\n\n* * *\n\n"
    "Morning came grey and slow.\n\nChapter 2: The Fog\n\nFog rolled in from the sea.\n"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "lamp.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"bookbinder {__version__}"


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("inspect", "build", "cover"):
        assert command in result.stdout


def test_inspect_table_shows_metadata_with_sources(story: Path) -> None:
    result = run("inspect", str(story), "--author", "Ann Lee", "--tag", "sea", "--tag", "fog")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    row = {line.split()[0]: line for line in lines if line and not line.startswith(" ")}
    assert "Ann Lee" in row["authors"] and row["authors"].endswith("[cli]")
    assert "sea, fog" in row["subjects"] and row["subjects"].endswith("[cli]")
    assert row["title"].endswith("[filename]")
    assert "encoding" in row and "words" in row and "chapters" in row


def test_inspect_json(story: Path) -> None:
    result = run("inspect", str(story), "--json", "--series", "Lamps", "--series-index", "2")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("title", "authors", "language", "encoding", "sources", "words", "chapters"):
        assert key in data
    assert isinstance(data["authors"], list)
    assert data["sources"]["series"] == "cli" and data["metadata"]["series_index"] == 2.0
    assert data["sources"]["title"] == "filename" and data["title"] == "Lamp"
    for chapter in data["chapters"]:
        assert set(chapter) >= {"title", "paragraphs", "scene_breaks", "words"}
    assert sum(c["words"] for c in data["chapters"]) == data["words"]


def test_inspect_json_counts_chapters_and_breaks(story: Path) -> None:
    data = json.loads(run("inspect", str(story), "--json").stdout)
    titles = [c["title"] for c in data["chapters"]]
    assert len(titles) == 2 and "The Lamp" in titles[0] and "The Fog" in titles[1]
    assert [c["scene_breaks"] for c in data["chapters"]] == [1, 0]
    assert [c["paragraphs"] for c in data["chapters"]] == [3, 1]
    assert data["words"] == 20


def one_line_error(result: Result, path: Path) -> str:
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {path}: ")
    assert "Traceback" not in result.output
    return lines[0]


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    one_line_error(run("inspect", str(missing)), missing)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", b"\xef\xbb\xbf\n\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    one_line_error(run("inspect", str(path)), path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    one_line_error(run("inspect", str(path)), path)


def test_a_directory_is_not_a_manuscript(tmp_path: Path) -> None:
    one_line_error(run("inspect", str(tmp_path)), tmp_path)


@pytest.mark.parametrize("args", [
    ["inspect"],  # missing argument
    ["inspect", "x.txt", "--no-such-option"],
    ["inspect", "x.txt", "--series-index", "many"],
    ["no-such-command"],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args).exit_code == 2


@pytest.mark.parametrize(("option", "value"), [
    ("--date", "next spring"), ("--language", "Elvish!"), ("--meta", "no-equals-sign"),
])
def test_bad_metadata_options_are_usage_errors(story: Path, option: str, value: str) -> None:
    result = run("inspect", str(story), option, value)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


def test_metadata_options_are_normalised(story: Path) -> None:
    data = json.loads(run(
        "inspect", str(story), "--json", "--language", "French", "--date", "May 1, 2019",
        "--subtitle", "A Tale", "--description", "Fog.", "--publisher", "Harbour", "-m", "Rating=Teen",
        "-m", "Mood=grey",
    ).stdout)
    meta = data["metadata"]
    assert (data["language"], meta["date"], meta["subtitle"]) == ("fr", "2019-05-01", "A Tale")
    assert (meta["description"], meta["publisher"], meta["rating"]) == ("Fog.", "Harbour", "Teen")
    assert meta["extra"] == {"Mood": "grey"} and data["sources"]["Mood"] == "cli"


def test_named_option_beats_meta(story: Path) -> None:
    data = json.loads(run("inspect", str(story), "--json", "-m", "title=Meta", "--title", "Named").stdout)
    assert data["title"] == "Named"


def test_console_script_end_to_end(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    bookbinder = Path(sys.executable).with_name("bookbinder")
    done = subprocess.run([str(bookbinder), "inspect", str(missing)], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {missing}: ") and done.stderr.count("\n") == 1
    assert done.stdout == ""
