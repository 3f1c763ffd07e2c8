"""Run epubcheck 5 on EPUB files, print a table, exit non-zero on any fatal, error or warning.

Usage: python -m scripts.epubcheck_all build/*.epub   (``make check``)

The driver itself is ``bookbinder.check.epubcheck`` (``bookbinder check`` uses it too).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bookbinder.check.epubcheck import CheckResult, check

__all__ = ["CheckResult", "check", "main"]


def main(argv: list[str]) -> int:
    """Check every path given; 0 when all are clean."""
    if not argv:
        print("usage: epubcheck_all.py FILE.epub...", file=sys.stderr)
        return 2
    width = max(len(arg) for arg in argv)
    print(f"{'file':{width}}  fatal  error  warning", flush=True)
    results = []
    for arg in argv:  # one JVM per book (about 10 s): print each row as it comes
        r = check(Path(arg))
        results.append(r)
        print(f"{arg:{width}}  {r.fatals:5}  {r.errors:5}  {r.warnings:7}", flush=True)
        for line in r.messages:
            print(f"    {line}", flush=True)
    bad = [r for r in results if not r.clean]
    print(f"{len(results) - len(bad)}/{len(results)} clean")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
