"""The library API the CLI, scripts and users call: a facade over the pipeline and the batch.

Nothing inside the package imports this module (the CLI is its client, like any program), so
the pipeline underneath can change without an import cycle. The heavy parts (writers, covers,
the process pool) are imported inside the functions that need them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbinder.lazy import exports
from bookbinder.pipeline import (
    DEFAULT_FORMATS,
    BookResult,
    BuildOptions,
    Plan,
    Plugin,
    catalogue_warnings,
    expand_inputs,
    explain_headings,
    installed_plugins,
    manuscript_suffixes,
    notes_policy,
    notes_summary,
    output_path,
    plan_build,
    read,
    reader_options,
    source_timestamp,
    split_assignments,
    write_cover,
    write_sidecar,
    writer_options,
)
from bookbinder.pipeline import build_one as build

if TYPE_CHECKING:
    from bookbinder.batch.executors import Executor
    from bookbinder.batch.log import BuildLog
    from bookbinder.batch.summary import Summary

    # `bookbinder check`: preflight of finished EPUBs (explicit re-exports)
    from bookbinder.check import CHECKS as CHECKS
    from bookbinder.check import Report as Report
    from bookbinder.check import check_books as check_books
    from bookbinder.metadata import RawValue
    from bookbinder.omnibus import build_omnibus as build_omnibus
    from bookbinder.pipeline import NotesPolicy as NotesPolicy
    from bookbinder.pipeline import Option as Option
    from bookbinder.pipeline import Reading as Reading

# Names imported on first use (``module.__getattr__``): a build never pays for the preflight
# checks, the omnibus, or the executor seam's entry-point lookup at start-up.
_LAZY = {
    "CHECKS": "bookbinder.check",
    "Report": "bookbinder.check",
    "check_books": "bookbinder.check",
    "build_omnibus": "bookbinder.omnibus",
    "Executor": "bookbinder.batch.executors",
    "NotesPolicy": "bookbinder.pipeline",
    "Option": "bookbinder.pipeline",
    "Reading": "bookbinder.pipeline",
}

__all__ = [
    "CHECKS",
    "DEFAULT_FORMATS",
    "BookResult",
    "BuildOptions",
    "Executor",
    "Inspection",
    "NotesPolicy",
    "Option",
    "Plan",
    "Plugin",
    "Reading",
    "Report",
    "build",
    "build_log",
    "build_many",
    "build_omnibus",
    "catalogue_warnings",
    "check_books",
    "default_jobs",
    "executor",
    "expand_inputs",
    "inspect",
    "inspect_data",
    "installed_plugins",
    "iter_build",
    "manuscript_suffixes",
    "metadata_overrides",
    "notes_policy",
    "notes_summary",
    "output_path",
    "plan_build",
    "read",
    "reader_options",
    "run_plan",
    "source_timestamp",
    "split_assignments",
    "summary",
    "tree",
    "write_cover",
    "write_sidecar",
    "writer_options",
]

if not TYPE_CHECKING:  # mypy sees the imports above instead, and still checks every api.NAME
    __getattr__ = exports(__name__, _LAZY, globals())


def metadata_overrides(given: Mapping[str, Any]) -> dict[str, RawValue]:
    """The metadata options given (``--title``, ``--meta KEY=VALUE``...) as one raw layer."""
    from bookbinder.metadata.overrides import overrides

    return overrides(given)


def iter_build(sources: Sequence[Path], options: BuildOptions, jobs: int = 1) -> Iterator[BookResult]:
    """Build many manuscripts, yielding one result per book as it finishes (see batch)."""
    from bookbinder.batch import run_batch

    yield from run_batch(sources, options, jobs)


def build_many(sources: Sequence[Path], options: BuildOptions, jobs: int = 1) -> list[BookResult]:
    """Build many manuscripts; one result per book, failures included (a failure stops nothing)."""
    return list(iter_build(sources, options, jobs))


def run_plan(plan: Plan, executor: Executor, log: BuildLog | None = None, *,
             force: bool = False) -> Iterator[BookResult]:
    """Build a plan's manuscripts with ``executor``, skipping what ``log`` shows up to date (unless
    ``force``) and appending every result to it; one result per book, as each finishes."""
    from bookbinder.batch.run import run

    yield from run(plan.sources(), plan.options, executor, log=log, force=force)


def build_log(out_dir: Path, options: BuildOptions) -> BuildLog:
    """The build log of an output folder (``bookbinder-log.jsonl``), for run_plan."""
    from bookbinder.batch.log import BuildLog

    return BuildLog(out_dir, options)


def summary() -> Summary:
    """An empty batch summary: counts and failures grouped by reason."""
    from bookbinder.batch.summary import Summary

    return Summary()


def default_jobs() -> int:
    """Books built at once when not told: the CPUs this process may use."""
    from bookbinder.batch import default_jobs as jobs

    return jobs()


def executor(
    name: str | None, plan: Plan, *, jobs: int, time_limit: float | None = None,
    memory_mb: int | None = None, scheduler: str | None = None,
) -> Executor:
    """The executor for a plan: ``name``, else this process for one file and a process pool otherwise."""
    from bookbinder.batch.executors import ExecutorSettings, get_executor

    settings = ExecutorSettings(jobs=jobs, time_limit=time_limit, memory_mb=memory_mb, scheduler=scheduler)
    single = len(plan.inputs) == 1 and not plan.inputs[0].is_dir()  # one file named: no pool to fork
    return get_executor(name or ("serial" if single else "process"), settings)


@dataclass(frozen=True, slots=True)
class Inspection:
    """What `inspect` shows: the reading, its view as plain data, and the warnings to print."""

    reading: Reading
    data: dict[str, Any]
    warnings: tuple[str, ...]


def inspect(
    path: Path,
    overrides: Mapping[str, RawValue] | None = None,
    *,
    smart: bool = True,
    reader_options: Mapping[str, str] | None = None,
) -> Inspection:
    """Read ``path`` for `inspect`: catalogue warnings first, then the reader's own."""
    reading = read(path, overrides, smart=smart, reader_options=reader_options)
    warnings = (*catalogue_warnings(path.parent), *reading.warnings)
    return Inspection(reading, inspect_data(reading), warnings)


def why(path: Path, reading: Reading, reader_options: Mapping[str, str]) -> str:
    """`inspect --why`: the evidence for each heading and the candidates turned down."""
    from bookbinder.dump import why_text

    if reading.reader != "text":
        return f"--why: the {reading.reader} reader takes headings from the file's own markup\n"
    evidence, rejected = explain_headings(path, reader_options)
    return why_text(evidence, rejected, reading)


def inspect_data(reading: Reading) -> dict[str, Any]:
    """The `inspect --json` object."""
    from bookbinder.dump import inspect_dict

    return inspect_dict(reading)


def tree(reading: Reading) -> str:
    """The whole manuscript as an indented text tree (`inspect --tree`)."""
    from bookbinder.dump import dump

    return dump(reading.manuscript)
