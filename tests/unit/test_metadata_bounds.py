"""Metadata that is hostile or impossible: a one-line error naming the file (and the line where
the parser knows it), never an internal error, a Python repr in a title, or unbounded growth."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from helpers.strategies import assert_clean_error
from hypothesis import given, settings
from hypothesis import strategies as st

from bookbinder import api
from bookbinder.errors import BookbinderError, MetadataError
from bookbinder.metadata.values import parse_series_index, split_series

STORY = "Chapter 1\n\nThe lamp was lit. She read until dawn.\n"


def front_matter(tmp_path: Path, yaml: str) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(f"---\n{yaml}\n---\n{STORY}", encoding="utf-8")
    return path


def read_error(path: Path) -> MetadataError:
    with pytest.raises(BookbinderError) as caught:
        api.read(path)
    assert_clean_error(caught.value)
    assert isinstance(caught.value, MetadataError), type(caught.value).__name__
    return caught.value


@pytest.mark.parametrize(("yaml", "line", "words"), [
    ("title: Lantern\ndate: 2023-02-30", 3, "not a real date"),
    ("date: 0000-01-01", 2, "not a real date"),
    ("title: Lantern\nvolume: " + "9" * 5000, 3, "number too long"),
    ("tags: [a, " + "9" * 4400 + "]", 2, "number too long"),
])
def test_impossible_values_in_front_matter_name_file_and_line(
    tmp_path: Path, yaml: str, line: int, words: str
) -> None:
    """Was: internal error (ValueError: day is out of range / Exceeds the limit (4300 digits))."""
    err = read_error(front_matter(tmp_path, yaml))
    assert err.path.name == "story.txt"
    assert err.line == line, str(err)
    assert words in str(err)


@pytest.mark.parametrize("yaml", [
    "title: " + "[" * 5000 + "]" * 5000,
    "title: " + "{a: " * 3000 + "b" + "}" * 3000,
    "title: " + "- " * 2000 + "x",
])
def test_deeply_nested_front_matter_is_refused_before_parsing_recurses(tmp_path: Path, yaml: str) -> None:
    """Was: RecursionError ('too deeply nested to build', no file, 3 s)."""
    err = read_error(front_matter(tmp_path, yaml))
    assert "nested" in str(err) or "expected text" in str(err)
    assert err.line is not None


def test_yaml_alias_bomb_in_front_matter_is_refused(tmp_path: Path) -> None:
    """Was: unbounded growth (str() of a billion-element list, 2.8 GB in 140 s). Six levels of
    ten here: ten million elements, enough to show the growth, small enough to fail fast."""
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 7):
        levels.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    err = read_error(front_matter(tmp_path, "\n".join([*levels, "title: *a6"])))
    assert "alias" in str(err) or "nested" in str(err)


@pytest.mark.parametrize(("yaml", "what"), [
    ("title: {a: 1, b: [1, 2]}", "a table"),
    ("author: [[Ann, Bob], Cy]", "a nested list"),
    ("title: !!set {a, b}", "a set"),
])
def test_mappings_and_lists_where_text_is_expected_are_clear_errors(
    tmp_path: Path, yaml: str, what: str
) -> None:
    """Was: the book's title became "{'a': 1, 'b': [1, 2]}"."""
    err = read_error(front_matter(tmp_path, "language: en\n" + yaml))
    assert what in str(err)
    assert err.line == 3, str(err)  # the fence is line 1, `language` line 2
    assert "{'a'" not in str(err)


@pytest.mark.parametrize(("sidecar", "text", "words"), [
    ("story.toml", "title = 'x'\nd = [" * 1 + "[" * 3000 + "]" * 3001, "nested"),
    ("story.toml", "volume = " + "9" * 5000, "number too long"),
    ("story.toml", "title = 'Lantern'\ndate = 2023-02-30", "Invalid date"),
    ("story.yaml", "date: 2023-02-30", "not a real date"),
    ("story.yaml", "a: &a [x, x, x]\n" + "".join(f"b{n}: [*a, *a]\n" for n in range(60)), "alias"),
    ("bookbinder.toml", "[story]\ntitle = { a = 1 }", "a table"),
])
def test_sidecars_and_catalogues_are_bounded_the_same_way(
    tmp_path: Path, sidecar: str, text: str, words: str
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    (tmp_path / sidecar).write_text(text, encoding="utf-8")
    err = read_error(story)
    assert err.path.name == sidecar
    assert words in str(err)
    if sidecar == "story.yaml":
        assert err.line is not None


def test_long_numbers_inside_toml_strings_are_text(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    (tmp_path / "story.toml").write_text(f'title = "Pi is {"3" * 200}"\n', encoding="utf-8")
    assert api.read(story).manuscript.metadata.title.startswith("Pi is 333")


def test_a_sidecar_is_refused_by_size_before_it_is_read(tmp_path: Path) -> None:
    """Was: a 3 GB sparse sidecar was read whole (3.1 GB of memory) before its 1 MB check."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    with open(tmp_path / "story.toml", "wb") as sidecar:
        sidecar.truncate(3 * 1024**3)  # sparse: no disk used
    err = read_error(story)
    assert "too large" in str(err)


# --- series index ------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, ".inf", "inf", 10**5000,
                                   "9" * 5000, 1e300, -1, True],
                         ids=lambda v: "huge int" if isinstance(v, int) and v > 10**100 else repr(v)[:12])
def test_series_index_must_be_a_finite_position(value: object) -> None:
    assert parse_series_index(value) is None


@given(st.one_of(st.floats(), st.integers(), st.text(max_size=30)))
@settings(max_examples=300)
def test_any_series_index_is_none_or_a_printable_position(value: object) -> None:
    index = parse_series_index(value)
    assert index is None or (math.isfinite(index) and 0 <= index < 1_000_000 and int(index) >= 0)


def test_series_name_with_an_absurd_number_keeps_it_as_text() -> None:
    assert split_series("Saga [99999999999999999999999]") == ("Saga [99999999999999999999999]", None)


def test_infinite_series_index_in_front_matter_builds(tmp_path: Path) -> None:
    """Was: internal error (OverflowError: cannot convert float infinity to integer)."""
    path = front_matter(tmp_path, "series: Saga\nseries_index: .inf")
    built = api.build(path, api.BuildOptions(formats=("epub",), out_dir=tmp_path / "out"))
    assert built and built[0].is_file()
    metadata = api.read(path).manuscript.metadata
    assert metadata.series_index is None
    assert "series_index" in dict(metadata.extra)  # kept as written, as unusable values are


def test_infinite_series_index_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bookbinder", "build", str(path), "-o", str(tmp_path / "out"),
         "--series", "Saga", "--series-index", "inf"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert "--series-index" in proc.stderr and "Traceback" not in proc.stderr


# --- any value at all --------------------------------------------------------------------------

YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
              st.dates().map(str)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8,
)
FIELDS = st.sampled_from(["title", "author", "date", "series", "series_index", "tags", "language", "cover",
                          "description", "rating", "volume", "x-custom"])


@given(st.dictionaries(FIELDS, YAML_VALUES, min_size=1, max_size=4))
@settings(max_examples=120, deadline=None)
def test_any_front_matter_value_reads_or_is_a_clean_error(values: dict[str, object]) -> None:
    """Whatever a manuscript's YAML holds: a reading whose title is no Python repr, or one line
    naming the file."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "story.txt"
        yaml = "\n".join(f"{key}: {json.dumps(value)}" for key, value in values.items())
        path.write_text(f"---\n{yaml}\n---\n{STORY}", encoding="utf-8")
        try:
            metadata = api.read(path).manuscript.metadata
        except BookbinderError as err:
            assert_clean_error(err)
            assert str(path) in str(err)
            return
        assert not metadata.title.startswith(("{", "[")) or not isinstance(values.get("title"), dict | list)
        for author in metadata.authors:
            assert "{" not in author or "{" in json.dumps(values.get("author"))
