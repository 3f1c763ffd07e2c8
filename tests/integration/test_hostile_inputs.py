"""Hostile and unlucky inputs (issue 18): devices and pipes, memory bounded by bytes read, cover
paths a manuscript may not choose, and decoded cover sizes bounded before decoding.

Anything that used to hang or grow without bound runs in a child process with a timeout and an
address-space limit, so a regression fails the test instead of the machine."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from helpers.strategies import assert_clean_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookbinder import api
from bookbinder.errors import BookbinderError, CoverError, InputError
from bookbinder.fsio import read_input

STORY = "Chapter 1\n\nThe lamp was lit. She read until dawn.\n"
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for the child: far above a normal read


def run_limited(code: str, timeout: float = 60, stdin: int | None = subprocess.DEVNULL) -> str:
    """Run ``code`` in a child limited to MEMORY_LIMIT; its stdout (the test's verdict)."""
    prelude = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
    proc = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, stdin=stdin, check=False)
    return proc.stdout.strip() + proc.stderr.strip()[-300:]


READ_AND_REPORT = """
from pathlib import Path
from bookbinder import api
from bookbinder.errors import BookbinderError
try:
    api.read(Path({path!r}))
    print("read")
except BookbinderError as err:
    print("clean:", err)
except BaseException as err:
    print("crash:", type(err).__name__)
"""


# --- devices, pipes, /dev/stdin -----------------------------------------------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/stdin"])
def test_devices_are_refused_as_manuscripts(device: str) -> None:
    """Was: /dev/zero read until memory ran out (the size limit checked stat's 0); /dev/stdin hung."""
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    verdict = run_limited(READ_AND_REPORT.format(path=device), timeout=30, stdin=subprocess.PIPE)
    assert verdict.startswith("clean:"), verdict
    assert "not a regular file" in verdict


def test_a_fifo_is_refused_as_a_manuscript(tmp_path: Path) -> None:
    """Was: waited forever for a writer."""
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    verdict = run_limited(READ_AND_REPORT.format(path=str(fifo)), timeout=30)
    assert verdict.startswith("clean:") and "pipe" in verdict, verdict


def test_the_limit_counts_bytes_read_not_the_size_stat_reports() -> None:
    """/proc files say they are empty; the limit must still hold."""
    with pytest.raises(InputError) as caught:
        read_input(Path("/proc/self/maps"), limit=16)
    assert_clean_error(caught.value)
    assert "too large" in str(caught.value)


def test_a_huge_sparse_sidecar_is_refused_without_reading_it(tmp_path: Path) -> None:
    """Was: a 3 GB sparse sidecar read whole (3.1 GB) before its 1 MB check."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    with open(tmp_path / "story.toml", "wb") as sidecar:
        sidecar.truncate(3 * 1024**3)
    verdict = run_limited(READ_AND_REPORT.format(path=str(story)))
    assert verdict.startswith("clean:") and "too large" in verdict, verdict


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_devices_and_pipes_are_refused_as_covers(kind: str, tmp_path: Path) -> None:
    """Was: a FIFO named by --cover hung the build."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    cover = tmp_path / "cover.png"
    if kind == "fifo":
        os.mkfifo(cover)
    else:
        cover = Path("/dev/zero")
    code = f"""
from pathlib import Path
from bookbinder import api
from bookbinder.errors import BookbinderError
try:
    options = api.BuildOptions(formats=("epub",), out_dir=Path({str(tmp_path / "out")!r}),
                               cover=Path({str(cover)!r}))
    api.build(Path({str(story)!r}), options)
    print("built")
except BookbinderError as err:
    print("clean:", err)
"""
    verdict = run_limited(code, timeout=60)
    assert verdict.startswith("clean:") and "regular file" in verdict, verdict


# --- cover paths a manuscript may name ----------------------------------------------------------

def png(path: Path) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 64), (200, 30, 30)).save(path, "PNG")
    return path


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """``books/`` holding the manuscript, and a private image outside it."""
    books = tmp_path / "books"
    books.mkdir()
    return books, png(tmp_path / "private" / "secret.png")


@pytest.mark.parametrize("how", ["header", "yaml", "sidecar", "catalogue"])
@pytest.mark.parametrize("where", ["relative", "absolute", "home"])
def test_a_cover_path_from_the_manuscript_stays_in_its_folder(
    layout: tuple[Path, Path], how: str, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: ``Cover: ../../home/me/private.jpg`` put any image on the machine into the book."""
    books, secret = layout
    monkeypatch.setenv("HOME", str(secret.parent.parent))
    named = {"relative": "../private/secret.png", "absolute": str(secret),
             "home": "~/private/secret.png"}[where]
    story = books / "story.txt"
    if how == "header":
        story.write_text(f"Title: Tale\nCover: {named}\n\n{STORY}", encoding="utf-8")
    elif how == "yaml":
        story.write_text(f"---\ncover: '{named}'\n---\n{STORY}", encoding="utf-8")
    else:
        story.write_text(STORY, encoding="utf-8")
        table = "[story]\n" if how == "catalogue" else ""
        name = "bookbinder.toml" if how == "catalogue" else "story.toml"
        (books / name).write_text(f"{table}cover = '{named}'\n", encoding="utf-8")
    out = books.parent / "out"
    with pytest.raises(BookbinderError) as caught:
        api.build(story, api.BuildOptions(formats=("epub",), out_dir=out))
    assert_clean_error(caught.value)
    assert isinstance(caught.value, CoverError)
    assert "only --cover" in str(caught.value)
    assert not out.exists() or not any(out.iterdir())


def test_a_symlink_inside_the_folder_cannot_lead_out_of_it(layout: tuple[Path, Path]) -> None:
    books, secret = layout
    (books / "art").symlink_to(secret.parent, target_is_directory=True)
    story = books / "story.txt"
    story.write_text(f"Title: Tale\nCover: art/secret.png\n\n{STORY}", encoding="utf-8")
    with pytest.raises(CoverError):
        api.read(story)


def test_covers_inside_the_folder_and_from_the_command_line_still_work(layout: tuple[Path, Path]) -> None:
    books, secret = layout
    inside = png(books / "art" / "front.png")
    story = books / "story.txt"
    story.write_text(f"Title: Tale\nCover: art/front.png\n\n{STORY}", encoding="utf-8")
    assert api.read(story).manuscript.metadata.cover == str(inside)
    built = api.build(story, api.BuildOptions(formats=("epub",), out_dir=books.parent / "out", cover=secret))
    assert built[0].is_file()  # --cover may point anywhere: the person at the keyboard chose it


SEGMENTS = st.lists(st.sampled_from(["..", ".", "art", "private", "secret.png", "books", "front.png", ""]),
                    min_size=1, max_size=6)


@given(SEGMENTS, st.booleans())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_cover_path_is_inside_the_folder_or_refused(
    layout: tuple[Path, Path], segments: list[str], absolute: bool
) -> None:
    books, _ = layout
    png(books / "art" / "front.png")
    named = "/".join(segments)
    if absolute:
        named = str(books / named)
    story = books / "story.txt"
    story.write_text(f"---\ncover: '{named}'\n---\n{STORY}", encoding="utf-8")
    try:
        cover = api.read(story).manuscript.metadata.cover
    except CoverError as err:
        assert_clean_error(err)
        return
    if cover is not None:
        assert Path(cover).resolve().is_relative_to(books.resolve()), cover


# --- decoded cover size -------------------------------------------------------------------------

def png_header(width: int, height: int, colour_type: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (no pixel data)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


@pytest.mark.parametrize(("size", "colour_type"), [((8000, 8000), 6), ((6000, 6000), 6), ((7000, 7000), 4)])
def test_a_cover_too_large_to_decode_is_refused_from_its_header(
    tmp_path: Path, size: tuple[int, int], colour_type: int
) -> None:
    """Was: an 8000x8000 RGBA cover (inside the pixel limit) decoded and converted at 1.3 GB peak."""
    from bookbinder.covers import load_user_cover

    cover = tmp_path / "cover.png"
    cover.write_bytes(png_header(*size, colour_type))
    with pytest.raises(CoverError) as caught:
        load_user_cover(cover, (1600, 2560))
    assert_clean_error(caught.value)
    assert "too large to decode" in str(caught.value)


@pytest.mark.slow
def test_a_large_rgba_cover_peaks_near_its_decoded_size(tmp_path: Path) -> None:
    """4000x4000 RGBA is 64 MB decoded; converting copies of it peaked at ~5x, now ~2x."""
    from PIL import Image

    cover = tmp_path / "big.png"
    Image.new("RGBA", (4000, 4000), (10, 200, 30, 128)).save(cover, compress_level=1)
    code = f"""
from pathlib import Path
from bookbinder.covers import load_user_cover
def rss(key):
    return int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith(key))) // 1024
base = rss("VmRSS:")
load_user_cover(Path({str(cover)!r}), (1600, 2560))
print(rss("VmHWM:") - base)
"""
    growth = int(run_limited(code).split()[0])
    assert growth < 64 * 2.6, f"{growth} MB over the baseline for a 64 MB image"


def test_a_reduced_cover_keeps_its_orientation(tmp_path: Path) -> None:
    """Reducing before converting must not lose EXIF orientation (a portrait photo stays upright)."""
    from PIL import Image

    from bookbinder.covers import load_user_cover

    image = Image.new("RGB", (4000, 2000), (255, 0, 0))
    image.paste((0, 0, 255), (0, 0, 2000, 2000))  # left half blue
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    cover = tmp_path / "cover.jpg"
    cover.write_bytes(out.getvalue())
    loaded = load_user_cover(cover, (400, 640))
    assert loaded.height > loaded.width  # upright: portrait
    top = loaded.getpixel((loaded.width // 2, 10))
    assert isinstance(top, tuple) and top[2] > 200 and top[0] < 60  # the blue half is now on top


def test_refusals_name_the_input(tmp_path: Path) -> None:
    fifo = tmp_path / "story.toml"
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    os.mkfifo(fifo)  # a FIFO sidecar is not a sidecar: it is skipped, never opened
    assert api.read(story).manuscript.metadata.title
    with pytest.raises(InputError) as caught:
        api.read(tmp_path)
    assert str(tmp_path) in str(caught.value)


@given(st.integers(1, 40_000), st.integers(1, 40_000), st.sampled_from([0, 2, 3, 4, 6]))
@settings(max_examples=60, deadline=None)
def test_any_claimed_cover_size_is_refused_before_decoding_or_within_budget(
    width: int, height: int, colour_type: int
) -> None:
    """A header may claim any size: past the pixel or decoded-bytes budget the cover is refused
    from its header, a clean one-line error, never a MemoryError or a 1 GB allocation."""
    import tempfile

    from bookbinder.covers import MAX_COVER_PIXELS, MAX_DECODED_BYTES, load_user_cover

    # bytes per pixel as Pillow stores them: grey 1, palette 1, grey+alpha 4 (twice: reduce copies),
    # RGB 4, RGBA 4 (twice)
    cost = {0: 1, 3: 1, 2: 4, 4: 8, 6: 8}[colour_type] * width * height
    with tempfile.TemporaryDirectory() as folder:
        cover = Path(folder) / "cover.png"
        cover.write_bytes(png_header(width, height, colour_type))
        with pytest.raises(CoverError) as caught:  # header only: never a usable image
            load_user_cover(cover, (1600, 2560))
    assert_clean_error(caught.value)
    if width * height > MAX_COVER_PIXELS or cost > MAX_DECODED_BYTES:
        assert "too large" in str(caught.value)
