"""The `bookbinder` command: options -> one api call -> printing -> exit code. No logic here.

Heavy libraries (reportlab, ebooklib, Pillow) are imported only inside the commands that need
them, through ``api``, so `--version`, `--help` and `inspect` start fast.
"""

# No ``from __future__ import annotations`` here: typer needs every command's annotations as
# objects, and evaluating them as they are defined costs less than ~50 evals of their strings.
import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from bookbinder.cli.options import (
    ChapterPattern,
    NoSmart,
    PartPattern,
    ReaderOption,
    metadata_options,
    reader_options,
)
from bookbinder.errors import BookbinderError, ExitCode
from bookbinder.version import __version__

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


@app.command()
@metadata_options
def inspect(
    file: Annotated[Path, typer.Argument(help="A manuscript.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    tree: Annotated[bool, typer.Option("--tree", help="Print the whole manuscript tree.")] = False,
    notes: Annotated[
        str | None, typer.Option("--notes", help="Also say what a notes policy (keep, end, strip) would do.")
    ] = None,
    metadata: dict[str, Any] | None = None,
    no_smart: NoSmart = False,
    reader_option: ReaderOption = None,
    chapter_pattern: ChapterPattern = None, part_pattern: PartPattern = None,
    why: Annotated[bool, typer.Option("--why", help="Show the evidence for each heading.")] = False,
) -> None:
    """Show what bookbinder reads in a manuscript: metadata, encoding, chapters, words."""
    from bookbinder import api
    from bookbinder.cli.report import inspect_table

    # --chapter-pattern and --part-pattern are -R chapter_pattern=... and -R part_pattern=...
    settings = {**reader_options(chapter_pattern, part_pattern)}

    def look() -> api.Inspection:
        settings.update(api.split_assignments(reader_option or [], "-R"))
        return api.inspect(file, api.metadata_overrides(metadata or {}), smart=not no_smart,
                           reader_options=settings)

    seen = guarded(look)
    for warning in seen.warnings:
        typer.echo(f"warning: {warning}", err=True)
    summary = guarded(lambda: api.notes_summary(seen.reading, api.notes_policy(notes))) if notes else None
    if why:
        typer.echo(guarded(lambda: api.why(file, seen.reading, settings)), nl=False)
    elif tree:
        typer.echo(api.tree(seen.reading), nl=False)
    elif as_json:
        typer.echo(json.dumps({**seen.data, **({"author_notes": summary} if summary else {})},
                              ensure_ascii=False, indent=2))
    else:
        typer.echo(inspect_table(seen.data))
        if summary:
            typer.echo(f"author's notes: {summary['notes']} ({summary['policy']}: "
                       f"{summary['words_removed']:,} words removed)")


Formats = Annotated[
    list[str] | None,
    typer.Option("--format", "-f", help="epub, pdf, ... (repeatable; default: epub and pdf)."),
]
Jobs = Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Books at once (default: CPU count).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors, warnings and the summary.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Also print each book's sizes and time.")]
WriterOption = Annotated[
    list[str] | None,
    typer.Option("--option", "-O", help="Writer option NAME=VALUE or FORMAT.NAME=VALUE (formats --options)."),
]
# Aliases kept from before writers declared their options: each is -O pdf.NAME=VALUE.
PageSize = Annotated[
    str | None, typer.Option("--page-size", help="Same as -O pdf.page_size: 6x9in (default), 5x8in, A5, ...")
]
PdfProfile = Annotated[str | None, typer.Option("--profile", help="Same as -O pdf.profile: screen or print.")]
PaperStock = Annotated[str | None, typer.Option("--paper", help="Same as -O pdf.paper: white or cream.")]
BookStyle = Annotated[
    str | None, typer.Option("--style", help="Same as -O style=NAME: classic (default), modern, romance.")
]
CoverImage = Annotated[Path | None, typer.Option("--cover", help="Cover image (beats covers/ and metadata).")]
Force = Annotated[
    bool, typer.Option("--force", help="Rebuild every book, even those the build log shows up to date.")
]
ExecutorName = Annotated[
    str | None, typer.Option("--executor", help="serial, process (default for --jobs > 1), dask, ...")
]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", envvar="DASK_SCHEDULER_ADDRESS", help="Dask scheduler, tcp://HOST:8786."),
]
TimeLimit = Annotated[
    float, typer.Option("--time-limit", min=0, help="Seconds per book before it is stopped (0: none).")
]
MemoryLimit = Annotated[
    int, typer.Option("--memory-limit", min=0, help="Resident MB per book before it is stopped (0: none).")
]
Notes = Annotated[
    str | None,
    typer.Option("--notes", help="Author's notes: keep (where they stand), end (gathered at the back, "
                 "linked both ways) or strip. Default: the metadata's `notes` key, else keep."),
]
Omnibus = Annotated[
    bool, typer.Option("--omnibus", help="One book per series: its works in series order, one contents.")
]


@app.command()
@metadata_options
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Manuscripts, or folders of them.")],
    fmt: Formats = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    jobs: Jobs = None, quiet: Quiet = False, verbose: Verbose = False,
    option: WriterOption = None,
    page_size: PageSize = None, profile: PdfProfile = None, paper: PaperStock = None,
    style: BookStyle = None,
    cover: CoverImage = None, notes: Notes = None, omnibus: Omnibus = False,
    force: Force = False, executor: ExecutorName = None, scheduler: Scheduler = None,
    time_limit: TimeLimit = 600.0, memory_limit: MemoryLimit = 4096,
    metadata: dict[str, Any] | None = None,
    no_smart: NoSmart = False,
    reader_option: ReaderOption = None,
    chapter_pattern: ChapterPattern = None, part_pattern: PartPattern = None,
) -> None:
    """Build an EPUB and a PDF (or the formats asked for) for each manuscript, in parallel."""
    from bookbinder import api
    from bookbinder.cli.report import run_build

    aliases = {"pdf.page_size": page_size, "pdf.profile": profile, "pdf.paper": paper, "style": style}

    def plan() -> api.Plan:
        settings = {key: value for key, value in aliases.items() if value is not None}
        settings.update(api.split_assignments(option or []))
        options = api.BuildOptions(
            formats=tuple(fmt) if fmt else api.DEFAULT_FORMATS,
            out_dir=out,
            overrides=api.metadata_overrides(metadata or {}),
            cover=cover,
            smart=not no_smart,
            reader_options={
                **reader_options(chapter_pattern, part_pattern),
                **api.split_assignments(reader_option or [], "-R"),
            },
            writer_options=settings,
            notes=api.notes_policy(notes) if notes else None,
        )
        return api.plan_build(inputs, options)

    checked = guarded(plan)
    if omnibus:
        warnings: list[str] = []
        works = tuple(checked.sources())
        written = guarded(lambda: api.build_omnibus(works, checked.options, warn=warnings.append))
        for warning in warnings:
            typer.echo(f"warning: {warning}", err=True)
        for path in written:
            typer.echo(f"built {path}")
        raise typer.Exit(ExitCode.OK)
    chosen = guarded(lambda: api.executor(
        executor, checked, jobs=jobs or api.default_jobs(), time_limit=time_limit or None,
        memory_mb=memory_limit or None, scheduler=scheduler,
    ))
    failed = guarded(lambda: run_build(checked, chosen, quiet=quiet, verbose=verbose, force=force))
    raise typer.Exit(ExitCode.FAILED if failed else ExitCode.OK)


@app.command("cover")
@metadata_options
def cover_command(
    file: Annotated[Path, typer.Argument(help="A manuscript.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the JPEG.")] = Path("cover.jpg"),
    cover: Annotated[
        Path | None, typer.Option("--cover", help="Use this image instead of generating one.")
    ] = None,
    metadata: dict[str, Any] | None = None,
) -> None:
    """Write only the cover (1600x2560 JPEG) so you can look at it."""
    from bookbinder import api

    written = guarded(lambda: api.write_cover(file, out, api.metadata_overrides(metadata or {}), cover))
    typer.echo(f"wrote {written}")


@app.command("meta")
@metadata_options
def meta_command(
    file: Annotated[Path, typer.Argument(help="A manuscript.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing sidecar.")] = False,
    metadata: dict[str, Any] | None = None,
) -> None:
    """Write the metadata found for a manuscript to <stem>.toml beside it, ready to edit."""
    from bookbinder import api

    written = guarded(lambda: api.write_sidecar(file, api.metadata_overrides(metadata or {}), force=force))
    typer.echo(f"wrote {written}")


@app.command("check")
def check_command(
    books: Annotated[list[Path], typer.Argument(help="EPUB files to preflight.")],
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Run only these (repeatable): epubcheck, ace, kindle, kobo, apple."),
    ] = None,
) -> None:
    """Preflight EPUBs: epubcheck, DAISY Ace, Send-to-Kindle, Kobo and Apple rules; exit 1 on a failure."""
    from bookbinder import api

    reports = guarded(lambda: api.check_books(books, tuple(only) if only else api.CHECKS))
    for report in reports:
        typer.echo(f"{report.path}: {'FAILED' if report.failed else 'ok'}")
        for finding in report.findings:
            typer.echo(f"  {finding.level.value}: {finding.check}: {finding.message}")
    raise typer.Exit(ExitCode.FAILED if any(r.failed for r in reports) else ExitCode.OK)


@app.command()
def formats(
    options: Annotated[bool, typer.Option("--options", help="Also list every writer's options.")] = False,
) -> None:
    """List the installed readers and writers (entry-point groups bookbinder.readers, bookbinder.writers)."""
    from bookbinder import api
    from bookbinder.cli.report import formats_table, options_table

    typer.echo(formats_table(guarded(api.installed_plugins)))
    if options:
        typer.echo(options_table(guarded(api.reader_options), guarded(api.writer_options)))


@app.command()
def suffixes(
    glob: Annotated[
        list[Path] | None,
        typer.Option("--glob", help="Print FOLDER/*SUFFIX patterns for this folder (repeatable), for make."),
    ] = None,
) -> None:
    """Print the manuscript suffixes the installed readers take, one a line (or as glob patterns)."""
    from bookbinder import api

    found = sorted(guarded(api.manuscript_suffixes))
    if glob:
        typer.echo(" ".join(f"{folder}/*{suffix}" for folder in glob for suffix in found))
    else:
        typer.echo("\n".join(found))


@app.command("server")
def server_command(
    action: Annotated[str, typer.Argument(help="status, start or stop.")] = "status",
) -> None:
    """The warm build server that makes each command start fast (BOOKBINDER_SERVER=off: none)."""
    from bookbinder.server import address, client

    if action not in ("status", "start", "stop"):
        typer.echo(f"error: server: unknown action {action!r} (status, start or stop)", err=True)
        raise typer.Exit(ExitCode.USAGE)
    path = address.socket_path()
    if path is None:
        typer.echo("error: server: no private folder for its socket (see BOOKBINDER_SERVER_DIR)", err=True)
        raise typer.Exit(ExitCode.FAILED)
    if action == "start":
        if client.control("status") is None:
            client.start(path)
        typer.echo(f"starting a server at {path}")
        return
    found = client.control(action)
    if found is None:
        typer.echo(f"no server runs at {path}")
    elif action == "stop":
        typer.echo(f"stopped the server at {path}")
    else:
        typer.echo(f"server {found['pid']} at {path}: {found['served']} commands served")


def _app_for(args: list[str]) -> typer.Typer:
    """``app`` with only the command ``args`` names, when they name one: typer turns every
    registered command's signature into click parameters before parsing (~7 ms for all of them).
    The top-level options are flags only, so the first other word is the command."""
    name = next((arg for arg in args if not arg.startswith("-")), None)
    chosen = [info for info in app.registered_commands if _command_name(info) == name]
    if not chosen:
        return app  # no command, or an unknown one: the whole app answers (help, "no such command")
    single = copy.copy(app)
    single.registered_commands = chosen
    return single


def _command_name(info: typer.models.CommandInfo) -> str | None:
    if info.name:
        return info.name
    return info.callback.__name__.replace("_", "-") if info.callback else None


def main() -> None:
    """Console-script entry point."""
    try:
        _app_for(sys.argv[1:])()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(ExitCode.INTERRUPTED)
