"""The content-addressed cover cache (bookbinder/covers/cache.py), on by default in the user's cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import bookbinder.covers as covers
from bookbinder.covers import CoverArt, cache
from bookbinder.model import Metadata

SIZE = (160, 256)  # small: painted in milliseconds


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "covers"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


def test_by_default_it_lives_in_bookbinders_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.setenv("BOOKBINDER_CACHE_DIR", str(tmp_path / "caches"))
    assert cache.folder() == tmp_path / "caches" / "covers"
    monkeypatch.setenv(cache.ENV, "")
    assert cache.folder() is None and cache.key(Metadata(title="T"), None, *SIZE) is None
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setenv("BOOKBINDER_CACHE_DIR", "")  # every cache off
    assert cache.folder() is None


@pytest.mark.usefixtures("cache_folder")
def test_a_second_render_reads_the_cache_and_paints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    art = CoverArt(Metadata(title="The Lighthouse Keeper", authors=("A. Writer",)))
    first = art.render(*SIZE)

    def no_painting(self: CoverArt, width: int, height: int) -> bytes:
        raise AssertionError("painted again")

    monkeypatch.setattr(CoverArt, "_encode", no_painting)
    assert CoverArt(Metadata(title="The Lighthouse Keeper", authors=("A. Writer",))).render(*SIZE) == first
    with pytest.raises(AssertionError, match="painted again"):  # another book is painted
        CoverArt(Metadata(title="Another Book", authors=("A. Writer",))).render(*SIZE)


def test_the_key_is_everything_that_decides_the_bytes(cache_folder: Path, tmp_path: Path) -> None:
    book = Metadata(title="Salt", authors=("B. Author",))
    image = tmp_path / "cover.jpg"
    image.write_bytes(b"one image")
    keys = {
        cache.key(book, None, *SIZE),
        cache.key(Metadata(title="Salt", authors=("C. Author",)), None, *SIZE),
        cache.key(book, None, 320, 512),
        cache.key(book, image, *SIZE),
    }
    image.write_bytes(b"another image")
    keys.add(cache.key(book, image, *SIZE))
    assert len(keys) == 5 and None not in keys
    again = Metadata(title="Salt", authors=("B. Author",))
    assert cache.key(book, None, *SIZE) == cache.key(again, None, *SIZE)


def test_a_changed_font_file_never_reuses_an_old_cover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    face = tmp_path / "Face.ttf"
    face.write_bytes(b"glyphs")
    monkeypatch.setattr("bookbinder.fonts.font_chain", lambda style="regular": (face,))
    before = cache._code.__wrapped__()  # type: ignore[attr-defined]
    assert cache._code.__wrapped__() == before  # type: ignore[attr-defined]
    os.utime(face, ns=(1, 2))  # the prepared font was made again
    assert cache._code.__wrapped__() != before  # type: ignore[attr-defined]


@pytest.mark.usefixtures("cache_folder")
def test_a_cached_cover_is_not_painted_ahead_either(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(covers._PREFETCH, "enabled", True)
    art = CoverArt(Metadata(title="Paper Boats"))
    art.render(*SIZE)
    art.prefetch([SIZE])
    assert (id(art), *SIZE) not in covers._PREFETCHED  # nothing to paint on the side
    fresh = CoverArt(Metadata(title="Harbour Lights"))
    fresh.prefetch([SIZE])
    assert (id(fresh), *SIZE) in covers._PREFETCHED
    fresh.render(*SIZE)  # collects the prefetched bytes


def test_the_oldest_entries_go_when_the_folder_is_full(tmp_path: Path) -> None:
    for age, name in enumerate(("old", "middle", "new")):
        path = tmp_path / f"{name}.jpg"
        path.write_bytes(b"x" * 1000)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    cache.prune(tmp_path, limit=2500)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["middle.jpg", "new.jpg"]
