"""Shared fixtures: reproducible time, the shared manuscripts, and small helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.paths import SHARED
from hypothesis import settings

# Property tests are deterministic in CI (fixed seed, no example database, no per-example
# deadline on a shared 2-core machine); HYPOTHESIS_PROFILE=dev explores new random examples.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))



@pytest.fixture(autouse=True)
def _source_date_epoch(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test builds as a reproducible build would, and caches plugin lists in the test's tmp."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("BOOKBINDER_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "bookbinder-cache"))
    # Every build is a cold one (a cached cover would hide a cover that is not reproducible), in
    # this process (the build server has its own tests: tests/integration/test_server.py).
    monkeypatch.setenv("BOOKBINDER_COVER_CACHE", "")
    monkeypatch.setenv("BOOKBINDER_SERVER", "off")


def _shared_dir(name: str) -> Path:
    path = SHARED / name
    if not path.is_dir():
        pytest.skip(f"{path} is absent: the shared manuscripts live beside the project checkout")
    return path


@pytest.fixture
def shared_seeds() -> Path:
    """../shared/seeds (skips with a reason when absent)."""
    return _shared_dir("seeds")


@pytest.fixture
def shared_corpus() -> Path:
    """../shared/corpus (skips with a reason when absent)."""
    return _shared_dir("corpus")




@pytest.fixture
def write_manuscript(tmp_path: Path) -> Iterator[object]:
    """Write text (or bytes) to a manuscript file in tmp_path and return its path."""

    def write(content: str | bytes, name: str = "story.txt") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    yield write
