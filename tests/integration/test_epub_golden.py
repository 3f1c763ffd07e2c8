"""Golden files: the OPF, nav, NCX and every content document of a known book, member by member.

A change in the EPUB's text parts shows here as a reviewable diff. To accept new output:

    make golden   (BOOKBINDER_UPDATE_GOLDEN=1 for every golden kind: EPUB members, reader trees)

(ebooklib writes its version into the OPF, so an ebooklib upgrade changes content.opf too.)
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from helpers.books import build, kitchen_sink

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "epub"
UPDATE = os.environ.get("BOOKBINDER_UPDATE_GOLDEN") == "1"
ACCEPT = "make golden"


def text_members(epub_path: Path) -> dict[str, str]:
    """The EPUB's XML text members (not the stylesheet or images), by path inside the OPF folder."""
    from helpers.epub import Epub

    book = Epub(epub_path)
    prefix = f"{book.base}/" if book.base else ""
    return {
        name[len(prefix):]: book.zip.read(name).decode("utf-8")
        for name in sorted(book.zip.namelist())
        if name.startswith(prefix) and name.endswith((".opf", ".xhtml", ".ncx"))
    }


@pytest.mark.parametrize("case", ["kitchen-sink"])
def test_epub_text_matches_golden(case: str, tmp_path: Path) -> None:
    members = text_members(Path(build(kitchen_sink(), tmp_path / f"{case}.epub").zip.filename or ""))
    folder = GOLDEN / case
    if UPDATE:
        for name, text in members.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    expected = {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
                for p in sorted(folder.rglob("*")) if p.is_file()}
    assert sorted(members) == sorted(expected), f"members differ; to accept: {ACCEPT}"
    for name, text in members.items():
        if text != expected[name]:
            diff = "".join(difflib.unified_diff(expected[name].splitlines(True), text.splitlines(True),
                                                f"golden/{name}", f"built/{name}"))
            pytest.fail(f"{name} differs from its golden file:\n{diff}\nto accept: {ACCEPT}")
