"""What the CLI prints: the inspect table and the build progress and summary."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import BuildOptions


def inspect_table(data: dict[str, Any]) -> str:
    """A short human table of an inspect dict."""
    rows = [
        ("title", data["title"]),
        ("authors", ", ".join(data["authors"]) or "-"),
        ("language", data["language"]),
        ("encoding", data["encoding"]),
        ("paragraphs", data["mode"]),
        ("words", f"{data['words']:,}"),
        ("chapters", str(len(data["chapters"]))),
    ]
    lines = [f"{k:<11} {v}" + (f"  [{data['sources'][k]}]" if k in data["sources"] else "") for k, v in rows]
    lines.append("")
    lines.append(f"{'#':>4}  {'words':>7}  {'breaks':>6}  title")
    for i, ch in enumerate(data["chapters"], 1):
        label = ch["label"] if not ch["part"] else f"{ch['part']} / {ch['label']}"
        lines.append(f"{i:>4}  {ch['words']:>7,}  {ch['scene_breaks']:>6}  {label}")
    return "\n".join(lines)


def run_build(sources: Sequence[Path], options: BuildOptions, jobs: int, *,
              quiet: bool = False, verbose: bool = False) -> int:
    """Build all sources, printing one line per book and a summary; returns the failure count."""
    from .api import iter_build

    start = time.perf_counter()
    built = failed = 0
    for result in iter_build(sources, options, jobs):
        if result.ok:
            built += 1
            if not quiet:
                names = ", ".join(str(p) for p in result.outputs)
                print(f"built {result.source} -> {names}", flush=True)
        else:
            failed += 1
            print(f"error: {result.error}", file=sys.stderr, flush=True)
        if verbose or not result.ok:
            for warning in result.warnings:
                print(f"warning: {warning}", file=sys.stderr)
    elapsed = time.perf_counter() - start
    print(f"{built} built, {failed} failed in {elapsed:.1f} s", file=sys.stderr)
    return failed
