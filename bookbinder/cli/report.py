"""What the CLI prints: the inspect table and the build progress and summary."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress

    from bookbinder.api import BookResult, Executor, Option, Plan, Plugin


def _shown(value: Any) -> str:
    """One metadata value on one line, shortened so the table stays a table."""
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:69] + "\u2026"


def inspect_table(data: dict[str, Any]) -> str:
    """A short human table of an inspect dict; every metadata value shows where it came from."""
    sources = data["sources"]
    metadata = data.get("metadata", {})
    rows = [("title", data["title"]), ("authors", ", ".join(data["authors"]) or "-")]
    rows += [(k, _shown(v)) for k, v in metadata.items() if k not in {"title", "authors", "extra"}]
    rows += [(k, _shown(v)) for k, v in metadata.get("extra", {}).items()]
    if "language" not in metadata:
        rows.append(("language", data["language"]))
    rows += [
        ("reader", data.get("reader", "text")),
        ("encoding", data["encoding"]),
        ("paragraphs", data["mode"]),
        ("words", f"{data['words']:,}"),
        ("chapters", str(len(data["chapters"]))),
    ]
    width = max(11, *(len(k) + 1 for k, _ in rows))
    lines = [f"{k:<{width}} {v}" + (f"  [{sources[k]}]" if k in sources else "") for k, v in rows]
    lines.append("")
    lines.append(f"{'#':>4}  {'words':>7}  {'breaks':>6}  title")
    for i, ch in enumerate(data["chapters"], 1):
        label = ch["label"] if not ch["part"] else f"{ch['part']} / {ch['label']}"
        lines.append(f"{i:>4}  {ch['words']:>7,}  {ch['scene_breaks']:>6}  {label}")
    return "\n".join(lines)


def formats_table(found: Sequence[Plugin]) -> str:
    """Readers (with the suffixes they take) and writers, one a line under a heading each."""
    lines: list[str] = []
    for kind, heading in (("reader", "readers"), ("writer", "writers (-f)")):
        lines.append(heading)
        for plugin in (p for p in found if p.kind == kind):
            extra = f"  {' '.join(plugin.suffixes)}" if plugin.suffixes else ""
            extra += f"  unavailable: {plugin.problem}" if plugin.problem else ""
            lines.append(f"  {plugin.name:8} {plugin.target}  ({plugin.owner}){extra}")
    return "\n".join(lines)


def options_table(readers: Sequence[tuple[str, Option]], writers: Sequence[tuple[str, Option]]) -> str:
    """Every reader option as `-R name=default` and writer option as `-O format.name=default`."""
    lines = ["reader options (-R NAME=VALUE, or a sidecar key of the same name)"]
    lines += [f"  -R {o.name}={o.default}  {o.help}{_choices(o)}  [{name}]" for name, o in readers]
    lines.append("writer options (-O NAME=VALUE or -O FORMAT.NAME=VALUE)")
    lines += [f"  -O {fmt}.{o.name}={o.default}  {o.help}{_choices(o)}" for fmt, o in writers]
    return "\n".join(lines)


def _choices(option: Option) -> str:
    return f" ({'|'.join(option.choices)})" if option.choices else ""


def _book_line(result: BookResult, verbose: bool) -> str:
    """`built <source> -> <outputs>`, with sizes and time when verbose."""
    if not verbose:
        return f"built {result.source} -> {', '.join(str(p) for p in result.outputs)}"
    sized = ", ".join(f"{p} ({_size(p.stat().st_size)})" for p in result.outputs if p.exists())
    return f"built {result.source} -> {sized} in {result.seconds:.2f} s"


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KiB"
    return f"{count / 1024 / 1024:.1f} MiB"


def run_build(plan: Plan, executor: Executor, *, quiet: bool = False, verbose: bool = False,
              force: bool = False) -> int:
    """Build every manuscript of the plan, printing one line per book and a summary; returns the failures.

    On a terminal a progress bar (rich) runs on stderr and the lines scroll above it; otherwise
    books are printed one per line as they finish, so logs and make output stay readable. Errors
    (`error: <file>: <reason>`) and warnings go to stderr; `--quiet` drops the `built` lines. Books
    the build log shows up to date are counted, not listed (``--force`` rebuilds them).
    """
    from bookbinder import api

    start = time.perf_counter()
    summary = api.summary()
    single = len(plan.inputs) == 1 and not plan.inputs[0].is_dir()
    progress = _progress_bar(sum(1 for _ in plan.sources())) if sys.stderr.isatty() and not single else None
    out = progress.console.print if progress else _to(sys.stdout)
    err = progress.console.print if progress else _to(sys.stderr)
    log = api.build_log(plan.options.out_dir, plan.options)
    try:
        if progress:
            progress.start()
        for warning in plan.warnings:
            err(f"warning: {warning}")
        with log:
            for result in api.run_plan(plan, executor, log, force=force):
                summary.add(result)
                if result.skipped:
                    pass
                elif result.ok:
                    if not quiet:
                        out(_book_line(result, verbose))
                else:
                    err(f"error: {result.error}")
                for warning in result.warnings:
                    err(f"warning: {warning}")
                if progress:
                    progress.advance(progress.task_ids[0])
    except KeyboardInterrupt:
        summary.interrupted = True
        raise
    finally:
        if progress:
            progress.stop()
        if log.broken:
            print(f"warning: {log.broken}", file=sys.stderr)
        for line in summary.lines(time.perf_counter() - start):
            print(line, file=sys.stderr)
    return summary.failed


def _to(stream: TextIO) -> Callable[[str], None]:
    def emit(line: str) -> None:
        print(line, file=stream, flush=True)

    return emit


def _progress_bar(total: int) -> Progress:
    """A rich progress bar on stderr; imported only when a terminal will show it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

    console = Console(stderr=True, markup=False, highlight=False, emoji=False)
    progress = Progress("building", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TimeRemainingColumn(), console=console, transient=True)
    progress.add_task("books", total=total)
    return progress
