#!/usr/bin/env python3
"""End-to-end benchmark of bookbinder against calibre's ebook-convert and pandoc (``make bench``).

Every number is a whole process, start to files on disk, timed with ``time.perf_counter`` and
``os.wait4`` (peak RSS of the largest process): the shared seeds, each corpus novel (War and Peace
is the largest) -> EPUB and -> PDF, and a batch of generated fan-fiction-sized manuscripts -> EPUB
+ PDF at ``--jobs 1`` and at the CPU count. Peers run on the same inputs in the same session,
interleaved with ours, so the ratios compare like with like. Prints a Markdown table and writes
``bench/results.md``::

    .venv/bin/python -m scripts.bench            # full: 5 runs, 1,000-book batch (~17 min on 2 cores)
    .venv/bin/python -m scripts.bench --quick    # 3 runs, 100-book batch, no War and Peace peers

Peers need Debian ``calibre`` (ebook-convert), ``pandoc`` and ``wkhtmltopdf`` (pandoc's PDF
engine); a missing one shows as "n/a (not installed)".
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from scripts.bench_report import (
    PEERS,
    VARIANTS,
    Row,
    Settings,
    Timing,
    notes,
    readme_table,
    replace_readme_table,
    table,
    targets,
)
from scripts.gen_manuscripts import generate

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
WORK = ROOT / "bench" / "work"
BOOKBINDER = Path(sys.executable).parent / "bookbinder"
SLOW_RUN = 5.0  # seconds: a tool slower than this on an input gets fewer runs (calibre on a novel)
VERY_SLOW_RUN = 60.0  # seconds: one run is enough (calibre's War and Peace PDF), or the bench takes hours
TIMEOUT = 1800.0  # seconds for one command before it is killed and reported
CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
ENV = {
    **os.environ,
    "SOURCE_DATE_EPOCH": "1700000000",
    "QT_QPA_PLATFORM": "offscreen",  # calibre and wkhtmltopdf without a display
    "QTWEBENGINE_DISABLE_SANDBOX": "1",  # calibre's PDF output refuses to run as root otherwise
    "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
}
# bookbinder as a user runs it (the build server and the cover cache, both on by default; kept here
# in the bench's own folders), and in one fresh process with no cache: the cold case.
SERVER_DIR = Path(f"/tmp/bookbinder-bench-{os.getuid()}")  # short: a socket path is limited to 108 bytes
SERVED_CPU = WORK / "served-cpu.txt"  # the server's child reports each command's CPU seconds here
SERVED = {"BOOKBINDER_SERVER": "auto", "BOOKBINDER_SERVER_DIR": str(SERVER_DIR),
          "BOOKBINDER_COVER_CACHE": str(WORK / "cover-cache"), "BOOKBINDER_SERVER_TIMES": str(SERVED_CPU)}
NEW_COVER = {**SERVED, "BOOKBINDER_COVER_CACHE": ""}  # a warm server, a book it has not seen
ONE_PROCESS = {"BOOKBINDER_SERVER": "off", "BOOKBINDER_COVER_CACHE": ""}


@dataclass(frozen=True)
class Tool:
    """A converter: its command for one input and format, and whether it is installed."""

    name: str
    command: Callable[[Path, Path, str], list[str]]  # (input, output folder, format) -> argv
    available: bool
    formats: tuple[str, ...] = ("epub", "pdf")
    env: dict[str, str] = field(default_factory=dict)  # over ENV
    seeds_only: bool = False


def ours(source: Path, out: Path, fmt: str) -> list[str]:
    return [str(BOOKBINDER), "build", str(source), "-f", fmt, "-o", str(out), "--quiet", "--jobs", "1"]


def calibre(source: Path, out: Path, fmt: str) -> list[str]:
    return ["ebook-convert", str(source), str(out / f"{source.stem}.{fmt}")]


def pandoc(source: Path, out: Path, fmt: str) -> list[str]:
    engine = ["--pdf-engine=wkhtmltopdf"] if fmt == "pdf" else []
    # commonmark, not pandoc's default markdown reader: the same output for plain prose, but ~35x faster
    # on Gutenberg texts (Alice: 0.46 s against 17 s), so pandoc is measured at its best.
    return ["pandoc", "-f", "commonmark", str(source), "-o", str(out / f"{source.stem}.{fmt}"), *engine]


def tools() -> list[Tool]:
    """bookbinder first, then the peers found on PATH."""
    pandoc_formats = ("epub", "pdf") if shutil.which("wkhtmltopdf") else ("epub",)
    return [
        Tool("bookbinder", ours, BOOKBINDER.exists(), env=SERVED),
        Tool(VARIANTS[0], ours, BOOKBINDER.exists(), env=ONE_PROCESS),
        Tool(VARIANTS[1], ours, BOOKBINDER.exists(), env=NEW_COVER, seeds_only=True),
        Tool("calibre", calibre, shutil.which("ebook-convert") is not None),
        Tool("pandoc", pandoc, shutil.which("pandoc") is not None, pandoc_formats),
    ]


def run_once(
    argv: Sequence[str], expect: Sequence[Path] = (), env: dict[str, str] | None = None
) -> tuple[float, float, str, float]:
    """Run a command; returns (wall seconds, peak RSS in MB, error or '', CPU seconds).

    The CPU time of a command the build server ran is the client's and the server child's (which
    reports it): the child is not the client's, so ``wait4`` does not see it. Peak RSS is the
    client's alone then.
    """
    SERVED_CPU.unlink(missing_ok=True)
    start = time.perf_counter()
    env = {**ENV, **(env or {})}
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watchdog = threading.Timer(TIMEOUT, proc.kill)
    watchdog.start()
    assert proc.stderr is not None
    stderr = proc.stderr.read()  # drains the pipe; ends when the process closes it
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    watchdog.cancel()
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    missing = [p for p in expect if not p.is_file() or p.stat().st_size == 0]
    cpu = usage.ru_utime + usage.ru_stime  # the process and the children it waited for
    with contextlib.suppress(OSError, ValueError):
        cpu += sum(float(line) for line in SERVED_CPU.read_text().split())
    if not code and not missing:
        return seconds, usage.ru_maxrss / 1024, "", cpu
    last = (stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    return seconds, usage.ru_maxrss / 1024, f"failed (exit {code}): {last[:80]}", cpu


def timed(tool: Tool, source: Path, fmt: str, settings: Settings) -> Timing:
    """Median of several end-to-end runs of one tool on one input (fewer when it is slow)."""
    if not tool.available:
        return Timing(None, note="n/a (not installed)")
    if fmt not in tool.formats:
        return Timing(None, note="n/a (no PDF engine)")
    times: list[float] = []
    cpus: list[float] = []
    peak = 0.0
    for attempt in range(settings.runs + 1):
        out = WORK / tool.name / f"{source.stem}-{fmt}"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        seconds, rss, error, cpu = run_once(
            tool.command(source, out, fmt), [out / f"{source.stem}.{fmt}"], tool.env
        )
        if error:
            return Timing(None, note=error)
        if attempt == 0 and seconds < SLOW_RUN:
            continue  # warm-up for fast tools (disk cache, bytecode), not counted
        times.append(seconds)
        cpus.append(cpu)
        peak = max(peak, rss)
        wanted = (
            1 if seconds >= VERY_SLOW_RUN else settings.slow_runs if seconds >= SLOW_RUN else settings.runs
        )
        if len(times) >= wanted:
            break
    return Timing(statistics.median(times), len(times), peak, cpu=statistics.median(cpus))


def timed_command(argv: list[str], runs: int) -> Timing:
    """Median of ``runs`` runs after one warm-up."""
    times = [run_once(argv)[0] for _ in range(runs + 1)][1:]
    return Timing(statistics.median(times), len(times))


def timed_peer_batch(tool: Tool, sample: Sequence[Path], scale: float) -> Timing:
    """A peer over a sample, CPU-count commands at once (like make -j), scaled to the whole batch."""
    out = WORK / tool.name / "batch"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    commands = [tool.command(source, out, fmt) for source in sample for fmt in tool.formats]
    start = time.perf_counter()
    with ThreadPoolExecutor(CPUS) as pool:
        results = list(pool.map(run_once, commands))
    errors = [e for _, _, e, _ in results if e]
    seconds = (time.perf_counter() - start) * scale
    failed = [f"{len(errors)} of {len(commands)} failed"] if errors else []
    note = ", ".join([*failed, f"extrapolated from {len(sample)} books"])
    return Timing(seconds, 1, None, note, cpu=sum(cpu for _, _, _, cpu in results) * scale)


def words_in(path: Path) -> int:
    return len(path.read_bytes().split())


def single_rows(args: argparse.Namespace, settings: Settings) -> list[Row]:
    """Each seed and corpus novel -> EPUB and -> PDF, every tool in turn."""
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    corpus = sorted((SHARED / "corpus").glob("*.txt"), key=lambda p: p.stat().st_size)
    rows = []
    for source in [p for p in [*seeds, *corpus] if args.only in p.name]:
        skip_peers = args.no_peers or (args.quick and "war-and-peace" in source.name)
        for fmt in ("epub", "pdf"):
            timings = {}
            for tool in tools():
                if tool.seeds_only and source not in seeds:
                    continue
                if not tool.name.startswith("bookbinder") and skip_peers:
                    timings[tool.name] = Timing(
                        None, note="skipped" if args.no_peers else "skipped (--quick)"
                    )
                    continue
                timings[tool.name] = timing = timed(tool, source, fmt, settings)
                print(f"  {source.name} -> {fmt}: {tool.name} {timing.cell()}", file=sys.stderr)
            kind = "seed" if source.parent.name == "seeds" else "corpus"
            rows.append(Row(source.name, words_in(source), fmt, timings, kind))
    return rows


def batch_rows(args: argparse.Namespace) -> list[Row]:
    """The generated batch through bookbinder (1 job, every CPU) and a sample through each peer."""
    if args.batch <= 0:
        return []
    folder = WORK / f"batch-{args.batch}"
    sources = generate(folder, args.batch)
    words = sum(words_in(p) for p in sources)
    rows = []
    for jobs in sorted({1, CPUS}):
        out = WORK / "bookbinder" / f"batch-j{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        argv = [str(BOOKBINDER), "build", str(folder), "-o", str(out), "--quiet", "--jobs", str(jobs)]
        books = [out / f"{p.stem}.{fmt}" for p in sources for fmt in ("epub", "pdf")]
        seconds, rss, error, cpu = run_once(argv, books, ONE_PROCESS)
        timings = {"bookbinder": Timing(None, note=error) if error else Timing(seconds, 1, rss, cpu=cpu)}
        print(f"  batch of {len(sources)}, --jobs {jobs}: {timings['bookbinder'].cell()}", file=sys.stderr)
        for tool in [t for t in tools() if t.name in PEERS] if jobs == CPUS else []:
            if not tool.available or args.no_peers:
                timings[tool.name] = Timing(
                    None, note="n/a (not installed)" if not tool.available else "skipped"
                )
                continue
            sample = sources[: args.peer_sample]
            timings[tool.name] = timed_peer_batch(tool, sample, len(sources) / len(sample))
            print(f"  batch sample: {tool.name} {timings[tool.name].cell()}", file=sys.stderr)
        case = f"{len(sources)} generated manuscripts, --jobs {jobs}"
        rows.append(Row(case, words, "epub+pdf", timings, "batch"))
        if jobs == CPUS and not error:
            rows.append(Row(f"{len(sources)} generated manuscripts, rerun with nothing changed", words,
                            "epub+pdf", {"bookbinder": batch_timing(argv, books, "rerun")}, "batch"))
    if CPUS > 1 and importlib.util.find_spec("distributed") is not None:
        out = WORK / "bookbinder" / "batch-dask"
        shutil.rmtree(out, ignore_errors=True)
        argv = [str(BOOKBINDER), "build", str(folder), "-o", str(out), "--quiet", "--jobs", str(CPUS),
                "--executor", "dask"]
        books = [out / f"{p.stem}.{fmt}" for p in sources for fmt in ("epub", "pdf")]
        case = f"{len(sources)} generated manuscripts, --executor dask (LocalCluster, {CPUS} workers)"
        rows.append(Row(case, words, "epub+pdf", {"bookbinder": batch_timing(argv, books, "dask")}, "batch"))
    return rows


def batch_timing(argv: list[str], books: list[Path], label: str) -> Timing:
    """One run of a batch command, reported as it finishes."""
    seconds, rss, error, cpu = run_once(argv, books, ONE_PROCESS)
    timing = Timing(None, note=error) if error else Timing(seconds, 1, rss, cpu=cpu)
    print(f"  batch, {label}: {timing.cell()}", file=sys.stderr)
    return timing


def start_server() -> None:
    """Start the build server the served runs use, with an empty cover cache, and wait until it
    listens (it builds a warm-up book first): every counted run then finds it."""
    shutil.rmtree(SERVED["BOOKBINDER_COVER_CACHE"], ignore_errors=True)
    SERVER_DIR.mkdir(mode=0o700, exist_ok=True)
    env = {**ENV, **SERVED}
    subprocess.run([str(BOOKBINDER), "server", "start"], env=env, capture_output=True, check=False)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = subprocess.run([str(BOOKBINDER), "server", "status"], env=env, capture_output=True,
                                text=True, check=False)
        if "commands served" in status.stdout:
            return
        time.sleep(0.2)
    print("warning: the build server did not start: served rows ran in one process", file=sys.stderr)


def stop_server() -> None:
    subprocess.run([str(BOOKBINDER), "server", "stop"], env={**ENV, **SERVED}, capture_output=True,
                   check=False)


def version(argv: list[str]) -> str:
    """The first line a tool prints about its version."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=ENV, check=False)
    except OSError:
        return "not installed"
    return ((done.stdout or done.stderr).strip().splitlines() or ["?"])[0]


def environment() -> str:
    """Machine and tool versions, so a saved table can be read later."""
    cpuinfo = Path("/proc/cpuinfo")
    models = (
        [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        if cpuinfo.exists()
        else []
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return "\n".join(
        [
            f"- machine: {CPUS} CPUs ({models[0] if models else platform.machine()}), "
            f"load average {load:.1f} at the start, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}",
            f"- {version([str(BOOKBINDER), '--version'])}; {version(['ebook-convert', '--version'])}; "
            f"{version(['pandoc', '--version'])}; {version(['wkhtmltopdf', '--version'])}",
        ]
    )


def reader_rows(settings: Settings) -> str:
    """Markup readers on their own (in process): a 100-chapter AO3 HTML download (target < 0.5 s)."""
    from scripts.gen_ao3 import read_seconds

    seconds, size = read_seconds(100, settings.runs)
    return ("| reader input | median read (CPU time) | target |\n| --- | --- | --- |\n"
            f"| AO3 HTML download, 100 chapters ({size:,} bytes) | {seconds * 1000:.0f} ms | < 500 ms |")


def main(argv: Sequence[str] | None = None) -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs, 100-book batch, no War and Peace peers")
    parser.add_argument("--runs", type=int, default=0, help="counted runs per fast case (5; quick: 3)")
    parser.add_argument("--batch", type=int, default=None, help="generated manuscripts (1000; quick: 100)")
    parser.add_argument(
        "--peer-sample", type=int, default=None, help="batch books given to each peer (40; 10)"
    )
    parser.add_argument("--no-peers", action="store_true", help="time bookbinder only")
    parser.add_argument("--only", default="", help="only single-file inputs whose name contains this")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md's performance table alone")
    args = parser.parse_args(argv)
    args.batch = args.batch if args.batch is not None else (100 if args.quick else 1000)
    args.peer_sample = max(1, min(args.peer_sample or (10 if args.quick else 40), args.batch))
    settings = Settings(
        quick=args.quick,
        runs=args.runs or (3 if args.quick else 5),
        slow_runs=1 if args.quick else 3,
        slow_run=SLOW_RUN,
        batch=args.batch,
    )
    if not BOOKBINDER.exists():
        sys.exit(f"{BOOKBINDER} is missing: run `make venv` first")
    start = time.perf_counter()
    header = environment()
    startup = {
        "python -c pass": timed_command([sys.executable, "-c", "pass"], settings.runs),
        "bookbinder --version": timed_command([str(BOOKBINDER), "--version"], settings.runs),
    }
    start_server()
    try:
        rows = single_rows(args, settings)
    finally:
        stop_server()
    batch = batch_rows(args)
    stamp = f"{'quick' if args.quick else 'full'} mode, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    report = "\n\n".join(
        [
            f"# bookbinder benchmark ({stamp})",
            header,
            table([*rows, *batch], settings),
            notes(settings, startup),
            targets(rows, batch, settings, startup),
            reader_rows(settings),
            f"Whole benchmark: {time.perf_counter() - start:.0f} s.",
        ]
    )
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    readme = ROOT / "README.md"
    if not args.no_readme and not args.only:  # a partial run does not stand for the whole table
        text = readme.read_text(encoding="utf-8")
        updated = replace_readme_table(text, readme_table(rows, batch, startup, stamp))
        if updated != text:
            readme.write_text(updated, encoding="utf-8")
            print(f"updated the performance table in {readme}", file=sys.stderr)


if __name__ == "__main__":
    main()
