"""Writers are found through the ``bookbinder.writers`` entry-point group, as a third party adds one."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.plugins import install_toy_writer
from typer.testing import CliRunner

from bookbinder import api, words
from bookbinder.cli import app
from bookbinder.errors import PluginError, UsageError
from bookbinder.writers import Writer, format_owners, formats, get_writer


def install_plugin(root: Path, dist: str, entry_points: str, modules: dict[str, str]) -> None:
    """A distribution as pip would leave it: ``<dist>-1.0.dist-info`` plus its modules, in ``root``."""
    info = root / f"{dist}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[bookbinder.writers]\n{entry_points}\n", encoding="utf-8")
    for name, source in modules.items():
        (root / f"{name}.py").write_text(source, encoding="utf-8")


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on sys.path for fake installed distributions."""
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_built_in_writers_are_registered_like_any_plugin() -> None:
    found = formats()
    assert found["epub"] == "bookbinder.writers.epub:EpubWriter"
    assert format_owners()["epub"] == "bookbinder"
    writer = get_writer("epub")
    assert isinstance(writer, Writer) and writer.extension == ".epub"


def test_a_third_party_writer_is_found_and_builds(plugins: Path, tmp_path: Path) -> None:
    install_toy_writer(plugins)
    assert formats()["toy"] == "bbtoy_writer:ToyWriter" and format_owners()["toy"] == "bbtoy"
    source = tmp_path / "story.txt"
    source.write_text("Chapter 1\n\nThe toy writes every word.\n", encoding="utf-8")
    (out,) = api.build(source, api.BuildOptions(formats=("toy",), out_dir=tmp_path / "out"))
    assert out.name == "story.toy"
    assert out.read_text(encoding="utf-8").split() == words.manuscript_words(api.read(source).manuscript)


def test_formats_command_lists_every_writer(plugins: Path) -> None:
    install_toy_writer(plugins)
    result = CliRunner().invoke(app, ["formats"])
    assert result.exit_code == 0, result.output
    names = [line.split()[0] for line in result.output.splitlines() if line.strip()]
    assert {"epub", "pdf", "toy", "toy2"} <= set(names)
    assert "bbtoy" in result.output


def test_two_distributions_claiming_a_name_is_an_error(plugins: Path) -> None:
    install_plugin(plugins, "rival", "epub = rival_writer:RivalWriter",
                   {"rival_writer": "class RivalWriter:\n    name = 'epub'\n    extension = '.epub'\n"})
    with pytest.raises(PluginError) as caught:
        get_writer("epub")
    assert "registered twice" in str(caught.value)
    assert "bookbinder" in str(caught.value) and "rival" in str(caught.value)


def test_a_plugin_that_fails_to_import_is_reported(plugins: Path) -> None:
    install_plugin(plugins, "broken", "broken = broken_writer:Writer",
                   {"broken_writer": "raise ImportError('needs a library that is not installed')\n"})
    with pytest.raises(PluginError, match="format 'broken': cannot load broken_writer:Writer: needs a"):
        get_writer("broken")
    assert "epub" in formats()  # the others still work


def test_a_plugin_that_is_not_a_writer_is_reported(plugins: Path) -> None:
    install_plugin(plugins, "odd", "odd = odd_writer:NotAWriter",
                   {"odd_writer": "class NotAWriter:\n    name = 'odd'\n"})
    with pytest.raises(PluginError, match="does not implement the Writer protocol"):
        get_writer("odd")


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"unknown format 'nope'; installed: .*epub"):
        get_writer("nope")


def test_listing_formats_imports_no_writer() -> None:
    code = ("import sys; from bookbinder.writers import formats; formats(); "
            "print(sorted(m for m in ('ebooklib', 'reportlab', 'PIL', 'bookbinder.writers.epub') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def lookup_imports(root: Path, cache: Path) -> tuple[list[str], bool]:
    """In a fresh process with ``root`` on its path: the formats found, and whether
    importlib.metadata (the slow, uncached way) was imported to find them."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from bookbinder.writers import formats; "
            "print(sorted(formats())); print('importlib.metadata' in sys.modules)")
    env = {**os.environ, "BOOKBINDER_CACHE_DIR": str(cache)}
    run = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True,
                         env=env)
    names, scanned = run.stdout.splitlines()
    return ast.literal_eval(names), scanned == "True"


def test_the_plugin_list_is_cached_and_a_new_install_is_seen_at_once(tmp_path: Path) -> None:
    root, cache = tmp_path / "site", tmp_path / "cache"
    root.mkdir()
    built_in = ["epub", "kepub", "pdf"]
    assert lookup_imports(root, cache) == (built_in, True)  # first run: scans, writes the cache
    assert lookup_imports(root, cache) == (built_in, False)  # then: no scan at all
    time.sleep(0.01)  # a distinct folder time on coarse clocks
    install_toy_writer(root)  # pip adds a *.dist-info folder: the cache key changes
    assert lookup_imports(root, cache) == ([*built_in, "toy", "toy2"], True)
    assert lookup_imports(root, cache) == ([*built_in, "toy", "toy2"], False)
