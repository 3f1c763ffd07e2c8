"""Regressions: each failure the fuzzers and property tests found, as its minimal input.

A case whose bug is still open is a strict xfail naming the module at fault: it fails the suite
(XPASS) the moment the bug is fixed, so the mark is removed and the case guards the fix.
Builds run in a child process with capped memory and time, because these bugs blow up.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHILD = """
import resource, sys
from pathlib import Path
limit = int(sys.argv[4]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from bookbinder import api
source, out, fmt = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
title = sys.argv[5] if len(sys.argv) > 5 else None
overrides = {"title": title} if title else {}
api.build(source, api.BuildOptions(formats=(fmt,), out_dir=out, overrides=overrides))
"""


def build_bounded(text: str, folder: Path, fmt: str, *, seconds: int, memory_mb: int = 768,
                  title: str | None = None) -> None:
    """Build one format in a child; fail when it errs, runs out of memory or takes too long."""
    source = folder / "story.txt"
    source.write_text(text, encoding="utf-8")
    command = [sys.executable, "-c", CHILD, str(source), str(folder / "out"), fmt, str(memory_mb)]
    try:
        proc = subprocess.run([*command, *([title] if title else [])], capture_output=True, text=True,
                              timeout=seconds, check=False)
    except subprocess.TimeoutExpired:
        proc = None
    assert proc is not None, f"the {fmt} build took over {seconds} s"
    assert proc.returncode == 0, "\n".join(proc.stderr.strip().splitlines()[-4:])


def test_pdf_of_an_8000_letter_word(tmp_path: Path) -> None:
    """Found by test_properties EXTREMES ("50k-char line without spaces"), shrunk by hand."""
    build_bounded("Chapter 1\n\n" + "abcdefghij" * 800 + "\n\nThe end.\n", tmp_path, "pdf", seconds=20)


def test_pdf_of_a_2000_letter_word_is_quick(tmp_path: Path) -> None:
    """The same word at a size that works today, so the fix is not judged by the xfail alone."""
    build_bounded("Chapter 1\n\n" + "abcdefghij" * 200 + "\n\nThe end.\n", tmp_path, "pdf", seconds=60)


def test_sidecar_key_with_newline_gives_a_one_line_error(tmp_path: Path) -> None:
    """Found by test_properties.test_hostile_metadata_builds_valid_books_or_a_clean_error."""
    from helpers.strategies import assert_clean_error

    from bookbinder import api
    from bookbinder.errors import BookbinderError

    story = tmp_path / "story.txt"
    story.write_text("Chapter 1\n\nWords.\n", encoding="utf-8")
    (tmp_path / "story.yaml").write_text("? \"\\n\"\n: [{}]\n", encoding="utf-8")
    with pytest.raises(BookbinderError) as caught:
        api.read(story)
    assert_clean_error(caught.value)
