"""Readers are found through the ``bookbinder.readers`` entry-point group, as a third party adds one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers.plugins import install_toy_reader, toy_reader
from typer.testing import CliRunner

from bookbinder import api
from bookbinder.cli import app
from bookbinder.errors import InputError, PluginError
from bookbinder.readers import Reader, reader_for, reader_names, reader_owners, suffixes
from bookbinder.readers.text import TextReader

__all__ = ["toy_reader"]  # the fixture, imported so tests can use it by name


def install_reader(root: Path, dist: str, entry_points: str, modules: dict[str, str]) -> None:
    """A distribution as pip would leave it: ``<dist>-1.0.dist-info`` plus its modules, in ``root``."""
    info = root / f"{dist}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[bookbinder.readers]\n{entry_points}\n", encoding="utf-8")
    for name, source in modules.items():
        (root / f"{name}.py").write_text(source, encoding="utf-8")


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on sys.path for fake installed distributions."""
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    return root


def test_the_text_reader_is_registered_like_any_plugin() -> None:
    assert reader_names()["text"] == "bookbinder.readers.text:TextReader"
    assert reader_owners()["text"] == "bookbinder"
    reader = reader_for(Path("Story.TXT"))
    assert isinstance(reader, Reader) and isinstance(reader, TextReader)


def test_suffixes_are_what_the_readers_claim() -> None:
    assert {".txt", ".text", ".md", ".markdown", ".mkd"} <= suffixes()
    assert all(s.startswith(".") and s == s.lower() for s in suffixes())


def test_an_unknown_suffix_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"book\.xyz: no reader for \.xyz \(readers take: .*\.txt"):
        reader_for(Path("book.xyz"))
    source = tmp_path / "book.xyz"
    source.write_text("Some words.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no reader for \.xyz"):
        api.read(source)


@pytest.mark.usefixtures("toy_reader")
def test_a_third_party_reader_reads_through_the_shared_finish(tmp_path: Path) -> None:
    source = tmp_path / "tale.toyr"
    text = "= The Toy Tale\n* One\nThe toy reads every line.\n* Two\nAnd stops.\n"
    source.write_text(text, encoding="utf-8")
    reading = api.read(source, {"author": "A. Writer"})
    assert reading.reader == "toyreader" and reading.mode == "toy"
    book = reading.manuscript
    assert [c.title for c in book.chapters] == ["One", "Two"]
    assert book.metadata.title == "The Toy Tale"  # the file's own layer
    assert book.metadata.authors == ("A. Writer",)  # the outer (command-line) layer
    assert book.metadata.language == "en"  # detected by the shared finish
    assert book.metadata.identifier.startswith("urn:uuid:")


@pytest.mark.usefixtures("toy_reader")
def test_reader_options_reach_the_reader(tmp_path: Path) -> None:
    source = tmp_path / "tale.toyr"
    source.write_text("* One\nquiet words\n", encoding="utf-8")
    reading = api.read(source, reader_options={"shout": "yes"})
    assert reading.manuscript.chapters[0].blocks[0].spans[0].text == "QUIET WORDS"  # type: ignore[union-attr]


@pytest.mark.usefixtures("toy_reader")
def test_a_folder_builds_every_suffix_a_reader_claims(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.toyr", "c.mkd", "d.pdf"):
        (folder / name).write_text("* One\nSome words.\n", encoding="utf-8")
    assert [p.name for p in api.expand_inputs([folder])] == ["a.txt", "b.toyr", "c.mkd"]


@pytest.mark.usefixtures("toy_reader")
def test_a_disabled_reader_says_why_and_the_others_work(tmp_path: Path) -> None:
    source = tmp_path / "x.shy"
    source.write_text("words\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.shy: the shy reader needs shylib"):
        api.read(source)
    assert ".shy" not in suffixes() and ".toyr" in suffixes()
    assert isinstance(reader_for(Path("a.txt")), TextReader)


def test_two_readers_claiming_a_suffix_is_an_error(plugins: Path) -> None:
    install_reader(plugins, "rival", "rival = rival_reader:RivalReader", {"rival_reader": (
        "class RivalReader:\n    name = 'rival'\n    suffixes = frozenset({'.txt', '.rvl'})\n"
        "    def read(self, data, path, ctx):\n        raise AssertionError\n")})
    with pytest.raises(PluginError, match=r"\.txt files are claimed by two readers: .*rival"):
        reader_for(Path("a.txt"))
    assert reader_for(Path("a.rvl")).name == "rival"  # what only one reader claims still works


def test_two_distributions_claiming_a_name_is_an_error(plugins: Path) -> None:
    install_reader(plugins, "rival", "text = rival_reader:Text", {"rival_reader": "class Text:\n    pass\n"})
    with pytest.raises(PluginError, match="reader 'text' is registered twice"):
        reader_for(Path("a.txt"))


def test_a_reader_that_fails_to_import_is_reported_and_the_others_work(plugins: Path) -> None:
    install_reader(plugins, "broken", "broken = broken_reader:Reader",
                   {"broken_reader": "raise ImportError('needs a library that is not installed')\n"})
    assert isinstance(reader_for(Path("a.txt")), TextReader)
    with pytest.raises(PluginError, match="reader 'broken': cannot load broken_reader:Reader: needs a"):
        reader_for(Path("a.brk"))


def test_a_plugin_that_is_not_a_reader_is_reported(plugins: Path) -> None:
    install_reader(plugins, "odd", "odd = odd_reader:NotAReader",
                   {"odd_reader": "class NotAReader:\n    name = 'odd'\n"})
    with pytest.raises(PluginError, match="does not implement the Reader protocol"):
        reader_for(Path("a.odd"))


@pytest.mark.usefixtures("toy_reader")
def test_formats_lists_readers_with_their_suffixes_and_writers() -> None:
    result = CliRunner().invoke(app, ["formats"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "readers"
    toy = next(line for line in lines if line.split()[0] == "toyreader")
    assert ".toyr" in toy and "(bbtoyreader)" in toy
    shy = next(line for line in lines if line.split()[0] == "shy")
    assert "unavailable: the shy reader needs shylib" in shy
    assert {"epub", "pdf"} <= {line.split()[0] for line in lines}


@pytest.mark.usefixtures("toy_reader")
def test_the_suffixes_command_prints_make_patterns(tmp_path: Path) -> None:
    plain = CliRunner().invoke(app, ["suffixes"])
    assert plain.exit_code == 0 and ".toyr" in plain.output.split() and ".txt" in plain.output.split()
    globbed = CliRunner().invoke(app, ["suffixes", "--glob", "seeds"])
    assert "seeds/*.txt" in globbed.output.split() and "seeds/*.toyr" in globbed.output.split()


def test_listing_readers_imports_no_reader() -> None:
    code = ("import sys; from bookbinder.readers import reader_names; reader_names(); "
            "print('bookbinder.readers.text' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_install_toy_reader_writes_an_importable_distribution(tmp_path: Path) -> None:
    root = install_toy_reader(tmp_path)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from bookbinder.readers import reader_names; "
            "print(reader_names()['toyreader'])")
    run = [sys.executable, "-c", code, str(root)]
    result = subprocess.run(run, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "bbtoy_reader:ToyReader"


@pytest.mark.usefixtures("toy_reader")
def test_reader_options_come_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "tale.toyr").write_text("* One\nquiet words\n", encoding="utf-8")
    shown = CliRunner().invoke(app, ["inspect", "--tree", "-R", "shout=yes", str(tmp_path / "tale.toyr")])
    assert shown.exit_code == 0 and "QUIET WORDS" in shown.output
    bad = CliRunner().invoke(app, ["inspect", "-R", "shout", str(tmp_path / "tale.toyr")])
    assert bad.exit_code == 2 and "-R expects NAME=VALUE, got 'shout'" in bad.output


@pytest.mark.usefixtures("toy_reader")
def test_sidecar_keys_a_reader_declares_are_options_not_metadata(tmp_path: Path) -> None:
    (tmp_path / "tale.toyr").write_text("* One\nquiet words\n", encoding="utf-8")
    (tmp_path / "tale.toml").write_text('shout = "yes"\nmood = "calm"\n', encoding="utf-8")
    reading = api.read(tmp_path / "tale.toyr")
    assert reading.manuscript.chapters[0].blocks[0].spans[0].text == "QUIET WORDS"  # type: ignore[union-attr]
    assert dict(reading.manuscript.metadata.extra) == {"mood": "calm"}  # shout is not metadata
    quiet = api.read(tmp_path / "tale.toyr", reader_options={"shout": "no"})  # -R beats the sidecar
    assert quiet.manuscript.chapters[0].blocks[0].spans[0].text == "quiet words"  # type: ignore[union-attr]


@pytest.mark.usefixtures("toy_reader")
def test_formats_options_lists_reader_options() -> None:
    result = CliRunner().invoke(app, ["formats", "--options"])
    assert result.exit_code == 0, result.output
    assert "-R shout=no  Upper-case every paragraph. (yes|no)  [toyreader]" in result.output
