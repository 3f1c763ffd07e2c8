"""The build pipeline: read a manuscript, resolve its cover, run the requested writers.

``api`` (the facade) and ``batch`` (many books) both call this module; nothing here imports
either of them. This is the one module that knows both readers and writers.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bookbinder.errors import BookbinderError, ExitCode, OutputError, UsageError
from bookbinder.fsio import atomic_target, ensure_directory, read_input, safe_stem
from bookbinder.lazy import exports
from bookbinder.readers import ReadContext, lift_options, reader_for, suffixes
from bookbinder.sources import expand_inputs, iter_inputs

if TYPE_CHECKING:
    from bookbinder.covers import CoverArt
    from bookbinder.metadata import RawValue
    from bookbinder.model import Manuscript, Metadata
    from bookbinder.readers.reading import Reading
    from bookbinder.transforms.notes import NotesPolicy
    from bookbinder.writers import Writer
    from bookbinder.writers.options import Option
else:
    # Re-exported on first use: `bookbinder suffixes` and `formats` (make runs the first on every
    # call) never import the model, the metadata resolution or the transforms.
    _LAZY = {
        "Reading": "bookbinder.readers.reading",
        "NotesPolicy": "bookbinder.transforms.notes",
        "Option": "bookbinder.writers.options",
    }

    __getattr__ = exports(__name__, _LAZY, globals())

__all__ = [
    "DEFAULT_FORMATS",
    "BookResult",
    "BuildOptions",
    "NotesPolicy",
    "Option",
    "Plan",
    "Plugin",
    "Reading",
    "build_one",
    "catalogue_warnings",
    "expand_inputs",
    "installed_plugins",
    "manuscript_suffixes",
    "notes_policy",
    "notes_summary",
    "output_path",
    "plan_build",
    "read",
    "reader_options",
    "source_timestamp",
    "split_assignments",
    "write_book",
    "write_cover",
    "write_sidecar",
    "writer_options",
]

DEFAULT_FORMATS: tuple[str, ...] = ("epub", "pdf")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build: formats, destination, writer and reader settings, metadata overrides."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    out_dir: Path = Path("build")
    overrides: Mapping[str, RawValue] = field(default_factory=dict)  # --title, --author, ...
    cover: Path | None = None  # --cover
    smart: bool = True  # smart punctuation
    # -O settings: ``name`` (to every writer that takes it) or ``format.name`` -> text.
    writer_options: Mapping[str, str] = field(default_factory=dict)
    reader_options: Mapping[str, str] = field(default_factory=dict)  # chapter_pattern, ...
    notes: NotesPolicy | None = None  # --notes; None: the metadata's `notes` key, else keep


@dataclass(frozen=True, slots=True)
class BookResult:
    """What building one manuscript produced, or why it failed (``exit_code`` keeps the kind)."""

    source: Path
    outputs: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None
    seconds: float = 0.0
    exit_code: ExitCode = ExitCode.OK
    skipped: bool = False  # up to date: the build log shows the same inputs, options and outputs
    inputs: tuple[tuple[str, str | None], ...] = ()  # files the book depends on -> sha256 (None: absent)
    hashes: tuple[str, ...] = ()  # sha256 of each output, in the order of ``outputs``

    def __post_init__(self) -> None:
        if self.error is not None and self.exit_code == ExitCode.OK:
            object.__setattr__(self, "exit_code", ExitCode.FAILED)

    @property
    def ok(self) -> bool:
        """True when every requested format was written."""
        return self.error is None


def explain_headings(path: Path, reader_options: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The text reader's evidence for each heading, and the candidate lines it turned down."""
    from bookbinder.readers.text import explain

    return explain(read_input(path), path, ReadContext(options=dict(reader_options)))


def read(
    path: Path,
    overrides: Mapping[str, RawValue] | None = None,
    *,
    smart: bool = True,
    reader_options: Mapping[str, str] | None = None,
) -> Reading:
    """Read one manuscript file into a Reading (manuscript + encoding, mode, warnings)."""
    from bookbinder.metadata.sidecars import outer_layers

    data = read_input(path)
    reader = reader_for(path)
    layers, options = lift_options(reader, outer_layers(path, overrides), reader_options or {})
    return reader.read(data, path, ReadContext(layers, smart, options))


# Zip entries (EPUB) hold 1980-01-01 to 2107-12-31; every writer's date is clamped into that.
EARLIEST_TIMESTAMP = datetime(1980, 1, 1, tzinfo=UTC)
LATEST_TIMESTAMP = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)


def source_timestamp(metadata: Metadata) -> datetime:
    """The one date builds may embed: SOURCE_DATE_EPOCH, else the book's own date, else 1980-01-01.

    Never the file's mtime: a fresh clone or a download gives every file a new one, and the same
    manuscript must give the same book on any machine. The metadata's date travels with the text.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}") from None
    elif metadata.date:
        year, month, day = (int(part) for part in (metadata.date + "-01-01").split("-")[:3])
        moment = datetime(year, month, day, tzinfo=UTC)
    else:
        moment = EARLIEST_TIMESTAMP
    return min(max(moment, EARLIEST_TIMESTAMP), LATEST_TIMESTAMP)


def output_path(source: Path, out_dir: Path, extension: str) -> Path:
    """Where the book for ``source`` goes: always inside ``out_dir``, whatever the file is called."""
    return out_dir / f"{safe_stem(source.stem)}{extension}"


def build_one(
    source: Path, options: BuildOptions = BuildOptions(), warn: Callable[[str], None] | None = None,
    *, cover_used: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Build every requested format for one manuscript; returns the files written.

    Raises BookbinderError subclasses for bad input or unwritable output. Each file is written to a
    temporary name and renamed, so a failure never leaves a partial book behind.
    """
    from bookbinder.transforms import prepare
    from bookbinder.writers import get_writer

    writers = [get_writer(name) for name in dict.fromkeys(options.formats)]  # unknown format: fail early
    reading = read(source, options.overrides, smart=options.smart, reader_options=options.reader_options)
    sink = warn or (lambda message: None)
    for message in reading.warnings:
        sink(message)
    prepared = prepare(reading.manuscript, source, options.notes)
    for message in prepared.warnings:
        sink(message)
    return write_book(prepared.manuscript, source, options, sink, stem=source.stem, writers=writers,
                      cover_used=cover_used)


def write_book(
    manuscript: Manuscript, source: Path, options: BuildOptions, sink: Callable[[str], None], *,
    stem: str, writers: Sequence[Writer] = (), cover_used: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write every requested format of ``manuscript`` as ``<out>/<stem><extension>``; ``source``
    is the file its cover is looked up from."""
    from bookbinder.covers import resolve_cover
    from bookbinder.writers import get_writer, route_options

    writers = list(writers) or [get_writer(name) for name in dict.fromkeys(options.formats)]
    settings, _ignored = route_options(writers, options.writer_options)  # warned about by plan checks
    cover = resolve_cover(source, manuscript.metadata, options.cover)
    if cover_used is not None and cover.image is not None:
        cover_used(cover.image)  # the build log tracks the image a book was built with
    for message in cover.warnings():
        sink(f"{source}: cover: {message}")
    # The cover sizes the writers will ask for are rendered on a helper thread meanwhile.
    cover.prefetch(size for writer in writers for size in writer.cover_sizes(settings[writer.name]))
    ensure_directory(options.out_dir)
    written: list[Path] = []
    try:
        _write_all(source, stem, options, manuscript, cover, writers, settings, sink, written)
    except BaseException:
        for path in written:  # a failed book leaves no outputs at all, not the EPUB alone
            path.unlink(missing_ok=True)
        raise
    return [options.out_dir / f"{safe_stem(stem)}{writer.extension}" for writer in writers]


def _write_all(source: Path, stem: str, options: BuildOptions, manuscript: Manuscript, cover: CoverArt,
               writers: Sequence[Writer], settings: Mapping[str, Mapping[str, object]],
               sink: Callable[[str], None], written: list[Path]) -> None:
    """Run every writer, appending each file (and side file) to ``written`` once it is in place."""
    from bookbinder.writers import BuildContext, in_build_order

    timestamp, relay = source_timestamp(manuscript.metadata), dict[str, object]()  # relay: writer to writer
    for writer in in_build_order(writers):  # the EPUB after the PDF: its page list needs the PDF's pages
        dest = options.out_dir / f"{safe_stem(stem)}{writer.extension}"

        @contextlib.contextmanager
        def side_output(suffix: str, dest: Path = dest) -> Iterator[Path]:
            side = dest.with_name(f"{safe_stem(stem)}{suffix}")
            with atomic_target(side) as tmp:
                yield tmp
            written.append(side)

        def writer_warning(message: str, name: str = writer.name) -> None:
            sink(f"{source}: {name}: {message}")

        ctx = BuildContext(
            cover=cover,
            timestamp=timestamp,
            options=settings[writer.name],
            warn=writer_warning,
            side_output=side_output, relay=relay,
        )
        with atomic_target(dest) as tmp:
            writer.write(manuscript, tmp, ctx)
        written.append(dest)


@dataclass(frozen=True, slots=True)
class Plan:
    """A checked build: the inputs given (folders listed lazily), options, warnings to show first."""

    inputs: tuple[Path, ...]
    options: BuildOptions
    warnings: tuple[str, ...] = ()

    def sources(self) -> Iterator[Path]:  # never a list: 100,000 names are not held in memory
        return iter_inputs(self.inputs)


def plan_build(inputs: Sequence[Path], options: BuildOptions) -> Plan:
    """Expand folders, load the requested writers and check their options, before any work.

    Raises UsageError for no manuscripts, an unknown format or a bad option; warns about options
    for formats not being built and catalogue entries that name no manuscript.
    """
    from bookbinder.writers import get_writer, route_options

    if next(iter_inputs(inputs), None) is None:
        raise UsageError("no manuscripts found in the inputs given")
    writers = [get_writer(name) for name in dict.fromkeys(options.formats)]
    _settings, warnings = route_options(writers, options.writer_options)
    for folder in dict.fromkeys(item if item.is_dir() else item.parent for item in inputs):
        # A malformed catalogue fails each of its books with its own one-line error instead.
        with contextlib.suppress(BookbinderError):
            warnings.extend(catalogue_warnings(folder))
    return Plan(tuple(inputs), options, tuple(warnings))


def catalogue_warnings(folder: Path) -> list[str]:
    """Entries of ``folder``'s catalogue that name no manuscript there."""
    from bookbinder.metadata.sidecars import catalogue_warnings as unmatched

    return unmatched(folder, suffixes())


@dataclass(frozen=True, slots=True)
class Plugin:
    """One installed reader or writer, for `bookbinder formats`."""

    kind: str  # "reader" or "writer"
    name: str
    target: str  # module:Class
    owner: str  # the distribution that provides it
    suffixes: tuple[str, ...] = ()  # what a reader takes
    problem: str = ""  # why a reader cannot be used (a missing library, a broken plugin)


def installed_plugins() -> list[Plugin]:
    """Every installed reader and writer, readers first, each sorted by name."""
    from bookbinder import readers, writers

    claimed = readers.reader_suffixes()
    unavailable = readers.unavailable_readers()
    owners = readers.reader_owners()
    found = [
        Plugin("reader", name, target, owners.get(name, "?"), tuple(sorted(claimed.get(name, ()))),
               unavailable.get(name, ""))
        for name, target in sorted(readers.reader_names().items())
    ]
    owners = writers.format_owners()
    found += [Plugin("writer", name, target, owners.get(name, "?"))
              for name, target in sorted(writers.formats().items())]
    return found


def reader_options() -> list[tuple[str, Option]]:
    """(reader, option) for every available reader's options, for `bookbinder formats --options`."""
    from bookbinder.readers import reader_for

    readers = {reader_for(Path(f"x{suffix}")) for suffix in sorted(suffixes())}
    return [(r.name, o) for r in sorted(readers, key=lambda r: r.name) for o in getattr(r, "options", ())]


def writer_options() -> list[tuple[str, Option]]:
    """(format, option) for every installed writer's options, for `bookbinder formats --options`."""
    from bookbinder.writers import formats, get_writer

    return [(name, option) for name in sorted(formats()) for option in get_writer(name).options]


def manuscript_suffixes() -> frozenset[str]:
    """Every suffix an installed reader takes (the Makefile's source list)."""
    return suffixes()


def split_assignments(items: Sequence[str], flag: str = "-O") -> dict[str, str]:
    """``-O`` items (``pdf.page_size=A5``) as a mapping; a malformed item is a usage error."""
    from bookbinder.writers import split_assignments as split

    return split(items, flag)


def write_cover(source: Path, out: Path, overrides: Mapping[str, RawValue] | None = None,
                cover: Path | None = None) -> Path:
    """Write only the ebook cover (a JPEG) a book from ``source`` would get."""
    from bookbinder.covers import EBOOK_COVER, resolve_cover

    if any(p and out.exists() and os.path.exists(p) and os.path.samefile(out, p) for p in (source, cover)):
        raise OutputError(f"{out}: is an input of this command; choose another -o")  # never over an input
    reading = read(source, overrides)
    art = resolve_cover(source, reading.manuscript.metadata, cover)
    with atomic_target(out) as tmp:
        tmp.write_bytes(art.render(*EBOOK_COVER))
    return out


def write_sidecar(
    source: Path, overrides: Mapping[str, RawValue] | None = None, *, force: bool = False
) -> Path:
    """Write ``<stem>.toml`` beside ``source`` with the metadata found for it (`bookbinder meta`);
    an existing sidecar is kept unless ``force``: it may hold the user's edits."""
    from bookbinder.metadata.sidecar_writer import sidecar_path, sidecar_text

    target = sidecar_path(source)
    if target.exists() and not force:
        raise UsageError(f"{target} exists; pass --force to replace it")
    text = sidecar_text(read(source, overrides).manuscript.metadata)
    with atomic_target(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target


def notes_policy(value: str) -> NotesPolicy:
    """Parse a --notes value (a usage error names the choices)."""
    from bookbinder.transforms.notes import parse_policy

    return parse_policy(value)


def notes_summary(reading: Reading, policy: NotesPolicy) -> dict[str, object]:
    """What ``policy`` would do to the book read: notes found, words removed (strip)."""
    from bookbinder.transforms.notes import apply_notes_policy

    outcome = apply_notes_policy(reading.manuscript, policy)
    return {"policy": policy.value, "notes": outcome.notes, "words_removed": outcome.words_removed}
