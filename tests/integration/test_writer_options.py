"""Writers declare their options; ``-O`` reaches the writers being run and is checked only for them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers.plugins import toy_writer, write_stories

from bookbinder import api
from bookbinder.covers import SCREEN_COVER
from bookbinder.errors import UsageError
from bookbinder.writers import get_writer, parse_options, route_options, split_assignments

__all__ = ["toy_writer"]  # the fixture, used by name


def bookbinder(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bookbinder", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_pdf_writer_declares_its_options_and_parses_them() -> None:
    pdf = get_writer("pdf")
    assert [o.name for o in pdf.options] == ["page_size", "profile", "paper", "style", "recto"]
    parsed = parse_options(pdf, {"page_size": "A5"})
    assert parsed == {"page_size": (419.5276, 595.2756), "profile": "screen", "paper": "white",
                      "style": "classic", "recto": "yes"}
    ((width, height),) = pdf.cover_sizes(parsed)
    assert width == SCREEN_COVER[0] and 1.35 < height / width < 1.5  # the EPUB cover's width, A5's shape
    assert pdf.cover_sizes(parse_options(pdf, {"profile": "print"})) == ()
    ((width, height),) = get_writer("epub").cover_sizes(parse_options(get_writer("epub"), {}))
    assert width * 8 == height * 5 and width * height < 4_000_000  # 5:8, under Apple's 4 megapixels


def test_a_plain_name_goes_to_the_writers_that_take_it_and_a_prefixed_one_wins() -> None:
    writers = [get_writer("epub"), get_writer("pdf")]
    settings, warnings = route_options(writers, {"profile": "print", "pdf.paper": "cream", "style": "modern"})
    assert settings["epub"] == {"style": "modern"} and warnings == []  # style: both writers take it
    assert settings["pdf"]["style"] == "modern"
    assert (settings["pdf"]["profile"], settings["pdf"]["paper"]) == ("print", "cream")
    settings, _ = route_options(writers, {"pdf.profile": "print", "profile": "screen"})
    assert settings["pdf"]["profile"] == "print"


def test_options_for_formats_not_built_are_ignored_with_a_warning() -> None:
    settings, warnings = route_options([get_writer("epub")], {"pdf.page_size": "bogus"})
    assert settings == {"epub": {"style": "classic"}}
    assert warnings == ["-O pdf.page_size: ignored, pdf is not being built"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"pdf.page_size": "huge"}, r"-O pdf\.page_size: page size 'huge' not understood"),
        ({"profile": "kindle"}, r"-O pdf\.profile: 'kindle' is not one of screen, print"),
        ({"pagesize": "A5"},
         r"-O pagesize: no format being built takes 'pagesize' \(epub: style; pdf: page_size"),
        ({"pdf.colour": "red"}, r"pdf has no option 'colour'; it takes: page_size, profile, paper"),
        ({"": "x"}, r"-O expects NAME=VALUE"),
    ],
)
def test_unknown_or_bad_options_are_usage_errors(raw: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        route_options([get_writer("epub"), get_writer("pdf")], raw)


def test_assignments_split_once_and_the_last_wins() -> None:
    found = split_assignments(["pdf.page_size=A5", "x=a=b", "pdf.page_size=A4"])
    assert found == {"pdf.page_size": "A4", "x": "a=b"}
    with pytest.raises(UsageError, match="-O expects NAME=VALUE"):
        split_assignments(["page_size"])


@pytest.mark.usefixtures("toy_writer")
def test_a_plugin_writer_gets_its_options_with_no_cli_edit(tmp_path: Path) -> None:
    write_stories(tmp_path / "in", {"a": "warm"})
    run = bookbinder("build", "-f", "toy", "-O", "case=upper", "-o", "out", "in", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "WARM" in (tmp_path / "out" / "a.toy").read_text(encoding="utf-8").split()
    bad = bookbinder("build", "-f", "toy", "-O", "toy.case=shout", "-o", "out", "in", cwd=tmp_path)
    assert (bad.returncode, bad.stderr) == (2, "error: -O toy.case: 'shout' is not one of keep, upper\n")


@pytest.mark.usefixtures("toy_writer")
def test_pdf_aliases_are_checked_only_when_the_pdf_is_built(tmp_path: Path) -> None:
    write_stories(tmp_path / "in", {"a": "warm"})
    run = bookbinder("build", "-f", "toy", "--page-size", "bogus", "-o", "out", "in", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "warning: -O pdf.page_size: ignored, pdf is not being built" in run.stderr
    bad = bookbinder("build", "-f", "pdf", "--page-size", "bogus", "-o", "out", "in", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.startswith("error: -O pdf.page_size: page size 'bogus'")
    assert bad.stderr.count("\n") == 1 and not (tmp_path / "out" / "a.pdf").exists()


@pytest.mark.usefixtures("toy_writer")
def test_formats_options_lists_every_writers_options(tmp_path: Path) -> None:
    run = bookbinder("formats", "--options", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "-O pdf.page_size=6x9in" in run.stdout and "-O pdf.profile=screen" in run.stdout
    assert "(screen|print)" in run.stdout and "-O toy.case=keep" in run.stdout


def test_the_library_checks_options_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some words here.\n", encoding="utf-8")
    options = api.BuildOptions(formats=("epub",), out_dir=tmp_path / "out",
                               writer_options={"page_size": "A5"})
    with pytest.raises(UsageError, match="no format being built takes 'page_size'"):
        api.plan_build([tmp_path / "a.txt"], options)
    assert not (tmp_path / "out").exists()
