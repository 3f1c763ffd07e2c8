"""The end-of-batch summary: counts, and failures grouped by reason so a 10,000-book run stays readable."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bookbinder.pipeline import BookResult

MAX_REASONS = 12  # distinct reasons listed; the rest are counted as "other"
_LINE = re.compile(r"^\d+: ")  # `file:12: reason` -> reason
_DETAIL = re.compile(r" \(.*$|[;:].*$")  # `corrupt image (…)`, `internal error (…)` -> the kind


def reason_of(result: BookResult) -> str:
    """The kind of failure, without the file name, line number or details (the group's name)."""
    text = result.error or ""
    prefix = f"{result.source}: "
    text = text[len(prefix) :] if text.startswith(prefix) else text
    text = _LINE.sub("", text)
    return _DETAIL.sub("", text).strip() or "failed"


@dataclass(slots=True)
class Summary:
    """Counts of a batch's books, as results arrive (bounded memory: counters only)."""

    built: int = 0
    skipped: int = 0
    failed: int = 0
    interrupted: bool = False
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, result: BookResult) -> None:
        if result.skipped:
            self.skipped += 1
        elif result.ok:
            self.built += 1
        else:
            self.failed += 1
            reason = reason_of(result)
            if reason not in self.reasons and len(self.reasons) >= MAX_REASONS:
                reason = "other"
            self.reasons[reason] += 1

    def lines(self, seconds: float) -> list[str]:
        """One line per failure reason (when more than one book failed), then the totals line, last."""
        head = f"{self.built} built, {self.failed} failed"
        if self.skipped:
            head += f", {self.skipped} up to date"
        if self.interrupted:
            head += ", interrupted before the end"
        found = []
        if self.failed > 1:
            found.append("failures by reason:")
            found += [f"  {count:>6} {reason}" for reason, count in self.reasons.most_common()]
        return [*found, f"{head} in {seconds:.1f} s"]
