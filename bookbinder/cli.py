"""The `bookbinder` command: options -> one api call -> printing -> exit code. No logic here.

Heavy libraries (reportlab, ebooklib, Pillow) are imported only inside the commands that need
them, through ``api``, so `--version`, `--help` and `inspect` start fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from . import __version__
from .errors import BookbinderError, ExitCode, UsageError

T = TypeVar("T")

app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    help="Turn plain-text manuscripts into EPUBs and print-ready PDFs.",
)
state = {"debug": False}


def guarded(action: Callable[[], T]) -> T:
    """The one place where exceptions become messages and exit codes."""
    try:
        return action()
    except BookbinderError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(err.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    except Exception as exc:
        if state["debug"]:
            raise
        typer.echo(f"error: internal error ({type(exc).__name__}: {exc}); rerun with --debug", err=True)
        raise typer.Exit(ExitCode.INTERNAL) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bookbinder {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for internal errors.")] = False,
) -> None:
    """Turn plain-text manuscripts into EPUBs and print-ready PDFs."""
    state["debug"] = debug


# Metadata overrides shared by `inspect`, `build` and `cover` (the highest-precedence layer).
Title = Annotated[str | None, typer.Option("--title", help="Book title.", rich_help_panel="Metadata")]
Author = Annotated[
    list[str] | None, typer.Option("--author", help="Author (repeatable).", rich_help_panel="Metadata")
]
Language = Annotated[
    str | None, typer.Option("--language", help="BCP 47 language, e.g. en, fr.", rich_help_panel="Metadata")
]
Meta = Annotated[
    list[str] | None,
    typer.Option("--meta", "-m", help="Any metadata field as KEY=VALUE (repeatable).", rich_help_panel="Metadata"),
]
NoSmart = Annotated[bool, typer.Option("--no-smart", help="Keep straight quotes, -- and ... as written.")]


def overrides(title: str | None, authors: list[str] | None, language: str | None,
              meta: list[str] | None) -> dict[str, str | list[str]]:
    """CLI metadata options as one raw layer."""
    values: dict[str, str | list[str]] = {}
    for item in meta or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--meta expects KEY=VALUE, got {item!r}")
        values[key.strip()] = value.strip()
    if title:
        values["title"] = title
    if authors:
        values["authors"] = authors
    if language:
        values["language"] = language
    return values


@app.command()
def inspect(
    file: Annotated[Path, typer.Argument(help="A manuscript.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    tree: Annotated[bool, typer.Option("--tree", help="Print the whole manuscript tree.")] = False,
    title: Title = None, author: Author = None, language: Language = None, meta: Meta = None,
    no_smart: NoSmart = False,
) -> None:
    """Show what bookbinder reads in a manuscript: metadata, encoding, chapters, words."""
    from . import api
    from .report import inspect_table

    reading = guarded(lambda: api.read(file, overrides(title, author, language, meta), smart=not no_smart))
    for warning in reading.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if tree:
        from .dump import dump

        typer.echo(dump(reading.manuscript), nl=False)
    elif as_json:
        typer.echo(json.dumps(api.inspect_data(reading), ensure_ascii=False, indent=2))
    else:
        typer.echo(inspect_table(api.inspect_data(reading)))


class Profile(StrEnum):
    """PDF profile."""

    screen = "screen"
    print = "print"


class Paper(StrEnum):
    """Paper stock, for the print cover's spine width."""

    white = "white"
    cream = "cream"


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Manuscripts, or folders of them.")],
    fmt: Annotated[list[str] | None, typer.Option("--format", "-f", help="epub, pdf, ... (repeatable; default: all built-in).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Books built at once (default: CPU count).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the summary.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print warnings too.")] = False,
    page_size: Annotated[str, typer.Option("--page-size", help="PDF trim: 6x9in, 5x8in, A5, letter, WxH[in|mm|pt].")] = "6x9in",
    profile: Annotated[Profile, typer.Option("--profile", help="PDF for screens or for print-on-demand.")] = Profile.screen,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper for the print cover's spine.")] = Paper.white,
    cover: Annotated[Path | None, typer.Option("--cover", help="Cover image (overrides covers/ and metadata).")] = None,
    title: Title = None, author: Author = None, language: Language = None, meta: Meta = None,
    no_smart: NoSmart = False,
) -> None:
    """Build an EPUB and a PDF (or the formats asked for) for each manuscript."""
    from . import api
    from .pagesize import parse_page_size
    from .report import run_build

    def prepare() -> tuple[list[Path], api.BuildOptions]:
        parse_page_size(page_size)
        sources = api.expand_inputs(inputs)
        if not sources:
            raise UsageError("no manuscripts found in the inputs given")
        options = api.BuildOptions(
            formats=tuple(fmt) if fmt else api.DEFAULT_FORMATS,
            out_dir=out,
            overrides=overrides(title, author, language, meta),
            cover=cover,
            smart=not no_smart,
            writer_options={"page_size": page_size, "profile": profile.value, "paper": paper.value},
        )
        from .writers import get_writer

        for name in options.formats:  # an unknown format is a usage error before any work
            get_writer(name)
        return sources, options

    sources, options = guarded(prepare)
    failed = guarded(lambda: run_build(sources, options, jobs or os.cpu_count() or 1, quiet=quiet, verbose=verbose))
    raise typer.Exit(ExitCode.FAILED if failed else ExitCode.OK)


@app.command("cover")
def cover_command(
    file: Annotated[Path, typer.Argument(help="A manuscript.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the JPEG.")] = Path("cover.jpg"),
    cover: Annotated[Path | None, typer.Option("--cover", help="Use this image instead of generating one.")] = None,
    title: Title = None, author: Author = None, language: Language = None, meta: Meta = None,
) -> None:
    """Write only the cover (1600x2560 JPEG) so you can look at it."""
    from . import api

    written = guarded(lambda: api.write_cover(file, out, overrides(title, author, language, meta), cover))
    typer.echo(f"wrote {written}")


@app.command()
def formats() -> None:
    """List the output formats installed (entry-point group bookbinder.writers)."""
    from .writers import format_owners
    from .writers import formats as found

    owners = format_owners()
    for name, target in sorted(found().items()):
        typer.echo(f"{name:8} {target}  ({owners.get(name, '?')})")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(ExitCode.INTERRUPTED)
