#!/usr/bin/env python3
"""One small book, whole processes: bookbinder's start-up and single-book times beside pandoc's.

Each row is the median of ``--runs`` runs, interleaved so a busy machine slows every row alike:
wall time (``perf_counter``) and the process's own CPU time (user + system, from ``os.wait4``),
which a loaded shared machine disturbs far less than wall time. Prints a Markdown table::

    .venv/bin/python -m scripts.single_book [--runs 9] [MANUSCRIPT]

The default manuscript is the first file in ../shared/seeds (or ../../shared/seeds from a worktree;
else seeds/).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOKBINDER = [str(Path(sys.executable).parent / "bookbinder")]


def first_seed() -> Path:
    # ../shared beside the checkout, or beside the folder of worktrees (/work/wt/NAME -> /work/shared)
    for folder in (*(p / "shared" / "seeds" for p in ROOT.parents[:2]), ROOT / "seeds"):
        found = sorted(p for p in folder.glob("*") if p.suffix in {".txt", ".md"}) if folder.is_dir() else []
        if found:
            return found[0]
    raise SystemExit("no manuscript given and no seeds found")


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run; a failing command stops the measurement."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        problem = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed: {problem}")
    return wall, usage.ru_utime + usage.ru_stime


def rows(manuscript: Path, work: Path, bb: list[str]) -> dict[str, list[str]]:
    source = work / manuscript.name
    shutil.copy(manuscript, source)
    found = {
        "python -c pass (the floor)": [sys.executable, "-c", "pass"],
        "bookbinder --version": [*bb, "--version"],
        "bookbinder inspect": [*bb, "inspect", source.name],
        "bookbinder -> EPUB": [*bb, "build", "-q", "-f", "epub", "-o", "bb", source.name],
        "bookbinder -> PDF": [*bb, "build", "-q", "-f", "pdf", "-o", "bb", source.name],
        "bookbinder -> EPUB + PDF": [*bb, "build", "-q", "-o", "bb", source.name],
    }
    if shutil.which("pandoc"):
        found["pandoc -> EPUB"] = ["pandoc", "-f", "commonmark", source.name, "-o", "p.epub"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manuscript", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--command", default=None, help="how to run bookbinder (default: the venv's script)")
    args = parser.parse_args()
    manuscript = (args.manuscript or first_seed()).resolve()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        commands = rows(manuscript, work, args.command.split() if args.command else BOOKBINDER)
        os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
        # An installed package has its bytecode compiled (pip does it); measure that, not a recompile
        # of every module on every start that PYTHONDONTWRITEBYTECODE=1 would cause.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        for command in commands.values():  # warm the page cache and .pyc files
            timed(command, work)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                wall, cpu = timed(command, work)
                walls[name].append(wall)
                cpus[name].append(cpu)
    size = manuscript.stat().st_size
    print(f"{manuscript.name} ({size / 1024:.0f} KB), median of {args.runs}, load {os.getloadavg()[0]:.1f}\n")
    print("| run | wall s | CPU s |")
    print("|---|---:|---:|")
    for name in commands:
        print(f"| {name} | {statistics.median(walls[name]):.3f} | {statistics.median(cpus[name]):.3f} |")


if __name__ == "__main__":
    main()
