"""Slow: every corpus novel's words reach the PDF in order; War and Peace builds in time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers.paths import shared_files
from helpers.pdf import body_lines, build_pdf, expected_texts, letters

from bookbinder import api

pytestmark = pytest.mark.slow

NOVELS = [p for p in shared_files("corpus") if "war-and-peace" not in p.name]
WAR_AND_PEACE = [p for p in shared_files("corpus") if "war-and-peace" in p.name]


@pytest.mark.parametrize("novel", NOVELS, ids=lambda p: p.name)
def test_novel_every_word_in_order(tmp_path: Path, novel: Path) -> None:
    manuscript = api.read(novel).manuscript
    reader = build_pdf(manuscript, tmp_path / "novel.pdf", profile="print")
    assert len(reader.pages) % 2 == 0
    assert letters(body_lines(reader)) == letters(expected_texts(manuscript))


@pytest.mark.parametrize("novel", WAR_AND_PEACE, ids=lambda p: p.name)
def test_war_and_peace_in_reasonable_time(tmp_path: Path, novel: Path) -> None:
    manuscript = api.read(novel).manuscript
    started = time.process_time()
    reader = build_pdf(manuscript, tmp_path / "wp.pdf")
    seconds = time.process_time() - started
    assert seconds < 30, f"PDF writer took {seconds:.1f} s of CPU"  # ~7 s measured; CI is shared
    assert len(reader.pages) > 1000
    outline_chapters = sum(len(item) for item in reader.outline if isinstance(item, list))
    assert outline_chapters == sum(1 for c in manuscript.chapters if c.part is not None)
