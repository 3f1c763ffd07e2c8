#!/usr/bin/env python3
"""End-to-end benchmark of bookbinder against calibre's ebook-convert and pandoc (``make bench``).

Every number is a whole process, start to files on disk, timed here with ``time.perf_counter``
and ``os.wait4`` (peak RSS of the largest process in the tree): the shared seeds, each corpus
novel (War and Peace is the largest) -> EPUB and -> PDF, and a batch of generated fan-fiction-sized
manuscripts -> EPUB + PDF at ``--jobs 1`` and at the CPU count. Peers run on the same inputs in the
same session, interleaved with ours, so the ratios compare like with like. Prints a Markdown table
and writes ``bench/results.md``.

    .venv/bin/python -m scripts.bench            # full: 5 runs, 1,000-book batch (20-40 min)
    .venv/bin/python -m scripts.bench --quick    # 3 runs, 100-book batch, no War and Peace peers

Peers need Debian ``calibre`` (ebook-convert), ``pandoc`` and ``wkhtmltopdf`` (pandoc's PDF
engine); a missing one shows as "n/a (not installed)".
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from scripts.gen_manuscripts import generate

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.md"
BOOKBINDER = Path(sys.executable).parent / "bookbinder"
SLOW_RUN = 5.0  # seconds: a tool slower than this on an input gets fewer runs
TIMEOUT = 1800
ENV = {
    **os.environ,
    "SOURCE_DATE_EPOCH": "1700000000",
    "QT_QPA_PLATFORM": "offscreen",  # calibre and wkhtmltopdf without a display
    "QTWEBENGINE_DISABLE_SANDBOX": "1",  # calibre's PDF output refuses to run as root otherwise
    "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
}

Command = Callable[[Path, Path, str], list[str]]  # (input, output folder, format) -> argv


@dataclass(frozen=True)
class Tool:
    """A converter: how to call it for one input and one format, and whether it is here."""

    name: str
    command: Command
    available: bool
    formats: tuple[str, ...] = ("epub", "pdf")


@dataclass(frozen=True)
class Timing:
    """Median wall time of ``runs`` runs and the peak RSS seen, or why there is none."""

    seconds: float | None
    runs: int = 0
    peak_mb: float | None = None
    note: str = ""

    def cell(self) -> str:
        if self.seconds is None:
            return self.note
        runs = f" ({self.runs} run{'s' if self.runs != 1 else ''}{', ' + self.note if self.note else ''})"
        return f"{self.seconds:.2f} s{runs if self.runs != 5 or self.note else ''}"


def ours(source: Path, out: Path, fmt: str) -> list[str]:
    return [str(BOOKBINDER), "build", str(source), "-f", fmt, "-o", str(out), "--quiet", "--jobs", "1"]


def calibre(source: Path, out: Path, fmt: str) -> list[str]:
    return ["ebook-convert", str(source), str(out / f"{source.stem}.{fmt}")]


def pandoc(source: Path, out: Path, fmt: str) -> list[str]:
    engine = ["--pdf-engine=wkhtmltopdf"] if fmt == "pdf" else []
    return ["pandoc", "-f", "markdown", str(source), "-o", str(out / f"{source.stem}.{fmt}"), *engine]


def tools() -> list[Tool]:
    return [
        Tool("bookbinder", ours, True),
        Tool("calibre", calibre, shutil.which("ebook-convert") is not None),
        Tool(
            "pandoc",
            pandoc,
            shutil.which("pandoc") is not None,
            ("epub", "pdf") if shutil.which("wkhtmltopdf") else ("epub",),
        ),
    ]


def run_once(argv: Sequence[str], expect: Sequence[Path]) -> tuple[float, float, str]:
    """Run a command; returns (seconds, peak RSS in MB, error or '')."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    stderr = proc.stderr.read()  # never fills the pipe; the read ends when the process does
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    missing = [p for p in expect if not p.is_file() or p.stat().st_size == 0]
    error = ""
    if proc.returncode or missing:
        last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        error = f"failed (exit {proc.returncode}): {last[0][:80]}"
    return seconds, usage.ru_maxrss / 1024, error


def timed(tool: Tool, source: Path, fmt: str, runs: int, slow_runs: int) -> Timing:
    """Median of several end-to-end runs of one tool on one input (fewer when it is slow)."""
    if not tool.available:
        return Timing(None, note="n/a (not installed)")
    if fmt not in tool.formats:
        return Timing(None, note="n/a (no PDF engine)")
    times: list[float] = []
    peak = 0.0
    for attempt in range(runs + 1):
        out = WORK / tool.name / f"{source.stem}-{fmt}"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        seconds, rss, error = run_once(tool.command(source, out, fmt), [out / f"{source.stem}.{fmt}"])
        if error:
            return Timing(None, note=error)
        if attempt == 0 and seconds < SLOW_RUN:
            continue  # a warm-up run for fast tools (disk cache, .pyc), not counted
        times.append(seconds)
        peak = max(peak, rss)
        if len(times) >= (slow_runs if seconds >= SLOW_RUN else runs):
            break
    return Timing(statistics.median(times), len(times), peak)


def timed_batch(
    argv_for: Callable[[Path], list[list[str]]], sources: Sequence[Path], jobs: int, scale: float = 1.0
) -> Timing:
    """Wall time of building ``sources`` with ``jobs`` commands at once, scaled to the full batch."""
    commands = [argv for source in sources for argv in argv_for(source)]

    def one(argv: list[str]) -> str:
        return run_once(argv, [])[2]

    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        errors = [e for e in pool.map(one, commands) if e]
    seconds = (time.perf_counter() - start) * scale
    note = f"{len(errors)} of {len(commands)} failed" if errors else ""
    if scale != 1.0:
        note = ", ".join(filter(None, [note, f"extrapolated from {len(sources)} books"]))
    return Timing(seconds, 1, None, note)


def ratio(peer: Timing, base: Timing) -> str:
    if peer.seconds is None or base.seconds is None or base.seconds == 0:
        return "-"
    return f"{peer.seconds / base.seconds:.1f}×"


def word_count(path: Path) -> int:
    return len(path.read_bytes().split())


@dataclass
class Row:
    case: str
    words: int
    fmt: str
    timings: dict[str, Timing]


def single_cases(args: argparse.Namespace) -> list[tuple[Path, bool]]:
    """(input, run peers?) for the seeds and corpus novels present."""
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    corpus = sorted((SHARED / "corpus").glob("*.txt"), key=lambda p: p.stat().st_size)
    cases = [(p, True) for p in seeds]
    cases += [(p, not (args.quick and "war-and-peace" in p.name)) for p in corpus]
    return [c for c in cases if not args.only or args.only in c[0].name]


def bench(args: argparse.Namespace) -> tuple[list[Row], list[Row], dict[str, Timing]]:
    """Run everything; returns (single-file rows, batch rows, start-up timings)."""
    runs, slow = (3, 1) if args.quick else (5, 3)
    runs = args.runs or runs
    available = tools()
    rows: list[Row] = []
    startup = {
        "python -c pass": timed_cmd([sys.executable, "-c", "pass"], runs),
        "bookbinder --version": timed_cmd([str(BOOKBINDER), "--version"], runs),
    }
    for source, with_peers in single_cases(args):
        for fmt in ("epub", "pdf"):
            timings = {}
            for tool in available:
                if tool.name != "bookbinder" and (not with_peers or args.no_peers):
                    timings[tool.name] = Timing(None, note="skipped (--quick)" if args.quick else "skipped")
                    continue
                timings[tool.name] = timed(tool, source, fmt, runs, slow)
                print(f"  {source.name} -> {fmt}: {tool.name} {timings[tool.name].cell()}", file=sys.stderr)
            rows.append(Row(source.name, word_count(source), fmt, timings))
    return rows, batch_rows(args, available), startup


def timed_cmd(argv: list[str], runs: int) -> Timing:
    times = [run_once(argv, [])[0] for _ in range(runs + 1)][1:]
    return Timing(statistics.median(times), len(times))


def batch_rows(args: argparse.Namespace, available: list[Tool]) -> list[Row]:
    """The generated batch through bookbinder (1 job, all CPUs) and a sample through each peer."""
    if args.batch == 0:
        return []
    folder = WORK / f"batch-{args.batch}"
    sources = generate(folder, args.batch)
    words = sum(word_count(p) for p in sources)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    rows = []
    for jobs in sorted({1, cpus}):
        out = WORK / "bookbinder" / f"batch-j{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        argv = [str(BOOKBINDER), "build", str(folder), "-o", str(out), "--quiet", "--jobs", str(jobs)]
        seconds, rss, error = run_once(
            argv, [out / f"{p.stem}.{f}" for p in sources for f in ("epub", "pdf")]
        )
        timing = Timing(None, note=error) if error else Timing(seconds, 1, rss)
        print(f"  batch of {len(sources)} -j{jobs}: bookbinder {timing.cell()}", file=sys.stderr)
        timings = {"bookbinder": timing}
        if jobs == cpus:
            sample = sources[: args.peer_sample]
            for tool in available[1:]:
                if not tool.available or args.no_peers:
                    timings[tool.name] = Timing(
                        None, note="n/a (not installed)" if not tool.available else "skipped"
                    )
                    continue
                peer_out = WORK / tool.name / "batch"
                shutil.rmtree(peer_out, ignore_errors=True)
                peer_out.mkdir(parents=True)

                def argv_for(source: Path, tool: Tool = tool, peer_out: Path = peer_out) -> list[list[str]]:
                    return [tool.command(source, peer_out, f) for f in tool.formats]

                timings[tool.name] = timed_batch(argv_for, sample, cpus, len(sources) / len(sample))
                print(f"  batch sample: {tool.name} {timings[tool.name].cell()}", file=sys.stderr)
        rows.append(Row(f"{len(sources)} generated manuscripts, --jobs {jobs}", words, "epub+pdf", timings))
    return rows


def render(rows: list[Row], batch: list[Row], startup: dict[str, Timing], args: argparse.Namespace) -> str:
    """The Markdown report: environment, one table for single books and batches, the targets."""
    peers = ("calibre", "pandoc")
    head = ["input", "words", "to", "bookbinder", "peak MB", *[c for p in peers for c in (p, f"{p} ÷ ours")]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in [*rows, *batch]:
        base = row.timings["bookbinder"]
        peak = f"{base.peak_mb:.0f}" if base.peak_mb else "-"
        cells = [row.case, f"{row.words:,}", row.fmt, base.cell(), peak]
        for peer in peers:
            timing = row.timings.get(peer, Timing(None, note="-"))
            cells += [timing.cell(), ratio(timing, base)]
        lines.append("| " + " | ".join(cells) + " |")
    runs = args.runs or (3 if args.quick else 5)
    notes = [
        f"Median of {runs} runs after one warm-up run (unmarked cells); a tool slower than {SLOW_RUN:.0f} s on an "
        f"input gets {1 if args.quick else 3} counted run(s) and no warm-up. Times are wall clock from process "
        "start to files on disk; peak MB is the largest single process (os.wait4 ru_maxrss), so a pool's "
        "workers are not summed. Ratios above 1 mean the peer is slower.",
        "Peers: calibre `ebook-convert IN OUT` (headless, offscreen Qt); pandoc `-f markdown IN -o OUT`, "
        "PDF through `--pdf-engine=wkhtmltopdf`. Batch peers run the sample with as many commands at once as "
        "there are CPUs (like `make -j`), both formats per book, and are scaled to the whole batch.",
        "Start-up: " + ", ".join(f"`{k}` {v.cell()}" for k, v in startup.items()) + ".",
    ]
    return "\n".join([*lines, "", *notes, "", targets(rows, batch, args)]) + "\n"


def targets(rows: list[Row], batch: list[Row], args: argparse.Namespace) -> str:
    """The issue's targets, met or not."""

    def ours(case: str, fmt: str) -> float | None:
        found = [r.timings["bookbinder"].seconds for r in rows if case in r.case and r.fmt == fmt]
        values = [v for v in found if v is not None]
        return max(values) if values and len(values) == len(found) else None

    scale = args.batch / 1000
    whole = [r.timings["bookbinder"].seconds for r in batch[-1:]]
    checks = [
        (
            "a seed -> EPUB (slowest seed)",
            ours("_", "epub") if any("_" in r.case for r in rows) else None,
            0.3,
        ),
        ("War and Peace -> EPUB", ours("war-and-peace", "epub"), 1.5),
        ("War and Peace -> PDF", ours("war-and-peace", "pdf"), 10.0),
        (f"{args.batch} manuscripts -> EPUB + PDF, all CPUs", whole[0] if whole else None, 60.0 * scale),
    ]
    lines = ["| target | limit | measured | met |", "|---|---|---|---|"]
    for name, value, limit in checks:
        shown = "-" if value is None else f"{value:.2f} s"
        met = "-" if value is None else ("yes" if value < limit else "**no**")
        lines.append(f"| {name} | < {limit:g} s | {shown} | {met} |")
    return "\n".join(lines)


def environment() -> str:
    """Machine and tool versions, so a table can be read later."""

    def version(argv: list[str]) -> str:
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=ENV, check=False)
        except OSError:
            return "not installed"
        return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr) else "?"

    cpus = os.cpu_count()
    model = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else "?"
    )
    return "\n".join(
        [
            f"- machine: {cpus} CPUs ({model}), Python {platform.python_version()}, {platform.platform()}",
            f"- bookbinder: {version([str(BOOKBINDER), '--version'])}",
            f"- calibre: {version(['ebook-convert', '--version'])}",
            f"- pandoc: {version(['pandoc', '--version'])}; wkhtmltopdf: {version(['wkhtmltopdf', '--version'])}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs, 100-book batch, no War and Peace peers")
    parser.add_argument("--runs", type=int, default=0, help="runs per fast case (default 5, quick 3)")
    parser.add_argument(
        "--batch", type=int, default=None, help="generated manuscripts (default 1000, quick 100)"
    )
    parser.add_argument("--peer-sample", type=int, default=None, help="batch books given to each peer")
    parser.add_argument("--no-peers", action="store_true", help="time bookbinder only")
    parser.add_argument("--only", default="", help="single-file cases whose name contains this")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    args.batch = args.batch if args.batch is not None else (100 if args.quick else 1000)
    args.peer_sample = min(args.peer_sample or (10 if args.quick else 40), max(args.batch, 1))
    if not BOOKBINDER.exists():
        sys.exit(f"{BOOKBINDER} is missing: run `make venv` first")
    start = time.perf_counter()
    rows, batch, startup = bench(args)
    mode = "quick" if args.quick else "full"
    report = "\n".join(
        [
            f"# bookbinder benchmark ({mode} mode, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
            "",
            environment(),
            "",
            render(rows, batch, startup, args),
            f"Whole benchmark: {time.perf_counter() - start:.0f} s.",
        ]
    )
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
