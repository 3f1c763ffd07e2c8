"""The PDF writer's on-disk caches (kerning, reportlab's font parse, hyphenation patterns) change
nothing: a book built with them warm is byte-identical to one built with them cold, in new
processes as a one-book build runs; and a font made from the cache is the one reportlab makes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.paths import ROOT

from bookbinder import fonts
from bookbinder.fonts.prepare import cache_dir
from bookbinder.writers.pdf import facecache


def _build(source: Path, out: Path, cache: Path) -> bytes:
    env = {**os.environ, "BOOKBINDER_FONT_CACHE": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "bookbinder", "build", "-q", "-f", "pdf", "-o", str(out), str(source)]
    subprocess.run(command, check=True, env=env, capture_output=True, timeout=300)
    return (out / f"{source.stem}.pdf").read_bytes()


def test_a_pdf_built_with_warm_caches_equals_one_built_cold(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for font in cache_dir().glob("*.ttf"):  # the prepared fonts (slow to make), and nothing else
        (cache / font.name).symlink_to(font)
    source = tmp_path / "book.txt"
    source.write_text((ROOT / "seeds" / "paper-boats.txt").read_text(encoding="utf-8")
                      + "\n\nΚαλημέρα — 你好 — AVATAR office “To” waffle.\n", encoding="utf-8")
    cold = _build(source, tmp_path / "cold", cache)
    made = {path.suffix for path in cache.iterdir() if not path.is_symlink()}
    assert {".kern", ".face", ".hyph"} <= made, made
    warm = _build(source, tmp_path / "warm", cache)
    assert cold == warm
    assert cold == _build(source, tmp_path / "again", cache)


def test_a_font_from_the_cache_is_the_font_reportlab_parses(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from bookbinder.fonts import derived

    def location(source: str, suffix: str) -> Path:
        return tmp_path / f"{Path(source).stem}.{suffix}"

    monkeypatch.setattr(derived, "location", location)
    faces = (("EB Garamond", "regular"), ("Source Serif Pro", "smallcaps"), ("DejaVu Sans", "bold"))
    for family, style in faces:
        path = fonts.embeddable_font(family, style)
        parsed = facecache.load("x", path)  # reportlab's parse (and the cache written)
        cached = facecache.load("x", path)  # made from the cache
        assert list(tmp_path.glob(f"{path.stem}.*.face"))
        assert vars(cached).keys() == vars(parsed).keys()
        assert {k: v for k, v in vars(cached).items() if k not in ("face", "state", "encoding")} == {
            k: v for k, v in vars(parsed).items() if k not in ("face", "state", "encoding")}
        face, expected = vars(cached.face), vars(parsed.face)
        assert face.keys() == expected.keys()
        for key, value in expected.items():
            if key == "_pdfScale":
                assert [face[key](v) for v in (1, 7, 1000, -250)] == [value(v) for v in (1, 7, 1000, -250)]
            else:
                assert face[key] == value and type(face[key]) is type(value), key
        text = "Ωmega AVATAR office"
        assert cached.stringWidth(text, 11) == parsed.stringWidth(text, 11)


def test_hyphenation_from_the_cache_equals_pyphen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyphen

    from bookbinder.fonts import derived
    from bookbinder.writers.pdf import hyphenation

    def location(source: str, suffix: str) -> Path:
        return tmp_path / f"{Path(source).stem}.{suffix}"

    monkeypatch.setattr(derived, "location", location)
    text = (ROOT / "seeds" / "clockmakers-daughter.txt").read_text(encoding="utf-8")
    words = sorted({w for w in text.replace("—", " ").split() if w.isalpha()} | {"hyphenation", "ordinary"})
    results = []
    for language in ("en", "fr", "de"):
        for _ in range(2):  # parsed by pyphen (and cached), then from the cache
            monkeypatch.setattr(pyphen, "hdcache", {})
            hyphenation.hyphenator.cache_clear()
            split = hyphenation.hyphenator(language)
            assert split is not None
            results.append([split(word) for word in words])
        assert results[-1] == results[-2]
        assert list(tmp_path.glob("*.hyph"))
    assert sum(1 for found in results[0] if found) > 50
    hyphenation.hyphenator.cache_clear()
