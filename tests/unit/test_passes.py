"""Many tiny manuscripts per pass, in markdown-it fixture style: fixtures/passes/<pass>.txt.

Each case is a title line, ``.``, the manuscript, ``.``, the expected tree dump, ``.``. The dump
omits the metadata line unless the case spells it out (front-matter cases do).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bookbinder.dump import dump
from bookbinder.readers.text import read_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "passes"
UPDATE = os.environ.get("BOOKBINDER_UPDATE_GOLDEN") == "1"
ACCEPT = "make golden"


def read_fixture_file(path: Path) -> list[tuple[str, str, str]]:
    """(title, input, expected) triples; lines starting with '#' before a case are comments."""
    cases: list[tuple[str, str, str]] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip() or line.startswith("#"):
            index += 1
            continue
        title = line
        assert lines[index + 1] == ".", f"{path.name}:{index + 2}: expected '.' after the title"
        parts: list[list[str]] = [[], []]
        index += 2
        for part in parts:
            while lines[index] != ".":
                part.append(lines[index])
                index += 1
            index += 1
        cases.append((title, "\n".join(parts[0]), "\n".join(parts[1])))
    return cases


CASES = [
    pytest.param(path, title, source, expected, id=f"{path.stem}: {title}")
    for path in sorted(FIXTURES.glob("*.txt"))
    for title, source, expected in read_fixture_file(path)
]


def accept(path: Path, title: str, source: str, actual: str) -> None:
    """Write ``actual`` as the expected tree of the case ``title`` (`make golden`)."""
    old = path.read_text(encoding="utf-8")
    case = f"{title}\n.\n{source}\n.\n"
    start = old.index(case) + len(case)
    end = start if old.startswith(".\n", start) else old.index("\n.\n", start) + 1
    path.write_text(old[:start] + (actual + "\n" if actual else "") + old[end:], encoding="utf-8")


def tree(source: str) -> str:
    """The dump of a manuscript read without smart punctuation, relative to <Manuscript>."""
    text = dump(read_text(source, Path("story.txt"), smart=False).manuscript)
    return "\n".join(line[2:] for line in text.splitlines()[1:])


@pytest.mark.parametrize(("path", "title", "source", "expected"), CASES)
def test_pass_fixture(path: Path, title: str, source: str, expected: str) -> None:
    actual = tree(source)
    if "<Metadata" not in expected:
        actual = "\n".join(line for line in actual.splitlines() if not line.startswith("<Metadata"))
    if UPDATE and actual != expected:
        accept(path, title, source, actual)
    assert actual == expected or UPDATE, f"to accept the new tree: {ACCEPT}"


def test_fixture_files_exist_for_every_heuristic() -> None:
    names = {path.stem for path in FIXTURES.glob("*.txt")}
    assert {"headings", "scenebreaks", "paragraphs", "notes", "contents", "frontmatter"} <= names
