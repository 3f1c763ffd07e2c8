"""Limits: what is not a manuscript is refused before any work; big manuscripts stay in bounded memory."""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from helpers.paths import ROOT
from helpers.strategies import assert_clean_error

from bookbinder import api
from bookbinder.errors import BookbinderError, InputError
from bookbinder.model import Paragraph


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), (30, 30, 200)).save(out, "JPEG")
    return out.getvalue()


def zip_bytes(mimetype: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype)
        archive.writestr("chapter.txt", "Chapter 1\n\nIt was a dark and stormy night.\n" * 50)
    return out.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=432, height=648)
    writer.add_metadata({"/Title": "A real PDF renamed to .txt"})
    writer.write(out)
    return out.getvalue()


def elf_like() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64


NOT_TEXT: dict[str, Callable[[], bytes]] = {
    "png": png_bytes,
    "jpeg": jpeg_bytes,
    "zip": zip_bytes,
    "epub renamed": lambda: zip_bytes("application/epub+zip"),
    "pdf renamed": pdf_bytes,
    "gzip": lambda: gzip.compress(b"Chapter 1\n\nHello there.\n" * 100, mtime=0),
    "executable": elf_like,
    "nul-filled": lambda: b"\x00" * 4096,
    "random bytes": lambda: bytes((i * 7919 + 13) % 256 for i in range(20_000)),
}


@pytest.mark.parametrize("kind", sorted(NOT_TEXT))
def test_non_text_is_refused_before_any_work(kind: str, tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_bytes(NOT_TEXT[kind]())
    out = tmp_path / "out"
    with pytest.raises(BookbinderError) as caught:
        api.build(source, api.BuildOptions(out_dir=out))
    assert_clean_error(caught.value)
    assert isinstance(caught.value, InputError), type(caught.value).__name__
    assert str(source) in str(caught.value)
    assert not out.exists(), "work began (the output directory was created) for a file that is not text"


@pytest.mark.parametrize("kind", sorted(NOT_TEXT))
def test_non_text_is_refused_by_the_reader(kind: str, tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_bytes(NOT_TEXT[kind]())
    with pytest.raises(InputError) as caught:
        api.read(source)
    assert_clean_error(caught.value)


TEXT_THAT_LOOKS_ODD = {
    "utf-16 with BOM": "Chapter 1\n\nWörds in UTF-16, with NUL bytes on disk.\n".encode("utf-16"),
    "utf-8 with BOM": "\ufeffChapter 1\n\nA byte order mark.\n".encode(),
    "latin-1": "Chapter 1\n\nÇa déjà vu, naïve garçon.\n".encode("latin-1"),
    "cp1252 quotes": "Chapter 1\n\n\x93Quoted,\x94 she said \x96 twice.\n".encode("latin-1"),
    "a stray control char": b"Chapter 1\n\nA bell \x07 rang and a form feed \x0c came.\n",
}


@pytest.mark.parametrize("kind", sorted(TEXT_THAT_LOOKS_ODD))
def test_odd_but_real_text_is_accepted(kind: str, tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_bytes(TEXT_THAT_LOOKS_ODD[kind])
    reading = api.read(source)
    body = " ".join(b.text for c in reading.manuscript.chapters for b in c.blocks if isinstance(b, Paragraph))
    assert len(body.split()) >= 3, body


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n", "\u3000\u00a0\n".encode()])
def test_empty_manuscript_is_a_clean_error(content: bytes, tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_bytes(content)
    with pytest.raises(InputError) as caught:
        api.build(source, api.BuildOptions(out_dir=tmp_path / "out"))
    assert_clean_error(caught.value)
    assert not (tmp_path / "out").exists()


def test_missing_and_directory_inputs_are_clean_errors(tmp_path: Path) -> None:
    for source in (tmp_path / "nope.txt", tmp_path):
        with pytest.raises(InputError) as caught:
            api.build(source, api.BuildOptions(out_dir=tmp_path / "out"))
        assert_clean_error(caught.value)


# --- memory ---------------------------------------------------------------------------------------

def measure_memory() -> ModuleType:
    spec = importlib.util.spec_from_file_location("measure_memory", ROOT / "scripts" / "measure_memory.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_manuscript_is_deterministic(tmp_path: Path) -> None:
    mm = measure_memory()
    one, two = mm.generate(tmp_path / "a.txt", 0.2), mm.generate(tmp_path / "b.txt", 0.2)
    assert one.read_bytes() == two.read_bytes()
    assert 200_000 <= one.stat().st_size < 220_000


@pytest.mark.slow
def test_memory_grows_sanely_with_manuscript_size(tmp_path: Path) -> None:
    """Peak RSS per stage at 0.5 MB and 2.5 MB: bounded, and growing at most ~linearly with size."""
    mm = measure_memory()
    peaks: dict[tuple[str, float], float] = {}
    for size in (0.5, 2.5):
        source = mm.generate(tmp_path / f"m{size:g}.txt", size)
        for stage in ("read", "epub", "pdf"):
            row = mm.measure(stage, source, tmp_path / f"out{size:g}")
            assert not str(row["detail"]).startswith("failed"), row
            peaks[stage, size] = float(row["peak_mb"])
    print(json.dumps({f"{s}@{m:g}MB": round(v) for (s, m), v in peaks.items()}))
    for stage in ("read", "epub", "pdf"):
        small, big = peaks[stage, 0.5], peaks[stage, 2.5]
        # 2 MB more text may cost at most 60 MB of RSS per input MB (measured: ~15-30 MB per MB,
        # scripts/measure_memory.py); a quadratic or retain-everything bug blows far past it.
        assert big - small <= 60 * 2, f"{stage}: {small:.0f} MB -> {big:.0f} MB for 0.5 -> 2.5 MB of text"
        assert big <= 400, f"{stage}: {big:.0f} MB peak for a 2.5 MB manuscript"


def test_measure_memory_script_runs(tmp_path: Path) -> None:
    command = [sys.executable, str(ROOT / "scripts" / "measure_memory.py"), "--size-mb", "0.05",
               "--stages", "baseline,read", "--json"]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["stage"] for r in rows] == ["baseline", "read"]
    assert all(r["peak_mb"] > 0 for r in rows)
