"""What a check finds: one ``Finding`` per problem (or skipped tool), a ``Report`` per book."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


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
