"""Output safety: books land only inside the output directory, replace old ones atomically, and
an unwritable or full destination is a clear one-line error that leaves nothing behind."""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.strategies import assert_clean_error, build_checked

from bookbinder import api
from bookbinder.errors import BookbinderError, OutputError

STORY = "Chapter 1\n\nThe lamp was lit. She read until dawn.\n\nChapter 2\n\nMorning came.\n"
FORMATS = ("epub", "pdf")


def files_under(root: Path) -> set[Path]:
    """Every file below ``root``."""
    return {p for p in root.rglob("*") if p.is_file()}


# --- names -----------------------------------------------------------------------------------

HOSTILE_NAMES = ["..txt", "...txt", ".hidden.txt", "CON.txt", "nul.txt", "com1.txt", "LPT9.txt",
                 "my story.txt", "naïve café ✨.txt", "日本語の本.txt", "a:b*c?.txt", "-rf.txt",
                 " leading and trailing .txt", "x" * 240 + ".txt", "back\\slash.txt", "line\nbreak.txt"]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=lambda n: repr(n[:24]))
def test_output_stays_in_out_dir_whatever_the_file_is_called(name: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    source = src / name
    source.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    before = files_under(tmp_path)
    built = build_checked(source, out, FORMATS, must_succeed=True)
    assert built is not None
    new = files_under(tmp_path) - before
    assert new == {p for p in (built.epub, built.pdf) if p}, f"unexpected files: {sorted(map(str, new))}"
    for path in new:
        assert path.parent == out
        assert not path.name.startswith((".", " ")), path.name  # hidden or trimmed-looking
        stem = path.stem.upper()
        assert stem not in {"CON", "NUL", "PRN", "AUX", "COM1", "LPT9"}, path.name
        assert len(path.name.encode()) <= 255


TITLES = ["../../etc/passwd", "/etc/passwd", "CON", "..", "a/b\\c", "]]><script>&amp;", "é" * 300]


@pytest.mark.parametrize("title", TITLES, ids=lambda t: repr(t[:20]))
def test_metadata_title_is_data_never_a_path(title: str, tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    options = api.BuildOptions(formats=FORMATS, out_dir=out,
                               overrides={"title": title, "tags": ["]]>", "<b>", "&"]})
    written = api.build(source, options)
    assert {p.name for p in written} == {f"story.{f}" for f in FORMATS}
    assert files_under(tmp_path) == {source, *written}
    with zipfile.ZipFile(out / "story.epub") as book:
        opf_name = next(n for n in book.namelist() if n.endswith(".opf"))
        import xml.etree.ElementTree as ET

        opf = ET.fromstring(book.read(opf_name))
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert next(e.text for e in opf.iter(f"{dc}title")) == title
    assert {"]]>", "<b>", "&"} <= {e.text for e in opf.iter(f"{dc}subject")}


BUILD_IN_CHILD = """
import sys, zipfile
from pathlib import Path
from bookbinder import api
source, out, title = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
options = api.BuildOptions(formats=tuple(sys.argv[4:]), out_dir=out, overrides={"title": title})
api.build(source, options)
book = zipfile.ZipFile(out / "story.epub")
opf = next(n for n in book.namelist() if n.endswith(".opf"))
assert title.strip() in book.read(opf).decode(), "title lost from the OPF"
"""


@pytest.mark.parametrize(("title", "seconds"), [
    pytest.param("x" * 10_000, 20, id="unbroken"),
    pytest.param("word " * 2_000, 60, id="words"),
])
def test_ten_thousand_character_title_builds_promptly(title: str, seconds: int, tmp_path: Path) -> None:
    """A pathological title is data: it must not stall the build (a child process, so a hang is
    reported as a failure instead of blocking the suite)."""
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    import sys

    try:
        proc = subprocess.run([sys.executable, "-c", BUILD_IN_CHILD, str(source), str(tmp_path / "out"),
                               title, *FORMATS], capture_output=True, text=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired:
        proc = None
    assert proc is not None, f"building a book with a 10,000-character title took over {seconds} s"
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_front_matter_title_is_never_a_path(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text("---\ntitle: ../../../../tmp/escaped\n---\n\n" + STORY, encoding="utf-8")
    written = api.build(source, api.BuildOptions(formats=FORMATS, out_dir=tmp_path / "out"))
    assert {p.parent for p in written} == {tmp_path / "out"}
    assert not Path("/tmp/escaped.epub").exists()


# --- atomic replacement -------------------------------------------------------------------------

def test_rebuild_replaces_the_file_atomically(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    first = api.build(source, api.BuildOptions(formats=FORMATS, out_dir=out))
    old = {p: (p.stat().st_ino, p.read_bytes()) for p in first}
    handles = {p: p.open("rb") for p in first}  # a reader app holding the old book open
    try:
        source.write_text(STORY + "\nChapter 3\n\nA new ending.\n", encoding="utf-8")
        second = api.build(source, api.BuildOptions(formats=FORMATS, out_dir=out))
        assert second == first
        for path in second:
            inode, content = old[path]
            assert path.stat().st_ino != inode, f"{path.name} was rewritten in place, not replaced"
            assert path.read_bytes() != content
            assert handles[path].read() == content, "the old book changed under an open reader"
    finally:
        for handle in handles.values():
            handle.close()
    assert files_under(out) == set(first)


TOY_WRITER = '''
from pathlib import Path


class HalfWriter:
    """Writes half a book, then fails the way a crashing plugin (or Ctrl-C) would."""

    name = "half"
    extension = ".epub"

    def write(self, manuscript, target, ctx):
        Path(target).write_bytes(b"PK\\x03\\x04 half a zip")
        raise {exc}("the writer died midway")
'''


@pytest.fixture(params=["RuntimeError", "KeyboardInterrupt", "OSError"])
def half_writer(request: pytest.FixtureRequest, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A toy writer registered through a fake dist-info (see DESIGN.md), failing midway."""
    site = tmp_path / "site"
    dist = site / "halfwriter-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: halfwriter\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[bookbinder.writers]\nhalf = half_writer:HalfWriter\n")
    module = f"half_writer_{request.param.lower()}"
    (site / f"{module}.py").write_text(TOY_WRITER.format(exc=request.param))
    (dist / "entry_points.txt").write_text(f"[bookbinder.writers]\nhalf = {module}:HalfWriter\n")
    monkeypatch.syspath_prepend(str(site))
    yield request.param


def test_failing_writer_leaves_the_old_book_intact(half_writer: str, tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    [good] = api.build(source, api.BuildOptions(formats=("epub",), out_dir=out))
    content, inode = good.read_bytes(), good.stat().st_ino
    with pytest.raises((Exception, KeyboardInterrupt)) as caught:
        api.build(source, api.BuildOptions(formats=("half",), out_dir=out))
    assert half_writer in type(caught.value).__name__ or isinstance(caught.value, BookbinderError)
    assert good.read_bytes() == content and good.stat().st_ino == inode
    assert files_under(out) == {good}, "a failed write left a temporary file behind"


def test_failing_writer_leaves_no_new_file(half_writer: str, tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises((Exception, KeyboardInterrupt)):
        api.build(source, api.BuildOptions(formats=("half",), out_dir=out))
    assert not out.exists() or files_under(out) == set()


# --- unwritable and full destinations ------------------------------------------------------------

def expect_output_error(source: Path, out: Path) -> str:
    """Build into ``out``; the failure must be a clean one-line OutputError naming the place."""
    with pytest.raises(BookbinderError) as caught:
        api.build(source, api.BuildOptions(formats=FORMATS, out_dir=out))
    assert_clean_error(caught.value)
    assert isinstance(caught.value, OutputError), f"{type(caught.value).__name__}: {caught.value}"
    return str(caught.value)


def test_output_dir_below_a_regular_file(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a directory")
    message = expect_output_error(source, blocker / "sub")
    assert str(blocker) in message
    assert blocker.read_text() == "not a directory"


def test_output_dir_is_an_existing_file(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    blocker = tmp_path / "out"
    blocker.write_text("precious")
    message = expect_output_error(source, blocker)
    assert "out" in message
    assert blocker.read_text() == "precious"


def mount_tmpfs(where: Path, options: str) -> None:
    """Mount a small tmpfs (needs root/CAP_SYS_ADMIN); skip with the reason when it cannot."""
    where.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip() or 'not permitted'}); "
                    "needs root with CAP_SYS_ADMIN")


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    """Mount points to unmount after the test, whatever happens."""
    points: list[Path] = []
    yield points
    for point in reversed(points):
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


def test_read_only_output_dir(tmp_path: Path, mounts: list[Path]) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    out = tmp_path / "ro"
    if os.geteuid() == 0:  # root ignores permission bits, so make the file system itself read-only
        mount_tmpfs(out, "ro,size=64k")
        mounts.append(out)
    else:
        out.mkdir()
        out.chmod(0o555)
    message = expect_output_error(source, out)
    assert str(out) in message
    assert list(out.iterdir()) == []


def test_full_device(tmp_path: Path, mounts: list[Path]) -> None:
    source = tmp_path / "story.txt"
    source.write_text(STORY * 40, encoding="utf-8")
    out = tmp_path / "full"
    mount_tmpfs(out, "size=64k")
    mounts.append(out)
    old = out / "story.epub"
    old.write_bytes(b"the previous build")
    message = expect_output_error(source, out)
    assert "no space" in message.lower() or "full" in message.lower(), message
    assert old.read_bytes() == b"the previous build"
    assert {p.name for p in out.iterdir()} == {"story.epub"}, "a partial file was left on the full device"


# --- issue 18: failed books, folders that are files, the umask, dates from the content ------------

def test_a_failed_book_leaves_no_outputs_at_all(half_writer: str, tmp_path: Path) -> None:
    """Was: the EPUB was left behind for a book reported failed (its PDF had failed)."""
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises((Exception, KeyboardInterrupt)):
        api.build(source, api.BuildOptions(formats=("epub", "half"), out_dir=out))
    assert files_under(out) == set()


def test_out_naming_a_file_is_not_a_directory(tmp_path: Path) -> None:
    """Was: 'cannot write: File exists'."""
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    blocker = tmp_path / "books"
    blocker.write_text("a file")
    message = expect_output_error(source, blocker)
    assert message == f"{blocker}: not a directory"
    assert blocker.read_text() == "a file"


def test_output_folder_replaced_by_a_file_mid_batch_fails_the_rest_cleanly(tmp_path: Path) -> None:
    """Was: NotADirectoryError as an internal error."""
    sources = []
    for n in range(3):
        source = tmp_path / f"story{n}.txt"
        source.write_text(STORY, encoding="utf-8")
        sources.append(source)
    out = tmp_path / "out"
    results = []
    for result in api.iter_build(sources, api.BuildOptions(formats=("epub",), out_dir=out), jobs=1):
        results.append(result)
        if len(results) == 1:
            for path in files_under(out):
                path.unlink()
            out.rmdir()
            out.write_text("someone put a file here")
    assert results[0].ok
    for result in results[1:]:
        assert result.error is not None and "internal error" not in result.error
        assert "not a directory" in result.error, result.error
        assert "\n" not in result.error


@pytest.mark.parametrize("umask", [0o002, 0o022, 0o027, 0o077])
def test_outputs_honour_the_umask(umask: int, tmp_path: Path) -> None:
    """Was: always 0644, whatever the umask (a shared group could not read, a private 077 leaked)."""
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    previous = os.umask(umask)
    try:
        built = api.build(source, api.BuildOptions(formats=FORMATS, out_dir=tmp_path / "out"))
    finally:
        os.umask(previous)
    for path in built:
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, f"{path.name}: {oct(path.stat().st_mode)}"


def build_bytes(folder: Path, text: str, mtime: float) -> bytes:
    folder.mkdir()
    source = folder / "same.txt"
    source.write_text(text, encoding="utf-8")
    os.utime(source, (mtime, mtime))
    [epub] = api.build(source, api.BuildOptions(formats=("epub",), out_dir=folder / "out"))
    return epub.read_bytes()


@pytest.mark.parametrize("dated", [True, False])
def test_the_same_manuscript_gives_the_same_book_whatever_its_mtime(
    dated: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without SOURCE_DATE_EPOCH the date travels with the content, not the file (was: mtime, so a
    fresh clone gave other bytes; a file dated after 2107 was an internal error)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    text = ("Date: 2019-05-01\n" if dated else "") + "Title: Same\n\n" + STORY
    fresh_clone = build_bytes(tmp_path / "a", text, 1_700_000_000)
    old_copy = build_bytes(tmp_path / "b", text, 0)
    far_future = build_bytes(tmp_path / "c", text, 4_500_000_000)  # the year 2112
    assert fresh_clone == old_copy == far_future
    with zipfile.ZipFile(io.BytesIO(fresh_clone)) as book:
        assert book.infolist()[0].date_time[:3] == ((2019, 5, 1) if dated else (1980, 1, 1))


@pytest.mark.parametrize("epoch", ["0", "99999999999"])
def test_source_date_epoch_outside_what_zip_holds_is_clamped(
    epoch: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    source = tmp_path / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    built = api.build(source, api.BuildOptions(formats=FORMATS, out_dir=tmp_path / "out"))
    with zipfile.ZipFile(built[0]) as book:
        assert book.infolist()[0].date_time[0] in (1980, 2107)
