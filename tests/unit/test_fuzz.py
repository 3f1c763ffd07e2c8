"""Fuzzing: the reader and the metadata parsers are total on arbitrary input.

Whatever bytes a manuscript, sidecar, catalogue or front matter holds, reading it either gives a
result or raises a BookbinderError with a one-line message. Any other exception is a bug; each
one found becomes a named case in test_regressions.py with the minimal input hypothesis shrank to.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from helpers.strategies import (
    ANY_CHAR,
    HOSTILE,
    assert_clean_error,
    damaged,
    manuscript_text,
    meta_mapping,
    mixed_text,
    toml_string,
    toml_table,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from bookbinder import api
from bookbinder.errors import BookbinderError
from bookbinder.metadata.sidecars import outer_layers
from bookbinder.readers.text import Reading, read_bytes

STORY = Path("fuzz.txt")


def read_or_clean_error(data: bytes, path: Path = STORY) -> Reading | None:
    """The reading, or None after checking the failure is a clean one-line error."""
    try:
        return read_bytes(data, path)
    except BookbinderError as err:
        assert_clean_error(err)
        return None


def check_reading(reading: Reading) -> None:
    """What any successful reading promises its writers."""
    manuscript = reading.manuscript
    assert manuscript.chapters, "a manuscript that was read has at least one chapter"
    assert manuscript.metadata.title.strip(), "every book has a title"
    assert isinstance(reading.encoding, str) and reading.encoding


@settings(max_examples=400)
@given(st.binary(max_size=3000))
def test_reader_is_total_on_arbitrary_bytes(data: bytes) -> None:
    reading = read_or_clean_error(data)
    if reading is not None:
        check_reading(reading)


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "koi8-r",
             "shift_jis", "gb18030")


@settings(max_examples=200)
@given(manuscript_text(), st.sampled_from(ENCODINGS))
def test_reader_is_total_on_encoded_manuscripts(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    reading = read_or_clean_error(data)
    if reading is not None:
        check_reading(reading)


@settings(max_examples=200)
@given(st.text(ANY_CHAR, max_size=2000), st.sampled_from(("\n", "\r\n", "\r")))
def test_reader_is_total_on_arbitrary_text(text: str, newline: str) -> None:
    reading = read_or_clean_error(text.replace("\n", newline).encode("utf-8"))
    if reading is not None:
        check_reading(reading)


# --- YAML front matter inside the manuscript ------------------------------------------------------

def yaml_document(mapping: dict[str, object]) -> str:
    """YAML for a mapping as a person (or a downloader) would write it."""
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)


front_matter_body = st.one_of(
    meta_mapping.map(yaml_document),
    meta_mapping.map(yaml_document).flatmap(damaged),
    mixed_text((*HOSTILE, ":", "- ", "{", "[", "&anchor", "*alias", "!!python/object:os.system", "? "),
               max_size=80),
)


@settings(max_examples=250)
@given(front_matter_body, st.sampled_from(("---", "...")))
def test_front_matter_is_total(body: str, closer: str) -> None:
    text = f"---\n{body}\n{closer}\n\nChapter 1\n\nIt was a dark and stormy night.\n"
    reading = read_or_clean_error(text.encode("utf-8"))
    if reading is not None:
        check_reading(reading)


def test_front_matter_cannot_run_code() -> None:
    """YAML tags that construct Python objects are data errors, never executed (safe_load)."""
    text = "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n\nSome words here.\n"
    reading = read_or_clean_error(text.encode())
    if reading is not None:
        assert "pwned" not in reading.manuscript.metadata.title


# --- sidecars and catalogues -------------------------------------------------------------------

sidecar_content = st.one_of(
    meta_mapping.map(toml_table),
    meta_mapping.map(toml_table).flatmap(damaged),
    st.text(ANY_CHAR, max_size=300),
)
yaml_sidecar_content = st.one_of(
    meta_mapping.map(yaml_document),
    meta_mapping.map(yaml_document).flatmap(damaged),
    st.text(ANY_CHAR, max_size=300),
)


def catalogue_for(stem: str, mapping: dict[str, object]) -> str:
    """A folder catalogue with one table for ``stem`` and one for a file that does not exist."""
    return f"[{toml_string(stem)}]\n{toml_table(mapping)}\n[{toml_string('ghost')}]\ntitle = \"Gone\"\n"


def read_folder(files: dict[str, str | bytes]) -> None:
    """Write ``files`` into a fresh folder, then read its story both ways; only clean errors."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, content in files.items():
            target = folder / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", errors="surrogatepass")
        story = folder / "story.txt"
        try:
            outer_layers(story, None)
        except BookbinderError as err:
            assert_clean_error(err)
        try:
            reading = api.read(story)
        except BookbinderError as err:
            assert_clean_error(err)
        else:
            check_reading(reading)


STORY_TEXT = "Chapter 1\n\nShe opened the door.\n"


@settings(max_examples=150)
@given(sidecar_content)
def test_toml_sidecar_is_total(content: str) -> None:
    read_folder({"story.txt": STORY_TEXT, "story.toml": content})


@settings(max_examples=150)
@given(yaml_sidecar_content, st.sampled_from(("story.yaml", "story.yml")))
def test_yaml_sidecar_is_total(content: str, name: str) -> None:
    read_folder({"story.txt": STORY_TEXT, name: content})


@settings(max_examples=150)
@given(st.one_of(meta_mapping.map(lambda m: catalogue_for("story", m)),
                 meta_mapping.map(lambda m: catalogue_for("story", m)).flatmap(damaged),
                 st.text(ANY_CHAR, max_size=300)))
def test_catalogue_is_total(content: str) -> None:
    read_folder({"story.txt": STORY_TEXT, "bookbinder.toml": content})


@settings(max_examples=60)
@given(st.binary(max_size=300))
def test_binary_metadata_files_are_total(data: bytes) -> None:
    read_folder({"story.txt": STORY_TEXT, "story.toml": data, "story.yaml": data, "bookbinder.toml": data})


# --- explicit malformed metadata: the error names the file and the line -----------------------------

MALFORMED = {
    # name: (content, the lines a parser may fairly blame: where the mistake is or is noticed)
    "story.toml": ('title = "Lantern"\nauthor = "R. Vale"\ntags = ["a", "b"\nseries = "x"\n', {3, 4}),
    "story.yaml": ("title: Lantern\nauthor: R. Vale\ntags: [a, b\nseries: x\n", {3, 4, 5}),
    "story.yml": ("title: Lantern\n  author: : R. Vale\n", {2}),
    "bookbinder.toml": ('[story]\ntitle = "Lantern"\n\n[story]\ntitle = "Again"\n', {4}),
}


def line_of(message: str, path: Path) -> int | None:
    """The line number an error message gives right after the file name (``file:LINE:``)."""
    import re

    found = re.search(re.escape(str(path)) + r":(\d+)\b", message) or re.search(r"\bline (\d+)\b", message)
    return int(found[1]) if found else None


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_metadata_file_error_names_file_and_line(name: str, tmp_path: Path) -> None:
    content, lines = MALFORMED[name]
    story = tmp_path / "story.txt"
    story.write_text(STORY_TEXT, encoding="utf-8")
    meta = tmp_path / name
    meta.write_text(content, encoding="utf-8")
    with pytest.raises(BookbinderError) as caught:
        api.read(story)
    assert_clean_error(caught.value)
    message = str(caught.value)
    assert str(meta) in message, message
    assert line_of(message, meta) in lines, message


def test_malformed_front_matter_error_names_the_manuscript_and_line(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("---\ntitle: Lantern\ntags: [a, b\n---\n\nChapter 1\n\nWords.\n", encoding="utf-8")
    try:
        reading = api.read(story)
    except BookbinderError as err:
        assert_clean_error(err)
        assert str(story) in str(err)
        assert line_of(str(err), story) in (3, 4), str(err)
    else:  # a reader may instead treat a broken block as text; then no word may be lost
        noticed = [w for w in reading.warnings if "malformed" in w.lower() or "yaml" in w.lower()]
        assert noticed, reading.warnings


def test_catalogue_entry_for_missing_file_is_a_warning(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY_TEXT, encoding="utf-8")
    (tmp_path / "bookbinder.toml").write_text('[story]\ntitle = "Here"\n\n[ghost]\ntitle = "Gone"\n')
    reading = api.read(story)
    assert reading.manuscript.metadata.title == "Here"
    out = tmp_path / "out"
    command = [sys.executable, "-m", "bookbinder", "build", str(tmp_path), "-o", str(out), "-f", "epub"]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "story.epub").is_file()
    assert "ghost" in proc.stderr, f"no warning about the catalogue entry [ghost]: {proc.stderr!r}"
    assert "Traceback" not in proc.stderr
