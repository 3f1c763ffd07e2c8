#!/usr/bin/env python3
"""Measure peak memory (RSS) of reading and building a large manuscript.

Generates a manuscript of the requested size deterministically (a seeded generator over an
invented vocabulary: chapters, dialogue, emphasis, scene breaks), then runs each stage in a fresh
interpreter and reads that child's peak RSS from ``getrusage``. Prints a Markdown table for the
README. Usage::

    .venv/bin/python scripts/measure_memory.py --size-mb 50            # read, epub, pdf
    .venv/bin/python scripts/measure_memory.py --size-mb 5 --stages read,epub --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 20240607
SYLLABLES = ("an", "bel", "cor", "da", "el", "fen", "gar", "hal", "is", "jor", "ka", "lun", "mar",
             "nor", "os", "pel", "qua", "ren", "sil", "tor", "ul", "ven", "wyn", "xa", "yor", "zel")
STAGES = ("baseline", "read", "epub", "pdf")

# Each stage runs in its own interpreter so one stage's peak never hides another's.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
stage, source, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
from bookbinder import api
start = time.perf_counter()
if stage == "read":
    reading = api.read(source)
    detail = f"{len(reading.manuscript.chapters)} chapters"
elif stage in ("epub", "pdf"):
    written = api.build(source, api.BuildOptions(formats=(stage,), out_dir=out))
    detail = f"{written[0].stat().st_size / 1e6:.1f} MB {stage}"
else:
    detail = "python + import bookbinder"
seconds = time.perf_counter() - start
# VmHWM is this process image's own peak; ru_maxrss is not: Linux carries the parent's peak
# over fork and exec, so a child of a big test worker would report the worker's size.
try:
    status = Path("/proc/self/status").read_text()
    peak_kb = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")))
except (OSError, StopIteration):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss   # Linux: kilobytes
print(json.dumps({"stage": stage, "peak_mb": peak_kb / 1024, "seconds": seconds, "detail": detail}))
"""


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    """Invented words of 1-4 syllables (no real text is copied)."""
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(size)]


def sentence(rng: random.Random, words: list[str]) -> str:
    """One sentence, sometimes with emphasis, a comma or dialogue."""
    chosen = [rng.choice(words) for _ in range(rng.randint(4, 18))]
    if rng.random() < 0.1:
        i = rng.randrange(len(chosen))
        chosen[i] = f"*{chosen[i]}*"
    if rng.random() < 0.3:
        chosen[rng.randrange(len(chosen))] += ","
    text = " ".join(chosen)
    text = text[0].upper() + text[1:] + rng.choice(".!?..")
    return f'"{text}" {rng.choice(words)} said.' if rng.random() < 0.2 else text


def generate(path: Path, megabytes: float, seed: int = SEED) -> Path:
    """Write a manuscript of about ``megabytes`` MB to ``path``; the same arguments give the same bytes."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    target = int(megabytes * 1_000_000)
    written = 0
    chapter = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("---\ntitle: Measured Book\nauthor: Bookbinder Benchmark\n---\n\n")
        while written < target:
            chapter += 1
            parts = [f"Chapter {chapter}\n\n"]
            for _ in range(rng.randint(30, 70)):
                if rng.random() < 0.03:
                    parts.append("* * *\n\n")
                parts.append(" ".join(sentence(rng, words) for _ in range(rng.randint(2, 8))) + "\n\n")
            chunk = "".join(parts)
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
    return path


def measure(stage: str, source: Path, out: Path) -> dict[str, object]:
    """Run one stage in a fresh interpreter; its peak RSS, time and a detail line."""
    proc = subprocess.run([sys.executable, "-c", CHILD, stage, str(source), str(out)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"stage": stage, "peak_mb": float("nan"), "seconds": float("nan"), "detail": f"failed: {last}"}
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def table(size_mb: float, rows: list[dict[str, object]]) -> str:
    """The Markdown table the README quotes."""
    lines = [f"Manuscript: {size_mb:g} MB generated text (scripts/measure_memory.py, seed {SEED}); "
             f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}.", "",
             "| stage | peak RSS (MB) | time (s) | RSS / input | result |",
             "|---|---:|---:|---:|---|"]
    for row in rows:
        peak, secs = float(row["peak_mb"]), float(row["seconds"])  # type: ignore[arg-type]
        ratio = peak / size_mb
        lines.append(f"| {row['stage']} | {peak:.0f} | {secs:.1f} | {ratio:.1f}x | {row['detail']} |")
    return "\n".join(lines)


def main() -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--keep", type=Path, help="write the manuscript and books here and keep them")
    parser.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    args = parser.parse_args()
    stages = [s for s in args.stages.split(",") if s]
    unknown = set(stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(sorted(unknown))}; choose from {', '.join(STAGES)}")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        source = generate(work / "measured.txt", args.size_mb)
        print(f"generated {source.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
        rows = [measure(stage, source, work / "out") for stage in stages]
    print(json.dumps(rows, indent=1) if args.json else table(args.size_mb, rows))
    return 0 if all(not str(r["detail"]).startswith("failed") for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
