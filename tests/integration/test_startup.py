"""Start-up: what one command imports, checked in fresh processes (the issue's seed -> EPUB budget).

Each test names modules a command must not import, each of which once cost start-up time on
every run: the entry-point scan's email/zipfile/csv, the preflight checks, every reader's work
just to list suffixes, mimetypes' parse of the system's mime.types.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from bookbinder.cli import _app_for, _command_name, app

BUILD = """
import sys
sys.argv = ["bookbinder", "build", "-q", "--force", "-f", "epub", "-o", sys.argv[1], sys.argv[2]]
from bookbinder.__main__ import main
try:
    main()
except SystemExit as done:
    assert done.code == 0, done.code
import ebooklib.utils
print(sorted(m for m in sys.argv[3].split(",") if m in sys.modules))
print(ebooklib.utils.mimetype_initialised)
"""
NEVER_ON_A_BUILD = ("importlib.metadata", "email", "csv", "socket", "importlib.resources",
                    "bookbinder.check", "bookbinder.omnibus", "rich", "bookbinder.readers.markdown.render")


def run_python(code: str, *args: str, cache: Path) -> list[str]:
    env = {**os.environ, "BOOKBINDER_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                            check=True, env=env)
    return result.stdout.splitlines()


def test_a_single_book_build_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text('Chapter 1\n\n"Come in," she said.\n\nChapter 2\n\nThe *end*.\n', encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    args = (str(out), str(source), ",".join(NEVER_ON_A_BUILD))
    run_python(BUILD, *args, cache=cache)  # the first run fills the plugin cache (importlib.metadata)
    found, mimetypes_read = run_python(BUILD, *args, cache=cache)
    assert ast.literal_eval(found) == []
    assert mimetypes_read == "False"
    assert (out / "story.epub").is_file()


def test_listing_suffixes_imports_no_reader_work(tmp_path: Path) -> None:
    heavy = ("bookbinder.readers.text.reader", "bookbinder.model", "bookbinder.metadata", "lxml",
             "markdown_it", "mammoth")
    code = ("import sys; from bookbinder.readers import suffixes; found = suffixes(); "
            f"print(sorted(found)); print(sorted(m for m in {heavy!r} if m in sys.modules))")
    names, imported = run_python(code, cache=tmp_path)
    assert {".txt", ".md", ".html", ".epub", ".docx"} <= set(ast.literal_eval(names))
    assert ast.literal_eval(imported) == []


def test_the_api_imports_the_pipeline_and_no_more(tmp_path: Path) -> None:
    code = ("import sys; import bookbinder.api; print(sorted(m for m in sys.modules "
            "if m.startswith(('bookbinder.', 'email', 'importlib.metadata'))))")
    (imported,) = run_python(code, cache=tmp_path)
    assert set(ast.literal_eval(imported)) <= {
        "bookbinder.api", "bookbinder.errors", "bookbinder.fsio", "bookbinder.lazy", "bookbinder.pipeline",
        "bookbinder.plugins",
        "bookbinder.readers", "bookbinder.sources", "bookbinder.version",
    }


def test_the_lazy_api_names_are_the_real_ones() -> None:
    from bookbinder import api, check, omnibus, pipeline
    from bookbinder.batch.executors import Executor
    from bookbinder.readers.reading import Reading
    from bookbinder.transforms.notes import NotesPolicy

    assert (api.CHECKS, api.check_books, api.Report) == (check.CHECKS, check.check_books, check.Report)
    assert api.build_omnibus is omnibus.build_omnibus
    assert (api.Executor, api.Reading, api.NotesPolicy) == (Executor, Reading, NotesPolicy)
    assert pipeline.Reading is Reading
    assert all(hasattr(api, name) for name in api.__all__)


def test_the_cli_builds_only_the_command_named() -> None:
    every = [_command_name(info) for info in app.registered_commands]
    assert "build" in every and len(every) > 3
    for args in (["build", "x.txt"], ["--debug", "build", "-q", "x.txt"], ["inspect", "--help"]):
        chosen = _app_for(args)
        named = next(arg for arg in args if not arg.startswith("-"))
        assert [_command_name(info) for info in chosen.registered_commands] == [named]
        assert chosen.registered_callback is app.registered_callback  # --debug, --version still work
    for args in ([], ["--help"], ["--version"], ["no-such-command"]):
        assert _app_for(args) is app  # help lists every command; an unknown one gets click's message
    assert [_command_name(i) for i in app.registered_commands] == every  # the app itself is untouched


def test_help_still_lists_every_command() -> None:
    result = subprocess.run([sys.executable, "-m", "bookbinder", "--help"], capture_output=True, text=True,
                            check=True, env={**os.environ, "COLUMNS": "200"})
    for info in app.registered_commands:
        assert f" {_command_name(info)} " in result.stdout
